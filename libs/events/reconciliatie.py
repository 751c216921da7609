"""Reconciliation both ways: a service's own store against the audit store's copy of its topic.

Both sides are read a page of streams at a time and compared stream by stream:

- the service's own chain: every content hash recomputed, every link, and the signature of its last event;
- every event the service holds must be in the audit store with the same id and hash (else: missing, or
  another hash), and every copy the audit store accepted must be in the service's store (else: an extra event,
  or the tail of a stream truncated at the source);
- every audit copy's content is hashed again (an audit copy altered after it arrived).

`replay verify --all` runs it for every service; handhaving runs it periodically (RECONCILIATIE_INTERVAL_S)
and reports what it finds as ketenbreuken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection

from .db import Sql
from .envelope import content_hash
from .ondertekening import Sleutelring
from .store import keten_breuken

PAGINA = 1000
# Streams a page at a time, each side in its own database's order (no order is assumed to hold across the two).
_BRON_STREAMS = Sql("SELECT DISTINCT stream_id FROM event_store WHERE stream_id > :na ORDER BY stream_id LIMIT :limit")
_BRON = Sql(
    "SELECT stream_id, stream_version, event_id, hash, envelope::text FROM event_store "
    "WHERE stream_id = ANY(CAST(:ids AS text[])) ORDER BY stream_id, stream_version"
)
_BRON_BESTAAT = Sql("SELECT DISTINCT stream_id FROM event_store WHERE stream_id = ANY(CAST(:ids AS text[]))")
_KOPIE_STREAMS = Sql(
    "SELECT DISTINCT stream_id FROM audit_events WHERE topic = :topic AND echtheid <> 'afgewezen' "
    "AND stream_id > :na ORDER BY stream_id LIMIT :limit"
)
# Every copy but the rejected ones (those are evidence of a forgery, never part of a stream).
_KOPIE = Sql(
    "SELECT stream_id, streamversie, event_id, hash, envelope::text, echtheid FROM audit_events "
    "WHERE topic = :topic AND echtheid <> 'afgewezen' AND stream_id = ANY(CAST(:ids AS text[])) "
    "ORDER BY stream_id, streamversie"
)


@dataclass(frozen=True)
class Verschil:
    """One difference, named by service, stream and version (and the event it concerns, when there is one)."""

    service: str
    stream: str
    version: int
    reden: str
    event_id: UUID | None = None
    gemeente: str | None = None

    def als_json(self) -> dict[str, Any]:
        """The difference as the command line prints it."""
        return {"service": self.service, "stream": self.stream, "version": self.version, "reden": self.reden}


@dataclass
class Uitslag:
    """What one service's reconciliation found."""

    service: str
    streams: int = 0
    events: int = 0
    vergeleken_met_audit_store: int = 0
    verschillen: list[Verschil] = field(default_factory=list)
    # Contested audit copies that are not what the service holds (and those that are): for resolution.
    onecht: list[tuple[UUID, str]] = field(default_factory=list)
    echt: list[tuple[UUID, str]] = field(default_factory=list)


async def _per_stream(conn: AsyncConnection, sql: Sql, ids: list[str], **vast: Any) -> dict[str, list[Any]]:
    rijen: dict[str, list[Any]] = {}
    for rij in await sql.fetch(conn, ids=ids, **vast):
        rijen.setdefault(rij[0], []).append(rij)
    return rijen


