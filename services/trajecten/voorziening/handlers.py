"""Voorziening and aanbieder handlers: they gather the plan, the catalogue, the aanbieder and the budget line the
domain decides with."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import asyncpg

from libs.events.commands import Answer, Handler, UnitOfWork
from libs.events.registry import EventData

from .. import klanten
from ..budget import domain as budget
from ..catalogus import CATALOGUSSEN, Catalogus, StelCatalogusVast, catalogus_id
from ..catalogus import stel_catalogus_vast as stel_catalogus_vast_
from ..plan import domain as plan
from . import domain, queries


async def registreer_aanbieder(uow: UnitOfWork, command: domain.RegistreerAanbieder) -> Answer:
    """A provider for gemeenten the caller acts for; one per KvK number."""
    uow.act_for_all(command.gemeenten, "u handelt niet namens elk van deze gemeenten")
    if await queries.KVK.fetchrow(uow.conn, kvk=command.kvk_nummer) is not None:
        raise domain.AanbiederBestaatAl(f"KvK {command.kvk_nummer} is al geregistreerd")
    events = domain.registreer_aanbieder(command)
    try:
        aanbieder = await uow.start(domain.AANBIEDERS, command.aanbieder_id, events, gemeente=command.gemeenten[0])
    except asyncpg.UniqueViolationError as exc:  # registered concurrently (unique index)
        raise domain.AanbiederBestaatAl(f"KvK {command.kvk_nummer} is al geregistreerd") from exc
    return Answer(queries.aanbieder_body(aanbieder.state), 201, f"/api/v1/aanbieders/{command.aanbieder_id}")


async def start(uow: UnitOfWork, command: domain.StartVoorziening) -> Answer:
    """A voorziening in the klant's plan, by the responsible team, charged to a line of the klant's gemeente."""
    plan_ = await uow.load(plan.PLANNEN, command.plan_id)
    klant = await klanten.verantwoordelijk(uow, plan_.state.klant_id)
    aanbieder = await uow.load(domain.AANBIEDERS, command.aanbieder_id)
    if klant.gemeente not in aanbieder.state.gemeenten:
        raise domain.OngeldigeVoorziening(
            f"{aanbieder.state.naam} werkt niet voor {klant.gemeente}",
            velden={"aanbiederId": "kies een aanbieder die voor de gemeente van de klant werkt"},
        )
    regel = await uow.load(budget.BUDGETREGELS, command.budgetregel_id)
    budget.past(regel.state, klant.gemeente, command.startdatum)
    events = domain.start(
        command,
        klant_id=klant.klant_id,
        gemeente=klant.gemeente,
        plan_versie=plan_.state.huidig.versie,
        catalogus=await queries.catalogus_van(uow, klant.gemeente, command.startdatum),
        route=klant.route,
    )
    voorziening = await uow.start(domain.VOORZIENINGEN, command.voorziening_id, events, gemeente=klant.gemeente)
    return Answer(queries.voorziening_body(voorziening.state), 201, f"/api/v1/voorzieningen/{command.voorziening_id}")


def op_voorziening(decide: Callable[[domain.Voorziening, Any], Sequence[EventData]]) -> Handler:
    """The handler of a command that one decision on a voorziening carries out, by the klant's responsible team."""

    async def handler(uow: UnitOfWork, command: Any) -> Answer:
        loaded = await uow.load(domain.VOORZIENINGEN, command.voorziening_id)
        await klanten.verantwoordelijk(uow, loaded.state.gestart.klant_id)
        loaded = await uow.append(loaded, decide(loaded.state, command))
        return Answer(queries.voorziening_body(loaded.state))

    return handler


def volgens_catalogus(decide: Callable[[domain.Voorziening, Any, Catalogus], Sequence[EventData]]) -> Handler:
    """A decision on a voorziening under the catalogue it started under (its kind's limits, the premie)."""

    async def handler(uow: UnitOfWork, command: Any) -> Answer:
        loaded = await uow.load(domain.VOORZIENINGEN, command.voorziening_id)
        await klanten.verantwoordelijk(uow, loaded.state.gestart.klant_id)
        cat = await queries.catalogus_van(uow, loaded.state.gemeente, loaded.state.gestart.startdatum)
        loaded = await uow.append(loaded, decide(loaded.state, command, cat))
        return Answer(queries.voorziening_body(loaded.state))

    return handler


async def stel_catalogus_vast(uow: UnitOfWork, command: StelCatalogusVast) -> Answer:
    """A version of the gemeente's own catalogue, by its beheer."""
    uow.act_for(command.gemeente)
    stream = catalogus_id(command.gemeente)
    bestaand = await uow.find(CATALOGUSSEN, stream)
    events = stel_catalogus_vast_(command)
    if bestaand is None:
        await uow.start(CATALOGUSSEN, stream, events, gemeente=command.gemeente)
    else:
        await uow.append(bestaand, events)
    cat = await queries.catalogus_van(uow, command.gemeente, command.geldig_vanaf)
    return Answer(queries.catalogus_body(command.gemeente, cat))
