"""The state of one uitkering and its fold: one stream per uitkering, every slice's events. Pure.

Birth dates and bank accounts arrive encrypted with the klant's key; `evolve` takes `ontsleutel` to turn
`persoonlijk` into birth dates, so the rules never see ciphertext and never do I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

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


Ontsleutel = Callable[[str], Geboortedata | None]


def _geen(_: str) -> Geboortedata | None:
    return None


def evolve(state: Uitkering | None, event: EventData, ontsleutel: Ontsleutel = _geen) -> Uitkering | None:
    """The uitkering after one more event; `ontsleutel` turns `persoonlijk` into birth dates (None: erased)."""
    if isinstance(event, AanvraagIngediend):
        feit = Huishoudfeit(event.meldingsdatum, event.huishouden, ontsleutel(event.persoonlijk))
        return Uitkering(aanvraag=event, feiten=(feit,), versie=1)
    if state is None:
        return None
    s = state
    v = state.versie + 1  # one replace per event: folding is on the betaalrun's hot path
    if isinstance(event, BijstandToegekend):
        return replace(s, versie=v, status=Status.TOEGEKEND, besluit=event)
    if isinstance(event, AanvraagAfgewezen):
        return replace(s, versie=v, status=Status.AFGEWEZEN, besluit=event)
    if isinstance(event, RekeningVastgelegd):
        return replace(s, versie=v, rekening=event)
    if isinstance(event, VoorschotVerleend):
        return replace(s, versie=v, voorschotten=(*s.voorschotten, event))
    if isinstance(event, VoorschotUitbetaald):
        return replace(s, versie=v, voorschotten_betaald=(*s.voorschotten_betaald, event))
    if isinstance(event, InkomstenOpgegeven):
        sleutel = (event.periode, event.werkgever, event.van)
        return replace(s, versie=v, inkomsten={**s.inkomsten, sleutel: event})
    if isinstance(event, HuishoudenGewijzigd):
        feit = Huishoudfeit(event.per, event.huishouden, ontsleutel(event.persoonlijk))
        return replace(s, versie=v, feiten=tuple(sorted((*s.feiten, feit), key=lambda f: f.per)))
    if isinstance(event, PlaatsingVerwerkt):
        return replace(s, versie=v, plaatsingen=(*s.plaatsingen, event))
    if isinstance(event, BetalingVerricht):
        return replace(
            s,
            versie=v,
            betalingen={**s.betalingen, event.periode: event},
            vastgesteld={**s.vastgesteld, event.periode: event.berekening.bijstand},
            voorschot_verrekend=s.voorschot_verrekend + event.voorschot_verrekend,
            ontvangen={**s.ontvangen, event.periode: event.berekening.uit_te_betalen},
            voorlopig=_voorlopig(s.voorlopig, event.periode, event.berekening.voorlopig),
        )
    if isinstance(event, VakantietoeslagUitbetaald):
        per_maand = _vt_per_maand(s, event)
        return replace(
            s,
            versie=v,
            vt_betaald={**s.vt_betaald, **per_maand},
            ontvangen={**s.ontvangen, **{p: s.ontvangen.get(p, Decimal(0)) + b for p, b in per_maand.items()}},
        )
    if isinstance(event, NabetalingVerricht):
        extra = {d.periode: s.ontvangen.get(d.periode, Decimal(0)) + d.bedrag for d in event.per_maand}
        return replace(s, versie=v, ontvangen={**s.ontvangen, **extra})
    if isinstance(event, HerberekeningVastgesteld):
        return replace(
            s,
            versie=v,
            vastgesteld={**s.vastgesteld, event.periode: event.nu_vastgesteld},
            herberekeningen=(*s.herberekeningen, event),
            voorlopig=_voorlopig(s.voorlopig, event.periode, event.berekening.voorlopig),
        )
    if isinstance(event, BetalingOpgeschort):
        return replace(s, versie=v, opgeschort=event)
    if isinstance(event, BetalingHervat):
        return replace(s, versie=v, opgeschort=None)
    if isinstance(event, MaatregelVoorgenomen):
        return replace(s, versie=v, maatregelen={**s.maatregelen, event.maatregel_id: Maatregel(event)})
    if isinstance(event, ZienswijzeGegeven):
        m = replace(s.maatregelen[event.maatregel_id], zienswijze=event)
        return replace(s, versie=v, maatregelen={**s.maatregelen, event.maatregel_id: m})
    if isinstance(event, MaatregelHeroverwogen):
        m = replace(s.maatregelen[event.maatregel_id], heroverweging=event)
        return replace(s, versie=v, maatregelen={**s.maatregelen, event.maatregel_id: m})
    if isinstance(event, MaatregelOpgelegd | MaatregelAfgezien):
        m = replace(s.maatregelen[event.maatregel_id], besluit=event)
        return replace(s, versie=v, maatregelen={**s.maatregelen, event.maatregel_id: m})
    if isinstance(event, TaalverlagingOpgelegd):
        return replace(s, versie=v, taalverlagingen=(*s.taalverlagingen, event), taaleis_voldaan=None)
    if isinstance(event, TaaleisVoldaan):
        return replace(s, versie=v, taaleis_voldaan=event)
    if isinstance(event, WaarschuwingGegeven):
        return replace(s, versie=v, waarschuwingen=(*s.waarschuwingen, event))
    if isinstance(event, OntheffingVerleend):
        return replace(s, versie=v, ontheffingen=(*s.ontheffingen, event))
    if isinstance(event, OntheffingBeeindigd):
        return replace(s, versie=v, ontheffing_einde={**s.ontheffing_einde, event.ontheffing_id: event.per})
    if isinstance(event, HeronderzoekUitgevoerd):
        return replace(s, versie=v, heronderzoeken=(*s.heronderzoeken, event))
    if isinstance(event, UitkeringBeeindigd):
        return replace(s, versie=v, status=Status.BEEINDIGD, einde=event)
    return replace(s, versie=v)


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
