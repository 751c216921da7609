"""Matching HTTP API: the regional pool, profiles, explainable matches, voorstel to plaatsing, caseload."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response

from libs.events.auth import Principal, Role, requires
from libs.events.commands import respond
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.http import (
    PROBLEM_RESPONSES,
    PROBLEM_RESPONSES_422,
    check_gemeentecodes,
    decode_keyset,
    encode_keyset,
    foreign_cursor,
)

from . import service
from .projections import pool_page
from .schemas import (
    AntwoordRequest,
    CaseloadResponse,
    KandidaatDetail,
    KandidatenMatches,
    KlantmanagerRegistratie,
    KlantmanagerRequest,
    KlantmanagerResponse,
    NazorgPage,
    NazorgRequest,
    PlaatsingRequest,
    PoolItem,
    PoolPage,
    ProfielRequest,
    VacaturesMatches,
    VoorstelRequest,
    VoorstelResponse,
)

kandidaten = APIRouter(prefix="/api/v1/kandidaten", tags=["kandidaten"])
matches = APIRouter(prefix="/api/v1", tags=["matches"])
voorstellen = APIRouter(prefix="/api/v1/voorstellen", tags=["voorstellen"])
caseload = APIRouter(prefix="/api/v1", tags=["caseload"])

Matcher = Annotated[Principal, Depends(requires(Role.MATCHER, Role.KLANTMANAGER, Role.BEHEERDER))]
Profielbeheerder = Annotated[Principal, Depends(requires(Role.MATCHER, Role.KLANTMANAGER))]
Bemiddelaar = Annotated[Principal, Depends(requires(Role.MATCHER, Role.KLANTMANAGER, Role.WERKGEVERSADVISEUR))]
Teamleider = Annotated[Principal, Depends(requires(Role.KLANTMANAGER, Role.BEHEERDER))]
KlantId = Annotated[UUID, Path(description="Pseudonymous klant id")]
VoorstelId = Annotated[UUID, Path(description="Voorstel id")]
Limit = Annotated[int, Query(ge=1, le=100, description="How many results")]


@kandidaten.get(
    "",
    response_model=PoolPage,
    responses=PROBLEM_RESPONSES,
    summary="Kandidaten in the regional pool (roles: matcher, klantmanager, beheerder)",
    description="Klanten whose primaire diagnose routed them to werk or ontwikkeling and who are with the "
    "regional team, limited to the gemeenten in your token, oldest diagnose first, cursor-paginated.",
)
async def list_kandidaten(
    principal: Matcher,
    runtime: RuntimeDep,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (must be in your token)")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
    cursor: Annotated[str | None, Query(max_length=500, description="`next_cursor` of the previous page")] = None,
) -> PoolPage:
    scope = sorted(principal.gemeenten)
    if gemeente:
        check_gemeentecodes(gemeente)
        scope = sorted(set(gemeente) & principal.gemeenten)
    keyset = decode_keyset(cursor)
    after = None
    if keyset is not None:
        try:
            after = (keyset[0], UUID(keyset[1]))
        except ValueError as exc:
            raise foreign_cursor() from exc
    async with runtime.engine.connect() as conn:
        rows = await pool_page(conn, scope, after, limit + 1)
    items = [
        PoolItem.model_validate({**k.__dict__, "klantmanager": km, "heeft_profiel": profiel})
        for k, km, profiel in rows[:limit]
    ]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_keyset(items[-1].gediagnosticeerd_op, items[-1].klant_id)
    return PoolPage(items=items, next_cursor=next_cursor)


@kandidaten.get(
    "/{klant_id}",
    response_model=KandidaatDetail,
    responses=PROBLEM_RESPONSES,
    summary="A kandidaat's profile and feedback (roles: matcher, klantmanager, beheerder)",
    description="No personal, income or health data: matching never holds them. Every view is logged "
    "(who, roles, when, correlation id).",
)
async def lees_kandidaat(klant_id: KlantId, principal: Matcher, runtime: RuntimeDep) -> KandidaatDetail:
    return await service.lees_kandidaat(runtime, principal, klant_id)


@kandidaten.put(
    "/{klant_id}/profiel",
    response_model=KandidaatDetail,
    responses=PROBLEM_RESPONSES_422,
    summary="Record a kandidaat's profile (roles: matcher, klantmanager)",
    description="Only for kandidaten in the regional pool (409 otherwise). Unknown fields are refused, so "
    "no income or health detail can be stored here.",
)
async def leg_profiel_vast(
    klant_id: KlantId, body: ProfielRequest, principal: Profielbeheerder, runtime: RuntimeDep
) -> KandidaatDetail:
    return await service.leg_profiel_vast(runtime, principal, klant_id, body)


@kandidaten.put(
    "/{klant_id}/klantmanager",
    response_model=KandidaatDetail,
    responses=PROBLEM_RESPONSES_422,
    summary="Give a kandidaat another klantmanager (roles: klantmanager, beheerder)",
)
async def wijs_klantmanager_toe(
    klant_id: KlantId, body: KlantmanagerRequest, principal: Teamleider, runtime: RuntimeDep
) -> KandidaatDetail:
    return await service.wijs_klantmanager_toe(runtime, principal, klant_id, body)


@kandidaten.get(
    "/{klant_id}/vacatures",
    response_model=VacaturesMatches,
    responses=PROBLEM_RESPONSES,
    summary="The best open vacatures for a kandidaat, explained (roles: matcher, klantmanager, beheerder)",
    description="Open vacatures with a free position in your gemeenten, best first, each with its score "
    "breakdown and missing skills. Vacatures the kandidaat was already proposed for are left out.",
)
async def vacatures_voor_kandidaat(
    klant_id: KlantId, principal: Matcher, runtime: RuntimeDep, limit: Limit = 10
) -> VacaturesMatches:
    return await service.vacatures_voor_kandidaat(runtime, principal, klant_id, limit)


@matches.get(
    "/vacatures/{vacature_id}/kandidaten",
    response_model=KandidatenMatches,
    responses=PROBLEM_RESPONSES,
    summary="The best kandidaten for a vacature, explained (roles: matcher, klantmanager, beheerder)",
    description="Kandidaten with a profile from every gemeente in your token, best first, each with its score "
    "breakdown (skills, distance, hours, occupation, instruments, banenafspraak, availability) and missing "
    "skills. Left out: kandidaten already placed or already proposed for this vacature. Every profile shown "
    "is logged.",
)
async def kandidaten_voor_vacature(
    vacature_id: Annotated[UUID, Path(description="Vacature id")],
    principal: Matcher,
    runtime: RuntimeDep,
    limit: Limit = 10,
) -> KandidatenMatches:
    return await service.kandidaten_voor_vacature(runtime, principal, vacature_id, limit)


@voorstellen.post(
    "",
    status_code=201,
    response_model=VoorstelResponse,
    responses=PROBLEM_RESPONSES_422,
    summary="Propose a kandidaat for a vacature (roles: matcher, klantmanager, werkgeversadviseur)",
    description="Records `MatchVoorgesteld` with the score breakdown and the weights in force. 409 when the "
    "kandidaat was proposed for this vacature before, is already placed, or the vacature has no free position. "
    "Send `Idempotency-Key` to retry safely.",
)
async def stel_voor(
    body: VoorstelRequest, principal: Bemiddelaar, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    outcome = await service.stel_voor(runtime, principal, body, idempotency_key)
    return respond(outcome, f"/api/v1/voorstellen/{outcome.body['voorstel_id']}")


@voorstellen.get(
    "/{voorstel_id}",
    response_model=VoorstelResponse,
    responses=PROBLEM_RESPONSES,
    summary="A voorstel with answer, plaatsing, instruments and nazorg (roles: matcher, klantmanager, "
    "werkgeversadviseur)",
)
async def lees_voorstel(voorstel_id: VoorstelId, principal: Bemiddelaar, runtime: RuntimeDep) -> Any:
    return await service.lees_voorstel(runtime, principal, voorstel_id)


@voorstellen.post(
    "/{voorstel_id}/antwoord",
    response_model=VoorstelResponse,
    responses=PROBLEM_RESPONSES_422,
    summary="Record the employer's answer (roles: matcher, klantmanager, werkgeversadviseur)",
    description="Accepted, or rejected with a reason from the fixed list plus an explanation; the rejection "
    "shows in the kandidaat's record. 409 when already answered.",
)
async def beantwoord(
    voorstel_id: VoorstelId, body: AntwoordRequest, principal: Bemiddelaar, runtime: RuntimeDep
) -> Any:
    return await service.beantwoord(runtime, principal, voorstel_id, body)


@voorstellen.post(
    "/{voorstel_id}/plaatsing",
    response_model=VoorstelResponse,
    responses=PROBLEM_RESPONSES_422,
    summary="Turn an accepted voorstel into a plaatsing (roles: matcher, klantmanager, werkgeversadviseur)",
    description="Records `PlaatsingGerealiseerd`, one event per instrument with its legal parameters "
    "(loonkostensubsidie amount, no-risk polis, jobcoach hours, proefplaats, detachering) and the planned "
    "nazorg check-ins. Refused combinations are a 422 naming the rule. Werkgevers marks the vacature "
    "`gevuld` when all its positions are taken.",
)
async def plaats(voorstel_id: VoorstelId, body: PlaatsingRequest, principal: Bemiddelaar, runtime: RuntimeDep) -> Any:
    return await service.plaats(runtime, principal, voorstel_id, body)


@voorstellen.post(
    "/{voorstel_id}/nazorg",
    response_model=VoorstelResponse,
    responses=PROBLEM_RESPONSES_422,
    summary="Record a nazorg check-in (roles: matcher, klantmanager, werkgeversadviseur)",
)
async def leg_nazorg_vast(
    voorstel_id: VoorstelId, body: NazorgRequest, principal: Bemiddelaar, runtime: RuntimeDep
) -> Any:
    return await service.leg_nazorg_vast(runtime, principal, voorstel_id, body)


@caseload.get(
    "/werklijsten/nazorg",
    response_model=NazorgPage,
    responses=PROBLEM_RESPONSES,
    summary="Nazorg check-ins due (roles: matcher, klantmanager, beheerder)",
)
async def nazorg_werklijst(
    principal: Matcher,
    runtime: RuntimeDep,
    tot: Annotated[date | None, Query(description="Due on or before this date; today when absent")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
    cursor: Annotated[str | None, Query(max_length=500, description="`next_cursor` of the previous page")] = None,
) -> NazorgPage:
    keyset = decode_keyset(cursor)
    after = None
    if keyset is not None:
        try:
            after = (keyset[0].date(), UUID(keyset[1]))
        except ValueError as exc:
            raise foreign_cursor() from exc
    return await service.nazorg_werklijst(runtime, principal, tot or date.today(), after, limit)


@caseload.get(
    "/caseload",
    response_model=CaseloadResponse,
    responses=PROBLEM_RESPONSES,
    summary="Caseload per klantmanager and team, with a rebalancing proposal (roles: klantmanager, beheerder)",
    description="Kandidaten in the pool without a plaatsing, per klantmanager against the norm "
    "(`CASELOAD_NORM` per full-time klantmanager, pro rata to `fte_procent`). The proposal moves the most "
    "recently assigned kandidaten to colleagues in the same team with room; apply a move with "
    "PUT /api/v1/kandidaten/{klant_id}/klantmanager.",
)
async def caseload_overzicht(principal: Teamleider, runtime: RuntimeDep) -> CaseloadResponse:
    return await service.caseload_overzicht(runtime)


@caseload.put(
    "/klantmanagers/{klantmanager}",
    responses=PROBLEM_RESPONSES_422,
    response_model=KlantmanagerResponse,
    summary="Record a klantmanager's team and appointment (roles: klantmanager, beheerder)",
)
async def registreer_klantmanager(
    klantmanager: Annotated[str, Path(max_length=200, description="The klantmanager's token subject")],
    body: KlantmanagerRegistratie,
    principal: Teamleider,
    runtime: RuntimeDep,
) -> Any:
    return await service.registreer_klantmanager(runtime, principal, klantmanager, body)
