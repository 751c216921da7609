"""Budget line handlers: one name per gemeente and year, in a gemeente the caller acts for."""

from __future__ import annotations

import asyncpg

from libs.events.commands import Answer, UnitOfWork

from . import domain, queries


async def stel_vast(uow: UnitOfWork, command: domain.StelBudgetregelVast) -> Answer:
    """A new line; a second line with the same name for the same gemeente and year is refused."""
    uow.act_for(command.gemeente)
    bestaat = domain.BudgetregelBestaatAl(f"{command.gemeente} heeft in {command.jaar} al een regel {command.naam!r}")
    if await queries.NAAM.fetchrow(uow.conn, gemeente=command.gemeente, jaar=command.jaar, naam=command.naam):
        raise bestaat
    try:
        regel = await uow.start(
            domain.BUDGETREGELS, command.regel_id, domain.stel_vast(command), gemeente=command.gemeente
        )
    except asyncpg.UniqueViolationError as exc:  # the same name entered concurrently (unique index)
        raise bestaat from exc
    return Answer(await queries.regel_body(uow.conn, regel.state), 201, f"/api/v1/budgetregels/{command.regel_id}")


async def stel_bij(uow: UnitOfWork, command: domain.StelBudgetregelBij) -> Answer:
    """A new amount for a line of the caller's gemeenten."""
    regel = await uow.load(domain.BUDGETREGELS, command.regel_id)
    regel = await uow.append(regel, domain.stel_bij(regel.state, command))
    return Answer(await queries.regel_body(uow.conn, regel.state))
