"""Matching's command handlers (the table is in api.py): each gathers facts, lets the domain decide, answers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Protocol, TypeVar
from uuid import UUID

import asyncpg

from libs.events.commands import Answer, Handler, UnitOfWork, on_stream
from libs.events.db import Sql
from libs.events.registry import EventData

from . import bemiddeling, domain, queries, statements
from .instrumenten import herzie_lks, lks_van
from .scoring import beoordeel


class OpKandidaat(Protocol):
    """A command on one kandidaat."""

    @property
    def klant_id(self) -> UUID: ...


class OpVoorstel(Protocol):
    """A command on one voorstel."""

    @property
    def voorstel_id(self) -> UUID: ...


C = TypeVar("C", bound=OpKandidaat)
V = TypeVar("V", bound=OpVoorstel)
_KLANTMANAGERS = uuid.UUID("6d1f4c1e-3a38-4c55-9a2f-0e7f3c6b9a10")
_VACATURE_SLOT = Sql("SELECT 1 FROM vacatures WHERE vacature_id = :vacature FOR UPDATE")


def op_kandidaat(decide: Callable[[domain.Kandidaat, C], list[EventData]]) -> Handler:
    """The handler of a command on one kandidaat (`command.klant_id`), appended to its own stream."""

    async def handler(uow: UnitOfWork, command: C) -> Answer:
        kandidaat = await queries.kandidaat_in_scope(uow, command.klant_id)
        assert kandidaat.gemeente is not None
        events = decide(kandidaat, command)
        await uow.record(
            domain.KANDIDAAT, command.klant_id, events, gemeente=kandidaat.gemeente, subject=command.klant_id
        )
        return Answer((await queries.detail(uow.conn, command.klant_id)).model_dump(mode="json"))

    return handler


def op_voorstel(decide: Callable[[bemiddeling.Voorstel, V], list[EventData]]) -> Handler:
    """The handler of a command that one pure decision on the voorstel (`command.voorstel_id`) carries out."""

    return on_stream(
        bemiddeling.VOORSTELLEN,
        lambda c: c.voorstel_id,
        decide,
        lambda loaded: queries.voorstel_body(loaded.events, loaded.state),
    )


async def registreer_klantmanager(uow: UnitOfWork, command: domain.LegKlantmanagerVast) -> Answer:
    """Record a klantmanager's team, appointment and werkgebied; only who may manage all of it may change it."""
    stream_id = uuid.uuid5(_KLANTMANAGERS, command.klantmanager)
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


async def stel_voor(uow: UnitOfWork, command: bemiddeling.StelVoor) -> Answer:
    """Propose a kandidaat for a vacature, recording the score breakdown and the weights used."""
    settings = queries.instellingen(uow.runtime)
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
        voorstel = await uow.start(bemiddeling.VOORSTELLEN, command.voorstel_id, events, gemeente=kandidaat.gemeente)
    except asyncpg.UniqueViolationError as exc:
        raise bemiddeling.AlVoorgesteld("deze kandidaat is al voorgesteld voor deze vacature") from exc
    location = f"/api/v1/voorstellen/{command.voorstel_id}"
    return Answer(queries.voorstel_body(voorstel.events, voorstel.state), 201, location)


async def plaats(uow: UnitOfWork, command: bemiddeling.Plaats) -> Answer:
    """Turn an accepted voorstel into a plaatsing with instruments and planned nazorg."""
    voorstel = await uow.load(bemiddeling.VOORSTELLEN, command.voorstel_id)
    state = voorstel.state
    # Locks the vacature, so its last position is given out once; the kandidaat's one plaatsing is
    # held by a unique index (bemiddeling.PLAATSING_UNIEK).
    await _VACATURE_SLOT.execute(uow.conn, vacature=state.vacature_id)
    row = await statements.VACATURE.fetchrow(uow.conn, vacature=state.vacature_id)
    assert row is not None
    profiel = await statements.PROFIEL.fetchrow(uow.conn, klant=state.klant_id)
    events = bemiddeling.plaats(
        state,
        command,
        doelgroep_banenafspraak=bool(profiel is not None and profiel["doelgroep_banenafspraak"]),
        vacature=queries.vacature_in_pool(row),
        al_geplaatst=await statements.GEPLAATST.fetchrow(uow.conn, klant=state.klant_id) is not None,
    )
    try:
        voorstel = await uow.append(voorstel, events)
    except asyncpg.UniqueViolationError as exc:
        if bemiddeling.PLAATSING_UNIEK in str(exc):
            raise bemiddeling.AlGeplaatst("de kandidaat is al geplaatst") from exc
        raise
    return Answer(queries.voorstel_body(voorstel.events, voorstel.state))


async def herijk_loonkostensubsidie(uow: UnitOfWork, command: bemiddeling.HerijkLoonkostensubsidie) -> Answer:
    """Set a running LKS again with the age on its new peildatum (under 21 the daily check cannot)."""
    voorstel = await uow.load(bemiddeling.VOORSTELLEN, command.voorstel_id)
    toegekend, laatste = lks_van(voorstel.events)
    if toegekend is None:
        raise bemiddeling.GeenLopendePlaatsing("deze plaatsing heeft geen loonkostensubsidie")
    nieuw = herzie_lks(toegekend, laatste, command.vandaag, leeftijd=command.leeftijd)
    if nieuw is None:
        raise bemiddeling.GeenLopendePlaatsing("de loonkostensubsidie hoeft nu niet opnieuw vastgesteld")
    voorstel = await uow.append(voorstel, [nieuw])
    return Answer(queries.voorstel_body(voorstel.events, voorstel.state))
