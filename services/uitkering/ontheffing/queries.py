"""The termijnen worklist: heronderzoek, heroverweging, the end of an ontheffing, herstel after verzuim."""

from __future__ import annotations

from datetime import date

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.db import Sql
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from .schemas import TermijnUit

_TERMIJNEN = Sql(
    "SELECT uitkering_id, klant_id, gemeente, soort, datum, toelichting, ref FROM uitkering_termijnen t "
    "WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND (CAST(:soort AS text) IS NULL OR soort = :soort) "
    # Art. 9a lid 7: the plan van aanpak's termijn is met once trajecten published a plan drawn up since the start.
    "AND NOT (soort = 'plan_van_aanpak' AND EXISTS (SELECT 1 FROM uitkering_plannen p WHERE p.klant_id = t.klant_id "
    "AND p.besproken_op >= CAST(t.datum - interval '6 months' AS date))) "
    "AND (CAST(:tot AS date) IS NULL OR datum <= :tot) "
    "AND (datum, uitkering_id::text || soort || ref) > (CAST(:na_op AS date), :na_id) "
    "ORDER BY datum, uitkering_id::text || soort || ref LIMIT :limit"
)


async def termijnen(
    runtime: Runtime,
    principal: Principal,
    *,
    soort: str | None,
    tot: date | None,
    gemeenten: list[str] | None,
    cursor: str | None,
    limit: int,
) -> Page[TermijnUit]:
    """The dates due in the caller's gemeenten, soonest first."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[TermijnUit]:
        rows = await _TERMIJNEN.fetch(
            uow.conn,
            gemeenten=principal.scope(gemeenten),
            soort=soort,
            tot=tot,
            na_op=na_op.date(),
            na_id=na_id,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[4], f"{r[0]}{r[3]}{r[6]}"))
        velden = ("uitkering_id", "klant_id", "gemeente", "soort", "datum", "toelichting")
        items = [TermijnUit.model_validate(dict(zip(velden, r[:6], strict=True))) for r in rows]
        return Page[TermijnUit](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)
