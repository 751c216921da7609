"""Append-only event store on PostgreSQL with optimistic concurrency and a transactional outbox."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from prometheus_client import Counter
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from .db import Sql
from .envelope import (
    GENESIS_HASH,
    Envelope,
    Sealed,
    chain_break,
    cloud_type,
    dienst_van,
    event_type_of,
    new_event_id,
    seal_fields,
    utcnow,
)
from .errors import KetenGebroken
from .observability import get_logger
from .ondertekening import Sleutel, Sleutelring
from .registry import EventData, EventRegistry, Recorded

log = get_logger(__name__)


class ConcurrencyConflict(Exception):
    """The stream is not at the version the writer expected (someone else appended first)."""

    def __init__(self, stream_id: str, expected: int, actual: int | None) -> None:
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
        found = "a concurrent append" if actual is None else f"version {actual}"
        super().__init__(f"stream {stream_id}: expected version {expected}, found {found}")


@dataclass(frozen=True)
class EventContext:
    """Who and what caused the events being appended: carried into every envelope."""

    actor: str
    correlation_id: str
    causation_id: str | None = None
    traceparent: str | None = None
    # The actor's roles as the token named them (comma-separated), so a history says in which role.
    roles: str | None = None


@dataclass(frozen=True)
class StreamHead:
    """Current version and last hash of a stream (version 0 and the genesis hash when empty)."""

    version: int
    hash: str

    @classmethod
    def of(cls, events: Sequence[Recorded[EventData]] | Sequence[Envelope]) -> StreamHead:
        """Head after a loaded stream: what a command handler appends against."""
        if not events:
            return NEW_STREAM
        last = events[-1]
        envelope = last if isinstance(last, Envelope) else last.envelope
        return cls(envelope.streamversion, envelope.hash)


NEW_STREAM = StreamHead(0, GENESIS_HASH)


@dataclass(frozen=True)
class Append:
    """One stream's part of a batch append: its head before the batch and the events to add."""

    stream_type: str
    stream_id: str
    head: StreamHead
    events: Sequence[EventData]
    subject: str
    gemeente: str | None


_MANY_COLUMNS = (
    "stream_ids",
    "stream_types",
    "versions",
    "ids",
    "types",
    "schemas",
    "hashes",
    "envelopes",
    "expected",
    "prevhashes",
)


_HEAD = Sql(
    "SELECT stream_version, hash FROM event_store WHERE stream_id = :stream_id ORDER BY stream_version DESC LIMIT 1"
)

# One statement writes the events and their outbox rows, so a committed event always has
# an outbox row until the relay has published it. The WHERE clause is the chain guard: the
# events are only written on top of the exact head (version and hash) the writer built them on.
# A concurrent writer that got there first makes the unique (stream_id, stream_version) fail.
_APPEND = Sql(
    """
    WITH ins AS (
        INSERT INTO event_store
            (stream_id, stream_type, stream_version, event_id, event_type, schema_version, hash, envelope)
        SELECT :stream_id, :stream_type, u.v, u.id, u.t, u.s, u.h, CAST(u.e AS jsonb)
        FROM unnest(CAST(:versions AS int[]), CAST(:ids AS uuid[]), CAST(:types AS text[]),
                    CAST(:schemas AS int[]), CAST(:hashes AS text[]), CAST(:envelopes AS text[]))
             AS u(v, id, t, s, h, e)
        WHERE CAST(:expected AS int) = 0 OR EXISTS (
            SELECT 1 FROM event_store
            WHERE stream_id = :stream_id AND stream_version = CAST(:expected AS int) AND hash = :prevhash)
        RETURNING global_position
    )
    INSERT INTO event_outbox (global_position) SELECT global_position FROM ins
    """
)

# The same chain guard for many streams in one statement (a batch job): each row carries its stream's head
# before the batch; a row whose head moved is not written, and the count tells the caller.
_APPEND_MANY = Sql(
    """
    WITH ins AS (
        INSERT INTO event_store
            (stream_id, stream_type, stream_version, event_id, event_type, schema_version, hash, envelope)
        SELECT u.sid, u.st, u.v, u.id, u.t, u.s, u.h, CAST(u.e AS jsonb)
        FROM unnest(CAST(:stream_ids AS text[]), CAST(:stream_types AS text[]), CAST(:versions AS int[]),
                    CAST(:ids AS uuid[]), CAST(:types AS text[]), CAST(:schemas AS int[]), CAST(:hashes AS text[]),
                    CAST(:envelopes AS text[]), CAST(:expected AS int[]), CAST(:prevhashes AS text[]))
             AS u(sid, st, v, id, t, s, h, e, expected, prevhash)
        WHERE u.expected = 0 OR EXISTS (
            SELECT 1 FROM event_store x
            WHERE x.stream_id = u.sid AND x.stream_version = u.expected AND x.hash = u.prevhash)
        RETURNING global_position
    )
    INSERT INTO event_outbox (global_position) SELECT global_position FROM ins
    """
)

