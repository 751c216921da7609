"""Beschut werk routes: ask UWV for an advies, the college's decision, the dienstbetrekking, and the taakstelling
with its realisation. Thin: map, call, answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

import httpx
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import PlainTextResponse

from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id
from libs.events.http import Problem, check_gemeentecodes
from libs.events.observability import current_correlation_id
from libs.events.openapi import weigeringen
from libs.events.pagination import Cursor, KlantFilter, Limit, Page

from .. import klanten
from ..routing import Beheer, Beleid, Lezer, Traject
from . import domain, handlers, queries
from .schemas import (
    AdviesaanvraagRequest,
    AdviesaanvraagResponse,
    DienstbetrekkingEindeRequest,
    DienstbetrekkingRequest,
    RealisatieResponse,
    RegioResponse,
    TaakstellingRequest,
    VaststellingRequest,
)

adviesaanvragen = APIRouter(
    prefix="/api/v1/adviesaanvragen",
    tags=["adviesaanvragen"],
    responses=weigeringen(klanten.KlantOnbekend, klanten.NietVerantwoordelijk, domain.OngeldigBeschutWerk),
)
taakstellingen = APIRouter(prefix="/api/v1/taakstellingen", tags=["taakstellingen"])
AanvraagId = Annotated[UUID, Path(description="Adviesaanvraag id")]
Gemeente = Annotated[str, Path(pattern=r"^GM\d{4}$", description="CBS code")]
Jaar = Annotated[int, Path(ge=2015, le=2100, description="Year")]
DOEL = "beschut-werk"


async def _bsn(request: Request, runtime: Any, klant_id: UUID) -> str:
    """The BSN at the source (intake), read with the caller's token for this purpose and logged there."""
    url = str(getattr(runtime.settings, "intake_url"))  # noqa: B009  (trajecten's Settings has it)
    headers = {"Authorization": request.headers["Authorization"], "X-Correlation-ID": current_correlation_id()}
    try:
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            response = await client.get(
                f"/api/v1/klanten/{klant_id}/persoonsgegevens", params={"doel": DOEL}, headers=headers
            )
    except httpx.HTTPError as exc:
        raise Problem(502, detail=f"intake antwoordt niet ({exc.__class__.__name__})") from exc
    if response.status_code in (403, 404, 410):
        raise klanten.KlantOnbekend(f"klant {klant_id} is hier (nog) niet bekend")
    if response.status_code != 200:
        raise Problem(502, detail=f"intake gaf {response.status_code} voor de persoonsgegevens")
    return str(response.json()["bsn"])


