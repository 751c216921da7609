"""Screens of the matcher, the werkgeversadviseur and the klantmanager in matching: werkgevers, vacatures, kandidaten,
voorstellen from proposal to plaatsing and nazorg."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, Response

from .web import Api, als_het_mag, gebruiker, klaar, pagina, routers, sleutel

pages, posts = routers()

AFWIJSREDENEN = [
    ("vaardigheden_onvoldoende", "Vaardigheden onvoldoende"),
    ("ervaring_onvoldoende", "Ervaring onvoldoende"),
    ("taalniveau", "Taalniveau"),
    ("uren_passen_niet", "Uren passen niet"),
    ("reisafstand", "Reisafstand"),
    ("beschikbaarheid", "Beschikbaarheid"),
    ("vacature_al_vervuld", "Vacature al vervuld"),
    ("gesprek_niet_overtuigend", "Gesprek niet overtuigend"),
    ("overig", "Overig"),
]
CONTRACTVORMEN = [
    ("bepaalde_tijd", "Bepaalde tijd"),
    ("onbepaalde_tijd", "Onbepaalde tijd"),
    ("uitzenden", "Uitzenden"),
    ("detachering", "Detachering"),
    ("leerwerk", "Leerwerkbaan"),
]
UITVALREDENEN = [
    ("proeftijd_niet_doorstaan", "Proeftijd niet doorstaan"),
    ("ziekte", "Ziekte"),
    ("ontslag_door_werkgever", "Ontslag door de werkgever"),
    ("ontslag_door_werknemer", "Ontslag door de werknemer"),
    ("contract_niet_verlengd", "Contract niet verlengd"),
    ("werk_paste_niet", "Het werk paste niet"),
    ("anders", "Anders"),
]
VACATURESTATUSSEN = [("open", "Open"), ("on_hold", "Even stil (on hold)"), ("ingetrokken", "Ingetrokken")]
VOORSTELSTATUSSEN = [
    ("voorgesteld", "Wacht op de werkgever"),
    ("geaccepteerd", "Geaccepteerd, nog te plaatsen"),
    ("afgewezen", "Afgewezen"),
    ("geplaatst", "Geplaatst"),
    ("beeindigd", "Beëindigd"),
]


def lijst(tekst: str) -> list[str]:
    """A typed list: one item per line or separated by commas, without blanks."""
    return [d.strip() for d in re.split(r"[,\n]", tekst) if d.strip()]


async def titels(api: Api, vacature_ids: set[str]) -> dict[str, str]:
    """The titles of these vacatures (read at once), for lists that would otherwise show ids."""
    gelezen = await asyncio.gather(*(api.lees("werkgevers", f"/vacatures/{v}") for v in sorted(vacature_ids)))
    return {v["vacatureId"]: v["titel"] for v in gelezen}


# --- vacatures and werkgevers --------------------------------------------------------------------------------


@pages.get("/vacatures", response_class=HTMLResponse)
async def vacatures(request: Request, api: Api, zoek: str = "") -> Response:
    alle = (await api.lees("werkgevers", "/vacatures", limit=100))["items"]
    gevonden = [v for v in alle if zoek.strip().lower() in v["titel"].lower()] if zoek.strip() else alle
    return pagina(request, "vacatures.html", vacatures=gevonden, zoek=zoek)


@pages.get("/vacatures/{vacature_id}", response_class=HTMLResponse)
async def vacature(request: Request, vacature_id: str, api: Api) -> Response:
    v, matches, voorstellen = await asyncio.gather(
        api.lees("werkgevers", f"/vacatures/{vacature_id}"),
        als_het_mag(api.lees("matching", f"/matches/vacatures/{vacature_id}", limit=20)),
        api.lees("matching", "/voorstellen", vacatureId=vacature_id, limit=100),
    )
    return pagina(
        request,
        "vacature.html",
        vacature=v,
        matches=matches,
        voorstellen=voorstellen["items"],
        statussen=VACATURESTATUSSEN,
        sleutel=sleutel(),
    )


@pages.get("/werkgevers", response_class=HTMLResponse)
async def werkgevers(request: Request, api: Api, zoek: str = "") -> Response:
    vraag = zoek.strip()
    # Eight digits are a KvK number; anything else a part of the name.
    params = {"kvkNummer": vraag} if re.fullmatch(r"\d{8}", vraag) else {"naam": vraag}
    gevonden = await api.lees("werkgevers", "/werkgevers", **params) if vraag else None
    return pagina(request, "werkgevers.html", gevonden=gevonden, zoek=zoek)


@pages.get("/werkgevers/nieuw", response_class=HTMLResponse)
async def nieuwe_werkgever(request: Request) -> Response:
    return pagina(request, "werkgever_nieuw.html", gemeenten=gebruiker(request).get("gemeenten", []), sleutel=sleutel())


@posts.post("/werkgevers")
async def registreer_werkgever(
    request: Request,
    api: Api,
    kvk_nummer: Annotated[str, Form()],
    naam: Annotated[str, Form()],
    vestiging_naam: Annotated[str, Form()],
    postcode: Annotated[str, Form()],
    gemeente: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    contact_naam: Annotated[str, Form()] = "",
    contact_email: Annotated[str, Form()] = "",
) -> Response:
    body: dict[str, Any] = {
        "kvkNummer": kvk_nummer.strip(),
        "naam": naam.strip(),
        "vestigingen": [{"naam": vestiging_naam.strip(), "postcode": postcode.strip(), "gemeente": gemeente}],
        "contactpersonen": [{"naam": contact_naam.strip(), "email": contact_email.strip() or None}]
        if contact_naam.strip()
        else [],
    }
    velden = {"vestigingen.0.naam": "vestiging_naam", "contactpersonen.0.naam": "contact_naam"}
    velden |= {"contactpersonen.0.email": "contact_email"}
    werkgever = await api.stuur("werkgevers", "/werkgevers", body, sleutel, velden)
    return klaar(request, f"/werkgevers/{werkgever['werkgeverId']}", "Werkgever geregistreerd.")


@pages.get("/werkgevers/{werkgever_id}", response_class=HTMLResponse)
async def werkgever(request: Request, werkgever_id: str, api: Api) -> Response:
    w = await api.lees("werkgevers", f"/werkgevers/{werkgever_id}")
    vestigingen = [(f"{v['postcode']}|{v['gemeente']}", f"{v['naam']}, {v['postcode']}") for v in w["vestigingen"]]
    return pagina(
        request,
        "werkgever.html",
        werkgever=w,
        vestigingen=vestigingen,
        contractvormen=CONTRACTVORMEN,
        sleutel=sleutel(),
    )


@posts.post("/werkgevers/{werkgever_id}/social-return")
async def social_return(
    request: Request,
    werkgever_id: str,
    api: Api,
    sr_van: Annotated[str, Form()],
    sr_tot: Annotated[str, Form()],
    sr_plaatsingen: Annotated[str, Form()],
    sr_uren: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"van": sr_van, "tot": sr_tot, "plaatsingen": sr_plaatsingen, "uren": sr_uren}
    velden = {"van": "sr_van", "tot": "sr_tot", "plaatsingen": "sr_plaatsingen", "uren": "sr_uren"}
    await api.stuur("werkgevers", f"/werkgevers/{werkgever_id}/social-return", body, sleutel, velden)
    return klaar(request, f"/werkgevers/{werkgever_id}", "Social return-afspraak vastgelegd.")


@posts.post("/werkgevers/{werkgever_id}/vacatures")
async def registreer_vacature(
    request: Request,
    werkgever_id: str,
    api: Api,
    titel: Annotated[str, Form()],
    isco08: Annotated[str, Form()],
    vestiging: Annotated[str, Form()],
    uren_per_week: Annotated[str, Form()],
    startdatum: Annotated[str, Form()],
    contractvorm: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    vereiste_vaardigheden: Annotated[str, Form()] = "",
    gewenste_vaardigheden: Annotated[str, Form()] = "",
    aantal_plaatsen: Annotated[str, Form()] = "1",
    banenafspraak: Annotated[str, Form()] = "",
) -> Response:
    postcode, _, gemeente = vestiging.partition("|")
    body = {
        "titel": titel.strip(),
        "isco08": isco08.strip(),
        "vereisteVaardigheden": lijst(vereiste_vaardigheden),
        "gewensteVaardigheden": lijst(gewenste_vaardigheden),
        "urenPerWeek": uren_per_week,
        "postcode": postcode,
        "gemeente": gemeente,
        "startdatum": startdatum,
        "contractvorm": contractvorm,
        "banenafspraak": banenafspraak == "ja",
        "aantalPlaatsen": aantal_plaatsen or "1",
    }
    velden = {"postcode": "vestiging", "gemeente": "vestiging"}
    v = await api.stuur("werkgevers", f"/werkgevers/{werkgever_id}/vacatures", body, sleutel, velden)
    return klaar(request, f"/vacatures/{v['vacatureId']}", "Vacature geregistreerd.")


# --- kandidaten ----------------------------------------------------------------------------------------------


@pages.get("/kandidaten/{klant_id}", response_class=HTMLResponse)
async def kandidaat(request: Request, klant_id: str, api: Api) -> Response:
    k, voorstellen = await asyncio.gather(
        api.lees("matching", f"/kandidaten/{klant_id}"),
        api.lees("matching", "/voorstellen", klantId=klant_id, limit=100),
    )
    namen = await titels(api, {v["vacatureId"] for v in voorstellen["items"]})
    return pagina(
        request,
        "kandidaat.html",
        kandidaat=k,
        voorstellen=voorstellen["items"],
        titels=namen,
        vandaag=date.today().isoformat(),
        sleutel=sleutel(),
    )


@posts.post("/kandidaten/{klant_id}/profiel")
async def leg_profiel_vast(
    request: Request,
    klant_id: str,
    api: Api,
    vaardigheden: Annotated[str, Form()],
    uren_min: Annotated[str, Form()],
    uren_max: Annotated[str, Form()],
    max_reisafstand_km: Annotated[str, Form()],
    beschikbaar_vanaf: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    gewenste_beroepen: Annotated[str, Form()] = "",
    postcodegebied: Annotated[str, Form()] = "",
    loonwaarde_indicatie: Annotated[str, Form()] = "",
    doelgroep_banenafspraak: Annotated[str, Form()] = "",
) -> Response:
    body = {
        "vaardigheden": lijst(vaardigheden),
        "gewensteBeroepen": lijst(gewenste_beroepen),
        "urenMin": uren_min,
        "urenMax": uren_max,
        "maxReisafstandKm": max_reisafstand_km,
        "postcodegebied": postcodegebied.strip() or None,
        "beschikbaarVanaf": beschikbaar_vanaf,
        "loonwaardeIndicatie": loonwaarde_indicatie.strip() or None,
        "doelgroepBanenafspraak": doelgroep_banenafspraak == "ja",
    }
    await api.stuur("matching", f"/kandidaten/{klant_id}/profiel", body, sleutel, methode="PUT")
    return klaar(request, f"/kandidaten/{klant_id}", "Profiel vastgelegd; de kandidaat doet mee in de ranking.")


@posts.post("/kandidaten/{klant_id}/klantmanager")
async def wijs_toe(
    request: Request,
    klant_id: str,
    api: Api,
    klantmanager: Annotated[str, Form()],
    reden: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"klantmanager": klantmanager.strip(), "reden": reden.strip()}
    await api.stuur("matching", f"/kandidaten/{klant_id}/klantmanager", body, sleutel, methode="PUT")
    return klaar(request, f"/kandidaten/{klant_id}", "Klantmanager toegewezen.")


# --- voorstellen ---------------------------------------------------------------------------------------------


@pages.get("/voorstellen", response_class=HTMLResponse)
async def voorstellen(request: Request, api: Api, status: str = "voorgesteld", mijn: str = "") -> Response:
    door = gebruiker(request).get("sub") if mijn else None
    lijst_ = (await api.lees("matching", "/voorstellen", status=status or None, voorgesteldDoor=door, limit=100))[
        "items"
    ]
    namen = await titels(api, {v["vacatureId"] for v in lijst_})
    return pagina(
        request,
        "voorstellen.html",
        voorstellen=lijst_,
        titels=namen,
        gekozen=status,
        mijn=bool(mijn),
        statussen=VOORSTELSTATUSSEN,
    )


@posts.post("/voorstellen")
async def stel_voor(
    request: Request,
    api: Api,
    vacature_id: Annotated[str, Form()],
    klant_id: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    voorstel = await api.stuur("matching", "/voorstellen", {"vacatureId": vacature_id, "klantId": klant_id}, sleutel)
    return klaar(request, f"/voorstellen/{voorstel['voorstelId']}", "Voorstel gedaan.")


@pages.get("/voorstellen/{voorstel_id}", response_class=HTMLResponse)
async def voorstel(request: Request, voorstel_id: str, api: Api) -> Response:
    v = await api.lees("matching", f"/voorstellen/{voorstel_id}")
    namen = await titels(api, {v["vacatureId"]})
    return pagina(
        request,
        "voorstel.html",
        voorstel=v,
        titel=namen[v["vacatureId"]],
        afwijsredenen=AFWIJSREDENEN,
        contractvormen=CONTRACTVORMEN,
        uitvalredenen=UITVALREDENEN,
        sleutel=sleutel(),
    )


@posts.post("/voorstellen/{voorstel_id}/antwoord")
async def antwoord(
    request: Request,
    voorstel_id: str,
    api: Api,
    geaccepteerd: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    reden: Annotated[str, Form()] = "",
    toelichting: Annotated[str, Form()] = "",
) -> Response:
    body: dict[str, Any] = {"geaccepteerd": geaccepteerd == "ja"}
    if geaccepteerd != "ja":
        body |= {"reden": reden or None, "toelichting": toelichting.strip() or None}
    await api.stuur("matching", f"/voorstellen/{voorstel_id}/antwoord", body, sleutel)
    return klaar(request, f"/voorstellen/{voorstel_id}", "Antwoord van de werkgever vastgelegd.")


@posts.post("/voorstellen/{voorstel_id}/plaatsing")
async def plaats(
    request: Request,
    voorstel_id: str,
    api: Api,
    startdatum: Annotated[date, Form()],
    contractvorm: Annotated[str, Form()],
    uren_per_week: Annotated[int, Form()],
    sleutel: Annotated[str, Form()],
    loonkostensubsidie: Annotated[str, Form()] = "",
    leeftijd: Annotated[int | None, Form()] = None,
    loonwaarde_procent: Annotated[int | None, Form()] = None,
    jobcoach_uren: Annotated[int | None, Form()] = None,
    einddatum: Annotated[date | None, Form()] = None,
    no_risk_polis: Annotated[str, Form()] = "",
    proefplaats_tot: Annotated[date | None, Form()] = None,
    proefplaats_toestemming: Annotated[str, Form()] = "",
) -> Response:
    instrumenten: dict[str, Any] = {}
    if loonkostensubsidie:
        instrumenten |= {"loonkostensubsidie": True, "leeftijd": leeftijd}
        if loonwaarde_procent is not None:
            instrumenten["loonwaardeProcent"] = loonwaarde_procent
    if jobcoach_uren:
        instrumenten["jobcoachUren"] = jobcoach_uren
    if no_risk_polis:
        instrumenten["noRiskPolis"] = True
    if proefplaats_tot:
        instrumenten |= {
            "proefplaatsTot": proefplaats_tot.isoformat(),
            "proefplaatsToestemming": bool(proefplaats_toestemming),
        }
    body = {
        "startdatum": startdatum.isoformat(),
        "einddatum": einddatum.isoformat() if einddatum else None,
        "contractvorm": contractvorm,
        "urenPerWeek": uren_per_week,
        "instrumenten": instrumenten,
    }
    await api.stuur("matching", f"/voorstellen/{voorstel_id}/plaatsing", body, sleutel)
    return klaar(request, f"/voorstellen/{voorstel_id}", "Plaatsing vastgelegd.")


@posts.post("/voorstellen/{voorstel_id}/beeindiging")
async def beeindig(
    request: Request,
    voorstel_id: str,
    api: Api,
    reden: Annotated[str, Form()],
    toelichting: Annotated[str, Form()],
    laatste_werkdag: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"reden": reden, "toelichting": toelichting.strip(), "laatsteWerkdag": laatste_werkdag}
    await api.stuur("matching", f"/voorstellen/{voorstel_id}/beeindiging", body, sleutel)
    return klaar(request, f"/voorstellen/{voorstel_id}", "Plaatsing beëindigd; de kandidaat is terug in de pool.")


@posts.post("/voorstellen/{voorstel_id}/proefplaats/verlenging")
async def verleng_proefplaats(
    request: Request,
    voorstel_id: str,
    api: Api,
    verlengd_tot: Annotated[str, Form()],
    motivatie: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"tot": verlengd_tot, "motivatie": motivatie.strip()}
    pad = f"/voorstellen/{voorstel_id}/proefplaats/verlenging"
    await api.stuur("matching", pad, body, sleutel, {"tot": "verlengd_tot"})
    return klaar(request, f"/voorstellen/{voorstel_id}", "Proefplaats verlengd.")


@posts.post("/voorstellen/{voorstel_id}/loonkostensubsidie/herijking")
async def herijk(
    request: Request,
    voorstel_id: str,
    api: Api,
    nieuwe_leeftijd: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    pad = f"/voorstellen/{voorstel_id}/loonkostensubsidie/herijking"
    await api.stuur("matching", pad, {"leeftijd": nieuwe_leeftijd}, sleutel, {"leeftijd": "nieuwe_leeftijd"})
    return klaar(request, f"/voorstellen/{voorstel_id}", "Loonkostensubsidie opnieuw vastgesteld.")


@posts.post("/vacatures/{vacature_id}/status")
async def vacaturestatus(
    request: Request,
    vacature_id: str,
    api: Api,
    status: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    reden: Annotated[str, Form()] = "",
) -> Response:
    body = {"status": status, "reden": reden.strip() or None}
    await api.stuur("werkgevers", f"/vacatures/{vacature_id}/status", body, sleutel)
    return klaar(request, f"/vacatures/{vacature_id}", "Status van de vacature gewijzigd.")


@posts.post("/voorstellen/{voorstel_id}/nazorg")
async def nazorg(
    request: Request,
    voorstel_id: str,
    api: Api,
    moment: Annotated[str, Form()],
    bevinding: Annotated[str, Form()],
    verslag: Annotated[str, Form(min_length=1)],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"moment": moment, "bevinding": bevinding, "verslag": verslag}
    await api.stuur("matching", f"/voorstellen/{voorstel_id}/nazorg", body, sleutel)
    return klaar(request, f"/voorstellen/{voorstel_id}", "Nazorg vastgelegd.")
