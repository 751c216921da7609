"""Matching HTTP API: the regional pool, profiles, explainable matches, voorstel to plaatsing, caseload."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response

from libs.events.auth import Principal, Role, requires
from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id
from libs.events.http import check_gemeentecodes
from libs.events.inzage import VerwerkingInzage
from libs.events.pagination import Cursor, Page
from libs.events.pagination import Limit as PageLimit
from libs.events.schemas import Plandatum
from libs.events.verwerkingen import verwerkt

from . import bemiddeling, domain, handlers, queries
from .instrumenten import Instrumentaanvraag
from .schemas import (
    AntwoordRequest,
    BeeindigingRequest,
    CaseloadResponse,
    HerijkingRequest,
    KandidaatDetail,
    KandidatenMatches,
    KlantmanagerRegistratie,
    KlantmanagerRequest,
    KlantmanagerResponse,
    NazorgItem,
    NazorgRequest,
    PlaatsingRequest,
    PoolItem,
    ProfielRequest,
    VacaturesMatches,
    VerlengingRequest,
    VoorstelRegel,
    VoorstelRequest,
    VoorstelResponse,
)

kandidaten = APIRouter(prefix="/api/v1/kandidaten", tags=["kandidaten"])
matches = APIRouter(prefix="/api/v1", tags=["matches"])
voorstellen = APIRouter(prefix="/api/v1/voorstellen", tags=["voorstellen"])
caseload = APIRouter(prefix="/api/v1", tags=["caseload"])

Matcher = Annotated[Principal, Depends(requires(Role.MATCHER, Role.KLANTMANAGER, Role.BEHEERDER))]
Profielbeheerder = Annotated[Principal, Depends(requires(Role.MATCHER, Role.KLANTMANAGER))]
Bemiddelaar = Annotated[Principal, Depends(requires(Role.MATCHER, Role.KLANTMANAGER, Role.WERKGEVERSADVISEUR))]
Teamleider = Annotated[Principal, Depends(requires(Role.KLANTMANAGER, Role.BEHEERDER))]
KlantId = Annotated[UUID, Path(description="Pseudonymous klant id")]
VoorstelId = Annotated[UUID, Path(description="Voorstel id")]
Limit = Annotated[int, Query(ge=1, le=100, description="How many results")]


@kandidaten.get(
    "",
    response_model=Page[PoolItem],
    summary="Kandidaten in the regional pool",
    description="Klanten whose primaire diagnose routed them to werk or ontwikkeling and who are with the "
    "regional team, limited to the gemeenten in your token, oldest diagnose first, cursor-paginated.",
)
async def list_kandidaten(
    principal: Matcher,
    runtime: RuntimeDep,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten of the region")] = None,
    zonder_klantmanager: Annotated[
        bool,
        Query(
            alias="zonderKlantmanager",
            description="Only kandidaten without a klantmanager: the worklist of whom to assign (e.g. Werkplein "
            "aanmeldingen, which reach the pool without one)",
        ),
    ] = False,
    limit: PageLimit = 50,
    cursor: Cursor = None,
) -> Page[PoolItem]:
    check_gemeentecodes(gemeente, principal)
    return await queries.kandidaten_pool(runtime, principal, gemeente, cursor, limit, zonder_klantmanager)


@kandidaten.get(
    "/{klant_id}",
    response_model=KandidaatDetail,
    summary="A kandidaat's profile and feedback",
    description="No personal, income or health data: matching never holds them. Every view, and every refused "
    "one, is logged in the Logboek Dataverwerkingen (GET /kandidaten/{klant_id}/verwerkingen shows them).",
    dependencies=[verwerkt("matching-profiel-raadplegen", "klant_id")],
)
async def lees_kandidaat(klant_id: KlantId, principal: Matcher, runtime: RuntimeDep) -> KandidaatDetail:
    return await queries.lees_kandidaat(runtime, principal, klant_id)


@kandidaten.get(
    "/{klant_id}/verwerkingen",
    response_model=Page[VerwerkingInzage],
    summary="Right of access (AVG art. 15): how matching processed a kandidaat's profile",
    description="Which processing activities touched the kandidaat's profile in matching, when, for what purpose "
    "and on what legal basis, oldest first; never who. Intake answers the same for personal data at "
    "GET /klanten/{klant_id}/verwerkingen. This inzage is itself logged.",
    dependencies=[verwerkt("inzage-verwerkingen", "klant_id")],
)
async def verwerkingen_van_kandidaat(
    klant_id: KlantId, principal: Matcher, runtime: RuntimeDep, limit: PageLimit = 50, cursor: Cursor = None
) -> Page[VerwerkingInzage]:
    return await queries.verwerkingen_van_kandidaat(runtime, principal, klant_id, cursor, limit)


@kandidaten.put(
    "/{klant_id}/profiel",
    response_model=KandidaatDetail,
    summary="Record a kandidaat's profile",
    description="Only for kandidaten in the regional pool (409 otherwise). Unknown fields are refused, so "
    "no income or health detail can be stored here.",
)
async def leg_profiel_vast(
    klant_id: KlantId,
    body: ProfielRequest,
    principal: Profielbeheerder,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.LegProfielVast(
        vaardigheden=tuple(body.vaardigheden),
        gewenste_beroepen=tuple(body.gewenste_beroepen),
        uren_min=body.uren_min,
        uren_max=body.uren_max,
        max_reisafstand_km=body.max_reisafstand_km,
        postcodegebied=body.postcodegebied,
        beschikbaar_vanaf=body.beschikbaar_vanaf,
        loonwaarde_indicatie=body.loonwaarde_indicatie,
        doelgroep_banenafspraak=body.doelgroep_banenafspraak,
        klant_id=klant_id,
    )
    idempotency = Idempotency(idempotency_key, "profiel", body, klant_id)
    return await carry_out(runtime, principal, command, KandidaatDetail, idempotency)


@kandidaten.put(
    "/{klant_id}/klantmanager",
    response_model=KandidaatDetail,
    summary="Give a kandidaat another klantmanager",
    description="Assigns the kandidaat to the klantmanager named in the body, with a reason. The klantmanager must "
    "be registered in your gemeenten (PUT /klantmanagers/{klantmanager}); an unknown one is a 404.",
)
async def wijs_klantmanager_toe(
    klant_id: KlantId,
    body: KlantmanagerRequest,
    principal: Teamleider,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.WijsKlantmanagerToe(klantmanager=body.klantmanager, reden=body.reden, klant_id=klant_id)
    idempotency = Idempotency(idempotency_key, "toewijzing", body, klant_id)
    return await carry_out(runtime, principal, command, KandidaatDetail, idempotency)


@kandidaten.get(
    "/{klant_id}/vacatures",
    response_model=VacaturesMatches,
    summary="The best open vacatures for a kandidaat, explained",
    description="Open vacatures with a free position in your gemeenten, best first, each with its score "
    "breakdown and missing skills. Vacatures the kandidaat was already proposed for are left out. The profile "
    "view is logged in the Logboek Dataverwerkingen.",
    dependencies=[verwerkt("matching-profiel-raadplegen", "klant_id")],
)
async def vacatures_voor_kandidaat(
    klant_id: KlantId, principal: Matcher, runtime: RuntimeDep, limit: Limit = 10
) -> VacaturesMatches:
    return await queries.vacatures_voor_kandidaat(runtime, principal, klant_id, limit)


@matches.get(
    "/matches/vacatures/{vacature_id}",
    response_model=KandidatenMatches,
    summary="The best kandidaten for a vacature, explained",
    description="Kandidaten with a profile from every gemeente in your token, best first, each with its score "
    "breakdown (skills, distance, hours, occupation, instruments, banenafspraak, availability) and missing "
    "skills. Left out: kandidaten already placed or already proposed for this vacature. Every profile shown "
    "is logged.",
)
async def kandidaten_voor_vacature(
    vacature_id: Annotated[UUID, Path(description="Vacature id")],
    principal: Matcher,
    runtime: RuntimeDep,
    limit: Limit = 10,
) -> KandidatenMatches:
    return await queries.kandidaten_voor_vacature(runtime, principal, vacature_id, limit)


@voorstellen.post(
    "",
    status_code=201,
    response_model=VoorstelResponse,
    summary="Propose a kandidaat for a vacature",
    description="Records `MatchVoorgesteld` with the score breakdown and the weights in force. 409 when the "
    "kandidaat was proposed for this vacature before, is already placed, or the vacature has no free position. "
    "Send `Idempotency-Key` to retry safely.",
)
async def stel_voor(
    body: VoorstelRequest, principal: Bemiddelaar, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    command = bemiddeling.StelVoor(
        voorstel_id=new_event_id(),
        klant_id=body.klant_id,
        vacature_id=body.vacature_id,
        toelichting=body.toelichting,
    )
    idempotency = Idempotency(idempotency_key, "voorstel", body)
    return await carry_out(runtime, principal, command, VoorstelResponse, idempotency)


@voorstellen.get(
    "",
    response_model=Page[VoorstelRegel],
    summary="Voorstellen for kandidaten of your gemeenten",
    description="Oldest first; filter on the vacature, the kandidaat, the status (`voorgesteld` for those still "
    "waiting for the employer's answer) or who proposed (`voorgesteldDoor`, a token's sub: a matcher's own).",
)
async def lijst_voorstellen(
    principal: Bemiddelaar,
    runtime: RuntimeDep,
    vacature_id: Annotated[UUID | None, Query(alias="vacatureId", description="Only for this vacature")] = None,
    klant_id: Annotated[UUID | None, Query(alias="klantId", description="Only for this kandidaat")] = None,
    status: Annotated[bemiddeling.VoorstelStatus | None, Query(description="Only this status")] = None,
    voorgesteld_door: Annotated[
        str | None, Query(alias="voorgesteldDoor", max_length=200, description="Only those proposed by this sub")
    ] = None,
    limit: PageLimit = 50,
    cursor: Cursor = None,
) -> Page[VoorstelRegel]:
    return await queries.voorstellen(
        runtime,
        principal,
        vacature_id=vacature_id,
        klant_id=klant_id,
        status=status,
        cursor=cursor,
        limit=limit,
        door=voorgesteld_door,
    )


@voorstellen.get(
    "/{voorstel_id}",
    response_model=VoorstelResponse,
    summary="A voorstel with answer, plaatsing, instruments and nazorg",
    description="The voorstel with the score breakdown and weights used when it was made, the employer's answer, and "
    "once placed the plaatsing's instruments with their legal parameters and the nazorg moments.",
)
async def lees_voorstel(voorstel_id: VoorstelId, principal: Bemiddelaar, runtime: RuntimeDep) -> Any:
    return await queries.lees_voorstel(runtime, principal, voorstel_id)


@voorstellen.post(
    "/{voorstel_id}/antwoord",
    response_model=VoorstelResponse,
    summary="Record the employer's answer",
    description="Accepted, or rejected with a reason from the fixed list plus an explanation; the rejection "
    "shows in the kandidaat's record. 409 when already answered.",
)
async def beantwoord(
    voorstel_id: VoorstelId,
    body: AntwoordRequest,
    principal: Bemiddelaar,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = bemiddeling.Beantwoord(
        geaccepteerd=body.geaccepteerd, reden=body.reden, toelichting=body.toelichting, voorstel_id=voorstel_id
    )
    idempotency = Idempotency(idempotency_key, "antwoord", body, voorstel_id)
    return await carry_out(runtime, principal, command, VoorstelResponse, idempotency)


@voorstellen.post(
    "/{voorstel_id}/plaatsing",
    response_model=VoorstelResponse,
    summary="Turn an accepted voorstel into a plaatsing",
    description="Records `PlaatsingGerealiseerd`, one event per instrument with its legal parameters "
    "(loonkostensubsidie amount, no-risk polis, jobcoach hours, proefplaats, detachering) and the planned "
    "nazorg check-ins. Refused combinations are a 422 naming the rule. Werkgevers marks the vacature "
    "`gevuld` when all its positions are taken.",
)
async def plaats(
    voorstel_id: VoorstelId,
    body: PlaatsingRequest,
    principal: Bemiddelaar,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    i = body.instrumenten
    command = bemiddeling.Plaats(
        plaatsing_id=new_event_id(),
        startdatum=body.startdatum,
        einddatum=body.einddatum,
        contractvorm=body.contractvorm,
        uren_per_week=body.uren_per_week,
        aanvraag=Instrumentaanvraag(
            loonkostensubsidie=i.loonkostensubsidie,
            loonwaarde_procent=i.loonwaarde_procent,
            leeftijd=i.leeftijd,
            voltijd_uren=i.voltijd_uren,
            no_risk_polis=i.no_risk_polis,
            jobcoach_uren=i.jobcoach_uren,
            proefplaats_tot=i.proefplaats_tot,
            proefplaats_toestemming=i.proefplaats_toestemming,
            andere_loonkostensubsidie=i.andere_loonkostensubsidie,
            detacheerder=i.detacheerder,
            detacheerder_kvk=i.detacheerder_kvk,
        ),
        voorstel_id=voorstel_id,
    )
    idempotency = Idempotency(idempotency_key, "plaatsing", body, voorstel_id)
    return await carry_out(runtime, principal, command, VoorstelResponse, idempotency)


@voorstellen.post(
    "/{voorstel_id}/loonkostensubsidie/herijking",
    response_model=VoorstelResponse,
    summary="Set a running LKS again with the age on its new 1 January",
    description="The daily check sets every running LKS again per 1 January (art. 10d lid 7) and when provisional "
    "parameters become definite. Under 21 the jeugdminimumloon share depends on the age on the new peildatum, "
    "which matching does not hold: state it here (from intake, doel bemiddeling). Recorded as "
    "LoonkostensubsidieHerzien; a 409 when nothing is due.",
)
async def herijk_loonkostensubsidie(
    voorstel_id: VoorstelId,
    body: HerijkingRequest,
    principal: Profielbeheerder,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = bemiddeling.HerijkLoonkostensubsidie(body.leeftijd, voorstel_id=voorstel_id)
    idempotency = Idempotency(idempotency_key, "lks-herijking", body, voorstel_id)
    return await carry_out(runtime, principal, command, VoorstelResponse, idempotency)


@voorstellen.post(
    "/{voorstel_id}/proefplaats/verlenging",
    response_model=VoorstelResponse,
    summary="Extend a proefplaats",
    description="The college's later decision to extend a proefplaats, with a motivation: the new last day lies "
    "after the current one and at most 6 months from the start in total (art. 8a lid 2 onder d Pw). Recorded as "
    "ProefplaatsVerlengd. A voorstel without a running proefplaats is a 409.",
)
async def verleng_proefplaats(
    voorstel_id: VoorstelId,
    body: VerlengingRequest,
    principal: Bemiddelaar,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = bemiddeling.VerlengProefplaats(tot=body.tot, motivatie=body.motivatie, voorstel_id=voorstel_id)
    idempotency = Idempotency(idempotency_key, "proefplaats-verlenging", body, voorstel_id)
    return await carry_out(runtime, principal, command, VoorstelResponse, idempotency)


@voorstellen.post(
    "/{voorstel_id}/beeindiging",
    response_model=VoorstelResponse,
    summary="End a plaatsing: uitval, with a reason",
    description="Records PlaatsingBeeindigd with a reason from the fixed list and the last working day. The "
    "kandidaat is back in the pool and gets suggestions again; nazorg after the last day lapses; the position "
    "counts as free again for matching. Only a running plaatsing can end (409 otherwise).",
)
async def beeindig_plaatsing(
    voorstel_id: VoorstelId,
    body: BeeindigingRequest,
    principal: Bemiddelaar,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = bemiddeling.BeeindigPlaatsing(
        reden=body.reden, toelichting=body.toelichting, laatste_werkdag=body.laatste_werkdag, voorstel_id=voorstel_id
    )
    idempotency = Idempotency(idempotency_key, "beeindiging", body, voorstel_id)
    return await carry_out(runtime, principal, command, VoorstelResponse, idempotency)


@voorstellen.post(
    "/{voorstel_id}/nazorg",
    response_model=VoorstelResponse,
    summary="Record a nazorg check-in",
    description="Records how a planned check-in went (`moment` must be one of the plaatsing's nazorg dates). Only "
    "placed voorstellen have nazorg.",
)
async def leg_nazorg_vast(
    voorstel_id: VoorstelId,
    body: NazorgRequest,
    principal: Bemiddelaar,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = bemiddeling.LegNazorgVast(
        moment=body.moment, bevinding=body.bevinding, verslag=body.verslag, voorstel_id=voorstel_id
    )
    idempotency = Idempotency(idempotency_key, "nazorg", body, voorstel_id)
    return await carry_out(runtime, principal, command, VoorstelResponse, idempotency)


@caseload.get(
    "/nazorgmomenten",
    response_model=Page[NazorgItem],
    summary="Nazorg check-ins due",
    description="Planned nazorg check-ins without a recorded outcome, due on or before `tot`, for kandidaten in the "
    "gemeenten of your token; oldest first.",
)
async def nazorg_werklijst(
    principal: Matcher,
    runtime: RuntimeDep,
    tot: Annotated[Plandatum | None, Query(description="Due on or before this date; today when absent")] = None,
    limit: PageLimit = 50,
    cursor: Cursor = None,
) -> Page[NazorgItem]:
    return await queries.nazorg_werklijst(runtime, principal, tot or date.today(), cursor, limit)


@caseload.get(
    "/caseload",
    response_model=CaseloadResponse,
    summary="Caseload per klantmanager and team, with a rebalancing proposal",
    description="Kandidaten in the pool, and placed ones while their nazorg is open, per klantmanager against the norm "
    "(`CASELOAD_NORM` per full-time klantmanager, pro rata to `fteProcent`). The proposal moves the most "
    "recently assigned kandidaten to colleagues in the same team with room; apply a move with "
    "PUT /api/v1/kandidaten/{klant_id}/klantmanager.",
)
async def caseload_overzicht(principal: Teamleider, runtime: RuntimeDep) -> CaseloadResponse:
    return await queries.caseload_overzicht(runtime, principal)


@caseload.put(
    "/klantmanagers/{klantmanager}",
    response_model=KlantmanagerResponse,
    summary="Record a klantmanager's team and appointment",
    description="Creates or updates the klantmanager: name, team, appointment (`fteProcent`) and werkgebied "
    "(`gemeenten`). Caseload norms follow the appointment.",
)
async def registreer_klantmanager(
    klantmanager: Annotated[str, Path(max_length=200, description="The klantmanager's token subject")],
    body: KlantmanagerRegistratie,
    principal: Teamleider,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.LegKlantmanagerVast(
        klantmanager=klantmanager,
        naam=body.naam,
        team=body.team,
        fte_procent=body.fte_procent,
        gemeenten=frozenset(body.gemeenten if body.gemeenten is not None else principal.gemeenten),
    )
    idempotency = Idempotency(idempotency_key, "klantmanager", body, klantmanager)
    return await carry_out(runtime, principal, command, KlantmanagerResponse, idempotency)


COMMANDS = CommandHandlers(
    {
        domain.LegProfielVast: handlers.op_kandidaat(domain.leg_profiel_vast),
        domain.WijsKlantmanagerToe: handlers.op_kandidaat(domain.wijs_klantmanager_toe),
        domain.LegKlantmanagerVast: handlers.registreer_klantmanager,
        bemiddeling.StelVoor: handlers.stel_voor,
        bemiddeling.Beantwoord: handlers.op_voorstel(bemiddeling.beantwoord),
        bemiddeling.Plaats: handlers.plaats,
        bemiddeling.HerijkLoonkostensubsidie: handlers.herijk_loonkostensubsidie,
        bemiddeling.VerlengProefplaats: handlers.op_voorstel(bemiddeling.verleng_proefplaats),
        bemiddeling.BeeindigPlaatsing: handlers.op_voorstel(bemiddeling.beeindig_plaatsing),
        bemiddeling.LegNazorgVast: handlers.op_voorstel(bemiddeling.leg_nazorg_vast),
    }
)
