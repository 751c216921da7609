"""Tegenprestatie handlers: they gather who is responsible and uitkering's ontheffing on the day; the domain decides."""

from __future__ import annotations

from libs.events.commands import Answer, UnitOfWork

from .. import klanten
from . import domain
from .queries import opdracht_body


async def draag_op(uow: UnitOfWork, command: domain.DraagOp) -> Answer:
    """The opdracht, by the team responsible for the klant, unless an ontheffing runs on its first day."""
    klant = await klanten.verantwoordelijk(uow, command.klant_id)
    ontheffing = await klanten.ontheffing_op(uow, command.klant_id, command.van)
    events = domain.draag_op(command, klant.gemeente, ontheffing)
    opdracht = await uow.start(domain.OPDRACHTEN, command.opdracht_id, events, gemeente=klant.gemeente)
    return Answer(opdracht_body(opdracht.state), 201, f"/api/v1/tegenprestaties/{command.opdracht_id}")


async def weiger(uow: UnitOfWork, command: domain.Weiger) -> Answer:
    """A refusal, judged against the ontheffing (if any) on its day."""
    opdracht = await uow.load(domain.OPDRACHTEN, command.opdracht_id)
    await klanten.verantwoordelijk(uow, opdracht.state.opdracht.klant_id)
    ontheffing = await klanten.ontheffing_op(uow, opdracht.state.opdracht.klant_id, command.datum)
    opdracht = await uow.append(opdracht, domain.weiger(opdracht.state, command, ontheffing))
    return Answer(opdracht_body(opdracht.state))