async def vergelijk(
    service: str,
    eigen: AsyncConnection,
    audit: AsyncConnection,
    ring: Sleutelring,
    *,
    tot: datetime | None = None,
    limiet: int = 1000,
) -> Uitslag:
    """Reconcile `service`'s store with the audit store's copy of its topic.

    `tot`: events recorded after this moment may not have reached the audit store yet and are not missed.
    """
    uitslag = Uitslag(service)
    topic = f"{service}.events"

    def neem_op(stream_id: str, eigen_rijen: list[Any], kopie_rijen: list[Any], breuk: tuple[int, str] | None) -> None:
        uitslag.streams += bool(eigen_rijen)
        uitslag.events += len(eigen_rijen)
        uitslag.vergeleken_met_audit_store += len(kopie_rijen)
        for verschil in _stream(service, stream_id, eigen_rijen, kopie_rijen, breuk, tot, uitslag):
            if len(uitslag.verschillen) < limiet:
                uitslag.verschillen.append(verschil)

    na = ""
    while ids := [r[0] for r in await _BRON_STREAMS.fetch(eigen, na=na, limit=PAGINA)]:
        eigen_rijen = await _per_stream(eigen, _BRON, ids)
        kopie_rijen = await _per_stream(audit, _KOPIE, ids, topic=topic)
        breuken = keten_breuken({s: [r[4] for r in rijen] for s, rijen in eigen_rijen.items()}, ring, service)
        for stream_id in ids:
            neem_op(stream_id, eigen_rijen.get(stream_id, []), kopie_rijen.get(stream_id, []), breuken.get(stream_id))
        na = ids[-1]
    # Streams the audit store holds that the service does not hold at all.
    na = ""
    while ids := [r[0] for r in await _KOPIE_STREAMS.fetch(audit, topic=topic, na=na, limit=PAGINA)]:
        bekend = {r[0] for r in await _BRON_BESTAAT.fetch(eigen, ids=ids)}
        vreemd = [i for i in ids if i not in bekend]
        if vreemd:
            kopie_rijen = await _per_stream(audit, _KOPIE, vreemd, topic=topic)
            for stream_id in vreemd:
                neem_op(stream_id, [], kopie_rijen.get(stream_id, []), None)
        na = ids[-1]
    return uitslag


def _stream(
    service: str,
    stream_id: str,
    eigen: list[Any],
    kopieen: list[Any],
    breuk: tuple[int, str] | None,
    tot: datetime | None,
    uitslag: Uitslag,
) -> list[Verschil]:
    verschillen: list[Verschil] = []

    def verschil(versie: int, reden: str, event_id: UUID | None = None, gemeente: str | None = None) -> None:
        verschillen.append(Verschil(service, stream_id, versie, reden, event_id, gemeente))

    if breuk is not None:
        verschil(breuk[0], f"eigen store: {breuk[1]}")
    eigen_per_versie = {int(r[1]): (r[2], r[3], orjson.loads(r[4])) for r in eigen}
    kopie_per_versie: dict[int, list[tuple[UUID, str, str]]] = {}
    for _, versie, event_id, hash_, tekst, echtheid in kopieen:
        doc = orjson.loads(tekst)
        if content_hash(doc) != doc.get("hash") or doc.get("hash") != hash_:
            verschil(versie, "de kopie in de audit store is gewijzigd (de inhoud past niet bij de hash)", event_id)
        kopie_per_versie.setdefault(int(versie), []).append((event_id, hash_, echtheid))
    laatste_eigen = max(eigen_per_versie, default=0)
    for versie, (event_id, hash_, doc) in eigen_per_versie.items():
        kopie = kopie_per_versie.get(versie)
        if kopie is None:
            recent = tot is not None and datetime.fromisoformat(doc["time"]) > tot
            if not recent:
                verschil(versie, "ontbreekt in de audit store", event_id, doc.get("gemeente"))
            continue
        if (event_id, hash_) not in {(k[0], k[1]) for k in kopie}:
            verschil(versie, "andere hash in de audit store", event_id, doc.get("gemeente"))
        for k_id, k_hash, echtheid in kopie:
            if echtheid != "betwist":
                continue
            (uitslag.echt if (k_id, k_hash) == (event_id, hash_) else uitslag.onecht).append((k_id, k_hash))
    for versie in sorted(kopie_per_versie.keys() - eigen_per_versie.keys()):
        event_id = kopie_per_versie[versie][0][0]
        waar = "aan het eind weggehaald" if versie > laatste_eigen else "eruit weggehaald"
        verschil(versie, f"staat in de audit store, niet in de eigen store van {service} ({waar})", event_id)
    return verschillen
