"""Bijstandsnormen as versioned data with their articles, and the kostendelersnorm (Participatiewet art. 20-22a). Pure.

Amounts are per month including vakantietoeslag, exactly as the law prints them per `geldig_vanaf`
(shared/reference/participatiewet.md §1.2): nothing is derived by percentage where the law prints an
amount. Only the kostendelersnorm is a formula, because the law gives one (art. 22a lid 1):
((40% + A x 30%) / A) x B, with A the kostendelers including the belanghebbende (and a partner of 21 or
older) and B the gehuwdennorm that applies; A = 1 means art. 22a does not apply at all. Exact decimals,
half-up to cents at the end only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from libs import aow
from libs.events.errors import DomainError


class Categorie(StrEnum):
    """A norm category, named by the article that prints its amount."""

    ALLEENSTAANDE_21 = "art. 21 onder a"  # alleenstaande of alleenstaande ouder, 21 tot AOW-leeftijd
    GEHUWDEN_21 = "art. 21 onder b"  # gehuwden, beiden 21 tot AOW-leeftijd
    ALLEENSTAANDE_AOW = "art. 22 onder a"
    GEHUWDEN_AOW = "art. 22 onder b en c"  # beiden, of een van beiden, de AOW-leeftijd bereikt
    JONG_ALLEENSTAANDE = "art. 20 lid 1 onder a"  # 18-20, geen kinderen
    JONG_GEHUWDEN = "art. 20 lid 1 onder b"  # beiden 18-20, geen kinderen
    JONG_EN_21_GEHUWDEN = "art. 20 lid 1 onder c"  # een 18-20, een 21+, geen kinderen, geen kostendelers
    JONG_ALLEENSTAANDE_OUDER = "art. 20 lid 2 onder a"
    JONG_GEHUWDEN_KINDEREN = "art. 20 lid 2 onder b"
    JONG_EN_21_GEHUWDEN_KINDEREN = "art. 20 lid 2 onder c"
    KOSTENDELER_PARTNER_JONG = "art. 22a lid 3"  # added to the 21+ partner's kostendelersnorm, no children
    KOSTENDELER_PARTNER_JONG_KINDEREN = "art. 22a lid 3 (met kinderen)"
    VERHOGING_JONG = "art. 20 lid 3"  # added for an alleenstaande (ouder) of 18-20 without parents' support
    INRICHTING_ALLEENSTAANDE = "art. 23 lid 1 onder a"
    INRICHTING_GEHUWDEN = "art. 23 lid 1 onder b"
    INRICHTING_VERHOGING_ALLEENSTAANDE = "art. 23 lid 2 onder a"  # added to 23.1.a
    INRICHTING_VERHOGING_GEHUWDEN = "art. 23 lid 2 onder b"  # added to 23.1.b


@dataclass(frozen=True)
class Normtabel:
    """The norms the law prints for one date; a category it does not print for that date is absent."""

    geldig_vanaf: date
    normen: dict[Categorie, Decimal]
    bron: str


def _tabel(geldig_vanaf: date, bron: str, **bedragen: str) -> Normtabel:
    return Normtabel(geldig_vanaf, {Categorie[k]: Decimal(v) for k, v in bedragen.items()}, bron)


# shared/reference/participatiewet.md §1.2: every category the law prints, for every date from 1-1-2024 to 1-7-2026.
NORMEN: tuple[Normtabel, ...] = (
    _tabel(
        date(2024, 1, 1),
        "Participatiewet 2024-01-01",
        ALLEENSTAANDE_21="1283.83",
        GEHUWDEN_21="1834.04",
        ALLEENSTAANDE_AOW="1425.76",
        GEHUWDEN_AOW="1932.32",
        JONG_ALLEENSTAANDE="316.94",
        JONG_GEHUWDEN="633.88",
        JONG_EN_21_GEHUWDEN="1233.96",
        JONG_ALLEENSTAANDE_OUDER="316.94",
        JONG_GEHUWDEN_KINDEREN="1000.69",
        JONG_EN_21_GEHUWDEN_KINDEREN="1600.77",
        KOSTENDELER_PARTNER_JONG_KINDEREN="683.75",
        KOSTENDELER_PARTNER_JONG="316.94",
        INRICHTING_ALLEENSTAANDE="406.51",
        INRICHTING_GEHUWDEN="632.31",
        INRICHTING_VERHOGING_ALLEENSTAANDE="42.00",
        INRICHTING_VERHOGING_GEHUWDEN="95.00",
    ),
    _tabel(
        date(2024, 7, 1),
        "Participatiewet 2024-07-01",
        ALLEENSTAANDE_21="1308.45",
        GEHUWDEN_21="1869.21",
        ALLEENSTAANDE_AOW="1456.85",
        GEHUWDEN_AOW="1976.64",
        JONG_ALLEENSTAANDE="323.03",
        JONG_GEHUWDEN="646.06",
        JONG_EN_21_GEHUWDEN="1257.64",
        JONG_ALLEENSTAANDE_OUDER="323.03",
        JONG_GEHUWDEN_KINDEREN="1019.90",
        JONG_EN_21_GEHUWDEN_KINDEREN="1631.48",
        KOSTENDELER_PARTNER_JONG_KINDEREN="696.87",
        KOSTENDELER_PARTNER_JONG="323.03",
        INRICHTING_ALLEENSTAANDE="414.31",
        INRICHTING_GEHUWDEN="644.45",
        INRICHTING_VERHOGING_ALLEENSTAANDE="42.00",
        INRICHTING_VERHOGING_GEHUWDEN="95.00",
    ),
    _tabel(
        date(2025, 1, 1),
        "Participatiewet 2025-01-01",
        ALLEENSTAANDE_21="1345.45",
        GEHUWDEN_21="1922.07",
        ALLEENSTAANDE_AOW="1501.07",
        GEHUWDEN_AOW="2053.48",
        JONG_ALLEENSTAANDE="332.17",
        JONG_GEHUWDEN="664.34",
        JONG_EN_21_GEHUWDEN="1293.21",
        JONG_ALLEENSTAANDE_OUDER="332.17",
        JONG_GEHUWDEN_KINDEREN="1048.75",
        JONG_EN_21_GEHUWDEN_KINDEREN="1677.62",
        KOSTENDELER_PARTNER_JONG_KINDEREN="716.58",
        KOSTENDELER_PARTNER_JONG="332.17",
        INRICHTING_ALLEENSTAANDE="426.03",
        INRICHTING_GEHUWDEN="662.69",
        INRICHTING_VERHOGING_ALLEENSTAANDE="45.00",
        INRICHTING_VERHOGING_GEHUWDEN="101.00",
    ),
    _tabel(
        date(2025, 7, 1),
        "Participatiewet 2025-07-01",
        ALLEENSTAANDE_21="1369.06",
        GEHUWDEN_21="1955.80",
        ALLEENSTAANDE_AOW="1530.21",
        GEHUWDEN_AOW="2094.98",
        JONG_ALLEENSTAANDE="337.98",
        JONG_GEHUWDEN="675.96",
        JONG_EN_21_GEHUWDEN="1315.88",
        JONG_ALLEENSTAANDE_OUDER="337.98",
        JONG_GEHUWDEN_KINDEREN="1067.12",
        JONG_EN_21_GEHUWDEN_KINDEREN="1707.04",
        KOSTENDELER_PARTNER_JONG_KINDEREN="729.14",
        KOSTENDELER_PARTNER_JONG="337.98",
        INRICHTING_ALLEENSTAANDE="433.49",
        INRICHTING_GEHUWDEN="674.29",
        INRICHTING_VERHOGING_ALLEENSTAANDE="45.00",
        INRICHTING_VERHOGING_GEHUWDEN="101.00",
    ),
    _tabel(
        date(2026, 1, 1),
        "Participatiewet 2026-01-01",
        ALLEENSTAANDE_21="1401.50",
        GEHUWDEN_21="2002.13",
        ALLEENSTAANDE_AOW="1564.69",
        GEHUWDEN_AOW="2144.16",
        JONG_ALLEENSTAANDE="345.99",
        JONG_GEHUWDEN="691.98",
        JONG_EN_21_GEHUWDEN="1347.06",
        JONG_ALLEENSTAANDE_OUDER="345.99",
        JONG_GEHUWDEN_KINDEREN="1092.41",
        JONG_EN_21_GEHUWDEN_KINDEREN="1747.49",
        KOSTENDELER_PARTNER_JONG="345.99",
        KOSTENDELER_PARTNER_JONG_KINDEREN="746.42",
        VERHOGING_JONG="746.45",
        INRICHTING_ALLEENSTAANDE="443.76",
        INRICHTING_GEHUWDEN="690.27",
        INRICHTING_VERHOGING_ALLEENSTAANDE="47.00",
        INRICHTING_VERHOGING_GEHUWDEN="106.00",
    ),
    _tabel(
        date(2026, 7, 1),
        "Participatiewet 2026-07-01 (wettekst; nog niet door een gemeentelijke tabel bevestigd)",
        ALLEENSTAANDE_21="1419.46",
        GEHUWDEN_21="2027.79",
        ALLEENSTAANDE_AOW="1587.34",
        GEHUWDEN_AOW="2176.10",
        JONG_ALLEENSTAANDE="350.42",
        JONG_GEHUWDEN="700.84",
        JONG_EN_21_GEHUWDEN="1364.32",
        JONG_ALLEENSTAANDE_OUDER="350.42",
        JONG_GEHUWDEN_KINDEREN="1106.40",
        JONG_EN_21_GEHUWDEN_KINDEREN="1769.88",
        KOSTENDELER_PARTNER_JONG_KINDEREN="755.98",
        KOSTENDELER_PARTNER_JONG="350.42",
        VERHOGING_JONG="762.24",
        INRICHTING_ALLEENSTAANDE="449.44",
        INRICHTING_GEHUWDEN="699.11",
        INRICHTING_VERHOGING_ALLEENSTAANDE="47.00",
        INRICHTING_VERHOGING_GEHUWDEN="106.00",
    ),
)


class GeenNorm(DomainError):
    """The law prints no norm of this category for this date (in the tables this platform carries)."""

    status = 422
    title = "Geen norm voor deze datum"


def norm(categorie: Categorie, dag: date, tabellen: tuple[Normtabel, ...] | None = None) -> Decimal:
    """The printed norm of `categorie` in force on `dag` (in `tabellen`, default the tables carried)."""
    tabellen = tabellen or NORMEN
    geldig = [t for t in tabellen if t.geldig_vanaf <= dag]
    if not geldig:
        raise GeenNorm(f"geen normen voor {dag.isoformat()} (bekend vanaf {tabellen[0].geldig_vanaf.isoformat()})")
    tabel = max(geldig, key=lambda t: t.geldig_vanaf)
    if categorie not in tabel.normen:
        raise GeenNorm(f"{categorie.value}: geen bedrag per {tabel.geldig_vanaf.isoformat()} in de tabellen")
    return tabel.normen[categorie]


# The norms are set per 1 January and 1 July (art. 38); a date six months after the last table is voorlopig.
def grens(geldig_vanaf: date) -> date:
    """Six months after a table's date: where its period ends (plain date arithmetic: it runs per month paid)."""
    maand = geldig_vanaf.month + 5
    return date(geldig_vanaf.year + maand // 12, maand % 12 + 1, 1)


def voorlopig(dag: date) -> bool:
    """Whether `dag` lies past the period of the last table carried (its norm is then that table's, voorlopig)."""
    return dag >= grens(max(t.geldig_vanaf for t in NORMEN))


# AOW art. 7a: 67 years for 2024-2027, 67 years and 3 months from 2028 (a dated parameter, reference §1.1; libs/aow.py).
AOW_LEEFTIJD = aow.AOW_LEEFTIJD


def aow_leeftijd_bereikt(geboortedatum: date, dag: date) -> bool:
    """Whether someone born on `geboortedatum` has reached the AOW age on `dag` (the norm changes that day)."""
    bekend = [(d, leeftijd) for d, leeftijd in AOW_LEEFTIJD if d <= dag]
    if not bekend:  # a refusal by name, not a crash: the tables start in 2024
        raise GeenNorm(f"geen AOW-leeftijd voor {dag.isoformat()} in de tabellen (AOW art. 7a)")
    return dag >= geboortedatum + max(bekend)[1]


def _centen(bedrag: Decimal) -> Decimal:
    return bedrag.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def kostendelersnorm(kostendelers: int, gehuwdennorm: Decimal) -> Decimal:
    """Art. 22a lid 1: the norm per belanghebbende with A kostendelers (A counts the belanghebbende itself).

    A = 1 is no kostendelersnorm: art. 22a does not apply and the caller uses art. 21 a / 22 a, as printed.
    """
    if kostendelers < 2:
        raise ValueError("art. 22a geldt vanaf twee kostendelers; bij A = 1 geldt de norm van art. 21 of 22")
    a = Decimal(kostendelers)
    return _centen((Decimal("0.40") + a * Decimal("0.30")) / a * gehuwdennorm)


class Status(StrEnum):
    """Who a medebewoner is to the household (art. 19a: who counts as kostendeler)."""

    FAMILIE = "familie"  # a relative or anyone else sharing the home: a kostendeler from 27
    COMMERCIEEL = "commercieel"  # renter, landlord or kostganger on commercial terms, with contract and payments
    STUDENT = "student"  # with (a right to) studiefinanciering or WTOS, or BBL


@dataclass(frozen=True)
class Medebewoner:
    """Someone else with hoofdverblijf in the same home."""

    geboortedatum: date
    status: Status
    familie_eerste_of_tweede_graad: bool = False


@dataclass(frozen=True)
class Huishouden:
    """What the norm depends on, on one day."""

    geboortedatum: date
    partner_geboortedatum: date | None = None
    partner_heeft_recht: bool = True  # art. 24: a partner without right gives 50% of the gehuwdennorm
    kinderen: bool = False
    medebewoners: tuple[Medebewoner, ...] = ()
    aangetoond: bool = True  # art. 53a lid 3: False when the household (alleenstaand, kostendelers) is not shown
    ouders_onderhoud_ontbreekt: bool = False  # art. 20 lid 3
    inrichting: bool = False  # art. 23 lid 1
    inrichting_verhoging: bool = False  # art. 23 lid 2


@dataclass(frozen=True)
class Normonderdeel:
    """One component of a norm, with the article it rests on."""

    artikel: str
    omschrijving: str
    bedrag: Decimal


KOSTENDELER_VANAF = 27  # art. 19a lid 1


def leeftijd(geboren: date, dag: date) -> int:
    """Age in whole years on `dag`."""
    return dag.year - geboren.year - ((dag.month, dag.day) < (geboren.month, geboren.day))


def is_kostendeler(medebewoner: Medebewoner, dag: date) -> bool:
    """Art. 19a: a medebewoner of 27 or older, unless commercial (and no close relative) or a student."""
    if leeftijd(medebewoner.geboortedatum, dag) < KOSTENDELER_VANAF or medebewoner.status is Status.STUDENT:
        return False
    return not (medebewoner.status is Status.COMMERCIEEL and not medebewoner.familie_eerste_of_tweede_graad)


def bepaal_norm(huishouden: Huishouden, dag: date) -> list[Normonderdeel]:
    """The norm of the household on `dag`, component by component with its article (the sum is the norm).

    Covered: alleenstaande (ouder) from 18, with the verhoging of art. 20 lid 3; gehuwden of every age pair
    (art. 20, 21, 22); the kostendelersnorm for both, with art. 22a lid 3 for a partner of 18-20; art. 23 in an
    inrichting; art. 24 without kostendelers; and the 30% of art. 53a lid 3 when the household cannot be shown.
    Art. 24 together with kostendelers or art. 23 is refused (GeenNorm).
    """
    h = huishouden
    if leeftijd(h.geboortedatum, dag) < 18:
        raise GeenNorm("bijstand geldt vanaf 18 jaar (art. 20)")
    if h.inrichting:
        return _inrichting(h, dag)
    aow = aow_leeftijd_bereikt(h.geboortedatum, dag)
    kostendelers = sum(1 for m in h.medebewoners if is_kostendeler(m, dag))
    if h.partner_geboortedatum is None:
        return _alleenstaande(h, dag, aow, kostendelers)
    if h.ouders_onderhoud_ontbreekt:
        raise GeenNorm("art. 20 lid 3 geldt voor een alleenstaande of alleenstaande ouder van 18-20 jaar")
    leeftijden = (leeftijd(h.geboortedatum, dag), leeftijd(h.partner_geboortedatum, dag))
    if min(leeftijden) < 18:
        raise GeenNorm("een partner jonger dan 18: geen norm voor gehuwden in de Participatiewet (art. 20)")
    partner_aow = aow_leeftijd_bereikt(h.partner_geboortedatum, dag)
    if min(leeftijden) < 21:
        return _gehuwden_met_jonge_partner(h, dag, leeftijden, kostendelers)
    categorie = Categorie.GEHUWDEN_AOW if aow or partner_aow else Categorie.GEHUWDEN_21
    gehuwdennorm = norm(categorie, dag)
    a = 2 + kostendelers
    if not h.partner_heeft_recht:
        if kostendelers:
            raise GeenNorm("art. 24 samen met kostendelers (art. 22a) is nog niet opgenomen")
        helft = _centen(gehuwdennorm / 2)
        return [Normonderdeel("art. 24 lid 1", "helft van de gehuwdennorm (partner zonder recht)", helft)]
    if not h.aangetoond:
        dertig = _centen(gehuwdennorm * DERTIG_PROCENT)
        return [
            Normonderdeel(
                "art. 53a lid 3", "30% van de gehuwdennorm, belanghebbende (huishouden niet aangetoond)", dertig
            ),
            Normonderdeel("art. 53a lid 3", "30% van de gehuwdennorm, partner (huishouden niet aangetoond)", dertig),
        ]
    if a == 2:
        return [Normonderdeel(categorie.value, "gehuwdennorm", gehuwdennorm)]
    per_partner = kostendelersnorm(a, gehuwdennorm)
    return [
        Normonderdeel("art. 22a lid 1 en 2", f"kostendelersnorm belanghebbende, A = {a}", per_partner),
        Normonderdeel("art. 22a lid 1 en 2", f"kostendelersnorm partner, A = {a}", per_partner),
    ]


DERTIG_PROCENT = Decimal("0.30")  # art. 53a lid 3


def _inrichting(h: Huishouden, dag: date) -> list[Normonderdeel]:
    """Art. 23: the norm of a stay in an inrichting (a couple: both partners), with the verhoging of lid 2."""
    if not h.partner_heeft_recht:
        raise GeenNorm("art. 23 samen met art. 24 (partner zonder recht) is nog niet opgenomen")
    paar = h.partner_geboortedatum is not None
    categorie = Categorie.INRICHTING_GEHUWDEN if paar else Categorie.INRICHTING_ALLEENSTAANDE
    uit = [Normonderdeel(categorie.value, "norm bij verblijf in een inrichting", norm(categorie, dag))]
    if h.inrichting_verhoging:
        verhoging = Categorie.INRICHTING_VERHOGING_GEHUWDEN if paar else Categorie.INRICHTING_VERHOGING_ALLEENSTAANDE
        uit.append(Normonderdeel(verhoging.value, "verhoging bij verblijf in een inrichting", norm(verhoging, dag)))
    return uit


def _alleenstaande(h: Huishouden, dag: date, aow: bool, kostendelers: int) -> list[Normonderdeel]:
    if leeftijd(h.geboortedatum, dag) < 21:
        categorie = Categorie.JONG_ALLEENSTAANDE_OUDER if h.kinderen else Categorie.JONG_ALLEENSTAANDE
        jongerennorm = norm(categorie, dag)
        uit = [Normonderdeel(categorie.value, "jongerennorm", jongerennorm)]
        if h.ouders_onderhoud_ontbreekt:
            # Never above the norm of an alleenstaande of 21 (art. 20 lid 3, last sentence).
            ruimte = norm(Categorie.ALLEENSTAANDE_21, dag) - jongerennorm
            verhoging = min(norm(Categorie.VERHOGING_JONG, dag), ruimte)
            uit.append(
                Normonderdeel(Categorie.VERHOGING_JONG.value, "verhoging: ouders kunnen niet bijdragen", verhoging)
            )
        return uit
    b = norm(Categorie.GEHUWDEN_AOW if aow else Categorie.GEHUWDEN_21, dag)
    if not h.aangetoond:
        omschrijving = "30% van de gehuwdennorm (alleenstaand zijn of kostendelers niet aangetoond)"
        return [Normonderdeel("art. 53a lid 3", omschrijving, _centen(b * DERTIG_PROCENT))]
    a = 1 + kostendelers
    if a == 1:
        categorie = Categorie.ALLEENSTAANDE_AOW if aow else Categorie.ALLEENSTAANDE_21
        return [Normonderdeel(categorie.value, "alleenstaande(ouder)norm", norm(categorie, dag))]
    return [Normonderdeel("art. 22a lid 1", f"kostendelersnorm, A = {a}", kostendelersnorm(a, b))]


def _gehuwden_met_jonge_partner(
    h: Huishouden, dag: date, leeftijden: tuple[int, int], kostendelers: int
) -> list[Normonderdeel]:
    """Art. 20 for a couple with a partner of 18-20; with kostendelers, art. 22a lid 3 for the older partner."""
    if not h.partner_heeft_recht:
        raise GeenNorm("art. 24 voor een partner van 18-20 jaar is nog niet opgenomen")
    if not h.aangetoond:
        raise GeenNorm("art. 53a lid 3 voor gehuwden met een partner van 18-20 jaar is nog niet opgenomen")
    if max(leeftijden) < 21:
        categorie = Categorie.JONG_GEHUWDEN_KINDEREN if h.kinderen else Categorie.JONG_GEHUWDEN
        return [Normonderdeel(categorie.value, "jongerennorm gehuwden, beiden 18-20 jaar", norm(categorie, dag))]
    if not kostendelers:
        categorie = Categorie.JONG_EN_21_GEHUWDEN_KINDEREN if h.kinderen else Categorie.JONG_EN_21_GEHUWDEN
        return [Normonderdeel(categorie.value, "gehuwdennorm, een partner 18-20 jaar", norm(categorie, dag))]
    # Art. 22a lid 3: A counts the older partner and the kostendelers, not the partner of 18-20.
    oudste = h.geboortedatum if leeftijden[0] >= 21 else h.partner_geboortedatum
    assert oudste is not None
    b = norm(Categorie.GEHUWDEN_AOW if aow_leeftijd_bereikt(oudste, dag) else Categorie.GEHUWDEN_21, dag)
    a = 1 + kostendelers
    jong = Categorie.KOSTENDELER_PARTNER_JONG_KINDEREN if h.kinderen else Categorie.KOSTENDELER_PARTNER_JONG
    return [
        Normonderdeel(
            "art. 22a lid 1 en 3", f"kostendelersnorm partner van 21 jaar of ouder, A = {a}", kostendelersnorm(a, b)
        ),
        Normonderdeel(jong.value, "verhoging voor de partner van 18-20 jaar", norm(jong, dag)),
    ]
