"""Handhaving's aggregates, pure: ketenbreuk, signaal, onderzoek and steekproef.

The audit store itself is a read model of every topic (projections.AuditStore): rebuildable, append-only.
What it finds wrong is reported as an event of handhaving's own, so the alert has a history too. A
signaal is onderzoekswaardig, never proof. An onderzoek is need-to-know: only its leden load it, and
while it is open a wisblokkade (legal hold) keeps the klant's data from being erased.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.handhaving import (
    BevindingVastgelegd,
    Bijlage,
    KetenbreukGemeld,
    NietGemeldeInkomsten,
    OnderzoekAfgerond,
    OnderzoekGeopend,
    OnderzoekLidToegevoegd,
    SignaalBeoordeeld,
    Signaalbron,
    SignaalOntvangen,
    SteekproefGetrokken,
    Triage,
    Uitkomst,
    WisblokkadeGezet,
    WisblokkadeOpgeheven,
)
from libs.events.errors import Conflict, DomainError, NietGevonden
from libs.events.registry import EventData
from libs.events.stamps import NU

from . import steekproef

KETENBREUK = "ketenbreuk"
SIGNAAL = "signaal"
ONDERZOEK = "onderzoek"
STEEKPROEF = "steekproef"


class KetenbreukNietGevonden(NietGevonden):
    """No such ketenbreuk in the caller's gemeenten."""

    title = "Ketenbreuk niet gevonden"


class SignaalNietGevonden(NietGevonden):
    """No such signaal in the caller's gemeenten."""

    title = "Signaal niet gevonden"


class OnderzoekNietGevonden(NietGevonden):
    """No such onderzoek, or the caller is not one of its leden (need-to-know: never told apart)."""

    title = "Onderzoek niet gevonden"


class SteekproefNietGevonden(NietGevonden):
    """No such steekproef in the caller's gemeenten."""

    title = "Steekproef niet gevonden"


class AlBeoordeeld(Conflict):
    """The signaal was triaged already; the first triage stands."""

    title = "Signaal al beoordeeld"


class OnderzoekAfgesloten(Conflict):
    """The onderzoek has its uitkomst: nothing can be added."""

    title = "Onderzoek afgerond"


class OngeldigeSteekproef(DomainError):
    """Stratification on a variable that is not declared."""

    status = 422
    title = "Ongeldige steekproef"


class OngeldigeUitkomst(DomainError):
    """The uitkomst does not fit (benadeling needs an uitkering and months; geen benadeling none)."""

    status = 422
    title = "Ongeldige uitkomst"


# --- ketenbreuk ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ketenbreuk:
    """A reported break."""

    melding: KetenbreukGemeld


@dataclass(frozen=True)
class MeldKetenbreuk:
    """Command (policy): report the first bad link of a stream."""

    breuk_id: UUID
    gemeente: str | None
    topic: str
    stream_id: str
    streamversie: int
    event_id: UUID
    reden: str
    op: datetime


def meld(command: MeldKetenbreuk) -> list[EventData]:
    """The alert for a break."""
    c = command
    return [
        KetenbreukGemeld(
            breuk_id=c.breuk_id,
            gemeente=c.gemeente,
            topic=c.topic,
            stream_id=c.stream_id,
            streamversie=c.streamversie,
            event_id=c.event_id,
            reden=c.reden,
            gemeld_op=c.op,
        )
    ]


