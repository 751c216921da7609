"""Intake HTTP API: thin routers that build commands, and the command table."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response

from libs.events.auth import NotAuthorized, Principal, Role, requires
from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.contracts.intake import TEAM_PATTERN, Kanaal
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id
from libs.events.http import check_gemeentecodes
from libs.events.inzage import VerwerkingInzage
from libs.events.openapi import weigeringen
from libs.events.pagination import Cursor, Page
from libs.events.pagination import Limit as PageLimit
from libs.events.verwerkingen import verwerkt

from . import brp, domain, handlers, klant, queries, wissing
from .persoonsgegevens import Doel
from .queries import Werklijst, WerklijstItem
from .schemas import (
    AanmeldingRequest,
    AanmeldingResponse,
    BeeindigingRequest,
    CorrectieRequest,
    DiagnoseRequest,
    KlantResponse,
    OpvragingRequest,
    OpvragingResponse,
    OverdrachtHistorie,
    OverdrachtRequest,
    OverdrachtResponse,
    PersoonsgegevensResponse,
    ScreeningRequest,
    VerhuizingRequest,
    VoorstelRequest,
    WeigeringRequest,
    WissingRequest,
    WissingResponse,
    ZoekopdrachtenRequest,
    ZoekopdrachtRequest,
    ZoekresultaatResponse,
    ZoekresultatenResponse,
    ZoektermijnInkortingRequest,
)

aanmeldingen = APIRouter(prefix="/api/v1/aanmeldingen", tags=["aanmeldingen"])
klanten = APIRouter(prefix="/api/v1/klanten", tags=["klanten"])
werklijsten = APIRouter(prefix="/api/v1/werklijsten", tags=["werklijsten"])

Frontoffice = Annotated[Principal, Depends(requires(Role.TOEGANG, Role.KLANTMANAGER))]
Klantmanager = Annotated[Principal, Depends(requires(Role.KLANTMANAGER))]
PersoonsgegevensLezer = Annotated[
    Principal,
    Depends(
        requires(
            Role.TOEGANG,
            Role.KLANTMANAGER,
            Role.UITKERINGSCONSULENT,
            Role.HANDHAVER,
            Role.SOCIAAL_RECHERCHEUR,
        )
    ),
]
Handhaving = Annotated[Principal, Depends(requires(Role.HANDHAVER, Role.SOCIAAL_RECHERCHEUR))]
Backoffice = Annotated[Principal, Depends(requires(Role.UITKERINGSCONSULENT, Role.HANDHAVER))]
Zoeker = Annotated[
    Principal,
    Depends(
        requires(Role.HANDHAVER, Role.SOCIAAL_RECHERCHEUR, Role.UITKERINGSCONSULENT, Role.TOEGANG, Role.KLANTMANAGER)
    ),
]
# Doelbinding of a BSN search: which roles may look for which purpose.
ROLLEN_PER_DOEL = {
    "handhaving": {Role.HANDHAVER.value, Role.SOCIAAL_RECHERCHEUR.value},
    "opsporing": {Role.HANDHAVER.value, Role.SOCIAAL_RECHERCHEUR.value},
    "uitkeringsverstrekking": {Role.UITKERINGSCONSULENT.value},
    "intake": {Role.TOEGANG.value, Role.KLANTMANAGER.value},
}
Beheerder = Annotated[Principal, Depends(requires(Role.BEHEERDER))]
AanmeldingId = Annotated[UUID, Path(description="Aanmelding id")]
KlantId = Annotated[UUID, Path(description="Pseudonymous klant id")]


@aanmeldingen.post(
    "",
    status_code=201,
    response_model=AanmeldingResponse,
    summary="Register an aanmelding",
    description="Registers a question for help from any channel. The BRP is the source: name, birth date and "
    "woonadres are taken from it by BSN, and what was typed is checked (422 `niet-in-brp`, `wijkt-af-van-brp` "
    "naming the fields, without telling what the BRP says; `woont-niet-in-gemeente` when the BRP places the person "
    "elsewhere; 503 when the BRP does not answer). One klant per BSN in the region: a known BSN links to the existing "
    "klant, and counts as a move only because the BRP places the person in this gemeente. `klantBestondAl` is true "
    "only for a klant of your own gemeente(n). A new klant's team is the local team of the gemeente, or "
    "the regional team for the Werkplein. Under 27 asking for income starts the 4-week zoektermijn. Personal "
    "data stays in intake; events carry the klant_id, personal values only encrypted per klant. Send "
    "`Idempotency-Key` to retry safely.",
    responses=weigeringen(brp.NietInBrp, brp.WijktAfVanBrp, brp.WoontNietInGemeente, brp.BrpNietBereikbaar),
)
async def registreer_aanmelding(
    body: AanmeldingRequest,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    p = body.persoon
    command = domain.RegistreerAanmelding(
        gemeente=body.gemeente,
        kanaal=body.kanaal,
        hulpvraag=body.hulpvraag,
        kanaal_referentie=body.kanaal_referentie,
        partner_geboortedatum=body.partner_geboortedatum,
        zoektermijn_uitzondering=body.zoektermijn_uitzondering,
        persoon=domain.Persoon(
            bsn=p.bsn,
            naam=p.naam,
            geboortedatum=p.geboortedatum,
            postcode=p.postcode,
            straat=p.straat,
            huisnummer=p.huisnummer,
            woonplaats=p.woonplaats,
            telefoon=p.telefoon,
            email=p.email,
        ),
    )
    idempotency = Idempotency(idempotency_key, "aanmelding", body)
    return await carry_out(runtime, principal, command, AanmeldingResponse, idempotency)


@aanmeldingen.get(
    "",
    response_model=list[WerklijstItem],
    summary="Find aanmeldingen by the channel's own reference",
    description="A channel that registered an aanmelding finds it again by its own reference (`kanaal` plus "
    "`kanaalReferentie`). Only aanmeldingen in a gemeente of your token are returned; an empty list otherwise.",
)
async def zoek_aanmeldingen(
    principal: Frontoffice,
    runtime: RuntimeDep,
    kanaal: Annotated[Kanaal, Query(description="Channel")],
    kanaal_referentie: Annotated[
        str, Query(alias="kanaalReferentie", min_length=1, max_length=100, description="The channel's reference")
    ],
) -> list[WerklijstItem]:
    return await queries.zoek_aanmeldingen(runtime, principal, kanaal=kanaal.value, referentie=kanaal_referentie)


@aanmeldingen.get(
    "/{aanmelding_id}",
    response_model=AanmeldingResponse,
    summary="Current state of an aanmelding",
    description="404 both when it does not exist and when it belongs to a gemeente outside your token.",
)
async def lees_aanmelding(
    aanmelding_id: AanmeldingId, principal: Frontoffice, runtime: RuntimeDep
) -> AanmeldingResponse:
    return await queries.lees_aanmelding(runtime, principal, aanmelding_id)


@aanmeldingen.post(
    "/{aanmelding_id}/screening",
    response_model=AanmeldingResponse,
    summary="Record a leefgebieden screening",
    description="Scores on the versioned instrument; meervoudige problematiek is derived by the instrument's "
    "rule (at least 2 leefgebieden at 2 or below). Scores travel only encrypted with the klant's key.",
)
async def screen(
    aanmelding_id: AanmeldingId,
    body: ScreeningRequest,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    scores = tuple(body.scores.items())
    command = domain.Screen(instrument_versie=body.instrument_versie, scores=scores, aanmelding_id=aanmelding_id)
    idempotency = Idempotency(idempotency_key, "screening", body, aanmelding_id)
    return await carry_out(runtime, principal, command, AanmeldingResponse, idempotency)


@aanmeldingen.post(
    "/{aanmelding_id}/zoektermijn/inkorting",
    response_model=AanmeldingResponse,
    summary="Let the aanvraag in before the zoektermijn ends",
    description="Art. 41 lid 11 Pw: the college may decide that someone under 27 need not wait the whole 4 weeks. "
    "Recorded as ZoektermijnIngekort with the motivation and article; only a running zoektermijn can be shortened, "
    "never lengthened (409 otherwise).",
)
async def kort_zoektermijn_in(
    aanmelding_id: AanmeldingId,
    body: ZoektermijnInkortingRequest,
    principal: Klantmanager,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.KortZoektermijnIn(per=body.per, motivatie=body.motivatie, aanmelding_id=aanmelding_id)
    idempotency = Idempotency(idempotency_key, "zoektermijn-inkorting", body, aanmelding_id)
    return await carry_out(runtime, principal, command, AanmeldingResponse, idempotency)


@aanmeldingen.post(
    "/{aanmelding_id}/diagnosevoorstel",
    response_model=AanmeldingResponse,
    summary="Let the diagnose rules propose route, uitkering and urgency",
    description="Applies the current versioned rule set to the aanmelding, the screening and the front "
    "office's observation; the proposal carries its reasons and rule-set version (DiagnoseVoorgesteld).",
)
async def vraag_voorstel(
    aanmelding_id: AanmeldingId,
    body: VoorstelRequest,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.VraagVoorstel(kan_direct_werken=body.kan_direct_werken, aanmelding_id=aanmelding_id)
    idempotency = Idempotency(idempotency_key, "diagnosevoorstel", body, aanmelding_id)
    return await carry_out(runtime, principal, command, AanmeldingResponse, idempotency)


@aanmeldingen.post(
    "/{aanmelding_id}/diagnose",
    response_model=AanmeldingResponse,
    summary="Confirm or override the proposed diagnose",
    description="Same route and uitkering as proposed confirms it; anything else needs `motivatie` (422 "
    "without). Route werk starts a 3-month e-dienstverlening period; when it expires without work the "
    "regional team becomes responsible.",
)
async def stel_diagnose_vast(
    aanmelding_id: AanmeldingId,
    body: DiagnoseRequest,
    principal: Klantmanager,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.StelDiagnoseVast(
        route=body.route,
        uitkering_nodig=body.uitkering_nodig,
        motivatie=body.motivatie,
        toelichting=body.toelichting,
        aanmelding_id=aanmelding_id,
    )
    idempotency = Idempotency(idempotency_key, "diagnose", body, aanmelding_id)
    return await carry_out(runtime, principal, command, AanmeldingResponse, idempotency)


@klanten.post(
    "/zoekopdrachten",
    response_model=ZoekresultaatResponse,
    summary="Find the klant behind a BSN, for handhaving, opsporing, uitkeringsverstrekking or intake",
    description="For matching a signal (an Inlichtingenbureau file) to a klant, for the uitkeringsconsulent "
    "who takes an aanvraag of a person the front office registered, or for the front office finding a klant it "
    "serves. Finding is reading: it never moves a klant (only the BRP does). The BSN travels in the body, never in "
    "a URL. "
    "The purpose must be one of the caller's role (403 otherwise). 404 when no klant with this BSN lives in your "
    "gemeenten; another gemeente's klant is never disclosed. Every search that finds a klant, and every refused "
    "one, is logged with its purpose.",
)
async def zoek_klant(body: ZoekopdrachtRequest, principal: Zoeker, runtime: RuntimeDep) -> ZoekresultaatResponse:
    if principal.roles.isdisjoint(ROLLEN_PER_DOEL[body.doel]):
        raise NotAuthorized(f"met uw rol zoekt u niet voor {body.doel}")
    return ZoekresultaatResponse(klant_id=await handlers.zoek_klant(runtime, principal, body.bsn, body.doel))


@klanten.post(
    "/zoekopdrachten/reeksen",
    response_model=ZoekresultatenResponse,
    summary="Find the klanten behind many BSNs at once, for handhaving or opsporing",
    description="For matching a whole Inlichtingenbureau file: up to 1,000 BSNs in the body (never in a URL), "
    "answered with the ones that are klanten of your gemeenten; any other BSN is simply absent, whether unknown or "
    "another gemeente's (never told apart), and a 404 when none is. Every klant found is logged with its purpose. "
    "Nothing is created: 200.",
)
async def zoek_klanten(
    body: ZoekopdrachtenRequest, principal: Handhaving, runtime: RuntimeDep
) -> ZoekresultatenResponse:
    return await queries.zoek_klanten(runtime, principal, body.bsns, body.doel)


@klanten.post(
    "/opvragingen",
    response_model=OpvragingResponse,
    summary="Personal data of many klanten at once, for a stated purpose",
    description="For a back office that needs the BSN of a whole betaalrun (the payroll export): up to 1,000 klant "
    "ids in one request, answered with what the BRP says of each (no contact data). A klant that is unknown, "
    "erased or not yours is listed in `nietGevonden` (the three never told apart), so one erased klant never stops "
    "a whole export; 404 when none of them is yours. Every klant read is logged "
    "with its purpose in the Logboek Dataverwerkingen, as a single read would be. Nothing is created: 200.",
)
async def vraag_op(body: OpvragingRequest, principal: Backoffice, runtime: RuntimeDep) -> OpvragingResponse:
    return await queries.vraag_op(runtime, principal, body.klant_ids, body.doel)


@klanten.get(
    "/{klant_id}",
    response_model=KlantResponse,
    summary="Responsible team, open overdracht and e-dienstverlening of a klant",
    description="Who is responsible for the klant now, the overdracht waiting for an answer (if any) and the end of "
    "the e-dienstverlening period. 404 when the klant is unknown or lives outside the gemeenten of your token.",
)
async def lees_klant(klant_id: KlantId, principal: Frontoffice, runtime: RuntimeDep) -> KlantResponse:
    return await queries.lees_klant(runtime, principal, klant_id)


@klanten.get(
    "/{klant_id}/overdrachten",
    response_model=list[OverdrachtHistorie],
    summary="Every warme overdracht of a klant and how it ended",
    description="Oldest first: from which team to which, the next step, and whether it was accepted, refused "
    "(with the reason), expired or is still open. 404 when the klant is not visible in your gemeenten.",
)
async def overdrachten(klant_id: KlantId, principal: Frontoffice, runtime: RuntimeDep) -> list[OverdrachtHistorie]:
    return await queries.overdrachten(runtime, principal, klant_id)


@klanten.get(
    "/{klant_id}/persoonsgegevens",
    response_model=PersoonsgegevensResponse,
    summary="Personal data at the source, for a stated purpose",
    description="Every read, and every refused read, is logged after the Logboek Dataverwerkingen standard: "
    "the processing activity follows the stated purpose (`doel`). Matchers and employers' advisers never get "
    "personal data.",
    dependencies=[verwerkt("intake-persoonsgegevens-raadplegen-{doel}", "klant_id")],
)
async def lees_persoonsgegevens(
    klant_id: KlantId,
    principal: PersoonsgegevensLezer,
    runtime: RuntimeDep,
    doel: Annotated[Doel, Query(description="Why you need the data (doelbinding); recorded with the access")],
) -> PersoonsgegevensResponse:
    return await queries.lees_persoonsgegevens(runtime, principal, klant_id, doel)


@klanten.post(
    "/{klant_id}/persoonsgegevens/correcties",
    response_model=PersoonsgegevensResponse,
    summary="Correct personal data",
    description="Recorded as PersoonsgegevensGecorrigeerd (the new values encrypted); history keeps the old. "
    "Logged in the Logboek Dataverwerkingen, a replayed answer too (it hands the data out again).",
    dependencies=[verwerkt("intake-persoonsgegevens-corrigeren", "klant_id")],
)
async def corrigeer(
    klant_id: KlantId,
    body: CorrectieRequest,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    wijzigingen = body.model_dump(exclude={"reden"}, exclude_none=True)
    command = domain.Correctie(reden=body.reden, wijzigingen=tuple(sorted(wijzigingen.items())), klant_id=klant_id)
    idempotency = Idempotency(idempotency_key, "correctie", body, klant_id)
    return await carry_out(runtime, principal, command, PersoonsgegevensResponse, idempotency)


@klanten.get(
    "/{klant_id}/verwerkingen",
    response_model=Page[VerwerkingInzage],
    summary="Right of access (AVG art. 15): how intake processed a klant's personal data",
    description="Which processing activities touched the klant's personal data in intake, when, for what purpose "
    "and on what legal basis, oldest first; never who. Refused reads are included. Matching answers the same "
    "for its profiles at GET /kandidaten/{klant_id}/verwerkingen. This inzage is itself logged.",
    dependencies=[verwerkt("inzage-verwerkingen", "klant_id")],
)
async def verwerkingen_van_klant(
    klant_id: KlantId, principal: Frontoffice, runtime: RuntimeDep, limit: PageLimit = 50, cursor: Cursor = None
) -> Page[VerwerkingInzage]:
    return await queries.verwerkingen_van_klant(runtime, principal, klant_id, cursor, limit)


@klanten.post(
    "/{klant_id}/wissingen",
    response_model=WissingResponse,
    status_code=202,
    summary="Ask to erase a klant's personal data",
    description="At the end of the retention term or on a lawful request (AVG art. 17). Handhaving decides the "
    "request against its holds, in one transaction with any onderzoek being opened: an open onderzoek "
    "(wisblokkade), a running uitkering or an open vordering (AVG art. 17 lid 3 b), and for "
    "`bewaartermijn-verstreken` 10 years since the last of them ended. Only when it allows it is the personal data "
    "removed from intake and every service destroys its key for the klant (PersoonsgegevensGewist), so every "
    "encrypted field reads `gewist` from then on; the history itself stays and replays. 202: follow `Location`. "
    "Send `Idempotency-Key` to retry safely.",
    dependencies=[verwerkt("intake-persoonsgegevens-wissen", "klant_id")],
    responses=weigeringen(klant.AlGewist),
)
async def wis(
    klant_id: KlantId,
    body: WissingRequest,
    principal: Beheerder,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = klant.VraagWissingAan(new_event_id(), body.grond, klant_id=klant_id)
    idempotency = Idempotency(idempotency_key, "wissing", body, klant_id)
    return await carry_out(runtime, principal, command, WissingResponse, idempotency)


@klanten.get(
    "/{klant_id}/wissingen/{verzoek_id}",
    response_model=WissingResponse,
    summary="Where a wisverzoek stands",
    description="Ingediend until handhaving answers, then toegestaan (and uitgevoerd once erased) or geweigerd "
    "with the reason. 404 for a klant outside your gemeenten or a verzoek of another klant.",
)
async def lees_wissing(
    klant_id: KlantId,
    verzoek_id: Annotated[UUID, Path(description="Wisverzoek id")],
    principal: Beheerder,
    runtime: RuntimeDep,
) -> WissingResponse:
    return WissingResponse.model_validate(await wissing.lees_verzoek(runtime, principal, klant_id, verzoek_id))


@klanten.post(
    "/{klant_id}/verhuizingen",
    response_model=KlantResponse,
    summary="Record a move the BRP confirms",
    description="The BRP decides who lives where: the move is checked against the BRP and refused (422 "
    "`woont-niet-in-gemeente`) until the BRP places the klant in `naarGemeente`; intake also finds moves in the BRP "
    "by itself. Within the region it works like a move found at an aanmelding: the new woongemeente sees what the "
    "BRP says, and a local responsibility is offered to the new gemeente's local team as a warme overdracht. Out of "
    "the region it is recorded (KlantVertrokkenUitRegio); the history stays, and new work on the klant (an "
    "overdracht, e-dienstverlening) is refused with a 422 until the klant registers here again.",
    responses=weigeringen(brp.WoontNietInGemeente, brp.BrpNietBereikbaar),
)
async def registreer_verhuizing(
    klant_id: KlantId,
    body: VerhuizingRequest,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = klant.RegistreerVerhuizing(body.naar_gemeente, body.per, klant_id=klant_id)
    idempotency = Idempotency(idempotency_key, "verhuizing", body, klant_id)
    return await carry_out(runtime, principal, command, KlantResponse, idempotency)


@klanten.post(
    "/{klant_id}/overdrachten",
    status_code=201,
    response_model=OverdrachtResponse,
    summary="Offer a warme overdracht (members of the responsible team)",
    description="`regionaal`: from the local team to the regional team. `lokaal`: a terugverwijzing from the "
    "regional team to the woongemeente's local team. The sender stays responsible until the receiver accepts; "
    "the receiver answers within the configured number of working days, or the overdracht is escalated.",
)
async def bied_overdracht_aan(
    klant_id: KlantId,
    body: OverdrachtRequest,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = klant.BiedOverdrachtAan(
        naar=body.naar,
        vervolgstap=body.vervolgstap,
        contactpersoon=body.contactpersoon,
        motivatie=body.motivatie,
        klant_id=klant_id,
    )
    idempotency = Idempotency(idempotency_key, "overdracht", body, klant_id)
    return await carry_out(runtime, principal, command, OverdrachtResponse, idempotency)


@klanten.post(
    "/{klant_id}/overdrachten/{overdracht_id}/acceptatie",
    response_model=KlantResponse,
    summary="Accept an overdracht (members of the receiving team)",
    description="Only members of the receiving team can accept; responsibility moves to them at once. An overdracht "
    "that was already accepted or refused is a 409.",
)
async def accepteer_overdracht(
    klant_id: KlantId,
    overdracht_id: UUID,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = klant.BeantwoordOverdracht(overdracht_id, None, klant_id=klant_id)
    idempotency = Idempotency(idempotency_key, "acceptatie", {}, overdracht_id)
    return await carry_out(runtime, principal, command, KlantResponse, idempotency)


@klanten.post(
    "/{klant_id}/overdrachten/{overdracht_id}/weigering",
    response_model=KlantResponse,
    summary="Refuse an overdracht with a reason (members of the receiving team)",
    description="Responsibility stays with the sending team, which sees the reason on its worklist.",
)
async def weiger_overdracht(
    klant_id: KlantId,
    overdracht_id: UUID,
    body: WeigeringRequest,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = klant.BeantwoordOverdracht(overdracht_id, body.reden, klant_id=klant_id)
    idempotency = Idempotency(idempotency_key, "weigering", body, overdracht_id)
    return await carry_out(runtime, principal, command, KlantResponse, idempotency)


@klanten.post(
    "/{klant_id}/e-dienstverlening/beeindiging",
    response_model=KlantResponse,
    summary="End e-dienstverlening early, e.g. work found (responsible team)",
    description="Ends the running e-dienstverlening period before its last day, with a reason. Only the responsible "
    "team can do this; a klant without a running period is a 409.",
)
async def beeindig_e_dienstverlening(
    klant_id: KlantId,
    body: BeeindigingRequest,
    principal: Frontoffice,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = klant.BeeindigEDienstverlening(body.reden, klant_id=klant_id)
    idempotency = Idempotency(idempotency_key, "e-dienstverlening", body, klant_id)
    return await carry_out(runtime, principal, command, KlantResponse, idempotency)


@werklijsten.get(
    "/{werklijst}",
    response_model=Page[WerklijstItem],
    summary="Worklists: open aanmeldingen, diagnoses to confirm, pending overdrachten, escalations",
    description="Oldest first, cursor-paginated, limited to the gemeenten in your token (and to one team if "
    "given: for overdrachten and escalations the team that must act).",
)
async def werklijst(
    werklijst: Werklijst,
    principal: Frontoffice,
    runtime: RuntimeDep,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (within your token)")] = None,
    team: Annotated[str | None, Query(pattern=TEAM_PATTERN, description="`regionaal` or `lokaal:GM0014`")] = None,
    limit: PageLimit = 50,
    cursor: Cursor = None,
) -> Page[WerklijstItem]:
    check_gemeentecodes(gemeente, principal)
    return await queries.werklijst(
        runtime, principal, werklijst, gemeenten=gemeente, team=team, cursor=cursor, limit=limit
    )


COMMANDS = CommandHandlers(
    {
        domain.RegistreerAanmelding: handlers.registreer_aanmelding,
        domain.Screen: handlers.screen,
        domain.KortZoektermijnIn: handlers.kort_zoektermijn_in,
        domain.VraagVoorstel: handlers.vraag_voorstel,
        domain.StelDiagnoseVast: handlers.stel_diagnose_vast,
        domain.Correctie: handlers.corrigeer_persoonsgegevens,
        klant.RegistreerVerhuizing: handlers.registreer_verhuizing,
        klant.BiedOverdrachtAan: handlers.bied_overdracht_aan,
        klant.BeantwoordOverdracht: handlers.beantwoord_overdracht,
        klant.BeeindigEDienstverlening: handlers.beeindig_e_dienstverlening,
        klant.VraagWissingAan: wissing.vraag_wissing_aan,
    }
)
