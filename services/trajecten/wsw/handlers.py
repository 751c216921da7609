"""Wsw handlers: the birth date encrypted with this service's key for the klant; the domain decides."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from libs.events import shredding
from libs.events.commands import Answer, Handler, UnitOfWork
from libs.events.registry import EventData

from .. import klanten
from . import domain
from .queries import geld_body, medewerker_body


async def registreer(uow: UnitOfWork, command: domain.RegistreerMedewerker) -> Answer:
    """A medewerker of the zittend bestand, for a betalende gemeente the caller acts for."""
    uow.act_for(command.gemeente)
    sleutel = await shredding.sleutel(uow.conn, command.klant_id, aanmaken=True)
    if sleutel is None:
        raise klanten.KlantOnbekend("de gegevens van deze klant zijn gewist")
    persoonlijk = shredding.versleutel(sleutel, command.klant_id, {"geboortedatum": command.geboortedatum})
    events = domain.registreer(replace(command, persoonlijk=persoonlijk))
    loaded = await uow.start(domain.MEDEWERKERS, command.medewerker_id, events, gemeente=command.gemeente)
    return Answer(medewerker_body(loaded.state), 201, f"/api/v1/wsw/medewerkers/{command.medewerker_id}")


def op_medewerker(decide: Callable[[domain.Medewerker, Any], Sequence[EventData]]) -> Handler:
    """The handler of a command that one decision on a medewerker carries out."""

    async def handler(uow: UnitOfWork, command: Any) -> Answer:
        loaded = await uow.load(domain.MEDEWERKERS, command.medewerker_id)
        uow.act_for(loaded.state.gemeente)
        loaded = await uow.append(loaded, decide(loaded.state, command))
        return Answer(medewerker_body(loaded.state))

    return handler


async def start_detachering(uow: UnitOfWork, command: domain.StartDetachering) -> Answer:
    """A detachering at a werkgever the region knows (from werkgevers' events)."""
    loaded = await uow.load(domain.MEDEWERKERS, command.medewerker_id)
    uow.act_for(loaded.state.gemeente)
    if await klanten.WERKGEVER.fetchrow(uow.conn, id=command.werkgever_id) is None:
        raise domain.OngeldigeWsw(
            "deze werkgever is (nog) niet bekend", velden={"werkgeverId": "een werkgever uit het werkgeversloket"}
        )
    loaded = await uow.append(loaded, domain.start_detachering(loaded.state, command))
    return Answer(medewerker_body(loaded.state))


async def stel_financiering_vast(uow: UnitOfWork, command: domain.StelFinancieringVast) -> Answer:
    """A gemeente's Wsw money for a year, for a gemeente the caller acts for."""
    uow.act_for(command.gemeente)
    stream = domain.financiering_id(command.gemeente, command.jaar)
    bestaand = await uow.find(domain.FINANCIERINGEN, stream)
    events = domain.stel_financiering_vast(bestaand.state if bestaand else None, command)
    if bestaand is None:
        await uow.start(domain.FINANCIERINGEN, stream, events, gemeente=command.gemeente)
    else:
        await uow.append(bestaand, events)
    return Answer(await geld_body(uow.conn, command.gemeente, command.jaar))
