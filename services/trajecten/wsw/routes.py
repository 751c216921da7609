"""Wsw routes: the SW-bedrijf's administration of the zittend bestand, the bestand on a day, and its projection.
Thin: map, call, answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

import httpx
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import PlainTextResponse

from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.csvbestand import csv_tekst
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id, utcnow
from libs.events.http import Problem, check_gemeentecodes
from libs.events.observability import current_correlation_id
from libs.events.openapi import weigeringen
from libs.events.pagination import Cursor, Limit, Page
from libs.events.stamps import vandaag_in_nederland

from .. import klanten
from ..routing import Beleid
from . import domain, handlers, queries, statistiek
from .schemas import (
    BestandResponse,
    DetacheringEindeRequest,
    DetacheringRequest,
    FinancieringRequest,
    GeldResponse,
    MedewerkerRequest,
    MedewerkerResponse,
    ProjectieResponse,
    UitstroomRequest,
    WerkvormRequest,
)

wsw = APIRouter(prefix="/api/v1/wsw", tags=["wsw"], responses=weigeringen(domain.OngeldigeWsw))
MedewerkerId = Annotated[UUID, Path(description="Wsw-medewerker id")]
Gemeente = Annotated[str, Path(pattern=r"^GM\d{4}$", description="CBS code of the betalende gemeente")]
Tot = Annotated[int, Query(ge=2015, le=2100, description="Last year of the projection")]
Vervroegd = Annotated[int, Query(ge=0, le=5, description="Assume leaving this many years before the AOW age (RVU)")]
Van = Annotated[int | None, Query(ge=2015, le=2100, description="First year (default: this year)")]


async def _persoon(request: Request, runtime: Any, klant_id: UUID) -> dict[str, Any]:
    """The person at the source (intake, the BRP's), read with the caller's token for the Wsw, logged there."""
    url = str(getattr(runtime.settings, "intake_url"))  # noqa: B009  (trajecten's Settings has it)
    headers = {"Authorization": request.headers["Authorization"], "X-Correlation-ID": current_correlation_id()}
    try:
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            pad = f"/api/v1/klanten/{klant_id}/persoonsgegevens"
            response = await client.get(pad, params={"doel": "wsw"}, headers=headers)
    except httpx.HTTPError as exc:
        raise Problem(502, detail=f"intake antwoordt niet ({exc.__class__.__name__})") from exc
    if response.status_code in (403, 404, 410):
        raise klanten.KlantOnbekend(f"klant {klant_id} is bij intake niet bekend in uw gemeenten")
    if response.status_code != 200 or not response.json().get("geboortedatum"):
        raise Problem(502, detail=f"intake gaf {response.status_code} zonder geboortedatum")
    persoon: dict[str, Any] = response.json()
    return persoon


@wsw.post(
    "/medewerkers",
    status_code=201,
    response_model=MedewerkerResponse,
    summary="Register a Wsw-medewerker of the zittend bestand",
    description="A geïndiceerde with a Wsw dienstbetrekking on 31-12-2014 at the latest (no inflow since 2015), for "
    "the betalende gemeente, with werkvorm and hours. The person is a klant of intake, the one holder of personal "
    "data: the birth date is read there (purpose `wsw`, logged) and kept only encrypted, for the AOW age on which "
    "the indicatie lapses (Wsw art. 12), so the caller needs a role intake lets read it (klantmanager). Send "
    "`Idempotency-Key` to retry safely.",
    responses=weigeringen(klanten.KlantOnbekend),
)
async def registreer_medewerker(
    request: Request,
    body: MedewerkerRequest,
    principal: Beleid,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    check_gemeentecodes([body.gemeente], principal)
    geboren = date.fromisoformat((await _persoon(request, runtime, body.klant_id))["geboortedatum"])
    command = domain.RegistreerMedewerker(
        new_event_id(),
        body.klant_id,
        body.gemeente,
        body.indienst,
        body.arbeidshandicap,
        body.werkvorm,
        body.uren_per_week,
        geboren,
    )
    idempotency = Idempotency(idempotency_key, "wsw-medewerker", body)
    return await carry_out(runtime, principal, command, MedewerkerResponse, idempotency)


@wsw.get(
    "/medewerkers",
    response_model=Page[MedewerkerResponse],
    summary="The Wsw-medewerkers of your gemeenten",
    description="Everyone registered, also who left (see `uitstroomPer` and the bestand for the AOW age); by id, "
    "cursor-paginated; `gemeente` narrows to some of your gemeenten.",
)
async def lijst_medewerkers(
    principal: Beleid,
    runtime: RuntimeDep,
    gemeente: Annotated[list[str] | None, Query(description="Only these betalende gemeenten (CBS codes)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[MedewerkerResponse]:
    return await queries.lijst_medewerkers(runtime, principal, gemeente, cursor=cursor, limit=limit)


@wsw.get(
    "/medewerkers/{medewerker_id}",
    response_model=MedewerkerResponse,
    summary="A Wsw-medewerker",
    description="Werkvorm over time and recorded outflow; the birth date stays encrypted. 404 outside your gemeenten.",
)
async def lees_medewerker(medewerker_id: MedewerkerId, principal: Beleid, runtime: RuntimeDep) -> Any:
    return await queries.lees_medewerker(runtime, principal, medewerker_id)


@wsw.post(
    "/medewerkers/{medewerker_id}/werkvorm",
    response_model=MedewerkerResponse,
    summary="Another werkvorm or number of hours from a date",
    description="Beschut binnen, groepsdetachering, individuele detachering or begeleid werken; a change is not an "
    "outflow. Send `Idempotency-Key` to retry safely.",
)
async def wijzig_werkvorm(
    medewerker_id: MedewerkerId,
    body: WerkvormRequest,
    principal: Beleid,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.WijzigWerkvorm(body.per, body.werkvorm, body.uren_per_week, medewerker_id=medewerker_id)
    idempotency = Idempotency(idempotency_key, "werkvorm", body, medewerker_id)
    return await carry_out(runtime, principal, command, MedewerkerResponse, idempotency)


@wsw.post(
    "/medewerkers/{medewerker_id}/uitstroom",
    response_model=MedewerkerResponse,
    summary="Record an outflow before the AOW age",
    description="Death, own request, dismissal (art. 6), two years sick, the cao's early exit. Reaching the AOW age "
    "needs no record: the indicatie lapses that day by itself. Send `Idempotency-Key` to retry safely.",
)
async def stroom_uit(
    medewerker_id: MedewerkerId,
    body: UitstroomRequest,
    principal: Beleid,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.StroomUit(body.per, body.reden, medewerker_id=medewerker_id)
    idempotency = Idempotency(idempotency_key, "uitstroom", body, medewerker_id)
    return await carry_out(runtime, principal, command, MedewerkerResponse, idempotency)


@wsw.get(
    "/bestand/{gemeente}",
    response_model=BestandResponse,
    summary="A gemeente's zittend bestand on a day",
    description="Medewerkers before their AOW age and without recorded outflow on `op` (default today), their SE "
    "(hours ÷ 36) and werkvormen. Computed from the encrypted birth dates; only counts leave the service.",
)
async def lees_bestand(
    gemeente: Gemeente,
    principal: Beleid,
    runtime: RuntimeDep,
    op: Annotated[date | None, Query(description="Peildatum")] = None,
) -> Any:
    check_gemeentecodes([gemeente], principal)
    return await queries.lees_bestand(runtime, principal, gemeente, op or vandaag_in_nederland(utcnow()))


@wsw.get(
    "/projectie/{gemeente}",
    response_model=ProjectieResponse,
    summary="A gemeente's zittend bestand projected per year until it is gone",
    description="From `van` (default this year) to `tot` (default 2050): the bestand on 31 December, its "
    "arbeidsjaren, who leaves, and the beschut werk places needed to keep the old Wsw's level (one per three "
    "leavers), under the assumptions the answer lists (docs/trajecten.md#wsw).",
)
async def lees_projectie(
    gemeente: Gemeente,
    principal: Beleid,
    runtime: RuntimeDep,
    tot: Tot = 2050,
    vervroegd: Vervroegd = 0,
    van: Van = None,
) -> Any:
    check_gemeentecodes([gemeente], principal)
    eerste = van or vandaag_in_nederland(utcnow()).year
    return await queries.lees_projectie(runtime, principal, [gemeente], eerste, max(eerste, tot), vervroegd)


@wsw.get(
    "/projectie",
    response_model=ProjectieResponse,
    summary="The region's zittend bestand projected per year",
    description="The same for every gemeente of your token (the region for a regional role) together.",
)
async def lees_regioprojectie(
    principal: Beleid, runtime: RuntimeDep, tot: Tot = 2050, vervroegd: Vervroegd = 0, van: Van = None
) -> Any:
    eerste = van or vandaag_in_nederland(utcnow()).year
    gemeenten = sorted(principal.gemeenten)
    return await queries.lees_projectie(runtime, principal, gemeenten, eerste, max(eerste, tot), vervroegd)


@wsw.post(
    "/medewerkers/{medewerker_id}/detacheringen",
    response_model=MedewerkerResponse,
    summary="A detachering at an inlener",
    description="Individueel or in a groep, at a werkgever of the region's werkgeversloket, for an inleenvergoeding "
    "per hour that does not distort competition (Wsw art. 5); the inleners are billed monthly in the Wsw money. "
    "Send `Idempotency-Key` to retry safely.",
)
async def start_detachering(
    medewerker_id: MedewerkerId,
    body: DetacheringRequest,
    principal: Beleid,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.StartDetachering(
        new_event_id(),
        body.werkgever_id,
        body.soort,
        body.van,
        body.uren_per_week,
        body.tarief_per_uur,
        medewerker_id=medewerker_id,
    )
    idempotency = Idempotency(idempotency_key, "detachering", body, medewerker_id)
    return await carry_out(runtime, principal, command, MedewerkerResponse, idempotency)


@wsw.post(
    "/medewerkers/{medewerker_id}/detacheringen/{detachering_id}/beeindiging",
    response_model=MedewerkerResponse,
    summary="A detachering ends",
    description="With its last day. Send `Idempotency-Key` to retry safely.",
)
async def beeindig_detachering(
    medewerker_id: MedewerkerId,
    detachering_id: Annotated[UUID, Path(description="Detachering id")],
    body: DetacheringEindeRequest,
    principal: Beleid,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.BeeindigDetachering(detachering_id, body.tot, medewerker_id=medewerker_id)
    idempotency = Idempotency(idempotency_key, "detachering-einde", body, detachering_id)
    return await carry_out(runtime, principal, command, MedewerkerResponse, idempotency)


@wsw.put(
    "/geld/{gemeente}/{jaar}",
    response_model=GeldResponse,
    summary="Enter a gemeente's Wsw money for a year",
    description="The rijksbijdrage (from the circulaire) and the wage cost per SE (from the cao SW tables), each with "
    "its source; never derived. Entering it again replaces it. Answers the year's money per month. Send "
    "`Idempotency-Key` to retry safely.",
)
async def stel_geld_vast(
    gemeente: Gemeente,
    jaar: Annotated[int, Path(ge=2015, le=2100, description="Year")],
    body: FinancieringRequest,
    principal: Beleid,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    check_gemeentecodes([gemeente], principal)
    command = domain.StelFinancieringVast(
        gemeente, jaar, body.rijksbijdrage, body.rijksbijdrage_bron, body.loonkosten_per_se, body.loonkosten_bron
    )
    idempotency = Idempotency(idempotency_key, "wsw-geld", body, f"{gemeente}:{jaar}")
    return await carry_out(runtime, principal, command, GeldResponse, idempotency)


@wsw.get(
    "/geld/{gemeente}/{jaar}",
    response_model=GeldResponse,
    summary="A gemeente's Wsw money for a year, per month",
    description="SE, loonkosten, rijksbijdrage, inleenvergoedingen and the subsidietekort per month, to the cent, with "
    "each figure's source (formulas: docs/trajecten.md#wsw).",
)
async def lees_geld(
    gemeente: Gemeente,
    jaar: Annotated[int, Path(ge=2015, le=2100, description="Year")],
    principal: Beleid,
    runtime: RuntimeDep,
) -> Any:
    check_gemeentecodes([gemeente], principal)
    return await queries.lees_geld(runtime, principal, gemeente, jaar)


@wsw.get(
    "/statistiek/{gemeente}/{jaar}/{halfjaar}",
    response_class=PlainTextResponse,
    summary="The half-yearly Statistiek Wsw record per person, as CSV",
    description="Regeling uitvoering Wsw art. 11-12: one record per medewerker in the bestand during the half year, "
    "as on its last day (or the day before the outflow), in the bijlage's field list; the BSN read at intake "
    "(purpose `wsw`), the birth date decrypted, both logged. Fields the platform does not hold (sex, handicap codes, "
    "indicatie dates, doelgroep decision, advice werkvorm, % of contractloon, destination) are empty, for the "
    "SW-bedrijf's HR system to fill; a person erased at intake keeps the record without BSN. Semicolon-separated.",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"}},
)
async def exporteer_statistiek(
    request: Request,
    gemeente: Gemeente,
    jaar: Annotated[int, Path(ge=2015, le=2100, description="Statistiekjaar")],
    halfjaar: Annotated[int, Path(ge=1, le=2, description="1: January to June, 2: July to December")],
    principal: Beleid,
    runtime: RuntimeDep,
) -> PlainTextResponse:
    check_gemeentecodes([gemeente], principal)
    rijen = []
    for klant_id, rij in await queries.statistiek(runtime, principal, gemeente, jaar, halfjaar):
        try:
            bsn = (await _persoon(request, runtime, klant_id))["bsn"]
        except klanten.KlantOnbekend:
            bsn = None  # erased at intake: the record stays, without whom it was about
        rijen.append([{**rij, "bsn": bsn}[k] for k in statistiek.KOLOMMEN])
    tekst = csv_tekst(statistiek.KOLOMMEN, rijen)
    return PlainTextResponse(tekst, media_type="text/csv")


COMMANDS = CommandHandlers(
    {
        domain.StartDetachering: handlers.start_detachering,
        domain.BeeindigDetachering: handlers.op_medewerker(domain.beeindig_detachering),
        domain.StelFinancieringVast: handlers.stel_financiering_vast,
        domain.RegistreerMedewerker: handlers.registreer,
        domain.WijzigWerkvorm: handlers.op_medewerker(domain.wijzig_werkvorm),
        domain.StroomUit: handlers.op_medewerker(domain.stroom_uit),
    }
)
