"""Intake's application service: one function per command, each in one database transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import NotAuthorized, Principal
from libs.events.db import transaction
from libs.events.envelope import new_event_id, utcnow
from libs.events.idempotency import claim, remember, request_fingerprint
from libs.events.observability import current_correlation_id
from libs.events.runtime import Runtime
from libs.events.store import NEW_STREAM, EventContext, StreamHead

from . import domain
from .persoonsgegevens import klant_voor_bsn
from .schemas import AanmeldingRequest, AanmeldingResponse, DiagnoseRequest
from .settings import Settings


@dataclass(frozen=True)
class Outcome:
    """Status and body of a command's response; `replayed` when an Idempotency-Key retry."""

    status_code: int
    body: dict[str, Any]
    replayed: bool = False


async def _earlier_answer(
    conn: AsyncConnection, scope: str, key: str | None, request: BaseModel
) -> Outcome | None:
    """Claim the Idempotency-Key in this transaction, or return the answer given to its first use."""
    if key is None:
        return None
    stored = await claim(conn, scope, key, request_fingerprint(request.model_dump(mode="json")))
    return None if stored is None else Outcome(stored.status_code, stored.body, replayed=True)


def _settings(runtime: Runtime) -> Settings:
    settings = runtime.settings
    if not isinstance(settings, Settings):
        raise TypeError("intake runs with services.intake.settings.Settings")
    return settings


def _context(principal: Principal) -> EventContext:
    return EventContext(actor=principal.sub, correlation_id=current_correlation_id())


async def registreer_aanmelding(
    runtime: Runtime, principal: Principal, request: AanmeldingRequest, idempotency_key: str | None
) -> Outcome:
    """Register an aanmelding: link or create the klant, record AanmeldingOntvangen."""
    if not principal.may_act_for(request.gemeente):
        raise NotAuthorized(f"u mag geen aanmeldingen registreren voor {request.gemeente}")
    scope = f"intake:aanmeldingen:{principal.sub}"
    async with transaction(runtime.engine) as conn:
        earlier = await _earlier_answer(conn, scope, idempotency_key, request)
        if earlier is not None:
            return earlier
        klant_id, bestond_al = await klant_voor_bsn(conn, request.persoon)
        command = domain.MeldAan(
            aanmelding_id=new_event_id(),
            klant_id=klant_id,
            gemeente=request.gemeente,
            kanaal=request.kanaal,
            hulpvraag=request.hulpvraag,
            kanaal_referentie=request.kanaal_referentie,
            ontvangen_op=utcnow(),
        )
        events = domain.meld_aan(command, _settings(runtime).regio_gemeenten())
        await runtime.store.append(
            conn,
            stream_type=domain.STREAM_TYPE,
            stream_id=str(command.aanmelding_id),
            expected_version=NEW_STREAM,
            events=events,
            subject=str(klant_id),
            gemeente=request.gemeente,
            context=_context(principal),
        )
        state = domain.fold(events)
        assert state is not None
        body = AanmeldingResponse.of(state, klant_bestond_al=bestond_al).model_dump(mode="json")
        if idempotency_key is not None:
            await remember(conn, scope, idempotency_key, 201, body)
    return Outcome(201, body)


async def lees_aanmelding(runtime: Runtime, principal: Principal, aanmelding_id: UUID) -> AanmeldingResponse:
    """Current state of an aanmelding the caller may see."""
    async with runtime.engine.connect() as conn:
        recorded = await runtime.store.load(conn, str(aanmelding_id))
    state = domain.fold(r.data for r in recorded)
    if state is None or not principal.may_act_for(state.gemeente):
        # Same answer for "absent" and "another gemeente's": existence does not leak.
        raise domain.AanmeldingNietGevonden(f"aanmelding {aanmelding_id} niet gevonden")
    return AanmeldingResponse.of(state)


async def stel_diagnose_vast(
    runtime: Runtime,
    principal: Principal,
    aanmelding_id: UUID,
    request: DiagnoseRequest,
    idempotency_key: str | None,
) -> Outcome:
    """Record the primaire diagnose of an aanmelding (DiagnoseVastgesteld)."""
    scope = f"intake:diagnose:{principal.sub}:{aanmelding_id}"
    async with transaction(runtime.engine) as conn:
        earlier = await _earlier_answer(conn, scope, idempotency_key, request)
        if earlier is not None:
            return earlier
        recorded = await runtime.store.load(conn, str(aanmelding_id))
        state = domain.fold(r.data for r in recorded)
        if state is None or not principal.may_act_for(state.gemeente):
            raise domain.AanmeldingNietGevonden(f"aanmelding {aanmelding_id} niet gevonden")
        command = domain.StelDiagnoseVast(
            route=request.route,
            uitkering_nodig=request.uitkering_nodig,
            toelichting=request.toelichting,
            vastgesteld_op=utcnow(),
        )
        events = domain.stel_diagnose_vast(state, command)
        await runtime.store.append(
            conn,
            stream_type=domain.STREAM_TYPE,
            stream_id=str(aanmelding_id),
            expected_version=StreamHead.of(recorded),
            events=events,
            subject=str(state.klant_id),
            gemeente=state.gemeente,
            context=_context(principal),
        )
        new_state = domain.fold([*(r.data for r in recorded), *events])
        assert new_state is not None
        body = AanmeldingResponse.of(new_state).model_dump(mode="json")
        if idempotency_key is not None:
            await remember(conn, scope, idempotency_key, 201, body)
    return Outcome(201, body)
