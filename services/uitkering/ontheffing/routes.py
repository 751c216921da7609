"""Ontheffing, heronderzoek and verzuim routes, and the termijnen worklist they feed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response

from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id
from libs.events.http import check_gemeentecodes
from libs.events.pagination import Cursor, Limit, Page

from ..handlers import op_uitkering
from ..routing import GEWIST, Consulent, Dossierlezer, UitkeringId
from ..schemas import UitkeringResponse
from . import domain, queries
from .domain import BeeindigOntheffing, SchortOpVoorVerzuim, VerleenOntheffing, VoerHeronderzoekUit
from .schemas import HeronderzoekRequest, OntheffingEindeRequest, OntheffingRequest, TermijnUit, VerzuimRequest

uitkeringen = APIRouter(prefix="/api/v1/uitkeringen", tags=["uitkeringen"], responses=GEWIST)


@uitkeringen.post(
    "/{uitkering_id}/ontheffingen",
    response_model=UitkeringResponse,
    summary="Grant an ontheffing of the arbeidsplicht",
    description="Art. 9 lid 2 (dringende redenen), art. 9 lid 5, or art. 9a for a single parent with a child under "
    "5: until the child turns 5 and at most 5 years in total, earlier gemeenten included (422 beyond). Its end is on "
    "the `termijnen` worklist. Send `Idempotency-Key` to retry safely.",
)
async def verleen_ontheffing(
    uitkering_id: UitkeringId,
    body: OntheffingRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = VerleenOntheffing(
        new_event_id(),
        body.grond,
        body.van,
        body.tot,
        body.jongste_kind_vijf_op,
        body.eerder_genoten_dagen,
        body.reden,
        uitkering_id=uitkering_id,
    )
    idempotency = Idempotency(idempotency_key, "ontheffing", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


@uitkeringen.post(
    "/{uitkering_id}/ontheffingen/{ontheffing_id}/beeindiging",
    response_model=UitkeringResponse,
    summary="End an ontheffing early",
    description="Send `Idempotency-Key` to retry safely.",
)
async def beeindig_ontheffing(
    uitkering_id: UitkeringId,
    ontheffing_id: Annotated[UUID, Path(description="Ontheffing id")],
    body: OntheffingEindeRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = BeeindigOntheffing(ontheffing_id, body.per, body.reden, uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "ontheffingeinde", body, ontheffing_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


@uitkeringen.post(
    "/{uitkering_id}/heronderzoeken",
    response_model=UitkeringResponse,
    summary="Record a heronderzoek",
    description="With how it was selected, so the selection stays auditable. The next is due after the verordening's "
    "period, or 6 months while an art. 9a ontheffing runs (lid 8). Send `Idempotency-Key` to retry safely.",
)
async def voer_heronderzoek_uit(
    uitkering_id: UitkeringId,
    body: HeronderzoekRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = VoerHeronderzoekUit(body.selectie, body.uitkomst, uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "heronderzoek", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


@uitkeringen.post(
    "/{uitkering_id}/verzuim",
    response_model=UitkeringResponse,
    summary="Suspend for missing information",
    description="Art. 54 lid 1: payment stops, with a term to repair of at most 8 weeks; not repaired in time, the "
    "timer withdraws the right from the day of the opschorting (lid 4). `hervatting` resumes it. Send "
    "`Idempotency-Key` to retry safely.",
)
async def schort_op_voor_verzuim(
    uitkering_id: UitkeringId,
    body: VerzuimRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = SchortOpVoorVerzuim(body.reden, body.herstel_uiterlijk, uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "verzuim", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


termijnen = APIRouter(prefix="/api/v1/termijnen", tags=["termijnen"])


@termijnen.get(
    "",
    response_model=Page[TermijnUit],
    summary="Worklist of dates: heronderzoek, heroverweging, ontheffing ends, herstel",
    description="Soonest first, in your gemeenten; filter by kind and up to a date.",
)
async def lijst_termijnen(
    principal: Dossierlezer,
    runtime: RuntimeDep,
    soort: Annotated[
        Literal["heronderzoek", "heroverweging", "ontheffing", "herstel"] | None, Query(description="Only this kind")
    ] = None,
    tot: Annotated[date | None, Query(description="Due on or before this day")] = None,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (CBS codes)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[TermijnUit]:
    check_gemeentecodes(gemeente, principal)
    return await queries.termijnen(
        runtime, principal, soort=soort, tot=tot, gemeenten=gemeente, cursor=cursor, limit=limit
    )


COMMANDS = CommandHandlers(
    {
        VerleenOntheffing: op_uitkering(domain.verleen_ontheffing),
        BeeindigOntheffing: op_uitkering(domain.beeindig_ontheffing),
        VoerHeronderzoekUit: op_uitkering(domain.heronderzoek_volgens_verordening),
        SchortOpVoorVerzuim: op_uitkering(domain.schort_op_voor_verzuim),
    }
)
