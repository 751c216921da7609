"""Notitie: one aggregate, one command, pure decide and evolve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.errors import DomainError
from libs.events.registry import EventData
from libs.events.stamps import NU

from .contracts import NotitieVastgelegd


class NotitieNietGevonden(DomainError):
    """No note with this id in your gemeenten."""

    status = 404
    title = "Notitie niet gevonden"


class LegeNotitie(DomainError):
    """A note says something."""

    status = 422
    title = "Lege notitie"


@dataclass(frozen=True)
class Notitie:
    """State of a note."""

    notitie_id: UUID
    klant_id: UUID
    gemeente: str
    tekst: str


@dataclass(frozen=True)
class LegVast:
    """Command: record a note about a klant."""

    notitie_id: UUID
    klant_id: UUID
    gemeente: str
    tekst: str
    op: datetime = NU  # stamped by the command path


def leg_vast(command: LegVast) -> list[EventData]:
    """A note with some text."""
    if not command.tekst.strip():
        raise LegeNotitie("een notitie zegt iets")
    return [
        NotitieVastgelegd(
            notitie_id=command.notitie_id,
            klant_id=command.klant_id,
            gemeente=command.gemeente,
            tekst=command.tekst,
            vastgelegd_op=command.op,
        )
    ]


def evolve(state: Notitie | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Notitie | None:
    """A note after one more event."""
    if isinstance(event, NotitieVastgelegd):
        return Notitie(event.notitie_id, event.klant_id, event.gemeente, event.tekst)
    return state


NOTITIES: Aggregate[Notitie] = Aggregate(
    "notitie", evolve, gemeente=lambda n: n.gemeente, not_found=NotitieNietGevonden, subject=lambda n: n.klant_id
)
