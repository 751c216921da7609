"""Figures for beleid: the verordening as it applies, figures per gemeente and month, the BUIG budget ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from libs.events.auth import Principal
from libs.events.bedragen import centen
from libs.events.commands import UnitOfWork, query
from libs.events.csvbestand import csv_tekst
from libs.events.db import Sql
from libs.events.runtime import Runtime
from libs.gebieden import kerncijfers

from ..berekening import laatste_dag, maanden
from ..stand import UitkeringNietGevonden
from ..verordening import verordening
from .schemas import VerordeningResponse


def verordening_body(gemeente: str, dag: date) -> dict[str, Any]:
    """The parameter set that applies to the gemeente on `dag` (public: it is the gemeente's own regulation)."""
    v = verordening(gemeente, dag)
    return VerordeningResponse(
        gemeente=gemeente,
        eigen=v.gemeente == gemeente,
        geldig_vanaf=v.geldig_vanaf,
        bron=v.bron,
        eerste_maanden=v.eerste_maanden,
        overige={k.value: f"{p * 100:.0f}% gedurende {m} maand(en)" for k, (p, m) in v.overige.items()},
        zienswijze_dagen=v.zienswijze_dagen,
        boeteladder=v.ladder,
        waarschuwing_tot=v.waarschuwing_tot,
        heronderzoek_maanden=v.heronderzoek_maanden,
    ).model_dump(mode="json")


_BESTAND = Sql(
    "SELECT count(*) FILTER (WHERE ingangsdatum <= :eind AND (laatste_dag IS NULL OR laatste_dag >= :eind)), "
    "count(*) FILTER (WHERE ingangsdatum BETWEEN :begin AND :eind), "
    "count(*) FILTER (WHERE laatste_dag BETWEEN :begin AND :eind), "
    "count(*) FILTER (WHERE laatste_dag BETWEEN :begin AND :eind AND reden_einde = 'werk'), "
    "count(*) FILTER (WHERE ingangsdatum <= :eind AND (laatste_dag IS NULL OR laatste_dag >= :eind) "
    "AND ingangsdatum > CAST(:eind AS date) - interval '1 year'), "
    "count(*) FILTER (WHERE ingangsdatum <= :eind AND (laatste_dag IS NULL OR laatste_dag >= :eind) "
    "AND ingangsdatum <= CAST(:eind AS date) - interval '1 year' "
    "AND ingangsdatum > CAST(:eind AS date) - interval '3 years'), "
    "count(*) FILTER (WHERE ingangsdatum <= :eind AND (laatste_dag IS NULL OR laatste_dag >= :eind) "
    "AND ingangsdatum <= CAST(:eind AS date) - interval '3 years' "
    "AND ingangsdatum > CAST(:eind AS date) - interval '5 years'), "
    "count(*) FILTER (WHERE ingangsdatum <= :eind AND (laatste_dag IS NULL OR laatste_dag >= :eind) "
    "AND ingangsdatum <= CAST(:eind AS date) - interval '5 years'), "
    "count(*) FILTER (WHERE CAST(besloten_op AS date) BETWEEN :begin AND :eind), "
    "avg(CAST(besloten_op AS date) - meldingsdatum) FILTER (WHERE CAST(besloten_op AS date) BETWEEN :begin AND :eind), "
    "count(*) FILTER (WHERE CAST(besloten_op AS date) BETWEEN :begin AND :eind "
    "AND CAST(besloten_op AS date) <= beslistermijn) "
    "FROM uitkering_overzicht WHERE gemeente = :gemeente AND status <> 'aangevraagd'"
)


_HANDHAVING = Sql(
    "SELECT (SELECT count(*) FROM maatregelen_overzicht WHERE gemeente = :gemeente AND status = 'opgelegd' "
    "AND CAST(besloten_op AS date) BETWEEN :begin AND :eind), "
    "(SELECT count(*) FROM vorderingen_overzicht WHERE gemeente = :gemeente AND soort = 'boete' "
    "AND CAST(opgelegd_op AS date) BETWEEN :begin AND :eind), "
    "(SELECT count(*) FROM uitkering_ontheffingen WHERE gemeente = :gemeente AND van <= :eind AND tot >= :eind "
    "AND (beeindigd_per IS NULL OR beeindigd_per > :eind))"
)


# LKS running at month end for klanten living in the gemeente (their current woongemeente).
_LKS = Sql(
    "SELECT count(DISTINCT i.plaatsing_id), avg(i.loonwaarde_procent) FROM uitkering_instrumenten i "
    "JOIN uitkering_klanten k ON k.klant_id = i.klant_id WHERE k.gemeente = :gemeente AND i.soort = 'lks' "
    "AND i.loonwaarde_procent IS NOT NULL AND i.van <= :eind AND (i.tot IS NULL OR i.tot >= :eind)"
)


CIJFERS_KOLOMMEN = (
    "gemeente",
    "periode",
    "bestand",
    "instroom",
    "uitstroom",
    "uitstroom_naar_werk",
    "duur_korter_dan_1_jaar",
    "duur_1_tot_3_jaar",
    "duur_3_tot_5_jaar",
    "duur_5_jaar_of_langer",
    "besluiten",
    "doorlooptijd_gemiddeld_dagen",
    "besluiten_binnen_8_weken",
    "maatregelen",
    "maatregelen_per_1000",
    "boetes",
    "boetes_per_1000",
    "ontheffingen",
    "lks_lopend",
    "lks_loonwaarde_gemiddeld",
    "bijstandsdichtheid_per_1000",
    "cbs_dichtheid_2021_per_1000",
)


def _per_1000(teller: int, noemer: int) -> Decimal | None:
    return None if noemer == 0 else (Decimal(teller) * 1000 / noemer).quantize(Decimal("0.01"))


async def cijfers_maand(conn: Any, gemeente: str, periode: date) -> dict[str, Any]:
    """The figures of one gemeente for one month (column names are stable: `CIJFERS_KOLOMMEN`)."""

    eind = laatste_dag(periode)
    b = await _BESTAND.fetchrow(conn, gemeente=gemeente, begin=periode, eind=eind)
    h = await _HANDHAVING.fetchrow(conn, gemeente=gemeente, begin=periode, eind=eind)
    lks = await _LKS.fetchrow(conn, gemeente=gemeente, eind=eind)
    assert b is not None and h is not None and lks is not None
    bestand = int(b[0])
    cbs = kerncijfers().get(gemeente)
    return {
        "gemeente": gemeente,
        "periode": f"{periode:%Y-%m}",
        "bestand": bestand,
        "instroom": int(b[1]),
        "uitstroom": int(b[2]),
        "uitstroom_naar_werk": int(b[3]),
        "duur_korter_dan_1_jaar": int(b[4]),
        "duur_1_tot_3_jaar": int(b[5]),
        "duur_3_tot_5_jaar": int(b[6]),
        "duur_5_jaar_of_langer": int(b[7]),
        "besluiten": int(b[8]),
        "doorlooptijd_gemiddeld_dagen": None if b[9] is None else Decimal(b[9]).quantize(Decimal("0.1")),
        "besluiten_binnen_8_weken": int(b[10]),
        "maatregelen": int(h[0]),
        "maatregelen_per_1000": _per_1000(int(h[0]), bestand),
        "boetes": int(h[1]),
        "boetes_per_1000": _per_1000(int(h[1]), bestand),
        "ontheffingen": int(h[2]),
        "lks_lopend": int(lks[0]),
        "lks_loonwaarde_gemiddeld": None if lks[1] is None else Decimal(lks[1]).quantize(Decimal("0.1")),
        "bijstandsdichtheid_per_1000": _per_1000(bestand, cbs.inwoners_15_tot_65_schatting) if cbs else None,
        "cbs_dichtheid_2021_per_1000": _per_1000(cbs.bijstand_personen, cbs.inwoners_15_tot_65_2021)
        if cbs and cbs.bijstand_personen and cbs.inwoners_15_tot_65_2021
        else None,
    }


async def cijfers(runtime: Runtime, principal: Principal, gemeente: str, van: date, tot: date) -> list[dict[str, Any]]:
    """The figures per month of a gemeente in the caller's scope (aggregates: no personal data)."""

    async def read(uow: UnitOfWork) -> list[dict[str, Any]]:
        uow.see({gemeente}, UitkeringNietGevonden(f"geen cijfers voor {gemeente}"))
        return [await cijfers_maand(uow.conn, gemeente, m) for m in maanden(van, tot)]

    return await query(runtime, principal, read)


def cijfers_csv(rijen: list[dict[str, Any]]) -> str:
    """The figures as CSV with the stable column names."""
    kolommen = list(CIJFERS_KOLOMMEN)
    return csv_tekst(kolommen, ([rij.get(k) for k in kolommen] for rij in rijen))


# A month's bijstand is what was transferred plus what verrekening kept of it for a vordering; what verrekening
# and payments brought back is its own (negative) line, so the total is what left the gemeente's account. A premie
# arbeidsinschakeling (art. 31 lid 2 j) is paid with the run but is re-integratie money: trajecten books it on the
# gemeente's re-integratie budget line, so it is not BUIG.
_BUIG = Sql(
    "SELECT b.periode, b.soort, sum(b.netto) + CASE WHEN b.soort = 'maand' THEN COALESCE((SELECT sum(a.bedrag) "
    "FROM vordering_aflossingen a WHERE a.gemeente = :gemeente AND a.wijze = 'verrekening' "
    "AND a.periode = b.periode), 0) ELSE 0 END, count(*) FROM uitkering_betalingen b "
    "WHERE b.gemeente = :gemeente AND b.periode BETWEEN :van AND :tot AND b.soort <> 'premie' "
    "GROUP BY b.periode, b.soort"
)


_VERREKEND = Sql(
    "SELECT date_trunc('month', datum)::date, wijze, sum(bedrag), count(*) FROM vordering_aflossingen "
    "WHERE gemeente = :gemeente AND datum BETWEEN :van AND :tot GROUP BY 1, 2"
)


_INSTRUMENTEN = Sql(
    "SELECT m.maand, i.soort, i.bedrag_per_maand, i.uren, i.plaatsing_id, i.van FROM uitkering_instrumenten i "
    "JOIN uitkering_klanten k ON k.klant_id = i.klant_id "
    "CROSS JOIN generate_series(CAST(:van AS date), CAST(:tot AS date), interval '1 month') AS m(maand) "
    "WHERE k.gemeente = :gemeente AND i.van <= (m.maand + interval '1 month' - interval '1 day') "
    "AND (i.tot IS NULL OR i.tot >= m.maand) ORDER BY m.maand, i.plaatsing_id, i.van"
)


_REGIO_BUIG = Sql(
    "SELECT gemeente, sum(netto) FROM uitkering_betalingen WHERE periode BETWEEN :van AND :tot GROUP BY gemeente"
)


async def budget(runtime: Runtime, principal: Principal, gemeente: str, jaar: int) -> dict[str, Any]:
    """The BUIG and participatie ledgers of a gemeente per month of a year, and its share of the region's BUIG."""
    van, tot = date(jaar, 1, 1), date(jaar, 12, 1)

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        uow.see({gemeente}, UitkeringNietGevonden(f"geen budget voor {gemeente}"))
        regels: list[dict[str, Any]] = []
        for periode, soort, bedrag, aantal in await _BUIG.fetch(uow.conn, gemeente=gemeente, van=van, tot=tot):
            regels.append(_regel("BUIG", periode, soort, Decimal(bedrag), int(aantal), "uitkering_betalingen"))
        for maand, wijze, bedrag, aantal in await _VERREKEND.fetch(
            uow.conn, gemeente=gemeente, van=van, tot=laatste_dag(tot)
        ):
            regels.append(
                _regel(
                    "BUIG", maand, f"terugontvangen ({wijze})", -Decimal(bedrag), int(aantal), "vordering_aflossingen"
                )
            )
        laatste: dict[tuple[date, Any], tuple[str, Any, Any]] = {}
        for maand, soort, bedrag, uren, plaatsing, _ in await _INSTRUMENTEN.fetch(
            uow.conn, gemeente=gemeente, van=van, tot=tot
        ):
            laatste[(maand.date() if hasattr(maand, "date") else maand, plaatsing)] = (soort, bedrag, uren)
        per: dict[tuple[date, str], list[Decimal]] = {}
        tarief = verordening(gemeente, van).jobcoach_uurtarief
        for (maand, _), (soort, bedrag, uren) in laatste.items():
            if soort == "lks" and bedrag is not None:
                per.setdefault((maand, "loonkostensubsidie"), []).append(Decimal(bedrag))
            elif soort == "jobcoach" and uren is not None and tarief is not None:
                per.setdefault((maand, "jobcoach"), []).append(Decimal(uren) / 12 * tarief)
        for (maand, soort), bedragen in sorted(per.items()):
            budgetsoort = "BUIG" if soort == "loonkostensubsidie" else "participatie"
            regels.append(
                _regel(
                    budgetsoort,
                    maand,
                    soort,
                    centen(sum(bedragen, Decimal(0))),
                    len(bedragen),
                    "uitkering_instrumenten",
                )
            )
        regels.sort(key=lambda r: (r["periode"], r["budget"], r["soort"]))
        regio = {g: Decimal(s) for g, s in await _REGIO_BUIG.fetch(uow.conn, van=van, tot=tot)}
        eigen = regio.get(gemeente, Decimal(0))
        totaal_regio = sum(regio.values(), Decimal(0))
        return {
            "gemeente": gemeente,
            "jaar": jaar,
            "regels": regels,
            "totaal_buig": sum((r["bedrag"] for r in regels if r["budget"] == "BUIG"), Decimal(0)),
            "totaal_participatie": sum((r["bedrag"] for r in regels if r["budget"] == "participatie"), Decimal(0)),
            "regio_bijstand_betaald": totaal_regio,
            "aandeel_in_regio": None if totaal_regio == 0 else (eigen / totaal_regio).quantize(Decimal("0.0001")),
            "jobcoach_uurtarief": tarief,
        }

    return await query(runtime, principal, read)


def _regel(budget: str, periode: date, soort: str, bedrag: Decimal, aantal: int, bron: str) -> dict[str, Any]:
    return {"budget": budget, "periode": periode, "soort": soort, "bedrag": bedrag, "aantal": aantal, "bron": bron}
