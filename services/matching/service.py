"""Matching's commands and reads, each through the one scoped path of libs/events in one transaction."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import NotAuthorized, Principal
from libs.events.commands import Answer, Idempotency, UnitOfWork, execute, query
from libs.events.contracts.matching import (
    DetacheringAfgesproken,
    JobcoachingToegekend,
    LoonkostensubsidieToegekend,
    MatchVoorgesteld,
    NoRiskPolisToegekend,
    ProefplaatsAfgesproken,
)
from libs.events.db import Sql
from libs.events.http import foreign_cursor
from libs.events.observability import current_correlation_id
from libs.events.pagination import Page, after, paginate
from libs.events.registry import EventData
from libs.events.runtime import Runtime

from . import bemiddeling, caseload, domain, queries
from .projections import load_kandidaten, pool_page
from .schemas import (
    CaseloadResponse,
    KandidaatDetail,
    KandidaatMatch,
    KandidatenMatches,
    NazorgItem,
    PoolItem,
    Teambelasting,
    VacatureMatch,
    VacaturesMatches,
    VoorstelResponse,
)
from .scoring import Beoordeling, Profiel, beoordeel
from .settings import Settings

_KLANTMANAGERS = uuid.UUID("6d1f4c1e-3a38-4c55-9a2f-0e7f3c6b9a10")
_VACATURE_SLOT = Sql("SELECT 1 FROM vacatures WHERE vacature_id = :vacature FOR UPDATE")
_RANKINGS: dict[tuple[tuple[str, int], ...], queries.Ranking] = {}


def _settings(runtime: Runtime) -> Settings:
    assert isinstance(runtime.settings, Settings)
    return runtime.settings


def ranking(gewichten: dict[str, int]) -> queries.Ranking:
    """The ranking statements for these weights (built once per set of weights)."""
    sleutel = tuple(sorted(gewichten.items()))
    if sleutel not in _RANKINGS:
        _RANKINGS[sleutel] = queries.Ranking(gewichten)
    return _RANKINGS[sleutel]


async def _log_inzage(conn: AsyncConnection, principal: Principal, klanten: Sequence[UUID], context: str) -> None:
    """Record that `principal` saw these kandidaten's profiles (also as part of a match list)."""
    if klanten:
        await queries.INZAGE.execute(
            conn,
            wie=principal.sub,
            rollen=sorted(principal.roles),
            klanten=list(klanten),
            context=context,
            correlation=current_correlation_id(),
        )


async def _kandidaat_in_scope(uow: UnitOfWork, klant_id: UUID) -> domain.Kandidaat:
    kandidaat = (await load_kandidaten(uow.conn, [klant_id])).get(klant_id)
    missing = domain.KandidaatNietGevonden(f"kandidaat {klant_id} niet gevonden")
    if kandidaat is None or kandidaat.gemeente is None:
        raise missing
    uow.see({kandidaat.gemeente}, missing)
    return kandidaat


def _uitleg(b: Beoordeling) -> dict[str, Any]:
    score, onderdelen = b.afgerond()
    return {
        "score": score,
        "onderdelen": onderdelen,
        "afstand_km": Decimal(round(b.afstand_km, 1)).quantize(Decimal("0.1")),
        "ontbrekende_vaardigheden": list(b.ontbrekende_vaardigheden),
    }


async def _detail(conn: AsyncConnection, klant_id: UUID) -> KandidaatDetail:
    row = await queries.PROFIEL.fetchrow(conn, klant=klant_id)
    assert row is not None
    profiel = None
    if row[4]:
        p = queries.profiel_van(row, 5)
        profiel = {
            "vaardigheden": sorted(p.vaardigheden),
            "gewenste_beroepen": sorted(p.gewenste_beroepen),
            "uren_min": p.uren_min,
            "uren_max": p.uren_max,
            "max_reisafstand_km": p.max_reisafstand_km,
            "postcodegebied": row[15],
            "locatie": row[16],
            "beschikbaar_vanaf": p.beschikbaar_vanaf,
            "loonwaarde_indicatie": p.loonwaarde_indicatie,
            "doelgroep_banenafspraak": p.doelgroep_banenafspraak,
            "vastgelegd_op": row[17],
        }
    afwijzingen = [
        {"voorstel_id": r[0], "vacature_id": r[1], "reden": r[2], "toelichting": r[3], "beantwoord_op": r[4]}
        for r in await queries.AFWIJZINGEN.fetch(conn, klant=klant_id)
    ]
    return KandidaatDetail.model_validate(
        {
            "klant_id": row[0],
            "gemeente": row[1],
            "klantmanager": row[2],
            "in_pool": bool(row[3]),
            "profiel": profiel,
            "afwijzingen": afwijzingen,
        }
    )


