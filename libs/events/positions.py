"""Stream positions per consumer: the last version applied of each producer's stream, so a redelivered event is
dropped and a missing one is noticed.

A stream is identified by its producing service and id (two topics may use the same id: a klant's stream in
intake and its kandidaat stream in matching). The service is taken from the event's `source` by name, so a
stream whose events were recorded before and after the source became a URN is one stream.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from .envelope import dienst_van
from .observability import get_logger
from .registry import EventData, Recorded

log = get_logger(__name__)

Delivered = list[tuple[Any, Recorded[EventData]]]


async def drop_seen(conn: AsyncConnection, consumer: str, decoded: Delivered) -> tuple[Delivered, int, int]:
    """The events to apply (in order), and how many were duplicates and gaps; the new positions are stored.

    An event after a gap is held back (an audit store, which wants it, is a gate and is not asked).
    """
    stream_ids = list({ev.envelope.streamid for _, ev in decoded})
    if not stream_ids:
        return [], 0, 0
    rows = await conn.execute(
        text(
            "SELECT bron, stream_id, version FROM consumer_streams WHERE consumer = :c "
            "AND stream_id = ANY(CAST(:ids AS text[]))"
        ),
        {"c": consumer, "ids": stream_ids},
    )
    seen: dict[tuple[str, str], int] = {}
    legacy: dict[str, int] = {}
    for bron, sid, version in rows:
        if bron:
            seen[(bron, sid)] = int(version)
        else:
            legacy[sid] = int(version)  # written before positions were kept per producer
    before = dict(seen)
    fresh: Delivered = []
    duplicates = gaps = 0
    for record, event in decoded:
        key = (dienst_van(event.envelope.source), event.envelope.streamid)
        version = event.envelope.streamversion
        current = seen.get(key, legacy.get(key[1], 0))
        if version <= current:
            duplicates += 1
        elif version > current + 1:
            gaps += 1
            log.warning(
                "consumer.version_gap",
                stream_id=key[1],
                bron=key[0],
                expected=current + 1,
                got=version,
                correlation_id=event.envelope.correlationid,
            )
        else:
            seen[key] = version
            fresh.append((record, event))
    changed = {key: v for key, v in seen.items() if before.get(key) != v}
    if changed:
        await conn.execute(
            text(
                "INSERT INTO consumer_streams (consumer, bron, stream_id, version) "
                "SELECT :c, b, s, v FROM unnest(CAST(:b AS text[]), CAST(:s AS text[]), CAST(:v AS int[])) "
                "AS u(b, s, v) ON CONFLICT (consumer, bron, stream_id) DO UPDATE SET version = EXCLUDED.version"
            ),
            {"c": consumer, "b": [k[0] for k in changed], "s": [k[1] for k in changed], "v": list(changed.values())},
        )
    return fresh, duplicates, gaps
