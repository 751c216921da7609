"""Uitkering's commands: gather facts, encrypt what is personal, let the domain decide, run the one command path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events import shredding
from libs.events.aggregate import Loaded
from libs.events.auth import Principal
from libs.events.commands import Answer, Idempotency, UnitOfWork, execute
from libs.events.contracts.uitkering import Deelvordering, Leefvorm
from libs.events.db import Sql
from libs.events.registry import EventData
from libs.events.runtime import Runtime

from . import queries, settings, termijnen
from .aanvraag import domain as aanvraag_domain
from .aanvraag import recht
from .aanvraag.domain import (
    Beeindig,
    DienAanvraagIn,
    Hervat,
    KlantFeiten,
    KlantOnbekend,
    LegRekeningVast,
    NeemBesluit,
    SchortOp,
    VerleenVoorschot,
)
from .aanvraag.recht import GeefInkomstenOp, WijzigHuishouden
from .betaling.domain import te_veel_betaald
from .maatregel import domain as maatregel_domain
from .maatregel.domain import BesluitMaatregel, GeefZienswijze, NeemMaatregelVoor, NeemTaaltoetsAf
from .ontheffing import domain as ontheffing_domain
from .ontheffing.domain import VerleenOntheffing
from .stand import UITKERINGEN, Uitkering, geboortedata_json
from .verordening import verordening
from .vordering import domain as vordering
from .vordering import domain as vordering_domain
from .vordering.domain import Beboet

_KLANT = Sql(
    "SELECT gemeente, zoektermijn_einde, zoektermijn_uitzondering FROM uitkering_klanten WHERE klant_id = :klant"
)


async def klant_feiten(conn: AsyncConnection, klant_id: UUID) -> KlantFeiten | None:
    """What intake's events said about the klant (woongemeente, zoektermijn)."""
    row = await _KLANT.fetchrow(conn, klant=klant_id)
    return None if row is None else KlantFeiten(row[0], row[1], row[2])


async def versleutel(conn: AsyncConnection, klant_id: UUID, values: dict[str, Any]) -> str:
    """Encrypt personal values with the klant's key in this service (made on first use)."""
    key = await shredding.sleutel(conn, klant_id, aanmaken=True)
    if key is None:
        raise KlantOnbekend("de gegevens van deze klant zijn gewist; er kan niets meer worden vastgelegd")
    return shredding.versleutel(key, klant_id, values)


async def dien_aanvraag_in(
    runtime: Runtime, principal: Principal, command: DienAanvraagIn, idempotency: Idempotency
) -> Answer:
    """File an aanvraag in a gemeente the caller acts for; refused while a zoektermijn runs."""

    async def action(uow: UnitOfWork) -> Answer:
        uow.act_for(command.gemeente)
        klant = await klant_feiten(uow.conn, command.klant_id)
        persoonlijk = await versleutel(uow.conn, command.klant_id, geboortedata_json(command.geboortedata))
        events = aanvraag_domain.dien_aanvraag_in(replace(command, persoonlijk=persoonlijk), klant)
        uitkering = await uow.start(UITKERINGEN, command.uitkering_id, events, gemeente=command.gemeente)
        return Answer(queries.uitkering_body(uitkering.state), 201, f"/api/v1/uitkeringen/{command.uitkering_id}")

    return await execute(runtime, principal, action, idempotency=idempotency)


async def _op_uitkering(
    runtime: Runtime,
    principal: Principal,
    uitkering_id: UUID,
    idempotency: Idempotency,
    decide: Any,
) -> Answer:
    """Load the uitkering in the caller's scope, decide, append, answer with the uitkering as it now is."""

    async def action(uow: UnitOfWork) -> Answer:
        uitkering: Loaded[Uitkering] = await uow.load(UITKERINGEN, uitkering_id)
        events = await decide(uow, uitkering.state)
        uitkering = await uow.append(uitkering, events)
        return Answer(queries.uitkering_body(uitkering.state))

    return await execute(runtime, principal, action, idempotency=idempotency)


