"""Reads of the plan van aanpak, all through the scoped query path."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.db import Sql
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from . import domain
from .schemas import PlanResponse, PlanSamenvatting

_VELDEN = ("plan_id", "klant_id", "gemeente", "versie", "besproken_op", "instemming", "volgende_evaluatie", "team")
_PLANNEN = Sql(
    f"SELECT {', '.join(_VELDEN)}, bijgewerkt_op FROM trajecten_plannen "
    "WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND (CAST(:klant AS uuid) IS NULL OR klant_id = :klant) "
    "AND (bijgewerkt_op, plan_id::text) > (:na_op, :na_id) ORDER BY bijgewerkt_op, plan_id::text LIMIT :limit"
)


def plan_body(state: domain.Plan) -> dict[str, Any]:
    """A plan as the API shows it."""
    return PlanResponse.model_validate(
        {
            "plan_id": state.plan_id,
            "klant_id": state.klant_id,
            "gemeente": state.gemeente,
            "versie": state.huidig.versie,
            "versies": [v.model_dump() for v in state.versies],
            "evaluaties": [e.model_dump() for e in state.evaluaties],
        }
    ).model_dump(mode="json")


async def lees_plan(runtime: Runtime, principal: Principal, plan_id: UUID) -> dict[str, Any]:
    """A plan in the caller's gemeenten (404 otherwise)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return plan_body((await uow.load(domain.PLANNEN, plan_id)).state)

    return await query(runtime, principal, read)


async def lijst_plannen(
    runtime: Runtime,
    principal: Principal,
    *,
    klant_id: UUID | None,
    gemeenten: list[str] | None,
    cursor: str | None,
    limit: int,
) -> Page[PlanSamenvatting]:
    """Plans in the caller's gemeenten, least recently changed first."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[PlanSamenvatting]:
        rows = await _PLANNEN.fetch(
            uow.conn,
            gemeenten=principal.scope(gemeenten),
            klant=klant_id,
            na_op=na_op,
            na_id=na_id,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[8], str(r[0])))
        items = [PlanSamenvatting.model_validate(dict(zip(_VELDEN, r, strict=False))) for r in rows]
        return Page[PlanSamenvatting](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)
