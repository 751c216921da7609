"""Handhaving's reads: the tijdlijn of a klant and the ketenbreuken, scoped to the caller's gemeenten."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from uuid import UUID

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.db import Sql
from libs.events.errors import NietGevonden
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from . import stand
from .schemas import KetenbreukUit, TijdlijnRegel

TIJDLIJN_RAADPLEGEN = "handhaving-tijdlijn-raadplegen"
VERSLEUTELD = "[versleuteld]"
# Fields that carry encrypted personal data (crypto-shredding): shown as such, never decrypted here.
_VERSLEUTELDE_VELDEN = frozenset({"versleuteld", "persoonlijk", "versleutelde_scores"})

_TIJDLIJN = Sql(
    "SELECT e.event_id, e.tijd, e.topic, e.type, e.actor, e.gemeente, e.envelope, "
    "(b.event_id IS NULL) FROM audit_events e LEFT JOIN audit_breuken b ON b.event_id = e.event_id "
    "WHERE e.subject = :subject AND e.gemeente = ANY(CAST(:gemeenten AS text[])) "
    "AND (CAST(:dienst AS text) IS NULL OR e.topic = :dienst || '.events') "
    "AND (CAST(:type AS text) IS NULL OR e.type = :type) "
    "AND (CAST(:van AS timestamptz) IS NULL OR e.tijd >= :van) "
    "AND (CAST(:tot AS timestamptz) IS NULL OR e.tijd < :tot) "
    "AND (e.tijd, e.event_id::text) > (:na_op, :na_id) ORDER BY e.tijd, e.event_id::text LIMIT :limit"
)
_BESTAAT = Sql(
    "SELECT 1 FROM audit_events WHERE subject = :subject AND gemeente = ANY(CAST(:gemeenten AS text[])) LIMIT 1"
)


class KlantNietGevonden(NietGevonden):
    """No events about this klant in the caller's gemeenten."""

    title = "Klant niet gevonden"


async def _zie_klant(uow: UnitOfWork, principal: Principal, klant_id: UUID) -> list[str]:
    """The caller's gemeenten, once the klant has events there (404 otherwise); the read is logged."""
    gemeenten = list(principal.scope(None))
    if await _BESTAAT.fetchrow(uow.conn, subject=str(klant_id), gemeenten=gemeenten) is None:
        raise KlantNietGevonden(f"klant {klant_id} niet gevonden")
    uow.verwerk(TIJDLIJN_RAADPLEGEN, [klant_id])
    return gemeenten