async def leg_rekening_vast(
    runtime: Runtime,
    principal: Principal,
    uitkering_id: UUID,
    rekeningen: dict[str, Any],
    uitbetaling: str,
    idempotency: Idempotency,
) -> Answer:
    """Record the bank account(s), encrypted with the klant's key (crypto-shredding)."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        versleuteld = await versleutel(uow.conn, state.aanvraag.klant_id, rekeningen)
        command = LegRekeningVast(versleuteld, uitbetaling, rekeningen.get("partner") is not None, uow.now)
        return aanvraag_domain.leg_rekening_vast(state, command)

    return await _op_uitkering(runtime, principal, uitkering_id, idempotency, decide)


async def verleen_voorschot(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, periode: date, idempotency: Idempotency
) -> Answer:
    """A voorschot of at least 95% for a month (art. 52), paid by the next betaalrun."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        vandaag = termijnen.vandaag_in_nederland(uow.now)
        eerste = settings.van(runtime).eerste_betaaldag(periode)
        return aanvraag_domain.verleen_voorschot(state, VerleenVoorschot(periode, vandaag, uow.now, eerste))

    return await _op_uitkering(runtime, principal, uitkering_id, idempotency, decide)


async def neem_besluit(
    runtime: Runtime,
    principal: Principal,
    uitkering_id: UUID,
    ingangsdatum: date,
    motivering: str,
    reden_terugwerkende_kracht: str | None,
    idempotency: Idempotency,
) -> Answer:
    """Toekenning or afwijzing, as the rules give it; the beschikking is rendered from the event."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        command = NeemBesluit(ingangsdatum, motivering, reden_terugwerkende_kracht, uow.now, principal.sub)
        return aanvraag_domain.neem_besluit(state, command)

    return await _op_uitkering(runtime, principal, uitkering_id, idempotency, decide)


async def geef_inkomsten_op(
    runtime: Runtime,
    principal: Principal,
    uitkering_id: UUID,
    command: GeefInkomstenOp,
    idempotency: Idempotency,
) -> Answer:
    """An inkomstenopgave; paid months it touches are recalculated."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        return recht.geef_inkomsten_op(state, replace(command, op=uow.now))

    return await _op_uitkering(runtime, principal, uitkering_id, idempotency, decide)


async def wijzig_huishouden(
    runtime: Runtime,
    principal: Principal,
    uitkering_id: UUID,
    command: WijzigHuishouden,
    idempotency: Idempotency,
) -> Answer:
    """A household change from a date, possibly in months already paid."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        persoonlijk = await versleutel(uow.conn, state.aanvraag.klant_id, geboortedata_json(command.geboortedata))
        return recht.wijzig_huishouden(state, replace(command, persoonlijk=persoonlijk, op=uow.now))

    return await _op_uitkering(runtime, principal, uitkering_id, idempotency, decide)


async def schort_op(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, reden: str, idempotency: Idempotency
) -> Answer:
    """Suspend payment while the woonplaats is in doubt (art. 40 lid 2)."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        return aanvraag_domain.schort_op(state, SchortOp(reden, "art. 40 lid 2", uow.now))

    return await _op_uitkering(runtime, principal, uitkering_id, idempotency, decide)


async def hervat(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, reden: str, idempotency: Idempotency
) -> Answer:
    """Resume payment; the next betaalrun pays the months held back."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        return aanvraag_domain.hervat(state, Hervat(reden, uow.now))

    return await _op_uitkering(runtime, principal, uitkering_id, idempotency, decide)


async def beeindig(
    runtime: Runtime,
    principal: Principal,
    uitkering_id: UUID,
    command: Beeindig,
    idempotency: Idempotency,
) -> Answer:
    """End the uitkering after a day; months paid after it are recalculated."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        return aanvraag_domain.beeindig(state, replace(command, op=uow.now))

    return await _op_uitkering(runtime, principal, uitkering_id, idempotency, decide)


# --- maatregel and taaleis ------------------------------------------------------------------------------


async def neem_maatregel_voor(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, command: NeemMaatregelVoor, idem: Idempotency
) -> Answer:
    """The voornemen, with the zienswijze term of the gemeente's verordening."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        regels = verordening(state.gemeente, command.vandaag)
        return maatregel_domain.neem_maatregel_voor(state, replace(command, op=uow.now), regels)

    return await _op_uitkering(runtime, principal, uitkering_id, idem, decide)


async def geef_zienswijze(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, command: GeefZienswijze, idem: Idempotency
) -> Answer:
    """The klant's zienswijze on a voornemen."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        return maatregel_domain.geef_zienswijze(state, replace(command, op=uow.now))

    return await _op_uitkering(runtime, principal, uitkering_id, idem, decide)


