"""Screens of the uitkeringsconsulent: aanvraag to besluit, income, maatregelen, the month explained, vorderingen,
and the betaalrun with its pain.001."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .diensten import Weigering
from .klantbeeld import namen
from .web import Api, gebruiker, klaar, pagina, routers, sleutel, templates

pages, posts = routers()

LEEFVORMEN = [
    ("alleenstaande", "Alleenstaande"),
    ("alleenstaande_ouder", "Alleenstaande ouder"),
    ("gehuwd", "Gehuwd of samenwonend"),
]
VERPLICHTINGEN = [
    ("18.4.a", "Art. 18 lid 4 a: algemeen geaccepteerde arbeid verkrijgen, aanvaarden en behouden"),
    ("18.4.b", "Art. 18 lid 4 b: inschrijven bij een uitzendbureau"),
    ("18.4.c", "Art. 18 lid 4 c: eerst naar werk zoeken voor een verhuizing"),
    ("18.4.d", "Art. 18 lid 4 d: reistijd tot 3 uur per dag aanvaarden"),
    ("18.4.e", "Art. 18 lid 4 e: verhuizen voor werk"),
    ("18.4.f", "Art. 18 lid 4 f: vaardigheden verwerven"),
    ("18.4.g", "Art. 18 lid 4 g: kleding en gedrag die de kans op werk niet belemmeren"),
    ("18.4.h", "Art. 18 lid 4 h: een aangeboden voorziening gebruiken"),
    ("verordening:licht", "Verordening: lichte verplichting (bijvoorbeeld een afspraak gemist)"),
    ("verordening:zwaar", "Verordening: zware verplichting (bijvoorbeeld niet meewerken aan het plan van aanpak)"),
]

templates.env.filters["verplichting"] = lambda code: dict(VERPLICHTINGEN).get(str(code), str(code))

GRONDEN = [
    ("58.1", "Art. 58 lid 1: na schending van de inlichtingenplicht (art. 17), verplicht"),
    ("58.2.a", "Art. 58 lid 2 onder a: ten onrechte of te hoog verleend, anders dan door de inlichtingenplicht"),
    ("58.2.d", "Art. 58 lid 2 onder d: als voorschot verleend"),
    ("58.2.e", "Art. 58 lid 2 onder e: ten onrechte, in afwachting van een voorziening"),
    ("58.2.f", "Art. 58 lid 2 onder f: verleend vanwege een recht dat achteraf niet bestond"),
]

ONTHEFFINGSGRONDEN = [
    ("9.2", "Art. 9 lid 2: dringende redenen"),
    ("9a", "Art. 9a: alleenstaande ouder met de volledige zorg voor een kind onder 5"),
    ("9.5", "Art. 9 lid 5: volledig en duurzaam arbeidsongeschikt"),
]
HERONDERZOEKUITKOMSTEN = [("ongewijzigd", "Ongewijzigd"), ("gewijzigd", "Gewijzigd"), ("beeindigd", "Beëindigd")]
VERWIJTBAARHEDEN = [
    ("normaal", "Normaal"),
    ("verminderd", "Verminderd"),
    ("grove_schuld", "Grove schuld"),
    ("opzet", "Opzet"),
]
BEEINDIGINGSREDENEN = [("werk", "Werk gevonden"), ("verhuizing", "Verhuizing"), ("overig", "Overig")]

templates.env.filters["ontheffingsgrond"] = lambda code: dict(ONTHEFFINGSGRONDEN).get(str(code), str(code))


def bedrag_uit(tekst: str) -> str:
    """An amount as typed in Dutch (`1.234,56`, `€ 12,50`) or with a decimal point, as the API reads it."""
    schoon = re.sub(r"[€\s]", "", tekst)
    return schoon.replace(".", "").replace(",", ".") if "," in schoon else schoon


@pages.get("/uitkeringen", response_class=HTMLResponse)
async def uitkeringen(request: Request, api: Api) -> Response:
    aanvragen, lopend = await asyncio.gather(
        api.lees("uitkering", "/aanvragen", limit=100), api.lees("uitkering", "/uitkeringen", limit=100)
    )
    bekend = await namen(request, api, (u["klantId"] for u in aanvragen["items"] + lopend["items"]))
    return pagina(
        request,
        "uitkeringen.html",
        aanvragen=aanvragen["items"],
        uitkeringen=lopend["items"],
        namen=bekend,
        gemeenten=gebruiker(request).get("gemeenten", []),
        sleutel=sleutel(),
    )


@pages.get("/uitkeringen/zoeken")
async def zoek_maand(uitkering_id: str, periode: str) -> Response:
    return RedirectResponse(f"/uitkeringen/{uitkering_id}/maanden/{periode}", status_code=303)


@pages.get("/aanvragen/nieuw", response_class=HTMLResponse)
async def nieuwe_aanvraag(request: Request, klant: str = "") -> Response:
    if not klant:
        raise Weigering(400, "Welke klant?", "Open een aanvraag vanaf de pagina van de klant.")
    gemeenten = gebruiker(request).get("gemeenten", [])
    return pagina(
        request, "aanvraag_nieuw.html", klant_id=klant, gemeenten=gemeenten, leefvormen=LEEFVORMEN, sleutel=sleutel()
    )


@posts.post("/aanvragen")
async def dien_aanvraag_in(
    request: Request,
    api: Api,
    klant_id: Annotated[str, Form()],
    gemeente: Annotated[str, Form()],
    meldingsdatum: Annotated[str, Form()],
    aanvraagdatum: Annotated[str, Form()],
    leefvorm: Annotated[str, Form()],
    geboortedatum: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    partner_geboortedatum: Annotated[str, Form()] = "",
    kinderen: Annotated[str, Form()] = "0",
) -> Response:
    huishouden: dict[str, Any] = {"leefvorm": leefvorm, "geboortedatum": geboortedatum, "kinderen": kinderen or "0"}
    if partner_geboortedatum:
        huishouden |= {"partnerGeboortedatum": partner_geboortedatum, "partnerHeeftRecht": True}
    body = {
        "klantId": klant_id,
        "gemeente": gemeente,
        "meldingsdatum": meldingsdatum,
        "aanvraagdatum": aanvraagdatum,
        "huishouden": huishouden,
    }
    aanvraag = await api.stuur("uitkering", "/aanvragen", body, sleutel)
    return klaar(request, f"/uitkeringen/{aanvraag['uitkeringId']}", "Aanvraag ingediend.")


@pages.get("/uitkeringen/{uitkering_id}", response_class=HTMLResponse)
async def uitkering(request: Request, uitkering_id: str, api: Api) -> Response:
    u, vorderingen = await asyncio.gather(
        api.lees("uitkering", f"/uitkeringen/{uitkering_id}"),
        api.lees("uitkering", f"/uitkeringen/{uitkering_id}/vorderingen"),
    )
    bekend = await namen(request, api, [u["klantId"]])
    return pagina(
        request,
        "uitkering.html",
        uitkering=u,
        naam=bekend.get(u["klantId"]),
        vorderingen=vorderingen,
        verplichtingen=VERPLICHTINGEN,
        gronden=GRONDEN,
        ontheffingsgronden=ONTHEFFINGSGRONDEN,
        heronderzoekuitkomsten=HERONDERZOEKUITKOMSTEN,
        beeindigingsredenen=BEEINDIGINGSREDENEN,
        sleutel=sleutel(),
    )


@posts.post("/uitkeringen/{uitkering_id}/besluit")
async def besluit(
    request: Request,
    uitkering_id: str,
    api: Api,
    ingangsdatum: Annotated[str, Form()],
    motivering: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"ingangsdatum": ingangsdatum, "motivering": motivering.strip()}
    await api.stuur("uitkering", f"/aanvragen/{uitkering_id}/besluit", body, sleutel)
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Besluit genomen.")


@posts.post("/uitkeringen/{uitkering_id}/rekening")
async def rekening(
    request: Request,
    uitkering_id: str,
    api: Api,
    iban: Annotated[str, Form()],
    tenaamstelling: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"aanvrager": {"iban": iban.strip(), "naam": tenaamstelling.strip()}}
    velden = {"aanvrager.naam": "tenaamstelling"}
    await api.stuur("uitkering", f"/uitkeringen/{uitkering_id}/rekening", body, sleutel, velden, methode="PUT")
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Rekening vastgelegd.")


@posts.post("/uitkeringen/{uitkering_id}/inkomsten")
async def inkomsten(
    request: Request,
    uitkering_id: str,
    api: Api,
    periode: Annotated[str, Form()],
    werkgever: Annotated[str, Form()],
    uren: Annotated[str, Form()],
    bruto: Annotated[str, Form()],
    netto: Annotated[str, Form()],
    loonstrook_van: Annotated[str, Form()],
    loonstrook_tot: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {
        "periode": periode.strip(),
        "werkgever": werkgever.strip(),
        "uren": bedrag_uit(uren),
        "bruto": bedrag_uit(bruto),
        "netto": bedrag_uit(netto),
        "loonstrookVan": loonstrook_van,
        "loonstrookTot": loonstrook_tot,
    }
    await api.stuur("uitkering", f"/uitkeringen/{uitkering_id}/inkomsten", body, sleutel)
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Inkomsten vastgelegd.")


@posts.post("/uitkeringen/{uitkering_id}/maatregelen")
async def maatregel(
    request: Request,
    uitkering_id: str,
    api: Api,
    verplichting: Annotated[str, Form()],
    feitdatum: Annotated[str, Form()],
    omschrijving: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"verplichting": verplichting, "feitdatum": feitdatum, "omschrijving": omschrijving.strip()}
    await api.stuur("uitkering", f"/uitkeringen/{uitkering_id}/maatregelen", body, sleutel)
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Voornemen tot een maatregel vastgelegd.")


@posts.post("/uitkeringen/{uitkering_id}/maatregelen/{maatregel_id}/zienswijze")
async def zienswijze(
    request: Request,
    uitkering_id: str,
    maatregel_id: str,
    api: Api,
    zienswijze: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    pad = f"/uitkeringen/{uitkering_id}/maatregelen/{maatregel_id}/zienswijze"
    await api.stuur("uitkering", pad, {"zienswijze": zienswijze.strip()}, sleutel)
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Zienswijze vastgelegd.")


@posts.post("/uitkeringen/{uitkering_id}/maatregelen/{maatregel_id}/besluit")
async def maatregel_besluit(
    request: Request,
    uitkering_id: str,
    maatregel_id: str,
    api: Api,
    verwijtbaar: Annotated[str, Form()],
    motivering: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    spreiden_over: Annotated[str, Form()] = "1",
) -> Response:
    body = {"verwijtbaar": verwijtbaar == "ja", "spreidenOver": spreiden_over or "1", "motivering": motivering.strip()}
    pad = f"/uitkeringen/{uitkering_id}/maatregelen/{maatregel_id}/besluit"
    await api.stuur("uitkering", pad, body, sleutel)
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Besluit over de maatregel genomen.")


@posts.post("/uitkeringen/{uitkering_id}/voorschot")
async def voorschot(
    request: Request,
    uitkering_id: str,
    api: Api,
    voorschot_periode: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"periode": voorschot_periode}
    velden = {"periode": "voorschot_periode"}
    await api.stuur("uitkering", f"/aanvragen/{uitkering_id}/voorschot", body, sleutel, velden)
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Voorschot verleend; de volgende betaalrun betaalt het.")


@posts.post("/uitkeringen/{uitkering_id}/betaling")
async def betaling(
    request: Request,
    uitkering_id: str,
    api: Api,
    actie: Annotated[str, Form()],
    betaling_reden: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    # One form, two commands: suspend while the woonplaats is in doubt (art. 54), or resume.
    pad = "opschorting" if actie == "opschorten" else "hervatting"
    body = {"reden": betaling_reden.strip()}
    await api.stuur("uitkering", f"/uitkeringen/{uitkering_id}/{pad}", body, sleutel, {"reden": "betaling_reden"})
    return klaar(
        request, f"/uitkeringen/{uitkering_id}", f"Betaling {'opgeschort' if pad == 'opschorting' else 'hervat'}."
    )


@posts.post("/uitkeringen/{uitkering_id}/beeindiging")
async def beeindiging(
    request: Request,
    uitkering_id: str,
    api: Api,
    laatste_dag: Annotated[str, Form()],
    beeindigingsreden: Annotated[str, Form()],
    beeindigingstoelichting: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"laatsteDag": laatste_dag, "reden": beeindigingsreden, "toelichting": beeindigingstoelichting.strip()}
    velden = {"reden": "beeindigingsreden", "toelichting": "beeindigingstoelichting"}
    await api.stuur("uitkering", f"/uitkeringen/{uitkering_id}/beeindiging", body, sleutel, velden)
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Uitkering beëindigd.")


@posts.post("/uitkeringen/{uitkering_id}/ontheffingen")
async def ontheffing(
    request: Request,
    uitkering_id: str,
    api: Api,
    ontheffingsgrond: Annotated[str, Form()],
    ontheffing_van: Annotated[str, Form()],
    ontheffing_tot: Annotated[str, Form()],
    ontheffingsreden: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    jongste_kind_vijf_op: Annotated[str, Form()] = "",
) -> Response:
    body = {
        "grond": ontheffingsgrond,
        "van": ontheffing_van,
        "tot": ontheffing_tot,
        "reden": ontheffingsreden.strip(),
        "jongsteKindVijfOp": jongste_kind_vijf_op or None,
    }
    velden = {
        "grond": "ontheffingsgrond",
        "van": "ontheffing_van",
        "tot": "ontheffing_tot",
        "reden": "ontheffingsreden",
    }
    await api.stuur("uitkering", f"/uitkeringen/{uitkering_id}/ontheffingen", body, sleutel, velden)
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Ontheffing verleend.")


@posts.post("/uitkeringen/{uitkering_id}/heronderzoeken")
async def heronderzoek(
    request: Request,
    uitkering_id: str,
    api: Api,
    selectie: Annotated[str, Form()],
    heronderzoekuitkomst: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"selectie": selectie.strip(), "uitkomst": heronderzoekuitkomst}
    velden = {"uitkomst": "heronderzoekuitkomst"}
    await api.stuur("uitkering", f"/uitkeringen/{uitkering_id}/heronderzoeken", body, sleutel, velden)
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Heronderzoek vastgelegd.")


@posts.post("/vorderingen/{vordering_id}/aflossingsafspraak")
async def aflossingsafspraak(
    request: Request,
    vordering_id: str,
    api: Api,
    bedrag_per_maand: Annotated[str, Form()],
    vanaf: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"bedragPerMaand": bedrag_uit(bedrag_per_maand), "vanaf": vanaf}
    await api.stuur("uitkering", f"/vorderingen/{vordering_id}/aflossingsafspraak", body, sleutel, methode="PUT")
    return klaar(request, f"/vorderingen/{vordering_id}", "Aflossingsafspraak vastgelegd.")


@posts.post("/vorderingen/{vordering_id}/aflossingen")
async def aflossing(
    request: Request,
    vordering_id: str,
    api: Api,
    bedrag: Annotated[str, Form()],
    datum: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"bedrag": bedrag_uit(bedrag), "datum": datum}
    await api.stuur("uitkering", f"/vorderingen/{vordering_id}/aflossingen", body, sleutel)
    return klaar(request, f"/vorderingen/{vordering_id}", "Aflossing vastgelegd.")


@posts.post("/vorderingen/{vordering_id}/boete")
async def boete(
    request: Request,
    vordering_id: str,
    api: Api,
    verwijtbaarheid: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    waarschuwing: Annotated[str, Form()] = "",
) -> Response:
    body = {"verwijtbaarheid": verwijtbaarheid, "waarschuwing": waarschuwing == "ja"}
    vordering = await api.stuur("uitkering", f"/vorderingen/{vordering_id}/boete", body, sleutel)
    melding = "Waarschuwing gegeven." if waarschuwing == "ja" else "Boete opgelegd."
    return klaar(request, f"/vorderingen/{vordering.get('vorderingId', vordering_id)}", melding)


@posts.post("/uitkeringen/{uitkering_id}/taaltoetsen")
async def taaltoets(
    request: Request,
    uitkering_id: str,
    api: Api,
    toetsdatum: Annotated[str, Form()],
    voldaan: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    verwijtbaar: Annotated[str, Form()] = "",
) -> Response:
    body = {"toetsdatum": toetsdatum, "voldaan": voldaan == "ja", "verwijtbaar": verwijtbaar == "ja"}
    await api.stuur("uitkering", f"/uitkeringen/{uitkering_id}/taaltoetsen", body, sleutel)
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Taaltoets vastgelegd.")


@posts.post("/uitkeringen/{uitkering_id}/ontheffingen/{ontheffing_id}/beeindiging")
async def ontheffing_einde(
    request: Request,
    uitkering_id: str,
    ontheffing_id: str,
    api: Api,
    per: Annotated[str, Form()],
    einde_reden: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    pad = f"/uitkeringen/{uitkering_id}/ontheffingen/{ontheffing_id}/beeindiging"
    await api.stuur("uitkering", pad, {"per": per, "reden": einde_reden.strip()}, sleutel, {"reden": "einde_reden"})
    return klaar(request, f"/uitkeringen/{uitkering_id}", "Ontheffing beëindigd.")


@posts.post("/uitkeringen/{uitkering_id}/terugvorderingen")
async def terugvordering(
    request: Request,
    uitkering_id: str,
    api: Api,
    grond: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    aflossing_per_maand: Annotated[str, Form()] = "",
) -> Response:
    body = {"grond": grond, "aflossingPerMaand": bedrag_uit(aflossing_per_maand) or None}
    vordering = await api.stuur("uitkering", f"/uitkeringen/{uitkering_id}/terugvorderingen", body, sleutel)
    return klaar(request, f"/vorderingen/{vordering['vorderingId']}", "Terugvordering vastgesteld.")


@pages.get("/uitkeringen/{uitkering_id}/beschikking")
async def beschikking(uitkering_id: str, api: Api) -> Response:
    antwoord = await api.tekst("uitkering", f"/uitkeringen/{uitkering_id}/beschikking")
    return Response(antwoord.content, media_type="text/html")


@pages.get("/uitkeringen/{uitkering_id}/maanden/{periode}", response_class=HTMLResponse)
async def maand(request: Request, uitkering_id: str, periode: str, api: Api) -> Response:
    m, vorderingen = await asyncio.gather(
        api.lees("uitkering", f"/uitkeringen/{uitkering_id}/maanden/{periode}"),
        api.lees("uitkering", f"/uitkeringen/{uitkering_id}/vorderingen"),
    )
    return pagina(request, "maand.html", maand=m, uitkering_id=uitkering_id, periode=periode, vorderingen=vorderingen)


@pages.get("/vorderingen/{vordering_id}", response_class=HTMLResponse)
async def vordering(request: Request, vordering_id: str, api: Api) -> Response:
    v = await api.lees("uitkering", f"/vorderingen/{vordering_id}")
    return pagina(
        request,
        "vordering.html",
        vordering=v,
        verwijtbaarheden=VERWIJTBAARHEDEN,
        vandaag=date.today().isoformat(),
        sleutel=sleutel(),
    )


@posts.post("/betaalruns")
async def betaalrun_starten(
    request: Request,
    api: Api,
    gemeente: Annotated[str, Form()],
    periode: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    run = await api.stuur("uitkering", "/betaalruns", {"gemeente": gemeente, "periode": periode.strip()}, sleutel)
    return klaar(request, f"/betaalruns/{run['betaalrunId']}", "Betaalrun gedraaid.")


@pages.get("/betaalruns/{betaalrun_id}", response_class=HTMLResponse)
async def betaalrun(request: Request, betaalrun_id: str, api: Api) -> Response:
    run = await api.lees("uitkering", f"/betaalruns/{betaalrun_id}")
    return pagina(request, "betaalrun.html", run=run)


@pages.get("/betaalruns/{betaalrun_id}/pain001")
async def pain001(betaalrun_id: str, api: Api) -> Response:
    antwoord = await api.tekst("uitkering", f"/betaalruns/{betaalrun_id}/pain001")
    naam = f"pain001-{betaalrun_id}.xml"
    return Response(
        antwoord.content,
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{naam}"'},
    )
