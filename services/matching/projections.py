"""Matching read models: the kandidaten table, applied in batches (load, fold in memory, write back)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.intake import AanmeldingOntvangen, DiagnoseVastgesteld, Hulpvraag, Route
from libs.events.registry import EventData, Recorded

from .domain import Kandidaat, evolve

_COLUMNS = (
    "klant_id",
    "aanmelding_id",
    "gemeente",
    "hulpvraag",
    "aangemeld_op",
    "route",
    "uitkering_nodig",
    "gediagnosticeerd_op",
)

_LOAD = text(f"SELECT {', '.join(_COLUMNS)} FROM kandidaten WHERE klant_id = ANY(CAST(:ids AS uuid[]))")

_UPSERT = text(
    """
    INSERT INTO kandidaten (klant_id, aanmelding_id, gemeente, hulpvraag, aangemeld_op, route,
                            uitkering_nodig, gediagnosticeerd_op)
    SELECT * FROM unnest(CAST(:klant_id AS uuid[]), CAST(:aanmelding_id AS uuid[]), CAST(:gemeente AS text[]),
                         CAST(:hulpvraag AS text[]), CAST(:aangemeld_op AS timestamptz[]),
                         CAST(:route AS text[]), CAST(:uitkering_nodig AS boolean[]),
                         CAST(:gediagnosticeerd_op AS timestamptz[]))
    ON CONFLICT (klant_id) DO UPDATE SET
        aanmelding_id = EXCLUDED.aanmelding_id, gemeente = EXCLUDED.gemeente,
        hulpvraag = EXCLUDED.hulpvraag, aangemeld_op = EXCLUDED.aangemeld_op, route = EXCLUDED.route,
        uitkering_nodig = EXCLUDED.uitkering_nodig, gediagnosticeerd_op = EXCLUDED.gediagnosticeerd_op
    """
)


def _row_to_kandidaat(row: Any) -> Kandidaat:
    return Kandidaat(
        klant_id=row[0],
        aanmelding_id=row[1],
        gemeente=row[2],
        hulpvraag=Hulpvraag(row[3]),
        aangemeld_op=row[4],
        route=Route(row[5]) if row[5] else None,
        uitkering_nodig=row[6],
        gediagnosticeerd_op=row[7],
    )


class KandidatenProjection:
    """Keeps `kandidaten` up to date from AanmeldingOntvangen and DiagnoseVastgesteld."""

    name = "kandidaten"
    tables = ("kandidaten",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Fold the batch per klant on top of the stored rows and write the results in one statement."""
        relevant = [e.data for e in events if isinstance(e.data, AanmeldingOntvangen | DiagnoseVastgesteld)]
        if not relevant:
            return
        klant_ids = list({event.klant_id for event in relevant})
        rows = await conn.execute(_LOAD, {"ids": klant_ids})
        states: dict[UUID, Kandidaat | None] = {row[0]: _row_to_kandidaat(row) for row in rows}
        changed: set[UUID] = set()
        for event in relevant:
            klant_id: UUID = event.klant_id
            before = states.get(klant_id)
            after = evolve(before, event)
            if after is not before:
                states[klant_id] = after
                changed.add(klant_id)
        final = [states[k] for k in changed if states[k] is not None]
        if not final:
            return
        columns: dict[str, list[Any]] = {c: [] for c in _COLUMNS}
        for k in final:
            assert k is not None
            columns["klant_id"].append(k.klant_id)
            columns["aanmelding_id"].append(k.aanmelding_id)
            columns["gemeente"].append(k.gemeente)
            columns["hulpvraag"].append(k.hulpvraag.value)
            columns["aangemeld_op"].append(k.aangemeld_op)
            columns["route"].append(k.route.value if k.route else None)
            columns["uitkering_nodig"].append(k.uitkering_nodig)
            columns["gediagnosticeerd_op"].append(k.gediagnosticeerd_op)
        await conn.execute(_UPSERT, columns)


def pool_page_query(
    gemeenten: Sequence[str], after: tuple[datetime, UUID] | None, limit: int
) -> tuple[Any, dict[str, Any]]:
    """Keyset page over the regional pool (route werk/ontwikkeling), oldest diagnose first."""
    params: dict[str, Any] = {"gemeenten": list(gemeenten), "limit": limit}
    keyset = ""
    if after is not None:
        keyset = "AND (gediagnosticeerd_op, klant_id) > (:after_ts, :after_id)"
        params.update(after_ts=after[0], after_id=after[1])
    query = text(
        f"SELECT {', '.join(_COLUMNS)} FROM kandidaten "
        "WHERE route IN ('werk', 'ontwikkeling') AND gemeente = ANY(CAST(:gemeenten AS text[])) "
        f"{keyset} ORDER BY gediagnosticeerd_op, klant_id LIMIT :limit"
    )
    return query, params


async def pool_page(
    conn: AsyncConnection, gemeenten: Sequence[str], after: tuple[datetime, UUID] | None, limit: int
) -> list[Kandidaat]:
    """One page of kandidaten visible for `gemeenten`."""
    query, params = pool_page_query(gemeenten, after, limit)
    return [_row_to_kandidaat(row) for row in await conn.execute(query, params)]
