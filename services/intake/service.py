"""Intake's application service: one function per command, each in one database transaction.

Every command loads the streams it needs, lets the pure domain decide, appends the events on the
loaded heads, and applies intake's read models in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import NotAuthorized, Principal
from libs.events.commands import Outcome, append_and_project, earlier_answer
from libs.events.contracts.intake import (
    Kanaal,
    LeefgebiedenGescreend,
    PersoonsgegevensGecorrigeerd,
    PersoonsgegevensVastgelegd,
    Route,
    Team,
    team_id,
)
from libs.events.db import Sql, transaction
from libs.events.envelope import new_event_id, utcnow
from libs.events.idempotency import remember
from libs.events.observability import current_correlation_id
from libs.events.registry import EventData, Recorded
from libs.events.runtime import Runtime
from libs.events.shredding import GEWIST, ontsleutel, sleutel, versleutel
from libs.events.store import NEW_STREAM, StreamHead

from . import domain, klant, leefgebieden, regels
from .persoonsgegevens import Doel, Handeling, corrigeer, klant_voor_bsn, lees, log_verwerking
from .projections import IntakeProjection
from .schemas import (
    AanmeldingRequest,
    AanmeldingResponse,
    BeeindigingRequest,
    CorrectieRequest,
    DiagnoseRequest,
    KlantResponse,
    OverdrachtRequest,
    OverdrachtResponse,
    PersoonsgegevensResponse,
    ScreeningRequest,
    VoorstelRequest,
    WeigeringRequest,
)
from .settings import Settings
from .teams import teams_van
from .werkdagen import plus_werkdagen

_PROJECTION = IntakeProjection()
_LAATSTE_AANMELDING = Sql(
    "SELECT COALESCE(route, voorgestelde_route), meervoudige_problematiek FROM aanmeldingen_overzicht "
    "WHERE klant_id = :k ORDER BY ontvangen_op DESC LIMIT 1"
)


class KlantNietGevonden(domain.IntakeError):
    """No klant with this id is visible to the caller."""

    status = 404
    title = "Klant niet gevonden"


class GegevensGewist(domain.IntakeError):
    """The klant's personal data was erased (key shredded): nothing new can be recorded for it."""

    status = 409
    title = "Gegevens gewist"


async def _sleutel(conn: AsyncConnection, klant_id: UUID) -> bytes:
    key = await sleutel(conn, klant_id, aanmaken=True)
    if key is None:
        raise GegevensGewist(f"de gegevens van klant {klant_id} zijn gewist")
    return key


def _settings(runtime: Runtime) -> Settings:
    settings = runtime.settings
    if not isinstance(settings, Settings):
        raise TypeError("intake runs with services.intake.settings.Settings")
    return settings


async def append_events(
    conn: AsyncConnection,
    runtime: Runtime,
    principal: Principal,
    *,
    stream_type: str,
    stream_id: UUID,
    head: StreamHead,
    events: Sequence[EventData],
    subject: UUID,
    gemeente: str,
) -> None:
    """Append events on the loaded head and apply intake's read models in the same transaction."""
    await append_and_project(
        conn,
        runtime,
        principal,
        _PROJECTION,
        stream_type=stream_type,
        stream_id=stream_id,
        head=head,
        events=events,
        subject=subject,
        gemeente=gemeente,
    )


async def _screening(conn: AsyncConnection, events: Sequence[EventData]) -> domain.Screening | None:
    """The latest screening of an aanmelding with its scores decrypted (or empty when erased)."""
    last = next((e for e in reversed(events) if isinstance(e, LeefgebiedenGescreend)), None)
    if last is None:
        return None
    scores = ontsleutel(await sleutel(conn, last.klant_id), last.klant_id, last.versleutelde_scores)
    if scores == GEWIST or not isinstance(scores, dict):
        return domain.Screening(last.instrument_versie, last.meervoudige_problematiek, (), ())
    uitslag = leefgebieden.beoordeel(leefgebieden.instrument(last.instrument_versie), scores)
    return domain.Screening(
        last.instrument_versie, uitslag.meervoudige_problematiek, uitslag.probleemgebieden, uitslag.acuut
    )


