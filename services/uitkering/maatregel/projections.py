"""The maatregelen read model: each maatregel's step, for the worklists and the figures."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.uitkering import (
    MaatregelAfgezien,
    MaatregelOpgelegd,
    MaatregelVoorgenomen,
)
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

_VOORNEMEN = Sql(
    "INSERT INTO maatregelen_overzicht (maatregel_id, uitkering_id, klant_id, gemeente, verplichting, status, "
    "feitdatum, zienswijze_uiterlijk) VALUES (:id, :uitkering, :klant, :gemeente, :verplichting, 'voorgenomen', "
    ":feit, :uiterlijk) ON CONFLICT DO NOTHING"
)
_MAATREGEL_BESLUIT = Sql(
    "UPDATE maatregelen_overzicht SET status = :status, percentage = :percentage, maanden = :maanden, "
    "heroverweging_uiterlijk = :heroverweging, besloten_op = :op WHERE maatregel_id = :id"
)

_MAATREGELEN: PerEvent[None] = PerEvent()


@_MAATREGELEN.on(MaatregelVoorgenomen)
async def _voornemen(conn: AsyncConnection, e: MaatregelVoorgenomen, _: Recorded[EventData], b: None) -> None:
    await _VOORNEMEN.execute(
        conn,
        id=e.maatregel_id,
        uitkering=e.uitkering_id,
        klant=e.klant_id,
        gemeente=e.gemeente,
        verplichting=e.verplichting,
        feit=e.feitdatum,
        uiterlijk=e.zienswijze_uiterlijk,
    )


@_MAATREGELEN.on(MaatregelOpgelegd)
async def _opgelegd(conn: AsyncConnection, e: MaatregelOpgelegd, _: Recorded[EventData], b: None) -> None:
    await _MAATREGEL_BESLUIT.execute(
        conn,
        status="opgelegd",
        percentage=e.percentage,
        maanden=e.maanden,
        heroverweging=e.heroverweging_uiterlijk,
        op=e.besloten_op,
        id=e.maatregel_id,
    )


@_MAATREGELEN.on(MaatregelAfgezien)
async def _afgezien(conn: AsyncConnection, e: MaatregelAfgezien, _: Recorded[EventData], b: None) -> None:
    await _MAATREGEL_BESLUIT.execute(
        conn, status="afgezien", percentage=None, maanden=None, heroverweging=None, op=e.besloten_op, id=e.maatregel_id
    )


class MaatregelenProjection:
    """Maatregelen through their Awb steps (worklists, figures)."""

    name = "maatregelen"
    tables = ("maatregelen_overzicht",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler each."""
        await _MAATREGELEN.apply(conn, events, None)