def evolve(state: Ketenbreuk | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Ketenbreuk | None:
    """A ketenbreuk after one more event."""
    if isinstance(event, KetenbreukGemeld):
        return Ketenbreuk(event)
    return state


KETENBREUKEN: Aggregate[Ketenbreuk] = Aggregate(
    KETENBREUK, evolve, gemeente=lambda k: k.melding.gemeente, not_found=KetenbreukNietGevonden
)


# --- signaal ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signaal:
    """A signaal and its triage (once)."""

    ontvangen: SignaalOntvangen
    beoordeling: SignaalBeoordeeld | None = None


@dataclass(frozen=True)
class OntvangSignaal:
    """Command: a signaal from an event or an IB file, matched to a klant."""

    signaal_id: UUID
    klant_id: UUID
    gemeente: str
    bron: Signaalbron
    product: str
    kenmerk: str
    periode_van: date | None
    periode_tot: date | None
    bedrag: Decimal | None
    omschrijving: str
    op: datetime = NU


@dataclass(frozen=True)
class BeoordeelSignaal:
    """Command: triage a signaal (geen actie, heronderzoek, onderzoek), with the reason."""

    triage: Triage
    reden: str
    op: datetime = NU
    signaal_id: UUID = field(kw_only=True)


def ontvang(command: OntvangSignaal) -> list[EventData]:
    """The signaal as received."""
    c = command
    return [
        SignaalOntvangen(
            signaal_id=c.signaal_id,
            klant_id=c.klant_id,
            gemeente=c.gemeente,
            bron=c.bron,
            product=c.product,
            kenmerk=c.kenmerk,
            periode_van=c.periode_van,
            periode_tot=c.periode_tot,
            bedrag=c.bedrag,
            omschrijving=c.omschrijving,
            ontvangen_op=c.op,
        )
    ]


def beoordeel(state: Signaal, command: BeoordeelSignaal) -> list[EventData]:
    """Triage, once; the reason is required because a signaal is never proof."""
    if state.beoordeling is not None:
        raise AlBeoordeeld(f"signaal {state.ontvangen.signaal_id} is al beoordeeld ({state.beoordeling.triage})")
    return [
        SignaalBeoordeeld(
            signaal_id=state.ontvangen.signaal_id, triage=command.triage, reden=command.reden, beoordeeld_op=command.op
        )
    ]


def evolve_signaal(state: Signaal | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Signaal | None:
    """A signaal after one more event."""
    if isinstance(event, SignaalOntvangen):
        return Signaal(event)
    if isinstance(event, SignaalBeoordeeld) and state is not None:
        return replace(state, beoordeling=event)
    return state


SIGNALEN: Aggregate[Signaal] = Aggregate(
    SIGNAAL,
    evolve_signaal,
    gemeente=lambda s: s.ontvangen.gemeente,
    not_found=SignaalNietGevonden,
    subject=lambda s: s.ontvangen.klant_id,
)


# --- onderzoek -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Onderzoek:
    """An onderzoek into a klant: its leden, its bevindingen, and the uitkomst once it is there."""

    geopend: OnderzoekGeopend
    leden: frozenset[str]
    bevindingen: tuple[BevindingVastgelegd, ...] = ()
    afgerond: OnderzoekAfgerond | None = None


@dataclass(frozen=True)
class OpenOnderzoek:
    """Command: open an onderzoek; the opener is a lid, and the wisblokkade starts with it."""

    onderzoek_id: UUID
    klant_id: UUID
    gemeente: str
    aanleiding: str
    signaal_id: UUID | None
    leden: frozenset[str]
    op: datetime = NU


@dataclass(frozen=True)
class LegBevindingVast:
    """Command: a step and what it found, attachments by reference."""

    bevinding_id: UUID
    stap: str
    omschrijving: str
    bijlagen: tuple[tuple[str, str, str | None], ...]
    op: datetime = NU
    onderzoek_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class RondAf:
    """Command: the uitkomst; with benadeling the uitkering and the months of income not reported."""

    uitkomst: Uitkomst
    uitkering_id: UUID | None
    maanden: tuple[tuple[date, str, Decimal, Decimal, Decimal], ...]
    verwijtbaarheid: str | None
    toelichting: str
    op: datetime = NU
    onderzoek_id: UUID = field(kw_only=True)


def open_onderzoek(command: OpenOnderzoek) -> list[EventData]:
    """The onderzoek and its wisblokkade."""
    c = command
    return [
        OnderzoekGeopend(
            onderzoek_id=c.onderzoek_id,
            klant_id=c.klant_id,
            gemeente=c.gemeente,
            aanleiding=c.aanleiding,
            signaal_id=c.signaal_id,
            leden=sorted(c.leden),
            geopend_op=c.op,
        ),
        WisblokkadeGezet(onderzoek_id=c.onderzoek_id, klant_id=c.klant_id, gezet_op=c.op),
    ]


def _open(state: Onderzoek) -> None:
    if state.afgerond is not None:
        raise OnderzoekAfgesloten(f"onderzoek {state.geopend.onderzoek_id} is afgerond")


@dataclass(frozen=True)
class VoegLidToe:
    """Command: one more lid of an onderzoek."""

    lid: str
    onderzoek_id: UUID = field(kw_only=True)


def voeg_lid_toe(state: Onderzoek, lid: str) -> list[EventData]:
    """One more lid (nothing when already one)."""
    _open(state)
    if lid in state.leden:
        return []
    return [OnderzoekLidToegevoegd(onderzoek_id=state.geopend.onderzoek_id, lid=lid)]


def leg_bevinding_vast(state: Onderzoek, command: LegBevindingVast) -> list[EventData]:
    """A bevinding while the onderzoek is open."""
    _open(state)
    c = command
    return [
        BevindingVastgelegd(
            onderzoek_id=state.geopend.onderzoek_id,
            bevinding_id=c.bevinding_id,
            stap=c.stap,
            omschrijving=c.omschrijving,
            bijlagen=[Bijlage(naam=n, referentie=r, sha256=h) for n, r, h in c.bijlagen],
            vastgelegd_op=c.op,
        )
    ]


def rond_af(state: Onderzoek, command: RondAf) -> list[EventData]:
    """The uitkomst, handed to uitkering as an event, and the end of the wisblokkade."""
    _open(state)
    c = command
    if c.uitkomst is Uitkomst.BENADELING and (c.uitkering_id is None or not c.maanden):
        raise OngeldigeUitkomst("bij benadeling horen de uitkering en de maanden met niet gemelde inkomsten")
    if c.uitkomst is Uitkomst.GEEN_BENADELING and (c.maanden or c.verwijtbaarheid):
        raise OngeldigeUitkomst("zonder benadeling geen maanden en geen verwijtbaarheid")
    g = state.geopend
    return [
        OnderzoekAfgerond(
            onderzoek_id=g.onderzoek_id,
            klant_id=g.klant_id,
            gemeente=g.gemeente,
            uitkomst=c.uitkomst,
            uitkering_id=c.uitkering_id,
            maanden=[
                NietGemeldeInkomsten(periode=p, werkgever=w, uren=u, bruto=b, netto=n) for p, w, u, b, n in c.maanden
            ],
            verwijtbaarheid=c.verwijtbaarheid,
            toelichting=c.toelichting,
            afgerond_op=c.op,
        ),
        WisblokkadeOpgeheven(onderzoek_id=g.onderzoek_id, klant_id=g.klant_id, opgeheven_op=c.op),
    ]


def evolve_onderzoek(state: Onderzoek | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Onderzoek | None:
    """An onderzoek after one more event."""
    if isinstance(event, OnderzoekGeopend):
        return Onderzoek(event, frozenset(event.leden))
    if state is None:
        return None
    if isinstance(event, OnderzoekLidToegevoegd):
        return replace(state, leden=state.leden | {event.lid})
    if isinstance(event, BevindingVastgelegd):
        return replace(state, bevindingen=(*state.bevindingen, event))
    if isinstance(event, OnderzoekAfgerond):
        return replace(state, afgerond=event)
    return state


ONDERZOEKEN: Aggregate[Onderzoek] = Aggregate(
    ONDERZOEK,
    evolve_onderzoek,
    gemeente=lambda o: o.geopend.gemeente,
    not_found=OnderzoekNietGevonden,
    subject=lambda o: o.geopend.klant_id,
    members=lambda o: o.leden,
)


# --- steekproef ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrekSteekproef:
    """Command: draw a sample of the running uitkeringen of a gemeente as known at the peildatum."""

    steekproef_id: UUID
    gemeente: str
    doel: str
    omvang: int
    strata: tuple[str, ...]
    seed: int | None  # None: the handler draws one
    peildatum: datetime | None  # None: now (never later than now)
    op: datetime = NU


def trek(command: TrekSteekproef, populatie: Sequence[steekproef.Eenheid]) -> list[EventData]:
    """The draw as an event, with all an auditor needs to draw it again."""
    c = command
    assert c.seed is not None and c.peildatum is not None, "the handler fills in seed and peildatum"
    dag = c.peildatum.date()
    try:
        getrokken = steekproef.trek(populatie, c.omvang, c.seed, c.strata, dag)
    except steekproef.OnbekendeVariabele as exc:
        raise OngeldigeSteekproef(str(exc)) from exc
    return [
        SteekproefGetrokken(
            steekproef_id=c.steekproef_id,
            gemeente=c.gemeente,
            doel=c.doel,
            methode=steekproef.GESTRATIFICEERD if c.strata else steekproef.A_SELECT,
            seed=c.seed,
            strata=list(c.strata),
            peildatum=c.peildatum,
            populatie_omvang=len(populatie),
            populatie_hash=steekproef.populatie_hash(populatie, c.strata, dag),
            omvang=len(getrokken),
            getrokken=getrokken,
            getrokken_op=c.op,
        )
    ]


@dataclass(frozen=True)
class Steekproef:
    """A drawn sample, as recorded."""

    getrokken: SteekproefGetrokken


def evolve_steekproef(
    state: Steekproef | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS
) -> Steekproef | None:
    """A steekproef after one more event."""
    if isinstance(event, SteekproefGetrokken):
        return Steekproef(event)
    return state


STEEKPROEVEN: Aggregate[Steekproef] = Aggregate(
    STEEKPROEF, evolve_steekproef, gemeente=lambda s: s.getrokken.gemeente, not_found=SteekproefNietGevonden
)
