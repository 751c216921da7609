"""Tegenprestatie routes. Thin: map, call, answer."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Response

from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id
from libs.events.openapi import weigeringen
from libs.events.pagination import Cursor, KlantFilter, Limit, Page

from .. import klanten
from ..routing import Lezer, Traject
from . import domain, handlers, queries
from .schemas import OpdrachtRequest, OpdrachtResponse, WeigeringRequest

tegenprestaties = APIRouter(
    prefix="/api/v1/tegenprestaties",
    tags=["tegenprestaties"],
    responses=weigeringen(klanten.KlantOnbekend, klanten.NietVerantwoordelijk, domain.OngeldigeOpdracht),
)
OpdrachtId = Annotated[UUID, Path(description="Tegenprestatie id")]


@tegenprestaties.post(
    "",
    status_code=201,
    response_model=OpdrachtResponse,
    summary="Ask a tegenprestatie (art. 9 lid 1 c)",
    description="Unpaid, socially useful work naar vermogen, next to regular work, for the klant or the partner "
    "(each separately, lid 3). Refused (409) while uitkering's ontheffing of art. 9 (lid 2, lid 5, or art. 9a for a "
    "single parent: lid 7) covers its first day. By the team responsible for the klant. Send `Idempotency-Key` to "
    "retry safely.",
    responses=weigeringen(domain.OntheffingLoopt),
)
async def draag_tegenprestatie_op(
    body: OpdrachtRequest, principal: Traject, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    command = domain.DraagOp(
        new_event_id(), body.klant_id, body.persoon, body.omschrijving, body.uren_per_week, body.van, body.tot
    )
    idempotency = Idempotency(idempotency_key, "tegenprestatie", body)
    return await carry_out(runtime, principal, command, OpdrachtResponse, idempotency)


@tegenprestaties.get(
    "",
    response_model=Page[OpdrachtResponse],
    summary="Tegenprestaties in your gemeenten",
    description="Oldest first, cursor-paginated; `klantId` narrows to one klant.",
)
async def lijst_tegenprestaties(
    principal: Lezer,
    runtime: RuntimeDep,
    klant_id: KlantFilter = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[OpdrachtResponse]:
    return await queries.lijst_opdrachten(runtime, principal, klant_id=klant_id, cursor=cursor, limit=limit)


@tegenprestaties.get(
    "/{opdracht_id}",
    response_model=OpdrachtResponse,
    summary="A tegenprestatie with its refusals",
    description="404 both when it does not exist and when its gemeente is outside your token.",
)
async def lees_tegenprestatie(opdracht_id: OpdrachtId, principal: Lezer, runtime: RuntimeDep) -> Any:
    return await queries.lees_opdracht(runtime, principal, opdracht_id)


@tegenprestaties.post(
    "/{opdracht_id}/weigering",
    response_model=OpdrachtResponse,
    summary="Record that the tegenprestatie was not done",
    description="On a day within the opdracht, with the valid reason the college accepts, or without one. Without a "
    "reason and without an ontheffing on that day it is verwijtbaar: uitkering then records the voornemen of a "
    "maatregel (art. 18 lid 2, with zienswijze). Send `Idempotency-Key` to retry safely.",
)
async def weiger_tegenprestatie(
    opdracht_id: OpdrachtId,
    body: WeigeringRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.Weiger(body.datum, body.reden, opdracht_id=opdracht_id)
    idempotency = Idempotency(idempotency_key, "weigering", body, opdracht_id)
    return await carry_out(runtime, principal, command, OpdrachtResponse, idempotency)


COMMANDS = CommandHandlers({domain.DraagOp: handlers.draag_op, domain.Weiger: handlers.weiger})
