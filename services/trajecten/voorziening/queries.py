"""Reads of voorzieningen, aanbieders, the catalogue and the termijnen, all through the scoped query path."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.contracts.trajecten import Voorzieningsoort
from libs.events.db import Sql
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from ..catalogus import CATALOGI, CATALOGUSSEN, GRENZEN, Catalogus, catalogus, catalogus_id
from . import domain
from .schemas import AanbiederResponse, CatalogusResponse, TermijnUit, VoorzieningResponse, VoorzieningSamenvatting

KVK = Sql("SELECT aanbieder_id FROM trajecten_aanbieders WHERE kvk_nummer = :kvk")
_NAAM = Sql("SELECT aanbieder_id FROM trajecten_aanbieders WHERE naam ILIKE :patroon ORDER BY naam LIMIT 50")
_IN_GEMEENTEN = Sql(
    "SELECT aanbieder_id FROM trajecten_aanbieders WHERE gemeenten && CAST(:gemeenten AS text[]) "
    "ORDER BY naam LIMIT 200"
)
_VELDEN = (
    "voorziening_id",
    "klant_id",
    "plan_id",
    "gemeente",
    "code",
    "label",
    "soort",
    "route",
    "aanbieder_id",
    "startdatum",
    "tot",
    "uitkomst",
    "verplichting",
    "gerealiseerd",
)
_LIJST = Sql(
    f"SELECT {', '.join(_VELDEN)}, gestart_op FROM trajecten_voorzieningen "
    "WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND (CAST(:klant AS uuid) IS NULL OR klant_id = :klant) "
    "AND (CAST(:plan AS uuid) IS NULL OR plan_id = :plan) AND (CAST(:soort AS text) IS NULL OR soort = :soort) "
    "AND (gestart_op, voorziening_id::text) > (:na_op, :na_id) ORDER BY gestart_op, voorziening_id::text LIMIT :limit"
)
_LOPEND = Sql(
    "SELECT v.voorziening_id, v.klant_id, v.plan_id, v.gemeente, v.soort, v.label, v.startdatum, v.tot, "
    "v.geevalueerd, v.uiterlijk_einde, v.premies_aantal, p.startkwalificatie, "
    "EXISTS (SELECT 1 FROM trajecten_voorzieningen s WHERE s.klant_id = v.klant_id AND s.soort = 'scholing') "
    "FROM trajecten_voorzieningen v JOIN trajecten_plannen p ON p.plan_id = v.plan_id "
    "WHERE v.gemeente = ANY(CAST(:gemeenten AS text[])) AND v.uitkomst IS NULL "
    "ORDER BY v.startdatum, v.voorziening_id LIMIT 5000"
)
_PLAN_EVALUATIES = Sql(
    "SELECT plan_id, klant_id, gemeente, volgende_evaluatie FROM trajecten_plannen "
    "WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND volgende_evaluatie IS NOT NULL "
    "ORDER BY volgende_evaluatie LIMIT 5000"
)


def aanbieder_body(state: domain.Aanbieder) -> dict[str, Any]:
    """An aanbieder as the API shows it."""
    return AanbiederResponse(
        aanbieder_id=state.aanbieder_id, naam=state.naam, soort=state.soort, gemeenten=list(state.gemeenten)
    ).model_dump(mode="json", by_alias=True)


def voorziening_body(state: domain.Voorziening) -> dict[str, Any]:
    """A voorziening as the API shows it."""
    g = state.gestart
    return VoorzieningResponse.model_validate(
        {
            **g.model_dump(exclude={"kosten", "verplichting"}),
            "kosten": g.kosten.model_dump(),
            "tot": state.tot,
            "verplichting": state.verplichting,
            "gerealiseerd": state.gerealiseerd,
            "verlengingen": len(state.verlengingen),
            "evaluaties": [e.model_dump() for e in state.evaluaties],
            "boekingen": [k.model_dump() for k in state.kosten],
            "premies": [p.model_dump() for p in state.premies],
            "uitkomst": state.beeindigd.uitkomst if state.beeindigd else None,
            "reden_uitval": state.beeindigd.reden_uitval if state.beeindigd else None,
            "vrijval": state.beeindigd.vrijval if state.beeindigd else None,
        }
    ).model_dump(mode="json", by_alias=True)


async def lees_voorziening(runtime: Runtime, principal: Principal, voorziening_id: UUID) -> dict[str, Any]:
    """A voorziening in the caller's gemeenten (404 otherwise)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return voorziening_body((await uow.load(domain.VOORZIENINGEN, voorziening_id)).state)

    return await query(runtime, principal, read)


