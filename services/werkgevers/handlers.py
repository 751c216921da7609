"""Werkgevers' reactions to matching's events: plaatsingen fill vacatures and count for social return."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts import registry
from libs.events.contracts.matching import PlaatsingGerealiseerd
from libs.events.db import Sql
from libs.events.envelope import utcnow
from libs.events.registry import EventData, Recorded
from libs.events.store import EventContext, EventStore, StreamHead

from . import domain
from .projections import WerkgeversProjection

_PLAATSING = Sql(
    "INSERT INTO werkgevers_plaatsingen (plaatsing_id, werkgever_id, vacature_id, startdatum, einddatum, "
    "uren_per_week) VALUES (:id, :werkgever, :vacature, :start, :eind, :uren) ON CONFLICT DO NOTHING"
)
_BEZET = Sql("SELECT count(*) FROM werkgevers_plaatsingen WHERE vacature_id = :vacature")


class PlaatsingenHandler:
    """Records plaatsingen per employer and marks a vacature `gevuld` when its last position is taken.

    Idempotent: a plaatsing seen before changes nothing, so replaying matching's topic is safe.
    """

    name = "plaatsingen"
    tables = ("werkgevers_plaatsingen",)

    def __init__(self) -> None:
        self.store = EventStore(source="/regio/werkgevers", registry=registry)
        self.projection = WerkgeversProjection()

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Handle the batch's plaatsingen in order."""
        for recorded in events:
            event = recorded.data
            if not isinstance(event, PlaatsingGerealiseerd):
                continue
            nieuw = await _PLAATSING.execute(
                conn,
                id=event.plaatsing_id,
                werkgever=event.werkgever_id,
                vacature=event.vacature_id,
                start=event.startdatum,
                eind=event.einddatum,
                uren=event.uren_per_week,
            )
            if nieuw:
                await self._vul(conn, recorded)

    async def _vul(self, conn: AsyncConnection, recorded: Recorded[EventData]) -> None:
        event = recorded.data
        assert isinstance(event, PlaatsingGerealiseerd)
        loaded = await self.store.load(conn, str(event.vacature_id))
        state = domain.fold_vacature(r.data for r in loaded)
        if state is None:
            return
        bezet = await _BEZET.fetchrow(conn, vacature=event.vacature_id)
        assert bezet is not None
        events = domain.registreer_bezetting(state, bezet=int(bezet[0]), op=utcnow())
        if not events:
            return
        envelopes = await self.store.append(
            conn,
            stream_type=domain.VACATURE,
            stream_id=str(event.vacature_id),
            expected_version=StreamHead.of(loaded),
            events=events,
            subject=str(event.vacature_id),
            gemeente=state.gemeente,
            context=EventContext(
                actor="werkgevers",
                correlation_id=recorded.envelope.correlationid,
                causation_id=str(recorded.envelope.id),
            ),
        )
        await self.projection.apply(conn, [Recorded(env, data) for env, data in zip(envelopes, events, strict=True)])