async def lees_kandidaat(runtime: Runtime, principal: Principal, klant_id: UUID) -> KandidaatDetail:
    """A kandidaat's profile and feedback; the view is logged."""

    async def read(uow: UnitOfWork) -> KandidaatDetail:
        await _kandidaat_in_scope(uow, klant_id)
        detail = await _detail(uow.conn, klant_id)
        await _log_inzage(uow.conn, principal, [klant_id], "profiel")
        return detail

    return await query(runtime, principal, read)


async def _kandidaat_command(
    runtime: Runtime,
    principal: Principal,
    klant_id: UUID,
    decide: Callable[[domain.Kandidaat], list[EventData]],
    idempotency: Idempotency,
) -> Answer:
    """Append what `decide` makes of the kandidaat to its own stream; answer with the updated detail."""

    async def action(uow: UnitOfWork) -> Answer:
        kandidaat = await _kandidaat_in_scope(uow, klant_id)
        assert kandidaat.gemeente is not None
        await uow.record(domain.KANDIDAAT, klant_id, decide(kandidaat), gemeente=kandidaat.gemeente, subject=klant_id)
        return Answer((await _detail(uow.conn, klant_id)).model_dump(mode="json"))

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
            if not bestaand.state.gemeenten <= principal.gemeenten:
                # Someone else's klantmanager is not yours to change; which gemeenten they serve is not said.
                raise NotAuthorized("deze klantmanager werkt (ook) voor gemeenten buiten uw token")
            uow.touched |= bestaand.state.gemeenten
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


async def _vacature(uow: UnitOfWork, vacature_id: UUID) -> Any:
    row = await queries.VACATURE.fetchrow(uow.conn, vacature=vacature_id)
    missing = bemiddeling.VacatureNietGevonden(f"vacature {vacature_id} niet gevonden")
    if row is None:
        raise missing
    uow.see({row[3]}, missing)
    return row


def _in_pool(row: Any) -> bemiddeling.VacatureInPool:
    """The vacature's facts by column name (the row is an asyncpg record inside the unit of work)."""
    return bemiddeling.VacatureInPool(**{f.name: row[f.name] for f in fields(bemiddeling.VacatureInPool)})


async def kandidaten_voor_vacature(
    runtime: Runtime, principal: Principal, vacature_id: UUID, limit: int
) -> KandidatenMatches:
    """The best kandidaten from every gemeente in the caller's scope, explained; every profile shown is logged."""
    settings = _settings(runtime)
    gewichten = settings.matching_gewichten

    async def read(uow: UnitOfWork) -> list[KandidaatMatch]:
        row = await _vacature(uow, vacature_id)
        v = queries.vacatureprofiel_van(row, 4)
        rows = await ranking(gewichten).voor_vacature(uow.conn, vacature_id, v, principal.scope(), limit)
        items = [
            KandidaatMatch.model_validate(
                {
                    "klant_id": r[0],
                    "gemeente": r[1],
                    "klantmanager": r[2],
                    "vaardigheden": sorted(r[3]),
                    "uitleg": _uitleg(beoordeel(queries.profiel_van(r, 3), v, gewichten)),
                }
            )
            for r in rows
        ]
        await _log_inzage(uow.conn, principal, [i.klant_id for i in items], f"matches voor vacature {vacature_id}")
        return items

    items = await query(runtime, principal, read)
    items.sort(key=lambda i: -i.uitleg.score)
    return KandidatenMatches.model_validate({"vacature_id": vacature_id, "weging": _weging(settings), "items": items})


