"""Reads of budget lines, their ledger and the keuzes, all through the scoped query path."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.csvbestand import csv_tekst
from libs.events.db import Sql
from libs.events.runtime import Runtime

from . import domain, keuzes
from .schemas import BudgetregelResponse, KeuzesResponse, KeuzeUit

NAAM = Sql("SELECT regel_id FROM trajecten_budgetregels WHERE gemeente = :gemeente AND jaar = :jaar AND naam = :naam")
_REGELS = Sql(
    "SELECT regel_id FROM trajecten_budgetregels WHERE gemeente = ANY(CAST(:gemeenten AS text[])) "
    "AND (CAST(:jaar AS integer) IS NULL OR jaar = :jaar) ORDER BY gemeente, jaar, naam LIMIT 500"
)
_BOEKINGEN = Sql(
    "SELECT maand, soort, sum(bedrag) FROM trajecten_boekingen WHERE regel_id = :regel GROUP BY maand, soort "
    "ORDER BY maand"
)
_POPULATIE = Sql(
    "SELECT klant_id, soort, route, startdatum, einddatum, uitkomst, gerealiseerd + premies "
    "FROM trajecten_voorzieningen WHERE gemeente = :gemeente AND startdatum >= :van AND startdatum < :tot"
)
_WERK = Sql("SELECT klant_id, startdatum FROM trajecten_werk WHERE klant_id = ANY(CAST(:klanten AS uuid[]))")
_SOORTEN = {"vastlegging": "vastgelegd", "realisatie": "gerealiseerd", "premie": "premies", "vrijval": "vrijgevallen"}


async def regel_body(conn: AsyncConnection, regel: domain.Budgetregel, *, maanden: bool = True) -> dict[str, Any]:
    """A line with its totals and, unless listed, its ledger per month."""
    per: dict[date, dict[str, Decimal]] = {}
    for maand, soort, bedrag in await _BOEKINGEN.fetch(conn, regel=regel.regel_id):
        per.setdefault(maand, dict.fromkeys(_SOORTEN.values(), Decimal(0)))[_SOORTEN[soort]] += bedrag
    som = {k: sum((m[k] for m in per.values()), Decimal(0)) for k in _SOORTEN.values()}
    open_ = som["vastgelegd"] - som["gerealiseerd"] - som["vrijgevallen"]
    gerealiseerd = som["gerealiseerd"] + som["premies"]
    return BudgetregelResponse.model_validate(
        {
            "regel_id": regel.regel_id,
            "gemeente": regel.gemeente,
            "jaar": regel.jaar,
            "naam": regel.naam,
            "kanaal": regel.kanaal,
            "bedrag": regel.bedrag,
            "bron": regel.bron,
            "vastgelegd": som["vastgelegd"],
            "gerealiseerd": gerealiseerd,
            "open_verplichting": open_,
            "resterend": regel.bedrag - gerealiseerd - open_,
            "maanden": [{"maand": m, **bedragen} for m, bedragen in sorted(per.items())] if maanden else [],
        }
    ).model_dump(mode="json")


async def lees_regel(runtime: Runtime, principal: Principal, regel_id: UUID) -> dict[str, Any]:
    """A line of the caller's gemeenten with its ledger (404 otherwise)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return await regel_body(uow.conn, (await uow.load(domain.BUDGETREGELS, regel_id)).state)

    return await query(runtime, principal, read)


async def lijst_regels(
    runtime: Runtime, principal: Principal, gemeenten: list[str] | None, jaar: int | None
) -> list[dict[str, Any]]:
    """The lines of the caller's gemeenten (narrowed), with their totals."""

    async def read(uow: UnitOfWork) -> list[dict[str, Any]]:
        uit = []
        for (regel_id,) in await _REGELS.fetch(uow.conn, gemeenten=principal.scope(gemeenten), jaar=jaar):
            regel = await uow.load(domain.BUDGETREGELS, regel_id)
            uit.append(await regel_body(uow.conn, regel.state, maanden=False))
        return uit

    return await query(runtime, principal, read)


async def lees_keuzes(
    runtime: Runtime, principal: Principal, gemeente: str, jaar: int, peildatum: date
) -> dict[str, Any]:
    """The keuzes of a gemeente's voorzieningen started in `jaar`, as known on `peildatum`."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        rows = await _POPULATIE.fetch(uow.conn, gemeente=gemeente, van=date(jaar, 1, 1), tot=date(jaar + 1, 1, 1))
        populatie = [keuzes.Gestart(*row) for row in rows]
        werk: dict[UUID, list[date]] = {}
        for klant_id, start in await _WERK.fetch(uow.conn, klanten=sorted({v.klant_id for v in populatie})):
            werk.setdefault(klant_id, []).append(start)
        per_soort, per_route = keuzes.keuzes(populatie, werk, peildatum)
        return KeuzesResponse.model_validate(
            {"gemeente": gemeente, "jaar": jaar, "peildatum": peildatum, "per_soort": per_soort, "per_route": per_route}
        ).model_dump(mode="json")

    return await query(runtime, principal, read)


def keuzes_csv(body: dict[str, Any]) -> str:
    """The keuzes as CSV: one row per kind and per route, columns as the JSON's names in snake_case."""
    kolommen = [veld for veld in KeuzeUit.model_fields]
    velden = [KeuzeUit.model_fields[k].alias or k for k in kolommen]
    rijen = [[rij[v] for v in velden] for rij in (*body["perSoort"], *body["perRoute"])]
    return csv_tekst(kolommen, rijen)
