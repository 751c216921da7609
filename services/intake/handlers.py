"""Intake's command handlers (the table is in api.py): one function per command, each in one database transaction.

Every command loads the streams it needs, lets the pure domain decide, appends the events on the
loaded heads, and applies intake's read models in the same transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Principal
from libs.events.commands import Answer, UnitOfWork, query
from libs.events.contracts.intake import (
    Kanaal,
    PersoonsgegevensGecorrigeerd,
    PersoonsgegevensVastgelegd,
    Route,
    Team,
    team_id,
)
from libs.events.db import Sql
from libs.events.envelope import new_event_id
from libs.events.errors import DomainError
from libs.events.registry import EventData
from libs.events.runtime import Runtime
from libs.events.shredding import sleutel, versleutel
from libs.events.stamps import vandaag_in_nederland
from libs.termijnen import plus_werkdagen

from . import brp, domain, klant, regels
from .brp import Brp
from .domain import AANMELDINGEN
from .klant import KLANTEN, KlantNietGevonden
from .persoonsgegevens import CONTACT, corrigeer, klant_voor_bsn, lees, zoek_bsn
from .schemas import (
    AanmeldingResponse,
    KlantResponse,
    OverdrachtResponse,
    PersoonsgegevensResponse,
)
from .settings import Settings
from .teams import teams_van

_LAATSTE_AANMELDING = Sql(
    "SELECT COALESCE(route, voorgestelde_route), meervoudige_problematiek FROM aanmeldingen_overzicht "
    "WHERE klant_id = :k ORDER BY ontvangen_op DESC LIMIT 1"
)


class GegevensGewist(domain.IntakeError):
    """The klant's personal data was erased (key shredded): nothing new can be recorded for it."""

    status = 409
    title = "Gegevens gewist"


async def _sleutel(conn: AsyncConnection, klant_id: UUID) -> bytes:
    key = await sleutel(conn, klant_id, aanmaken=True)
    if key is None:
        raise GegevensGewist(f"de gegevens van klant {klant_id} zijn gewist")
    return key


def intake_settings(runtime: Runtime) -> Settings:
    """The intake settings a runtime was started with."""
    settings = runtime.settings
    if not isinstance(settings, Settings):
        raise TypeError("intake runs with services.intake.settings.Settings")
    return settings


def brp_van(runtime: Runtime) -> Brp:
    """The BRP client of this intake process (the BRP-volger worker owns it)."""
    volger = runtime.timers["brp"]
    client: Brp = volger.brp  # type: ignore[attr-defined]
    return client


def _vandaag(uow: UnitOfWork) -> date:
    """The date statutory terms count from: the command's Dutch day, unless an acceptance environment fixes it."""
    return intake_settings(uow.runtime).vandaag or vandaag_in_nederland(uow.now)


async def registreer_aanmelding(uow: UnitOfWork, request: domain.RegistreerAanmelding) -> Answer:
    """Register an aanmelding: the person as the BRP has them, the klant (one per BSN in the region), the events.

    Name, birth date and woonadres come from the BRP; what the front office typed is checked against it. A
    known BSN is a move only when the BRP places the person in this gemeente; the answer never tells whether
    the BSN is known in another gemeente.
    """
    getypt = request.persoon
    uow.act_for(request.gemeente)
    conn = uow.conn
    now = uow.now
    # Asked inside the transaction, so a replayed request asks the BRP nothing; logged against the klant
    # the BSN belongs to (also when the aanmelding is refused), none when the region does not know it.
    gevonden = await brp_van(uow.runtime).raadpleeg([getypt.bsn])
    try:
        uit_brp = brp.toets(
            gevonden.get(getypt.bsn), getypt.naam, getypt.geboortedatum, getypt.postcode, request.gemeente
        )
    except DomainError:
        # Refused: still a processing of the klant the BSN belongs to, if the region has one.
        if (bekend := await zoek_bsn(conn, getypt.bsn)) is not None:
            uow.verwerk("intake-brp-raadplegen", [bekend])
        raise
    persoon = brp.persoonsgegevens(getypt, uit_brp)
    key = AESGCM.generate_key(bit_length=256)
    klant_id, bestond_al = await klant_voor_bsn(conn, persoon, key, request.gemeente)
    eigen = False
    if bestond_al:
        eigen = await _bekende_klant(uow, klant_id, request, persoon, uit_brp)
    else:
        team = team_id(Team.REGIONAAL) if request.kanaal is Kanaal.WERKPLEIN else team_id(Team.LOKAAL, request.gemeente)
        vastgelegd = PersoonsgegevensVastgelegd(
            klant_id=klant_id,
            versleuteld=versleutel(key, klant_id, persoon.als_json()),
        )
        events = [*klant.registreer(klant_id, request.gemeente, team, now), vastgelegd]
        await uow.start(KLANTEN, klant_id, events, gemeente=request.gemeente)
    uow.verwerk("intake-brp-raadplegen", [klant_id])
    uow.verwerk("intake-aanmelding-registreren", [klant_id])
    command = domain.MeldAan(
        aanmelding_id=new_event_id(),
        klant_id=klant_id,
        gemeente=request.gemeente,
        kanaal=request.kanaal,
        hulpvraag=request.hulpvraag,
        kanaal_referentie=request.kanaal_referentie,
        ontvangen_op=now,
        geboortedatum=persoon.geboortedatum,
        partner_geboortedatum=request.partner_geboortedatum,
        zoektermijn_uitzondering=request.zoektermijn_uitzondering,
    )
    events = domain.meld_aan(command, uow.runtime.settings.regio_gemeenten())
    aanmelding = await uow.start(AANMELDINGEN, command.aanmelding_id, events, gemeente=request.gemeente)
    # Need-to-know: a klant of another gemeente reads as new here, exactly like an unknown BSN.
    body = AanmeldingResponse.of(aanmelding.state, klant_bestond_al=bestond_al and eigen).model_dump(mode="json")
    return Answer(body, 201, f"/api/v1/aanmeldingen/{command.aanmelding_id}")


