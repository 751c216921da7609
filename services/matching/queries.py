"""Matching's reads, each through the scoped query path; every profile shown is logged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic.alias_generators import to_camel
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.contracts.matching import (
    DetacheringAfgesproken,
    JobcoachingToegekend,
    LoonkostensubsidieHerzien,
    LoonkostensubsidieToegekend,
    MatchVoorgesteld,
    NoRiskPolisToegekend,
    ProefplaatsAfgesproken,
    ProefplaatsVerlengd,
)
from libs.events.http import foreign_cursor
from libs.events.inzage import VerwerkingInzage, inzage
from libs.events.pagination import Page, after, paginate
from libs.events.registry import EventData
from libs.events.runtime import Runtime

from . import bemiddeling, caseload, domain, statements
from .projections import load_kandidaten
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
    VoorstelRegel,
    VoorstelResponse,
)
from .scoring import Beoordeling, Profiel, beoordeel
from .settings import Settings
from .statements import pool_page

_RANKINGS: dict[tuple[tuple[str, int], ...], statements.Ranking] = {}


def instellingen(runtime: Runtime) -> Settings:
    """Matching's settings from the runtime."""
    assert isinstance(runtime.settings, Settings)
    return runtime.settings


def ranking(gewichten: dict[str, int]) -> statements.Ranking:
    """The ranking statements for these weights (built once per set of weights)."""
    sleutel = tuple(sorted(gewichten.items()))
    if sleutel not in _RANKINGS:
        _RANKINGS[sleutel] = statements.Ranking(gewichten)
    return _RANKINGS[sleutel]


async def kandidaat_in_scope(uow: UnitOfWork, klant_id: UUID) -> domain.Kandidaat:
    """The kandidaat from the pool read model; 404 outside the caller's gemeenten."""
    kandidaat = (await load_kandidaten(uow.conn, [klant_id])).get(klant_id)
    missing = domain.KandidaatNietGevonden(f"kandidaat {klant_id} niet gevonden")
    if kandidaat is None or kandidaat.gemeente is None:
        raise missing
    uow.see({kandidaat.gemeente}, missing)
    return kandidaat


def uitleg(b: Beoordeling) -> dict[str, Any]:
    """A score breakdown as the API explains it."""
    score, onderdelen = b.afgerond()
    return {
        "score": score,
        "onderdelen": onderdelen,
        "afstand_km": Decimal(round(b.afstand_km, 1)).quantize(Decimal("0.1")),
        "ontbrekende_vaardigheden": list(b.ontbrekende_vaardigheden),
    }


async def detail(conn: AsyncConnection, klant_id: UUID) -> KandidaatDetail:
    """A kandidaat's profile and rejections as the API shows them."""
    row = await statements.PROFIEL.fetchrow(conn, klant=klant_id)
    assert row is not None
    profiel = None
    if row["heeft_profiel"]:
        p = statements.profiel_van(row, 5)
        profiel = {
            "vaardigheden": sorted(p.vaardigheden),
            "gewenste_beroepen": sorted(p.gewenste_beroepen),
            "uren_min": p.uren_min,
            "uren_max": p.uren_max,
            "max_reisafstand_km": p.max_reisafstand_km,
            "postcodegebied": row["postcodegebied"],
            "locatie": row["locatie"],
            "beschikbaar_vanaf": p.beschikbaar_vanaf,
            "loonwaarde_indicatie": p.loonwaarde_indicatie,
            "doelgroep_banenafspraak": p.doelgroep_banenafspraak,
            "vastgelegd_op": row["vastgelegd_op"],
        }
    afwijzingen = [
        {"voorstel_id": r[0], "vacature_id": r[1], "reden": r[2], "toelichting": r[3], "beantwoord_op": r[4]}
        for r in await statements.AFWIJZINGEN.fetch(conn, klant=klant_id)
    ]
    lopend = await statements.LOPENDE_PLAATSING.fetchrow(conn, klant=klant_id)
    return KandidaatDetail.model_validate(
        {
            "klant_id": row["klant_id"],
            "gemeente": row["gemeente"],
            "klantmanager": row["klantmanager"],
            "in_pool": bool(row["in_pool"]),
            "status": "geplaatst" if lopend else ("in_pool" if row["in_pool"] else "niet_in_pool"),
            "plaatsing": dict(zip(("voorstel_id", "plaatsing_id", "vacature_id", "startdatum"), lopend, strict=True))
            if lopend
            else None,
            "profiel": profiel,
            "afwijzingen": afwijzingen,
        }
    )


async def vacature_in_scope(uow: UnitOfWork, vacature_id: UUID) -> Any:
    """The vacature row from matching's read model; 404 outside the caller's gemeenten."""
    row = await statements.VACATURE.fetchrow(uow.conn, vacature=vacature_id)
    missing = bemiddeling.VacatureNietGevonden(f"vacature {vacature_id} niet gevonden")
    if row is None:
        raise missing
    uow.see({row[3]}, missing)
    return row


