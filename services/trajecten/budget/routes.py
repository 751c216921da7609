"""Routes of the re-integratie budget lines, their ledger, and the keuzes. Thin: map, call, answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import PlainTextResponse

from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id, utcnow
from libs.events.http import check_gemeentecodes
from libs.events.openapi import weigeringen
from libs.events.stamps import vandaag_in_nederland

from ..routing import Beheer, Beleid
from . import domain, handlers, queries
from .schemas import BudgetBijstellingRequest, BudgetregelRequest, BudgetregelResponse, KeuzesResponse

budgetregels = APIRouter(prefix="/api/v1/budgetregels", tags=["budgetregels"])
keuzes = APIRouter(prefix="/api/v1/keuzes", tags=["keuzes"])
RegelId = Annotated[UUID, Path(description="Budget line id")]
Gemeente = Annotated[str, Path(pattern=r"^GM\d{4}$", description="CBS code")]
Jaar = Annotated[int, Path(ge=2015, le=2100, description="Year")]


@budgetregels.post(
    "",
    status_code=201,
    response_model=BudgetregelResponse,
    summary="Enter a line of the gemeente's re-integratie budget",
    description="Per gemeente and year, with its funding channel (cluster participatie, integratie-uitkering, eigen "
    "middelen, overig) and source: the platform derives no amount. One name per gemeente and year (409). Send "
    "`Idempotency-Key` to retry safely.",
    responses=weigeringen(domain.BudgetregelBestaatAl),
)
async def stel_budgetregel_vast(
    body: BudgetregelRequest, principal: Beheer, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    command = domain.StelBudgetregelVast(
        new_event_id(), body.gemeente, body.jaar, body.naam, body.kanaal, body.bedrag, body.bron
    )
    idempotency = Idempotency(idempotency_key, "budgetregel", body)
    return await carry_out(runtime, principal, command, BudgetregelResponse, idempotency)


@budgetregels.get(
    "",
    response_model=list[BudgetregelResponse],
    summary="The budget lines of your gemeenten, with what is committed, realised and left",
    description="Narrow by `gemeente` and `jaar`; at most 500 lines, by gemeente, year and name; `maanden` is empty "
    "here (read one line for its ledger).",
)
async def lijst_regels(
    principal: Beleid,
    runtime: RuntimeDep,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (CBS codes)")] = None,
    jaar: Annotated[int | None, Query(ge=2015, le=2100, description="Only this year")] = None,
) -> Any:
    check_gemeentecodes(gemeente, principal)
    return await queries.lijst_regels(runtime, principal, gemeente, jaar)


@budgetregels.get(
    "/{regel_id}",
    response_model=BudgetregelResponse,
    summary="A budget line with its ledger per month",
    description="Per month: committed (a voorziening's start or extension), invoiced, premies and what fell free at an "
    "end; with the line's totals, the open commitment and what is left. 404 outside your gemeenten.",
)
async def lees_regel(regel_id: RegelId, principal: Beleid, runtime: RuntimeDep) -> Any:
    return await queries.lees_regel(runtime, principal, regel_id)


@budgetregels.post(
    "/{regel_id}/bijstelling",
    response_model=BudgetregelResponse,
    summary="Change a line's amount (begrotingswijziging)",
    description="The new amount with its source; the old one stays in the history. Send `Idempotency-Key` to retry "
    "safely.",
)
async def stel_budgetregel_bij(
    regel_id: RegelId,
    body: BudgetBijstellingRequest,
    principal: Beheer,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.StelBudgetregelBij(body.bedrag, body.bron, regel_id=regel_id)
    idempotency = Idempotency(idempotency_key, "bijstelling", body, regel_id)
    return await carry_out(runtime, principal, command, BudgetregelResponse, idempotency)


def _peildatum(op: date | None) -> date:
    return op or vandaag_in_nederland(utcnow())


@keuzes.get(
    "/{gemeente}/{jaar}",
    response_model=KeuzesResponse,
    summary="What a gemeente's voorzieningen started in a year bought: per kind and per diagnose route",
    description="Number started, cost per started and per success (work), and the share with work within 6 and 12 "
    "months of the end, as known on `op` (default today). Definitions: docs/trajecten.md#keuzes.",
)
async def lees_keuzes(
    gemeente: Gemeente,
    jaar: Jaar,
    principal: Beleid,
    runtime: RuntimeDep,
    op: Annotated[date | None, Query(description="Peildatum")] = None,
) -> Any:
    check_gemeentecodes([gemeente], principal)
    return await queries.lees_keuzes(runtime, principal, gemeente, jaar, _peildatum(op))


@keuzes.get(
    "/{gemeente}/{jaar}/export",
    response_class=PlainTextResponse,
    summary="The keuzes as CSV",
    description="Semicolon-separated, one row per kind and per route, with the JSON's names in snake_case.",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"}},
)
async def exporteer_keuzes(
    gemeente: Gemeente,
    jaar: Jaar,
    principal: Beleid,
    runtime: RuntimeDep,
    op: Annotated[date | None, Query(description="Peildatum")] = None,
) -> PlainTextResponse:
    check_gemeentecodes([gemeente], principal)
    body = await queries.lees_keuzes(runtime, principal, gemeente, jaar, _peildatum(op))
    return PlainTextResponse(queries.keuzes_csv(body), media_type="text/csv")


COMMANDS = CommandHandlers(
    {domain.StelBudgetregelVast: handlers.stel_vast, domain.StelBudgetregelBij: handlers.stel_bij}
)
