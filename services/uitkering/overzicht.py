"""The lists of uitkeringen: the worklist of aanvragen waiting for a besluit, and every uitkering with its status."""

from __future__ import annotations

from datetime import date

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.db import Sql
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from .schemas import AanvraagSamenvatting, Status, UitkeringSamenvatting

_WERKLIJST = Sql(
    "SELECT uitkering_id, klant_id, gemeente, aanvraagdatum, beslistermijn, voorschot_uiterlijk, voorschot_verleend "
    "FROM uitkering_overzicht WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND status = 'aangevraagd' "
    "AND (beslistermijn, uitkering_id::text) > (CAST(:na_op AS date), :na_id) "
    "ORDER BY beslistermijn, uitkering_id::text LIMIT :limit"
)
_UITKERINGEN = Sql(
    "SELECT uitkering_id, klant_id, gemeente, status, opgeschort, aanvraagdatum, ingangsdatum, laatste_dag "
    "FROM uitkering_overzicht WHERE gemeente = ANY(CAST(:gemeenten AS text[])) "
    "AND (CAST(:status AS text) IS NULL OR status = :status) AND uitkering_id::text > :na_id "
    "ORDER BY uitkering_id::text LIMIT :limit"
)


async def werklijst(
    runtime: Runtime,
    principal: Principal,
    *,
    gemeenten: list[str] | None,
    vandaag: date,
    cursor: str | None,
    limit: int,
) -> Page[AanvraagSamenvatting]:
    """Open aanvragen by beslistermijn: which need a voorschot and which are past their term."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[AanvraagSamenvatting]:
        rows = await _WERKLIJST.fetch(
            uow.conn, gemeenten=principal.scope(gemeenten), na_op=na_op.date(), na_id=na_id, limit=limit + 1
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[4], r[0]))
        items = [
            AanvraagSamenvatting(
                uitkering_id=r[0],
                klant_id=r[1],
                gemeente=r[2],
                status=Status.AANGEVRAAGD,
                aanvraagdatum=r[3],
                beslistermijn=r[4],
                voorschot_uiterlijk=r[5],
                voorschot_verleend=r[6],
                voorschot_nodig=not r[6] and r[5] <= vandaag,
                termijn_overschreden=r[4] < vandaag,
            )
            for r in rows
        ]
        return Page[AanvraagSamenvatting](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


async def uitkeringen(
    runtime: Runtime,
    principal: Principal,
    *,
    gemeenten: list[str] | None,
    status: Status | None,
    cursor: str | None,
    limit: int,
) -> Page[UitkeringSamenvatting]:
    """Every aanvraag and uitkering of the caller's gemeenten with its status, by id."""
    _, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[UitkeringSamenvatting]:
        rows = await _UITKERINGEN.fetch(
            uow.conn,
            gemeenten=principal.scope(gemeenten),
            status=status.value if status else None,
            na_id=na_id,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (date.min, str(r[0])))
        velden = ("uitkering_id", "klant_id", "gemeente", "status", "opgeschort", "aanvraagdatum", "ingangsdatum")
        items = [
            UitkeringSamenvatting.model_validate({**dict(zip(velden, r, strict=False)), "laatste_dag": r[7]})
            for r in rows
        ]
        return Page[UitkeringSamenvatting](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)