async def besluit_maatregel(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, command: BesluitMaatregel, idem: Idempotency
) -> Answer:
    """The besluit on a maatregel: its size from the law and the verordening, or afzien."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        regels = verordening(state.gemeente, command.vandaag)
        return maatregel_domain.besluit_maatregel(state, replace(command, op=uow.now, door=principal.sub), regels)

    return await _op_uitkering(runtime, principal, uitkering_id, idem, decide)


async def neem_taaltoets_af(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, command: NeemTaaltoetsAf, idem: Idempotency
) -> Answer:
    """A taaltoets result and the taaleis step it leads to (art. 18b)."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        return maatregel_domain.neem_taaltoets_af(state, replace(command, op=uow.now))

    return await _op_uitkering(runtime, principal, uitkering_id, idem, decide)


# --- terugvordering, boete and the vordering ledger ------------------------------------------------------

_EERDERE_BOETES = Sql("SELECT opgelegd_op FROM vorderingen_overzicht WHERE klant_id = :klant AND soort = 'boete'")
_EERDERE_WAARSCHUWINGEN = Sql("SELECT gegeven_op FROM uitkering_waarschuwingen WHERE klant_id = :klant")


def _debiteuren(state: Uitkering) -> list[str]:
    """Art. 59: the gezinsleden are jointly liable."""
    return ["aanvrager", "partner"] if state.aanvraag.huishouden.leefvorm is Leefvorm.GEHUWD else ["aanvrager"]


async def vorder_terug(
    runtime: Runtime,
    principal: Principal,
    uitkering_id: UUID,
    vordering_id: UUID,
    grond: str,
    per_maand: Decimal | None,
    idem: Idempotency,
) -> Answer:
    """A vordering of every paid month's te veel betaald that no vordering covers yet, per month."""

    async def action(uow: UnitOfWork) -> Answer:
        loaded = await leg_terugvordering_op(uow, uitkering_id, vordering_id, grond, per_maand)
        return Answer(queries.vordering_body(loaded.state, None), 201, f"/api/v1/vorderingen/{vordering_id}")

    return await execute(runtime, principal, action, idempotency=idem)


async def leg_terugvordering_op(
    uow: UnitOfWork, uitkering_id: UUID, vordering_id: UUID, grond: str, per_maand: Decimal | None
) -> Loaded[vordering.Vordering]:
    """In this unit of work: the terugvordering of what no vordering covers yet (the consulent's or a policy's)."""
    uitkering = await uow.load(UITKERINGEN, uitkering_id)
    state = uitkering.state
    al = {row[0]: Decimal(row[1]) for row in await queries.AL_GEVORDERD.fetch(uow.conn, uitkering=uitkering_id)}
    delen = [
        Deelvordering(periode=p, bedrag=b, omschrijving=f"te veel betaald over {p:%m-%Y}")
        for p, b in te_veel_betaald(state, al)
    ]
    events = vordering.leg_op(
        vordering_id=vordering_id,
        uitkering_id=uitkering_id,
        klant_id=state.aanvraag.klant_id,
        gemeente=state.gemeente,
        soort="terugvordering",
        grond=vordering.GRONDEN[grond],
        deelvorderingen=delen,
        debiteuren=_debiteuren(state),
        berekening={},
        op=uow.now,
        door=uow.principal.sub,
    )
    loaded = await uow.start(vordering.VORDERINGEN, vordering_id, events, gemeente=state.gemeente)
    if per_maand is not None:
        afspraak = vordering.maak_afspraak(loaded.state, per_maand, uow.now.date(), uow.now)
        loaded = await uow.append(loaded, afspraak)
    return loaded


async def beboet(
    runtime: Runtime, principal: Principal, vordering_id: UUID, command: Beboet, idem: Idempotency
) -> Answer:
    """A boete (a new vordering) or a written warning for the benadeling of a terugvordering."""

    async def action(uow: UnitOfWork) -> Answer:
        boete = await leg_boete_op(uow, vordering_id, command)
        if boete is None:
            return Answer({"waarschuwing": True, "boete": None})
        body = {"waarschuwing": False, "boete": queries.vordering_body(boete.state, None)}
        return Answer(body, 201, f"/api/v1/vorderingen/{command.boete_id}")

    return await execute(runtime, principal, action, idempotency=idem)


