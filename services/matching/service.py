"""Matching's application service: one function per command or query, each in one database transaction."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Principal
from libs.events.commands import Outcome, append_and_project, earlier_answer
from libs.events.contracts.matching import (
    DetacheringAfgesproken,
    JobcoachingToegekend,
    KlantmanagerVastgelegd,
    LoonkostensubsidieToegekend,
    MatchVoorgesteld,
    NoRiskPolisToegekend,
    ProefplaatsAfgesproken,
)
from libs.events.db import Sql, transaction
from libs.events.envelope import new_event_id, utcnow
from libs.events.http import encode_keyset
from libs.events.idempotency import remember
from libs.events.observability import current_correlation_id
from libs.events.registry import EventData
from libs.events.runtime import Runtime
from libs.events.store import NEW_STREAM, StreamHead

from . import bemiddeling, caseload, domain, queries
from .instrumenten import Instrumentaanvraag
from .projections import BemiddelingProjection, load_kandidaten
from .schemas import (
    AntwoordRequest,
    CaseloadResponse,
    KandidaatDetail,
    KandidaatMatch,
    KandidatenMatches,
    KlantmanagerRegistratie,
    KlantmanagerRequest,
    NazorgItem,
    NazorgPage,
    NazorgRequest,
    PlaatsingRequest,
    ProfielRequest,
    Teambelasting,
    VacatureMatch,
    VacaturesMatches,
    VoorstelRequest,
    VoorstelResponse,
)
from .scoring import Beoordeling, Profiel, beoordeel
from .settings import Settings

_PROJECTION = BemiddelingProjection()
_KLANTMANAGERS = uuid.UUID("6d1f4c1e-3a38-4c55-9a2f-0e7f3c6b9a10")
_VACATURE_SLOT = Sql("SELECT 1 FROM vacatures WHERE vacature_id = :vacature FOR UPDATE")
_RANKINGS: dict[tuple[tuple[str, int], ...], queries.Ranking] = {}


class VacatureNietGevonden(domain.MatchingError):
    """No vacature with this id in your gemeenten (or not yet received from werkgevers)."""

    status = 404
    title = "Vacature niet gevonden"


class VacatureNietBeschikbaar(domain.MatchingError):
    """The vacature is not open, or all its positions are filled."""

    status = 409
    title = "Vacature niet beschikbaar"


class GeenProfiel(domain.MatchingError):
    """The kandidaat has no profile to match on yet."""

    status = 409
    title = "Geen profiel"


class AlVoorgesteld(domain.MatchingError):
    """This kandidaat was already proposed for this vacature."""

    status = 409
    title = "Al voorgesteld"


class AlGeplaatst(domain.MatchingError):
    """The kandidaat already has a plaatsing."""

    status = 409
    title = "Al geplaatst"


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


async def _kandidaat_in_scope(conn: AsyncConnection, principal: Principal, klant_id: UUID) -> domain.Kandidaat:
    kandidaat = (await load_kandidaten(conn, [klant_id])).get(klant_id)
    if kandidaat is None or kandidaat.gemeente not in principal.gemeenten:
        raise domain.KandidaatNietGevonden(f"kandidaat {klant_id} niet gevonden")
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
    async with transaction(runtime.engine) as conn:
        await _kandidaat_in_scope(conn, principal, klant_id)
        detail = await _detail(conn, klant_id)
        await _log_inzage(conn, principal, [klant_id], "profiel")
    return detail


async def _kandidaat_command(
    runtime: Runtime,
    principal: Principal,
    klant_id: UUID,
    decide: Callable[[domain.Kandidaat], list[EventData]],
) -> KandidaatDetail:
    """Append what `decide` makes of the kandidaat to its own stream; answer with the updated detail."""
    async with transaction(runtime.engine) as conn:
        kandidaat = await _kandidaat_in_scope(conn, principal, klant_id)
        events = decide(kandidaat)
        head = StreamHead.of(await runtime.store.load(conn, str(klant_id)))
        await append_and_project(
            conn,
            runtime,
            principal,
            _PROJECTION,
            stream_type=domain.KANDIDAAT,
            stream_id=klant_id,
            head=head,
            events=events,
            gemeente=kandidaat.gemeente,
            subject=klant_id,
        )
        return await _detail(conn, klant_id)


async def leg_profiel_vast(
    runtime: Runtime, principal: Principal, klant_id: UUID, request: ProfielRequest
) -> KandidaatDetail:
    """Record (or replace) a kandidaat's profile."""
    return await _kandidaat_command(
        runtime,
        principal,
        klant_id,
        lambda k: domain.leg_profiel_vast(k, klant_id=klant_id, op=utcnow(), **request.model_dump()),
    )