def _weging(settings: Settings) -> dict[str, Any]:
    return {"versie": settings.matching_weging_versie, "gewichten": settings.matching_gewichten}


async def _profiel(uow: UnitOfWork, klant_id: UUID) -> tuple[domain.Kandidaat, Profiel]:
    kandidaat = await _kandidaat_in_scope(uow, klant_id)
    if not kandidaat.in_pool:
        raise domain.NietInPool("de klant staat niet in de regionale pool")
    row = await queries.PROFIEL.fetchrow(uow.conn, klant=klant_id)
    if row is None or not row[4]:
        raise bemiddeling.GeenProfiel("leg eerst een profiel vast")
    return kandidaat, queries.profiel_van(row, 5)


async def vacatures_voor_kandidaat(
    runtime: Runtime, principal: Principal, klant_id: UUID, limit: int
) -> VacaturesMatches:
    """The best open vacatures for a kandidaat, explained; the profile view is logged."""
    settings = _settings(runtime)
    gewichten = settings.matching_gewichten

    async def read(uow: UnitOfWork) -> tuple[Profiel, list[Any]]:
        _, p = await _profiel(uow, klant_id)
        rows = await ranking(gewichten).voor_kandidaat(uow.conn, klant_id, p, principal.scope(), limit)
        await _log_inzage(uow.conn, principal, [klant_id], "vacatures voor kandidaat")
        return p, rows

    p, rows = await query(runtime, principal, read)
    items = [
        VacatureMatch.model_validate(
            {
                "vacature_id": r[0],
                "werkgever_id": r[1],
                "titel": r[2],
                "gemeente": r[3],
                "uitleg": _uitleg(beoordeel(p, queries.vacatureprofiel_van(r, 4), gewichten)),
            }
        )
        for r in rows
    ]
    items.sort(key=lambda i: -i.uitleg.score)
    return VacaturesMatches.model_validate({"klant_id": klant_id, "weging": _weging(settings), "items": items})


_INSTRUMENT_EVENTS = (
    LoonkostensubsidieToegekend,
    NoRiskPolisToegekend,
    JobcoachingToegekend,
    ProefplaatsAfgesproken,
    DetacheringAfgesproken,
)


def _voorstel_body(events: Sequence[EventData], state: bemiddeling.Voorstel) -> dict[str, Any]:
    voorgesteld = events[0]
    assert isinstance(voorgesteld, MatchVoorgesteld)
    instrumenten = [
        {"type": e.event_type, **e.model_dump(mode="json", exclude={"plaatsing_id", "klant_id", "werkgever_id"})}
        for e in events
        if isinstance(e, _INSTRUMENT_EVENTS)
    ]
    return VoorstelResponse.model_validate(
        {
            **{
                f: getattr(state, f)
                for f in (
                    "voorstel_id",
                    "vacature_id",
                    "werkgever_id",
                    "klant_id",
                    "gemeente_kandidaat",
                    "gemeente_werkplek",
                    "status",
                    "plaatsing_id",
                    "versie",
                )
            },
            "uitleg": {
                "score": voorgesteld.score,
                "onderdelen": voorgesteld.onderdelen,
                "afstand_km": (Decimal(voorgesteld.afstand_m) / 1000).quantize(Decimal("0.1")),
                "ontbrekende_vaardigheden": voorgesteld.ontbrekende_vaardigheden,
            },
            "weging": {"versie": voorgesteld.weging_versie, "gewichten": voorgesteld.gewichten},
            "instrumenten": instrumenten,
            "nazorg": [{"moment": m, "bevinding": b} for m, b in sorted(state.nazorg.items())],
        }
    ).model_dump(mode="json")