async def _aanmelding(
    conn: AsyncConnection, runtime: Runtime, principal: Principal, aanmelding_id: UUID
) -> tuple[list[Recorded[EventData]], domain.Aanmelding]:
    recorded = await runtime.store.load(conn, str(aanmelding_id))
    events = [r.data for r in recorded]
    state = domain.fold(events, await _screening(conn, events))
    if state is None or not principal.may_act_for(state.gemeente):
        # Same answer for "absent" and "another gemeente's": existence does not leak.
        raise domain.AanmeldingNietGevonden(f"aanmelding {aanmelding_id} niet gevonden")
    return recorded, state


async def _klant(
    conn: AsyncConnection, runtime: Runtime, principal: Principal, klant_id: UUID
) -> tuple[list[Recorded[EventData]], klant.Klant]:
    recorded = await runtime.store.load(conn, str(klant_id))
    state = klant.fold(r.data for r in recorded)
    if state is None or not principal.may_act_for(state.gemeente):
        raise KlantNietGevonden(f"klant {klant_id} niet gevonden")
    return recorded, state


async def registreer_aanmelding(
    runtime: Runtime, principal: Principal, request: AanmeldingRequest, idempotency_key: str | None
) -> Outcome:
    """Register an aanmelding: link or create the klant (one per BSN in the region), record the events."""
    if not principal.may_act_for(request.gemeente):
        raise NotAuthorized(f"u mag geen aanmeldingen registreren voor {request.gemeente}")
    scope = f"intake:aanmeldingen:{principal.sub}"
    async with transaction(runtime.engine) as conn:
        if earlier := await earlier_answer(conn, scope, idempotency_key, request):
            return earlier
        now = utcnow()
        key = AESGCM.generate_key(bit_length=256)
        klant_id, bestond_al = await klant_voor_bsn(conn, request.persoon.model_dump(), key)
        if not bestond_al:
            team = (
                team_id(Team.REGIONAAL)
                if request.kanaal is Kanaal.WERKPLEIN
                else team_id(Team.LOKAAL, request.gemeente)
            )
            persoon = PersoonsgegevensVastgelegd(
                klant_id=klant_id,
                versleuteld=versleutel(key, klant_id, request.persoon.model_dump(mode="json")),
            )
            await append_events(
                conn,
                runtime,
                principal,
                stream_type=klant.STREAM_TYPE,
                stream_id=klant_id,
                head=NEW_STREAM,
                events=[*klant.registreer(klant_id, request.gemeente, team, now), persoon],
                subject=klant_id,
                gemeente=request.gemeente,
            )
            await log_verwerking(conn, principal, klant_id, Handeling.VASTLEGGEN, Doel.INTAKE, current_correlation_id())
        command = domain.MeldAan(
            aanmelding_id=new_event_id(),
            klant_id=klant_id,
            gemeente=request.gemeente,
            kanaal=request.kanaal,
            hulpvraag=request.hulpvraag,
            kanaal_referentie=request.kanaal_referentie,
            ontvangen_op=now,
            geboortedatum=request.persoon.geboortedatum,
        )
        events = domain.meld_aan(command, _settings(runtime).regio_gemeenten())
        await append_events(
            conn,
            runtime,
            principal,
            stream_type=domain.STREAM_TYPE,
            stream_id=command.aanmelding_id,
            head=NEW_STREAM,
            events=events,
            subject=klant_id,
            gemeente=request.gemeente,
        )
        state = domain.fold(events)
        assert state is not None
        body = AanmeldingResponse.of(state, klant_bestond_al=bestond_al).model_dump(mode="json")
        if idempotency_key is not None:
            await remember(conn, scope, idempotency_key, 201, body)
    return Outcome(201, body)


