"""The state of one uitkering and its fold: one stream per uitkering, every slice's events. Pure.

Birth dates arrive encrypted with the klant's key; `evolve` decrypts `persoonlijk` through the `Sleutels`
the unit of work read for the load, so the rules never see ciphertext and never do I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.uitkering import (
    AanvraagAfgewezen,
    AanvraagIngediend,
    BetalingHervat,
    BetalingOpgeschort,
    BetalingVerricht,
    BijstandToegekend,
    HerberekeningVastgesteld,
    HeronderzoekUitgevoerd,
    HuishoudenGewijzigd,
    InkomstenOpgegeven,
    MaatregelAfgezien,
    MaatregelHeroverwogen,
    MaatregelOpgelegd,
    MaatregelVoorgenomen,
    NabetalingVerricht,
    OntheffingBeeindigd,
    OntheffingVerleend,
    PlaatsingVerwerkt,
    PremieOpgenomen,
    PremieUitbetaald,
    RekeningVastgelegd,
    TaaleisVoldaan,
    TaalverlagingOpgelegd,
    UitkeringBeeindigd,
    VakantietoeslagUitbetaald,
    VoorschotUitbetaald,
    VoorschotVerleend,
    WaarschuwingGegeven,
    ZienswijzeGegeven,
)
from libs.events.errors import Conflict, DomainError, NietGevonden
from libs.events.registry import EventData

from .berekening import (
    Geboortedata,
    Huishoudfeit,
)
from .vermogen import splits_vakantietoeslag

UITKERING = "uitkering"


class Status(StrEnum):
    """Where an uitkering stands."""

    AANGEVRAAGD = "aangevraagd"
    TOEGEKEND = "toegekend"
    AFGEWEZEN = "afgewezen"
    BEEINDIGD = "beeindigd"


class UitkeringNietGevonden(NietGevonden):
    """No uitkering (or aanvraag) with this id in the caller's gemeenten."""

    title = "Uitkering niet gevonden"


class AlBesloten(Conflict):
    """The aanvraag has its besluit already."""

    title = "Al besloten"


class NietToegekend(Conflict):
    """This needs a running uitkering."""

    title = "Geen lopende uitkering"


class OngeldigeOpgave(DomainError):
    """An inkomstenopgave that does not fit (period, amounts)."""

    status = 422
    title = "Ongeldige inkomstenopgave"


@dataclass(frozen=True)
class Maatregel:
    """A maatregel through its Awb steps: voornemen, zienswijze, then besluit or afzien."""

    voornemen: MaatregelVoorgenomen
    zienswijze: ZienswijzeGegeven | None = None
    besluit: MaatregelOpgelegd | MaatregelAfgezien | None = None
    heroverweging: MaatregelHeroverwogen | None = None


@dataclass(frozen=True)
class Uitkering:
    """State of one uitkering, from aanvraag to the last payment."""

    aanvraag: AanvraagIngediend
    feiten: tuple[Huishoudfeit, ...]
    status: Status = Status.AANGEVRAAGD
    besluit: BijstandToegekend | AanvraagAfgewezen | None = None
    inkomsten: dict[tuple[date, str, str], InkomstenOpgegeven] = field(default_factory=dict)  # (month, werkgever, van)
    plaatsingen: tuple[PlaatsingVerwerkt, ...] = ()
    betalingen: dict[date, BetalingVerricht] = field(default_factory=dict)
    vastgesteld: dict[date, Decimal] = field(default_factory=dict)  # per paid month, after herberekeningen
    herberekeningen: tuple[HerberekeningVastgesteld, ...] = ()
    voorschotten: tuple[VoorschotVerleend, ...] = ()
    voorschotten_betaald: tuple[VoorschotUitbetaald, ...] = ()
    voorschot_verrekend: Decimal = Decimal(0)
    ontvangen: dict[date, Decimal] = field(default_factory=dict)  # per paid month: monthly part, VT, nabetalingen
    vt_betaald: dict[date, Decimal] = field(default_factory=dict)  # per month whose VT was paid out
    voorlopig: frozenset[date] = frozenset()  # paid months vastgesteld past the last table carried
    opgeschort: BetalingOpgeschort | None = None
    rekening: RekeningVastgelegd | None = None
    einde: UitkeringBeeindigd | None = None
    maatregelen: dict[UUID, Maatregel] = field(default_factory=dict)
    taalverlagingen: tuple[TaalverlagingOpgelegd, ...] = ()
    taaleis_voldaan: TaaleisVoldaan | None = None
    waarschuwingen: tuple[WaarschuwingGegeven, ...] = ()
    ontheffingen: tuple[OntheffingVerleend, ...] = ()
    ontheffing_einde: dict[UUID, date] = field(default_factory=dict)
    heronderzoeken: tuple[HeronderzoekUitgevoerd, ...] = ()
    premies: tuple[PremieOpgenomen, ...] = ()  # art. 31 lid 2 j, granted by trajecten
    premies_betaald: frozenset[UUID] = frozenset()
    premie_perioden: frozenset[date] = frozenset()  # runs that paid premies: one transfer per run's month
    versie: int = 0

    @property
    def uitkering_id(self) -> UUID:
        """The stream id."""
        return self.aanvraag.uitkering_id

    @property
    def gemeente(self) -> str:
        """The gemeente that pays (woonplaats at the aanvraag, art. 40)."""
        return self.aanvraag.gemeente

    @property
    def ingangsdatum(self) -> date | None:
        """From when bijstand is granted."""
        return self.besluit.ingangsdatum if isinstance(self.besluit, BijstandToegekend) else None

    @property
    def laatste_dag(self) -> date | None:
        """The last day with bijstand, once ended."""
        return self.einde.laatste_dag if self.einde else None

    @property
    def voorschot_openstaand(self) -> Decimal:
        """Voorschotten paid and not yet set off against bijstand."""
        return sum((v.bedrag for v in self.voorschotten_betaald), Decimal(0)) - self.voorschot_verrekend