async def stel_voor(
    runtime: Runtime, principal: Principal, command: bemiddeling.StelVoor, idempotency: Idempotency
) -> Answer:
    """Propose a kandidaat for a vacature, recording the score breakdown and the weights used."""
    settings = _settings(runtime)

    async def action(uow: UnitOfWork) -> Answer:
        kandidaat, p = await _profiel(uow, command.klant_id)
        row = await _vacature(uow, command.vacature_id)
        assert kandidaat.gemeente is not None
        events = bemiddeling.stel_voor(
            command,
            _in_pool(row),
            gemeente_kandidaat=kandidaat.gemeente,
            beoordeling=beoordeel(p, queries.vacatureprofiel_van(row, 4), settings.matching_gewichten),
            weging=bemiddeling.Weging(settings.matching_gewichten, settings.matching_weging_versie),
            al_geplaatst=await queries.GEPLAATST.fetchrow(uow.conn, klant=command.klant_id) is not None,
        )
        try:
            voorstel = await uow.start(
                bemiddeling.VOORSTELLEN, command.voorstel_id, events, gemeente=kandidaat.gemeente
            )
        except asyncpg.UniqueViolationError as exc:
            raise bemiddeling.AlVoorgesteld("deze kandidaat is al voorgesteld voor deze vacature") from exc
        location = f"/api/v1/voorstellen/{command.voorstel_id}"
        return Answer(_voorstel_body(voorstel.events, voorstel.state), 201, location)

    return await execute(runtime, principal, action, idempotency=idempotency)


async def lees_voorstel(runtime: Runtime, principal: Principal, voorstel_id: UUID) -> dict[str, Any]:
    """A voorstel with its answer, plaatsing, instruments and nazorg."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        voorstel = await uow.load(bemiddeling.VOORSTELLEN, voorstel_id)
        return _voorstel_body(voorstel.events, voorstel.state)

    return await query(runtime, principal, read)


async def _handel(
    runtime: Runtime,
    principal: Principal,
    voorstel_id: UUID,
    decide: Callable[[UnitOfWork, bemiddeling.Voorstel], Awaitable[list[EventData]]],
    idempotency: Idempotency,
) -> Answer:
    async def action(uow: UnitOfWork) -> Answer:
        voorstel = await uow.load(bemiddeling.VOORSTELLEN, voorstel_id)
        voorstel = await uow.append(voorstel, await decide(uow, voorstel.state))
        return Answer(_voorstel_body(voorstel.events, voorstel.state))

    return await execute(runtime, principal, action, idempotency=idempotency)


async def beantwoord(
    runtime: Runtime,
    principal: Principal,
    voorstel_id: UUID,
    command: bemiddeling.Beantwoord,
    idempotency: Idempotency,
) -> Answer:
    """Record the employer's answer."""

    async def decide(uow: UnitOfWork, state: bemiddeling.Voorstel) -> list[EventData]:
        return bemiddeling.beantwoord(state, command)

    return await _handel(runtime, principal, voorstel_id, decide, idempotency)


async def plaats(
    runtime: Runtime, principal: Principal, voorstel_id: UUID, command: bemiddeling.Plaats, idempotency: Idempotency
) -> Answer:
    """Turn an accepted voorstel into a plaatsing with instruments and planned nazorg."""

    async def decide(uow: UnitOfWork, state: bemiddeling.Voorstel) -> list[EventData]:
        # Locks the vacature, so its last position is given out once; the kandidaat's one plaatsing is
        # held by a unique index (bemiddeling.PLAATSING_UNIEK).
        await _VACATURE_SLOT.execute(uow.conn, vacature=state.vacature_id)
        row = await queries.VACATURE.fetchrow(uow.conn, vacature=state.vacature_id)
        assert row is not None
        profiel = await queries.PROFIEL.fetchrow(uow.conn, klant=state.klant_id)
        return bemiddeling.plaats(
            state,
            command,
            doelgroep_banenafspraak=bool(profiel is not None and profiel[14]),
            vacature=_in_pool(row),
            al_geplaatst=await queries.GEPLAATST.fetchrow(uow.conn, klant=state.klant_id) is not None,
        )

    try:
        return await _handel(runtime, principal, voorstel_id, decide, idempotency)
    except asyncpg.UniqueViolationError as exc:
        if bemiddeling.PLAATSING_UNIEK in str(exc):
            raise bemiddeling.AlGeplaatst("de kandidaat is al geplaatst") from exc
        raise


async def leg_nazorg_vast(
    runtime: Runtime,
    principal: Principal,
    voorstel_id: UUID,
    command: bemiddeling.LegNazorgVast,
    idempotency: Idempotency,
) -> Answer:
    """Record a nazorg check-in."""

    async def decide(uow: UnitOfWork, state: bemiddeling.Voorstel) -> list[EventData]:
        return bemiddeling.leg_nazorg_vast(state, command)

    return await _handel(runtime, principal, voorstel_id, decide, idempotency)


