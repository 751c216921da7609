"""The vordering commands: those on one vordering, and those that gather more (terugvordering, boete)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Protocol, TypeVar
from uuid import UUID

from libs.events.aggregate import Loaded
from libs.events.commands import Answer, Handler, UnitOfWork, on_stream
from libs.events.contracts.uitkering import Deelvordering, Leefvorm
from libs.events.registry import EventData

from ..betaling.domain import te_veel_betaald
from ..stand import UITKERINGEN, Uitkering
from ..verordening import verordening
from . import domain
from .domain import VORDERINGEN, Beboet, MaakAfspraak, Vordering, VorderTerug
from .queries import AL_GEVORDERD, EERDERE_BOETES, EERDERE_WAARSCHUWINGEN, vordering_body


class OpVordering(Protocol):
    """A command on one existing vordering."""

    @property
    def vordering_id(self) -> UUID: ...


C = TypeVar("C", bound=OpVordering)


def op_vordering(decide: Callable[[Vordering, C], Sequence[EventData]]) -> Handler:
    """The handler of a command that one pure decision on the vordering carries out; it answers the vordering."""

    return on_stream(VORDERINGEN, lambda c: c.vordering_id, decide, lambda loaded: vordering_body(loaded.state, None))


def _debiteuren(state: Uitkering) -> list[str]:
    """Art. 59: the gezinsleden are jointly liable."""
    return ["aanvrager", "partner"] if state.aanvraag.huishouden.leefvorm is Leefvorm.GEHUWD else ["aanvrager"]


async def leg_terugvordering_op(uow: UnitOfWork, command: VorderTerug) -> Loaded[Vordering]:
    """In this unit of work: the terugvordering of what no vordering covers yet (the consulent's or a policy's)."""
    uitkering = await uow.load(UITKERINGEN, command.uitkering_id)
    state = uitkering.state
    al = {row[0]: Decimal(row[1]) for row in await AL_GEVORDERD.fetch(uow.conn, uitkering=command.uitkering_id)}
    delen = [
        Deelvordering(periode=p, bedrag=b, omschrijving=f"te veel betaald over {p:%m-%Y}")
        for p, b in te_veel_betaald(state, al)
    ]
    events = domain.leg_op(
        vordering_id=command.vordering_id,
        uitkering_id=command.uitkering_id,
        klant_id=state.aanvraag.klant_id,
        gemeente=state.gemeente,
        soort="terugvordering",
        grond=domain.GRONDEN[command.grond],
        deelvorderingen=delen,
        debiteuren=_debiteuren(state),
        berekening={},
        op=uow.now,
        door=uow.principal.sub,
    )
    loaded = await uow.start(VORDERINGEN, command.vordering_id, events, gemeente=state.gemeente)
    if command.per_maand is not None:
        afspraak = MaakAfspraak(command.per_maand, uow.now.date(), uow.now, vordering_id=command.vordering_id)
        loaded = await uow.append(loaded, domain.maak_afspraak(loaded.state, afspraak))
    return loaded


async def vorder_terug(uow: UnitOfWork, command: VorderTerug) -> Answer:
    """A vordering of every paid month's te veel betaald that no vordering covers yet, per month."""
    loaded = await leg_terugvordering_op(uow, command)
    return Answer(vordering_body(loaded.state, None), 201, f"/api/v1/vorderingen/{command.vordering_id}")


async def leg_boete_op(uow: UnitOfWork, command: Beboet) -> Loaded[Vordering] | None:
    """In this unit of work: the boete for a terugvordering's benadeling, or None when a warning was given."""
    terug = await uow.load(VORDERINGEN, command.vordering_id)
    uitkering = await uow.load(UITKERINGEN, terug.state.opgelegd.uitkering_id)
    klant = uitkering.state.aanvraag.klant_id
    boetes = [row[0].date() for row in await EERDERE_BOETES.fetch(uow.conn, klant=klant)]
    waarschuwingen = [row[0].date() for row in await EERDERE_WAARSCHUWINGEN.fetch(uow.conn, klant=klant)]
    op_uitkering, boete = domain.beboet(
        uitkering.state,
        terug.state.opgelegd,
        command,
        eerdere_boetes=boetes,
        eerdere_waarschuwingen=waarschuwingen,
        verordening=verordening(uitkering.state.gemeente, command.vandaag),
    )
    await uow.append(uitkering, op_uitkering)
    if not boete:
        return None
    return await uow.start(VORDERINGEN, command.boete_id, boete, gemeente=uitkering.state.gemeente)


async def beboet(uow: UnitOfWork, command: Beboet) -> Answer:
    """A boete (a new vordering) or a written warning for the benadeling of a terugvordering."""
    boete = await leg_boete_op(uow, command)
    if boete is None:
        return Answer({"waarschuwing": True, "boete": None})
    body = {"waarschuwing": False, "boete": vordering_body(boete.state, None)}
    return Answer(body, 201, f"/api/v1/vorderingen/{command.boete_id}")