async def wijs_klantmanager_toe(
    runtime: Runtime, principal: Principal, klant_id: UUID, request: KlantmanagerRequest
) -> KandidaatDetail:
    """Give a kandidaat another klantmanager."""
    return await _kandidaat_command(
        runtime,
        principal,
        klant_id,
        lambda k: domain.wijs_klantmanager_toe(
            k, klant_id=klant_id, klantmanager=request.klantmanager, reden=request.reden, op=utcnow()
        ),
    )


async def registreer_klantmanager(
    runtime: Runtime, principal: Principal, klantmanager: str, request: KlantmanagerRegistratie
) -> dict[str, Any]:
    """Record a klantmanager's team and appointment (for caseload norms)."""
    stream_id = uuid.uuid5(_KLANTMANAGERS, klantmanager)
    event = KlantmanagerVastgelegd(klantmanager=klantmanager, vastgelegd_op=utcnow(), **request.model_dump())
    async with transaction(runtime.engine) as conn:
        head = StreamHead.of(await runtime.store.load(conn, str(stream_id)))
        await append_and_project(
            conn,
            runtime,
            principal,
            _PROJECTION,
            stream_type="klantmanager",
            stream_id=stream_id,
            head=head,
            events=[event],
            gemeente=None,
            subject=stream_id,
        )
    return {"klantmanager": klantmanager, **request.model_dump()}


async def _vacature(conn: AsyncConnection, principal: Principal, vacature_id: UUID) -> Any:
    row = await queries.VACATURE.fetchrow(conn, vacature=vacature_id)
    if row is None or row[3] not in principal.gemeenten:
        raise VacatureNietGevonden(f"vacature {vacature_id} niet gevonden")
    return row


def _beschikbaar(row: Any) -> None:
    status, plaatsen, bezet = row[13], row[14], row[15]
    if status != "open" or bezet >= plaatsen:
        raise VacatureNietBeschikbaar(f"de vacature is {status} met {bezet} van {plaatsen} plaatsen bezet")


async def kandidaten_voor_vacature(
    runtime: Runtime, principal: Principal, vacature_id: UUID, limit: int
) -> KandidatenMatches:
    """The best kandidaten from every gemeente in the caller's scope, explained; every profile shown is logged."""
    settings = _settings(runtime)
    gewichten = settings.matching_gewichten
    async with transaction(runtime.engine) as conn:
        row = await _vacature(conn, principal, vacature_id)
        v = queries.vacatureprofiel_van(row, 4)
        rows = await ranking(gewichten).voor_vacature(conn, vacature_id, v, sorted(principal.gemeenten), limit)
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
        await _log_inzage(conn, principal, [i.klant_id for i in items], f"matches voor vacature {vacature_id}")
    items.sort(key=lambda i: -i.uitleg.score)
    return KandidatenMatches.model_validate({"vacature_id": vacature_id, "weging": _weging(settings), "items": items})


def _weging(settings: Settings) -> dict[str, Any]:
    return {"versie": settings.matching_weging_versie, "gewichten": settings.matching_gewichten}


async def _profiel(conn: AsyncConnection, principal: Principal, klant_id: UUID) -> tuple[domain.Kandidaat, Profiel]:
    kandidaat = await _kandidaat_in_scope(conn, principal, klant_id)
    if not kandidaat.in_pool:
        raise domain.NietInPool("de klant staat niet in de regionale pool")
    row = await queries.PROFIEL.fetchrow(conn, klant=klant_id)
    if row is None or not row[4]:
        raise GeenProfiel("leg eerst een profiel vast")
    return kandidaat, queries.profiel_van(row, 5)


