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
from .queries import medewerker_body


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
