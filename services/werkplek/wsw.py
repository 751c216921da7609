"""Screens of the Wsw zittend bestand (trajecten's `wsw` slice) for the SW-bedrijf's administration and beleid: the
bestand today, the projection until it is gone as a chart and a table, the year's money per month and its figures,
the Statistiek Wsw; and per medewerker the werkvorm, detacheringen and outflow."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from . import grafieken
from .diensten import NietIngelogd, Weigering
from .inkomen import bedrag_uit
from .klantbeeld import namen
from .web import Api, als_het_mag, gebruiker, klaar, naam_van_gemeente, pagina, routers, sleutel

pages, posts = routers()
EERSTE_JAAR = 2015  # the zittend bestand's money is reported from the Participatiewet's first year
HORIZON = 2050  # the seed documents' horizon

WERKVORMEN = [
    ("beschut_binnen", "Beschut binnen (bij het SW-bedrijf)"),
    ("groepsdetachering", "Groepsdetachering"),
    ("individuele_detachering", "Individuele detachering"),
    ("begeleid_werken", "Begeleid werken (bij een gewone werkgever)"),
]
ARBEIDSHANDICAPS = [("matig", "Matig"), ("ernstig", "Ernstig")]
UITSTROOMREDENEN = [
    ("eigen_verzoek", "Op eigen verzoek"),
    ("ontslag", "Ontslag (Wsw art. 6)"),
    ("twee_jaar_ziek", "Twee jaar ziek"),
    ("rvu", "Vervroegd uittreden (RVU, cao SW)"),
    ("overlijden", "Overlijden"),
]
DETACHERINGSOORTEN = [("groep", "Groepsdetachering"), ("individueel", "Individuele detachering")]


def _jaar(jaar: int | None) -> int:
    """The year asked for, this year when none; a Dutch 400 outside the years with money."""
    dit_jaar = date.today().year
    gekozen = jaar or dit_jaar
    if not EERSTE_JAAR <= gekozen <= dit_jaar + 1:
        raise Weigering(400, "Jaar niet beschikbaar", f"Kies een jaar van {EERSTE_JAAR} tot en met {dit_jaar + 1}.")
    return gekozen


def _getal(tekst: str) -> int | str:
    """A whole number as typed; anything else as it is, for the API to refuse at its field."""
    return int(tekst) if tekst.strip().isdigit() else tekst


@pages.get("/wsw", response_class=HTMLResponse)
async def wsw_start(request: Request) -> Response:
    gemeenten = gebruiker(request).get("gemeenten") or []
    if not gemeenten:
        raise NietIngelogd
    return RedirectResponse(f"/wsw/{gemeenten[0]}", status_code=303)


@pages.get("/wsw/{gemeente}", response_class=HTMLResponse)
async def wsw(request: Request, gemeente: str, api: Api, jaar: int | None = None) -> Response:
    jaar = _jaar(jaar)
    van = date.today().year
    bestand, projectie, geld, medewerkers = await asyncio.gather(
        api.lees("trajecten", f"/wsw/bestand/{gemeente}"),
        api.lees("trajecten", f"/wsw/projectie/{gemeente}", van=van, tot=HORIZON),
        als_het_mag(api.lees("trajecten", f"/wsw/geld/{gemeente}/{jaar}")),
        api.lees("trajecten", "/wsw/medewerkers", gemeente=gemeente, limit=100),
    )
    bekend = await namen(request, api, (m["klantId"] for m in medewerkers["items"]))
    naam = naam_van_gemeente(gemeente)
    jaren = projectie["jaren"]
    grafiek = grafieken.staven(
        f"Zittend bestand Wsw {naam} tot {HORIZON}, en de beschut werkplekken die nodig zijn",
        [f"’{str(j['jaar'])[2:]}" for j in jaren],
        [
            grafieken.Reeks("Wsw-medewerkers op 31 december", [float(j["bestandUltimo"]) for j in jaren]),
            grafieken.Reeks("Beschut werkplekken nodig (opgeteld)", [float(j["beschutPlaatsenNodig"]) for j in jaren]),
        ],
        "wsw-projectie",
    )
    return pagina(
        request,
        "wsw.html",
        gemeente=gemeente,
        naam=naam,
        jaar=jaar,
        jaren=list(range(date.today().year + 1, EERSTE_JAAR - 1, -1)),
        bestand=bestand,
        projectie=projectie,
        grafiek=grafiek,
        geld=geld,
        medewerkers=medewerkers["items"],
        meer=medewerkers["nextCursor"] is not None,
        namen=bekend,
        werkvormen=WERKVORMEN,
        arbeidshandicaps=ARBEIDSHANDICAPS,
        sleutel=sleutel(),
    )


@posts.post("/wsw/{gemeente}/medewerkers")
async def medewerker_registreren(
    request: Request,
    gemeente: str,
    api: Api,
    klant_id: Annotated[str, Form()],
    indienst: Annotated[str, Form()],
    arbeidshandicap: Annotated[str, Form()],
    werkvorm: Annotated[str, Form()],
    uren: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {
        "klantId": klant_id.strip(),
        "gemeente": gemeente,
        "indienst": indienst,
        "arbeidshandicap": arbeidshandicap,
        "werkvorm": werkvorm,
        "urenPerWeek": _getal(uren),
    }
    m = await api.stuur("trajecten", "/wsw/medewerkers", body, sleutel, {"urenPerWeek": "uren"})
    return klaar(request, f"/wsw/medewerkers/{m['medewerkerId']}", "Wsw-medewerker geregistreerd.")


@posts.post("/wsw/{gemeente}/geld")
async def geld_vastleggen(
    request: Request,
    gemeente: str,
    api: Api,
    jaar: Annotated[str, Form()],
    rijksbijdrage: Annotated[str, Form()],
    rijksbijdrage_bron: Annotated[str, Form()],
    loonkosten_per_se: Annotated[str, Form()],
    loonkosten_bron: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {
        "rijksbijdrage": bedrag_uit(rijksbijdrage),
        "rijksbijdrageBron": rijksbijdrage_bron.strip(),
        "loonkostenPerSe": bedrag_uit(loonkosten_per_se),
        "loonkostenBron": loonkosten_bron.strip(),
    }
    await api.stuur("trajecten", f"/wsw/geld/{gemeente}/{jaar}", body, sleutel, methode="PUT")
    return klaar(request, f"/wsw/{gemeente}?jaar={jaar}", f"Geld van de Wsw voor {jaar} vastgelegd.")


@pages.get("/wsw/{gemeente}/statistiek.csv")
async def statistiek_export(gemeente: str, api: Api, jaar: int, halfjaar: int) -> Response:
    jaar = _jaar(jaar)
    antwoord = await api.tekst("trajecten", f"/wsw/statistiek/{gemeente}/{jaar}/{halfjaar}")
    naam = f"statistiek-wsw-{gemeente}-{jaar}-{halfjaar}.csv"
    return Response(
        antwoord.content, media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{naam}"'}
    )


@pages.get("/wsw/medewerkers/{medewerker_id}", response_class=HTMLResponse)
async def medewerker(request: Request, medewerker_id: str, api: Api) -> Response:
    m = await api.lees("trajecten", f"/wsw/medewerkers/{medewerker_id}")
    inleners_ids = sorted({d["werkgeverId"] for d in m["detacheringen"]})
    bekend, *inleners = await asyncio.gather(
        namen(request, api, [m["klantId"]]),
        *(als_het_mag(api.lees("werkgevers", f"/werkgevers/{w}")) for w in inleners_ids),
    )
    return pagina(
        request,
        "wsw_medewerker.html",
        m=m,
        naam=bekend.get(m["klantId"]),
        inleners={w: (i or {}).get("naam") for w, i in zip(inleners_ids, inleners, strict=True)},
        werkvormen=WERKVORMEN,
        redenen=UITSTROOMREDENEN,
        soorten=DETACHERINGSOORTEN,
        sleutel=sleutel(),
    )


@posts.post("/wsw/medewerkers/{medewerker_id}/werkvorm")
async def werkvorm_wijzigen(
    request: Request,
    medewerker_id: str,
    api: Api,
    per: Annotated[str, Form()],
    werkvorm: Annotated[str, Form()],
    uren: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"per": per, "werkvorm": werkvorm, "urenPerWeek": _getal(uren)}
    await api.stuur("trajecten", f"/wsw/medewerkers/{medewerker_id}/werkvorm", body, sleutel, {"urenPerWeek": "uren"})
    return klaar(request, f"/wsw/medewerkers/{medewerker_id}", "Werkvorm en uren vastgelegd.")


@posts.post("/wsw/medewerkers/{medewerker_id}/uitstroom")
async def uitstroom(
    request: Request,
    medewerker_id: str,
    api: Api,
    uitstroom_per: Annotated[str, Form()],
    reden: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"per": uitstroom_per, "reden": reden}
    await api.stuur("trajecten", f"/wsw/medewerkers/{medewerker_id}/uitstroom", body, sleutel, {"per": "uitstroom_per"})
    return klaar(request, f"/wsw/medewerkers/{medewerker_id}", "Uitstroom vastgelegd.")


@posts.post("/wsw/medewerkers/{medewerker_id}/detacheringen")
async def detachering_starten(
    request: Request,
    medewerker_id: str,
    api: Api,
    kvk_nummer: Annotated[str, Form()],
    soort: Annotated[str, Form()],
    van: Annotated[str, Form()],
    detachering_uren: Annotated[str, Form()],
    tarief: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    kvk = kvk_nummer.strip()
    gevonden = await api.lees("werkgevers", "/werkgevers", kvkNummer=kvk) if kvk.isdigit() and len(kvk) == 8 else []
    if not gevonden:
        raise Weigering(
            422,
            "Inlener niet gevonden",
            "Geen werkgever met dit KvK-nummer in uw gemeenten. Registreer de inlener eerst bij het werkgeversloket.",
            {"kvk_nummer": "Vul het KvK-nummer (8 cijfers) van een geregistreerde werkgever in."},
        )
    body = {
        "werkgeverId": gevonden[0]["werkgeverId"],
        "soort": soort,
        "van": van,
        "urenPerWeek": _getal(detachering_uren),
        "tariefPerUur": bedrag_uit(tarief),
    }
    velden = {"urenPerWeek": "detachering_uren", "tariefPerUur": "tarief", "werkgeverId": "kvk_nummer"}
    await api.stuur("trajecten", f"/wsw/medewerkers/{medewerker_id}/detacheringen", body, sleutel, velden)
    return klaar(request, f"/wsw/medewerkers/{medewerker_id}", "Detachering vastgelegd.")


@posts.post("/wsw/medewerkers/{medewerker_id}/detacheringen/{detachering_id}/beeindiging")
async def detachering_beeindigen(
    request: Request,
    medewerker_id: str,
    detachering_id: str,
    api: Api,
    tot: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    pad = f"/wsw/medewerkers/{medewerker_id}/detacheringen/{detachering_id}/beeindiging"
    await api.stuur("trajecten", pad, {"tot": tot}, sleutel)
    return klaar(request, f"/wsw/medewerkers/{medewerker_id}", "Detachering beëindigd.")
