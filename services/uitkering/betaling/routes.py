"""Betaalrun routes: run a month, its totals, ledger, pain.001 and the loonheffing export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse

from libs.events.commands import Answer, respond
from libs.events.deps import RuntimeDep
from libs.events.openapi import weigeringen
from libs.events.pagination import Cursor, Limit, Page

from ..aanvraag.domain import RekeningOntbreekt
from ..persoonsgegevens import IntakeNietBereikbaar, bsn_bron
from ..routing import GEWIST, BetaalrunId, Consulent, Dossierlezer
from ..schemas import periode_datum
from ..termijnen import NogNietBetaalbaar
from . import betaalrun, queries
from .domain import BetaalrunNietAfgerond
from .schemas import BetaalrunRequest, BetaalrunResponse, BetalingUit

betaalruns = APIRouter(prefix="/api/v1/betaalruns", tags=["betaalruns"], responses=GEWIST)


@betaalruns.post(
    "",
    status_code=201,
    response_model=BetaalrunResponse,
    summary="Run (or finish) the betaalrun of a gemeente for a month",
    description="Pays every uitkering of the gemeente once for the month (held-back months, voorschotten and the "
    "vakantietoeslag in June or after the end included). The run's id is fixed per gemeente and month: running it "
    "again after a crash pays only what is missing, never twice; once it is afgerond it is closed and pays nothing "
    "more (a later toekenning is paid, with its earlier months, by the next month's run). For a large caseload use "
    "`python -m services.uitkering.betaalrun`. A month is paid from its first betaaldag on (day 20 of the month "
    "before unless the deployment sets another): earlier it is a 422 naming that day, and nothing is paid.",
    responses=weigeringen(NogNietBetaalbaar),
)
async def voer_betaalrun_uit(body: BetaalrunRequest, principal: Consulent, runtime: RuntimeDep) -> Response:
    uitkomst = await betaalrun.voer_uit(runtime, principal, body.gemeente, periode_datum(body.periode))
    lees = await queries.lees_betaalrun(runtime, principal, uitkomst.betaalrun_id)
    answer = Answer(lees, 201, f"/api/v1/betaalruns/{uitkomst.betaalrun_id}")
    return respond(answer, BetaalrunResponse)


@betaalruns.get(
    "/{betaalrun_id}",
    response_model=BetaalrunResponse,
    summary="A betaalrun with its totals",
    description="404 both when it does not exist and when its gemeente is outside your token.",
)
async def lees_betaalrun(betaalrun_id: BetaalrunId, principal: Dossierlezer, runtime: RuntimeDep) -> Any:
    return await queries.lees_betaalrun(runtime, principal, betaalrun_id)


@betaalruns.get(
    "/{betaalrun_id}/betalingen",
    response_model=Page[BetalingUit],
    summary="The netto payment ledger of a betaalrun",
    description="One line per payment and receiver: months, voorschotten and vakantietoeslag, cursor-paginated.",
)
async def betalingen(
    betaalrun_id: BetaalrunId, principal: Dossierlezer, runtime: RuntimeDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[BetalingUit]:
    return await queries.betalingen(runtime, principal, betaalrun_id, cursor=cursor, limit=limit)


@betaalruns.get(
    "/{betaalrun_id}/pain001",
    response_class=Response,
    summary="The SEPA credit-transfer file of a finished betaalrun",
    description="pain.001.001.03, built with sepaxml and validated against its XSD, from the gemeente's account. "
    "Decrypting the IBANs is logged per klant. 409 while the run is unfinished; 422 when an account is missing.",
    responses={
        200: {"content": {"application/xml": {"schema": {"type": "string"}}}, "description": "pain.001"},
        **weigeringen(BetaalrunNietAfgerond, RekeningOntbreekt),
    },
)
async def pain001(betaalrun_id: BetaalrunId, principal: Consulent, runtime: RuntimeDep) -> Response:
    inhoud = await queries.betaalbestand(runtime, principal, betaalrun_id)
    return Response(inhoud, media_type="application/xml")


@betaalruns.get(
    "/{betaalrun_id}/loonheffing",
    response_class=PlainTextResponse,
    summary="Export for the payroll system: netto per klant and month, with the BSN",
    description="Semicolon-separated. The BSN is read from intake with purpose `uitkeringsverstrekking` under your "
    "own token (logged there). Brutering needs the official loonheffing tables, which this platform does not carry: "
    "the payroll system grosses up; the `bruto` column is left empty on purpose.",
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"},
        **weigeringen(IntakeNietBereikbaar),
    },
)
async def loonheffing(
    betaalrun_id: BetaalrunId, request: Request, principal: Consulent, runtime: RuntimeDep
) -> PlainTextResponse:
    bron = bsn_bron(runtime.settings.intake_url, request.headers["Authorization"])  # type: ignore[attr-defined]
    tekst = await queries.loonheffing_export(runtime, principal, betaalrun_id, bron)
    return PlainTextResponse(tekst, media_type="text/csv")
