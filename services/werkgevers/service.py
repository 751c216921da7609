"""Werkgevers' application service: one function per command, each in one database transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Principal
from libs.events.commands import Outcome, append_and_project, earlier_answer
from libs.events.contracts.werkgevers import (
    Contactpersoon,
    VacatureGeregistreerd,
    VacatureStatus,
    Vestiging,
    WerkgeverGeregistreerd,
)
from libs.events.db import Sql, transaction
from libs.events.envelope import new_event_id, utcnow
from libs.events.http import encode_keyset
from libs.events.idempotency import remember
from libs.events.registry import EventData
from libs.events.runtime import Runtime
from libs.events.store import NEW_STREAM, StreamHead

from . import domain
from .projections import WerkgeversProjection
from .schemas import (
    SocialReturnRequest,
    SocialReturnResponse,
    StatusRequest,
    VacaturePage,
    VacatureRequest,
    VacatureResponse,
    VacatureSamenvatting,
    VestigingIn,
    WerkgeverRequest,
    WerkgeverResponse,
)

_PROJECTION = WerkgeversProjection()
_KVK = Sql("SELECT werkgever_id FROM werkgevers_overzicht WHERE kvk_nummer = :kvk")
_LIJST_KOLOMMEN = (
    "vacature_id",
    "werkgever_id",
    "titel",
    "isco08",
    "status",
    "gemeente",
    "uren_per_week",
    "startdatum",
    "banenafspraak",
    "aantal_plaatsen",
)


async def _append(
    conn: AsyncConnection,
    runtime: Runtime,
    principal: Principal,
    *,
    stream_type: str,
    stream_id: UUID,
    head: StreamHead,
    events: list[EventData],
    gemeente: str | None,
) -> None:
    await append_and_project(
        conn,
        runtime,
        principal,
        _PROJECTION,
        stream_type=stream_type,
        stream_id=stream_id,
        head=head,
        events=events,
        subject=stream_id,
        gemeente=gemeente,
    )


_REALISATIE = Sql(
    "SELECT count(*) FILTER (WHERE startdatum >= :van AND startdatum < :tot), "
    "COALESCE(sum(uren_per_week * GREATEST(0, (LEAST(COALESCE(einddatum + 1, :tot), :tot, CAST(:vandaag AS date)) "
    "- GREATEST(startdatum, :van)) / 7)), 0) FROM werkgevers_plaatsingen WHERE werkgever_id = :werkgever"
)


async def _realisatie(conn: AsyncConnection, state: domain.Werkgever) -> dict[UUID, tuple[int, int]]:
    """Placements and hours realised per social return commitment, from matching's plaatsingen."""
    uitkomst = {}
    for afspraak in state.social_return:
        row = await _REALISATIE.fetchrow(
            conn, van=afspraak.van, tot=afspraak.tot, vandaag=date.today(), werkgever=state.werkgever_id
        )
        assert row is not None
        uitkomst[afspraak.afspraak_id] = (int(row[0]), int(row[1]))
    return uitkomst


def _werkgever_body(state: domain.Werkgever, realisatie: dict[UUID, tuple[int, int]]) -> dict[str, Any]:
    return WerkgeverResponse(
        werkgever_id=state.werkgever_id,
        kvk_nummer=state.kvk_nummer,
        naam=state.naam,
        vestigingen=[VestigingIn(naam=n, postcode=p, gemeente=g) for n, p, g in state.vestigingen],
        social_return=[
            SocialReturnResponse(
                afspraak_id=a.afspraak_id,
                van=a.van,
                tot=a.tot,
                plaatsingen=a.plaatsingen,
                uren=a.uren,
                gerealiseerd_plaatsingen=realisatie.get(a.afspraak_id, (0, 0))[0],
                gerealiseerd_uren=realisatie.get(a.afspraak_id, (0, 0))[1],
            )
            for a in state.social_return
        ],
        versie=state.versie,
    ).model_dump(mode="json")


async def _werkgever(
    conn: AsyncConnection, runtime: Runtime, werkgever_id: UUID
) -> tuple[StreamHead, list[EventData], domain.Werkgever]:
    recorded = await runtime.store.load(conn, str(werkgever_id))
    events = [r.data for r in recorded]
    state = domain.fold_werkgever(events)
    if state is None:
        raise domain.WerkgeverNietGevonden(f"werkgever {werkgever_id} niet gevonden")
    return StreamHead.of(recorded), events, state