@adviesaanvragen.post(
    "",
    status_code=201,
    response_model=AdviesaanvraagResponse,
    summary="Ask UWV for an advies beschut werk",
    description="Pw art. 10b lid 2-3: by the college (or recording that the person asked), from the diagnose or the "
    "plan van aanpak. The BSN is read at intake (purpose `beschut-werk`, logged there) and kept only encrypted with "
    "the request, which trajecten's timer sends to UWV (`verzondenOp` once UWV took it; UWV down loses nothing). UWV "
    "advises within 8 weeks; the advies comes in by itself. By the team responsible for the klant. Send "
    "`Idempotency-Key` to retry safely.",
)
async def vraag_advies_aan(
    request: Request,
    body: AdviesaanvraagRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    bsn = await _bsn(request, runtime, body.klant_id)
    command = domain.VraagAdviesAan(
        new_event_id(), body.klant_id, bsn, body.aangevraagd_door, body.aanleiding, body.nieuwe_feiten
    )
    idempotency = Idempotency(idempotency_key, "adviesaanvraag", body)
    return await carry_out(runtime, principal, command, AdviesaanvraagResponse, idempotency)


@adviesaanvragen.get(
    "",
    response_model=Page[AdviesaanvraagResponse],
    summary="Adviezen beschut werk in your gemeenten",
    description="Oldest first, cursor-paginated; `klantId` narrows to one klant.",
)
async def lijst_adviesaanvragen(
    principal: Lezer,
    runtime: RuntimeDep,
    klant_id: KlantFilter = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[AdviesaanvraagResponse]:
    return await queries.lijst_aanvragen(runtime, principal, klant_id=klant_id, cursor=cursor, limit=limit)


@adviesaanvragen.get(
    "/{aanvraag_id}",
    response_model=AdviesaanvraagResponse,
    summary="An advies beschut werk, the college's decision and the dienstbetrekking",
    description="404 both when it does not exist and when its gemeente is outside your token.",
)
async def lees_adviesaanvraag(aanvraag_id: AanvraagId, principal: Lezer, runtime: RuntimeDep) -> Any:
    return await queries.lees_aanvraag(runtime, principal, aanvraag_id)


@adviesaanvragen.post(
    "/{aanvraag_id}/besluit",
    response_model=AdviesaanvraagResponse,
    summary="The college decides: aangewezen op beschut werk or not",
    description="After UWV's advies (409 before it), following it unless the advies was not made with care: a "
    "different decision names why in `afwijking`. Aangewezen ends the registration in the doelgroepregister the day "
    "after (Besluit SUWI art. 3.2 lid 3). Send `Idempotency-Key` to retry safely.",
    responses=weigeringen(domain.NogGeenAdvies),
)
async def besluit_beschut_werk(
    aanvraag_id: AanvraagId,
    body: VaststellingRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.StelBeschutWerkVast(
        body.aangewezen, body.van, body.tot, body.motivering, body.afwijking, aanvraag_id=aanvraag_id
    )
    idempotency = Idempotency(idempotency_key, "besluit", body, aanvraag_id)
    return await carry_out(runtime, principal, command, AdviesaanvraagResponse, idempotency)


@adviesaanvragen.post(
    "/{aanvraag_id}/dienstbetrekking",
    response_model=AdviesaanvraagResponse,
    summary="The person starts in a beschutte dienstbetrekking",
    description="Within the indicatie (409 without the decision that the person is aangewezen), at the SW-bedrijf "
    "or another employer, with matching's plaatsing carrying the LKS on the loonwaarde (art. 10b lid 9) and the "
    "begeleiding as a voorziening of the klant (lid 7), when named. Send `Idempotency-Key` to retry safely.",
    responses=weigeringen(domain.NietAangewezen),
)
async def start_dienstbetrekking(
    aanvraag_id: AanvraagId,
    body: DienstbetrekkingRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.StartDienstbetrekking(
        new_event_id(),
        body.werkgever,
        body.startdatum,
        body.uren_per_week,
        body.plaatsing_id,
        body.begeleiding_id,
        aanvraag_id=aanvraag_id,
    )
    idempotency = Idempotency(idempotency_key, "dienstbetrekking", body, aanvraag_id)
    return await carry_out(runtime, principal, command, AdviesaanvraagResponse, idempotency)


@adviesaanvragen.post(
    "/{aanvraag_id}/dienstbetrekking/beeindiging",
    response_model=AdviesaanvraagResponse,
    summary="The beschutte dienstbetrekking ends",
    description="With its last day and reason; the person stays aangewezen while the indicatie runs (and so counts on "
    "the waiting list). Send `Idempotency-Key` to retry safely.",
)
async def beeindig_dienstbetrekking(
    aanvraag_id: AanvraagId,
    body: DienstbetrekkingEindeRequest,
    principal: Traject,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.BeeindigDienstbetrekking(body.einddatum, body.reden, aanvraag_id=aanvraag_id)
    idempotency = Idempotency(idempotency_key, "einde", body, aanvraag_id)
    return await carry_out(runtime, principal, command, AdviesaanvraagResponse, idempotency)


@taakstellingen.put(
    "/{gemeente}/{jaar}",
    response_model=RealisatieResponse,
    summary="Enter a gemeente's taakstelling beschut werk for a year",
    description="The number of dienstbetrekkingen to realise at least, ultimo the year, from the regeling (art. 10b "
    "lid 4) or higher by the raad's verordening (lid 5), with its source; never derived. Entering it again replaces "
    "it. Answers the realisation against it. Send `Idempotency-Key` to retry safely.",
)
async def stel_taakstelling_vast(
    gemeente: Gemeente,
    jaar: Jaar,
    body: TaakstellingRequest,
    principal: Beheer,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    check_gemeentecodes([gemeente], principal)
    command = domain.StelTaakstellingVast(gemeente, jaar, body.aantal, body.bron)
    idempotency = Idempotency(idempotency_key, "taakstelling", body, f"{gemeente}:{jaar}")
    return await carry_out(runtime, principal, command, RealisatieResponse, idempotency)


@taakstellingen.get(
    "/{gemeente}/{jaar}",
    response_model=RealisatieResponse,
    summary="A gemeente's beschut werk against its taakstelling",
    description="On `op` (default the year's last day, or today while the year runs): dienstbetrekkingen running, "
    "the waiting list (aangewezen without one), the year's adviezen (positive, negative, open, past UWV's 8 weeks), "
    "and whether the taakstelling is met (then the duty of lid 1 lapses, lid 6).",
)
async def lees_realisatie(
    gemeente: Gemeente,
    jaar: Jaar,
    principal: Beleid,
    runtime: RuntimeDep,
    op: Annotated[date | None, Query(description="Peildatum")] = None,
) -> Any:
    check_gemeentecodes([gemeente], principal)
    return await queries.lees_realisatie(runtime, principal, gemeente, jaar, op)


@taakstellingen.get(
    "",
    response_model=RegioResponse,
    summary="Every gemeente of your region against its taakstelling, and the region's total",
    description="The same figures per gemeente of your token (the region for a regional role), with the sums.",
)
async def lees_regio(
    jaar: Annotated[int, Query(ge=2015, le=2100, description="Year")],
    principal: Beleid,
    runtime: RuntimeDep,
    op: Annotated[date | None, Query(description="Peildatum")] = None,
) -> Any:
    return await queries.lees_regio(runtime, principal, jaar, op)


@taakstellingen.get(
    "/export",
    response_class=PlainTextResponse,
    summary="The region's beschut werk figures as CSV",
    description="Semicolon-separated, one row per gemeente, snake_case columns.",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"}},
)
async def exporteer_regio(
    jaar: Annotated[int, Query(ge=2015, le=2100, description="Year")],
    principal: Beleid,
    runtime: RuntimeDep,
    op: Annotated[date | None, Query(description="Peildatum")] = None,
) -> PlainTextResponse:
    body = await queries.lees_regio(runtime, principal, jaar, op)
    return PlainTextResponse(queries.regio_csv(body), media_type="text/csv")


COMMANDS = CommandHandlers(
    {
        domain.VraagAdviesAan: handlers.vraag_advies_aan,
        domain.StelBeschutWerkVast: handlers.op_aanvraag(domain.stel_vast),
        domain.StartDienstbetrekking: handlers.start_dienstbetrekking,
        domain.BeeindigDienstbetrekking: handlers.op_aanvraag(domain.beeindig_dienstbetrekking),
        domain.StelTaakstellingVast: handlers.stel_taakstelling_vast,
    }
)
