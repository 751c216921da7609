"""Handhaving HTTP API: tijdlijn, as-of state and dossier of a klant across every service; hash-chain breaks;
signalen and their triage; onderzoeken (need-to-know); steekproeven. Thin."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from libs.events.auth import Principal, Role, requires
from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.inzage import VerwerkingInzage
from libs.events.openapi import weigeringen
from libs.events.pagination import Cursor, KlantFilter, Limit, Page

from . import domain, dossier, handlers, queries
from . import signalen as signalen_
from .persoonsgegevens import IntakeNietBereikbaar, klant_zoeker
from .schemas import (
    BeoordelingIn,
    BevindingIn,
    ControleUit,
    IbBestand,
    ImportUit,
    KetenbreukUit,
    LidIn,
    OnderzoekIn,
    OnderzoekRegel,
    OnderzoekUit,
    SignaalUit,
    SteekproefIn,
    SteekproefUit,
    TijdlijnRegel,
    UitkomstIn,
)
from .wissing import WordtGewist

tijdlijnen = APIRouter(prefix="/api/v1/tijdlijnen", tags=["tijdlijnen"])
ketenbreuken = APIRouter(prefix="/api/v1/ketenbreuken", tags=["ketenbreuken"])
signalen = APIRouter(prefix="/api/v1/signalen", tags=["signalen"])
onderzoeken = APIRouter(prefix="/api/v1/onderzoeken", tags=["onderzoeken"])
steekproeven = APIRouter(prefix="/api/v1/steekproeven", tags=["steekproeven"])
dossiers = APIRouter(prefix="/api/v1/dossiers", tags=["dossiers"])

Rechercheur = Annotated[Principal, Depends(requires(Role.SOCIAAL_RECHERCHEUR, Role.HANDHAVER))]
Lid = Annotated[Principal, Depends(requires(Role.SOCIAAL_RECHERCHEUR))]
KlantId = Annotated[UUID, Path(description="Pseudonymous klant id")]
SignaalId = Annotated[UUID, Path(description="Signaal id")]
OnderzoekId = Annotated[UUID, Path(description="Onderzoek id")]
SteekproefId = Annotated[UUID, Path(description="Steekproef id")]


@tijdlijnen.get(
    "/{klant_id}",
    response_model=Page[TijdlijnRegel],
    summary="Every event about a klant across all services, in order",
    description="From the audit store, which holds every event of every topic as it came: each as a readable Dutch "
    "line with who did it, for which gemeente, the rule version and what caused it; encrypted fields show as "
    "[versleuteld], or `gewist` once the klant's data was erased; `ketenIntact` is false at a stream's first bad "
    "link. Who looked is in it too: every service's processings of the klant's personal data (`VerwerkingGelogd`), "
    "this tijdlijn's own reads included. Onderzoeken and steekproeven are not (need-to-know). Only events of your "
    "gemeenten; 404 when there are none. Every read is logged (Logboek Dataverwerkingen).",
)
async def lees_tijdlijn(
    klant_id: KlantId,
    principal: Rechercheur,
    runtime: RuntimeDep,
    dienst: Annotated[str | None, Query(pattern=r"^[a-z]+$", description="Only this service")] = None,
    type: Annotated[str | None, Query(pattern=r"^[A-Za-z]+$", description="Only this event type")] = None,
    van: Annotated[datetime | None, Query(description="Recorded at or after (ISO 8601)")] = None,
    tot: Annotated[datetime | None, Query(description="Recorded before (ISO 8601)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[TijdlijnRegel]:
    return await queries.tijdlijn(
        runtime, principal, klant_id, dienst=dienst, type_=type, van=van, tot=tot, cursor=cursor, limit=limit
    )


@tijdlijnen.get(
    "/{klant_id}/stand",
    response_model=dict[str, Any],
    summary="What was known about the klant at a moment",
    description="Registration time: only events recorded by `op`, each stream (aanmelding, klant, voorstel, "
    "uitkering, vordering) folded with its own service's domain code; no rule is implemented twice here. A stream "
    "whose service keeps no fold of its own (matching's kandidaat, a read model in SQL) shows its events as known. "
    "Who looked is in the tijdlijn, not here. "
    "With `geldig` also valid time: what applied on that day as known at `op` (for an uitkering: status, "
    "household, the month's income, what was paid for the month and what is established after herberekeningen). "
    "Personal values stay encrypted and are absent; `gewist` once the klant's data was erased. Every read is logged.",
)
async def lees_stand(
    klant_id: KlantId,
    principal: Rechercheur,
    runtime: RuntimeDep,
    op: Annotated[datetime, Query(description="The moment (ISO 8601): what was recorded by then")],
    geldig: Annotated[date | None, Query(description="The day the facts are about (valid time)")] = None,
) -> Any:
    return await queries.stand_op(runtime, principal, klant_id, op, geldig)


@tijdlijnen.get(
    "/{klant_id}/verschil",
    response_model=dict[str, Any],
    summary="What changed in what was known between two moments",
    description="Streams that appeared and the fields that changed, such as corrections and late facts "
    "(herberekeningen) recorded between `van` and `tot`. Every read is logged.",
)
async def lees_verschil(
    klant_id: KlantId,
    principal: Rechercheur,
    runtime: RuntimeDep,
    van: Annotated[datetime, Query(description="The earlier moment (ISO 8601)")],
    tot: Annotated[datetime, Query(description="The later moment (ISO 8601)")],
) -> Any:
    return await queries.verschil_tussen(runtime, principal, klant_id, van, tot)


@ketenbreuken.get(
    "",
    response_model=Page[KetenbreukUit],
    summary="Hash-chain breaks found on ingest",
    description="The first bad link of each broken stream in your gemeenten; nothing is repaired.",
)
async def lijst_ketenbreuken(
    principal: Rechercheur, runtime: RuntimeDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[KetenbreukUit]:
    return await queries.ketenbreuken(runtime, principal, cursor=cursor, limit=limit)


@signalen.post(
    "/ib-bestanden",
    response_model=ImportUit,
    summary="Import an Inlichtingenbureau signal file",
    description="One record per signal (format: docs/handhaving.md). Each BSN is matched to a klant at intake with "
    "purpose `handhaving` under your token (logged there); the BSN is not kept. Idempotent: a record whose `kenmerk` "
    "was imported before is counted in `alBekend`, not stored again. Unknown products and BSNs of no klant of the "
    "gemeente are listed in `nietGekoppeld`. A signaal is onderzoekswaardig, never proof.",
    responses=weigeringen(IntakeNietBereikbaar),
)
async def importeer_ib(body: IbBestand, request: Request, principal: Rechercheur, runtime: RuntimeDep) -> ImportUit:
    zoek = klant_zoeker(runtime.settings.intake_url, request.headers["Authorization"])  # type: ignore[attr-defined]
    records = [
        signalen_.IbRecord(s.kenmerk, s.product, s.bsn, s.van, s.tot, s.bedrag, s.omschrijving) for s in body.signalen
    ]
    return await handlers.importeer_ib(runtime, principal, body.gemeente, records, zoek)


@signalen.get(
    "",
    response_model=Page[SignaalUit],
    summary="Signalen of your gemeenten, oldest first",
    description="From the platform's own events (a plaatsing, income, a move or a household change while an "
    "uitkering runs) and from IB files. `open=true` for those still to triage, `klantId` for one klant's. "
    "Onderzoekswaardig, never proof.",
)
async def lijst_signalen(
    principal: Rechercheur,
    runtime: RuntimeDep,
    open: Annotated[bool | None, Query(description="Only untriaged (true) or triaged (false)")] = None,
    klant_id: KlantFilter = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[SignaalUit]:
    return await queries.signalen(runtime, principal, open_=open, klant_id=klant_id, cursor=cursor, limit=limit)


@signalen.get(
    "/{signaal_id}",
    response_model=SignaalUit,
    summary="One signaal",
    description="404 when it does not exist or belongs to another gemeente.",
)
async def lees_signaal(signaal_id: SignaalId, principal: Rechercheur, runtime: RuntimeDep) -> Any:
    return queries.signaal_body(await queries.lees(runtime, principal, domain.SIGNALEN, signaal_id))


@signalen.post(
    "/{signaal_id}/beoordeling",
    response_model=SignaalUit,
    summary="Triage a signaal: geen actie, heronderzoek or onderzoek, with the reason",
    description="Once; a second triage is a 409. Send `Idempotency-Key` to retry safely.",
)
async def beoordeel_signaal(
    signaal_id: SignaalId,
    body: BeoordelingIn,
    principal: Rechercheur,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.BeoordeelSignaal(body.triage, body.reden, signaal_id=signaal_id)
    idem = Idempotency(idempotency_key, "beoordeling", body, signaal_id)
    return await carry_out(runtime, principal, command, SignaalUit, idem)


@onderzoeken.post(
    "",
    response_model=OnderzoekUit,
    status_code=201,
    summary="Open an onderzoek into a klant",
    description="You and the named `leden` are its leden: only they see it (need-to-know), not every handhaver of "
    "the gemeente. Opening puts a wisblokkade (legal hold) on the klant: a wisverzoek is refused until the uitkomst. "
    "Opening and deciding a wisverzoek take the same lock on the klant, so one is decided before the other: 409 "
    "`wordt-gewist` when erasing the klant's data was allowed first. Send `Idempotency-Key` to retry safely.",
    responses=weigeringen(WordtGewist),
)
async def open_onderzoek(
    body: OnderzoekIn, principal: Lid, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    command = domain.OpenOnderzoek(
        onderzoek_id=handlers.nieuw_id(),
        klant_id=body.klant_id,
        gemeente=body.gemeente,
        aanleiding=body.aanleiding,
        signaal_id=body.signaal_id,
        leden=frozenset(body.leden),
    )
    idem = Idempotency(idempotency_key, "onderzoek", body)
    return await carry_out(runtime, principal, command, OnderzoekUit, idem)


@onderzoeken.get(
    "",
    response_model=Page[OnderzoekRegel],
    summary="The onderzoeken you are a lid of",
    description="Oldest first; others' onderzoeken are not listed.",
)
async def mijn_onderzoeken(
    principal: Lid, runtime: RuntimeDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[OnderzoekRegel]:
    return await queries.mijn_onderzoeken(runtime, principal, cursor=cursor, limit=limit)


@onderzoeken.get(
    "/{onderzoek_id}",
    response_model=OnderzoekUit,
    summary="An onderzoek with its bevindingen (leden of the onderzoek only)",
    description="404 for anyone who is not a lid, exactly as for an onderzoek that does not exist.",
)
async def lees_onderzoek(onderzoek_id: OnderzoekId, principal: Lid, runtime: RuntimeDep) -> Any:
    return queries.onderzoek_body(await queries.lees(runtime, principal, domain.ONDERZOEKEN, onderzoek_id))


@onderzoeken.post(
    "/{onderzoek_id}/leden",
    response_model=OnderzoekUit,
    summary="Add a lid (leden of the onderzoek only)",
    description="Need-to-know grows one person at a time, recorded as an event. 409 once the onderzoek is afgerond.",
)
async def voeg_lid_toe(
    onderzoek_id: OnderzoekId,
    body: LidIn,
    principal: Lid,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.VoegLidToe(body.lid, onderzoek_id=onderzoek_id)
    idem = Idempotency(idempotency_key, "lid", body, onderzoek_id)
    return await carry_out(runtime, principal, command, OnderzoekUit, idem)


@onderzoeken.post(
    "/{onderzoek_id}/bevindingen",
    response_model=OnderzoekUit,
    summary="Record a step and its bevinding, attachments by reference (leden of the onderzoek only)",
    description="Attachments stay where they are kept (a DMS, the zaak); the event records their reference and "
    "SHA-256. 409 once the onderzoek is afgerond. Send `Idempotency-Key` to retry safely.",
)
async def leg_bevinding_vast(
    onderzoek_id: OnderzoekId,
    body: BevindingIn,
    principal: Lid,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.LegBevindingVast(
        bevinding_id=handlers.nieuw_id(),
        stap=body.stap,
        omschrijving=body.omschrijving,
        bijlagen=tuple((b.naam, b.referentie, b.sha256) for b in body.bijlagen),
        onderzoek_id=onderzoek_id,
    )
    idem = Idempotency(idempotency_key, "bevinding", body, onderzoek_id)
    return await carry_out(runtime, principal, command, OnderzoekUit, idem)


@onderzoeken.post(
    "/{onderzoek_id}/uitkomst",
    response_model=OnderzoekUit,
    summary="Close the onderzoek with its uitkomst (leden of the onderzoek only)",
    description="`geen-benadeling`, or `benadeling` with the uitkering and per month the income the klant did not "
    "report. Uitkering then recalculates those months (HerberekeningVastgesteld), claims back what was paid too much "
    "(art. 58 lid 1) and, with a `verwijtbaarheid`, imposes the boete of art. 18a. The wisblokkade ends with it. "
    "Send `Idempotency-Key` to retry safely.",
)
async def rond_af(
    onderzoek_id: OnderzoekId,
    body: UitkomstIn,
    principal: Lid,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = domain.RondAf(
        uitkomst=body.uitkomst,
        uitkering_id=body.uitkering_id,
        maanden=tuple((m.periode, m.werkgever, m.uren, m.bruto, m.netto) for m in body.maanden),
        verwijtbaarheid=body.verwijtbaarheid,
        toelichting=body.toelichting,
        onderzoek_id=onderzoek_id,
    )
    idem = Idempotency(idempotency_key, "uitkomst", body, onderzoek_id)
    return await carry_out(runtime, principal, command, OnderzoekUit, idem)


@steekproeven.post(
    "",
    response_model=SteekproefUit,
    status_code=201,
    summary="Draw a steekproef of running uitkeringen for heronderzoek or audit",
    description="A-select unless `strata` names declared variables (leefvorm, looptijd; docs/handhaving.md): no risk "
    "score. The event records seed, strata, method version, peildatum and the SHA-256 of the population, so anyone "
    "can draw it again (GET .../controle). Send `Idempotency-Key` to retry safely.",
)
async def trek_steekproef(
    body: SteekproefIn, principal: Rechercheur, runtime: RuntimeDep, idempotency_key: IdempotencyKey = None
) -> Response:
    command = domain.TrekSteekproef(
        handlers.nieuw_id(), body.gemeente, body.doel, body.omvang, tuple(body.strata), body.seed, body.peildatum
    )
    idem = Idempotency(idempotency_key, "steekproef", body)
    return await carry_out(runtime, principal, command, SteekproefUit, idem)


@steekproeven.get(
    "/{steekproef_id}",
    response_model=SteekproefUit,
    summary="A steekproef as drawn",
    description="404 when it does not exist or belongs to another gemeente.",
)
async def lees_steekproef(steekproef_id: SteekproefId, principal: Rechercheur, runtime: RuntimeDep) -> Any:
    return queries.steekproef_body(await queries.lees(runtime, principal, domain.STEEKPROEVEN, steekproef_id))


@steekproeven.get(
    "/{steekproef_id}/controle",
    response_model=ControleUit,
    summary="Draw the steekproef again and compare",
    description="The population as known at the recorded peildatum, its hash, and the draw with the recorded seed "
    "and strata: both must equal what was recorded.",
)
async def controleer_steekproef(
    steekproef_id: SteekproefId, principal: Rechercheur, runtime: RuntimeDep
) -> ControleUit:
    return await queries.controleer_steekproef(runtime, principal, steekproef_id)


@tijdlijnen.get(
    "/{klant_id}/verwerkingen",
    response_model=Page[VerwerkingInzage],
    summary="Right of access (AVG art. 15): how handhaving processed a klant's data",
    description="Which processing activities of handhaving touched the klant's data (tijdlijn and dossier reads), "
    "when, for what purpose and on what legal basis, oldest first; never who, and nothing of an onderzoek. Intake "
    "answers the same for personal data at GET /klanten/{klant_id}/verwerkingen. This inzage is itself logged.",
)
async def verwerkingen_van_klant(
    klant_id: KlantId, principal: Rechercheur, runtime: RuntimeDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[VerwerkingInzage]:
    return await queries.verwerkingen_van_klant(runtime, principal, klant_id, cursor, limit)


@dossiers.get(
    "/{klant_id}",
    response_model=dict[str, Any],
    summary="A klant's dossier for a case file, signed by its SHA-256",
    description="The tijdlijn, the state as known at each `op`, who looked, and a verification report of every "
    "hash chain it covers. `handtekening.waarde` is the SHA-256 over the canonical JSON (RFC 8785) of `dossier`: "
    "recompute it to detect any later change. `formaat=html` gives the printable page with the same signature. "
    "Drawing it up is logged like a tijdlijn read.",
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
async def stel_dossier_op(
    klant_id: KlantId,
    principal: Rechercheur,
    runtime: RuntimeDep,
    op: Annotated[list[datetime] | None, Query(max_length=10, description="Moments for the state (ISO 8601)")] = None,
    formaat: Annotated[Literal["json", "html"], Query(description="json (default) or html")] = "json",
) -> Response:
    ondertekend = await dossier.stel_op(runtime, principal, klant_id, op or [])
    if formaat == "html":
        return HTMLResponse(dossier.html(ondertekend))
    return JSONResponse(ondertekend)


COMMANDS = CommandHandlers(
    {
        domain.BeoordeelSignaal: handlers.beoordeel_signaal,
        domain.OpenOnderzoek: handlers.open_onderzoek,
        domain.VoegLidToe: handlers.op_onderzoek(handlers.voeg_lid_toe),
        domain.LegBevindingVast: handlers.op_onderzoek(domain.leg_bevinding_vast),
        domain.RondAf: handlers.rond_onderzoek_af,
        domain.TrekSteekproef: handlers.trek_steekproef,
    }
)