async def _vacature(
    conn: AsyncConnection, runtime: Runtime, vacature_id: UUID
) -> tuple[StreamHead, list[EventData], domain.Vacature, VacatureGeregistreerd]:
    recorded = await runtime.store.load(conn, str(vacature_id))
    events = [r.data for r in recorded]
    state = domain.fold_vacature(events)
    if state is None or not isinstance(events[0], VacatureGeregistreerd):
        raise domain.VacatureNietGevonden(f"vacature {vacature_id} niet gevonden")
    return StreamHead.of(recorded), events, state, events[0]


def _vacature_body(registratie: VacatureGeregistreerd, state: domain.Vacature) -> dict[str, Any]:
    return VacatureResponse.model_validate({**registratie.model_dump(), "status": state.status}).model_dump(mode="json")


async def registreer_werkgever(
    runtime: Runtime, principal: Principal, request: WerkgeverRequest, key: str | None
) -> Outcome:
    """Register an employer; one per KvK number."""
    scope = f"werkgevers:werkgever:{principal.sub}"
    async with transaction(runtime.engine) as conn:
        if earlier := await earlier_answer(conn, scope, key, request):
            return earlier
        bestaand = await _KVK.fetchrow(conn, kvk=request.kvk_nummer)
        if bestaand is not None:
            raise domain.WerkgeverBestaatAl(f"KvK {request.kvk_nummer} is al geregistreerd als {bestaand[0]}")
        werkgever_id = new_event_id()
        event = WerkgeverGeregistreerd(
            werkgever_id=werkgever_id,
            kvk_nummer=request.kvk_nummer,
            naam=request.naam,
            vestigingen=[Vestiging(**v.model_dump()) for v in request.vestigingen],
            contactpersonen=[Contactpersoon(**c.model_dump(mode="json")) for c in request.contactpersonen],
            geregistreerd_op=utcnow(),
        )
        try:
            await _append(
                conn,
                runtime,
                principal,
                stream_type=domain.WERKGEVER,
                stream_id=werkgever_id,
                head=NEW_STREAM,
                events=[event],
                gemeente=request.vestigingen[0].gemeente,
            )
        except asyncpg.UniqueViolationError as exc:  # the same KvK registered concurrently
            raise domain.WerkgeverBestaatAl(f"KvK {request.kvk_nummer} is al geregistreerd") from exc
        state = domain.fold_werkgever([event])
        assert state is not None
        body = _werkgever_body(state, {})
        if key is not None:
            await remember(conn, scope, key, 201, body)
    return Outcome(201, body)


async def lees_werkgever(runtime: Runtime, werkgever_id: UUID) -> dict[str, Any]:
    """An employer with its locations and commitments."""
    async with transaction(runtime.engine) as conn:
        _, _, state = await _werkgever(conn, runtime, werkgever_id)
        return _werkgever_body(state, await _realisatie(conn, state))


async def zoek_werkgever(runtime: Runtime, kvk_nummer: str) -> list[dict[str, Any]]:
    """Employers with this KvK number (zero or one)."""
    async with transaction(runtime.engine) as conn:
        row = await _KVK.fetchrow(conn, kvk=kvk_nummer)
        if row is None:
            return []
        _, _, state = await _werkgever(conn, runtime, row[0])
        return [_werkgever_body(state, await _realisatie(conn, state))]


async def spreek_social_return_af(
    runtime: Runtime, principal: Principal, werkgever_id: UUID, request: SocialReturnRequest, key: str | None
) -> Outcome:
    """Record a social return commitment."""
    scope = f"werkgevers:social-return:{principal.sub}:{werkgever_id}"
    async with transaction(runtime.engine) as conn:
        if earlier := await earlier_answer(conn, scope, key, request):
            return earlier
        head, loaded, state = await _werkgever(conn, runtime, werkgever_id)
        events = domain.spreek_social_return_af(
            state,
            afspraak_id=new_event_id(),
            van=request.van,
            tot=request.tot,
            plaatsingen=request.plaatsingen,
            uren=request.uren,
            op=utcnow(),
        )
        await _append(
            conn,
            runtime,
            principal,
            stream_type=domain.WERKGEVER,
            stream_id=werkgever_id,
            head=head,
            events=events,
            gemeente=state.vestigingen[0][2],
        )
        after = domain.fold_werkgever([*loaded, *events])
        assert after is not None
        body = _werkgever_body(after, await _realisatie(conn, after))
        if key is not None:
            await remember(conn, scope, key, 201, body)
    return Outcome(201, body)


