"""Plan van aanpak handlers: they gather who is responsible for the klant; the domain decides."""

from __future__ import annotations

import uuid

from libs.events.commands import Answer, UnitOfWork

from .. import klanten
from . import domain
from .queries import plan_body

_NAMESPACE = uuid.UUID("0b6a5cf4-3a8e-4c53-9a49-1f1e9b9c3d21")


def plan_id(klant_id: uuid.UUID) -> uuid.UUID:
    """A klant has one plan van aanpak; its id follows from the klant, so a second one is a conflict."""
    return uuid.uuid5(_NAMESPACE, str(klant_id))


async def stel_op(uow: UnitOfWork, command: domain.StelPlanOp) -> Answer:
    """The first version, by the team responsible for the klant, in the klant's gemeente."""
    klant = await klanten.verantwoordelijk(uow, command.klant_id)
    if await uow.find(domain.PLANNEN, command.plan_id) is not None:
        raise domain.PlanBestaatAl("deze klant heeft een plan van aanpak: stel het bij met een nieuwe versie")
    events = domain.stel_op(command, klant.gemeente, klant.team)
    plan = await uow.start(domain.PLANNEN, command.plan_id, events, gemeente=klant.gemeente)
    return Answer(plan_body(plan.state), 201, f"/api/v1/plannen/{command.plan_id}")


async def stel_bij(uow: UnitOfWork, command: domain.StelPlanBij) -> Answer:
    """A new version, by the team responsible now."""
    plan = await uow.load(domain.PLANNEN, command.plan_id)
    klant = await klanten.verantwoordelijk(uow, plan.state.klant_id)
    plan = await uow.append(plan, domain.stel_bij(plan.state, command, klant.team))
    return Answer(plan_body(plan.state))


async def evalueer(uow: UnitOfWork, command: domain.EvalueerPlan) -> Answer:
    """An evaluatie, by the team responsible now."""
    plan = await uow.load(domain.PLANNEN, command.plan_id)
    await klanten.verantwoordelijk(uow, plan.state.klant_id)
    plan = await uow.append(plan, domain.evalueer(plan.state, command))
    return Answer(plan_body(plan.state))