async def vacatures_voor_kandidaat(
    runtime: Runtime, principal: Principal, klant_id: UUID, limit: int
) -> VacaturesMatches:
    """The best open vacatures for a kandidaat, explained; the profile view is logged."""
    settings = _settings(runtime)
    gewichten = settings.matching_gewichten
    async with transaction(runtime.engine) as conn:
        _, p = await _profiel(conn, principal, klant_id)
        rows = await ranking(gewichten).voor_kandidaat(conn, klant_id, p, sorted(principal.gemeenten), limit)
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
        await _log_inzage(conn, principal, [klant_id], "vacatures voor kandidaat")
    items.sort(key=lambda i: -i.uitleg.score)
    return VacaturesMatches.model_validate({"klant_id": klant_id, "weging": _weging(settings), "items": items})


async def _voorstel(
    conn: AsyncConnection, runtime: Runtime, principal: Principal, voorstel_id: UUID
) -> tuple[StreamHead, list[EventData], bemiddeling.Voorstel]:
    recorded = await runtime.store.load(conn, str(voorstel_id))
    events = [r.data for r in recorded]
    state = bemiddeling.fold(events)
    if state is None or not {state.gemeente_kandidaat, state.gemeente_werkplek} & principal.gemeenten:
        raise bemiddeling.VoorstelNietGevonden(f"voorstel {voorstel_id} niet gevonden")
    return StreamHead.of(recorded), events, state


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


async def stel_voor(runtime: Runtime, principal: Principal, request: VoorstelRequest, key: str | None) -> Outcome:
    """Propose a kandidaat for a vacature, recording the score breakdown and the weights used."""
    settings = _settings(runtime)
    scope = f"matching:voorstel:{principal.sub}"
    async with transaction(runtime.engine) as conn:
        if earlier := await earlier_answer(conn, scope, key, request):
            return earlier
        kandidaat, p = await _profiel(conn, principal, request.klant_id)
        row = await _vacature(conn, principal, request.vacature_id)
        _beschikbaar(row)
        if await queries.GEPLAATST.fetchrow(conn, klant=request.klant_id):
            raise AlGeplaatst("de kandidaat is al geplaatst")
        b = beoordeel(p, queries.vacatureprofiel_van(row, 4), settings.matching_gewichten)
        score, onderdelen = b.afgerond()
        voorstel_id = new_event_id()
        assert kandidaat.gemeente is not None
        event = MatchVoorgesteld(
            voorstel_id=voorstel_id,
            vacature_id=request.vacature_id,
            werkgever_id=row[1],
            klant_id=request.klant_id,
            gemeente_kandidaat=kandidaat.gemeente,
            gemeente_werkplek=row[3],
            score=score,
            onderdelen=onderdelen,
            afstand_m=round(b.afstand_km * 1000),
            ontbrekende_vaardigheden=list(b.ontbrekende_vaardigheden),
            gewichten=settings.matching_gewichten,
            weging_versie=settings.matching_weging_versie,
            toelichting=request.toelichting,
            voorgesteld_op=utcnow(),
        )
        try:
            await append_and_project(
                conn,
                runtime,
                principal,
                _PROJECTION,
                stream_type=bemiddeling.VOORSTEL,
                stream_id=voorstel_id,
                head=NEW_STREAM,
                events=[event],
                gemeente=kandidaat.gemeente,
                subject=request.klant_id,
            )
        except asyncpg.UniqueViolationError as exc:
            raise AlVoorgesteld("deze kandidaat is al voorgesteld voor deze vacature") from exc
        state = bemiddeling.fold([event])
        assert state is not None
        body = _voorstel_body([event], state)
        if key is not None:
            await remember(conn, scope, key, 201, body)
    return Outcome(201, body)


async def lees_voorstel(runtime: Runtime, principal: Principal, voorstel_id: UUID) -> dict[str, Any]:
    """A voorstel with its answer, plaatsing, instruments and nazorg."""
    async with transaction(runtime.engine) as conn:
        _, events, state = await _voorstel(conn, runtime, principal, voorstel_id)
    return _voorstel_body(events, state)


