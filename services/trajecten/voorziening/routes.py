"""Routes of voorzieningen, aanbieders, the catalogue and the termijnen. Thin: map, call, answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response

from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.contracts.trajecten import Catalogusregel, Voorzieningsoort
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id, utcnow
from libs.events.http import Problem, check_gemeentecodes
from libs.events.openapi import weigeringen
from libs.events.pagination import Cursor, KlantFilter, Limit, Page
from libs.events.stamps import vandaag_in_nederland

from .. import klanten
from ..budget import domain as budget
from ..catalogus import OnbekendeVoorziening, OngeldigeCatalogus, StelCatalogusVast
from ..routing import Beheer, Inkoper, Kiezer, Lezer, Traject
from . import domain, handlers, queries
from .schemas import (
    AanbiederRequest,
    AanbiederResponse,
    BeeindigingRequest,
    CatalogusRequest,
    CatalogusResponse,
    KostenBoekingRequest,
    PremieRequest,
    TermijnUit,
    VerlengingRequest,
    VoorzieningEvaluatieRequest,
    VoorzieningRequest,
    VoorzieningResponse,
    VoorzieningSamenvatting,
)

voorzieningen = APIRouter(
    prefix="/api/v1/voorzieningen",
    tags=["voorzieningen"],
    responses=weigeringen(
        klanten.KlantOnbekend, klanten.NietVerantwoordelijk, domain.OngeldigeVoorziening, domain.VoorzieningBeeindigdAl
    ),
)
aanbieders = APIRouter(prefix="/api/v1/aanbieders", tags=["aanbieders"])
catalogi = APIRouter(prefix="/api/v1/catalogi", tags=["catalogi"])
VoorzieningId = Annotated[UUID, Path(description="Voorziening id")]
Gemeente = Annotated[str, Path(pattern=r"^GM\d{4}$", description="CBS code")]


@aanbieders.post(
    "",
    status_code=201,
    response_model=AanbiederResponse,
    summary="Register an aanbieder of voorzieningen",
    description="A re-integratiebedrijf, the werkbedrijf itself, an opleider: one per KvK number (409 for a second), "
    "for gemeenten you act for (403 otherwise). Send `Idempotency-Key` to retry safely.",
    responses=weigeringen(domain.AanbiederBestaatAl),
)
async def registreer_aanbieder(
    body: AanbiederRequest, principal: Inkoper, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    command = domain.RegistreerAanbieder(new_event_id(), body.kvk_nummer, body.naam, body.soort, tuple(body.gemeenten))
    idempotency = Idempotency(idempotency_key, "aanbieder", body)
    return await carry_out(runtime, principal, command, AanbiederResponse, idempotency)


@aanbieders.get(
    "",
    response_model=list[AanbiederResponse],
    summary="Aanbieders working in your gemeenten",
    description="By `kvkNummer` (exact), by `naam` (a part, case-insensitive), or all of them (at most 200, by name).",
)
async def zoek_aanbieders(
    principal: Kiezer,
    runtime: RuntimeDep,
    kvk_nummer: Annotated[str | None, Query(alias="kvkNummer", pattern=r"^\d{8}$", description="KvK number")] = None,
    naam: Annotated[str | None, Query(min_length=2, max_length=200, description="A part of the name")] = None,
) -> Any:
    return await queries.zoek_aanbieders(runtime, principal, kvk_nummer, naam)


@aanbieders.get(
    "/{aanbieder_id}",
    response_model=AanbiederResponse,
    summary="An aanbieder",
    description="404 both when it does not exist and when it works for none of your gemeenten.",
)
async def lees_aanbieder(
    aanbieder_id: Annotated[UUID, Path(description="Aanbieder id")], principal: Kiezer, runtime: RuntimeDep
) -> Any:
    return await queries.lees_aanbieder(runtime, principal, aanbieder_id)


@catalogi.get(
    "/{gemeente}",
    response_model=CatalogusResponse,
    summary="The voorzieningen a gemeente offers",
    description="Its verordening's labels (art. 8a), each mapped to a legal kind with its article, how it is priced "
    "and the kind's legal limits, as they apply on `op` (default today); `eigen` is false where the platform's "
    "default applies. Where this lives: services/trajecten/catalogus.py.",
)
async def lees_catalogus(
    gemeente: Gemeente,
    principal: Kiezer,
    runtime: RuntimeDep,
    op: Annotated[date | None, Query(description="The day it applies to")] = None,
) -> Any:
    check_gemeentecodes([gemeente], principal)
    dag = op or vandaag_in_nederland(utcnow())
    try:
        return await queries.lees_catalogus(runtime, principal, gemeente, dag)
    except OnbekendeVoorziening as exc:
        raise Problem(404, detail=str(exc)) from exc


@catalogi.post(
    "/{gemeente}/versies",
    response_model=CatalogusResponse,
    summary="Enter a version of the gemeente's own catalogue",
    description="The voorzieningen its verordening names from `geldigVanaf` (art. 8a): each label with the legal kind "
    "it maps to, how it is priced, and for a werkervaringsplaats the premie per six months (art. 31 lid 2 j). A "
    "voorziening started on or after that day uses it; one started before keeps the version it started under. A "
    "version with the same `geldigVanaf` replaces that one. Answers the catalogue as it applies from that day. Send "
    "`Idempotency-Key` to retry safely.",
    responses=weigeringen(OngeldigeCatalogus),
)
async def stel_catalogus_vast(
    gemeente: Gemeente,
    body: CatalogusRequest,
    principal: Beheer,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    regels = tuple(
        Catalogusregel(code=r.code, label=r.label, soort=r.soort, kostenwijze=r.kostenwijze, premie=r.premie)
        for r in body.regels
    )
    command = StelCatalogusVast(gemeente, body.geldig_vanaf, body.bron, regels)
    idempotency = Idempotency(idempotency_key, "catalogus", body, gemeente)
    return await carry_out(runtime, principal, command, CatalogusResponse, idempotency)


@voorzieningen.post(
    "",
    status_code=201,
    response_model=VoorzieningResponse,
    summary="Start a voorziening in a klant's plan",
    description="A label of the klant's gemeente's catalogue, at an aanbieder working for that gemeente, within its "
    "kind's first period (werkervaringsplaats 2 years, proefplaats 2 months), priced as the catalogue says (hours × "
    "uurtarief or a vaste prijs). Its cost is committed on `budgetregelId`, a line of the klant's gemeente for the "
    "year it starts, also when the region bought it. By the team responsible for the klant. Send `Idempotency-Key` "
    "to retry safely.",
    responses=weigeringen(OnbekendeVoorziening, budget.VerkeerdeBudgetregel),
)
async def start_voorziening(
    body: VoorzieningRequest, principal: Traject, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    command = domain.StartVoorziening(
        voorziening_id=new_event_id(),
        plan_id=body.plan_id,
        code=body.code,
        aanbieder_id=body.aanbieder_id,
        aanvrager=body.aanvrager,
        inkoop=body.inkoop,
        startdatum=body.startdatum,
        geplande_einddatum=body.geplande_einddatum,
        kosten=domain.KostenIn(body.kosten.uren, body.kosten.uurtarief, body.kosten.vaste_prijs),
        budgetregel_id=body.budgetregel_id,
    )
    idempotency = Idempotency(idempotency_key, "voorziening", body)
    return await carry_out(runtime, principal, command, VoorzieningResponse, idempotency)


@voorzieningen.get(
    "",
    response_model=Page[VoorzieningSamenvatting],
    summary="Voorzieningen in your gemeenten",
    description="Oldest first, cursor-paginated; filter by klant, plan and kind.",
)
async def lijst_voorzieningen(
    principal: Lezer,
    runtime: RuntimeDep,
    klant_id: KlantFilter = None,
    plan_id: Annotated[UUID | None, Query(alias="planId", description="Only this plan's")] = None,
    soort: Annotated[Voorzieningsoort | None, Query(description="Only this kind")] = None,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (CBS codes)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[VoorzieningSamenvatting]:
    check_gemeentecodes(gemeente, principal)
    return await queries.lijst_voorzieningen(
        runtime,
        principal,
        klant_id=klant_id,
        plan_id=plan_id,
        soort=soort,
        gemeenten=gemeente,
        cursor=cursor,
        limit=limit,
    )


@voorzieningen.get(
    "/termijnen",
    response_model=Page[TermijnUit],
    summary="What the law and the plans ask of running trajecten, soonest first",
    description="Evaluaties of plans (art. 44a lid 2), a werkervaringsplaats's evaluatie after 9 months, its end "
    "within 12 months without effect, each premie after 6 months (art. 31 lid 2 j), scholing after 6 months "
    "without startkwalificatie (art. 10a lid 5), and every planned end; `tot` limits the dates.",
)
async def lijst_termijnen(
    principal: Traject,
    runtime: RuntimeDep,
    tot: Annotated[date | None, Query(description="Only dates up to this day")] = None,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (CBS codes)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[TermijnUit]:
    check_gemeentecodes(gemeente, principal)
    return await queries.termijnen(runtime, principal, tot=tot, gemeenten=gemeente, cursor=cursor, limit=limit)


@voorzieningen.get(
    "/{voorziening_id}",
    response_model=VoorzieningResponse,
    summary="A voorziening with its cost, evaluaties, premies and outcome",
    description="404 both when it does not exist and when its gemeente is outside your token.",
)
async def lees_voorziening(voorziening_id: VoorzieningId, principal: Lezer, runtime: RuntimeDep) -> Any:
    return await queries.lees_voorziening(runtime, principal, voorziening_id)


@voorzieningen.post(
    "/{voorziening_id}/verlenging",
    response_model=VoorzieningResponse,
    summary="Extend a voorziening within its legal limits",
    description="Werkervaringsplaats: by at most a year, twice, the second time in another environment, and not past "
    "12 months after an evaluatie without effect (art. 10a); proefplaats: once, by at most 4 months. The extra hours "
    "or price are committed on the same line. Send `Idempotency-Key` to retry safely.",
)
async def verleng_voorziening(
    voorziening_id: VoorzieningId,
    body: VerlengingRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.Verleng(
        body.tot,
        body.andere_omgeving,
        body.extra_uren,
        body.extra_prijs,
        body.motivering,
        voorziening_id=voorziening_id,
    )
    idempotency = Idempotency(idempotency_key, "verlenging", body, voorziening_id)
    return await carry_out(runtime, principal, command, VoorzieningResponse, idempotency)


@voorzieningen.post(
    "/{voorziening_id}/evaluaties",
    response_model=VoorzieningResponse,
    summary="Evaluate a voorziening",
    description="A werkervaringsplaats is evaluated after 9 months; without effect it ends within 12 months of its "
    "start (art. 10a), which the answer's `uiterlijkEinde` and the termijnen show. Send `Idempotency-Key` to retry "
    "safely.",
)
async def evalueer_voorziening(
    voorziening_id: VoorzieningId,
    body: VoorzieningEvaluatieRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.Evalueer(body.evaluatiedatum, body.effect, body.bevindingen, voorziening_id=voorziening_id)
    idempotency = Idempotency(idempotency_key, "evaluatie", body, voorziening_id)
    return await carry_out(runtime, principal, command, VoorzieningResponse, idempotency)


@voorzieningen.post(
    "/{voorziening_id}/kosten",
    response_model=VoorzieningResponse,
    summary="Book the aanbieder's invoice for a month",
    description="Hours at the voorziening's uurtarief, or an amount of its vaste prijs, for a month it ran, realised "
    "on its budget line; never more than is still committed (422: extend it first). Send `Idempotency-Key` to "
    "retry safely.",
)
async def boek_kosten(
    voorziening_id: VoorzieningId,
    body: KostenBoekingRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    maand = date.fromisoformat(body.maand + "-01")
    command = domain.BoekKosten(
        new_event_id(), maand, body.uren, body.bedrag, body.factuur, voorziening_id=voorziening_id
    )
    idempotency = Idempotency(idempotency_key, "kosten", body, voorziening_id)
    return await carry_out(runtime, principal, command, VoorzieningResponse, idempotency)


@voorzieningen.post(
    "/{voorziening_id}/premies",
    response_model=VoorzieningResponse,
    summary="Grant the premie after six months of a werkervaringsplaats",
    description="Art. 31 lid 2 j: after each completed six months of additionele werkzaamheden, at the amount of the "
    "gemeente's catalogue; once per period. Booked on the budget line; uitkering pays it with the next betaalrun, "
    "within the yearly maximum, and not to someone under 27 outside the LKS-doelgroep. Send `Idempotency-Key` to "
    "retry safely.",
)
async def ken_premie_toe(
    voorziening_id: VoorzieningId,
    body: PremieRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.KenPremieToe(body.halfjaar, voorziening_id=voorziening_id)
    idempotency = Idempotency(idempotency_key, "premie", body, voorziening_id)
    return await carry_out(runtime, principal, command, VoorzieningResponse, idempotency)


@voorzieningen.post(
    "/{voorziening_id}/beeindiging",
    response_model=VoorzieningResponse,
    summary="End a voorziening with its outcome",
    description="uitstroom_naar_werk, plaatsing, doorstroom, afgerond or uitval (with its reason). What was committed "
    "and not invoiced falls free on the line. Send `Idempotency-Key` to retry safely.",
)
async def beeindig_voorziening(
    voorziening_id: VoorzieningId,
    body: BeeindigingRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.Beeindig(
        body.einddatum, body.uitkomst, body.reden_uitval, body.toelichting, voorziening_id=voorziening_id
    )
    idempotency = Idempotency(idempotency_key, "beeindiging", body, voorziening_id)
    return await carry_out(runtime, principal, command, VoorzieningResponse, idempotency)


COMMANDS = CommandHandlers(
    {
        domain.RegistreerAanbieder: handlers.registreer_aanbieder,
        domain.StartVoorziening: handlers.start,
        domain.Verleng: handlers.volgens_catalogus(domain.verleng),
        domain.Evalueer: handlers.op_voorziening(domain.evalueer),
        domain.BoekKosten: handlers.op_voorziening(domain.boek_kosten),
        domain.KenPremieToe: handlers.volgens_catalogus(domain.ken_premie_toe),
        StelCatalogusVast: handlers.stel_catalogus_vast,
        domain.Beeindig: handlers.op_voorziening(domain.beeindig),
    }
)