async def lees_aanmelding(runtime: Runtime, principal: Principal, aanmelding_id: UUID) -> AanmeldingResponse:
    """Current state of an aanmelding the caller may see."""
    async with transaction(runtime.engine) as conn:
        _, state = await _aanmelding(conn, runtime, principal, aanmelding_id)
    return AanmeldingResponse.of(state)


async def _aanmelding_command(
    runtime: Runtime,
    principal: Principal,
    aanmelding_id: UUID,
    request: BaseModel,
    idempotency_key: str | None,
    decide: Any,
) -> Outcome:
    """Shared shape of commands on one aanmelding: idempotency, load, decide, append, answer."""
    scope = f"intake:{type(request).__name__}:{principal.sub}:{aanmelding_id}"
    async with transaction(runtime.engine) as conn:
        if earlier := await earlier_answer(conn, scope, idempotency_key, request):
            return earlier
        recorded, state = await _aanmelding(conn, runtime, principal, aanmelding_id)
        events = await decide(conn, state)
        await append_events(
            conn,
            runtime,
            principal,
            stream_type=domain.STREAM_TYPE,
            stream_id=aanmelding_id,
            head=StreamHead.of(recorded),
            events=events,
            subject=state.klant_id,
            gemeente=state.gemeente,
        )
        # Only a new screening needs decrypting; everything else evolves the state already loaded.
        nieuw = await _screening(conn, events)
        new_state: domain.Aanmelding | None = state
        for event in events:
            new_state = domain.evolve(new_state, event, nieuw)
        assert new_state is not None
        body = AanmeldingResponse.of(new_state).model_dump(mode="json")
        if idempotency_key is not None:
            await remember(conn, scope, idempotency_key, 201, body)
    return Outcome(201, body)


async def screen(
    runtime: Runtime, principal: Principal, aanmelding_id: UUID, request: ScreeningRequest, key: str | None
) -> Outcome:
    """Record a leefgebieden screening; the scores go into the event encrypted with the klant's key."""

    async def decide(conn: AsyncConnection, state: domain.Aanmelding) -> list[EventData]:
        sleutel_ = await _sleutel(conn, state.klant_id)
        versleuteld = versleutel(sleutel_, state.klant_id, dict(request.scores))
        return domain.screen(state, versleuteld, request.scores, request.instrument_versie, utcnow())

    return await _aanmelding_command(runtime, principal, aanmelding_id, request, key, decide)


async def vraag_voorstel(
    runtime: Runtime, principal: Principal, aanmelding_id: UUID, request: VoorstelRequest, key: str | None
) -> Outcome:
    """Let the current rule set propose route, uitkering and urgency (DiagnoseVoorgesteld)."""

    async def decide(conn: AsyncConnection, state: domain.Aanmelding) -> list[EventData]:
        persoon = await lees(conn, state.klant_id)
        if persoon is None:
            raise KlantNietGevonden(f"geen persoonsgegevens voor klant {state.klant_id}")
        await log_verwerking(
            conn, principal, state.klant_id, Handeling.RAADPLEGEN, Doel.DIAGNOSE, current_correlation_id()
        )
        leeftijd = domain.leeftijd_op(persoon["geboortedatum"], date.today())
        voorstel = regels.stel_voor(
            domain.feiten(state, leeftijd=leeftijd, kan_direct_werken=request.kan_direct_werken)
        )
        return domain.stel_voor(state, voorstel, utcnow())

    return await _aanmelding_command(runtime, principal, aanmelding_id, request, key, decide)


