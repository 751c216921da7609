"""Vordering routes: terugvordering, the ledger, boete, afspraak, aflossing, afkoop, correctie, afzien."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id
from libs.events.errors import KetenGebroken
from libs.events.openapi import weigeringen

from ..routing import GEWIST, Consulent, Dossierlezer, UitkeringId, VorderingId
from . import domain, handlers, queries
from .domain import Beboet, Corrigeer, KoopAf, LosAf, MaakAfspraak, VorderTerug, ZieAf
from .handlers import op_vordering
from .schemas import (
    AflossingRequest,
    AfspraakRequest,
    AfzienRequest,
    BoeteRequest,
    BoeteResponse,
    CorrectieRequest,
    TerugvorderingRequest,
    VorderingRegel,
    VorderingResponse,
)

uitkeringen = APIRouter(prefix="/api/v1/uitkeringen", tags=["uitkeringen"], responses=GEWIST)


@uitkeringen.post(
    "/{uitkering_id}/terugvorderingen",
    status_code=201,
    response_model=VorderingResponse,
    summary="Claim back what was paid too much",
    description="A vordering of every paid month's te veel betaald (netto, from the herberekeningen) that no "
    "vordering covers yet, one deelvordering per month; partners are jointly liable (art. 59). `58.1` (after a "
    "breach of art. 17) is set off against running bijstand above the beslagvrije voet (art. 60 lid 3). 422 when "
    "nothing is open. Send `Idempotency-Key` to retry safely.",
)
async def vorder_terug(
    uitkering_id: UitkeringId,
    body: TerugvorderingRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = VorderTerug(new_event_id(), body.grond, body.aflossing_per_maand, uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "terugvordering", body, uitkering_id)
    return await carry_out(runtime, principal, command, VorderingResponse, idempotency)


@uitkeringen.get(
    "/{uitkering_id}/vorderingen",
    response_model=list[VorderingRegel],
    summary="The vorderingen of an uitkering with their saldo",
    description="Terugvorderingen and boetes, oldest first, each with its saldo now; the ledger of one is at "
    "GET /vorderingen/{vordering_id}. Logged like a read of the calculation.",
)
async def vorderingen_van(uitkering_id: UitkeringId, principal: Dossierlezer, runtime: RuntimeDep) -> Any:
    return await queries.vorderingen_van(runtime, principal, uitkering_id)


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
    command = Beboet(new_event_id(), body.verwijtbaarheid, body.waarschuwing, vordering_id=vordering_id)
    idempotency = Idempotency(idempotency_key, "boete", body, vordering_id)
    return await carry_out(runtime, principal, command, BoeteResponse, idempotency)


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
    command = MaakAfspraak(body.bedrag_per_maand, body.vanaf, vordering_id=vordering_id)
    idempotency = Idempotency(idempotency_key, "afspraak", body, vordering_id)
    return await carry_out(runtime, principal, command, VorderingResponse, idempotency)


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
    command = LosAf(body.bedrag, body.datum, vordering_id=vordering_id)
    idempotency = Idempotency(idempotency_key, "aflossing", body, vordering_id)
    return await carry_out(runtime, principal, command, VorderingResponse, idempotency)


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
    command = KoopAf(body.bedrag, body.datum, vordering_id=vordering_id)
    idempotency = Idempotency(idempotency_key, "afkoop", body, vordering_id)
    return await carry_out(runtime, principal, command, VorderingResponse, idempotency)


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
    command = Corrigeer(body.bedrag, body.soort, body.reden, vordering_id=vordering_id)
    idempotency = Idempotency(idempotency_key, "correctie", body, vordering_id)
    return await carry_out(runtime, principal, command, VorderingResponse, idempotency)


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
    command = ZieAf(vordering_id=vordering_id)
    idempotency = Idempotency(idempotency_key, "afzien", body, vordering_id)
    return await carry_out(runtime, principal, command, VorderingResponse, idempotency)


COMMANDS = CommandHandlers(
    {
        VorderTerug: handlers.vorder_terug,
        Beboet: handlers.beboet,
        MaakAfspraak: op_vordering(domain.maak_afspraak),
        LosAf: op_vordering(domain.los_af),
        KoopAf: op_vordering(domain.koop_af),
        Corrigeer: op_vordering(domain.corrigeer),
        ZieAf: op_vordering(domain.zie_af_na_tien_jaar),
    }
)
