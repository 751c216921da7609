"""Reads of tegenprestaties, through the scoped query path."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.db import Sql
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from . import domain
from .schemas import OpdrachtResponse

_LIJST = Sql(
    "SELECT opdracht_id, opgedragen_op FROM trajecten_tegenprestaties WHERE gemeente = ANY(CAST(:gemeenten AS text[])) "
    "AND (CAST(:klant AS uuid) IS NULL OR klant_id = :klant) AND (opgedragen_op, opdracht_id::text) > (:na_op, :na_id) "
    "ORDER BY opgedragen_op, opdracht_id::text LIMIT :limit"
)


def opdracht_body(state: domain.Opdracht) -> dict[str, Any]:
    """A tegenprestatie as the API shows it."""
    return OpdrachtResponse.model_validate(
        {**state.opdracht.model_dump(), "weigeringen": [w.model_dump() for w in state.weigeringen]}
    ).model_dump(mode="json")


async def lees_opdracht(runtime: Runtime, principal: Principal, opdracht_id: UUID) -> dict[str, Any]:
    """A tegenprestatie in the caller's gemeenten (404 otherwise)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return opdracht_body((await uow.load(domain.OPDRACHTEN, opdracht_id)).state)

    return await query(runtime, principal, read)


async def lijst_opdrachten(
    runtime: Runtime, principal: Principal, *, klant_id: UUID | None, cursor: str | None, limit: int
) -> Page[OpdrachtResponse]:
    """Tegenprestaties in the caller's gemeenten, oldest first."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[OpdrachtResponse]:
        rows = await _LIJST.fetch(
            uow.conn,
            gemeenten=sorted(principal.gemeenten),
            klant=klant_id,
            na_op=na_op,
            na_id=na_id,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[1], str(r[0])))
        items = [
            OpdrachtResponse.model_validate(opdracht_body((await uow.load(domain.OPDRACHTEN, r[0])).state))
            for r in rows
        ]
        return Page[OpdrachtResponse](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)
