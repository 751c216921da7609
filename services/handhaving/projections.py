"""The audit store: every event of every topic, as it came, with its hash chain checked on arrival.

A topic projection, so `replay rebuild handhaving` refills it from the topics and must arrive at the same
store. Each stream's head (version and hash) is kept; an event whose `prevhash` is not that head, or whose
content does not hash to its `hash`, is stored anyway (never repaired) and recorded as a break with the
first bad link. The policy `KetenbreukMelden` turns each unreported break into an alert event.
"""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.handhaving import KetenbreukGemeld
from libs.events.db import Sql
from libs.events.envelope import chain_hash, dumps
from libs.events.registry import EventData, Recorded

BREUKEN = Counter("audit_ketenbreuken_total", "Hash-chain breaks found by the audit store on ingest", ["topic"])

_EVENT = Sql(
    "INSERT INTO audit_events (event_id, topic, stream_id, streamversie, type, subject, gemeente, actor, tijd, "
    "hash, envelope) VALUES (:id, :topic, :stream, :versie, :type, :subject, :gemeente, :actor, :tijd, :hash, "
    "CAST(:envelope AS jsonb)) ON CONFLICT DO NOTHING"
)
_KOP = Sql("SELECT streamversie, hash FROM audit_koppen WHERE topic = :topic AND stream_id = :stream")
_KOP_ZET = Sql(
    "INSERT INTO audit_koppen (topic, stream_id, streamversie, hash) VALUES (:topic, :stream, :versie, :hash) "
    "ON CONFLICT (topic, stream_id) DO UPDATE SET streamversie = EXCLUDED.streamversie, hash = EXCLUDED.hash"
)
_BREUK = Sql(
    "INSERT INTO audit_breuken (topic, stream_id, streamversie, event_id, gemeente, reden) "
    "VALUES (:topic, :stream, :versie, :id, :gemeente, :reden) ON CONFLICT (topic, stream_id) DO NOTHING"
)


def _topic(source: str) -> str:
    """The producing service's topic from the envelope's source (`/regio/<service>`)."""
    return f"{source.rsplit('/', 1)[-1]}.events"


class AuditStore:
    """Every event of the platform's topics, append-only, with each stream's chain verified on arrival."""

    name = "auditstore"
    tables = ("audit_events", "audit_koppen", "audit_breuken")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Store each event as it came and check its link to the stream's head."""
        for recorded in events:
            env = recorded.envelope
            topic = _topic(env.source)
            row = await _KOP.fetchrow(conn, topic=topic, stream=env.streamid)
            vorige_versie, vorige_hash = (0, None) if row is None else (int(row[0]), str(row[1]))
            reden = None
            if env.streamversion != vorige_versie + 1:
                reden = f"versie {env.streamversion} volgt niet op {vorige_versie}"
            elif vorige_hash is not None and env.prevhash != vorige_hash:
                reden = "prevhash is niet de hash van het vorige event"
            elif chain_hash(env.prevhash, env.model_dump(mode="json", exclude={"hash"})) != env.hash:
                reden = "de inhoud past niet bij de hash (event gewijzigd)"
            await _EVENT.execute(
                conn,
                id=env.id,
                topic=topic,
                stream=env.streamid,
                versie=env.streamversion,
                type=env.type,
                subject=env.subject,
                gemeente=env.gemeente,
                actor=env.actor,
                tijd=env.time,
                hash=env.hash,
                envelope=dumps(env.model_dump(mode="json")),
            )
            await _KOP_ZET.execute(conn, topic=topic, stream=env.streamid, versie=env.streamversion, hash=env.hash)
            if reden is not None:
                BREUKEN.labels(topic).inc()
                await _BREUK.execute(
                    conn,
                    topic=topic,
                    stream=env.streamid,
                    versie=env.streamversion,
                    id=env.id,
                    gemeente=env.gemeente,
                    reden=reden,
                )


_KETENBREUK = Sql(
    "INSERT INTO ketenbreuken (breuk_id, event_id, gemeente, topic, stream_id, streamversie, reden, gemeld_op) "
    "VALUES (:breuk, :event, :gemeente, :topic, :stream, :versie, :reden, :op) ON CONFLICT DO NOTHING"
)


class KetenbreukenProjection:
    """Handhaving's own alerts, for the list and to report each break once."""

    name = "ketenbreuken"
    tables = ("ketenbreuken",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Record each KetenbreukGemeld."""
        for recorded in events:
            e = recorded.data
            if isinstance(e, KetenbreukGemeld):
                await _KETENBREUK.execute(
                    conn,
                    breuk=e.breuk_id,
                    event=e.event_id,
                    gemeente=e.gemeente,
                    topic=e.topic,
                    stream=e.stream_id,
                    versie=e.streamversie,
                    reden=e.reden,
                    op=e.gemeld_op,
                )
