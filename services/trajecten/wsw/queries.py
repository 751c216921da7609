"""Reads of the Wsw zittend bestand: a medewerker, the bestand on a day, and the projection per year."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs import aow
from libs.events import shredding
from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.contracts.trajecten import Werkvorm
from libs.events.db import Sql
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from . import domain, geld
from . import statistiek as wsw_statistiek
from .schemas import BestandResponse, GeldResponse, MedewerkerResponse, ProjectieResponse

_MEDEWERKERS = Sql(
    "SELECT w.medewerker_id, w.klant_id, w.indienst, w.persoonlijk, w.uitstroom_per, "
    "array_agg(p.per ORDER BY p.per), array_agg(p.werkvorm ORDER BY p.per), array_agg(p.uren ORDER BY p.per) "
    "FROM trajecten_wsw w JOIN trajecten_wsw_perioden p USING (medewerker_id) "
    "WHERE w.gemeente = ANY(CAST(:gemeenten AS text[])) GROUP BY w.medewerker_id"
)
AANNAMES = [
    "Geen instroom sinds 1-1-2015 (Invoeringswet Participatiewet art. II).",
    "Uitstroom op de AOW-leeftijd (Wsw art. 12 lid 2 a): 67 jaar tot en met 2027, 67 jaar en 3 maanden vanaf 2028 "
    "(AOW art. 7a); latere verhogingen zijn niet bekend en niet meegenomen.",
    "Verder alleen de vastgelegde uitstroom; geen aanname over overlijden of ziekte.",
    "Werkvorm en uren blijven zoals nu vastgelegd; voltijd is 36 uur (cao SW), 1 SE = 1 arbeidsjaar.",
    "Eén beschut werkplek per drie Wsw-uitstromers (SZW-aanname in Berenschot voor regio Alkmaar, 2020).",
]


_KLANTEN_VAN = Sql("SELECT DISTINCT klant_id FROM trajecten_wsw WHERE gemeente = ANY(CAST(:gemeenten AS text[]))")


async def _verwerkt(uow: UnitOfWork, gemeenten: list[str]) -> None:
    """Counting the bestand decrypts every medewerker's birth date: a processing of each (LDV)."""
    uow.verwerk("trajecten-wsw-bestand", [r[0] for r in await _KLANTEN_VAN.fetch(uow.conn, gemeenten=gemeenten)])


def medewerker_body(state: domain.Medewerker) -> dict[str, Any]:
    """A medewerker as the API shows it, without the birth date."""
    g, u = state.geregistreerd, state.uitstroom
    return MedewerkerResponse.model_validate(
        {
            **g.model_dump(exclude={"persoonlijk"}),
            "perioden": [p.__dict__ for p in state.perioden],
            "uitstroom_per": u.per if u else None,
            "uitstroom_reden": u.reden if u else None,
            "detacheringen": [{**d.gestart.model_dump(), "tot": d.tot} for d in state.detacheringen],
        }
    ).model_dump(mode="json")