async def lijst_voorzieningen(
    runtime: Runtime,
    principal: Principal,
    *,
    klant_id: UUID | None,
    plan_id: UUID | None,
    soort: Voorzieningsoort | None,
    gemeenten: list[str] | None,
    cursor: str | None,
    limit: int,
) -> Page[VoorzieningSamenvatting]:
    """Voorzieningen in the caller's gemeenten, oldest first."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[VoorzieningSamenvatting]:
        rows = await _LIJST.fetch(
            uow.conn,
            gemeenten=principal.scope(gemeenten),
            klant=klant_id,
            plan=plan_id,
            soort=soort.value if soort else None,
            na_op=na_op,
            na_id=na_id,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[14], str(r[0])))
        items = [VoorzieningSamenvatting.model_validate(dict(zip(_VELDEN, r, strict=False))) for r in rows]
        return Page[VoorzieningSamenvatting](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


async def lees_aanbieder(runtime: Runtime, principal: Principal, aanbieder_id: UUID) -> dict[str, Any]:
    """An aanbieder working in the caller's gemeenten (404 otherwise)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return aanbieder_body((await uow.load(domain.AANBIEDERS, aanbieder_id)).state)

    return await query(runtime, principal, read)


async def zoek_aanbieders(
    runtime: Runtime, principal: Principal, kvk_nummer: str | None, naam: str | None
) -> list[dict[str, Any]]:
    """Aanbieders working in the caller's gemeenten: by KvK number, by a part of the name, or all (by name)."""

    async def read(uow: UnitOfWork) -> list[dict[str, Any]]:
        if kvk_nummer is not None:
            rows = await KVK.fetch(uow.conn, kvk=kvk_nummer)
        elif naam is not None:
            rows = await _NAAM.fetch(uow.conn, patroon="%" + re.sub(r"([\\%_])", r"\\\1", naam) + "%")
        else:
            rows = await _IN_GEMEENTEN.fetch(uow.conn, gemeenten=sorted(principal.gemeenten))
        gevonden = []
        for (aanbieder_id,) in rows:
            aanbieder = await uow.find(domain.AANBIEDERS, aanbieder_id)
            if aanbieder is None or not set(aanbieder.state.gemeenten) & principal.gemeenten:
                continue
            uow.see(aanbieder.state.gemeenten, domain.AanbiederNietGevonden())
            gevonden.append(aanbieder_body(aanbieder.state))
        return gevonden

    return await query(runtime, principal, read)


async def catalogus_van(uow: UnitOfWork, gemeente: str, dag: date) -> Catalogus:
    """The catalogue in force for the gemeente on `dag`: its own latest version by then, else the default."""
    eigen = await uow.find(CATALOGUSSEN, catalogus_id(gemeente))
    return catalogus(gemeente, dag, (*CATALOGI, *(eigen.state.versies if eigen else ())))


