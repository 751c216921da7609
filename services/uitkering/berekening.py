"""A month's bijstand from the facts as known, component by component with its article. Pure.

recht = norm − inkomen (art. 19 lid 1-2), per kalendermaand (art. 45 lid 1). The norm follows the
household on each day of the month: a birthday (18, 21, 27 for a medebewoner, AOW age), a household
change or the ingangsdatum splits the month into parts, each weighed by its days. Income from work is
counted net minus the vrijlating of art. 31 lid 2. Everything stays exact until the bijstand is rounded
half-up to cents, once, at the end; the vakantietoeslag share (art. 19 lid 3) is reserved from that.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from libs.events.bedragen import centen
from libs.events.contracts.uitkering import Berekening, Huishouden, Leefvorm, Onderdeel
from libs.events.errors import DomainError

from . import normen, vrijlatingen
from .normen import leeftijd
from .vermogen import splits_vakantietoeslag

# Named in every decision: the code's rules (normen, kostendelers, vrijlatingen, vermogen, VT) as one version.
REGELSET = "participatiewet-2026.3"


# The onderdelen that are the klant's own income in a month (what verrekening counts besides the bijstand).
INKOMEN_ARBEID = "art. 32"
INKOMEN_OVERIG = "art. 31 lid 1"


@dataclass(frozen=True)
class Geboortedata:
    """The birth dates of the household (decrypted from the event's `persoonlijk`)."""

    aanvrager: date
    partner: date | None
    medebewoners: tuple[date, ...]


@dataclass(frozen=True)
class Huishoudfeit:
    """The household from `per` on; `geboortedata` is None once the klant's key is erased."""

    per: date
    huishouden: Huishouden
    geboortedata: Geboortedata | None


@dataclass(frozen=True)
class Werkinkomen:
    """Net income from work in a month (all employers together), and the LKS situation; the partner's apart,
    because each earner has their own vrijlating (art. 31 lid 2)."""

    netto: Decimal
    eerste_werkmaand: date | None  # first month with income from work in this uitkering
    lks_doelgroep: bool
    partner_netto: Decimal = Decimal(0)
    partner_eerste_werkmaand: date | None = None


@dataclass(frozen=True)
class Verlaging:
    """A maatregel's or the taaleis's share of the month's norm that is not paid."""

    artikel: str
    omschrijving: str
    percentage: Decimal


class GegevensGewist(DomainError):
    """The household's birth dates were erased (crypto-shredding): the month cannot be recomputed."""

    status = 410
    title = "Gegevens gewist"


def eerste_dag(dag: date) -> date:
    """The first day of `dag`'s month."""
    return dag.replace(day=1)


def laatste_dag(periode: date) -> date:
    """The last day of the month starting at `periode`."""
    return periode.replace(day=calendar.monthrange(periode.year, periode.month)[1])


def volgende_maand(periode: date) -> date:
    """The first day of the month after `periode`'s."""
    return (periode.replace(day=28) + timedelta(days=4)).replace(day=1)


def maanden(van: date, tot: date) -> list[date]:
    """The first day of every month from `van`'s through `tot`'s."""
    uit, maand = [], eerste_dag(van)
    while maand <= tot:
        uit.append(maand)
        maand = volgende_maand(maand)
    return uit


def _norm_huishouden(feit: Huishoudfeit) -> normen.Huishouden:
    if feit.geboortedata is None:
        raise GegevensGewist("de geboortedata van dit huishouden zijn gewist; herberekenen kan niet meer")
    h, g = feit.huishouden, feit.geboortedata
    medebewoners = tuple(
        normen.Medebewoner(geboren, normen.Status(m.status.value), m.familie_eerste_of_tweede_graad)
        for m, geboren in zip(h.medebewoners, g.medebewoners, strict=True)
    )
    return normen.Huishouden(
        geboortedatum=g.aanvrager,
        partner_geboortedatum=g.partner if h.leefvorm is Leefvorm.GEHUWD else None,
        partner_heeft_recht=h.partner_heeft_recht,
        kinderen=h.kinderen > 0,
        medebewoners=medebewoners,
        aangetoond=h.aangetoond,
        ouders_onderhoud_ontbreekt=h.ouders_onderhoud_ontbreekt,
        inrichting=h.inrichting,
        inrichting_verhoging=h.inrichting_verhoging,
    )


def huishouden_op(feiten: Sequence[Huishoudfeit], dag: date) -> Huishoudfeit:
    """The household in force on `dag` (the latest `per` on or before it, else the first)."""
    geldig = [f for f in feiten if f.per <= dag]
    return max(geldig, key=lambda f: f.per) if geldig else min(feiten, key=lambda f: f.per)


def _wendingen(feiten: Sequence[Huishoudfeit], van: date, tot: date) -> list[date]:
    """Days in [van, tot] where the norm can change: household changes and birthdays that matter."""
    dagen = {van}
    for feit in feiten:
        if van < feit.per <= tot:
            dagen.add(feit.per)
        if feit.geboortedata is None:
            continue
        geboren = [feit.geboortedata.aanvrager, *feit.geboortedata.medebewoners]
        if feit.geboortedata.partner is not None:
            geboren.append(feit.geboortedata.partner)
        for datum in geboren:
            for jaren in (18, 21, normen.KOSTENDELER_VANAF):
                if van.year <= datum.year + jaren <= tot.year:
                    verjaardag = _verjaardag(datum, datum.year + jaren)
                    if van < verjaardag <= tot:
                        dagen.add(verjaardag)
            for vanaf, aow_leeftijd in normen.AOW_LEEFTIJD:
                if van.year - 1 <= datum.year + aow_leeftijd.years <= tot.year:  # only near the AOW age
                    aow = datum + aow_leeftijd
                    if van < aow <= tot and aow >= vanaf:
                        dagen.add(aow)
    return sorted(dagen)


def _verjaardag(geboren: date, jaar: int) -> date:
    """The birthday in `jaar`; born on 29 February, the age is reached on 1 March in other years (as `_leeftijd`)."""
    try:
        return geboren.replace(year=jaar)
    except ValueError:
        return date(jaar, 3, 1)


def _fmt(dag: date) -> str:
    return f"{dag.day}-{dag.month}-{dag.year}"


def bereken(
    periode: date,
    *,
    feiten: Sequence[Huishoudfeit],
    ingangsdatum: date,
    einde: date | None,
    werk: Werkinkomen,
    verlagingen: Sequence[Verlaging] = (),
) -> Berekening:
    """The bijstand of the month starting at `periode`, explained (zero outside the days with right)."""
    maand_einde = laatste_dag(periode)
    van = max(periode, ingangsdatum)
    tot = min(maand_einde, einde) if einde is not None else maand_einde
    dagen_in_maand = Decimal(maand_einde.day)
    onderdelen: list[Onderdeel] = []
    norm = Decimal(0)
    dagen_recht = 0
    voorlopig = van <= tot and normen.voorlopig(tot)
    if van <= tot:
        wendingen = _wendingen(feiten, van, tot)
        for i, start in enumerate(wendingen):
            eind = wendingen[i + 1] - timedelta(days=1) if i + 1 < len(wendingen) else tot
            dagen = (eind - start).days + 1
            dagen_recht += dagen
            deel = normen.bepaal_norm(_norm_huishouden(huishouden_op(feiten, start)), start)
            geheel = start == periode and eind == maand_einde
            for stuk in deel:
                bedrag = stuk.bedrag if geheel else stuk.bedrag * dagen / dagen_in_maand
                omschrijving = (
                    stuk.omschrijving
                    if geheel
                    else (
                        f"{stuk.omschrijving}, {_fmt(start)} t/m {_fmt(eind)}: {stuk.bedrag} x {dagen}/{dagen_in_maand}"
                    )
                )
                onderdelen.append(Onderdeel(artikel=stuk.artikel, omschrijving=omschrijving, bedrag=bedrag))
                norm += bedrag
    feit = huishouden_op(feiten, van if van <= tot else periode)
    h = feit.huishouden
    invoer: dict[str, str] = {
        "leefvorm": h.leefvorm.value,
        "kinderen": str(h.kinderen),
        "medebewoners": ", ".join(m.status.value for m in h.medebewoners) or "geen",
        "huishouden aangetoond": "ja" if h.aangetoond else "nee",
        "dagen met recht": f"{dagen_recht} van {maand_einde.day}",
        "netto inkomen uit arbeid": str(werk.netto),
        "overig inkomen": str(h.overig_inkomen_per_maand),
    }
    if feit.geboortedata is not None:
        invoer["leeftijd"] = str(leeftijd(feit.geboortedata.aanvrager, van))
        if h.leefvorm is Leefvorm.GEHUWD and feit.geboortedata.partner is not None:
            invoer["leeftijd partner"] = str(leeftijd(feit.geboortedata.partner, van))
    inkomen = Decimal(0)
    if dagen_recht and werk.netto > 0:
        werkmaand = ("werkmaand", _werkmaand(werk.eerste_werkmaand, periode))
        vrij = _vrijlating(feit, werk, periode, van)
        geteld, later = _arbeid(onderdelen, invoer, werk.netto, "netto inkomen uit arbeid", vrij, werkmaand, van)
        inkomen, voorlopig = inkomen + geteld, voorlopig or later
    met_partner = h.leefvorm is Leefvorm.GEHUWD and (feit.geboortedata is None or feit.geboortedata.partner)
    if werk.partner_netto > 0 and not met_partner:
        invoer["netto inkomen uit arbeid partner"] = f"{werk.partner_netto} (niet meegeteld: geen partner)"
    if dagen_recht and werk.partner_netto > 0 and met_partner:
        invoer["netto inkomen uit arbeid partner"] = str(werk.partner_netto)
        werkmaand = ("werkmaand partner", _werkmaand(werk.partner_eerste_werkmaand, periode))
        vrij = _vrijlating_partner(feit, werk, periode, van)
        omschrijving = "netto inkomen uit arbeid van de partner"
        geteld, later = _arbeid(onderdelen, invoer, werk.partner_netto, omschrijving, vrij, werkmaand, van)
        inkomen, voorlopig = inkomen + geteld, voorlopig or later
    if dagen_recht and h.overig_inkomen_per_maand > 0:
        overig = h.overig_inkomen_per_maand
        onderdelen.append(Onderdeel(artikel=INKOMEN_OVERIG, omschrijving="overig inkomen", bedrag=-overig))
        inkomen += overig
    verlaagd = Decimal(0)
    for verlaging in verlagingen if dagen_recht else ():
        bedrag = norm * verlaging.percentage
        onderdelen.append(Onderdeel(artikel=verlaging.artikel, omschrijving=verlaging.omschrijving, bedrag=-bedrag))
        verlaagd += bedrag
    bijstand = centen(max(Decimal(0), norm - inkomen - verlaagd))
    maand = splits_vakantietoeslag(bijstand, periode)
    return Berekening(
        periode=periode,
        regelset=REGELSET,
        invoer=invoer,
        onderdelen=onderdelen,
        norm=norm,
        inkomen=inkomen,
        bijstand=bijstand,
        vakantietoeslag=maand.vakantietoeslag,
        uit_te_betalen=maand.uit_te_betalen,
        voorlopig=voorlopig,
    )


def tabelstand() -> str:
    """Which tables the platform carries (the last norm and vrijlating table dates): a new release changes it."""
    normtabel = max(t.geldig_vanaf for t in normen.NORMEN)
    vrijlatingtabel = max(t.geldig_vanaf for t in vrijlatingen.VRIJLATINGEN)
    return f"normen {normtabel.isoformat()}, vrijlatingen {vrijlatingtabel.isoformat()}"


def eigen_inkomen(maand: Berekening) -> Decimal:
    """The klant's own net income in the month as the calculation used it, before any vrijlating."""
    return sum((-o.bedrag for o in maand.onderdelen if o.artikel in (INKOMEN_ARBEID, INKOMEN_OVERIG)), Decimal(0))


def _arbeid(
    onderdelen: list[Onderdeel],
    invoer: dict[str, str],
    netto: Decimal,
    omschrijving: str,
    vrij: normen.Normonderdeel | None,
    werkmaand: tuple[str, int],
    dag: date,
) -> tuple[Decimal, bool]:
    """One earner's net income from work and its vrijlating: what counts, and whether the cap was voorlopig."""
    onderdelen.append(Onderdeel(artikel=INKOMEN_ARBEID, omschrijving=omschrijving, bedrag=-netto))
    if vrij is None:
        return netto, False
    invoer[werkmaand[0]] = str(werkmaand[1])
    onderdelen.append(Onderdeel(artikel=vrij.artikel, omschrijving=vrij.omschrijving, bedrag=vrij.bedrag))
    return netto - vrij.bedrag, vrijlatingen.voorlopig(dag)


def _werkmaand(eerste_werkmaand: date | None, periode: date) -> int:
    eerste = eerste_werkmaand or periode
    return (periode.year - eerste.year) * 12 + periode.month - eerste.month + 1


def _vrijlating(feit: Huishoudfeit, werk: Werkinkomen, periode: date, dag: date) -> normen.Normonderdeel | None:
    g = feit.geboortedata
    if g is None:
        raise GegevensGewist("de geboortedata van dit huishouden zijn gewist; herberekenen kan niet meer")
    h = feit.huishouden
    situatie = vrijlatingen.Werksituatie(
        werkmaand=_werkmaand(werk.eerste_werkmaand, periode),
        leeftijd=leeftijd(g.aanvrager, dag),
        aow_leeftijd=normen.aow_leeftijd_bereikt(g.aanvrager, dag),
        alleenstaande_ouder_kind_onder_12=h.leefvorm is Leefvorm.ALLEENSTAANDE_OUDER and h.kind_onder_12,
        medisch_urenbeperkt=h.medisch_urenbeperkt,
        lks_doelgroep=werk.lks_doelgroep,
    )
    return vrijlatingen.vrijlating(werk.netto, situatie, periode)


def _vrijlating_partner(feit: Huishoudfeit, werk: Werkinkomen, periode: date, dag: date) -> normen.Normonderdeel | None:
    """The partner's own vrijlating: n by the partner's age and werkmaand (r, y and z are the aanvrager's)."""
    g = feit.geboortedata
    if g is None:
        raise GegevensGewist("de geboortedata van dit huishouden zijn gewist; herberekenen kan niet meer")
    assert g.partner is not None  # the caller counts partner income only in a month with a partner
    situatie = vrijlatingen.Werksituatie(
        werkmaand=_werkmaand(werk.partner_eerste_werkmaand, periode),
        leeftijd=leeftijd(g.partner, dag),
        aow_leeftijd=normen.aow_leeftijd_bereikt(g.partner, dag),
    )
    vrij = vrijlatingen.vrijlating(werk.partner_netto, situatie, periode)
    if vrij is None:
        return None
    return normen.Normonderdeel(vrij.artikel, f"partner: {vrij.omschrijving}", vrij.bedrag)
