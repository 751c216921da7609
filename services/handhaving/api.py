"""Handhaving HTTP API: the tijdlijn of a klant across every service, and the hash-chain breaks. Thin."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query

from libs.events.auth import Principal, Role, requires
from libs.events.deps import RuntimeDep
from libs.events.pagination import Cursor, Limit, Page

from . import queries
from .schemas import KetenbreukUit, TijdlijnRegel

tijdlijnen = APIRouter(prefix="/api/v1/tijdlijnen", tags=["tijdlijnen"])
ketenbreuken = APIRouter(prefix="/api/v1/ketenbreuken", tags=["ketenbreuken"])

Rechercheur = Annotated[Principal, Depends(requires(Role.SOCIAAL_RECHERCHEUR, Role.HANDHAVER))]


@tijdlijnen.get(
    "/{klant_id}",
    response_model=Page[TijdlijnRegel],
    summary="Every event about a klant across all services, in order (roles: sociaal_rechercheur, handhaver)",
    description="From the audit store, which holds every event of every topic as it came: each as a readable Dutch "
    "line with who did it, for which gemeente, the rule version and what caused it; encrypted fields show as "
    "[versleuteld]; `ketenIntact` is false at a stream's first bad link. Only events of your gemeenten; 404 when "
    "there are none. Every read is logged (Logboek Dataverwerkingen).",
)
async def lees_tijdlijn(
    klant_id: Annotated[UUID, Path(description="Pseudonymous klant id")],
    principal: Rechercheur,
    runtime: RuntimeDep,
    dienst: Annotated[str | None, Query(pattern=r"^[a-z]+$", description="Only this service")] = None,
    type: Annotated[str | None, Query(pattern=r"^[A-Za-z]+$", description="Only this event type")] = None,
    van: Annotated[datetime | None, Query(description="Recorded at or after (ISO 8601)")] = None,
    tot: Annotated[datetime | None, Query(description="Recorded before (ISO 8601)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[TijdlijnRegel]:
    return await queries.tijdlijn(
        runtime, principal, klant_id, dienst=dienst, type_=type, van=van, tot=tot, cursor=cursor, limit=limit
    )


@tijdlijnen.get(
    "/{klant_id}/stand",
    response_model=dict[str, Any],
    summary="What was known about the klant at a moment (roles: sociaal_rechercheur, handhaver)",
    description="Registration time: only events recorded by `op`, each stream (aanmelding, klant, voorstel, "
    "uitkering, vordering) folded with its own service's domain code; no rule is implemented twice here. "
    "Personal values stay encrypted and are absent. Every read is logged.",
)
async def lees_stand(
    klant_id: Annotated[UUID, Path(description="Pseudonymous klant id")],
    principal: Rechercheur,
    runtime: RuntimeDep,
    op: Annotated[datetime, Query(description="The moment (ISO 8601)")],
) -> Any:
    return await queries.stand_op(runtime, principal, klant_id, op)


@tijdlijnen.get(
    "/{klant_id}/verschil",
    response_model=dict[str, Any],
    summary="What changed in what was known between two moments (roles: sociaal_rechercheur, handhaver)",
    description="Streams that appeared and the fields that changed, such as corrections and late facts "
    "(herberekeningen) recorded between `van` and `tot`. Every read is logged.",
)
async def lees_verschil(
    klant_id: Annotated[UUID, Path(description="Pseudonymous klant id")],
    principal: Rechercheur,
    runtime: RuntimeDep,
    van: Annotated[datetime, Query(description="The earlier moment (ISO 8601)")],
    tot: Annotated[datetime, Query(description="The later moment (ISO 8601)")],
) -> Any:
    return await queries.verschil_tussen(runtime, principal, klant_id, van, tot)


@ketenbreuken.get(
    "",
    response_model=Page[KetenbreukUit],
    summary="Hash-chain breaks found on ingest (roles: sociaal_rechercheur, handhaver)",
    description="The first bad link of each broken stream in your gemeenten; nothing is repaired.",
)
async def lijst_ketenbreuken(
    principal: Rechercheur, runtime: RuntimeDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[KetenbreukUit]:
    return await queries.ketenbreuken(runtime, principal, cursor=cursor, limit=limit)
