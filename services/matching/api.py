"""Matching HTTP API: the regional candidate pool."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from libs.events.auth import Principal, Role, requires
from libs.events.contracts.intake import Hulpvraag, Route
from libs.events.deps import RuntimeDep
from libs.events.http import PROBLEM_RESPONSES, check_gemeentecodes, decode_keyset, encode_keyset, foreign_cursor

from .domain import Kandidaat
from .projections import pool_page

router = APIRouter(prefix="/api/v1", tags=["kandidaten"])

Matcher = Annotated[Principal, Depends(requires(Role.MATCHER, Role.KLANTMANAGER, Role.BEHEERDER))]


class KandidaatResponse(BaseModel):
    """A klant in the regional pool. Pseudonymous: personal data stays in intake."""

    klant_id: UUID
    aanmelding_id: UUID
    gemeente: str = Field(description="CBS code of the gemeente of residence")
    hulpvraag: Hulpvraag
    route: Route
    uitkering_nodig: bool
    aangemeld_op: datetime
    gediagnosticeerd_op: datetime

    @classmethod
    def of(cls, k: Kandidaat) -> KandidaatResponse:
        """Response item for a kandidaat in the pool."""
        assert k.route is not None and k.uitkering_nodig is not None and k.gediagnosticeerd_op is not None
        return cls(
            klant_id=k.klant_id,
            aanmelding_id=k.aanmelding_id,
            gemeente=k.gemeente,
            hulpvraag=k.hulpvraag,
            route=k.route,
            uitkering_nodig=k.uitkering_nodig,
            aangemeld_op=k.aangemeld_op,
            gediagnosticeerd_op=k.gediagnosticeerd_op,
        )


class KandidatenPage(BaseModel):
    """One page of kandidaten; pass `next_cursor` back as `cursor` for the next page."""

    items: list[KandidaatResponse]
    next_cursor: str | None = Field(description="Cursor of the next page; null on the last page")


@router.get(
    "/kandidaten",
    response_model=KandidatenPage,
    responses=PROBLEM_RESPONSES,
    summary="Kandidaten in the regional pool (roles: matcher, klantmanager, beheerder)",
    description="Klanten whose primaire diagnose routed them to werk or ontwikkeling, limited to the "
    "gemeenten in your token, oldest diagnose first, cursor-paginated.",
)
async def list_kandidaten(
    principal: Matcher,
    runtime: RuntimeDep,
    gemeente: Annotated[list[str] | None, Query(description="Only these gemeenten (must be in your token)")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
    cursor: Annotated[str | None, Query(max_length=500, description="`next_cursor` of the previous page")] = None,
) -> KandidatenPage:
    scope = sorted(principal.gemeenten)
    if gemeente:
        check_gemeentecodes(gemeente)
        scope = sorted(set(gemeente) & principal.gemeenten)
    keyset = decode_keyset(cursor)
    after = None
    if keyset is not None:
        try:
            after = (keyset[0], UUID(keyset[1]))
        except ValueError as exc:
            raise foreign_cursor() from exc
    async with runtime.engine.connect() as conn:
        rows = await pool_page(conn, scope, after, limit + 1)
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit and items:
        last = items[-1]
        assert last.gediagnosticeerd_op is not None
        next_cursor = encode_keyset(last.gediagnosticeerd_op, last.klant_id)
    return KandidatenPage(items=[KandidaatResponse.of(k) for k in items], next_cursor=next_cursor)
