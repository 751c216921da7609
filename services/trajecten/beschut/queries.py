"""Reads of beschut werk: an advies and what followed, the realisation against the taakstelling, the region."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.csvbestand import csv_tekst
from libs.events.db import Sql
from libs.events.envelope import utcnow
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime
from libs.events.stamps import vandaag_in_nederland

from . import domain
from .schemas import AdviesaanvraagResponse, RealisatieResponse, RegioResponse

# The outbox: requests recorded and not yet taken by UWV; and those UWV took and has not advised on.
TE_VERZENDEN = Sql(
    "SELECT aanvraag_id FROM trajecten_beschut WHERE verzonden_op IS NULL AND aanvraag_id::text > :na "
    "ORDER BY aanvraag_id::text LIMIT :limit"
)
OPEN = Sql(
    "SELECT aanvraag_id FROM trajecten_beschut WHERE verzonden_op IS NOT NULL AND advies_op IS NULL "
    "AND aanvraag_id::text > :na ORDER BY aanvraag_id::text LIMIT :limit"
)
_LIJST = Sql(
    "SELECT aanvraag_id, aangevraagd_op FROM trajecten_beschut WHERE gemeente = ANY(CAST(:gemeenten AS text[])) "
    "AND (CAST(:klant AS uuid) IS NULL OR klant_id = :klant) "
    "AND (aangevraagd_op, aanvraag_id::text) > (:na_op, :na_id) "
    "ORDER BY aangevraagd_op, aanvraag_id::text LIMIT :limit"
)
_TELLING = Sql(
    "SELECT gemeente, "
    "count(*) FILTER (WHERE startdatum <= :d AND (einddatum IS NULL OR einddatum >= :d)), "
    "count(*) FILTER (WHERE aangewezen AND indicatie_van <= :d AND (indicatie_tot IS NULL OR indicatie_tot >= :d) "
    "AND NOT COALESCE(startdatum <= :d AND (einddatum IS NULL OR einddatum >= :d), false)), "
    "count(*) FILTER (WHERE aangevraagd_dag BETWEEN :van AND :d), "
    "count(*) FILTER (WHERE advies_aangewezen AND advies_op BETWEEN :van AND :d), "
    "count(*) FILTER (WHERE NOT advies_aangewezen AND advies_op BETWEEN :van AND :d), "
    "count(*) FILTER (WHERE aangevraagd_dag <= :d AND (advies_op IS NULL OR advies_op > :d)), "
    "count(*) FILTER (WHERE aangevraagd_dag <= :d AND "
    "((advies_op IS NOT NULL AND advies_op <= :d AND NOT binnen_termijn) "
    "OR ((advies_op IS NULL OR advies_op > :d) AND uiterlijk < :d))) "
    "FROM trajecten_beschut WHERE gemeente = ANY(CAST(:gemeenten AS text[])) GROUP BY gemeente"
)
_TAAKSTELLINGEN = Sql(
    "SELECT gemeente, aantal, bron FROM trajecten_taakstellingen WHERE jaar = :jaar "
    "AND gemeente = ANY(CAST(:gemeenten AS text[]))"
)


def _status(state: domain.BeschutWerk) -> str:
    if state.einde is not None:
        return "beeindigd"
    if state.dienstbetrekking is not None:
        return "in_dienst"
    if state.vaststelling is not None:
        return "besloten"
    return "geadviseerd" if state.advies is not None else "aangevraagd"


def aanvraag_body(state: domain.BeschutWerk) -> dict[str, Any]:
    """An advies beschut werk as the API shows it."""
    d = state.dienstbetrekking
    return AdviesaanvraagResponse.model_validate(
        {
            **state.aanvraag.model_dump(),
            "status": _status(state),
            "verzonden_op": state.verzonden.verzonden_op if state.verzonden else None,
            "advies": state.advies.model_dump() if state.advies else None,
            "besluit": state.vaststelling.model_dump() if state.vaststelling else None,
            "dienstbetrekking": None
            if d is None
            else {**d.model_dump(), "einddatum": state.einde.einddatum if state.einde else None},
        }
    ).model_dump(mode="json")


async def lees_aanvraag(runtime: Runtime, principal: Principal, aanvraag_id: UUID) -> dict[str, Any]:
    """An advies beschut werk in the caller's gemeenten (404 otherwise)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return aanvraag_body((await uow.load(domain.BESCHUT_WERK, aanvraag_id)).state)

    return await query(runtime, principal, read)