def geboortedata_json(g: Geboortedata) -> dict[str, Any]:
    """Birth dates as the JSON that is encrypted into `persoonlijk`."""
    return {
        "aanvrager": g.aanvrager.isoformat(),
        "partner": g.partner.isoformat() if g.partner else None,
        "medebewoners": [d.isoformat() for d in g.medebewoners],
    }


def geboortedata_uit(waarde: dict[str, Any] | str) -> Geboortedata | None:
    """Birth dates from a decrypted `persoonlijk`; None when the key was erased."""
    if isinstance(waarde, str):
        return None
    partner = waarde.get("partner")
    return Geboortedata(
        aanvrager=date.fromisoformat(waarde["aanvrager"]),
        partner=date.fromisoformat(partner) if partner else None,
        medebewoners=tuple(date.fromisoformat(d) for d in waarde["medebewoners"]),
    )


def bekende_geboortedata(g: Geboortedata) -> Sleutels:
    """Folding with these birth dates at hand (a decision folding its own event, a test)."""
    return Sleutels(gegeven=geboortedata_json(g))


def _huishoudfeit(per: date, e: AanvraagIngediend | HuishoudenGewijzigd, sleutels: Sleutels) -> Huishoudfeit:
    return Huishoudfeit(per, e.huishouden, geboortedata_uit(sleutels.ontsleutel(e.klant_id, e.persoonlijk)))


