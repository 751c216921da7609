"""Notities by gemeente, applied in the command's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.db import Sql
from libs.events.registry import EventData, Recorded

from .contracts import NotitieVastgelegd

_NOTITIE = Sql("INSERT INTO notities VALUES (:id, :klant, :gemeente, :tekst, :op)")


class NotitiesProjection:
    """One row per note."""

    name = "notities"
    tables = ("notities",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order."""
        for e in (r.data for r in events):
            if isinstance(e, NotitieVastgelegd):
                await _NOTITIE.execute(
                    conn, id=e.notitie_id, klant=e.klant_id, gemeente=e.gemeente, tekst=e.tekst, op=e.vastgelegd_op
                )
