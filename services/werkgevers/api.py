"""Werkgevers HTTP API: one loket for employers, their vacatures and social return."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response

from libs.events.auth import Principal, Role, requires
from libs.events.commands import respond
from libs.events.contracts.werkgevers import VacatureStatus
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.http import PROBLEM_RESPONSES, PROBLEM_RESPONSES_422, check_gemeentecodes, decode_keyset

from . import service
from .schemas import (
    SocialReturnRequest,
    StatusRequest,
    VacaturePage,
    VacatureRequest,
    VacatureResponse,
    WerkgeverRequest,
    WerkgeverResponse,
)

werkgevers = APIRouter(prefix="/api/v1/werkgevers", tags=["werkgevers"])
vacatures = APIRouter(prefix="/api/v1/vacatures", tags=["vacatures"])

Adviseur = Annotated[Principal, Depends(requires(Role.WERKGEVERSADVISEUR))]
Lezer = Annotated[Principal, Depends(requires(Role.WERKGEVERSADVISEUR, Role.MATCHER, Role.BEHEERDER))]
WerkgeverId = Annotated[UUID, Path(description="Employer id")]
VacatureId = Annotated[UUID, Path(description="Vacature id")]


@werkgevers.post(
    "",
    status_code=201,
    response_model=WerkgeverResponse,
    responses=PROBLEM_RESPONSES_422,
    summary="Register an employer (role: werkgeversadviseur)",
    description="One employer per KvK number (409 for a second). Send `Idempotency-Key` to retry safely.",
)
async def registreer_werkgever(
    body: WerkgeverRequest, principal: Adviseur, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    outcome = await service.registreer_werkgever(runtime, principal, body, idempotency_key)
    return respond(outcome, f"/api/v1/werkgevers/{outcome.body['werkgever_id']}")


@werkgevers.get(
    "",
    response_model=list[WerkgeverResponse],
    responses=PROBLEM_RESPONSES,
    summary="Find an employer by KvK number (roles: werkgeversadviseur, matcher, beheerder)",
)
async def zoek_werkgever(
    principal: Lezer,
    runtime: RuntimeDep,
    kvk_nummer: Annotated[str, Query(pattern=r"^\d{8}$", description="KvK number")],
) -> Any:
    return await service.zoek_werkgever(runtime, kvk_nummer)


@werkgevers.get(
    "/{werkgever_id}",
    response_model=WerkgeverResponse,
    responses=PROBLEM_RESPONSES,
    summary="An employer with locations and social return (roles: werkgeversadviseur, matcher, beheerder)",
)
async def lees_werkgever(werkgever_id: WerkgeverId, principal: Lezer, runtime: RuntimeDep) -> Any:
    return await service.lees_werkgever(runtime, werkgever_id)


@werkgevers.post(
    "/{werkgever_id}/social-return",
    status_code=201,
    response_model=WerkgeverResponse,
    responses=PROBLEM_RESPONSES_422,
    summary="Record a social return commitment (role: werkgeversadviseur)",
)
async def social_return(
    werkgever_id: WerkgeverId,
    body: SocialReturnRequest,
    principal: Adviseur,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    return respond(await service.spreek_social_return_af(runtime, principal, werkgever_id, body, idempotency_key))


@werkgevers.post(
    "/{werkgever_id}/vacatures",
    status_code=201,
    response_model=VacatureResponse,
    responses=PROBLEM_RESPONSES_422,
    summary="Register a vacature at one of the employer's locations (role: werkgeversadviseur)",
)
async def registreer_vacature(
    werkgever_id: WerkgeverId,
    body: VacatureRequest,
    principal: Adviseur,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    outcome = await service.registreer_vacature(runtime, principal, werkgever_id, body, idempotency_key)
    return respond(outcome, f"/api/v1/vacatures/{outcome.body['vacature_id']}")


@vacatures.get(
    "",
    response_model=VacaturePage,
    responses=PROBLEM_RESPONSES,
    summary="Vacatures of the region (roles: werkgeversadviseur, matcher, beheerder)",
    description="Oldest first, cursor-paginated; filter by status and the workplace's gemeente.",
)
async def lijst_vacatures(
    principal: Lezer,
    runtime: RuntimeDep,
    status: Annotated[VacatureStatus | None, Query(description="Only this status")] = None,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (CBS codes)")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
    cursor: Annotated[str | None, Query(max_length=500, description="`next_cursor` of the previous page")] = None,
) -> VacaturePage:
    check_gemeentecodes(gemeente)
    after = decode_keyset(cursor)
    return await service.lijst_vacatures(runtime, status=status, gemeente=gemeente, after=after, limit=limit)


@vacatures.get(
    "/{vacature_id}",
    response_model=VacatureResponse,
    responses=PROBLEM_RESPONSES,
    summary="A vacature (roles: werkgeversadviseur, matcher, beheerder)",
)
async def lees_vacature(vacature_id: VacatureId, principal: Lezer, runtime: RuntimeDep) -> Any:
    return await service.lees_vacature(runtime, vacature_id)


@vacatures.post(
    "/{vacature_id}/status",
    status_code=201,
    response_model=VacatureResponse,
    responses=PROBLEM_RESPONSES_422,
    summary="Put a vacature on hold, open it again, or withdraw it (role: werkgeversadviseur)",
    description="`gevuld` follows from plaatsingen, not from this endpoint; withdrawn is final.",
)
async def wijzig_status(
    vacature_id: VacatureId, body: StatusRequest, principal: Adviseur, runtime: RuntimeDep
) -> Response:
    return respond(await service.wijzig_status(runtime, principal, vacature_id, body))
