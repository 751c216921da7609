"""Werkgevers' commands: each gathers facts, lets the domain decide, and runs through the one command path."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from libs.events.auth import Principal
from libs.events.commands import Answer, Idempotency, UnitOfWork, execute
from libs.events.runtime import Runtime

from . import domain, queries


async def registreer_werkgever(
    runtime: Runtime, principal: Principal, command: domain.RegistreerWerkgever, idempotency: Idempotency
) -> Answer:
    """Register an employer; one per KvK number, every location in a gemeente the caller acts for."""

    async def action(uow: UnitOfWork) -> Answer:
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

    return await execute(runtime, principal, action, idempotency=idempotency)


async def spreek_social_return_af(
    runtime: Runtime,
    principal: Principal,
    werkgever_id: UUID,
    command: domain.SpreekSocialReturnAf,
    idempotency: Idempotency,
) -> Answer:
    """Record a social return commitment with an employer the caller may see."""

    async def action(uow: UnitOfWork) -> Answer:
        werkgever = await uow.load(domain.WERKGEVERS, werkgever_id)
        werkgever = await uow.append(werkgever, domain.spreek_social_return_af(werkgever.state, command))
        return Answer(await queries.werkgever_body(uow.conn, werkgever.state), 201)

    return await execute(runtime, principal, action, idempotency=idempotency)


async def registreer_vacature(
    runtime: Runtime,
    principal: Principal,
    werkgever_id: UUID,
    command: domain.RegistreerVacature,
    idempotency: Idempotency,
) -> Answer:
    """A vacature at one of the employer's locations, in a gemeente the caller acts for; it starts open."""

    async def action(uow: UnitOfWork) -> Answer:
        werkgever = await uow.load(domain.WERKGEVERS, werkgever_id)
        events = domain.registreer_vacature(werkgever.state, command)
        vacature = await uow.start(domain.VACATURES, command.vacature_id, events, gemeente=command.gemeente)
        body = await queries.vacature_body(uow.conn, vacature.state)
        return Answer(body, 201, f"/api/v1/vacatures/{command.vacature_id}")

    return await execute(runtime, principal, action, idempotency=idempotency)


async def wijzig_status(
    runtime: Runtime, principal: Principal, vacature_id: UUID, command: domain.WijzigStatus, idempotency: Idempotency
) -> Answer:
    """Move a vacature along its lifecycle."""

    async def action(uow: UnitOfWork) -> Answer:
        vacature = await uow.load(domain.VACATURES, vacature_id)
        vacature = await uow.append(vacature, domain.wijzig_status(vacature.state, command))
        return Answer(await queries.vacature_body(uow.conn, vacature.state))

    return await execute(runtime, principal, action, idempotency=idempotency)
