"""The sample service's reads, scoped to the caller's gemeenten."""

from __future__ import annotations

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.db import Sql
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from .schemas import NotitieResponse

_LIJST = Sql(
    "SELECT notitie_id, klant_id, gemeente, tekst, op FROM notities WHERE gemeente = ANY(CAST(:gemeenten AS text[])) "
    "AND (op, notitie_id::text) > (:op, :id) ORDER BY op, notitie_id::text LIMIT :limit"
)


async def notities(runtime: Runtime, principal: Principal, cursor: str | None, limit: int) -> Page[NotitieResponse]:
    """Notes in the caller's gemeenten, oldest first."""
    op, id_ = after(cursor)

    async def read(uow: UnitOfWork) -> Page[NotitieResponse]:
        rows = await _LIJST.fetch(uow.conn, gemeenten=principal.scope(), op=op, id=id_, limit=limit + 1)
        rows, next_cursor = paginate(rows, limit, lambda r: (r[4], r[0]))
        items = [NotitieResponse(notitie_id=r[0], klant_id=r[1], gemeente=r[2], tekst=r[3]) for r in rows]
        return Page[NotitieResponse](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)
