"""Screens of the handhaver and the sociaal rechercheur: signalen and their triage, onderzoeken from opening to
uitkomst, the tijdlijn, what changed between two moments, and the dossier."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, Response

from .klantbeeld import namen
from .web import Api, gebruiker, klaar, moment, pagina, routers, sleutel

pages, posts = routers()

TRIAGES = [("geen-actie", "Geen actie"), ("heronderzoek", "Heronderzoek"), ("onderzoek", "Onderzoek")]
UITKOMSTEN = [("geen-benadeling", "Geen benadeling"), ("benadeling", "Benadeling")]
STEEKPROEFDOELEN = [("heronderzoek", "Heronderzoek"), ("audit", "Audit")]
VERWIJTBAARHEID = [
    ("", "Niet van toepassing"),
    ("opzet", "Opzet"),
    ("grove_schuld", "Grove schuld"),
    ("normaal", "Normaal"),
    ("verminderd", "Verminderd"),
]


@pages.get("/signalen", response_class=HTMLResponse)
async def signalen(request: Request, api: Api) -> Response:
    lijst = await api.lees("handhaving", "/signalen", limit=100)
    bekend = await namen(request, api, (s["klantId"] for s in lijst["items"]))
    return pagina(request, "signalen.html", signalen=lijst["items"], namen=bekend, triages=TRIAGES, sleutel=sleutel())


@posts.post("/signalen/{signaal_id}/beoordeling")
async def beoordeel(
    request: Request,
    signaal_id: str,
    api: Api,
    triage: Annotated[str, Form()],
    reden: Annotated[str, Form(min_length=1)],
    sleutel: Annotated[str, Form()],
) -> Response:
    await api.stuur("handhaving", f"/signalen/{signaal_id}/beoordeling", {"triage": triage, "reden": reden}, sleutel)
    return klaar(request, "/signalen", "Signaal beoordeeld.")


@pages.get("/onderzoeken", response_class=HTMLResponse)
async def onderzoeken(request: Request, api: Api) -> Response:
    lijst, te_openen = await asyncio.gather(
        api.lees("handhaving", "/onderzoeken", limit=100), api.lees("handhaving", "/signalen", open="false", limit=100)
    )
    # Signalen triaged `onderzoek` that no onderzoek of this user refers to yet: where an onderzoek starts.
    gekoppeld = {o.get("signaalId") for o in lijst["items"]}
    open_ = [s for s in te_openen["items"] if s["triage"] == "onderzoek" and s["signaalId"] not in gekoppeld]
    bekend = await namen(request, api, [o["klantId"] for o in lijst["items"]] + [s["klantId"] for s in open_])
    return pagina(
        request, "onderzoeken.html", onderzoeken=lijst["items"], signalen=open_, namen=bekend, sleutel=sleutel()
    )


@posts.post("/onderzoeken")
async def open_onderzoek(
    request: Request,
    api: Api,
    klant_id: Annotated[str, Form()],
    gemeente: Annotated[str, Form()],
    aanleiding: Annotated[str, Form(min_length=1)],
    sleutel: Annotated[str, Form()],
    signaal_id: Annotated[str, Form()] = "",
) -> Response:
    body = {"klantId": klant_id, "gemeente": gemeente, "aanleiding": aanleiding, "signaalId": signaal_id or None}
    onderzoek = await api.stuur("handhaving", "/onderzoeken", body, sleutel)
    return klaar(request, f"/onderzoeken/{onderzoek['onderzoekId']}", "Onderzoek geopend.")


@pages.get("/onderzoeken/{onderzoek_id}", response_class=HTMLResponse)
async def onderzoek(request: Request, onderzoek_id: str, api: Api) -> Response:
    o = await api.lees("handhaving", f"/onderzoeken/{onderzoek_id}")
    bekend = await namen(request, api, [o["klantId"]])
    return pagina(
        request,
        "onderzoek.html",
        onderzoek=o,
        naam=bekend.get(o["klantId"]),
        uitkomsten=UITKOMSTEN,
        verwijtbaarheid=VERWIJTBAARHEID,
        sleutel=sleutel(),
    )


@posts.post("/onderzoeken/{onderzoek_id}/bevindingen")
async def bevinding(
    request: Request,
    onderzoek_id: str,
    api: Api,
    stap: Annotated[str, Form(min_length=1)],
    omschrijving: Annotated[str, Form(min_length=1)],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"stap": stap, "omschrijving": omschrijving}
    await api.stuur("handhaving", f"/onderzoeken/{onderzoek_id}/bevindingen", body, sleutel)
    return klaar(request, f"/onderzoeken/{onderzoek_id}", "Bevinding vastgelegd.")


@posts.post("/onderzoeken/{onderzoek_id}/uitkomst")
async def uitkomst(
    request: Request,
    onderzoek_id: str,
    api: Api,
    uitkomst: Annotated[str, Form()],
    toelichting: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    verwijtbaarheid: Annotated[str, Form()] = "",
) -> Response:
    body = {"uitkomst": uitkomst, "toelichting": toelichting.strip(), "verwijtbaarheid": verwijtbaarheid or None}
    await api.stuur("handhaving", f"/onderzoeken/{onderzoek_id}/uitkomst", body, sleutel)
    return klaar(request, f"/onderzoeken/{onderzoek_id}", "Onderzoek afgerond.")


@posts.post("/onderzoeken/{onderzoek_id}/leden")
async def voeg_lid_toe(
    request: Request, onderzoek_id: str, api: Api, lid: Annotated[str, Form()], sleutel: Annotated[str, Form()]
) -> Response:
    await api.stuur("handhaving", f"/onderzoeken/{onderzoek_id}/leden", {"lid": lid.strip()}, sleutel)
    return klaar(request, f"/onderzoeken/{onderzoek_id}", "Lid toegevoegd.")


@pages.get("/steekproeven", response_class=HTMLResponse)
async def steekproeven(request: Request) -> Response:
    gemeenten = gebruiker(request).get("gemeenten", [])
    return pagina(request, "steekproef_nieuw.html", gemeenten=gemeenten, doelen=STEEKPROEFDOELEN, sleutel=sleutel())


@posts.post("/steekproeven")
async def trek_steekproef(
    request: Request,
    api: Api,
    gemeente: Annotated[str, Form()],
    doel: Annotated[str, Form()],
    omvang: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    leefvorm: Annotated[str, Form()] = "",
    looptijd: Annotated[str, Form()] = "",
) -> Response:
    strata = [s for s, gekozen in (("leefvorm", leefvorm), ("looptijd", looptijd)) if gekozen]
    body = {"gemeente": gemeente, "doel": doel, "omvang": omvang, "strata": strata}
    getrokken = await api.stuur("handhaving", "/steekproeven", body, sleutel)
    return klaar(request, f"/steekproeven/{getrokken['steekproefId']}", "Steekproef getrokken.")


@pages.get("/steekproeven/{steekproef_id}", response_class=HTMLResponse)
async def steekproef(request: Request, steekproef_id: str, api: Api) -> Response:
    s = await api.lees("handhaving", f"/steekproeven/{steekproef_id}")
    return pagina(request, "steekproef.html", steekproef=s)


@pages.get("/recherche/{klant_id}", response_class=HTMLResponse)
async def tijdlijn(
    request: Request,
    klant_id: str,
    api: Api,
    dienst: str = "",
    type: str = "",
    van: str = "",
    tot: str = "",
    cursor: str = "",
) -> Response:
    params = {"dienst": dienst, "type": type, "cursor": cursor, "limit": 100}
    if van:
        params["van"] = moment(van, datetime.now(UTC)).isoformat()
    if tot:
        params["tot"] = moment(tot, datetime.now(UTC)).isoformat()
    lijn = await api.lees("handhaving", f"/tijdlijnen/{klant_id}", **params)
    filters = {"dienst": dienst, "type": type, "van": van, "tot": tot}
    return pagina(request, "tijdlijn.html", klant_id=klant_id, tijdlijn=lijn, filters=filters)


@pages.get("/recherche/{klant_id}/verschil", response_class=HTMLResponse)
async def verschil(
    request: Request, klant_id: str, api: Api, van: str = "", tot: str = "", geldig: str = ""
) -> Response:
    nu = datetime.now(UTC)
    t1, t2 = moment(van, nu - timedelta(days=1)), moment(tot, nu)
    v, stand = await asyncio.gather(
        api.lees("handhaving", f"/tijdlijnen/{klant_id}/verschil", van=t1.isoformat(), tot=t2.isoformat()),
        api.lees("handhaving", f"/tijdlijnen/{klant_id}/stand", op=t2.isoformat(), geldig=geldig or None),
    )
    velden = {"van": t1.strftime("%Y-%m-%dT%H:%M:%S"), "tot": t2.strftime("%Y-%m-%dT%H:%M:%S"), "geldig": geldig}
    return pagina(request, "verschil.html", klant_id=klant_id, verschil=v, stand=stand, velden=velden)


@pages.get("/recherche/{klant_id}/dossier")
async def dossier(klant_id: str, api: Api, formaat: str = "html") -> Response:
    antwoord = await api.tekst("handhaving", f"/dossiers/{klant_id}", formaat=formaat)
    soort = "text/html" if formaat == "html" else "application/json"
    naam = f"dossier-{klant_id}.{'html' if formaat == 'html' else 'json'}"
    # The printable dossier opens as a page (print it from the browser); the signed JSON is a file to keep.
    wijze = "inline" if formaat == "html" else "attachment"
    return Response(antwoord.content, media_type=soort, headers={"Content-Disposition": f'{wijze}; filename="{naam}"'})