async def lees_medewerker(runtime: Runtime, principal: Principal, medewerker_id: UUID) -> dict[str, Any]:
    """A medewerker in the caller's gemeenten (404 otherwise)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return medewerker_body((await uow.load(domain.MEDEWERKERS, medewerker_id)).state)

    return await query(runtime, principal, read)


_LIJST = Sql(
    "SELECT medewerker_id FROM trajecten_wsw WHERE gemeente = ANY(CAST(:gemeenten AS text[])) "
    "AND medewerker_id::text > :na_id ORDER BY medewerker_id::text LIMIT :limit"
)


async def lijst_medewerkers(
    runtime: Runtime, principal: Principal, gemeenten: list[str] | None, *, cursor: str | None, limit: int
) -> Page[MedewerkerResponse]:
    """The medewerkers of the caller's gemeenten (narrowed to `gemeenten`), by id."""
    _, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[MedewerkerResponse]:
        rows = await _LIJST.fetch(uow.conn, gemeenten=principal.scope(gemeenten), na_id=na_id, limit=limit + 1)
        rows, next_cursor = paginate(rows, limit, lambda r: (date.min, str(r[0])))
        items = [
            MedewerkerResponse.model_validate(medewerker_body((await uow.load(domain.MEDEWERKERS, r[0])).state))
            for r in rows
        ]
        return Page[MedewerkerResponse](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


async def standen(conn: AsyncConnection, gemeenten: list[str], vervroegd: int = 0) -> list[domain.Stand]:
    """Every medewerker of these gemeenten with the AOW date from the decrypted birth date (None once erased)."""
    return list((await standen_per_medewerker(conn, gemeenten, vervroegd)).values())


async def standen_per_medewerker(
    conn: AsyncConnection, gemeenten: list[str], vervroegd: int = 0
) -> dict[UUID, domain.Stand]:
    """`standen` by medewerker id."""
    rows = await _MEDEWERKERS.fetch(conn, gemeenten=gemeenten)
    sleutels = await shredding.sleutels(conn, sorted({r[1] for r in rows}))
    uit: dict[UUID, domain.Stand] = {}
    for medewerker, klant, indienst, persoonlijk, uitstroom, perioden, werkvormen, uren in rows:
        waarde = shredding.ontsleutel(sleutels.get(klant), klant, persoonlijk)
        aow_dag = aow.aow_datum(date.fromisoformat(waarde["geboortedatum"])) if isinstance(waarde, dict) else None
        periodes = tuple(
            domain.Periode(p, Werkvorm(w), int(h)) for p, w, h in zip(perioden, werkvormen, uren, strict=True)
        )
        uit[medewerker] = domain.Stand(indienst, domain.einde(aow_dag, uitstroom, vervroegd), periodes)
    return uit


async def lees_bestand(runtime: Runtime, principal: Principal, gemeente: str, dag: date) -> dict[str, Any]:
    """The bestand of a gemeente of the caller's on a day."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        await _verwerkt(uow, [gemeente])
        alle = await standen(uow.conn, [gemeente])
        binnen = [s for s in alle if s.in_bestand(dag)]
        se = sum((Decimal(s.periode(dag).uren_per_week) / domain.VOLTIJD_UREN for s in binnen), Decimal(0))
        return BestandResponse.model_validate(
            {
                "gemeente": gemeente,
                "peildatum": dag,
                "personen": len(binnen),
                "se": se.quantize(Decimal("0.01")),
                "per_werkvorm": dict(Counter(s.periode(dag).werkvorm.value for s in binnen)),
                "geboortedatum_gewist": sum(1 for s in binnen if s.einde is None),
            }
        ).model_dump(mode="json")

    return await query(runtime, principal, read)


_LAATSTE_FINANCIERING = Sql(
    "SELECT DISTINCT ON (gemeente) gemeente, jaar, rijksbijdrage, rijksbijdrage_bron, loonkosten_per_se, "
    "loonkosten_bron FROM trajecten_wsw_financiering WHERE gemeente = ANY(CAST(:gemeenten AS text[])) "
    "ORDER BY gemeente, jaar DESC"
)


async def lees_projectie(
    runtime: Runtime, principal: Principal, gemeenten: list[str], van: int, tot: int, vervroegd: int
) -> dict[str, Any]:
    """The projection of these gemeenten together (one, or the caller's region): each gemeente with its own
    medewerkers and its own tarieven, summed per year; the places from the summed leavers."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        await _verwerkt(uow, gemeenten)
        financiering = {
            r[0]: domain.Financiering(*r) for r in await _LAATSTE_FINANCIERING.fetch(uow.conn, gemeenten=gemeenten)
        }
        totaal: dict[int, dict[str, Any]] = {}
        met_geld: list[str] = []
        for gemeente in gemeenten:
            eigen = await standen(uow.conn, [gemeente], vervroegd)
            if not eigen:
                continue
            f = financiering.get(gemeente)
            t = domain.tarieven(f, domain.arbeidsjaren(eigen, f.jaar)) if f else None
            if f is not None and t is not None:
                met_geld.append(f"{gemeente}: tarieven van {t.jaar} ({f.rijksbijdrage_bron}; {f.loonkosten_bron})")
            for j in domain.projectie(eigen, van, tot):
                rij = totaal.setdefault(
                    j.jaar,
                    {
                        "jaar": j.jaar,
                        "bestand_ultimo": 0,
                        "arbeidsjaren": Decimal(0),
                        "uitstroom": 0,
                        "uitstroom_cumulatief": 0,
                        "rijksbijdrage": None,
                        "loonkosten": None,
                        "subsidietekort": None,
                    },
                )
                for k in ("bestand_ultimo", "arbeidsjaren", "uitstroom", "uitstroom_cumulatief"):
                    rij[k] += getattr(j, k)
                if t is not None:
                    g = domain.projectiegeld(j.arbeidsjaren, t)
                    for k in ("rijksbijdrage", "loonkosten", "subsidietekort"):
                        rij[k] = (rij[k] or Decimal(0)) + getattr(g, k)
        jaren = [
            {**rij, "beschut_plaatsen_nodig": math.ceil(rij["uitstroom_cumulatief"] / domain.WSW_LEAVERS_PER_PLEK)}
            for _, rij in sorted(totaal.items())
        ]
        aannames = AANNAMES + (
            [f"Vervroegde uittreding {vervroegd} jaar voor de AOW-leeftijd (RVU, cao SW)."] if vervroegd else []
        )
        if met_geld:
            aannames.append(
                "Rijksbijdrage en loonkosten per arbeidsjaar blijven zoals in het laatst ingevoerde jaar "
                "(rijksbijdrage ÷ de gerealiseerde arbeidsjaren van dat jaar); geen loon- en prijsontwikkeling, "
                "geen efficiencykorting, geen inleenvergoedingen: " + "; ".join(met_geld) + "."
            )
        return ProjectieResponse.model_validate(
            {"gemeenten": gemeenten, "van": van, "tot": tot, "aannames": aannames, "jaren": jaren}
        ).model_dump(mode="json")

    return await query(runtime, principal, read)


_DETACHERINGEN = Sql(
    "SELECT d.van, d.tot, d.uren, d.tarief, d.medewerker_id FROM trajecten_wsw_detacheringen d "
    "JOIN trajecten_wsw w USING (medewerker_id) WHERE w.gemeente = :gemeente "
    "AND d.van <= :eind AND (d.tot IS NULL OR d.tot >= :begin)"
)
_FINANCIERING = Sql(
    "SELECT rijksbijdrage, rijksbijdrage_bron, loonkosten_per_se, loonkosten_bron FROM trajecten_wsw_financiering "
    "WHERE gemeente = :gemeente AND jaar = :jaar"
)


async def geld_body(conn: AsyncConnection, gemeente: str, jaar: int) -> dict[str, Any]:
    """A gemeente's Wsw money for a year, per month (the formulas: `wsw/geld.py`)."""
    per_medewerker = await standen_per_medewerker(conn, [gemeente])
    alle = list(per_medewerker.values())
    begin, eind = date(jaar, 1, 1), date(jaar, 12, 31)
    detacheringen = [
        geld.Detacheringsregel(van, tot, int(uren), tarief, per_medewerker[medewerker].einde)
        for van, tot, uren, tarief, medewerker in await _DETACHERINGEN.fetch(
            conn, gemeente=gemeente, begin=begin, eind=eind
        )
    ]
    f = await _FINANCIERING.fetchrow(conn, gemeente=gemeente, jaar=jaar)
    financiering = domain.Financiering(gemeente, jaar, f[0], f[1], f[2], f[3]) if f else None
    maanden = geld.maanden(jaar, alle, detacheringen, financiering)
    som = {
        k: sum((getattr(m, k) for m in maanden), Decimal(0))
        for k in ("loonkosten", "rijksbijdrage", "inleenvergoedingen", "subsidietekort")
    }
    bronnen = {
        "rijksbijdrage": financiering.rijksbijdrage_bron if financiering else "niet ingevoerd",
        "loonkosten": financiering.loonkosten_bron if financiering else "niet ingevoerd",
        "inleenvergoedingen": "de detacheringen met hun uurtarief (Wsw art. 5)",
        "se": "de medewerkers in het bestand aan het eind van elke maand, uren ÷ 36 (Wsw art. 1, cao SW)",
    }
    return GeldResponse.model_validate(
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "maanden": [m.__dict__ for m in maanden],
            "arbeidsjaren": domain.arbeidsjaren(alle, jaar),
            **som,
            "bronnen": bronnen,
        }
    ).model_dump(mode="json")


async def lees_geld(runtime: Runtime, principal: Principal, gemeente: str, jaar: int) -> dict[str, Any]:
    """`geld_body` through the scoped query path."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        await _verwerkt(uow, [gemeente])
        return await geld_body(uow.conn, gemeente, jaar)

    return await query(runtime, principal, read)


_MEDEWERKER_IDS = Sql(
    "SELECT w.medewerker_id, k.gemeente FROM trajecten_wsw w LEFT JOIN trajecten_klanten k USING (klant_id)"
    " WHERE w.gemeente = :gemeente ORDER BY w.medewerker_id"
)


async def statistiek(
    runtime: Runtime, principal: Principal, gemeente: str, jaar: int, halfjaar: int
) -> list[tuple[UUID, dict[str, Any]]]:
    """The Statistiek Wsw records of a gemeente's half year (the gemeente of inschrijving as intake last told it),
    each with the klant id to read the BSN by at intake."""

    async def read(uow: UnitOfWork) -> list[tuple[UUID, dict[str, Any]]]:
        standen_ = await standen_per_medewerker(uow.conn, [gemeente])
        uit = []
        for medewerker_id, woongemeente in await _MEDEWERKER_IDS.fetch(uow.conn, gemeente=gemeente):
            m = (await uow.load(domain.MEDEWERKERS, medewerker_id)).state
            klant_id = m.geregistreerd.klant_id
            waarde = shredding.ontsleutel(
                await shredding.sleutel(uow.conn, klant_id), klant_id, m.geregistreerd.persoonlijk
            )
            geboren = waarde.get("geboortedatum") if isinstance(waarde, dict) else None
            rij = wsw_statistiek.record(m, standen_[medewerker_id], gemeente, jaar, halfjaar, geboren)
            if rij is not None:
                uow.verwerk("trajecten-wsw-statistiek", [klant_id])
                uit.append((klant_id, rij | {"gemeente_inschrijving": woongemeente}))
        return uit

    return await query(runtime, principal, read)