async def registreer_vacature(
    runtime: Runtime, principal: Principal, werkgever_id: UUID, request: VacatureRequest, key: str | None
) -> Outcome:
    """A vacature at one of the employer's locations; it starts open."""
    scope = f"werkgevers:vacature:{principal.sub}:{werkgever_id}"
    async with transaction(runtime.engine) as conn:
        if earlier := await earlier_answer(conn, scope, key, request):
            return earlier
        _, _, werkgever = await _werkgever(conn, runtime, werkgever_id)
        vacature_id = new_event_id()
        registratie = VacatureGeregistreerd(
            vacature_id=vacature_id, werkgever_id=werkgever_id, geregistreerd_op=utcnow(), **request.model_dump()
        )
        events = domain.registreer_vacature(werkgever, registratie)
        await _append(
            conn,
            runtime,
            principal,
            stream_type=domain.VACATURE,
            stream_id=vacature_id,
            head=NEW_STREAM,
            events=events,
            gemeente=request.gemeente,
        )
        state = domain.fold_vacature(events)
        assert state is not None
        body = _vacature_body(registratie, state)
        if key is not None:
            await remember(conn, scope, key, 201, body)
    return Outcome(201, body)


async def lees_vacature(runtime: Runtime, vacature_id: UUID) -> dict[str, Any]:
    """A vacature and its status."""
    async with transaction(runtime.engine) as conn:
        _, _, state, registratie = await _vacature(conn, runtime, vacature_id)
    return _vacature_body(registratie, state)


async def wijzig_status(runtime: Runtime, principal: Principal, vacature_id: UUID, request: StatusRequest) -> Outcome:
    """Move a vacature along its lifecycle."""
    async with transaction(runtime.engine) as conn:
        head, loaded, state, registratie = await _vacature(conn, runtime, vacature_id)
        events = domain.wijzig_status(state, naar=request.status, reden=request.reden, op=utcnow())
        await _append(
            conn,
            runtime,
            principal,
            stream_type=domain.VACATURE,
            stream_id=vacature_id,
            head=head,
            events=events,
            gemeente=state.gemeente,
        )
        after = domain.fold_vacature([*loaded, *events])
        assert after is not None
        body = _vacature_body(registratie, after)
    return Outcome(201, body)


async def lijst_vacatures(
    runtime: Runtime,
    *,
    status: VacatureStatus | None,
    gemeente: list[str] | None,
    after: tuple[datetime, str] | None,
    limit: int,
) -> VacaturePage:
    """Vacatures, oldest first, keyset-paginated."""
    where: list[str] = ["TRUE"]
    params: dict[str, Any] = {"limit": limit + 1}
    if status is not None:
        where.append("status = :status")
        params["status"] = status.value
    if gemeente:
        where.append("gemeente = ANY(CAST(:gemeenten AS text[]))")
        params["gemeenten"] = gemeente
    if after is not None:
        where.append("(geregistreerd_op, vacature_id::text) > (:after_op, :after_id)")
        params.update(after_op=after[0], after_id=after[1])
    query = Sql(
        f"SELECT {', '.join(_LIJST_KOLOMMEN)}, geregistreerd_op FROM vacatures_overzicht "
        f"WHERE {' AND '.join(where)} ORDER BY geregistreerd_op, vacature_id::text LIMIT :limit"
    )
    async with transaction(runtime.engine) as conn:
        rows = await query.fetch(conn, **params)
    items = [VacatureSamenvatting(**dict(zip(_LIJST_KOLOMMEN, tuple(r)[:-1], strict=True))) for r in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_keyset(last[-1], last[0])
    return VacaturePage(items=items, next_cursor=next_cursor)