_READ_STREAM = Sql(
    "SELECT envelope::text FROM event_store WHERE stream_id = :stream_id "
    "AND stream_version > :after ORDER BY stream_version"
)

_HEADS = Sql(
    "SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM event_store "
    "WHERE stream_id = ANY(CAST(:stream_ids AS text[])) ORDER BY stream_id, stream_version DESC"
)

_READ_STREAMS = Sql(
    "SELECT stream_id, envelope::text FROM event_store WHERE stream_id = ANY(CAST(:stream_ids AS text[])) "
    "ORDER BY stream_id, stream_version"
)

_READ_ALL = Sql(
    "SELECT global_position, envelope::text FROM event_store WHERE global_position > :after "
    "ORDER BY global_position LIMIT :limit"
)


def seal_events(
    events: Sequence[EventData],
    *,
    head: StreamHead,
    source: str,
    stream_type: str,
    stream_id: str,
    subject: str,
    gemeente: str | None,
    context: EventContext,
    time: datetime | None = None,
    sleutel: Sleutel | None = None,
) -> tuple[list[Envelope], list[str]]:
    """Wrap payloads in chained envelopes after `head` (signed with `sleutel`); also return each one's JSON text."""
    parts: list[Sealed] = []
    prevhash = head.hash
    at = time or utcnow()
    for offset, event in enumerate(events, start=1):
        part = seal_fields(
            {
                "id": new_event_id(),
                "source": source,
                "type": cloud_type(dienst_van(source), event.event_type),
                "time": at,
                "subject": subject,
                "data": event.model_dump(mode="json"),
                "streamtype": stream_type,
                "streamid": stream_id,
                "streamversion": head.version + offset,
                "schemaversion": event.schema_version,
                "gemeente": gemeente,
                "actor": context.actor,
                "actorroles": context.roles,
                "correlationid": context.correlation_id,
                "causationid": context.causation_id,
                "traceparent": context.traceparent,
            },
            prevhash,
        )
        parts.append(part)
        prevhash = part.hash
    if sleutel is None:
        paren = [p.envelope() for p in parts]
    else:
        # The chain is built first (each hash needs the one before); the signatures of a batch then on every core.
        handtekeningen = sleutel.teken_veel([p.hash for p in parts])
        paren = [p.envelope(h, sleutel.kid) for p, h in zip(parts, handtekeningen, strict=True)]
    return [e for e, _ in paren], [t for _, t in paren]


KETEN_GEBROKEN = Counter(
    "event_keten_gebroken_total", "Streams a decision would fold that are not as sealed (refused)", ["service"]
)


def keten_breuken(streams: Mapping[str, Sequence[str]], ring: Sleutelring, dienst: str) -> dict[str, tuple[int, str]]:
    """The first bad link (version, why) of each stream as stored that is not what was sealed; intact ones absent.

    Each event's content is hashed again and linked to the one before; once a stream is signed every later
    event must be too, and the signature of its last event, over a hash that covers the whole chain, must
    verify with the service's own keys (current or earlier). Events from before signing stay valid unsigned.
    The signatures of all streams are checked together, on every core.
    """
    breuken: dict[str, tuple[int, str]] = {}
    laatste: list[tuple[str, dict[str, Any]]] = []
    for stream_id, texts in streams.items():
        uitslag = chain_break(texts)
        if isinstance(uitslag, tuple):
            breuken[stream_id] = uitslag
        elif uitslag is not None:
            laatste.append((stream_id, uitslag))
    # Its own last event is the stream's head when the stream is signed: no unsigned event may follow one.
    controles = [(dienst, str(doc.get("keyid")), str(doc["signature"]), str(doc["hash"])) for _, doc in laatste]
    for (stream_id, doc), klopt in zip(laatste, ring.klopt_veel(controles), strict=True):
        if not klopt:
            versie = int(doc["streamversion"])
            breuken[stream_id] = (versie, f"versie {versie}: de handtekening klopt niet met een sleutel van {dienst}")
    return breuken


