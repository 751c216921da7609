"""Handhaving's reactions: a break the audit store recorded becomes an alert event, once; an event that
matters while an uitkering runs becomes a signaal, once."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.commands import UnitOfWork
from libs.events.contracts.handhaving import Signaalbron
from libs.events.contracts.uitkering import InkomenBron
from libs.events.db import Sql
from libs.events.envelope import dienst_van, event_type_of, new_event_id
from libs.events.observability import get_logger
from libs.events.registry import EventData, Recorded

from . import domain, signalen
from .projections import geldige

log = get_logger(__name__)

_OPEN = Sql(
    "SELECT topic, stream_id, streamversie, event_id, gemeente, reden FROM audit_breuken b WHERE event_id = :id "
    "AND NOT EXISTS (SELECT 1 FROM ketenbreuken k WHERE k.event_id = b.event_id)"
)
_GEBROKEN = Sql("SELECT event_id FROM audit_breuken WHERE event_id = ANY(CAST(:ids AS uuid[]))")


class KetenbreukMelden:
    """After the audit store (which runs first) recorded a break at this event, report it as an event."""

    name = "ketenbreuk-melden"

    async def select(
        self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]
    ) -> Sequence[Recorded[EventData]]:
        """Only the events the audit store marked as a bad link, found in one query for the batch."""
        gebroken = {row[0] for row in await _GEBROKEN.fetch(conn, ids=[e.envelope.id for e in events])}
        return [e for e in events if e.envelope.id in gebroken]

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Append `KetenbreukGemeld` for an unreported break at this event (idempotent: reported once)."""
        row = await _OPEN.fetchrow(uow.conn, id=event.envelope.id)
        if row is None:
            return
        topic, stream_id, versie, event_id, gemeente, reden = row
        if gemeente is None:
            # A copy that names no gemeente (a forgery may leave it out) has nobody to be reported to: the break
            # stays in the audit store, in the log and in audit_ketenbreuken_total, and never stops the batch.
            log.error("auditstore.breuk_zonder_gemeente", topic=topic, stream_id=stream_id, reden=reden)
            return
        breuk_id = new_event_id()
        command = domain.MeldKetenbreuk(breuk_id, gemeente, topic, stream_id, versie, event_id, reden, uow.now)
        await uow.start(domain.KETENBREUKEN, breuk_id, domain.meld(command), gemeente=gemeente)


_LOPEND = Sql(
    "SELECT gemeente FROM hh_uitkeringen WHERE klant_id = :klant AND toegekend_tijd IS NOT NULL "
    "AND beeindigd_tijd IS NULL ORDER BY toegekend_tijd LIMIT 1"
)
_BEKEND = Sql("SELECT 1 FROM signalen WHERE signaal_id = :id")


class SignaalUitGebeurtenis:
    """A plaatsing, income, a move or a household change while an uitkering runs: a signaal, once per event.

    Runs after the projections, so the uitkering the event belongs to is already known here.
    """

    name = "signaal-uit-gebeurtenis"

    async def select(
        self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]
    ) -> Sequence[Recorded[EventData]]:
        """Only the kinds of event that can signal something (not the income an onderzoek itself found, nor a
        copy the audit store rejected)."""
        kandidaten = [
            e
            for e in events
            if event_type_of(e.envelope.type) in signalen.GEBEURTENISSEN
            and getattr(e.data, "bron", None) is not InkomenBron.ONDERZOEK
        ]
        return await geldige(conn, kandidaten)

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Record a signaal in the gemeente of the running uitkering."""
        product = signalen.GEBEURTENISSEN.get(event_type_of(event.envelope.type))
        klant_id = getattr(event.data, "klant_id", None)
        if product is None or klant_id is None:
            return
        row = await _LOPEND.fetchrow(uow.conn, klant=klant_id)
        if row is None:
            return
        signaal_id = signalen.signaal_id(Signaalbron.GEBEURTENIS, str(event.envelope.id))
        if await _BEKEND.fetchrow(uow.conn, id=signaal_id) is not None:
            return
        dienst = dienst_van(event.envelope.source)
        command = domain.OntvangSignaal(
            signaal_id=signaal_id,
            klant_id=klant_id,
            gemeente=str(row[0]),
            bron=Signaalbron.GEBEURTENIS,
            product=product,
            kenmerk=str(event.envelope.id),
            periode_van=getattr(event.data, "periode", None) or getattr(event.data, "per", None),
            periode_tot=None,
            bedrag=getattr(event.data, "netto", None),
            omschrijving=f"{product} ({dienst}, {event_type_of(event.envelope.type)}) terwijl een uitkering loopt",
            op=uow.now,
        )
        await uow.start(domain.SIGNALEN, signaal_id, domain.ontvang(command), gemeente=command.gemeente)
