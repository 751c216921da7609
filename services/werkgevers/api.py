"""Werkgevers HTTP API: one loket for employers, their vacatures and social return. Thin: map, call, answer."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response

from libs.events.auth import Principal, Role, requires
from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.contracts.werkgevers import Contactpersoon, VacatureStatus, Vestiging
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id
from libs.events.http import Problem, check_gemeentecodes
from libs.events.pagination import Cursor, Limit, Page

from . import domain, handlers, queries
from .schemas import (
    SocialReturnRequest,
    StatusRequest,
    VacatureRequest,
    VacatureResponse,
    VacatureSamenvatting,
    WerkgeverRequest,
    WerkgeverResponse,
)

werkgevers = APIRouter(prefix="/api/v1/werkgevers", tags=["werkgevers"])
vacatures = APIRouter(prefix="/api/v1/vacatures", tags=["vacatures"])

Adviseur = Annotated[Principal, Depends(requires(Role.WERKGEVERSADVISEUR))]
Lezer = Annotated[Principal, Depends(requires(Role.WERKGEVERSADVISEUR, Role.MATCHER, Role.BEHEERDER))]
WerkgeverId = Annotated[UUID, Path(description="Employer id")]
VacatureId = Annotated[UUID, Path(description="Vacature id")]


@werkgevers.post(
    "",
    status_code=201,
    response_model=WerkgeverResponse,
    summary="Register an employer",
    description="One employer per KvK number (409 for a second). Every location must lie in a gemeente of your "
    "token (403 otherwise). Send `Idempotency-Key` to retry safely.",
)
async def registreer_werkgever(
    body: WerkgeverRequest, principal: Adviseur, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    command = domain.RegistreerWerkgever(
        werkgever_id=new_event_id(),
        kvk_nummer=body.kvk_nummer,
        naam=body.naam,
        vestigingen=tuple(Vestiging(naam=v.naam, postcode=v.postcode, gemeente=v.gemeente) for v in body.vestigingen),
        contactpersonen=tuple(
            Contactpersoon(naam=c.naam, functie=c.functie, email=c.email, telefoon=c.telefoon)
            for c in body.contactpersonen
        ),
    )
    idempotency = Idempotency(idempotency_key, "werkgever", body)
    return await carry_out(runtime, principal, command, WerkgeverResponse, idempotency)


_ZOEKVRAAG = {"name": "naam", "pointer": "query:naam", "reason": "zoek op kvkNummer of op naam"}


@werkgevers.get(
    "",
    response_model=list[WerkgeverResponse],
    summary="Find an employer by KvK number or by name",
    description="By `kvkNummer` (exact) or `naam` (a part of the trade name, case-insensitive; at most 50, by name); "
    "only employers with a location in a gemeente of your token. 400 without either.",
)
async def zoek_werkgever(
    principal: Lezer,
    runtime: RuntimeDep,
    kvk_nummer: Annotated[str | None, Query(alias="kvkNummer", pattern=r"^\d{8}$", description="KvK number")] = None,
    naam: Annotated[str | None, Query(min_length=2, max_length=200, description="A part of the trade name")] = None,
) -> Any:
    if kvk_nummer is None and naam is None:
        raise Problem(400, detail="Zoek op kvkNummer of op naam.", invalid_params=[_ZOEKVRAAG])
    return await queries.zoek_werkgever(runtime, principal, kvk_nummer, naam)


@werkgevers.get(
    "/{werkgever_id}",
    response_model=WerkgeverResponse,
    summary="An employer with locations and social return",
    description="404 both when it does not exist and when none of its locations lies in your gemeenten.",
)
async def lees_werkgever(werkgever_id: WerkgeverId, principal: Lezer, runtime: RuntimeDep) -> Any:
    return await queries.lees_werkgever(runtime, principal, werkgever_id)


@werkgevers.post(
    "/{werkgever_id}/social-return",
    status_code=201,
    response_model=WerkgeverResponse,
    summary="Record a social return commitment",
    description="Creates a commitment (201). Send `Idempotency-Key` to retry safely.",
)
async def social_return(
    werkgever_id: WerkgeverId,
    body: SocialReturnRequest,
    principal: Adviseur,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.SpreekSocialReturnAf(
        afspraak_id=new_event_id(),
        van=body.van,
        tot=body.tot,
        plaatsingen=body.plaatsingen,
        uren=body.uren,
        werkgever_id=werkgever_id,
    )
    idempotency = Idempotency(idempotency_key, "social-return", body, werkgever_id)
    return await carry_out(runtime, principal, command, WerkgeverResponse, idempotency)


@werkgevers.post(
    "/{werkgever_id}/vacatures",
    status_code=201,
    response_model=VacatureResponse,
    summary="Register a vacature at one of the employer's locations",
    description="The workplace must lie in a gemeente of your token (403 otherwise). Send `Idempotency-Key` to "
    "retry safely.",
)
async def registreer_vacature(
    werkgever_id: WerkgeverId,
    body: VacatureRequest,
    principal: Adviseur,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.RegistreerVacature(
        vacature_id=new_event_id(),
        titel=body.titel,
        isco08=body.isco08,
        vereiste_vaardigheden=tuple(body.vereiste_vaardigheden),
        gewenste_vaardigheden=tuple(body.gewenste_vaardigheden),
        uren_per_week=body.uren_per_week,
        postcode=body.postcode,
        gemeente=body.gemeente,
        startdatum=body.startdatum,
        contractvorm=body.contractvorm,
        banenafspraak=body.banenafspraak,
        aanpassingen=tuple(body.aanpassingen),
        aantal_plaatsen=body.aantal_plaatsen,
        werkgever_id=werkgever_id,
    )
    idempotency = Idempotency(idempotency_key, "vacature", body, werkgever_id)
    return await carry_out(runtime, principal, command, VacatureResponse, idempotency)


@vacatures.get(
    "",
    response_model=Page[VacatureSamenvatting],
    summary="Vacatures in your gemeenten",
    description="Oldest first, cursor-paginated; filter by status and the workplace's gemeente (within your token).",
)
async def lijst_vacatures(
    principal: Lezer,
    runtime: RuntimeDep,
    status: Annotated[VacatureStatus | None, Query(description="Only this status")] = None,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (CBS codes)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[VacatureSamenvatting]:
    check_gemeentecodes(gemeente, principal)
    return await queries.lijst_vacatures(
        runtime, principal, status=status, gemeenten=gemeente, cursor=cursor, limit=limit
    )


@vacatures.get(
    "/{vacature_id}",
    response_model=VacatureResponse,
    summary="A vacature",
    description="404 both when it does not exist and when its workplace is outside your gemeenten.",
)
async def lees_vacature(vacature_id: VacatureId, principal: Lezer, runtime: RuntimeDep) -> Any:
    return await queries.lees_vacature(runtime, principal, vacature_id)


@vacatures.post(
    "/{vacature_id}/status",
    response_model=VacatureResponse,
    summary="Put a vacature on hold, open it again, or withdraw it",
    description="An action on an existing vacature (200). `gevuld` follows from plaatsingen, not from this "
    "endpoint; withdrawn is final. Send `Idempotency-Key` to retry safely.",
)
async def wijzig_status(
    vacature_id: VacatureId,
    body: StatusRequest,
    principal: Adviseur,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.WijzigStatus(naar=body.status, reden=body.reden, vacature_id=vacature_id)
    idempotency = Idempotency(idempotency_key, "status", body, vacature_id)
    return await carry_out(runtime, principal, command, VacatureResponse, idempotency)


COMMANDS = CommandHandlers(
    {
        domain.RegistreerWerkgever: handlers.registreer_werkgever,
        domain.SpreekSocialReturnAf: handlers.spreek_social_return_af,
        domain.RegistreerVacature: handlers.registreer_vacature,
        domain.WijzigStatus: handlers.wijzig_status,
    }
)
