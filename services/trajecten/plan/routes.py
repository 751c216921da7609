"""Plan van aanpak routes: draw it up with the klant, adjust it in versions, evaluate it. Thin: map, call, answer."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response

from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.contracts.trajecten import Afspraak
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.http import check_gemeentecodes
from libs.events.openapi import weigeringen
from libs.events.pagination import Cursor, Limit, Page

from .. import klanten
from ..routing import Lezer, Traject
from . import domain, handlers, queries
from .schemas import EvaluatieRequest, PlanBijstellingRequest, PlanInhoud, PlanRequest, PlanResponse, PlanSamenvatting

plannen = APIRouter(
    prefix="/api/v1/plannen",
    tags=["plannen"],
    responses=weigeringen(klanten.KlantOnbekend, klanten.NietVerantwoordelijk, domain.OngeldigPlan),
)
PlanId = Annotated[UUID, Path(description="Plan van aanpak id")]


def _inhoud(body: PlanInhoud) -> domain.Inhoud:
    return domain.Inhoud(
        doelen=tuple(body.doelen),
        afspraken=tuple(Afspraak(soort=a.soort, omschrijving=a.omschrijving, gevolg=a.gevolg) for a in body.afspraken),
        evaluatiemomenten=tuple(body.evaluatiemomenten),
        startkwalificatie=body.startkwalificatie,
        besproken_op=body.besproken_op,
        instemming=body.instemming,
        zienswijze_klant=body.zienswijze_klant,
    )


@plannen.post(
    "",
    status_code=201,
    response_model=PlanResponse,
    summary="Draw up a klant's plan van aanpak",
    description="Version 1: doelen, afspraken (support, and arbeidsverplichtingen with the consequence of not "
    "complying, art. 44a lid 1), evaluatiemomenten, drawn up with the klant on `besprokenOp` and whether the klant "
    "agreed. Written by the team responsible for the klant (regional: klantmanager; local: toegang; 403 otherwise), "
    "in the klant's gemeente. One plan per klant (409 for a second: add a version). A toekenning to someone of 18 to "
    "27 refers to its version as bijlage (art. 44 lid 4). Send `Idempotency-Key` to retry safely.",
    responses=weigeringen(domain.PlanBestaatAl),
)
async def stel_plan_op(
    body: PlanRequest, principal: Traject, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    command = domain.StelPlanOp(handlers.plan_id(body.klant_id), body.klant_id, _inhoud(body))
    return await carry_out(runtime, principal, command, PlanResponse, Idempotency(idempotency_key, "plan", body))


@plannen.get(
    "",
    response_model=Page[PlanSamenvatting],
    summary="Plans van aanpak in your gemeenten",
    description="Least recently changed first, cursor-paginated; `klantId` finds a klant's plan.",
)
async def lijst_plannen(
    principal: Lezer,
    runtime: RuntimeDep,
    klant_id: Annotated[UUID | None, Query(alias="klantId", description="Only this klant's plan")] = None,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (CBS codes)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[PlanSamenvatting]:
    check_gemeentecodes(gemeente, principal)
    return await queries.lijst_plannen(
        runtime, principal, klant_id=klant_id, gemeenten=gemeente, cursor=cursor, limit=limit
    )


@plannen.get(
    "/{plan_id}",
    response_model=PlanResponse,
    summary="A plan van aanpak with every version and evaluatie",
    description="404 both when it does not exist and when its gemeente is outside your token.",
)
async def lees_plan(plan_id: PlanId, principal: Lezer, runtime: RuntimeDep) -> Any:
    return await queries.lees_plan(runtime, principal, plan_id)


@plannen.post(
    "/{plan_id}/versies",
    response_model=PlanResponse,
    summary="Adjust the plan: a new version",
    description="The whole content again, with the aanleiding (an evaluatie, changed circumstances; art. 44a lid 2). "
    "Earlier versions stay as they were. Send `Idempotency-Key` to retry safely.",
)
async def stel_plan_bij(
    plan_id: PlanId,
    body: PlanBijstellingRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.StelPlanBij(_inhoud(body), body.aanleiding, plan_id=plan_id)
    idempotency = Idempotency(idempotency_key, "versie", body, plan_id)
    return await carry_out(runtime, principal, command, PlanResponse, idempotency)


@plannen.post(
    "/{plan_id}/evaluaties",
    response_model=PlanResponse,
    summary="Evaluate the plan with the klant",
    description="Findings and a conclusie (voortzetten, bijstellen, afsluiten) on the version in force, with the next "
    "evaluatie unless the plan is closed (art. 44a lid 2). Send `Idempotency-Key` to retry safely.",
)
async def evalueer_plan(
    plan_id: PlanId,
    body: EvaluatieRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.EvalueerPlan(
        body.evaluatiedatum,
        body.met_klant,
        body.bevindingen,
        body.conclusie,
        body.volgende_evaluatie,
        plan_id=plan_id,
    )
    idempotency = Idempotency(idempotency_key, "evaluatie", body, plan_id)
    return await carry_out(runtime, principal, command, PlanResponse, idempotency)


COMMANDS = CommandHandlers(
    {
        domain.StelPlanOp: handlers.stel_op,
        domain.StelPlanBij: handlers.stel_bij,
        domain.EvalueerPlan: handlers.evalueer,
    }
)