def _woorden(type_: str) -> str:
    """`AanvraagIngediend` → `aanvraag ingediend`."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type_).lower()


def _gegevens(data: dict[str, Any]) -> dict[str, Any]:
    return {k: VERSLEUTELD if k in _VERSLEUTELDE_VELDEN else v for k, v in data.items()}


def regel(envelope: dict[str, Any]) -> str:
    """The event as one readable Dutch line."""
    dienst = envelope["source"].rsplit("/", 1)[-1]
    tekst = f"{_woorden(envelope['type'])} ({dienst}) door {envelope['actor']}"
    if envelope.get("gemeente"):
        tekst += f" voor {envelope['gemeente']}"
    regelset = _regelset(envelope["data"])
    if regelset:
        tekst += f", regels {regelset}"
    if envelope.get("causationid"):
        tekst += f", naar aanleiding van event {envelope['causationid']}"
    return tekst


def _regelset(data: dict[str, Any]) -> str | None:
    waarde = data.get("regelset") or data.get("regelset_versie")
    return str(waarde) if waarde else None


async def tijdlijn(
    runtime: Runtime,
    principal: Principal,
    klant_id: UUID,
    *,
    dienst: str | None,
    type_: str | None,
    van: datetime | None,
    tot: datetime | None,
    cursor: str | None,
    limit: int,
) -> Page[TijdlijnRegel]:
    """Every event about the klant in the caller's gemeenten, oldest first; the read itself is logged."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[TijdlijnRegel]:
        gemeenten = await _zie_klant(uow, principal, klant_id)
        rows = await _TIJDLIJN.fetch(
            uow.conn,
            subject=str(klant_id),
            gemeenten=gemeenten,
            dienst=dienst,
            type=type_,
            van=van,
            tot=tot,
            na_op=na_op,
            na_id=na_id,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[1], str(r[0])))
        items = []
        for event_id, tijd, topic, type_naam, actor, _, envelope, intact in rows:
            env = envelope if isinstance(envelope, dict) else json.loads(envelope)
            items.append(
                TijdlijnRegel(
                    event_id=event_id,
                    tijd=tijd,
                    dienst=topic.removesuffix(".events"),
                    type=type_naam,
                    regel=regel(env),
                    door=actor,
                    regelset=_regelset(env["data"]),
                    oorzaak=env.get("causationid"),
                    gegevens=_gegevens(env["data"]),
                    keten_intact=bool(intact),
                )
            )
        return Page[TijdlijnRegel](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


_BREUKEN = Sql(
    "SELECT breuk_id, topic, stream_id, streamversie, event_id, reden, gemeld_op FROM ketenbreuken "
    "WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND (gemeld_op, breuk_id::text) > (:na_op, :na_id) "
    "ORDER BY gemeld_op, breuk_id::text LIMIT :limit"
)


async def ketenbreuken(
    runtime: Runtime, principal: Principal, *, cursor: str | None, limit: int
) -> Page[KetenbreukUit]:
    """The breaks found in streams of the caller's gemeenten, oldest first."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[KetenbreukUit]:
        rows = await _BREUKEN.fetch(
            uow.conn, gemeenten=list(principal.scope(None)), na_op=na_op, na_id=na_id, limit=limit + 1
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[6], str(r[0])))
        velden = ("breuk_id", "topic", "stream_id", "streamversie", "event_id", "reden", "gemeld_op")
        items = [KetenbreukUit.model_validate(dict(zip(velden, r, strict=True))) for r in rows]
        return Page[KetenbreukUit](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


_STREAMS_TOT = Sql(
    "SELECT topic, stream_id, envelope FROM audit_events WHERE subject = :subject "
    "AND gemeente = ANY(CAST(:gemeenten AS text[])) AND tijd <= :op ORDER BY topic, stream_id, streamversie"
)


async def _standen(uow: UnitOfWork, klant_id: UUID, op: datetime, gemeenten: list[str]) -> dict[str, dict[str, Any]]:
    per_stream: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for topic, stream_id, envelope in await _STREAMS_TOT.fetch(
        uow.conn, subject=str(klant_id), gemeenten=gemeenten, op=op
    ):
        env = envelope if isinstance(envelope, dict) else json.loads(envelope)
        per_stream.setdefault((topic, stream_id), []).append(env)
    uit: dict[str, dict[str, Any]] = {}
    for (topic, stream_id), envelopes in per_stream.items():
        stream_type = envelopes[0]["streamtype"]
        state = stand.fold(stream_type, envelopes)
        uit[f"{stream_type}:{stream_id}"] = {
            "dienst": topic.removesuffix(".events"),
            "streamType": stream_type,
            "streamId": stream_id,
            "versie": envelopes[-1]["streamversion"],
            "stand": stand.jsonable(state) if state is not None else None,
        }
    return uit


async def stand_op(runtime: Runtime, principal: Principal, klant_id: UUID, op: datetime) -> dict[str, Any]:
    """What was known about the klant at `op` (registration time): every stream folded with its service's code."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        gemeenten = await _zie_klant(uow, principal, klant_id)
        return {
            "klantId": str(klant_id),
            "op": op.isoformat(),
            "streams": list((await _standen(uow, klant_id, op, gemeenten)).values()),
        }

    return await query(runtime, principal, read)


async def verschil_tussen(
    runtime: Runtime, principal: Principal, klant_id: UUID, van: datetime, tot: datetime
) -> dict[str, Any]:
    """What changed in what was known between two moments: new streams, and the fields of each that differ."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        gemeenten = await _zie_klant(uow, principal, klant_id)
        was = await _standen(uow, klant_id, van, gemeenten)
        werd = await _standen(uow, klant_id, tot, gemeenten)
        wijzigingen = []
        for sleutel in sorted(set(was) | set(werd)):
            a, b = was.get(sleutel), werd.get(sleutel)
            velden = stand.verschil(a["stand"] if a else None, b["stand"] if b else None)
            if velden:
                wijzigingen.append(
                    {
                        "stream": sleutel,
                        "versieWas": a["versie"] if a else 0,
                        "versieWerd": b["versie"] if b else 0,
                        "velden": velden,
                    }
                )
        return {"klantId": str(klant_id), "van": van.isoformat(), "tot": tot.isoformat(), "wijzigingen": wijzigingen}

    return await query(runtime, principal, read)