async def _bekende_klant(
    uow: UnitOfWork,
    klant_id: UUID,
    request: domain.RegistreerAanmelding,
    persoon: domain.Persoon,
    uit_brp: brp.BrpPersoon,
) -> bool:
    """A known BSN the BRP places in the aanmelding's gemeente: follow a move there; True if it was the caller's.

    The existing klant is read as the service (it may not be visible to the caller yet); the caller learns
    nothing of its history. A local responsibility follows through the warme overdracht the move offers.
    """
    bestaand = await uow.find(KLANTEN, klant_id)
    assert bestaand is not None
    eigen = bool(uow.principal.gemeenten & klant.volle_historie(bestaand.state))
    events = verhuizing(
        uow, bestaand.state, request.gemeente, uit_brp.woont_sinds, "aanmelding in de nieuwe woongemeente"
    )
    getypt = {veld: waarde for veld in CONTACT if (waarde := getattr(persoon, veld)) is not None}
    nieuw = await gewijzigde_velden(uow.conn, klant_id, brp.waarden(uit_brp) | getypt)
    if nieuw:
        events.append(await correctie(uow.conn, klant_id, nieuw, "nieuwe gegevens bij een aanmelding"))
        await corrigeer(uow.conn, klant_id, nieuw, contact_gemeente=request.gemeente)
    if events:
        await uow.append(bestaand, events)
    return eigen


def verhuizing(
    uow: UnitOfWork, state: klant.Klant, naar_gemeente: str, per: date | None, aanleiding: str
) -> list[EventData]:
    """The events of a move the BRP confirms: within the region with its warme overdracht, or out of it."""
    vandaag = _vandaag(uow)
    if naar_gemeente not in uow.runtime.settings.regio_gemeenten():
        return klant.vertrek(state, naar_gemeente=naar_gemeente, per=per or vandaag)
    return klant.verhuis(
        state,
        naar_gemeente=naar_gemeente,
        per=per or vandaag,
        aanleiding=aanleiding,
        overdracht_id=new_event_id(),
        reageren_voor=plus_werkdagen(vandaag, intake_settings(uow.runtime).overdracht_termijn_werkdagen),
        op=uow.now,
    )


async def gewijzigde_velden(conn: AsyncConnection, klant_id: UUID, waarden: dict[str, Any]) -> dict[str, Any]:
    """Those of `waarden` that differ from what intake holds."""
    huidig = await lees(conn, klant_id)
    if huidig is None:
        return {}
    return {veld: waarde for veld, waarde in waarden.items() if huidig[veld] != waarde}


async def correctie(conn: AsyncConnection, klant_id: UUID, nieuw: dict[str, Any], reden: str) -> EventData:
    """The correction event: which fields, and their new values encrypted with the klant's key."""
    sleutel_ = await _sleutel(conn, klant_id)
    waarden = {veld: w.isoformat() if isinstance(w, date) else w for veld, w in nieuw.items()}
    return PersoonsgegevensGecorrigeerd(
        klant_id=klant_id, velden=sorted(nieuw), reden=reden, versleuteld=versleutel(sleutel_, klant_id, waarden)
    )


