"""Intake HTTP API: thin routers over the application service."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse

from libs.events.auth import Principal, Role, requires
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.http import PROBLEM_RESPONSES

from . import service
from .schemas import AanmeldingRequest, AanmeldingResponse, DiagnoseRequest

router = APIRouter(prefix="/api/v1", tags=["aanmeldingen"])

Frontoffice = Annotated[Principal, Depends(requires(Role.TOEGANG, Role.KLANTMANAGER))]


def _respond(outcome: service.Outcome, location: str | None = None) -> Response:
    headers = {"Location": location} if location else {}
    if outcome.replayed:
        headers["Idempotency-Replayed"] = "true"
    return JSONResponse(outcome.body, status_code=outcome.status_code, headers=headers)


@router.post(
    "/aanmeldingen",
    status_code=201,
    response_model=AanmeldingResponse,
    responses={**PROBLEM_RESPONSES, 422: {"description": "Gemeente outside this deployment's region"}},
    summary="Register an aanmelding (roles: toegang, klantmanager)",
    description="Registers a question for help from any channel. One klant per BSN in the region: a "
    "known BSN links to the existing klant (`klant_bestond_al`). Personal data stays in intake; the "
    "`AanmeldingOntvangen` event carries only the klant_id. Send `Idempotency-Key` to retry safely.",
)
async def registreer_aanmelding(
    body: AanmeldingRequest,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    outcome = await service.registreer_aanmelding(runtime, principal, body, idempotency_key)
    return _respond(outcome, f"/api/v1/aanmeldingen/{outcome.body['id']}")


@router.get(
    "/aanmeldingen/{aanmelding_id}",
    response_model=AanmeldingResponse,
    responses=PROBLEM_RESPONSES,
    summary="Current state of an aanmelding (roles: toegang, klantmanager)",
    description="404 both when it does not exist and when it belongs to a gemeente outside your token.",
)
async def lees_aanmelding(
    aanmelding_id: UUID, principal: Frontoffice, runtime: RuntimeDep
) -> AanmeldingResponse:
    return await service.lees_aanmelding(runtime, principal, aanmelding_id)


@router.post(
    "/aanmeldingen/{aanmelding_id}/diagnose",
    status_code=201,
    response_model=AanmeldingResponse,
    responses=PROBLEM_RESPONSES,
    summary="Record the primaire diagnose (roles: toegang, klantmanager)",
    description="Chooses the route (werk, ontwikkeling, participatie) and whether an uitkering is needed; "
    "emits `DiagnoseVastgesteld`. A second diagnose for the same aanmelding is a 409.",
)
async def stel_diagnose_vast(
    aanmelding_id: UUID,
    body: DiagnoseRequest,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    outcome = await service.stel_diagnose_vast(runtime, principal, aanmelding_id, body, idempotency_key)
    return _respond(outcome)
