"""The sample service's routes and its command table: map the body to a command, carry it out, answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from libs.events.auth import Principal, Role, requires
from libs.events.commands import Answer, CommandHandlers, Idempotency, UnitOfWork, carry_out
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id
from libs.events.pagination import Cursor, Limit, Page

from . import domain, queries
from .schemas import NotitieRequest, NotitieResponse

notities = APIRouter(prefix="/api/v1/notities", tags=["notities"])
Toegang = Annotated[Principal, Depends(requires(Role.TOEGANG))]


@notities.post("", status_code=201, response_model=NotitieResponse, summary="Note")
async def leg_vast(body: NotitieRequest, p: Toegang, runtime: RuntimeDep, key: IdempotencyKey = None) -> Response:
    command = domain.LegVast(new_event_id(), body.klant_id, body.gemeente, body.tekst)
    return await carry_out(runtime, p, command, NotitieResponse, Idempotency(key, "notitie", body))


@notities.get("", response_model=Page[NotitieResponse], summary="Notes")
async def lijst(p: Toegang, runtime: RuntimeDep, limit: Limit = 50, cursor: Cursor = None) -> Any:
    return await queries.notities(runtime, p, cursor, limit)


async def _leg_vast(uow: UnitOfWork, command: domain.LegVast) -> Answer:
    n = await uow.start(domain.NOTITIES, command.notitie_id, domain.leg_vast(command), gemeente=command.gemeente)
    body = {"notitie_id": str(n.state.notitie_id), "klant_id": str(n.state.klant_id), "gemeente": n.state.gemeente}
    return Answer({**body, "tekst": n.state.tekst}, 201, f"/api/v1/notities/{command.notitie_id}")


COMMANDS = CommandHandlers({domain.LegVast: _leg_vast})
