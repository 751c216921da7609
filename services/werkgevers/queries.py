"""Werkgevers' reads: every one runs through the scoped query path and sees only the caller's gemeenten."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.contracts.werkgevers import VacatureStatus
from libs.events.db import Sql
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from . import domain
from .schemas import (
    SocialReturnResponse,
    VacatureResponse,
    VacatureSamenvatting,
    VestigingUit,
    WerkgeverResponse,
)

KVK = Sql("SELECT werkgever_id FROM werkgevers_overzicht WHERE kvk_nummer = :kvk")
NAAM = Sql("SELECT werkgever_id FROM werkgevers_overzicht WHERE naam ILIKE :patroon ORDER BY naam LIMIT 50")
_REALISATIE = Sql(
    "SELECT count(*) FILTER (WHERE startdatum >= :van AND startdatum < :tot), "
    "COALESCE(sum(uren_per_week * GREATEST(0, (LEAST(COALESCE(einddatum + 1, :tot), :tot, CAST(:vandaag AS date)) "
    "- GREATEST(startdatum, :van)) / 7)), 0) FROM werkgevers_plaatsingen WHERE werkgever_id = :werkgever"
)
_VELDEN = (
    "vacature_id",
    "werkgever_id",
    "titel",
    "isco08",
    "status",
    "gemeente",
    "uren_per_week",
    "startdatum",
    "banenafspraak",
    "aantal_plaatsen",
)
_VACATURES = Sql(
    f"SELECT {', '.join(_VELDEN)}, geregistreerd_op, "
    "(SELECT count(*) FROM werkgevers_plaatsingen p WHERE p.vacature_id = v.vacature_id AND p.beeindigd_op IS NULL) "
    "FROM vacatures_overzicht v "
    "WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND (CAST(:status AS text) IS NULL OR status = :status) "
    "AND (geregistreerd_op, vacature_id::text) > (:na_op, :na_id) "
    "ORDER BY geregistreerd_op, vacature_id::text LIMIT :limit"
)


async def werkgever_body(conn: AsyncConnection, state: domain.Werkgever) -> dict[str, Any]:
    """An employer with its commitments and what matching's plaatsingen realised of each."""
    afspraken = []
    for a in state.social_return:
        row = await _REALISATIE.fetchrow(conn, van=a.van, tot=a.tot, vandaag=date.today(), werkgever=state.werkgever_id)
        assert row is not None
        afspraken.append(
            SocialReturnResponse(
                afspraak_id=a.afspraak_id,
                van=a.van,
                tot=a.tot,
                plaatsingen=a.plaatsingen,
                uren=a.uren,
                gerealiseerd_plaatsingen=int(row[0]),
                gerealiseerd_uren=int(row[1]),
            )
        )
    return WerkgeverResponse(
        werkgever_id=state.werkgever_id,
        kvk_nummer=state.kvk_nummer,
        naam=state.naam,
        vestigingen=[VestigingUit(naam=v.naam, postcode=v.postcode, gemeente=v.gemeente) for v in state.vestigingen],
        social_return=afspraken,
        versie=state.versie,
    ).model_dump(mode="json")


_BEZET = Sql("SELECT count(*) FROM werkgevers_plaatsingen WHERE vacature_id = :vacature AND beeindigd_op IS NULL")


async def vacature_body(conn: AsyncConnection, state: domain.Vacature) -> dict[str, Any]:
    """A vacature as the API shows it, with its positions taken and free."""
    row = await _BEZET.fetchrow(conn, vacature=state.registratie.vacature_id)
    bezet = int(row[0]) if row else 0
    plaatsen = state.registratie.aantal_plaatsen
    return VacatureResponse.model_validate(
        {**state.registratie.model_dump(), "status": state.status, "bezet": bezet, "vrij": max(0, plaatsen - bezet)}
    ).model_dump(mode="json")


async def lees_werkgever(runtime: Runtime, principal: Principal, werkgever_id: UUID) -> dict[str, Any]:
    """An employer with a location in the caller's gemeenten (404 otherwise)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        werkgever = await uow.load(domain.WERKGEVERS, werkgever_id)
        return await werkgever_body(uow.conn, werkgever.state)

    return await query(runtime, principal, read)


async def zoek_werkgever(
    runtime: Runtime, principal: Principal, kvk_nummer: str | None, naam: str | None = None
) -> list[dict[str, Any]]:
    """The employers with this KvK number, or with this part in their name, that have a location in the caller's
    gemeenten."""

    async def read(uow: UnitOfWork) -> list[dict[str, Any]]:
        if kvk_nummer is not None:
            rows = await KVK.fetch(uow.conn, kvk=kvk_nummer)
        else:
            patroon = "%" + re.sub(r"([\\%_])", r"\\\1", naam or "") + "%"
            rows = await NAAM.fetch(uow.conn, patroon=patroon)
        gevonden = []
        for row in rows:
            werkgever = await uow.find(domain.WERKGEVERS, row[0])
            if werkgever is None or not werkgever.state.gemeenten & principal.gemeenten:
                continue
            uow.see(werkgever.state.gemeenten, domain.WerkgeverNietGevonden())
            gevonden.append(await werkgever_body(uow.conn, werkgever.state))
        return gevonden

    return await query(runtime, principal, read)


async def lees_vacature(runtime: Runtime, principal: Principal, vacature_id: UUID) -> dict[str, Any]:
    """A vacature in the caller's gemeenten (404 otherwise)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return await vacature_body(uow.conn, (await uow.load(domain.VACATURES, vacature_id)).state)

    return await query(runtime, principal, read)


async def lijst_vacatures(
    runtime: Runtime,
    principal: Principal,
    *,
    status: VacatureStatus | None,
    gemeenten: list[str] | None,
    cursor: str | None,
    limit: int,
) -> Page[VacatureSamenvatting]:
    """Vacatures in the caller's gemeenten (narrowed by `gemeenten`), oldest first, keyset-paginated."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[VacatureSamenvatting]:
        rows = await _VACATURES.fetch(
            uow.conn,
            gemeenten=principal.scope(gemeenten),
            status=None if status is None else status.value,
            na_op=na_op,
            na_id=na_id,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[10], r[0]))
        items = [
            VacatureSamenvatting.model_validate(
                {**dict(zip(_VELDEN, r, strict=False)), "bezet": r[11], "vrij": max(0, r[9] - r[11])}
            )
            for r in rows
        ]
        return Page[VacatureSamenvatting](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)