async def _op_aanmelding(
    uow: UnitOfWork, aanmelding_id: UUID, decide: Callable[[domain.Aanmelding], Awaitable[list[EventData]]]
) -> Answer:
    """Shared shape of commands on one aanmelding: load, decide, append, answer with the new state."""
    aanmelding = await uow.load(AANMELDINGEN, aanmelding_id)
    aanmelding = await uow.append(aanmelding, await decide(aanmelding.state))
    return Answer(AanmeldingResponse.of(aanmelding.state).model_dump(mode="json"))


async def screen(uow: UnitOfWork, command: domain.Screen) -> Answer:
    """Record a leefgebieden screening; the scores go into the event encrypted with the klant's key."""

    async def decide(state: domain.Aanmelding) -> list[EventData]:
        sleutel_ = await _sleutel(uow.conn, state.klant_id)
        scores = dict(command.scores)
        versleuteld = versleutel(sleutel_, state.klant_id, scores)
        return domain.screen(state, versleuteld, scores, command.instrument_versie, uow.now)

    return await _op_aanmelding(uow, command.aanmelding_id, decide)


async def kort_zoektermijn_in(uow: UnitOfWork, command: domain.KortZoektermijnIn) -> Answer:
    """Art. 41 lid 11: the college lets the aanvraag in before the zoektermijn ends, with its motivation."""

    async def decide(state: domain.Aanmelding) -> list[EventData]:
        return domain.kort_zoektermijn_in(state, command)

    return await _op_aanmelding(uow, command.aanmelding_id, decide)


async def vraag_voorstel(uow: UnitOfWork, command: domain.VraagVoorstel) -> Answer:
    """Let the current rule set propose route, uitkering and urgency (DiagnoseVoorgesteld)."""

    async def decide(state: domain.Aanmelding) -> list[EventData]:
        persoon = await lees(uow.conn, state.klant_id)
        if persoon is None:
            raise KlantNietGevonden(f"geen persoonsgegevens voor klant {state.klant_id}")
        uow.verwerk("intake-diagnose-voorstellen", [state.klant_id])
        leeftijd = domain.leeftijd_op(persoon["geboortedatum"], command.vandaag)
        voorstel = regels.stel_voor(
            domain.feiten(state, leeftijd=leeftijd, kan_direct_werken=command.kan_direct_werken)
        )
        return domain.stel_voor(state, voorstel, uow.now)

    return await _op_aanmelding(uow, command.aanmelding_id, decide)


async def stel_diagnose_vast(uow: UnitOfWork, command: domain.StelDiagnoseVast) -> Answer:
    """Confirm or override the proposal; route werk starts e-dienstverlening for the klant."""

    async def decide(state: domain.Aanmelding) -> list[EventData]:
        events = domain.stel_diagnose_vast(state, command)
        if command.route is Route.WERK:
            klant_ = await uow.load(KLANTEN, state.klant_id)
            await uow.append(klant_, klant.start_e_dienstverlening(klant_.state, startdatum=command.vandaag))
        return events

    return await _op_aanmelding(uow, command.aanmelding_id, decide)


async def corrigeer_persoonsgegevens(uow: UnitOfWork, command: domain.Correctie) -> Answer:
    """Correct personal data: an event with the new values encrypted, then the current values."""
    klant_id = command.klant_id
    klant_ = await uow.load(KLANTEN, klant_id)
    nieuw = command.als_json()
    sleutel_ = await _sleutel(uow.conn, klant_id)
    event = PersoonsgegevensGecorrigeerd(
        klant_id=klant_id,
        velden=sorted(nieuw),
        reden=command.reden,
        versleuteld=versleutel(sleutel_, klant_id, nieuw),
    )
    await uow.append(klant_, [event])
    eigen = sorted(uow.principal.gemeenten & klant.zichtbaar_in(klant_.state))
    gemeente = klant_.state.gemeente if klant_.state.gemeente in eigen else eigen[0]
    await corrigeer(uow.conn, klant_id, dict(command.wijzigingen), contact_gemeente=gemeente)
    persoon = await lees(uow.conn, klant_id)
    assert persoon is not None
    return Answer(PersoonsgegevensResponse(klant_id=klant_id, **persoon).model_dump(mode="json"))


async def _op_klant(
    uow: UnitOfWork,
    klant_id: UUID,
    decide: Callable[[klant.Klant], Awaitable[tuple[list[EventData], dict[str, Any] | None]]],
) -> Answer:
    """Shared shape of commands on a klant: load, decide, append, answer with the new state."""
    klant_ = await uow.load(KLANTEN, klant_id)
    events, created = await decide(klant_.state)
    klant_ = await uow.append(klant_, events)
    if created is not None:  # a new overdracht: its own id, so 201
        return Answer(created, 201)
    return Answer(KlantResponse.of(klant_.state).model_dump(mode="json"))


