"""Reads of vorderingen: one with its ledger, those of an uitkering, what is already claimed per month."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.contracts.uitkering import (
    AflossingOntvangen,
    VanVorderingAfgezien,
    VorderingGecorrigeerd,
)
from libs.events.db import Sql
from libs.events.registry import EventData
from libs.events.runtime import Runtime

from ..activiteiten import BEREKENING_RAADPLEGEN
from ..stand import UITKERINGEN
from . import domain as vordering
from .schemas import DeelvorderingUit, MutatieUit, VorderingRegel, VorderingResponse

# What vorderingen claim back per month of one uitkering.
AL_GEVORDERD = Sql(
    "SELECT periode, sum(bedrag) FROM vordering_deelvorderingen WHERE uitkering_id = :uitkering "
    "AND periode IS NOT NULL GROUP BY periode"
)


def _mutatie(event: EventData) -> MutatieUit:
    if isinstance(event, AflossingOntvangen):
        omschrijving = f"verrekend in de betaalrun over {event.periode:%m-%Y}" if event.periode else "betaald"
        return MutatieUit(
            datum=event.datum, soort=f"aflossing ({event.wijze})", bedrag=-event.bedrag, omschrijving=omschrijving
        )
    if isinstance(event, VorderingGecorrigeerd):
        return MutatieUit(
            datum=event.gecorrigeerd_op.date(), soort=event.soort, bedrag=event.bedrag, omschrijving=event.reden
        )
    assert isinstance(event, VanVorderingAfgezien)
    return MutatieUit(
        datum=event.afgezien_op.date(),
        soort="afgezien",
        bedrag=-event.bedrag,
        omschrijving=f"{event.reden} ({event.artikel})",
    )


def vordering_body(state: vordering.Vordering, op: date | None) -> dict[str, Any]:
    """A vordering with its ledger; the saldo is a fold up to `op` (or everything)."""
    o = state.opgelegd
    return VorderingResponse(
        vordering_id=o.vordering_id,
        uitkering_id=o.uitkering_id,
        klant_id=o.klant_id,
        gemeente=o.gemeente,
        soort=o.soort,
        grond=o.grond,
        debiteuren=o.debiteuren,
        bedrag=o.bedrag,
        deelvorderingen=[DeelvorderingUit.model_validate(d.model_dump()) for d in o.deelvorderingen],
        berekening=o.berekening,
        aflossing_per_maand=state.per_maand(),
        mutaties=[_mutatie(m) for m in state.mutaties],
        saldo=state.saldo(op),
        saldo_op=op,
        opgelegd_op=o.opgelegd_op,
    ).model_dump(mode="json")


_VORDERINGEN_VAN = Sql(
    "SELECT vordering_id, soort, grond, bedrag, saldo, per_maand, opgelegd_op FROM vorderingen_overzicht "
    "WHERE uitkering_id = :uitkering ORDER BY opgelegd_op, vordering_id"
)


async def vorderingen_van(runtime: Runtime, principal: Principal, uitkering_id: UUID) -> list[VorderingRegel]:
    """The vorderingen of an uitkering in the caller's gemeenten, oldest first, with their saldo."""

    async def read(uow: UnitOfWork) -> list[VorderingRegel]:
        loaded = await uow.load(UITKERINGEN, uitkering_id)
        uow.verwerk(BEREKENING_RAADPLEGEN, [loaded.state.aanvraag.klant_id])
        velden = ("vordering_id", "soort", "grond", "bedrag", "saldo", "aflossing_per_maand", "opgelegd_op")
        rows = await _VORDERINGEN_VAN.fetch(uow.conn, uitkering=uitkering_id)
        return [VorderingRegel.model_validate(dict(zip(velden, r, strict=True))) for r in rows]

    return await query(runtime, principal, read)


async def lees_vordering(runtime: Runtime, principal: Principal, vordering_id: UUID, op: date | None) -> dict[str, Any]:
    """A vordering in the caller's gemeenten, with its saldo on `op`."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        loaded = await uow.load(vordering.VORDERINGEN, vordering_id)
        uow.verwerk(BEREKENING_RAADPLEGEN, [loaded.state.opgelegd.klant_id])
        return vordering_body(loaded.state, op)

    return await query(runtime, principal, read)


EERDERE_BOETES = Sql("SELECT opgelegd_op FROM vorderingen_overzicht WHERE klant_id = :klant AND soort = 'boete'")


EERDERE_WAARSCHUWINGEN = Sql("SELECT gegeven_op FROM uitkering_waarschuwingen WHERE klant_id = :klant")
