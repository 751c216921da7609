"""Aanvraag to einde: the aanvraag, the worklist, voorschot and besluit, inkomsten, household, accounts, opschorting."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import HTMLResponse

from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.contracts.uitkering import Huishouden, InkomenBron, Medebewoner, Vermogensbestanddeel
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id, utcnow
from libs.events.http import check_gemeentecodes
from libs.events.inzage import VerwerkingInzage
from libs.events.pagination import Cursor, KlantFilter, Limit, Page

from ..berekening import Geboortedata
from ..handlers import op_uitkering
from ..routing import GEWIST, Consulent, Dossierlezer, Lezer, UitkeringId
from ..schemas import Periode, UitkeringResponse, periode_datum
from . import domain, handlers, queries, recht
from .domain import Beeindig, DienAanvraagIn, Hervat, LegRekeningVast, NeemBesluit, SchortOp, VerleenVoorschot
from .recht import GeefInkomstenOp, WijzigHuishouden
from .schemas import (
    AanvraagRequest,
    AanvraagSamenvatting,
    BeeindigingRequest,
    BesluitRequest,
    HuishoudenIn,
    HuishoudenRequest,
    InkomstenRequest,
    MaandResponse,
    RedenRequest,
    RekeningRequest,
    Status,
    UitkeringSamenvatting,
    VoorschotRequest,
)

aanvragen = APIRouter(prefix="/api/v1/aanvragen", tags=["aanvragen"], responses=GEWIST)


uitkeringen = APIRouter(prefix="/api/v1/uitkeringen", tags=["uitkeringen"], responses=GEWIST)


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
    )
    return await carry_out(
        runtime, principal, command, UitkeringResponse, Idempotency(idempotency_key, "aanvraag", body)
    )


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
    return await queries.werklijst(
        runtime, principal, gemeenten=gemeente, vandaag=utcnow().date(), cursor=cursor, limit=limit
    )


@uitkeringen.get(
    "",
    response_model=Page[UitkeringSamenvatting],
    summary="Every aanvraag and uitkering with its status",
    description="In your gemeenten, by id; filter on the status (aangevraagd, toegekend, afgewezen, beeindigd) or "
    "the klant. `opgeschort` marks a toegekende uitkering whose payment is suspended.",
)
async def lijst_uitkeringen(
    principal: Dossierlezer,
    runtime: RuntimeDep,
    status: Annotated[Status | None, Query(description="Only this status")] = None,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (CBS codes)")] = None,
    klant_id: KlantFilter = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[UitkeringSamenvatting]:
    check_gemeentecodes(gemeente, principal)
    return await queries.uitkeringen(
        runtime, principal, gemeenten=gemeente, status=status, klant_id=klant_id, cursor=cursor, limit=limit
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
    command = VerleenVoorschot(periode_datum(body.periode), uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "voorschot", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


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
    command = NeemBesluit(
        body.ingangsdatum, body.motivering, body.reden_terugwerkende_kracht, uitkering_id=uitkering_id
    )
    idempotency = Idempotency(idempotency_key, "besluit", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


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
    command = LegRekeningVast(
        "", body.uitbetaling, body.partner is not None, rekeningen=rekeningen, uitkering_id=uitkering_id
    )
    idempotency = Idempotency(idempotency_key, "rekening", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


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
        van=body.van,
        uitkering_id=uitkering_id,
    )
    idempotency = Idempotency(idempotency_key, "inkomsten", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


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
    command = WijzigHuishouden(body.per, huishouden, geboortedata, "", body.reden, uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "huishouden", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


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
    command = SchortOp(body.reden, "art. 40 lid 2", uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "opschorting", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


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
    command = Hervat(body.reden, uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "hervatting", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


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
    command = Beeindig(body.reden, body.laatste_dag, body.toelichting, uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "beeindiging", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


COMMANDS = CommandHandlers(
    {
        DienAanvraagIn: handlers.dien_aanvraag_in,
        VerleenVoorschot: handlers.verleen_voorschot,
        NeemBesluit: handlers.neem_besluit,
        LegRekeningVast: handlers.leg_rekening_vast,
        GeefInkomstenOp: op_uitkering(recht.geef_inkomsten_op),
        WijzigHuishouden: handlers.wijzig_huishouden,
        SchortOp: op_uitkering(domain.schort_op),
        Hervat: op_uitkering(domain.hervat),
        Beeindig: op_uitkering(domain.beeindig),
    }
)
