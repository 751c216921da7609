"""Screens of beleid (the beheerder): a gemeente's figures for a year, its BUIG and participatie ledgers, caseload."""

from __future__ import annotations

import asyncio
import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic.alias_generators import to_camel

from . import grafieken
from .diensten import NietIngelogd, Weigering
from .web import Api, gebruiker, naam_van_gemeente, pagina, routers

pages, posts = routers()
EERSTE_JAAR = 2015  # the Participatiewet's first year


def _jaar(jaar: int | None) -> int:
    """The year asked for, this year when none; a Dutch 400 outside the Participatiewet's years."""
    dit_jaar = date.today().year
    gekozen = jaar or dit_jaar
    if not EERSTE_JAAR <= gekozen <= dit_jaar + 1:
        raise Weigering(400, "Jaar niet beschikbaar", f"Kies een jaar van {EERSTE_JAAR} tot en met {dit_jaar + 1}.")
    return gekozen


def _maanden_uit(export: str) -> list[dict[str, str]]:
    """The export's rows (stable snake_case columns) with the JSON's camelCase names the page reads."""
    return [{to_camel(k): v for k, v in rij.items()} for rij in csv.DictReader(io.StringIO(export), delimiter=";")]


@pages.get("/cijfers", response_class=HTMLResponse)
async def cijfers_start(request: Request) -> Response:
    gemeenten = gebruiker(request).get("gemeenten") or []
    if not gemeenten:
        raise NietIngelogd
    return RedirectResponse(f"/cijfers/{gemeenten[0]}", status_code=303)


@pages.get("/cijfers/{gemeente}", response_class=HTMLResponse)
async def cijfers(request: Request, gemeente: str, api: Api, jaar: int | None = None) -> Response:
    jaar = _jaar(jaar)
    maanden = [f"{jaar}-{m:02d}" for m in range(1, 13)]
    # The year's twelve months in one read (the export uitkering computes in one transaction), not twelve calls.
    export, caseload, budget = await asyncio.gather(
        api.tekst("uitkering", f"/cijfers/{gemeente}/export", van=maanden[0], tot=maanden[-1]),
        api.lees("matching", "/caseload"),
        api.lees("uitkering", f"/budgetten/{gemeente}/{jaar}"),
    )
    rijen = _maanden_uit(export.text)
    labels = [m[5:] for m in maanden]
    naam = naam_van_gemeente(gemeente)
    grafiek_bestand = grafieken.staven(
        f"Bestand {naam} {jaar}", labels, [grafieken.Reeks("Bestand", [float(r["bestand"]) for r in rijen])], "bestand"
    )
    grafiek_stromen = grafieken.staven(
        f"Instroom en uitstroom {naam} {jaar}",
        labels,
        [
            grafieken.Reeks("Instroom", [float(r["instroom"]) for r in rijen]),
            grafieken.Reeks("Uitstroom", [float(r["uitstroom"]) for r in rijen]),
            grafieken.Reeks("Uitstroom naar werk", [float(r["uitstroomNaarWerk"]) for r in rijen]),
        ],
        "stromen",
    )
    grafiek_duur = grafieken.staven(
        f"Duur van de uitkeringen {naam} {jaar}",
        labels,
        [
            grafieken.Reeks("Korter dan 1 jaar", [float(r["duurKorterDan1Jaar"]) for r in rijen]),
            grafieken.Reeks("1 tot 3 jaar", [float(r["duur1Tot3Jaar"]) for r in rijen]),
            grafieken.Reeks(
                "3 jaar of langer", [float(r["duur3Tot5Jaar"]) + float(r["duur5JaarOfLanger"]) for r in rijen]
            ),
        ],
        "duur",
    )
    klantmanagers = caseload["klantmanagers"]
    grafiek_caseload = grafieken.staven(
        "Caseload per klantmanager tegen de norm",
        [k["naam"] for k in klantmanagers],
        [
            grafieken.Reeks("Kandidaten", [float(k["aantal"]) for k in klantmanagers]),
            grafieken.Reeks("Norm", [float(k["norm"]) for k in klantmanagers]),
        ],
        "caseload",
    )
    # The ledger per budget and soort over the year (the API gives it per month).
    per_soort: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for regel in budget["regels"]:
        per_soort[(regel["budget"], regel["soort"])] += Decimal(regel["bedrag"])
    return pagina(
        request,
        "cijfers.html",
        caseload=caseload,
        grafiek_caseload=grafiek_caseload,
        grafiek_duur=grafiek_duur,
        gemeente=gemeente,
        naam=naam,
        jaar=jaar,
        jaren=list(range(date.today().year + 1, EERSTE_JAAR - 1, -1)),
        rijen=list(zip(maanden, rijen, strict=True)),
        grafiek_bestand=grafiek_bestand,
        grafiek_stromen=grafiek_stromen,
        budget=budget,
        budgetregels=sorted(per_soort.items()),
    )


@pages.get("/cijfers/{gemeente}/export")
async def cijfers_export(gemeente: str, api: Api, jaar: int | None = None) -> Response:
    jaar = _jaar(jaar)
    antwoord = await api.tekst("uitkering", f"/cijfers/{gemeente}/export", van=f"{jaar}-01", tot=f"{jaar}-12")
    naam = f"cijfers-{gemeente}-{jaar}.csv"
    return Response(
        antwoord.content, media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{naam}"'}
    )
