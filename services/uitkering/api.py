"""Uitkering HTTP API: aanvraag, besluit, betaalrun, inkomsten. Thin: map the body to a command, call, answer."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import HTMLResponse

from libs.events.auth import Principal, Role, requires
from libs.events.commands import Idempotency, respond
from libs.events.contracts.uitkering import Huishouden, InkomenBron, Medebewoner, Vermogensbestanddeel
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id, utcnow
from libs.events.errors import KetenGebroken
from libs.events.http import check_gemeentecodes
from libs.events.inzage import VerwerkingInzage
from libs.events.openapi import weigeringen
from libs.events.pagination import Cursor, Limit, Page

from . import overzicht, queries, service
from .aanvraag.domain import Beeindig, DienAanvraagIn
from .aanvraag.recht import GeefInkomstenOp, WijzigHuishouden
from .berekening import Geboortedata, GegevensGewist
from .maatregel.domain import BesluitMaatregel, GeefZienswijze, NeemMaatregelVoor, NeemTaaltoetsAf
from .ontheffing.domain import VerleenOntheffing
from .schemas import (
    AanvraagRequest,
    AanvraagSamenvatting,
    BeeindigingRequest,
    BesluitRequest,
    HeronderzoekRequest,
    HeroverwegingRequest,
    HuishoudenIn,
    HuishoudenRequest,
    InkomstenRequest,
    MaandResponse,
    MaatregelBesluitRequest,
    MaatregelRequest,
    OntheffingEindeRequest,
    OntheffingRequest,
    Periode,
    RedenRequest,
    RekeningRequest,
    Status,
    TaaltoetsRequest,
    TerugvorderingRequest,
    UitkeringResponse,
    UitkeringSamenvatting,
    VerzuimRequest,
    VoorschotRequest,
    VorderingRegel,
    VorderingResponse,
    ZienswijzeRequest,
    periode_datum,
)

# A month is computed from the household's birth dates: once they are erased, a recomputation is a 410.
# Every route that folds an uitkering for a decision may find its chain broken (409 keten-gebroken).
GEWIST = weigeringen(GegevensGewist, KetenGebroken)
aanvragen = APIRouter(prefix="/api/v1/aanvragen", tags=["aanvragen"], responses=GEWIST)
uitkeringen = APIRouter(prefix="/api/v1/uitkeringen", tags=["uitkeringen"], responses=GEWIST)

Consulent = Annotated[Principal, Depends(requires(Role.UITKERINGSCONSULENT))]
# DESIGN §5: the klantmanager (regional) sees where an uitkering stands, the handhaver reads it all locally.
Lezer = Annotated[Principal, Depends(requires(Role.UITKERINGSCONSULENT, Role.HANDHAVER, Role.KLANTMANAGER))]
Dossierlezer = Annotated[Principal, Depends(requires(Role.UITKERINGSCONSULENT, Role.HANDHAVER))]
UitkeringId = Annotated[UUID, Path(description="Uitkering id (the aanvraag's id)")]
BetaalrunId = Annotated[UUID, Path(description="Betaalrun id")]
MaatregelId = Annotated[UUID, Path(description="Maatregel id")]
VorderingId = Annotated[UUID, Path(description="Vordering id")]

_PDF_NIET = "The HTML is rendered from the decision event on every request; print it from the browser."


def _huishouden(body: HuishoudenIn) -> tuple[Huishouden, Geboortedata]:
    huishouden = Huishouden(
        leefvorm=body.leefvorm,
        kinderen=body.kinderen,
        kind_onder_12=body.kind_onder_12,
        medebewoners=[
            Medebewoner(status=m.status, familie_eerste_of_tweede_graad=m.familie_eerste_of_tweede_graad)
            for m in body.medebewoners
        ],
        partner_heeft_recht=body.partner_heeft_recht,
        aangetoond=body.aangetoond,
        medisch_urenbeperkt=body.medisch_urenbeperkt,
        overig_inkomen_per_maand=body.overig_inkomen_per_maand,
        ouders_onderhoud_ontbreekt=body.ouders_onderhoud_ontbreekt,
        inrichting=body.inrichting,
        inrichting_verhoging=body.inrichting_verhoging,
    )
    geboortedata = Geboortedata(
        aanvrager=body.geboortedatum,
        partner=body.partner_geboortedatum,
        medebewoners=tuple(m.geboortedatum for m in body.medebewoners),
    )
    return huishouden, geboortedata


@aanvragen.post(
    "",
    status_code=201,
    response_model=UitkeringResponse,
    summary="File an aanvraag algemene bijstand",
    description="The klant must be known from intake in this gemeente. While the zoektermijn of a person under 27 "
    "runs, the aanvraag is refused with art. 41 lid 4 and the date it ends (422). The beslistermijn (Awb 4:13) and "
    "the voorschot date (art. 52) start. Birth dates are stored encrypted with the klant's key. Send "
    "`Idempotency-Key` to retry safely.",
)
async def dien_aanvraag_in(
    body: AanvraagRequest, principal: Consulent, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    huishouden, geboortedata = _huishouden(body.huishouden)
    command = DienAanvraagIn(
        uitkering_id=new_event_id(),
        klant_id=body.klant_id,
        gemeente=body.gemeente,
        meldingsdatum=body.meldingsdatum,
        aanvraagdatum=body.aanvraagdatum,
        huishouden=huishouden,
        geboortedata=geboortedata,
        persoonlijk="",
        vermogen=tuple(Vermogensbestanddeel(omschrijving=v.omschrijving, bedrag=v.bedrag) for v in body.vermogen),
        woning_overwaarde=body.woning_overwaarde,
        op=utcnow(),
    )
    idempotency = Idempotency(idempotency_key, "aanvraag", body)
    return respond(await service.dien_aanvraag_in(runtime, principal, command, idempotency), UitkeringResponse)


@aanvragen.get(
    "",
    response_model=Page[AanvraagSamenvatting],
    summary="Worklist of open aanvragen by beslistermijn",
    description="Aanvragen without a besluit, the nearest beslistermijn first, with whether a voorschot is due "
    "(art. 52: 4 weeks after the aanvraag) and whether the 8 weeks of Awb 4:13 have passed.",
)
async def werklijst(
    principal: Dossierlezer,
    runtime: RuntimeDep,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (CBS codes)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[AanvraagSamenvatting]:
    check_gemeentecodes(gemeente, principal)
    return await overzicht.werklijst(
        runtime, principal, gemeenten=gemeente, vandaag=utcnow().date(), cursor=cursor, limit=limit
    )


@uitkeringen.get(
    "",
    response_model=Page[UitkeringSamenvatting],
    summary="Every aanvraag and uitkering with its status",
    description="In your gemeenten, by id; filter on the status (aangevraagd, toegekend, afgewezen, beeindigd). "
    "`opgeschort` marks a toegekende uitkering whose payment is suspended.",
)
async def lijst_uitkeringen(
    principal: Dossierlezer,
    runtime: RuntimeDep,
    status: Annotated[Status | None, Query(description="Only this status")] = None,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (CBS codes)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[UitkeringSamenvatting]:
    check_gemeentecodes(gemeente, principal)
    return await overzicht.uitkeringen(
        runtime, principal, gemeenten=gemeente, status=status, cursor=cursor, limit=limit
    )


@aanvragen.post(
    "/{uitkering_id}/voorschot",
    response_model=UitkeringResponse,
    summary="Grant a voorschot for a month",
    description="Art. 52: when the right is not set 4 weeks after the aanvraag, at least 95% of the expected "
    "bijstand, unless the facts clearly give no right (422). The next betaalrun pays it; it is set off against "
    "the first months paid after the toekenning. Send `Idempotency-Key` to retry safely.",
)
async def verleen_voorschot(
    uitkering_id: UitkeringId,
    body: VoorschotRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    idempotency = Idempotency(idempotency_key, "voorschot", body, uitkering_id)
    answer = await service.verleen_voorschot(runtime, principal, uitkering_id, periode_datum(body.periode), idempotency)
    return respond(answer, UitkeringResponse)


@aanvragen.post(
    "/{uitkering_id}/besluit",
    response_model=UitkeringResponse,
    summary="Decide on the aanvraag",
    description="Toekenning when vermogen (art. 34) and inkomen leave a right, otherwise afwijzing; either is a "
    "beschikking event with grounds, the first month's calculation and the bezwaar term (Awb 6:7). The ingangsdatum "
    "is not before the melding unless `redenTerugwerkendeKracht` is given, and then at most 3 months before it "
    "(art. 44 lid 5). Send `Idempotency-Key` to retry safely.",
)
async def neem_besluit(
    uitkering_id: UitkeringId,
    body: BesluitRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    idempotency = Idempotency(idempotency_key, "besluit", body, uitkering_id)
    answer = await service.neem_besluit(
        runtime,
        principal,
        uitkering_id,
        body.ingangsdatum,
        body.motivering,
        body.reden_terugwerkende_kracht,
        idempotency,
    )
    return respond(answer, UitkeringResponse)


@uitkeringen.get(
    "/{uitkering_id}",
    response_model=UitkeringResponse,
    summary="An aanvraag or uitkering",
    description="Status, terms, ingangsdatum and the months paid; no amounts or personal data. 404 both when it "
    "does not exist and when its gemeente is outside your token. Every read is logged (Logboek Dataverwerkingen).",
)
async def lees_uitkering(uitkering_id: UitkeringId, principal: Lezer, runtime: RuntimeDep) -> Any:
    return await queries.lees_uitkering(runtime, principal, uitkering_id)


@uitkeringen.get(
    "/{uitkering_id}/verwerkingen",
    response_model=Page[VerwerkingInzage],
    summary="Right of access (AVG art. 15): how uitkering processed the klant's data",
    description="Which processing activities of uitkering touched the data of the klant behind this uitkering "
    "(reading it, computing a month, the payment file, the payroll export), when, for what purpose and on what "
    "legal basis, oldest first; never who. Intake answers the same for personal data at "
    "GET /klanten/{klant_id}/verwerkingen. This inzage is itself logged.",
)
async def verwerkingen_van_uitkering(
    uitkering_id: UitkeringId, principal: Lezer, runtime: RuntimeDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[VerwerkingInzage]:
    return await queries.verwerkingen_van_uitkering(runtime, principal, uitkering_id, cursor, limit)


@uitkeringen.get(
    "/{uitkering_id}/maanden/{periode}",
    response_model=MaandResponse,
    summary="A month's amount explained, component by component",
    description="From the facts as now known: every norm part, income and vrijlating with its article, the rule "
    "set and the inputs used; beside it the month as paid (unchanged) and the herberekeningen after late facts.",
)
async def maand(
    uitkering_id: UitkeringId,
    periode: Annotated[Periode, Path(description="The month, YYYY-MM")],
    principal: Dossierlezer,
    runtime: RuntimeDep,
) -> MaandResponse:
    return await queries.maand(runtime, principal, uitkering_id, periode_datum(periode))


@uitkeringen.get(
    "/{uitkering_id}/beschikking",
    response_class=HTMLResponse,
    summary="The beschikking as a printable Dutch page",
    description="Rendered from the decision event, never stored as text. 409 before the besluit. " + _PDF_NIET,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}, "description": "The beschikking"}},
)
async def beschikking(uitkering_id: UitkeringId, principal: Dossierlezer, runtime: RuntimeDep) -> HTMLResponse:
    return HTMLResponse(await queries.beschikking_html(runtime, principal, uitkering_id))


@uitkeringen.put(
    "/{uitkering_id}/rekening",
    response_model=UitkeringResponse,
    summary="Record the bank account(s)",
    description="IBANs are checked (python-stdnum) and stored encrypted with the klant's key. `verdeeld` pays half "
    "to each partner (art. 45 lid 4); `aanvrager` or `partner` pays all to one on their joint request. Send "
    "`Idempotency-Key` to retry safely.",
)
async def leg_rekening_vast(
    uitkering_id: UitkeringId,
    body: RekeningRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    rekeningen = {
        "aanvrager": body.aanvrager.model_dump(),
        "partner": body.partner.model_dump() if body.partner else None,
    }
    idempotency = Idempotency(idempotency_key, "rekening", body, uitkering_id)
    answer = await service.leg_rekening_vast(
        runtime, principal, uitkering_id, rekeningen, body.uitbetaling, idempotency
    )
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/inkomsten",
    response_model=UitkeringResponse,
    summary="Record an inkomstenopgave for a month",
    description="A later opgave for the same month, werkgever and earner (`van`: aanvrager or partner, each with "
    "their own vrijlating) replaces the earlier one. A month already paid is "
    "recalculated (one herberekening event per month with the difference); when income from work covers the norm "
    "the uitkering ends with reden `werk`. Send `Idempotency-Key` to retry safely.",
)
async def geef_inkomsten_op(
    uitkering_id: UitkeringId,
    body: InkomstenRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = GeefInkomstenOp(
        periode=periode_datum(body.periode),
        werkgever=body.werkgever,
        uren=body.uren,
        bruto=body.bruto,
        netto=body.netto,
        loonstrook_van=body.loonstrook_van,
        loonstrook_tot=body.loonstrook_tot,
        bron=InkomenBron.OPGAVE,
        op=utcnow(),
        van=body.van,
    )
    idempotency = Idempotency(idempotency_key, "inkomsten", body, uitkering_id)
    answer = await service.geef_inkomsten_op(runtime, principal, uitkering_id, command, idempotency)
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/huishoudwijzigingen",
    response_model=UitkeringResponse,
    summary="Record a household change from a date",
    description="Also for a date in the past: every month already paid from then on is recalculated, and the "
    "original payments stay as they were. Send `Idempotency-Key` to retry safely.",
)
async def wijzig_huishouden(
    uitkering_id: UitkeringId,
    body: HuishoudenRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    huishouden, geboortedata = _huishouden(body.huishouden)
    command = WijzigHuishouden(body.per, huishouden, geboortedata, "", body.reden, utcnow())
    idempotency = Idempotency(idempotency_key, "huishouden", body, uitkering_id)
    answer = await service.wijzig_huishouden(runtime, principal, uitkering_id, command, idempotency)
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/opschorting",
    response_model=UitkeringResponse,
    summary="Suspend payment while the woonplaats is in doubt",
    description="Art. 40 lid 2: the betaalrun skips the uitkering until it is resumed; then the months held back "
    "are paid. Send `Idempotency-Key` to retry safely.",
)
async def schort_op(
    uitkering_id: UitkeringId,
    body: RedenRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    idempotency = Idempotency(idempotency_key, "opschorting", body, uitkering_id)
    return respond(
        await service.schort_op(runtime, principal, uitkering_id, body.reden, idempotency), UitkeringResponse
    )


@uitkeringen.post(
    "/{uitkering_id}/hervatting",
    response_model=UitkeringResponse,
    summary="Resume payment",
    description="The next betaalrun pays the months held back. Send `Idempotency-Key` to retry safely.",
)
async def hervat(
    uitkering_id: UitkeringId,
    body: RedenRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    idempotency = Idempotency(idempotency_key, "hervatting", body, uitkering_id)
    return respond(await service.hervat(runtime, principal, uitkering_id, body.reden, idempotency), UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/beeindiging",
    response_model=UitkeringResponse,
    summary="End the uitkering after a day",
    description="Months paid after the last day are recalculated (te veel betaald). The reserved vakantietoeslag is "
    "paid by a betaalrun within 3 months (art. 45 lid 1). Send `Idempotency-Key` to retry safely.",
)
async def beeindig(
    uitkering_id: UitkeringId,
    body: BeeindigingRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = Beeindig(body.reden, body.laatste_dag, body.toelichting, utcnow())
    idempotency = Idempotency(idempotency_key, "beeindiging", body, uitkering_id)
    return respond(await service.beeindig(runtime, principal, uitkering_id, command, idempotency), UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/maatregelen",
    response_model=UitkeringResponse,
    summary="Intend a maatregel for a breach of an obligation",
    description="The voornemen (Awb 4:8) with the zienswijze term of the gemeente's verordening; the besluit comes "
    "after the zienswijze or the term. The new maatregel is in `maatregelen`. Send `Idempotency-Key` to retry safely.",
)
async def neem_maatregel_voor(
    uitkering_id: UitkeringId,
    body: MaatregelRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = NeemMaatregelVoor(
        new_event_id(), body.verplichting, body.feitdatum, body.omschrijving, utcnow().date(), utcnow()
    )
    idempotency = Idempotency(idempotency_key, "maatregel", body, uitkering_id)
    answer = await service.neem_maatregel_voor(runtime, principal, uitkering_id, command, idempotency)
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/maatregelen/{maatregel_id}/zienswijze",
    response_model=UitkeringResponse,
    summary="Record the klant's zienswijze",
    description="Hoorplicht (Awb 4:8); dringende redenen tailor the maatregel (art. 18 lid 10). Send "
    "`Idempotency-Key` to retry safely.",
)
async def geef_zienswijze(
    uitkering_id: UitkeringId,
    maatregel_id: MaatregelId,
    body: ZienswijzeRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = GeefZienswijze(maatregel_id, body.zienswijze, body.dringende_redenen, utcnow())
    idempotency = Idempotency(idempotency_key, "zienswijze", body, maatregel_id)
    answer = await service.geef_zienswijze(runtime, principal, uitkering_id, command, idempotency)
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/maatregelen/{maatregel_id}/besluit",
    response_model=UitkeringResponse,
    summary="Decide on the maatregel",
    description="409 while the zienswijze term runs without a zienswijze. Without verwijtbaarheid no maatregel "
    "(art. 18 lid 9). For art. 18 lid 4: 100% for the verordening's months, longer on recidive within 12 months "
    "(lid 6-8), spread over up to 3 months with at least a third in the first (lid 5), starting in the first month "
    "not yet paid; heroverweging within 3 months (lid 3). The betaalrun lowers those months and the month's "
    "explanation shows it. Send `Idempotency-Key` to retry safely.",
)
async def besluit_maatregel(
    uitkering_id: UitkeringId,
    maatregel_id: MaatregelId,
    body: MaatregelBesluitRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = BesluitMaatregel(
        maatregel_id=maatregel_id,
        verwijtbaar=body.verwijtbaar,
        spreiden_over=body.spreiden_over,
        afgestemd_percentage=body.afgestemd_percentage,
        motivering=body.motivering,
        vandaag=utcnow().date(),
        op=utcnow(),
        door=principal.sub,
    )
    idempotency = Idempotency(idempotency_key, "maatregelbesluit", body, maatregel_id)
    answer = await service.besluit_maatregel(runtime, principal, uitkering_id, command, idempotency)
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/maatregelen/{maatregel_id}/heroverweging",
    response_model=UitkeringResponse,
    summary="Reconsider a maatregel",
    description="Art. 18 lid 3 (within 3 months, on the `termijnen` worklist) and lid 11. Not maintained, it no "
    "longer lowers months not yet paid. Send `Idempotency-Key` to retry safely.",
)
async def heroverweeg_maatregel(
    uitkering_id: UitkeringId,
    maatregel_id: MaatregelId,
    body: HeroverwegingRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    idempotency = Idempotency(idempotency_key, "heroverweging", body, maatregel_id)
    answer = await service.heroverweeg_maatregel(
        runtime, principal, uitkering_id, maatregel_id, body.gehandhaafd, body.motivering, idempotency
    )
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/taaltoetsen",
    response_model=UitkeringResponse,
    summary="Record a taaltoets",
    description="Art. 18b: not met for lack of effort gives the next step from the next month (20% for 6 months, "
    "40% for 6 months, then 100%), each after the previous one ran; met ends a running reduction. Send "
    "`Idempotency-Key` to retry safely.",
)
async def neem_taaltoets_af(
    uitkering_id: UitkeringId,
    body: TaaltoetsRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = NeemTaaltoetsAf(body.toetsdatum, body.voldaan, body.verwijtbaar, utcnow())
    idempotency = Idempotency(idempotency_key, "taaltoets", body, uitkering_id)
    answer = await service.neem_taaltoets_af(runtime, principal, uitkering_id, command, idempotency)
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/terugvorderingen",
    status_code=201,
    response_model=VorderingResponse,
    summary="Claim back what was paid too much",
    description="A vordering of every paid month's te veel betaald (netto, from the herberekeningen) that no "
    "vordering covers yet, one deelvordering per month; partners are jointly liable (art. 59). `58.1` (after a "
    "breach of art. 17) is set off against running bijstand above the beslagvrije voet (art. 60 lid 3). 422 when "
    "nothing is open. Send `Idempotency-Key` to retry safely.",
)
async def vorder_terug(
    uitkering_id: UitkeringId,
    body: TerugvorderingRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    idempotency = Idempotency(idempotency_key, "terugvordering", body, uitkering_id)
    answer = await service.vorder_terug(
        runtime, principal, uitkering_id, new_event_id(), body.grond, body.aflossing_per_maand, idempotency
    )
    return respond(answer, VorderingResponse)


@uitkeringen.get(
    "/{uitkering_id}/vorderingen",
    response_model=list[VorderingRegel],
    summary="The vorderingen of an uitkering with their saldo",
    description="Terugvorderingen and boetes, oldest first, each with its saldo now; the ledger of one is at "
    "GET /vorderingen/{vordering_id}. Logged like a read of the calculation.",
)
async def vorderingen_van(uitkering_id: UitkeringId, principal: Dossierlezer, runtime: RuntimeDep) -> Any:
    return await queries.vorderingen_van(runtime, principal, uitkering_id)


@uitkeringen.post(
    "/{uitkering_id}/ontheffingen",
    response_model=UitkeringResponse,
    summary="Grant an ontheffing of the arbeidsplicht",
    description="Art. 9 lid 2 (dringende redenen), art. 9 lid 5, or art. 9a for a single parent with a child under "
    "5: until the child turns 5 and at most 5 years in total, earlier gemeenten included (422 beyond). Its end is on "
    "the `termijnen` worklist. Send `Idempotency-Key` to retry safely.",
)
async def verleen_ontheffing(
    uitkering_id: UitkeringId,
    body: OntheffingRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = VerleenOntheffing(
        new_event_id(),
        body.grond,
        body.van,
        body.tot,
        body.jongste_kind_vijf_op,
        body.eerder_genoten_dagen,
        body.reden,
        utcnow(),
    )
    idempotency = Idempotency(idempotency_key, "ontheffing", body, uitkering_id)
    answer = await service.verleen_ontheffing(runtime, principal, uitkering_id, command, idempotency)
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/ontheffingen/{ontheffing_id}/beeindiging",
    response_model=UitkeringResponse,
    summary="End an ontheffing early",
    description="Send `Idempotency-Key` to retry safely.",
)
async def beeindig_ontheffing(
    uitkering_id: UitkeringId,
    ontheffing_id: Annotated[UUID, Path(description="Ontheffing id")],
    body: OntheffingEindeRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    idempotency = Idempotency(idempotency_key, "ontheffingeinde", body, ontheffing_id)
    answer = await service.beeindig_ontheffing(
        runtime, principal, uitkering_id, ontheffing_id, body.per, body.reden, idempotency
    )
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/heronderzoeken",
    response_model=UitkeringResponse,
    summary="Record a heronderzoek",
    description="With how it was selected, so the selection stays auditable. The next is due after the verordening's "
    "period, or 6 months while an art. 9a ontheffing runs (lid 8). Send `Idempotency-Key` to retry safely.",
)
async def voer_heronderzoek_uit(
    uitkering_id: UitkeringId,
    body: HeronderzoekRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    idempotency = Idempotency(idempotency_key, "heronderzoek", body, uitkering_id)
    answer = await service.voer_heronderzoek_uit(
        runtime, principal, uitkering_id, body.selectie, body.uitkomst, idempotency
    )
    return respond(answer, UitkeringResponse)


@uitkeringen.post(
    "/{uitkering_id}/verzuim",
    response_model=UitkeringResponse,
    summary="Suspend for missing information",
    description="Art. 54 lid 1: payment stops, with a term to repair of at most 8 weeks; not repaired in time, the "
    "timer withdraws the right from the day of the opschorting (lid 4). `hervatting` resumes it. Send "
    "`Idempotency-Key` to retry safely.",
)
async def schort_op_voor_verzuim(
    uitkering_id: UitkeringId,
    body: VerzuimRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    idempotency = Idempotency(idempotency_key, "verzuim", body, uitkering_id)
    answer = await service.schort_op_voor_verzuim(
        runtime, principal, uitkering_id, body.reden, body.herstel_uiterlijk, idempotency
    )
    return respond(answer, UitkeringResponse)