async def lees_catalogus(runtime: Runtime, principal: Principal, gemeente: str, dag: date) -> dict[str, Any]:
    """The catalogue of a gemeente of the caller's, as it applies on `dag`."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return catalogus_body(gemeente, await catalogus_van(uow, gemeente, dag))

    return await query(runtime, principal, read)


def catalogus_body(gemeente: str, catalogus: Catalogus) -> dict[str, Any]:
    """The catalogue as the API shows it, with each kind's legal limits."""
    items = []
    for item in catalogus.items:
        g = GRENZEN.get(item.soort)
        items.append(
            {
                "code": item.code,
                "label": item.label,
                "soort": item.soort,
                "grondslag": item.grondslag,
                "kostenwijze": item.kostenwijze,
                "premie": item.premie,
                "eerste_periode_maanden": g.eerste_periode if g else None,
                "verlenging_maanden": g.verlenging if g else None,
                "verlengingen": g.verlengingen if g else None,
            }
        )
    return CatalogusResponse.model_validate(
        {
            "gemeente": gemeente,
            "versie": catalogus.versie,
            "eigen": catalogus.gemeente == gemeente,
            "bron": catalogus.bron,
            "items": items,
        }
    ).model_dump(mode="json", by_alias=True)


def _termijnen_van(row: Any) -> list[tuple[str, date, str]]:
    """What the law asks of one running voorziening, by date (werk-naar-vermogen §1.5)."""
    (_, _, _, _, soort, label, start, tot, geevalueerd, uiterlijk, premies, startkwalificatie, scholing) = row
    uit = [("einde", tot, f"{label} eindigt zoals gepland")]
    if soort != Voorzieningsoort.WERKERVARINGSPLAATS.value:
        return uit
    g = GRENZEN[Voorzieningsoort.WERKERVARINGSPLAATS]
    assert g.evaluatie_na and g.premie_na and g.scholing_na
    if not geevalueerd:
        uit.append(("evaluatie_wep", start + relativedelta(months=g.evaluatie_na), "evaluatie na 9 maanden (art. 10a)"))
    if uiterlijk is not None:
        uit.append(("einde_zonder_effect", uiterlijk, "zonder effect: beëindigen binnen 12 maanden (art. 10a)"))
    volgende = start + relativedelta(months=g.premie_na * (premies + 1))
    if volgende <= tot + relativedelta(days=1):
        uit.append(("premie", volgende, f"premie na periode {premies + 1} van 6 maanden (art. 31 lid 2 j)"))
    if not startkwalificatie and not scholing:
        uit.append(
            (
                "scholing",
                start + relativedelta(months=g.scholing_na),
                "zonder startkwalificatie: scholing (art. 10a lid 5)",
            )
        )
    return uit


async def termijnen(
    runtime: Runtime,
    principal: Principal,
    *,
    tot: date | None,
    gemeenten: list[str] | None,
    cursor: str | None,
    limit: int,
) -> Page[TermijnUit]:
    """The dates the law and the plans set for running trajecten in the caller's gemeenten, soonest first."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[TermijnUit]:
        scope = principal.scope(gemeenten)
        items: list[tuple[datetime, str, TermijnUit]] = []
        for plan_id, klant_id, gemeente, datum in await _PLAN_EVALUATIES.fetch(uow.conn, gemeenten=scope):
            termijn = TermijnUit(
                soort="evaluatie_plan",
                datum=datum,
                klant_id=klant_id,
                gemeente=gemeente,
                plan_id=plan_id,
                voorziening_id=None,
                toelichting="evaluatie van het plan van aanpak met de klant (art. 44a lid 2)",
            )
            items.append((datetime.combine(datum, time.min), f"{plan_id}:plan", termijn))
        for row in await _LOPEND.fetch(uow.conn, gemeenten=scope):
            for soort, datum, toelichting in _termijnen_van(row):
                termijn = TermijnUit(
                    soort=soort,
                    datum=datum,
                    klant_id=row[1],
                    gemeente=row[3],
                    plan_id=row[2],
                    voorziening_id=row[0],
                    toelichting=toelichting,
                )
                items.append((datetime.combine(datum, time.min), f"{row[0]}:{soort}", termijn))
        gekozen = sorted(
            (i for i in items if (tot is None or i[2].datum <= tot) and (i[0], i[1]) > (na_op, na_id)),
            key=lambda i: (i[0], i[1]),
        )
        rows, next_cursor = paginate(gekozen[: limit + 1], limit, lambda i: (i[0], i[1]))
        return Page[TermijnUit](items=[i[2] for i in rows], next_cursor=next_cursor)

    return await query(runtime, principal, read)
