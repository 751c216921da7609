"""Werkgevers' command handlers: each gathers facts, lets the domain decide, and answers; the table is in api.py."""

from __future__ import annotations

import asyncpg

from libs.events.commands import Answer, UnitOfWork

from . import domain, queries


async def registreer_werkgever(uow: UnitOfWork, command: domain.RegistreerWerkgever) -> Answer:
    """Register an employer; one per KvK number, every location in a gemeente the caller acts for."""
    for vestiging in command.vestigingen:
        uow.act_for(vestiging.gemeente)
    if await queries.KVK.fetchrow(uow.conn, kvk=command.kvk_nummer) is not None:
        raise domain.WerkgeverBestaatAl(f"KvK {command.kvk_nummer} is al geregistreerd")
    try:
        werkgever = await uow.start(
            domain.WERKGEVERS,
            command.werkgever_id,
            domain.registreer_werkgever(command),
            gemeente=command.vestigingen[0].gemeente,
        )
    except asyncpg.UniqueViolationError as exc:  # the same KvK registered concurrently (unique index)
        raise domain.WerkgeverBestaatAl(f"KvK {command.kvk_nummer} is al geregistreerd") from exc
    body = await queries.werkgever_body(uow.conn, werkgever.state)
    return Answer(body, 201, f"/api/v1/werkgevers/{command.werkgever_id}")


async def spreek_social_return_af(uow: UnitOfWork, command: domain.SpreekSocialReturnAf) -> Answer:
    """Record a social return commitment with an employer the caller may see."""
    werkgever = await uow.load(domain.WERKGEVERS, command.werkgever_id)
    werkgever = await uow.append(werkgever, domain.spreek_social_return_af(werkgever.state, command))
    return Answer(await queries.werkgever_body(uow.conn, werkgever.state), 201)


async def registreer_vacature(uow: UnitOfWork, command: domain.RegistreerVacature) -> Answer:
    """A vacature at one of the employer's locations, in a gemeente the caller acts for; it starts open."""
    werkgever = await uow.load(domain.WERKGEVERS, command.werkgever_id)
    events = domain.registreer_vacature(werkgever.state, command)
    vacature = await uow.start(domain.VACATURES, command.vacature_id, events, gemeente=command.gemeente)
    body = await queries.vacature_body(uow.conn, vacature.state)
    return Answer(body, 201, f"/api/v1/vacatures/{command.vacature_id}")


async def wijzig_status(uow: UnitOfWork, command: domain.WijzigStatus) -> Answer:
    """Move a vacature along its lifecycle."""
    vacature = await uow.load(domain.VACATURES, command.vacature_id)
    vacature = await uow.append(vacature, domain.wijzig_status(vacature.state, command))
    return Answer(await queries.vacature_body(uow.conn, vacature.state))