def vacature_in_pool(row: Any) -> bemiddeling.VacatureInPool:
    """The vacature's facts by column name (the row is an asyncpg record inside the unit of work)."""
    return bemiddeling.VacatureInPool(**{f.name: row[f.name] for f in fields(bemiddeling.VacatureInPool)})


def weging(settings: Settings) -> dict[str, Any]:
    """The weights in force and their name, as the API shows them."""
    return {"versie": settings.matching_weging_versie, "gewichten": settings.matching_gewichten}


async def profiel_in_pool(uow: UnitOfWork, klant_id: UUID) -> tuple[domain.Kandidaat, Profiel]:
    """The kandidaat (in the pool and in scope) and its profile; 409 without one."""
    kandidaat = await kandidaat_in_scope(uow, klant_id)
    if not kandidaat.in_pool:
        raise domain.NietInPool("de klant staat niet in de regionale pool")
    if await statements.GEPLAATST.fetchrow(uow.conn, klant=klant_id) is not None:
        raise domain.NietInPool("de kandidaat is geplaatst; na beëindiging van de plaatsing komt hij terug in de pool")
    row = await statements.PROFIEL.fetchrow(uow.conn, klant=klant_id)
    if row is None or not row["heeft_profiel"]:
        raise bemiddeling.GeenProfiel("leg eerst een profiel vast")
    return kandidaat, statements.profiel_van(row, 5)


_INSTRUMENT_EVENTS = (
    LoonkostensubsidieToegekend,
    LoonkostensubsidieHerzien,
    NoRiskPolisToegekend,
    JobcoachingToegekend,
    ProefplaatsAfgesproken,
    ProefplaatsVerlengd,
    DetacheringAfgesproken,
)


_NOT_SHOWN = {"plaatsing_id", "klant_id", "werkgever_id"}