async def kandidaten_pool(
    runtime: Runtime, principal: Principal, gemeenten: list[str] | None, cursor: str | None, limit: int
) -> Page[PoolItem]:
    """Kandidaten in the regional pool within the caller's gemeenten, oldest diagnose first."""
    sort, row_id = after(cursor)
    try:
        na = None if cursor is None else (sort, UUID(row_id))
    except ValueError as exc:
        raise foreign_cursor() from exc

    async def read(uow: UnitOfWork) -> list[tuple[domain.Kandidaat, str | None, bool]]:
        return await pool_page(uow.conn, principal.scope(gemeenten), na, limit + 1)

    rows, next_cursor = paginate(
        await query(runtime, principal, read), limit, lambda r: (r[0].gediagnosticeerd_op or sort, r[0].klant_id)
    )
    items = [
        PoolItem.model_validate({**k.__dict__, "klantmanager": km, "heeft_profiel": profiel}) for k, km, profiel in rows
    ]
    return Page[PoolItem](items=items, next_cursor=next_cursor)


async def nazorg_werklijst(
    runtime: Runtime, principal: Principal, tot: date, cursor: str | None, limit: int
) -> Page[NazorgItem]:
    """Check-ins due on or before `tot` for kandidaten in the caller's gemeenten."""
    sort, row_id = after(cursor)
    try:
        na_id = UUID(row_id) if cursor is not None else UUID(int=0)
    except ValueError as exc:
        raise foreign_cursor() from exc

    async def read(uow: UnitOfWork) -> list[Any]:
        return await queries.NAZORG_OPEN.fetch(
            uow.conn, tot=tot, gemeenten=principal.scope(), na_moment=sort.date(), na_id=na_id, limit=limit + 1
        )

    rows, next_cursor = paginate(await query(runtime, principal, read), limit, lambda r: (r[2], r[0]))
    items = [
        NazorgItem(plaatsing_id=r[0], klant_id=r[1], moment=r[2], vacature_id=r[3], werkgever_id=r[4]) for r in rows
    ]
    return Page[NazorgItem](items=items, next_cursor=next_cursor)


async def caseload_overzicht(runtime: Runtime, principal: Principal) -> CaseloadResponse:
    """Caseload of the klantmanagers the caller may manage (werkgebied within the caller's gemeenten)."""
    norm = _settings(runtime).caseload_norm

    async def read(uow: UnitOfWork) -> tuple[list[Any], list[Any]]:
        scope = principal.scope()
        return (
            await queries.CASELOAD.fetch(uow.conn, gemeenten=scope),
            await queries.KLANTMANAGERS.fetch(uow.conn, gemeenten=scope),
        )

    toegewezen, geregistreerd = await query(runtime, principal, read)
    beheerd = {r[0] for r in geregistreerd}
    per_km: dict[str, list[UUID]] = defaultdict(list)
    zonder = 0
    for km, klant_id in toegewezen:
        if km is None:
            zonder += 1
        elif km not in beheerd:
            continue  # a klantmanager you do not manage: their kandidaten are theirs to show
        else:
            per_km[km].append(klant_id)
    klantmanagers = {r[0]: caseload.Klantmanager(r[0], r[1], r[2], r[3]) for r in geregistreerd}
    rijen = caseload.belasting(per_km, klantmanagers, norm)
    teams: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for b in rijen:
        teams[b.team][0] += b.aantal
        teams[b.team][1] += b.norm
    return CaseloadResponse.model_validate(
        {
            "norm_per_fte": norm,
            "klantmanagers": [{**b.__dict__, "boven_norm": b.boven_norm} for b in rijen],
            "teams": [Teambelasting(team=t, aantal=a, norm=n) for t, (a, n) in sorted(teams.items())],
            "zonder_klantmanager": zonder,
            "herverdeling": [v.__dict__ for v in caseload.herverdeling(per_km, klantmanagers, norm)],
        }
    )
