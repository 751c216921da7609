"""Read models of voorzieningen and aanbieders, and the ledger of what each voorziening books on its budget line.

The ledger stores each amount the domain decided (committed at the start or an extension, invoiced per month,
a premie, what fell free at the end) in the month it belongs to; it computes nothing of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.trajecten import (
    AanbiederGeregistreerd,
    KostenGerealiseerd,
    PremieToegekend,
    VoorzieningBeeindigd,
    VoorzieningGeevalueerd,
    VoorzieningGestart,
    VoorzieningVerlengd,
)
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded
from libs.events.stamps import vandaag_in_nederland

_AANBIEDER = Sql(
    "INSERT INTO trajecten_aanbieders (aanbieder_id, kvk_nummer, naam, soort, gemeenten) "
    "VALUES (:id, :kvk, :naam, :soort, :gemeenten) ON CONFLICT (aanbieder_id) DO NOTHING"
)
_GESTART = Sql(
    "INSERT INTO trajecten_voorzieningen (voorziening_id, klant_id, plan_id, gemeente, code, label, soort, route, "
    "aanbieder_id, budgetregel_id, startdatum, tot, verplichting, gestart_op) VALUES (:id, :klant, :plan, :gemeente, "
    ":code, :label, :soort, :route, :aanbieder, :regel, :start, :tot, :verplichting, :op) ON CONFLICT DO NOTHING"
)
_VERLENGD = Sql(
    "UPDATE trajecten_voorzieningen SET tot = :tot, verplichting = verplichting + :extra WHERE voorziening_id = :id"
)
_GEEVALUEERD = Sql(
    "UPDATE trajecten_voorzieningen SET geevalueerd = true, effect = :effect, uiterlijk_einde = :uiterlijk "
    "WHERE voorziening_id = :id"
)
_GEREALISEERD = Sql(
    "UPDATE trajecten_voorzieningen SET gerealiseerd = gerealiseerd + :bedrag WHERE voorziening_id = :id"
)
_PREMIE = Sql(
    "UPDATE trajecten_voorzieningen SET premies = premies + :bedrag, premies_aantal = premies_aantal + 1 "
    "WHERE voorziening_id = :id"
)
_BEEINDIGD = Sql(
    "UPDATE trajecten_voorzieningen SET tot = :einde, einddatum = :einde, uitkomst = :uitkomst "
    "WHERE voorziening_id = :id"
)
_BOEKING = Sql(
    "INSERT INTO trajecten_boekingen (boeking_id, regel_id, gemeente, maand, soort, bedrag, voorziening_id) "
    "VALUES (:id, :regel, :gemeente, :maand, :soort, :bedrag, :voorziening) ON CONFLICT DO NOTHING"
)


async def _boek(
    conn: AsyncConnection,
    r: Recorded[EventData],
    regel: UUID,
    gemeente: str,
    maand: date,
    soort: str,
    bedrag: Decimal,
    voorziening: UUID,
) -> None:
    await _BOEKING.execute(
        conn,
        id=str(r.envelope.id),
        regel=regel,
        gemeente=gemeente,
        maand=maand.replace(day=1),
        soort=soort,
        bedrag=bedrag,
        voorziening=voorziening,
    )


_VOORZIENINGEN: PerEvent[None] = PerEvent()


@_VOORZIENINGEN.on(AanbiederGeregistreerd)
async def _aanbieder(conn: AsyncConnection, e: AanbiederGeregistreerd, r: Recorded[EventData], b: None) -> None:
    await _AANBIEDER.execute(
        conn, id=e.aanbieder_id, kvk=e.kvk_nummer, naam=e.naam, soort=e.soort.value, gemeenten=e.gemeenten
    )


@_VOORZIENINGEN.on(VoorzieningGestart)
async def _gestart(conn: AsyncConnection, e: VoorzieningGestart, r: Recorded[EventData], b: None) -> None:
    await _GESTART.execute(
        conn,
        id=e.voorziening_id,
        klant=e.klant_id,
        plan=e.plan_id,
        gemeente=e.gemeente,
        code=e.code,
        label=e.label,
        soort=e.soort.value,
        route=e.route.value if e.route else None,
        aanbieder=e.aanbieder_id,
        regel=e.budgetregel_id,
        start=e.startdatum,
        tot=e.geplande_einddatum,
        verplichting=e.verplichting,
        op=e.gestart_op,
    )
    await _boek(conn, r, e.budgetregel_id, e.gemeente, e.startdatum, "vastlegging", e.verplichting, e.voorziening_id)


@_VOORZIENINGEN.on(VoorzieningVerlengd)
async def _verlengd(conn: AsyncConnection, e: VoorzieningVerlengd, r: Recorded[EventData], b: None) -> None:
    await _VERLENGD.execute(conn, tot=e.tot, extra=e.extra_verplichting, id=e.voorziening_id)
    maand = vandaag_in_nederland(e.verlengd_op)
    await _boek(conn, r, e.budgetregel_id, e.gemeente, maand, "vastlegging", e.extra_verplichting, e.voorziening_id)


@_VOORZIENINGEN.on(VoorzieningGeevalueerd)
async def _geevalueerd(conn: AsyncConnection, e: VoorzieningGeevalueerd, r: Recorded[EventData], b: None) -> None:
    await _GEEVALUEERD.execute(conn, effect=e.effect, uiterlijk=e.uiterlijk_einde, id=e.voorziening_id)


@_VOORZIENINGEN.on(KostenGerealiseerd)
async def _kosten(conn: AsyncConnection, e: KostenGerealiseerd, r: Recorded[EventData], b: None) -> None:
    await _GEREALISEERD.execute(conn, bedrag=e.bedrag, id=e.voorziening_id)
    await _boek(conn, r, e.budgetregel_id, e.gemeente, e.maand, "realisatie", e.bedrag, e.voorziening_id)


@_VOORZIENINGEN.on(PremieToegekend)
async def _premie(conn: AsyncConnection, e: PremieToegekend, r: Recorded[EventData], b: None) -> None:
    await _PREMIE.execute(conn, bedrag=e.bedrag, id=e.voorziening_id)
    maand = vandaag_in_nederland(e.toegekend_op)
    await _boek(conn, r, e.budgetregel_id, e.gemeente, maand, "premie", e.bedrag, e.voorziening_id)


@_VOORZIENINGEN.on(VoorzieningBeeindigd)
async def _beeindigd(conn: AsyncConnection, e: VoorzieningBeeindigd, r: Recorded[EventData], b: None) -> None:
    await _BEEINDIGD.execute(conn, einde=e.einddatum, uitkomst=e.uitkomst.value, id=e.voorziening_id)
    await _boek(conn, r, e.budgetregel_id, e.gemeente, e.einddatum, "vrijval", e.vrijval, e.voorziening_id)


class VoorzieningenProjection:
    """Voorzieningen by klant, plan and kind; aanbieders by KvK; the ledger rows per budget line and month."""

    name = "voorzieningen"
    tables = ("trajecten_aanbieders", "trajecten_voorzieningen", "trajecten_boekingen")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler per event type."""
        await _VOORZIENINGEN.apply(conn, events, None)
