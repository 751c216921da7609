"""Routes for beleid: the verordening, figures per gemeente and month, budgets."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import PlainTextResponse

from libs.events.auth import Principal, Role, requires
from libs.events.deps import RuntimeDep
from libs.events.envelope import utcnow
from libs.events.http import check_gemeentecodes

from ..berekening import maanden
from ..routing import Lezer
from ..schemas import Periode, periode_datum
from ..stand import OngeldigeOpgave
from . import queries
from .schemas import BudgetResponse, CijfersUit, VerordeningResponse

verordeningen = APIRouter(prefix="/api/v1/verordeningen", tags=["verordeningen"])


cijfers = APIRouter(prefix="/api/v1/cijfers", tags=["cijfers"])


budgetten = APIRouter(prefix="/api/v1/budgetten", tags=["budgetten"])


@verordeningen.get(
    "/{gemeente}",
    response_model=VerordeningResponse,
    summary="The gemeente's choices within art. 18 and 18a",
    description="Percentages, months, the zienswijze term, the boete ladder and the warning limit as they apply on "
    "`op` (default today); `eigen` is false where the platform's default applies.",
)
async def lees_verordening(
    gemeente: Annotated[str, Path(pattern=r"^GM\d{4}$", description="CBS code")],
    principal: Lezer,
    op: Annotated[date | None, Query(description="The day it applies to")] = None,
) -> Any:
    check_gemeentecodes([gemeente], principal)
    return queries.verordening_body(gemeente, op or utcnow().date())


Beleid = Annotated[Principal, Depends(requires(Role.UITKERINGSCONSULENT, Role.HANDHAVER, Role.BEHEERDER))]


Gemeente = Annotated[str, Path(pattern=r"^GM\d{4}$", description="CBS code")]


@cijfers.get(
    "/{gemeente}/maanden/{periode}",
    response_model=CijfersUit,
    summary="A gemeente's figures for a month",
    description="Bestand, instroom, uitstroom (naar werk), duration bands, doorlooptijd against 8 weeks, "
    "maatregelen and boetes per 1,000, ontheffingen, LKS and bijstandsdichtheid (denominator: CBS inhabitants "
    "15-64 on 1-1-2024, see docs/uitkering.md). Computed from the read models of events.",
)
async def lees_cijfers(
    gemeente: Gemeente,
    periode: Annotated[Periode, Path(description="The month, YYYY-MM")],
    principal: Beleid,
    runtime: RuntimeDep,
) -> Any:
    check_gemeentecodes([gemeente], principal)
    maand = periode_datum(periode)
    return (await queries.cijfers(runtime, principal, gemeente, maand, maand))[0]


@cijfers.get(
    "/{gemeente}/export",
    response_class=PlainTextResponse,
    summary="A gemeente's figures per month as CSV",
    description="Semicolon-separated, one row per month, with stable column names (those of the JSON, snake_case).",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"}},
)
async def exporteer_cijfers(
    gemeente: Gemeente,
    principal: Beleid,
    runtime: RuntimeDep,
    van: Annotated[Periode, Query(description="First month, YYYY-MM")],
    tot: Annotated[Periode, Query(description="Last month, YYYY-MM")],
) -> PlainTextResponse:
    check_gemeentecodes([gemeente], principal)
    if tot < van or len(maanden(periode_datum(van), periode_datum(tot))) > 120:
        raise OngeldigeOpgave("van ligt niet na tot, en een export beslaat ten hoogste 120 maanden")
    rijen = await queries.cijfers(runtime, principal, gemeente, periode_datum(van), periode_datum(tot))
    return PlainTextResponse(queries.cijfers_csv(rijen), media_type="text/csv")


@budgetten.get(
    "/{gemeente}/{jaar}",
    response_model=BudgetResponse,
    summary="A gemeente's BUIG and participatie ledgers for a year",
    description="Per month: bijstand, voorschotten and vakantietoeslag paid (netto), LKS, and what came back by "
    "verrekening or payment (BUIG); jobcoaching at the verordening's hourly rate (participatie). With the region's "
    "bijstand total and this gemeente's share, for a region that pools its execution.",
)
async def lees_budget(
    gemeente: Gemeente,
    jaar: Annotated[int, Path(ge=2000, le=2100, description="Year")],
    principal: Beleid,
    runtime: RuntimeDep,
) -> Any:
    check_gemeentecodes([gemeente], principal)
    return await queries.budget(runtime, principal, gemeente, jaar)