async def leg_boete_op(uow: UnitOfWork, vordering_id: UUID, command: Beboet) -> Loaded[vordering.Vordering] | None:
    """In this unit of work: the boete for a terugvordering's benadeling, or None when a warning was given."""
    terug = await uow.load(vordering.VORDERINGEN, vordering_id)
    uitkering = await uow.load(UITKERINGEN, terug.state.opgelegd.uitkering_id)
    klant = uitkering.state.aanvraag.klant_id
    boetes = [row[0].date() for row in await _EERDERE_BOETES.fetch(uow.conn, klant=klant)]
    waarschuwingen = [row[0].date() for row in await _EERDERE_WAARSCHUWINGEN.fetch(uow.conn, klant=klant)]
    op_uitkering, boete = vordering_domain.beboet(
        uitkering.state,
        terug.state.opgelegd,
        replace(command, op=uow.now, door=uow.principal.sub),
        eerdere_boetes=boetes,
        eerdere_waarschuwingen=waarschuwingen,
        verordening=verordening(uitkering.state.gemeente, command.vandaag),
    )
    await uow.append(uitkering, op_uitkering)
    if not boete:
        return None
    return await uow.start(vordering.VORDERINGEN, command.boete_id, boete, gemeente=uitkering.state.gemeente)


async def op_vordering(
    runtime: Runtime,
    principal: Principal,
    vordering_id: UUID,
    idem: Idempotency,
    decide: Callable[[UnitOfWork, vordering.Vordering], list[EventData]],
) -> Answer:
    """Load a vordering in the caller's scope, decide, append, answer with the vordering as it now is."""

    async def action(uow: UnitOfWork) -> Answer:
        loaded = await uow.load(vordering.VORDERINGEN, vordering_id)
        loaded = await uow.append(loaded, decide(uow, loaded.state))
        return Answer(queries.vordering_body(loaded.state, None))

    return await execute(runtime, principal, action, idempotency=idem)


# --- ontheffing, heronderzoek, opschorting for verzuim -----------------------------------------------


async def verleen_ontheffing(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, command: VerleenOntheffing, idem: Idempotency
) -> Answer:
    """An ontheffing of the arbeidsplicht within its legal limits."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        return ontheffing_domain.verleen_ontheffing(state, replace(command, op=uow.now))

    return await _op_uitkering(runtime, principal, uitkering_id, idem, decide)


async def beeindig_ontheffing(
    runtime: Runtime,
    principal: Principal,
    uitkering_id: UUID,
    ontheffing_id: UUID,
    per: date,
    reden: str,
    idem: Idempotency,
) -> Answer:
    """End an ontheffing early."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        return ontheffing_domain.beeindig_ontheffing(state, ontheffing_id, per, reden)

    return await _op_uitkering(runtime, principal, uitkering_id, idem, decide)


async def voer_heronderzoek_uit(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, selectie: str, uitkomst: str, idem: Idempotency
) -> Answer:
    """Record a heronderzoek; the next is due after the verordening's period (6 months under art. 9a)."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        maanden = verordening(state.gemeente, uow.now.date()).heronderzoek_maanden
        return ontheffing_domain.voer_heronderzoek_uit(state, uow.now.date(), selectie, uitkomst, maanden, uow.now)

    return await _op_uitkering(runtime, principal, uitkering_id, idem, decide)


async def schort_op_voor_verzuim(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, reden: str, herstel_uiterlijk: date, idem: Idempotency
) -> Answer:
    """Art. 54: suspend with a term to repair; the timer withdraws the right when it passes."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        return ontheffing_domain.schort_op_voor_verzuim(state, reden, herstel_uiterlijk, uow.now.date(), uow.now)

    return await _op_uitkering(runtime, principal, uitkering_id, idem, decide)


async def heroverweeg_maatregel(
    runtime: Runtime,
    principal: Principal,
    uitkering_id: UUID,
    maatregel_id: UUID,
    gehandhaafd: bool,
    motivering: str,
    idem: Idempotency,
) -> Answer:
    """Reconsider a maatregel (art. 18 lid 3, 11)."""

    async def decide(uow: UnitOfWork, state: Uitkering) -> list[EventData]:
        return maatregel_domain.heroverweeg_maatregel(
            state, maatregel_id, gehandhaafd, motivering, uow.now.date(), uow.now
        )

    return await _op_uitkering(runtime, principal, uitkering_id, idem, decide)
