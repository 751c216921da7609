"""Matching's commands and reads, each through the one scoped path of libs/events in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from uuid import UUID

import asyncpg

from libs.events.aggregate import Loaded
from libs.events.auth import Principal
from libs.events.commands import Answer, Idempotency, UnitOfWork, execute
from libs.events.db import Sql
from libs.events.registry import EventData
from libs.events.runtime import Runtime

from . import bemiddeling, domain, queries, statements
from .instrumenten import herzie_lks, lks_van
from .scoring import beoordeel

_KLANTMANAGERS = uuid.UUID("6d1f4c1e-3a38-4c55-9a2f-0e7f3c6b9a10")
_VACATURE_SLOT = Sql("SELECT 1 FROM vacatures WHERE vacature_id = :vacature FOR UPDATE")


async def _kandidaat_command(
    runtime: Runtime,
    principal: Principal,
    klant_id: UUID,
    decide: Callable[[domain.Kandidaat], list[EventData]],
    idempotency: Idempotency,
) -> Answer:
    """Append what `decide` makes of the kandidaat to its own stream; answer with the updated detail."""

    async def action(uow: UnitOfWork) -> Answer:
        kandidaat = await queries.kandidaat_in_scope(uow, klant_id)
        assert kandidaat.gemeente is not None
        await uow.record(domain.KANDIDAAT, klant_id, decide(kandidaat), gemeente=kandidaat.gemeente, subject=klant_id)
        return Answer((await queries.detail(uow.conn, klant_id)).model_dump(mode="json"))

    return await execute(runtime, principal, action, idempotency=idempotency)


async def leg_profiel_vast(
    runtime: Runtime, principal: Principal, klant_id: UUID, command: domain.LegProfielVast, idempotency: Idempotency
) -> Answer:
    """Record (or replace) a kandidaat's profile."""
    return await _kandidaat_command(
        runtime, principal, klant_id, lambda k: domain.leg_profiel_vast(k, command), idempotency
    )


async def wijs_klantmanager_toe(
    runtime: Runtime,
    principal: Principal,
    klant_id: UUID,
    command: domain.WijsKlantmanagerToe,
    idempotency: Idempotency,
) -> Answer:
    """Give a kandidaat another klantmanager."""
    return await _kandidaat_command(
        runtime, principal, klant_id, lambda k: domain.wijs_klantmanager_toe(k, command), idempotency
    )


async def registreer_klantmanager(
    runtime: Runtime, principal: Principal, command: domain.LegKlantmanagerVast, idempotency: Idempotency
) -> Answer:
    """Record a klantmanager's team, appointment and werkgebied; only who may manage all of it may change it."""
    stream_id = uuid.uuid5(_KLANTMANAGERS, command.klantmanager)

    async def action(uow: UnitOfWork) -> Answer:
        for gemeente in command.gemeenten:
            uow.act_for(gemeente)
        events = domain.leg_klantmanager_vast(command)
        bestaand = await uow.find(domain.KLANTMANAGERS, stream_id)
        if bestaand is None:
            await uow.start(domain.KLANTMANAGERS, stream_id, events, gemeente=min(command.gemeenten))
        else:
            # Someone else's klantmanager is not yours to change; which gemeenten they serve is not said.
            uow.act_for_all(bestaand.state.gemeenten, "deze klantmanager werkt (ook) voor gemeenten buiten uw token")
            await uow.append(bestaand, events)
        return Answer(
            {
                "klantmanager": command.klantmanager,
                "naam": command.naam,
                "team": command.team,
                "fte_procent": command.fte_procent,
                "gemeenten": sorted(command.gemeenten),
            }
        )

    return await execute(runtime, principal, action, idempotency=idempotency)


async def stel_voor(
    runtime: Runtime, principal: Principal, command: bemiddeling.StelVoor, idempotency: Idempotency
) -> Answer:
    """Propose a kandidaat for a vacature, recording the score breakdown and the weights used."""
    settings = queries.instellingen(runtime)

    async def action(uow: UnitOfWork) -> Answer:
        kandidaat, p = await queries.profiel_in_pool(uow, command.klant_id)
        row = await queries.vacature_in_scope(uow, command.vacature_id)
        assert kandidaat.gemeente is not None
        events = bemiddeling.stel_voor(
            command,
            queries.vacature_in_pool(row),
            gemeente_kandidaat=kandidaat.gemeente,
            beoordeling=beoordeel(p, statements.vacatureprofiel_van(row, 4), settings.matching_gewichten),
            weging=bemiddeling.Weging(settings.matching_gewichten, settings.matching_weging_versie),
            al_geplaatst=await statements.GEPLAATST.fetchrow(uow.conn, klant=command.klant_id) is not None,
        )
        try:
            voorstel = await uow.start(
                bemiddeling.VOORSTELLEN, command.voorstel_id, events, gemeente=kandidaat.gemeente
            )
        except asyncpg.UniqueViolationError as exc:
            raise bemiddeling.AlVoorgesteld("deze kandidaat is al voorgesteld voor deze vacature") from exc
        location = f"/api/v1/voorstellen/{command.voorstel_id}"
        return Answer(queries.voorstel_body(voorstel.events, voorstel.state), 201, location)

    return await execute(runtime, principal, action, idempotency=idempotency)