def evolve(state: Uitkering | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Uitkering | None:
    """The uitkering after one more event; birth dates decrypted through `sleutels` (None: erased)."""
    if isinstance(event, AanvraagIngediend):
        return Uitkering(aanvraag=event, feiten=(_huishoudfeit(event.meldingsdatum, event, sleutels),), versie=1)
    if state is None:
        return None
    toepassen = _TOEPASSEN.get(type(event))
    wijzigingen = toepassen(state, event, sleutels) if toepassen is not None else {}
    # One replace per event: folding is on the betaalrun's hot path.
    return replace(state, versie=state.versie + 1, **wijzigingen)


Wijzigingen = dict[str, Any]
_TOEPASSEN: dict[type[EventData], Callable[[Uitkering, Any, Sleutels], Wijzigingen]] = {}


def _bij(*soorten: type[EventData]) -> Callable[[Callable[[Uitkering, Any, Sleutels], Wijzigingen]], Any]:
    """Register a handler as what the events of `soorten` change in the state (one per event type)."""

    def registreer(handler: Callable[[Uitkering, Any, Sleutels], Wijzigingen]) -> Any:
        for soort in soorten:
            _TOEPASSEN[soort] = handler
        return handler

    return registreer


@_bij(BijstandToegekend)
def _toegekend(s: Uitkering, e: BijstandToegekend, _: Sleutels) -> Wijzigingen:
    return {"status": Status.TOEGEKEND, "besluit": e}


@_bij(AanvraagAfgewezen)
def _afgewezen(s: Uitkering, e: AanvraagAfgewezen, _: Sleutels) -> Wijzigingen:
    return {"status": Status.AFGEWEZEN, "besluit": e}


@_bij(RekeningVastgelegd)
def _rekening(s: Uitkering, e: RekeningVastgelegd, _: Sleutels) -> Wijzigingen:
    return {"rekening": e}


@_bij(VoorschotVerleend)
def _voorschot(s: Uitkering, e: VoorschotVerleend, _: Sleutels) -> Wijzigingen:
    return {"voorschotten": (*s.voorschotten, e)}


@_bij(VoorschotUitbetaald)
def _voorschot_betaald(s: Uitkering, e: VoorschotUitbetaald, _: Sleutels) -> Wijzigingen:
    return {"voorschotten_betaald": (*s.voorschotten_betaald, e)}


@_bij(InkomstenOpgegeven)
def _inkomsten(s: Uitkering, e: InkomstenOpgegeven, _: Sleutels) -> Wijzigingen:
    return {"inkomsten": {**s.inkomsten, (e.periode, e.werkgever, e.van): e}}


@_bij(HuishoudenGewijzigd)
def _huishouden(s: Uitkering, e: HuishoudenGewijzigd, sleutels: Sleutels) -> Wijzigingen:
    feit = _huishoudfeit(e.per, e, sleutels)
    return {"feiten": tuple(sorted((*s.feiten, feit), key=lambda f: f.per))}


@_bij(PremieOpgenomen)
def _premie(s: Uitkering, e: PremieOpgenomen, _: Sleutels) -> Wijzigingen:
    return {"premies": (*s.premies, e)}


@_bij(PremieUitbetaald)
def _premie_betaald(s: Uitkering, e: PremieUitbetaald, _: Sleutels) -> Wijzigingen:
    return {
        "premies_betaald": s.premies_betaald | set(e.premie_ids),
        "premie_perioden": s.premie_perioden | {e.periode},
    }


@_bij(PlaatsingVerwerkt)
def _plaatsing(s: Uitkering, e: PlaatsingVerwerkt, _: Sleutels) -> Wijzigingen:
    return {"plaatsingen": (*s.plaatsingen, e)}


@_bij(BetalingVerricht)
def _betaald(s: Uitkering, e: BetalingVerricht, _: Sleutels) -> Wijzigingen:
    return {
        "betalingen": {**s.betalingen, e.periode: e},
        "vastgesteld": {**s.vastgesteld, e.periode: e.berekening.bijstand},
        "voorschot_verrekend": s.voorschot_verrekend + e.voorschot_verrekend,
        "ontvangen": {**s.ontvangen, e.periode: e.berekening.uit_te_betalen},
        "voorlopig": _voorlopig(s.voorlopig, e.periode, e.berekening.voorlopig),
    }


@_bij(VakantietoeslagUitbetaald)
def _vakantietoeslag(s: Uitkering, e: VakantietoeslagUitbetaald, _: Sleutels) -> Wijzigingen:
    per_maand = _vt_per_maand(s, e)
    ontvangen = {p: s.ontvangen.get(p, Decimal(0)) + b for p, b in per_maand.items()}
    return {"vt_betaald": {**s.vt_betaald, **per_maand}, "ontvangen": {**s.ontvangen, **ontvangen}}


@_bij(NabetalingVerricht)
def _nabetaald(s: Uitkering, e: NabetalingVerricht, _: Sleutels) -> Wijzigingen:
    extra = {d.periode: s.ontvangen.get(d.periode, Decimal(0)) + d.bedrag for d in e.per_maand}
    return {"ontvangen": {**s.ontvangen, **extra}}


@_bij(HerberekeningVastgesteld)
def _herberekend(s: Uitkering, e: HerberekeningVastgesteld, _: Sleutels) -> Wijzigingen:
    return {
        "vastgesteld": {**s.vastgesteld, e.periode: e.nu_vastgesteld},
        "herberekeningen": (*s.herberekeningen, e),
        "voorlopig": _voorlopig(s.voorlopig, e.periode, e.berekening.voorlopig),
    }


@_bij(BetalingOpgeschort)
def _opgeschort(s: Uitkering, e: BetalingOpgeschort, _: Sleutels) -> Wijzigingen:
    return {"opgeschort": e}


@_bij(BetalingHervat)
def _hervat(s: Uitkering, e: BetalingHervat, _: Sleutels) -> Wijzigingen:
    return {"opgeschort": None}


@_bij(MaatregelVoorgenomen)
def _voornemen(s: Uitkering, e: MaatregelVoorgenomen, _: Sleutels) -> Wijzigingen:
    return {"maatregelen": {**s.maatregelen, e.maatregel_id: Maatregel(e)}}


def _met_maatregel(s: Uitkering, maatregel: Maatregel) -> Wijzigingen:
    return {"maatregelen": {**s.maatregelen, maatregel.voornemen.maatregel_id: maatregel}}


@_bij(ZienswijzeGegeven)
def _zienswijze(s: Uitkering, e: ZienswijzeGegeven, _: Sleutels) -> Wijzigingen:
    return _met_maatregel(s, replace(s.maatregelen[e.maatregel_id], zienswijze=e))


@_bij(MaatregelHeroverwogen)
def _heroverwogen(s: Uitkering, e: MaatregelHeroverwogen, _: Sleutels) -> Wijzigingen:
    return _met_maatregel(s, replace(s.maatregelen[e.maatregel_id], heroverweging=e))


@_bij(MaatregelOpgelegd, MaatregelAfgezien)
def _maatregelbesluit(s: Uitkering, e: MaatregelOpgelegd | MaatregelAfgezien, _: Sleutels) -> Wijzigingen:
    return _met_maatregel(s, replace(s.maatregelen[e.maatregel_id], besluit=e))


@_bij(TaalverlagingOpgelegd)
def _taalverlaging(s: Uitkering, e: TaalverlagingOpgelegd, _: Sleutels) -> Wijzigingen:
    return {"taalverlagingen": (*s.taalverlagingen, e), "taaleis_voldaan": None}


@_bij(TaaleisVoldaan)
def _taaleis(s: Uitkering, e: TaaleisVoldaan, _: Sleutels) -> Wijzigingen:
    return {"taaleis_voldaan": e}


@_bij(WaarschuwingGegeven)
def _waarschuwing(s: Uitkering, e: WaarschuwingGegeven, _: Sleutels) -> Wijzigingen:
    return {"waarschuwingen": (*s.waarschuwingen, e)}


@_bij(OntheffingVerleend)
def _ontheffing(s: Uitkering, e: OntheffingVerleend, _: Sleutels) -> Wijzigingen:
    return {"ontheffingen": (*s.ontheffingen, e)}


@_bij(OntheffingBeeindigd)
def _ontheffing_einde(s: Uitkering, e: OntheffingBeeindigd, _: Sleutels) -> Wijzigingen:
    return {"ontheffing_einde": {**s.ontheffing_einde, e.ontheffing_id: e.per}}


@_bij(HeronderzoekUitgevoerd)
def _heronderzoek(s: Uitkering, e: HeronderzoekUitgevoerd, _: Sleutels) -> Wijzigingen:
    return {"heronderzoeken": (*s.heronderzoeken, e)}


@_bij(UitkeringBeeindigd)
def _beeindigd(s: Uitkering, e: UitkeringBeeindigd, _: Sleutels) -> Wijzigingen:
    return {"status": Status.BEEINDIGD, "einde": e}


def _voorlopig(maanden: frozenset[date], periode: date, voorlopig: bool) -> frozenset[date]:
    return maanden | {periode} if voorlopig else maanden - {periode}


def _vt_per_maand(state: Uitkering, event: VakantietoeslagUitbetaald) -> dict[date, Decimal]:
    """The VT paid per month; a payment from before `perMaand` was recorded is spread as it was computed then
    (each month's share of its bijstand as vastgesteld, the odd cents on the last month)."""
    if event.per_maand:
        return {d.periode: d.bedrag for d in event.per_maand}
    uit = {
        p: splits_vakantietoeslag(state.vastgesteld.get(p, Decimal(0)), p).vakantietoeslag for p in event.over_maanden
    }
    if uit:
        laatste = max(uit)
        uit[laatste] += event.bedrag - sum(uit.values(), Decimal(0))
    return uit


def _klant_met_sleutel(event: EventData) -> UUID | None:
    return event.klant_id if isinstance(event, AanvraagIngediend | HuishoudenGewijzigd) else None


UITKERINGEN: Aggregate[Uitkering] = Aggregate(
    UITKERING,
    evolve,
    gemeente=lambda u: u.gemeente,
    not_found=UitkeringNietGevonden,
    subject=lambda u: u.aanvraag.klant_id,
    verified=True,
    sleutel_van=_klant_met_sleutel,
)
