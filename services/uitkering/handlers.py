"""How uitkering's commands reach their streams: load, decide, append, answer; what handlers gather.

A slice's command table maps a command type to one handler. Most are `op_uitkering(decide)`: the pure decision
of the slice's domain on the uitkering named by `command.uitkering_id`. The few that gather more (the klant's
facts, a key to encrypt with, the gemeente's betaaldag) are written out in the slice's `handlers.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events import shredding
from libs.events.commands import Handler, on_stream
from libs.events.db import Sql
from libs.events.registry import EventData

from .aanvraag.domain import KlantFeiten, KlantOnbekend
from .aanvraag.queries import uitkering_body
from .stand import UITKERINGEN, Uitkering
from .verordening import Afstemmingsverordening, verordening


class OpUitkering(Protocol):
    """A command on one existing uitkering."""

    @property
    def uitkering_id(self) -> UUID: ...


C = TypeVar("C", bound=OpUitkering)


def op_uitkering(decide: Callable[[Uitkering, C], Sequence[EventData]]) -> Handler:
    """The handler of a command that one pure decision on the uitkering carries out; it answers the uitkering."""

    return on_stream(UITKERINGEN, lambda c: c.uitkering_id, decide, lambda loaded: uitkering_body(loaded.state))


class VolgensVerordening(OpUitkering, Protocol):
    """A command on an uitkering decided under the gemeente's verordening in force on its day."""

    @property
    def vandaag(self) -> date: ...


V = TypeVar("V", bound=VolgensVerordening)


def volgens_verordening(
    decide: Callable[[Uitkering, V, Afstemmingsverordening], Sequence[EventData]],
) -> Callable[[Uitkering, V], Sequence[EventData]]:
    """The decision under the gemeente's verordening in force on the command's day."""
    return lambda state, command: decide(state, command, verordening(state.gemeente, command.vandaag))


_KLANT = Sql(
    "SELECT gemeente, zoektermijn_einde, zoektermijn_uitzondering FROM uitkering_klanten WHERE klant_id = :klant"
)


async def klant_feiten(conn: AsyncConnection, klant_id: UUID) -> KlantFeiten | None:
    """What intake's events said about the klant (woongemeente, zoektermijn)."""
    row = await _KLANT.fetchrow(conn, klant=klant_id)
    return None if row is None else KlantFeiten(row[0], row[1], row[2])


async def versleutel(conn: AsyncConnection, klant_id: UUID, values: dict[str, Any]) -> str:
    """Encrypt personal values with the klant's key in this service (made on first use)."""
    key = await shredding.sleutel(conn, klant_id, aanmaken=True)
    if key is None:
        raise KlantOnbekend("de gegevens van deze klant zijn gewist; er kan niets meer worden vastgelegd")
    return shredding.versleutel(key, klant_id, values)