async def _handel(
    runtime: Runtime,
    principal: Principal,
    voorstel_id: UUID,
    decide: Callable[[UnitOfWork, Loaded[bemiddeling.Voorstel]], Awaitable[list[EventData]]],
    idempotency: Idempotency,
) -> Answer:
    async def action(uow: UnitOfWork) -> Answer:
        voorstel = await uow.load(bemiddeling.VOORSTELLEN, voorstel_id)
        voorstel = await uow.append(voorstel, await decide(uow, voorstel))
        return Answer(queries.voorstel_body(voorstel.events, voorstel.state))

    return await execute(runtime, principal, action, idempotency=idempotency)


async def beantwoord(
    runtime: Runtime,
    principal: Principal,
    voorstel_id: UUID,
    command: bemiddeling.Beantwoord,
    idempotency: Idempotency,
) -> Answer:
    """Record the employer's answer."""

    async def decide(uow: UnitOfWork, voorstel: Loaded[bemiddeling.Voorstel]) -> list[EventData]:
        return bemiddeling.beantwoord(voorstel.state, command)

    return await _handel(runtime, principal, voorstel_id, decide, idempotency)


async def plaats(
    runtime: Runtime, principal: Principal, voorstel_id: UUID, command: bemiddeling.Plaats, idempotency: Idempotency
) -> Answer:
    """Turn an accepted voorstel into a plaatsing with instruments and planned nazorg."""

    async def decide(uow: UnitOfWork, voorstel: Loaded[bemiddeling.Voorstel]) -> list[EventData]:
        state = voorstel.state
        # Locks the vacature, so its last position is given out once; the kandidaat's one plaatsing is
        # held by a unique index (bemiddeling.PLAATSING_UNIEK).
        await _VACATURE_SLOT.execute(uow.conn, vacature=state.vacature_id)
        row = await statements.VACATURE.fetchrow(uow.conn, vacature=state.vacature_id)
        assert row is not None
        profiel = await statements.PROFIEL.fetchrow(uow.conn, klant=state.klant_id)
        return bemiddeling.plaats(
            state,
            command,
            doelgroep_banenafspraak=bool(profiel is not None and profiel["doelgroep_banenafspraak"]),
            vacature=queries.vacature_in_pool(row),
            al_geplaatst=await statements.GEPLAATST.fetchrow(uow.conn, klant=state.klant_id) is not None,
        )

    try:
        return await _handel(runtime, principal, voorstel_id, decide, idempotency)
    except asyncpg.UniqueViolationError as exc:
        if bemiddeling.PLAATSING_UNIEK in str(exc):
            raise bemiddeling.AlGeplaatst("de kandidaat is al geplaatst") from exc
        raise


async def verleng_proefplaats(
    runtime: Runtime,
    principal: Principal,
    voorstel_id: UUID,
    command: bemiddeling.VerlengProefplaats,
    idempotency: Idempotency,
) -> Answer:
    """The college extends a proefplaats, within 6 months in total."""

    async def decide(uow: UnitOfWork, voorstel: Loaded[bemiddeling.Voorstel]) -> list[EventData]:
        return bemiddeling.verleng_proefplaats(voorstel.state, command)

    return await _handel(runtime, principal, voorstel_id, decide, idempotency)


async def herijk_loonkostensubsidie(
    runtime: Runtime, principal: Principal, voorstel_id: UUID, leeftijd: int, vandaag: date, idempotency: Idempotency
) -> Answer:
    """Set a running LKS again with the age on its new peildatum (under 21 the daily check cannot)."""

    async def decide(uow: UnitOfWork, voorstel: Loaded[bemiddeling.Voorstel]) -> list[EventData]:
        toegekend, laatste = lks_van(voorstel.events)
        if toegekend is None:
            raise bemiddeling.GeenLopendePlaatsing("deze plaatsing heeft geen loonkostensubsidie")
        nieuw = herzie_lks(toegekend, laatste, vandaag, leeftijd=leeftijd)
        if nieuw is None:
            raise bemiddeling.GeenLopendePlaatsing("de loonkostensubsidie hoeft nu niet opnieuw vastgesteld")
        return [nieuw]

    return await _handel(runtime, principal, voorstel_id, decide, idempotency)


async def beeindig_plaatsing(
    runtime: Runtime,
    principal: Principal,
    voorstel_id: UUID,
    command: bemiddeling.BeeindigPlaatsing,
    idempotency: Idempotency,
) -> Answer:
    """A plaatsing ends (uitval): the kandidaat is back in the pool."""

    async def decide(uow: UnitOfWork, voorstel: Loaded[bemiddeling.Voorstel]) -> list[EventData]:
        return bemiddeling.beeindig_plaatsing(voorstel.state, command)

    return await _handel(runtime, principal, voorstel_id, decide, idempotency)


async def leg_nazorg_vast(
    runtime: Runtime,
    principal: Principal,
    voorstel_id: UUID,
    command: bemiddeling.LegNazorgVast,
    idempotency: Idempotency,
) -> Answer:
    """Record a nazorg check-in."""

    async def decide(uow: UnitOfWork, voorstel: Loaded[bemiddeling.Voorstel]) -> list[EventData]:
        return bemiddeling.leg_nazorg_vast(voorstel.state, command)

    return await _handel(runtime, principal, voorstel_id, decide, idempotency)