async def stel_diagnose_vast(
    runtime: Runtime, principal: Principal, aanmelding_id: UUID, request: DiagnoseRequest, key: str | None
) -> Outcome:
    """Confirm or override the proposal; route werk starts e-dienstverlening for the klant."""

    async def decide(conn: AsyncConnection, state: domain.Aanmelding) -> list[EventData]:
        command = domain.StelDiagnoseVast(
            route=request.route,
            uitkering_nodig=request.uitkering_nodig,
            motivatie=request.motivatie,
            toelichting=request.toelichting,
            vastgesteld_op=utcnow(),
        )
        events = domain.stel_diagnose_vast(state, command)
        if request.route is Route.WERK:
            klant_events, klant_state = await _klant(conn, runtime, principal, state.klant_id)
            start = klant.start_e_dienstverlening(klant_state, startdatum=date.today())
            await append_events(
                conn,
                runtime,
                principal,
                stream_type=klant.STREAM_TYPE,
                stream_id=state.klant_id,
                head=StreamHead.of(klant_events),
                events=start,
                subject=state.klant_id,
                gemeente=klant_state.gemeente,
            )
        return events

    return await _aanmelding_command(runtime, principal, aanmelding_id, request, key, decide)


async def lees_klant(runtime: Runtime, principal: Principal, klant_id: UUID) -> KlantResponse:
    """Responsibility and running periods of a klant."""
    async with transaction(runtime.engine) as conn:
        _, state = await _klant(conn, runtime, principal, klant_id)
    return KlantResponse.of(state)


async def lees_persoonsgegevens(
    runtime: Runtime, principal: Principal, klant_id: UUID, doel: Doel
) -> PersoonsgegevensResponse:
    """Personal data at the source, for a stated purpose; the access is logged in the same transaction."""
    async with transaction(runtime.engine) as conn:
        await _klant(conn, runtime, principal, klant_id)
        persoon = await lees(conn, klant_id)
        if persoon is None:
            raise KlantNietGevonden(f"klant {klant_id} niet gevonden")
        await log_verwerking(conn, principal, klant_id, Handeling.RAADPLEGEN, doel, current_correlation_id())
    return PersoonsgegevensResponse(klant_id=klant_id, **persoon)


async def corrigeer_persoonsgegevens(
    runtime: Runtime, principal: Principal, klant_id: UUID, request: CorrectieRequest, key: str | None
) -> Outcome:
    """Correct personal data: an event with the new values encrypted, then the current values."""
    scope = f"intake:correctie:{principal.sub}:{klant_id}"
    async with transaction(runtime.engine) as conn:
        if earlier := await earlier_answer(conn, scope, key, request):
            return earlier
        recorded, state = await _klant(conn, runtime, principal, klant_id)
        nieuw = request.wijzigingen()
        sleutel_ = await _sleutel(conn, klant_id)
        event = PersoonsgegevensGecorrigeerd(
            klant_id=klant_id,
            velden=sorted(nieuw),
            reden=request.reden,
            versleuteld=versleutel(sleutel_, klant_id, nieuw),
        )
        await append_events(
            conn,
            runtime,
            principal,
            stream_type=klant.STREAM_TYPE,
            stream_id=klant_id,
            head=StreamHead.of(recorded),
            events=[event],
            subject=klant_id,
            gemeente=state.gemeente,
        )
        await corrigeer(conn, klant_id, request.model_dump(exclude={"reden"}, exclude_none=True))
        await log_verwerking(conn, principal, klant_id, Handeling.CORRIGEREN, Doel.INTAKE, current_correlation_id())
        persoon = await lees(conn, klant_id)
        assert persoon is not None
        body = PersoonsgegevensResponse(klant_id=klant_id, **persoon).model_dump(mode="json")
        if key is not None:
            await remember(conn, scope, key, 201, body)
    return Outcome(201, body)