def voorstel_body(events: Sequence[EventData], state: bemiddeling.Voorstel) -> dict[str, Any]:
    """A voorstel with its answer, plaatsing, instruments and nazorg, as the API shows it."""
    voorgesteld = events[0]
    assert isinstance(voorgesteld, MatchVoorgesteld)
    instrumenten = [
        {
            "type": e.event_type,
            **{
                to_camel(field): value  # the API speaks camelCase; the event keeps its contract's names
                for field, value in e.model_dump(
                    mode="json", exclude={"plaatsing_id", "klant_id", "werkgever_id"}
                ).items()
            },
        }
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


async def lees_kandidaat(runtime: Runtime, principal: Principal, klant_id: UUID) -> KandidaatDetail:
    """A kandidaat's profile and feedback; the view is logged."""

    async def read(uow: UnitOfWork) -> KandidaatDetail:
        await kandidaat_in_scope(uow, klant_id)
        return await detail(uow.conn, klant_id)

    return await query(runtime, principal, read)


async def kandidaten_voor_vacature(
    runtime: Runtime, principal: Principal, vacature_id: UUID, limit: int
) -> KandidatenMatches:
    """The best kandidaten from every gemeente in the caller's scope, explained; every profile shown is logged."""
    settings = instellingen(runtime)
    gewichten = settings.matching_gewichten

    async def read(uow: UnitOfWork) -> list[KandidaatMatch]:
        row = await vacature_in_scope(uow, vacature_id)
        v = statements.vacatureprofiel_van(row, 4)
        rows = await ranking(gewichten).voor_vacature(uow.conn, vacature_id, v, principal.scope(), limit)
        items = [
            KandidaatMatch.model_validate(
                {
                    "klant_id": r[0],
                    "gemeente": r[1],
                    "klantmanager": r[2],
                    "vaardigheden": sorted(r[3]),
                    "uitleg": uitleg(beoordeel(statements.profiel_van(r, 3), v, gewichten)),
                }
            )
            for r in rows
        ]
        uow.verwerk("matching-matches-raadplegen", [i.klant_id for i in items])
        return items

    items = await query(runtime, principal, read)
    items.sort(key=lambda i: -i.uitleg.score)
    return KandidatenMatches.model_validate({"vacature_id": vacature_id, "weging": weging(settings), "items": items})


async def vacatures_voor_kandidaat(
    runtime: Runtime, principal: Principal, klant_id: UUID, limit: int
) -> VacaturesMatches:
    """The best open vacatures for a kandidaat, explained; the profile view is logged."""
    settings = instellingen(runtime)
    gewichten = settings.matching_gewichten

    async def read(uow: UnitOfWork) -> tuple[Profiel, list[Any]]:
        _, p = await profiel_in_pool(uow, klant_id)
        rows = await ranking(gewichten).voor_kandidaat(uow.conn, klant_id, p, principal.scope(), limit)
        return p, rows

    p, rows = await query(runtime, principal, read)
    items = [
        VacatureMatch.model_validate(
            {
                "vacature_id": r[0],
                "werkgever_id": r[1],
                "titel": r[2],
                "gemeente": r[3],
                "uitleg": uitleg(beoordeel(p, statements.vacatureprofiel_van(r, 4), gewichten)),
            }
        )
        for r in rows
    ]
    items.sort(key=lambda i: -i.uitleg.score)
    return VacaturesMatches.model_validate({"klant_id": klant_id, "weging": weging(settings), "items": items})


async def verwerkingen_van_kandidaat(
    runtime: Runtime, principal: Principal, klant_id: UUID, cursor: str | None, limit: int
) -> Page[VerwerkingInzage]:
    """AVG art. 15 for matching: the processings of a kandidaat's profile, oldest first."""

    async def read(uow: UnitOfWork) -> Page[VerwerkingInzage]:
        await kandidaat_in_scope(uow, klant_id)
        return await inzage(uow.conn, klant_id, cursor, limit)

    return await query(runtime, principal, read)


async def lees_voorstel(runtime: Runtime, principal: Principal, voorstel_id: UUID) -> dict[str, Any]:
    """A voorstel with its answer, plaatsing, instruments and nazorg."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        voorstel = await uow.load(bemiddeling.VOORSTELLEN, voorstel_id)
        return voorstel_body(voorstel.events, voorstel.state)

    return await query(runtime, principal, read)


async def kandidaten_pool(
    runtime: Runtime,
    principal: Principal,
    gemeenten: list[str] | None,
    cursor: str | None,
    limit: int,
    zonder_klantmanager: bool = False,
) -> Page[PoolItem]:
    """Kandidaten in the regional pool within the caller's gemeenten, oldest diagnose first."""
    sort, row_id = after(cursor)
    try:
        na = None if cursor is None else (sort, UUID(row_id))
    except ValueError as exc:
        raise foreign_cursor() from exc

    async def read(uow: UnitOfWork) -> list[tuple[domain.Kandidaat, str | None, bool]]:
        return await pool_page(uow.conn, principal.scope(gemeenten), na, limit + 1, zonder_klantmanager)

    rows, next_cursor = paginate(
        await query(runtime, principal, read), limit, lambda r: (r[0].gediagnosticeerd_op or sort, r[0].klant_id)
    )
    items = [
        PoolItem.model_validate({**k.__dict__, "klantmanager": km, "heeft_profiel": profiel}) for k, km, profiel in rows
    ]
    return Page[PoolItem](items=items, next_cursor=next_cursor)


async def voorstellen(
    runtime: Runtime,
    principal: Principal,
    *,
    vacature_id: UUID | None,
    klant_id: UUID | None,
    status: bemiddeling.VoorstelStatus | None,
    cursor: str | None,
    limit: int,
    door: str | None = None,
) -> Page[VoorstelRegel]:
    """Voorstellen for kandidaten of the caller's gemeenten, oldest first, by vacature, kandidaat or status."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> list[Any]:
        return await statements.VOORSTELLEN.fetch(
            uow.conn,
            gemeenten=principal.scope(),
            vacature=vacature_id,
            klant=klant_id,
            status=status.value if status else None,
            door=door,
            na_op=na_op,
            na_id=na_id,
            limit=limit + 1,
        )

    rows, next_cursor = paginate(await query(runtime, principal, read), limit, lambda r: (r[7], str(r[0])))
    velden = list(VoorstelRegel.model_fields)
    items = [VoorstelRegel.model_validate(dict(zip(velden, r, strict=True))) for r in rows]
    return Page[VoorstelRegel](items=items, next_cursor=next_cursor)


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
        return await statements.NAZORG_OPEN.fetch(
            uow.conn, tot=tot, gemeenten=principal.scope(), na_moment=sort.date(), na_id=na_id, limit=limit + 1
        )

    rows, next_cursor = paginate(await query(runtime, principal, read), limit, lambda r: (r[2], r[0]))
    items = [
        NazorgItem(plaatsing_id=r[0], klant_id=r[1], moment=r[2], vacature_id=r[3], werkgever_id=r[4]) for r in rows
    ]
    return Page[NazorgItem](items=items, next_cursor=next_cursor)


async def caseload_overzicht(runtime: Runtime, principal: Principal) -> CaseloadResponse:
    """Caseload of the klantmanagers the caller may manage (werkgebied within the caller's gemeenten)."""
    norm = instellingen(runtime).caseload_norm

    async def read(uow: UnitOfWork) -> tuple[list[Any], list[Any]]:
        scope = principal.scope()
        return (
            await statements.CASELOAD.fetch(uow.conn, gemeenten=scope),
            await statements.KLANTMANAGERS.fetch(uow.conn, gemeenten=scope),
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
