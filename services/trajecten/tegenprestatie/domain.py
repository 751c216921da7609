"""Tegenprestatie (Pw art. 9 lid 1 c): an opdracht from the college and what follows when it is not done. Pure.

Naar vermogen, unpaid, socially useful, next to regular work and not displacing it; for each partner separately
(lid 3). Uitkering's ontheffingen of art. 9 (lid 2 dringende redenen, lid 5, art. 9a for a single parent; lid 7)
hold for it: no opdracht starts during one, and not doing it on a day one covers is not verwijtbaar. A refusal
without a reason and without ontheffing is verwijtbaar: uitkering then starts the maatregel's Awb steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from uuid import UUID

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.trajecten import Persoon, TegenprestatieGeweigerd, TegenprestatieOpgedragen
from libs.events.errors import Conflict, DomainError, NietGevonden
from libs.events.registry import EventData
from libs.events.stamps import NU

from ..klanten import Ontheffing

OPDRACHT = "tegenprestatie"


class OpdrachtNietGevonden(NietGevonden):
    """No tegenprestatie with this id in the caller's gemeenten."""

    title = "Tegenprestatie niet gevonden"


class OntheffingLoopt(Conflict):
    """An ontheffing of art. 9 covers the day: no tegenprestatie is asked."""

    title = "Ontheffing loopt"


class OngeldigeOpdracht(DomainError):
    """An opdracht or refusal that does not hold together."""

    status = 422
    title = "Ongeldige tegenprestatie"


@dataclass(frozen=True)
class Opdracht:
    """A tegenprestatie and its refusals."""

    opdracht: TegenprestatieOpgedragen
    weigeringen: tuple[TegenprestatieGeweigerd, ...] = ()

    @property
    def gemeente(self) -> str:
        """The klant's gemeente."""
        return self.opdracht.gemeente


@dataclass(frozen=True)
class DraagOp:
    """Command: ask a tegenprestatie of the klant or the klant's partner."""

    opdracht_id: UUID
    klant_id: UUID
    persoon: Persoon
    omschrijving: str
    uren_per_week: int
    van: date
    tot: date
    op: datetime = NU


@dataclass(frozen=True)
class Weiger:
    """Command: the person did not do it on `datum`, with the reason given (None: no reason)."""

    datum: date
    reden: str | None
    op: datetime = NU
    opdracht_id: UUID = field(kw_only=True)


def draag_op(command: DraagOp, gemeente: str, ontheffing: Ontheffing | None) -> list[EventData]:
    """The opdracht, unless an ontheffing of the klant covers its first day."""
    c = command
    if c.tot < c.van:
        raise OngeldigeOpdracht("het einde ligt voor de start", velden={"tot": "niet voor van"})
    if ontheffing is not None and c.persoon is Persoon.AANVRAGER:
        raise OntheffingLoopt(
            f"ontheffing (art. {ontheffing.grond}) van {ontheffing.van.isoformat()} tot en met "
            f"{ontheffing.tot.isoformat()}: geen tegenprestatie (art. 9)"
        )
    return [
        TegenprestatieOpgedragen(
            opdracht_id=c.opdracht_id,
            klant_id=c.klant_id,
            gemeente=gemeente,
            persoon=c.persoon,
            omschrijving=c.omschrijving,
            uren_per_week=c.uren_per_week,
            van=c.van,
            tot=c.tot,
            opgedragen_op=c.op,
        )
    ]


def weiger(state: Opdracht, command: Weiger, ontheffing: Ontheffing | None) -> list[EventData]:
    """The refusal, verwijtbaar only without a reason and without an ontheffing on that day."""
    o = state.opdracht
    if not o.van <= command.datum <= o.tot:
        raise OngeldigeOpdracht(
            "de weigering valt binnen de opdracht", velden={"datum": f"van {o.van.isoformat()} tot {o.tot.isoformat()}"}
        )
    if any(w.datum == command.datum for w in state.weigeringen):
        return []
    geldig = ontheffing if o.persoon is Persoon.AANVRAGER else None
    return [
        TegenprestatieGeweigerd(
            opdracht_id=o.opdracht_id,
            klant_id=o.klant_id,
            gemeente=o.gemeente,
            persoon=o.persoon,
            datum=command.datum,
            reden=command.reden,
            ontheffing_id=geldig.ontheffing_id if geldig else None,
            verwijtbaar=command.reden is None and geldig is None,
            geweigerd_op=command.op,
        )
    ]


def evolve(state: Opdracht | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Opdracht | None:
    """The opdracht after one more event."""
    if isinstance(event, TegenprestatieOpgedragen):
        return Opdracht(event)
    if state is not None and isinstance(event, TegenprestatieGeweigerd):
        return replace(state, weigeringen=(*state.weigeringen, event))
    return state


OPDRACHTEN: Aggregate[Opdracht] = Aggregate(
    OPDRACHT,
    evolve,
    gemeente=lambda o: o.gemeente,
    not_found=OpdrachtNietGevonden,
    subject=lambda o: o.opdracht.klant_id,
)