async def lijst_aanvragen(
    runtime: Runtime, principal: Principal, *, klant_id: UUID | None, cursor: str | None, limit: int
) -> Page[AdviesaanvraagResponse]:
    """Adviezen beschut werk in the caller's gemeenten, oldest first."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[AdviesaanvraagResponse]:
        rows = await _LIJST.fetch(
            uow.conn, gemeenten=sorted(principal.gemeenten), klant=klant_id, na_op=na_op, na_id=na_id, limit=limit + 1
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[1], str(r[0])))
        items = [
            AdviesaanvraagResponse.model_validate(aanvraag_body((await uow.load(domain.BESCHUT_WERK, r[0])).state))
            for r in rows
        ]
        return Page[AdviesaanvraagResponse](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


def peildatum(jaar: int, op: date | None, vandaag: date) -> date:
    """The day counted: `op`, else the year's last day, or today while the year runs."""
    return op or min(date(jaar, 12, 31), vandaag)


async def _per_gemeente(conn: AsyncConnection, gemeenten: list[str], jaar: int, dag: date) -> dict[str, dict[str, Any]]:
    tellingen = {r[0]: r[1:] for r in await _TELLING.fetch(conn, gemeenten=gemeenten, d=dag, van=date(jaar, 1, 1))}
    taken = {r[0]: (int(r[1]), r[2]) for r in await _TAAKSTELLINGEN.fetch(conn, jaar=jaar, gemeenten=gemeenten)}
    uit: dict[str, dict[str, Any]] = {}
    for gemeente in sorted(set(tellingen) | set(taken)):
        t = tellingen.get(gemeente, (0,) * 7)
        aantal, bron = taken.get(gemeente, (None, None))
        uit[gemeente] = {
            "gemeente": gemeente,
            "jaar": jaar,
            "peildatum": dag,
            "taakstelling": aantal,
            "bron": bron,
            "gerealiseerd": t[0],
            "wachtlijst": t[1],
            "gehaald": None if aantal is None else t[0] >= aantal,
            "adviezen": {"aangevraagd": t[2], "positief": t[3], "negatief": t[4], "open": t[5], "buiten_termijn": t[6]},
        }
    return uit


async def realisatie(conn: AsyncConnection, gemeente: str, jaar: int, op: date | None) -> dict[str, Any]:
    """A gemeente's realisation against its taakstelling on the peildatum."""
    dag = peildatum(jaar, op, vandaag_in_nederland(utcnow()))
    leeg = {
        "gemeente": gemeente,
        "jaar": jaar,
        "peildatum": dag,
        "taakstelling": None,
        "bron": None,
        "gerealiseerd": 0,
        "wachtlijst": 0,
        "gehaald": None,
        "adviezen": {"aangevraagd": 0, "positief": 0, "negatief": 0, "open": 0, "buiten_termijn": 0},
    }
    body = (await _per_gemeente(conn, [gemeente], jaar, dag)).get(gemeente, leeg)
    return RealisatieResponse.model_validate(body).model_dump(mode="json")


async def lees_realisatie(
    runtime: Runtime, principal: Principal, gemeente: str, jaar: int, op: date | None
) -> dict[str, Any]:
    """The realisation of a gemeente of the caller's."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return await realisatie(uow.conn, gemeente, jaar, op)

    return await query(runtime, principal, read)


async def lees_regio(runtime: Runtime, principal: Principal, jaar: int, op: date | None) -> dict[str, Any]:
    """Every gemeente of the caller's scope with its realisation, and the totals."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        dag = peildatum(jaar, op, vandaag_in_nederland(utcnow()))
        rijen = list((await _per_gemeente(uow.conn, sorted(principal.gemeenten), jaar, dag)).values())
        return RegioResponse.model_validate(
            {
                "jaar": jaar,
                "peildatum": dag,
                "gemeenten": rijen,
                "taakstelling": sum(r["taakstelling"] or 0 for r in rijen),
                "gerealiseerd": sum(r["gerealiseerd"] for r in rijen),
                "wachtlijst": sum(r["wachtlijst"] for r in rijen),
            }
        ).model_dump(mode="json")

    return await query(runtime, principal, read)


def regio_csv(body: dict[str, Any]) -> str:
    """The region as CSV: one row per gemeente, snake_case columns."""
    kolommen = [
        "gemeente",
        "jaar",
        "peildatum",
        "taakstelling",
        "gerealiseerd",
        "wachtlijst",
        "gehaald",
        "aangevraagd",
        "positief",
        "negatief",
        "open",
        "buiten_termijn",
        "bron",
    ]
    rijen = [
        [
            r["gemeente"],
            r["jaar"],
            r["peildatum"],
            r["taakstelling"],
            r["gerealiseerd"],
            r["wachtlijst"],
            r["gehaald"],
            r["adviezen"]["aangevraagd"],
            r["adviezen"]["positief"],
            r["adviezen"]["negatief"],
            r["adviezen"]["open"],
            r["adviezen"]["buitenTermijn"],
            r["bron"],
        ]
        for r in body["gemeenten"]
    ]
    return csv_tekst(kolommen, rijen)