async def bied_overdracht_aan(uow: UnitOfWork, command: klant.BiedOverdrachtAan) -> Answer:
    """Offer a warme overdracht with the dossier summary; the receiver answers within the term."""

    async def decide(state: klant.Klant) -> tuple[list[EventData], dict[str, Any] | None]:
        row = await _LAATSTE_AANMELDING.fetchrow(uow.conn, k=command.klant_id)
        termijn = intake_settings(uow.runtime).overdracht_termijn_werkdagen
        events = klant.bied_aan(
            state,
            overdracht_id=new_event_id(),
            teams=teams_van(uow.principal),
            naar_team=team_id(command.naar, state.gemeente),
            route=Route(row[0]) if row and row[0] else None,
            meervoudige_problematiek=row[1] if row else None,
            vervolgstap=command.vervolgstap,
            contactpersoon=command.contactpersoon,
            reageren_voor=plus_werkdagen(_vandaag(uow), termijn),
            op=uow.now,
            motivatie=command.motivatie,
        )
        return events, OverdrachtResponse.model_validate(events[0].model_dump()).model_dump(mode="json")

    return await _op_klant(uow, command.klant_id, decide)


async def beantwoord_overdracht(uow: UnitOfWork, command: klant.BeantwoordOverdracht) -> Answer:
    """Accept (weigering None) or refuse with that reason, on behalf of the receiving team."""

    async def decide(state: klant.Klant) -> tuple[list[EventData], dict[str, Any] | None]:
        teams = teams_van(uow.principal)
        o_id, reden = command.overdracht_id, command.weigering
        if reden is None:
            return klant.accepteer(state, overdracht_id=o_id, teams=teams, op=uow.now), None
        return klant.weiger(state, overdracht_id=o_id, teams=teams, reden=reden, op=uow.now), None

    return await _op_klant(uow, command.klant_id, decide)


async def registreer_verhuizing(uow: UnitOfWork, command: klant.RegistreerVerhuizing) -> Answer:
    """A reported move, applied as the BRP confirms it: within the region with its warme overdracht, out of it
    recorded (no new work). Until the BRP places the klant in `naar_gemeente` it is a 422 and nothing changes.
    """
    klant_id, naar_gemeente = command.klant_id, command.naar_gemeente

    async def decide(state: klant.Klant) -> tuple[list[EventData], dict[str, Any] | None]:
        persoon = await lees(uow.conn, klant_id)
        if persoon is None:
            raise GegevensGewist(f"de gegevens van klant {klant_id} zijn gewist")
        uow.verwerk("intake-brp-raadplegen", [klant_id])
        uit_brp = (await brp_van(uow.runtime).raadpleeg([persoon["bsn"]])).get(persoon["bsn"])
        if uit_brp is None or uit_brp.woont_in() != naar_gemeente:
            raise brp.WoontNietInGemeente(
                f"de BRP plaatst de klant (nog) niet in {naar_gemeente}: een verhuizing volgt de BRP",
                velden={"naarGemeente": "niet de woongemeente volgens de BRP"},
            )
        reden = "verhuizing gemeld, BRP bevestigt"
        return verhuizing(uow, state, naar_gemeente, uit_brp.woont_sinds or command.per, reden), None

    return await _op_klant(uow, klant_id, decide)


async def beeindig_e_dienstverlening(uow: UnitOfWork, command: klant.BeeindigEDienstverlening) -> Answer:
    """End e-dienstverlening early (work found), on behalf of the responsible team."""

    async def decide(state: klant.Klant) -> tuple[list[EventData], dict[str, Any] | None]:
        teams = teams_van(uow.principal)
        return klant.beeindig_e_dienstverlening(state, teams=teams, reden=command.reden, op=uow.now), None

    return await _op_klant(uow, command.klant_id, decide)


async def zoek_klant(runtime: Runtime, principal: Principal, bsn: str, doel: str) -> UUID:
    """The klant behind a BSN in the caller's gemeenten (404 otherwise, never "known elsewhere"); logged."""

    async def read(uow: UnitOfWork) -> UUID:
        niet = KlantNietGevonden("geen klant met dit BSN in uw gemeenten")
        klant_id = await zoek_bsn(uow.conn, bsn)
        if klant_id is None:
            raise niet
        uow.verwerk(f"intake-persoonsgegevens-raadplegen-{doel}", [klant_id])
        gevonden = await uow.find(KLANTEN, klant_id)
        # The refusal never names the klant id: that would tell another gemeente who the BSN is.
        uow.see(gevonden.gemeenten if gevonden else frozenset(), niet)
        return klant_id

    return await query(runtime, principal, read)
