"""Handhaving HTTP API: the tijdlijn of a klant across every service, and the hash-chain breaks. Thin."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
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
