"""The sample service's routes: map the body to a command, call, answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from libs.events.auth import Principal, Role, requires
from libs.events.commands import Idempotency, respond
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id, utcnow
from libs.events.pagination import Cursor, Limit, Page

from . import domain, queries, service
from .schemas import NotitieRequest, NotitieResponse

notities = APIRouter(prefix="/api/v1/notities", tags=["notities"])
Toegang = Annotated[Principal, Depends(requires(Role.TOEGANG))]


@notities.post("", status_code=201, response_model=NotitieResponse, summary="Note")
async def leg_vast(body: NotitieRequest, p: Toegang, runtime: RuntimeDep, key: IdempotencyKey = None) -> Response:
    command = domain.LegVast(new_event_id(), body.klant_id, body.gemeente, body.tekst, utcnow())
    return respond(await service.leg_vast(runtime, p, command, Idempotency(key, "notitie", body)), NotitieResponse)


@notities.get("", response_model=Page[NotitieResponse], summary="Notes")
async def lijst(p: Toegang, runtime: RuntimeDep, limit: Limit = 50, cursor: Cursor = None) -> Any:
    return await queries.notities(runtime, p, cursor, limit)