def keten_breuk(texts: Sequence[str], ring: Sleutelring, dienst: str) -> tuple[int, str] | None:
    """The first bad link of one stream as stored (version, why), or None when it is what was sealed."""
    return keten_breuken({"": texts}, ring, dienst).get("")


class EventStore:
    """Writes and reads one service's events. Works inside the caller's transaction."""

    def __init__(self, source: str, registry: EventRegistry, sleutel: Sleutel | None = None) -> None:
        self.source = source
        self.registry = registry
        # What this store seals is signed with the service's key; None only in tests of unsigned (older) events.
        self.sleutel = sleutel
        self.dienst = dienst_van(source)
        self.ring = Sleutelring()
        if sleutel is not None:
            self.ring.voeg_toe(self.dienst, sleutel.jwks())

    def _gebroken(self, streams: Mapping[str, Sequence[str]]) -> dict[str, str]:
        breuken = keten_breuken(streams, self.ring, self.dienst)
        for stream_id, (versie, reden) in breuken.items():
            KETEN_GEBROKEN.labels(self.dienst).inc()
            log.error("keten.gebroken", stream_id=stream_id, versie=versie, reden=reden)
        return {stream_id: reden for stream_id, (_, reden) in breuken.items()}

    async def head(self, conn: AsyncConnection, stream_id: str) -> StreamHead:
        """The stream's current version and last hash."""
        row = await _HEAD.fetchrow(conn, stream_id=stream_id)
        if row is None:
            return StreamHead(0, GENESIS_HASH)
        return StreamHead(int(row[0]), str(row[1]))

    async def append(
        self,
        conn: AsyncConnection,
        *,
        stream_type: str,
        stream_id: str,
        expected_version: int | StreamHead,
        events: Sequence[EventData],
        subject: str,
        gemeente: str | None,
        context: EventContext,
    ) -> list[Envelope]:
        """Append events after `expected_version`; raise ConcurrencyConflict if the stream moved.

        Pass the StreamHead of the stream you loaded (StreamHead.of(events)) to save a read; with a
        bare version number above 0 the head is read first to link the hash chain.
        """
        if not events:
            return []
        for event in events:
            if event.event_type not in self.registry:
                raise ValueError(f"event type {event.event_type} is not registered")
        if isinstance(expected_version, StreamHead):
            head = expected_version
        elif expected_version == 0:
            head = NEW_STREAM
        else:
            head = await self.head(conn, stream_id)
            if head.version != expected_version:
                raise ConcurrencyConflict(stream_id, expected_version, head.version)
        sealed, texts = seal_events(
            events,
            head=head,
            source=self.source,
            stream_type=stream_type,
            stream_id=stream_id,
            subject=subject,
            gemeente=gemeente,
            context=context,
            sleutel=self.sleutel,
        )
        params: dict[str, Any] = {
            "stream_id": stream_id,
            "stream_type": stream_type,
            "expected": head.version,
            "prevhash": head.hash,
            "versions": [e.streamversion for e in sealed],
            "ids": [e.id for e in sealed],
            "types": [event_type_of(e.type) for e in sealed],
            "schemas": [e.schemaversion for e in sealed],
            "hashes": [e.hash for e in sealed],
            "envelopes": texts,
        }
        # A lost race aborts the caller's transaction: the whole command is retried or refused.
        try:
            inserted = await _APPEND.execute(conn, **params)
        except asyncpg.UniqueViolationError as exc:
            raise ConcurrencyConflict(stream_id, head.version, None) from exc
        except IntegrityError as exc:
            if "event_store_stream_id_stream_version_key" in str(exc.orig):
                raise ConcurrencyConflict(stream_id, head.version, None) from exc
            raise
        if inserted != len(sealed):
            raise ConcurrencyConflict(stream_id, head.version, None)
        return sealed

    async def append_many(
        self, conn: AsyncConnection, appends: Sequence[Append], context: EventContext
    ) -> list[list[Envelope]]:
        """Append to many streams in one statement, each on its own head; ConcurrencyConflict if any moved.

        For batch jobs (a betaalrun): the same envelopes, chain guard and outbox rows as `append`, one
        round trip instead of one per stream. All or nothing: the caller's transaction fails on a conflict.
        """
        sealed_all: list[list[Envelope]] = []
        columns: dict[str, list[Any]] = {k: [] for k in _MANY_COLUMNS}
        for a in appends:
            for event in a.events:
                if event.event_type not in self.registry:
                    raise ValueError(f"event type {event.event_type} is not registered")
            sealed, texts = seal_events(
                a.events,
                head=a.head,
                source=self.source,
                stream_type=a.stream_type,
                stream_id=a.stream_id,
                subject=a.subject,
                gemeente=a.gemeente,
                context=context,
                sleutel=self.sleutel,
            )
            sealed_all.append(sealed)
            for envelope, as_text in zip(sealed, texts, strict=True):
                for key, value in (
                    ("stream_ids", a.stream_id),
                    ("stream_types", a.stream_type),
                    ("versions", envelope.streamversion),
                    ("ids", envelope.id),
                    ("types", event_type_of(envelope.type)),
                    ("schemas", envelope.schemaversion),
                    ("hashes", envelope.hash),
                    ("envelopes", as_text),
                    ("expected", a.head.version),
                    ("prevhashes", a.head.hash),
                ):
                    columns[key].append(value)
        if not columns["ids"]:
            return sealed_all
        try:
            inserted = await _APPEND_MANY.execute(conn, **columns)
        except asyncpg.UniqueViolationError as exc:
            raise ConcurrencyConflict("(batch)", -1, None) from exc
        if inserted != len(columns["ids"]):
            raise ConcurrencyConflict("(batch)", -1, None)
        return sealed_all

    async def read_stream(self, conn: AsyncConnection, stream_id: str, after_version: int = 0) -> list[Envelope]:
        """All envelopes of one stream in version order."""
        rows = await _READ_STREAM.fetch(conn, stream_id=stream_id, after=after_version)
        return [Envelope.model_validate_json(row[0]) for row in rows]

    async def load(self, conn: AsyncConnection, stream_id: str, *, verified: bool = False) -> list[Recorded[EventData]]:
        """All events of one stream, decoded to their current models.

        `verified`: only from an intact chain (KetenGebroken names the first bad link), for decisions on money.
        """
        if not verified:
            return [self.registry.decode(env) for env in await self.read_stream(conn, stream_id)]
        texts = [str(row[0]) for row in await _READ_STREAM.fetch(conn, stream_id=stream_id, after=0)]
        if (reden := self._gebroken({stream_id: texts}).get(stream_id)) is not None:
            raise KetenGebroken(stream_id, reden)
        return [self.registry.decode_json(t) for t in texts]

    async def heads(self, conn: AsyncConnection, stream_ids: Sequence[str]) -> dict[str, StreamHead]:
        """The heads of many streams in one read (absent streams are left out)."""
        rows = await _HEADS.fetch(conn, stream_ids=list(stream_ids))
        return {row[0]: StreamHead(int(row[1]), str(row[2])) for row in rows}

    async def load_many_verified(
        self, conn: AsyncConnection, stream_ids: Sequence[str]
    ) -> tuple[dict[str, list[Recorded[EventData]]], dict[str, str]]:
        """`load_many` of the intact streams only, and why each other one is not (a batch decides on the rest)."""
        texts: dict[str, list[str]] = {}
        for stream_id, text_ in await _READ_STREAMS.fetch(conn, stream_ids=list(stream_ids)):
            texts.setdefault(stream_id, []).append(text_)
        gebroken = self._gebroken(texts)
        streams = {
            stream_id: [self.registry.decode_json(t) for t in stream]
            for stream_id, stream in texts.items()
            if stream_id not in gebroken
        }
        return streams, gebroken

    async def read_all(
        self, conn: AsyncConnection, after_position: int = 0, limit: int = 1000
    ) -> list[tuple[int, Envelope]]:
        """Committed events after a global position, in position order (for replay and audit)."""
        rows = await _READ_ALL.fetch(conn, after=after_position, limit=limit)
        return [(int(row[0]), Envelope.model_validate_json(row[1])) for row in rows]

    async def republish_all(self, conn: AsyncConnection) -> int:
        """Queue every stored event for the relay again (after the broker was replaced); return count."""
        result = await conn.execute(
            text(
                "INSERT INTO event_outbox (global_position) SELECT global_position FROM event_store "
                "ON CONFLICT DO NOTHING"
            )
        )
        return int(result.rowcount or 0)