async def _handel(
    runtime: Runtime, principal: Principal, voorstel_id: UUID, command: Any, *, lock_vacature: bool = False
) -> dict[str, Any]:
    async with transaction(runtime.engine) as conn:
        head, loaded, state = await _voorstel(conn, runtime, principal, voorstel_id)
        if lock_vacature:
            # Serialises plaatsingen on one vacature, so its last position is given out once.
            await _VACATURE_SLOT.execute(conn, vacature=state.vacature_id)
        events = await command(conn, state)
        await append_and_project(
            conn,
            runtime,
            principal,
            _PROJECTION,
            stream_type=bemiddeling.VOORSTEL,
            stream_id=voorstel_id,
            head=head,
            events=events,
            gemeente=state.gemeente_kandidaat,
            subject=state.klant_id,
        )
        after = bemiddeling.fold([*loaded, *events])
        assert after is not None
        return _voorstel_body([*loaded, *events], after)


async def beantwoord(
    runtime: Runtime, principal: Principal, voorstel_id: UUID, request: AntwoordRequest
) -> dict[str, Any]:
    """Record the employer's answer."""

    async def command(conn: AsyncConnection, state: bemiddeling.Voorstel) -> list[EventData]:
        return bemiddeling.beantwoord(
            state,
            geaccepteerd=request.geaccepteerd,
            reden=request.reden,
            toelichting=request.toelichting,
            op=utcnow(),
        )

    return await _handel(runtime, principal, voorstel_id, command)


async def plaats(
    runtime: Runtime, principal: Principal, voorstel_id: UUID, request: PlaatsingRequest
) -> dict[str, Any]:
    """Turn an accepted voorstel into a plaatsing with instruments and planned nazorg."""

    async def command(conn: AsyncConnection, state: bemiddeling.Voorstel) -> list[EventData]:
        row = await queries.VACATURE.fetchrow(conn, vacature=state.vacature_id)
        assert row is not None
        _beschikbaar(row)
        if await queries.GEPLAATST.fetchrow(conn, klant=state.klant_id):
            raise AlGeplaatst("de kandidaat is al geplaatst")
        profiel = await queries.PROFIEL.fetchrow(conn, klant=state.klant_id)
        return bemiddeling.plaats(
            state,
            plaatsing_id=new_event_id(),
            startdatum=request.startdatum,
            einddatum=request.einddatum,
            contractvorm=request.contractvorm,
            uren_per_week=request.uren_per_week,
            aanvraag=Instrumentaanvraag(**request.instrumenten.model_dump()),
            doelgroep_banenafspraak=bool(profiel is not None and profiel[14]),
            op=utcnow(),
        )

    return await _handel(runtime, principal, voorstel_id, command, lock_vacature=True)


async def leg_nazorg_vast(
    runtime: Runtime, principal: Principal, voorstel_id: UUID, request: NazorgRequest
) -> dict[str, Any]:
    """Record a nazorg check-in."""

    async def command(conn: AsyncConnection, state: bemiddeling.Voorstel) -> list[EventData]:
        return bemiddeling.leg_nazorg_vast(
            state, moment=request.moment, bevinding=request.bevinding, verslag=request.verslag, op=utcnow()
        )

    return await _handel(runtime, principal, voorstel_id, command)


async def nazorg_werklijst(
    runtime: Runtime, principal: Principal, tot: date, after: tuple[date, UUID] | None, limit: int
) -> NazorgPage:
    """Check-ins due on or before `tot` for kandidaten in the caller's gemeenten."""
    na = after or (date.min, UUID(int=0))
    async with transaction(runtime.engine) as conn:
        rows = await queries.NAZORG_OPEN.fetch(
            conn, tot=tot, gemeenten=sorted(principal.gemeenten), na_moment=na[0], na_id=na[1], limit=limit + 1
        )
    items = [
        NazorgItem(plaatsing_id=r[0], klant_id=r[1], moment=r[2], vacature_id=r[3], werkgever_id=r[4])
        for r in rows[:limit]
    ]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_keyset(datetime.combine(items[-1].moment, time.min), items[-1].plaatsing_id)
    return NazorgPage(items=items, next_cursor=next_cursor)


async def caseload_overzicht(runtime: Runtime) -> CaseloadResponse:
    """Caseload per klantmanager and team, kandidaten without one, and a rebalancing proposal."""
    norm = _settings(runtime).caseload_norm
    async with transaction(runtime.engine) as conn:
        toegewezen = await queries.CASELOAD.fetch(conn)
        geregistreerd = await queries.KLANTMANAGERS.fetch(conn)
    per_km: dict[str, list[UUID]] = defaultdict(list)
    zonder = 0
    for km, klant_id in toegewezen:
        if km is None:
            zonder += 1
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
