"""Screens of toegang and the klantmanager at intake: aanmelding, screening, diagnose, warme overdracht, worklists."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, Response

from libs.events.auth import Role

from .klantbeeld import namen
from .web import Api, gebruiker, klaar, pagina, routers, sleutel

pages, posts = routers()

WERKLIJSTEN = {
    "open-aanmeldingen": "Open aanmeldingen",
    "te-bevestigen-diagnoses": "Diagnoses te bevestigen",
    "openstaande-overdrachten": "Openstaande overdrachten",
    "escalaties": "Escalaties",
}
KANALEN = [
    ("kcc", "Klantcontactcentrum (KCC)"),
    ("wijkteam", "Wijkteam"),
    ("keukentafelgesprek", "Keukentafelgesprek"),
    ("werkplein", "Werkplein"),
    ("e-formulier", "E-formulier"),
]
HULPVRAGEN = [("werk", "Werk"), ("inkomen", "Inkomen"), ("beide", "Werk en inkomen")]
# The leefgebieden of the instrument (leefgebieden-2026.1), each with whether it must be scored.
LEEFGEBIEDEN = [
    ("financien", "Financiën", True),
    ("gezondheid", "Gezondheid", True),
    ("huisvesting", "Huisvesting", True),
    ("sociaal_netwerk", "Sociaal netwerk", True),
    ("dagbesteding", "Dagbesteding", True),
    ("taal", "Taal", True),
    ("vervoer", "Vervoer", True),
    ("kinderopvang", "Kinderopvang", False),
]
SCORES = [
    ("1", "1 · acute problematiek"),
    ("2", "2 · niet zelfredzaam"),
    ("3", "3 · beperkt zelfredzaam"),
    ("4", "4 · voldoende zelfredzaam"),
    ("5", "5 · volledig zelfredzaam"),
]
ROUTES = [("werk", "Werk"), ("ontwikkeling", "Ontwikkeling"), ("participatie", "Participatie")]


@pages.get("/werklijsten", response_class=HTMLResponse)
async def werklijsten(request: Request, api: Api) -> Response:
    rollen = set(gebruiker(request).get("rollen", []))
    vragen = [api.lees("intake", f"/werklijsten/{pad}") for pad in WERKLIJSTEN]
    if Role.KLANTMANAGER.value in rollen:
        # Matching's lists are for the regional team (the API decides).
        vragen += [
            api.lees("matching", "/kandidaten", zonderKlantmanager="true"),
            api.lees("matching", "/nazorgmomenten"),
        ]
    antwoorden = await asyncio.gather(*vragen)  # one page, its API calls at once
    lijsten = {naam: a["items"] for naam, a in zip(WERKLIJSTEN.values(), antwoorden, strict=False)}
    regionaal: dict[str, list[dict[str, Any]]] = {}
    if Role.KLANTMANAGER.value in rollen:
        regionaal["Zonder klantmanager"] = antwoorden[-2]["items"]
        regionaal["Nazorg te doen"] = antwoorden[-1]["items"]
    bekend = await namen(request, api, (i["klantId"] for items in lijsten.values() for i in items))
    return pagina(request, "werklijsten.html", lijsten=lijsten, regionaal=regionaal, namen=bekend, sleutel=sleutel())


@pages.get("/aanmeldingen/nieuw", response_class=HTMLResponse)
async def nieuwe_aanmelding(request: Request) -> Response:
    gemeenten = gebruiker(request).get("gemeenten", [])
    return pagina(
        request, "aanmelding_nieuw.html", gemeenten=gemeenten, kanalen=KANALEN, hulpvragen=HULPVRAGEN, sleutel=sleutel()
    )


@posts.post("/aanmeldingen")
async def meld_aan(
    request: Request,
    api: Api,
    gemeente: Annotated[str, Form()],
    kanaal: Annotated[str, Form()],
    hulpvraag: Annotated[str, Form()],
    bsn: Annotated[str, Form()],
    naam: Annotated[str, Form()],
    geboortedatum: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    kanaal_referentie: Annotated[str, Form()] = "",
    postcode: Annotated[str, Form()] = "",
    straat: Annotated[str, Form()] = "",
    huisnummer: Annotated[str, Form()] = "",
    woonplaats: Annotated[str, Form()] = "",
    telefoon: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
) -> Response:
    persoon = {"bsn": bsn.strip(), "naam": naam.strip(), "geboortedatum": geboortedatum}
    for veld, waarde in (("postcode", postcode), ("straat", straat), ("huisnummer", huisnummer)):
        persoon |= {veld: waarde.strip()} if waarde.strip() else {}
    for veld, waarde in (("woonplaats", woonplaats), ("telefoon", telefoon), ("email", email)):
        persoon |= {veld: waarde.strip()} if waarde.strip() else {}
    body = {
        "gemeente": gemeente,
        "kanaal": kanaal,
        "hulpvraag": hulpvraag,
        "kanaalReferentie": kanaal_referentie.strip() or None,
        "persoon": persoon,
    }
    aanmelding = await api.stuur("intake", "/aanmeldingen", body, sleutel)
    return klaar(request, f"/aanmeldingen/{aanmelding['id']}", "Aanmelding geregistreerd.")


@pages.get("/aanmeldingen/{aanmelding_id}", response_class=HTMLResponse)
async def aanmelding(request: Request, aanmelding_id: str, api: Api) -> Response:
    a = await api.lees("intake", f"/aanmeldingen/{aanmelding_id}")
    return pagina(
        request,
        "aanmelding.html",
        aanmelding=a,
        leefgebieden=LEEFGEBIEDEN,
        scores=SCORES,
        routes=ROUTES,
        sleutel=sleutel(),
    )


@posts.post("/aanmeldingen/{aanmelding_id}/screening")
async def screen(request: Request, aanmelding_id: str, api: Api, sleutel: Annotated[str, Form()]) -> Response:
    form = await request.form()
    # Every leefgebied is named; one not discussed is scored as nothing (null), as the instrument asks.
    scores = {
        code: int(str(form[code])) if str(form.get(code) or "").isdigit() else None for code, _, _ in LEEFGEBIEDEN
    }
    await api.stuur("intake", f"/aanmeldingen/{aanmelding_id}/screening", {"scores": scores}, sleutel)
    return klaar(request, f"/aanmeldingen/{aanmelding_id}", "Screening vastgelegd.")


@posts.post("/aanmeldingen/{aanmelding_id}/diagnosevoorstel")
async def stel_diagnose_voor(
    request: Request,
    aanmelding_id: str,
    api: Api,
    kan_direct_werken: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"kanDirectWerken": kan_direct_werken == "ja"}
    await api.stuur("intake", f"/aanmeldingen/{aanmelding_id}/diagnosevoorstel", body, sleutel)
    return klaar(request, f"/aanmeldingen/{aanmelding_id}", "Diagnosevoorstel gemaakt.")


@posts.post("/aanmeldingen/{aanmelding_id}/diagnose")
async def stel_diagnose(
    request: Request,
    aanmelding_id: str,
    api: Api,
    route: Annotated[str, Form()],
    uitkering_nodig: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    motivatie: Annotated[str, Form()] = "",
    toelichting: Annotated[str, Form()] = "",
) -> Response:
    body = {
        "route": route,
        "uitkeringNodig": uitkering_nodig == "ja",
        "motivatie": motivatie.strip() or None,
        "toelichting": toelichting.strip() or None,
    }
    await api.stuur("intake", f"/aanmeldingen/{aanmelding_id}/diagnose", body, sleutel)
    return klaar(request, f"/aanmeldingen/{aanmelding_id}", "Diagnose vastgesteld.")


@posts.post("/klanten/{klant_id}/overdrachten")
async def draag_over(
    request: Request,
    klant_id: str,
    api: Api,
    naar: Annotated[str, Form()],
    vervolgstap: Annotated[str, Form()],
    contactpersoon: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    motivatie: Annotated[str, Form()] = "",
) -> Response:
    body = {
        "naar": naar,
        "vervolgstap": vervolgstap.strip(),
        "contactpersoon": contactpersoon.strip(),
        "motivatie": motivatie.strip() or None,
    }
    await api.stuur("intake", f"/klanten/{klant_id}/overdrachten", body, sleutel)
    return klaar(request, f"/klanten/{klant_id}", "Warme overdracht aangeboden.")


@posts.post("/klanten/{klant_id}/overdrachten/{overdracht_id}/acceptatie")
async def accepteer(
    request: Request, klant_id: str, overdracht_id: str, api: Api, sleutel: Annotated[str, Form()]
) -> Response:
    await api.stuur("intake", f"/klanten/{klant_id}/overdrachten/{overdracht_id}/acceptatie", None, sleutel)
    return klaar(request, f"/klanten/{klant_id}", "Overdracht geaccepteerd.")


@posts.post("/klanten/{klant_id}/overdrachten/{overdracht_id}/weigering")
async def weiger(
    request: Request,
    klant_id: str,
    overdracht_id: str,
    api: Api,
    reden: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    pad = f"/klanten/{klant_id}/overdrachten/{overdracht_id}/weigering"
    await api.stuur("intake", pad, {"reden": reden.strip()}, sleutel)
    return klaar(request, f"/klanten/{klant_id}", "Overdracht geweigerd.")


@posts.post("/klanten/{klant_id}/contactgegevens")
async def corrigeer_contact(
    request: Request,
    klant_id: str,
    api: Api,
    correctiereden: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    telefoon: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
) -> Response:
    # Only the contact data the gemeente records itself; who lives where is the BRP's (a verhuizing).
    body = {"telefoon": telefoon.strip() or None, "email": email.strip() or None, "reden": correctiereden.strip()}
    velden = {"reden": "correctiereden"}
    await api.stuur("intake", f"/klanten/{klant_id}/persoonsgegevens/correcties", body, sleutel, velden)
    return klaar(request, f"/klanten/{klant_id}", "Contactgegevens bijgewerkt.")


@posts.post("/klanten/{klant_id}/e-dienstverlening/beeindiging")
async def beeindig_e_dienstverlening(
    request: Request, klant_id: str, api: Api, e_reden: Annotated[str, Form()], sleutel: Annotated[str, Form()]
) -> Response:
    body = {"reden": e_reden.strip()}
    pad = f"/klanten/{klant_id}/e-dienstverlening/beeindiging"
    await api.stuur("intake", pad, body, sleutel, {"reden": "e_reden"})
    return klaar(request, f"/klanten/{klant_id}", "E-dienstverlening beëindigd.")


@pages.get("/zoeken/aanmeldingen", response_class=HTMLResponse)
async def zoek_aanmelding(request: Request, api: Api, kanaal: str = "", referentie: str = "") -> Response:
    gevonden = None
    if referentie.strip():
        gevonden = await api.lees("intake", "/aanmeldingen", kanaal=kanaal or None, kanaalReferentie=referentie.strip())
    velden = {"kanaal": kanaal, "referentie": referentie}
    return pagina(request, "zoek_aanmelding.html", kanalen=KANALEN, gevonden=gevonden, invoer=velden)
