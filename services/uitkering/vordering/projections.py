"""The vorderingen read model: each vordering with its saldo, parts and aflossingen, and the warnings given.

Verrekening in a betaalrun books many aflossingen at once: they are collected per batch and written (with the
saldo they lower) in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.uitkering import (
    AflossingOntvangen,
    AflossingsafspraakGemaakt,
    VanVorderingAfgezien,
    VorderingGecorrigeerd,
    VorderingOpgelegd,
    WaarschuwingGegeven,
)
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

from . import domain

_VORDERING = Sql(
    "INSERT INTO vorderingen_overzicht (vordering_id, uitkering_id, klant_id, gemeente, soort, grond, bedrag, saldo, "
    "verrekenbaar, opgelegd_op) VALUES (:id, :uitkering, :klant, :gemeente, :soort, :grond, :bedrag, :bedrag, "
    ":verrekenbaar, :op) ON CONFLICT DO NOTHING"
)
_DEEL = Sql(
    "INSERT INTO vordering_deelvorderingen (vordering_id, uitkering_id, periode, bedrag) "
    "VALUES (:id, :uitkering, :periode, :bedrag)"
)
_SALDO = Sql("UPDATE vorderingen_overzicht SET saldo = saldo + :mutatie WHERE vordering_id = :id")
_AFLOSSINGEN = Sql(
    "WITH a AS (SELECT * FROM unnest(CAST(:events AS uuid[]), CAST(:vorderingen AS uuid[]), CAST(:data AS date[]), "
    "CAST(:perioden AS date[]), CAST(:bedragen AS numeric[]), CAST(:wijzen AS text[])) "
    "AS a(event_id, vordering_id, datum, periode, bedrag, wijze)), "
    "s AS (UPDATE vorderingen_overzicht v SET saldo = v.saldo - t.totaal FROM (SELECT vordering_id, sum(bedrag) AS "
    "totaal FROM a GROUP BY vordering_id) t WHERE v.vordering_id = t.vordering_id) "
    "INSERT INTO vordering_aflossingen (event_id, vordering_id, gemeente, datum, periode, bedrag, wijze) SELECT "
    "a.event_id, a.vordering_id, v.gemeente, a.datum, a.periode, a.bedrag, a.wijze FROM a "
    "JOIN vorderingen_overzicht v USING (vordering_id) "
    "ON CONFLICT DO NOTHING"
)
_AFLOSSINGEN_KOLOMMEN = ("events", "vorderingen", "data", "perioden", "bedragen", "wijzen")
_AFSPRAAK = Sql("UPDATE vorderingen_overzicht SET per_maand = :bedrag WHERE vordering_id = :id")
_WAARSCHUWING = Sql(
    "INSERT INTO uitkering_waarschuwingen (uitkering_id, klant_id, vordering_id, gegeven_op) "
    "VALUES (:uitkering, :klant, :vordering, :op) ON CONFLICT DO NOTHING"
)


@dataclass
class _Batch:
    """The aflossingen of a batch, written together at the end."""

    aflossingen: dict[str, list[Any]] = field(default_factory=lambda: {key: [] for key in _AFLOSSINGEN_KOLOMMEN})


_VORDERINGEN: PerEvent[_Batch] = PerEvent()


@_VORDERINGEN.on(VorderingOpgelegd)
async def _opgelegd(conn: AsyncConnection, e: VorderingOpgelegd, _: Recorded[EventData], b: _Batch) -> None:
    await _VORDERING.execute(
        conn,
        id=e.vordering_id,
        uitkering=e.uitkering_id,
        klant=e.klant_id,
        gemeente=e.gemeente,
        soort=e.soort,
        grond=e.grond,
        bedrag=e.bedrag,
        verrekenbaar=domain.verrekenbaar(e),  # the rule is the domain's; this stores its outcome
        op=e.opgelegd_op,
    )
    for deel in e.deelvorderingen:
        await _DEEL.execute(conn, id=e.vordering_id, uitkering=e.uitkering_id, periode=deel.periode, bedrag=deel.bedrag)


@_VORDERINGEN.on(AflossingOntvangen)
async def _aflossing(conn: AsyncConnection, e: AflossingOntvangen, recorded: Recorded[EventData], b: _Batch) -> None:
    waarden = (recorded.envelope.id, e.vordering_id, e.datum, e.periode, e.bedrag, e.wijze)
    for key, value in zip(_AFLOSSINGEN_KOLOMMEN, waarden, strict=True):
        b.aflossingen[key].append(value)


@_VORDERINGEN.on(VanVorderingAfgezien)
async def _afgezien(conn: AsyncConnection, e: VanVorderingAfgezien, _: Recorded[EventData], b: _Batch) -> None:
    await _SALDO.execute(conn, mutatie=-e.bedrag, id=e.vordering_id)


@_VORDERINGEN.on(VorderingGecorrigeerd)
async def _gecorrigeerd(conn: AsyncConnection, e: VorderingGecorrigeerd, _: Recorded[EventData], b: _Batch) -> None:
    await _SALDO.execute(conn, mutatie=e.bedrag, id=e.vordering_id)


@_VORDERINGEN.on(AflossingsafspraakGemaakt)
async def _afspraak(conn: AsyncConnection, e: AflossingsafspraakGemaakt, _: Recorded[EventData], b: _Batch) -> None:
    await _AFSPRAAK.execute(conn, bedrag=e.bedrag_per_maand, id=e.vordering_id)


@_VORDERINGEN.on(WaarschuwingGegeven)
async def _waarschuwing(conn: AsyncConnection, e: WaarschuwingGegeven, _: Recorded[EventData], b: _Batch) -> None:
    await _WAARSCHUWING.execute(
        conn, uitkering=e.uitkering_id, klant=e.klant_id, vordering=e.vordering_id, op=e.gegeven_op
    )


class VorderingenProjection:
    """Vorderingen with their saldo, parts and aflossingen, and the written warnings (art. 18a lid 4)."""

    name = "vorderingen"
    tables = ("vorderingen_overzicht", "vordering_deelvorderingen", "uitkering_waarschuwingen", "vordering_aflossingen")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler each; the batch's aflossingen (and their saldo) in one statement."""
        batch = _Batch()
        await _VORDERINGEN.apply(conn, events, batch)
        if batch.aflossingen["events"]:
            await _AFLOSSINGEN.execute(conn, **batch.aflossingen)
