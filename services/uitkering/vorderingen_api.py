"""Vordering routes: the ledger of a terugvordering or boete, aflossing, afkoop, correcties, afzien."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from libs.events.commands import Idempotency, respond
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id, utcnow
from libs.events.errors import KetenGebroken
from libs.events.openapi import weigeringen

from . import queries, service
from .api import Consulent, Dossierlezer, VorderingId
from .schemas import (
    AflossingRequest,
    AfspraakRequest,
    AfzienRequest,
    BoeteRequest,
    BoeteResponse,
    CorrectieRequest,
    VorderingResponse,
)
from .vordering import domain as vordering
from .vordering.domain import Beboet

vorderingen = APIRouter(prefix="/api/v1/vorderingen", tags=["vorderingen"], responses=weigeringen(KetenGebroken))


@vorderingen.get(
    "/{vordering_id}",
    response_model=VorderingResponse,
    summary="A vordering with its ledger and saldo",
    description="The saldo is a fold of the ledger up to `op` (default: everything); nothing is overwritten.",
)
async def lees_vordering(
    vordering_id: VorderingId,
    principal: Dossierlezer,
    runtime: RuntimeDep,
    op: Annotated[date | None, Query(description="The saldo at the end of this day")] = None,
) -> Any:
    return await queries.lees_vordering(runtime, principal, vordering_id, op)


@vorderingen.post(
    "/{vordering_id}/boete",
    status_code=201,
    response_model=BoeteResponse,
    summary="A bestuurlijke boete for the benadeling, or a warning instead",
    description="Art. 18a: the verordening's ladder share of the benadelingsbedrag (this terugvordering), x 1.5 on "
    "recidive within 5 years, capped at the 3rd (5th with opzet) category of art. 23 Sr. `waarschuwing`: a written "
    "warning instead, not twice within 2 years (lid 4). The boete is a vordering of its own. Send `Idempotency-Key`.",
)
async def beboet(
    vordering_id: VorderingId,
    body: BoeteRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = Beboet(new_event_id(), body.verwijtbaarheid, body.waarschuwing, utcnow().date(), utcnow(), "")
    idempotency = Idempotency(idempotency_key, "boete", body, vordering_id)
    return respond(await service.beboet(runtime, principal, vordering_id, command, idempotency), BoeteResponse)


@vorderingen.put(
    "/{vordering_id}/aflossingsafspraak",
    response_model=VorderingResponse,
    summary="Agree the monthly amount",
    description="Also the most a betaalrun keeps by verrekening per month. Send `Idempotency-Key` to retry safely.",
)
async def maak_afspraak(
    vordering_id: VorderingId,
    body: AfspraakRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    def decide(uow: Any, state: vordering.Vordering) -> list[Any]:
        return vordering.maak_afspraak(state, body.bedrag_per_maand, body.vanaf, uow.now)

    idempotency = Idempotency(idempotency_key, "afspraak", body, vordering_id)
    return respond(await service.op_vordering(runtime, principal, vordering_id, idempotency, decide), VorderingResponse)


@vorderingen.post(
    "/{vordering_id}/aflossingen",
    response_model=VorderingResponse,
    summary="Record a payment by the debtor",
    description="Never more than the saldo. Send `Idempotency-Key` to retry safely.",
)
async def los_af(
    vordering_id: VorderingId,
    body: AflossingRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    def decide(uow: Any, state: vordering.Vordering) -> list[Any]:
        return vordering.ontvang(state, body.bedrag, wijze="betaling", datum=body.datum, op=uow.now)

    idempotency = Idempotency(idempotency_key, "aflossing", body, vordering_id)
    return respond(await service.op_vordering(runtime, principal, vordering_id, idempotency, decide), VorderingResponse)


@vorderingen.post(
    "/{vordering_id}/afkoop",
    response_model=VorderingResponse,
    summary="A lump sum of at least 50% and the rest waived",
    description="Art. 58 lid 7 onder d. Send `Idempotency-Key` to retry safely.",
)
async def koop_af(
    vordering_id: VorderingId,
    body: AflossingRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    def decide(uow: Any, state: vordering.Vordering) -> list[Any]:
        return vordering.koop_af(state, body.bedrag, body.datum, uow.now)

    idempotency = Idempotency(idempotency_key, "afkoop", body, vordering_id)
    return respond(await service.op_vordering(runtime, principal, vordering_id, idempotency, decide), VorderingResponse)


@vorderingen.post(
    "/{vordering_id}/correcties",
    response_model=VorderingResponse,
    summary="A correction, interest or costs",
    description="Booked as a line of its own (art. 58 lid 5 for costs); the saldo never goes below zero. Send "
    "`Idempotency-Key` to retry safely.",
)
async def corrigeer(
    vordering_id: VorderingId,
    body: CorrectieRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    def decide(uow: Any, state: vordering.Vordering) -> list[Any]:
        return vordering.corrigeer(state, body.bedrag, body.soort, body.reden, uow.now)

    idempotency = Idempotency(idempotency_key, "correctie", body, vordering_id)
    return respond(await service.op_vordering(runtime, principal, vordering_id, idempotency, decide), VorderingResponse)


@vorderingen.post(
    "/{vordering_id}/afzien",
    response_model=VorderingResponse,
    summary="Waive the rest ten years after the besluit",
    description="Art. 58 lid 7 onder a-c; 422 before the ten years are over. Send `Idempotency-Key`.",
)
async def zie_af(
    vordering_id: VorderingId,
    body: AfzienRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    def decide(uow: Any, state: vordering.Vordering) -> list[Any]:
        return vordering.zie_af_na_tien_jaar(state, uow.now.date(), uow.now)

    idempotency = Idempotency(idempotency_key, "afzien", body, vordering_id)
    return respond(await service.op_vordering(runtime, principal, vordering_id, idempotency, decide), VorderingResponse)