async def _klant_command(
    runtime: Runtime,
    principal: Principal,
    klant_id: UUID,
    request: BaseModel | None,
    key: str | None,
    decide: Any,
    scope_suffix: str,
) -> Outcome:
    """Shared shape of commands on a klant: idempotency, load, decide, append, answer with the new state."""
    scope = f"intake:{scope_suffix}:{principal.sub}:{klant_id}"
    async with transaction(runtime.engine) as conn:
        if request is not None and (earlier := await earlier_answer(conn, scope, key, request)):
            return earlier
        recorded, state = await _klant(conn, runtime, principal, klant_id)
        events, body = await decide(conn, state)
        await append_events(
            conn,
            runtime,
            principal,
            stream_type=klant.STREAM_TYPE,
            stream_id=klant_id,
            head=StreamHead.of(recorded),
            events=events,
            subject=klant_id,
            gemeente=state.gemeente,
        )
        if body is None:
            after = klant.fold([*(r.data for r in recorded), *events])
            assert after is not None
            body = KlantResponse.of(after).model_dump(mode="json")
        if request is not None and key is not None:
            await remember(conn, scope, key, 201, body)
    return Outcome(201, body)


def _lid_van(principal: Principal, team: str, error: type[klant.KlantError]) -> str:
    if team not in teams_van(principal):
        raise error(f"u handelt niet namens {team}")
    return team


async def bied_overdracht_aan(
    runtime: Runtime, principal: Principal, klant_id: UUID, request: OverdrachtRequest, key: str | None
) -> Outcome:
    """Offer a warme overdracht with the dossier summary; the receiver answers within the term."""

    async def decide(conn: AsyncConnection, state: klant.Klant) -> tuple[list[EventData], dict[str, Any]]:
        door_team = _lid_van(principal, state.verantwoordelijk_team, klant.NietVerantwoordelijk)
        naar_team = team_id(request.naar, state.gemeente)
        row = await _LAATSTE_AANMELDING.fetchrow(conn, k=klant_id)
        events = klant.bied_aan(
            state,
            overdracht_id=new_event_id(),
            door_team=door_team,
            naar_team=naar_team,
            route=Route(row[0]) if row and row[0] else None,
            meervoudige_problematiek=row[1] if row else None,
            vervolgstap=request.vervolgstap,
            contactpersoon=request.contactpersoon,
            reageren_voor=plus_werkdagen(date.today(), _settings(runtime).overdracht_termijn_werkdagen),
            op=utcnow(),
        )
        return events, OverdrachtResponse.model_validate(events[0].model_dump()).model_dump(mode="json")

    return await _klant_command(runtime, principal, klant_id, request, key, decide, "overdracht")


async def beantwoord_overdracht(
    runtime: Runtime,
    principal: Principal,
    klant_id: UUID,
    overdracht_id: UUID,
    weigering: WeigeringRequest | None,
    key: str | None,
) -> Outcome:
    """Accept (weigering None) or refuse an overdracht on behalf of the receiving team."""

    async def decide(conn: AsyncConnection, state: klant.Klant) -> tuple[list[EventData], None]:
        open_ = state.overdracht
        if open_ is None or open_.overdracht_id != overdracht_id:
            raise klant.GeenOpenOverdracht(f"geen openstaande overdracht {overdracht_id}")
        door_team = _lid_van(principal, open_.naar_team, klant.NietDeOntvanger)
        if weigering is None:
            return klant.accepteer(state, overdracht_id=overdracht_id, door_team=door_team, op=utcnow()), None
        return klant.weiger(
            state, overdracht_id=overdracht_id, door_team=door_team, reden=weigering.reden, op=utcnow()
        ), None

    return await _klant_command(runtime, principal, klant_id, weigering, key, decide, f"antwoord:{overdracht_id}")


async def beeindig_e_dienstverlening(
    runtime: Runtime, principal: Principal, klant_id: UUID, request: BeeindigingRequest, key: str | None
) -> Outcome:
    """End e-dienstverlening early (work found), on behalf of the responsible team."""

    async def decide(conn: AsyncConnection, state: klant.Klant) -> tuple[list[EventData], None]:
        _lid_van(principal, state.verantwoordelijk_team, klant.NietVerantwoordelijk)
        return klant.beeindig_e_dienstverlening(state, reden=request.reden, op=utcnow()), None

    return await _klant_command(runtime, principal, klant_id, request, key, decide, "e-dienstverlening")
