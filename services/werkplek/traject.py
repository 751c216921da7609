"""Screens of the klantmanager's traject (trajecten): the plan van aanpak with its versions and evaluaties, the
voorzieningen with their cost, evaluatie, premie and end, the tegenprestatie; and for beleid the re-integratie
budget lines with their ledger and the keuzes."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .diensten import NietIngelogd
from .inkomen import bedrag_uit
from .klantbeeld import namen
from .web import Api, als_het_mag, gebruiker, klaar, naam_van_gemeente, pagina, routers, sleutel

pages, posts = routers()
EERSTE_JAAR = 2015

CONCLUSIES = [("voortzetten", "Voortzetten"), ("bijstellen", "Bijstellen"), ("afsluiten", "Afsluiten")]
UITKOMSTEN = [
    ("uitstroom_naar_werk", "Uitstroom naar werk"),
    ("plaatsing", "Plaatsing"),
    ("doorstroom", "Doorstroom naar een volgende voorziening"),
    ("afgerond", "Afgerond zonder werk"),
    ("uitval", "Uitval"),
]
INKOOP = [("gemeente", "Door de gemeente"), ("regio", "Door de regio (komt ten laste van de gemeente van de klant)")]
KANALEN = [
    ("cluster_participatie", "Algemene uitkering, cluster participatie"),
    ("iu_participatie", "Integratie-uitkering participatie"),
    ("eigen_middelen", "Eigen middelen"),
    ("overig", "Overig (subsidie, regionaal)"),
]
AANBIEDERSOORTEN = [
    ("reintegratiebedrijf", "Re-integratiebedrijf"),
    ("werkbedrijf", "Werkbedrijf"),
    ("opleider", "Opleider"),
    ("zorg_of_welzijn", "Zorg of welzijn"),
]
PERSONEN = [("aanvrager", "De klant zelf"), ("partner", "De partner van de klant")]
AANVRAGERS = [("college", "Het college"), ("persoon", "De klant zelf (vroeg het UWV)")]


def _regels(tekst: str) -> list[str]:
    return [r.strip() for r in tekst.splitlines() if r.strip()]


def _ja(waarde: str) -> bool:
    return waarde == "ja"


@pages.get("/klanten/{klant_id}/traject", response_class=HTMLResponse)
async def traject(request: Request, klant_id: str, api: Api) -> Response:
    plannen, voorzieningen, opdrachten, adviezen, klant = await asyncio.gather(
        api.lees("trajecten", "/plannen", klantId=klant_id),
        api.lees("trajecten", "/voorzieningen", klantId=klant_id, limit=100),
        api.lees("trajecten", "/tegenprestaties", klantId=klant_id, limit=100),
        api.lees("trajecten", "/adviesaanvragen", klantId=klant_id, limit=100),
        als_het_mag(api.lees("intake", f"/klanten/{klant_id}")),
    )
    plan = None
    if plannen["items"]:
        plan = await api.lees("trajecten", f"/plannen/{plannen['items'][0]['planId']}")
    gemeente = (plan or {}).get("gemeente") or (klant or {}).get("gemeente") or gebruiker(request)["gemeenten"][0]
    catalogus, aanbieders, regels, naam = await asyncio.gather(
        api.lees("trajecten", f"/catalogi/{gemeente}"),
        api.lees("trajecten", "/aanbieders"),
        als_het_mag(api.lees("trajecten", "/budgetregels", gemeente=gemeente)),
        namen(request, api, [klant_id]),
    )
    return pagina(
        request,
        "traject.html",
        klant_id=klant_id,
        naam=naam.get(klant_id),
        plan=plan,
        huidig=plan["versies"][-1] if plan else None,
        voorzieningen=voorzieningen["items"],
        opdrachten=opdrachten["items"],
        adviezen=adviezen["items"],
        begeleidingen=[
            (v["voorzieningId"], f"{v['label']} vanaf {v['startdatum']}")
            for v in voorzieningen["items"]
            if v["soort"] == "begeleiding_beschut_werk"
        ],
        aanvragers=AANVRAGERS,
        catalogus=[(i["code"], f"{i['label']} ({i['grondslag']})") for i in catalogus["items"]],
        aanbieders=[(a["aanbiederId"], a["naam"]) for a in aanbieders if gemeente in a["gemeenten"]],
        regels=[(r["regelId"], f"{r['naam']} {r['jaar']}") for r in (regels or [])],
        conclusies=CONCLUSIES,
        inkoop=INKOOP,
        personen=PERSONEN,
        sleutel=sleutel(),
    )


def _plan(
    doelen: str,
    ondersteuning: str,
    verplichting: str,
    gevolg: str,
    evaluatiemomenten: str,
    besproken_op: str,
    instemming: str,
    startkwalificatie: str,
    zienswijze_klant: str,
) -> dict[str, Any]:
    afspraken: list[dict[str, Any]] = [{"soort": "ondersteuning", "omschrijving": o} for o in _regels(ondersteuning)]
    if verplichting.strip():
        afspraken.append(
            {"soort": "arbeidsverplichting", "omschrijving": verplichting.strip(), "gevolg": gevolg.strip()}
        )
    return {
        "doelen": _regels(doelen),
        "afspraken": afspraken,
        "evaluatiemomenten": [evaluatiemomenten] if evaluatiemomenten else [],
        "besprokenOp": besproken_op,
        "instemming": _ja(instemming),
        "startkwalificatie": _ja(startkwalificatie),
        "zienswijzeKlant": zienswijze_klant.strip() or None,
    }


@posts.post("/klanten/{klant_id}/plan")
async def plan_opstellen(
    request: Request,
    klant_id: str,
    api: Api,
    doelen: Annotated[str, Form()],
    besproken_op: Annotated[str, Form()],
    evaluatiemomenten: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    ondersteuning: Annotated[str, Form()] = "",
    verplichting: Annotated[str, Form()] = "",
    gevolg: Annotated[str, Form()] = "",
    instemming: Annotated[str, Form()] = "nee",
    startkwalificatie: Annotated[str, Form()] = "nee",
    zienswijze_klant: Annotated[str, Form()] = "",
    plan_id: Annotated[str, Form()] = "",
    aanleiding: Annotated[str, Form()] = "",
) -> Response:
    body = _plan(
        doelen,
        ondersteuning,
        verplichting,
        gevolg,
        evaluatiemomenten,
        besproken_op,
        instemming,
        startkwalificatie,
        zienswijze_klant,
    )
    velden = {"afspraken": "verplichting"}
    if plan_id:
        body["aanleiding"] = aanleiding.strip()
        await api.stuur("trajecten", f"/plannen/{plan_id}/versies", body, sleutel, velden)
        return klaar(request, f"/klanten/{klant_id}/traject", "Nieuwe versie van het plan van aanpak vastgelegd.")
    await api.stuur("trajecten", "/plannen", {**body, "klantId": klant_id}, sleutel, velden)
    return klaar(request, f"/klanten/{klant_id}/traject", "Plan van aanpak vastgelegd.")


@posts.post("/plannen/{plan_id}/evaluaties")
async def plan_evalueren(
    request: Request,
    plan_id: str,
    api: Api,
    klant_id: Annotated[str, Form()],
    evaluatiedatum: Annotated[str, Form()],
    bevindingen: Annotated[str, Form()],
    conclusie: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    volgende_evaluatie: Annotated[str, Form()] = "",
    met_klant: Annotated[str, Form()] = "ja",
) -> Response:
    body = {
        "evaluatiedatum": evaluatiedatum,
        "bevindingen": bevindingen.strip(),
        "conclusie": conclusie,
        "volgendeEvaluatie": volgende_evaluatie or None,
        "metKlant": _ja(met_klant),
    }
    await api.stuur("trajecten", f"/plannen/{plan_id}/evaluaties", body, sleutel)
    return klaar(request, f"/klanten/{klant_id}/traject", "Evaluatie van het plan vastgelegd.")


@posts.post("/klanten/{klant_id}/voorzieningen")
async def voorziening_starten(
    request: Request,
    klant_id: str,
    api: Api,
    plan_id: Annotated[str, Form()],
    code: Annotated[str, Form()],
    aanbieder_id: Annotated[str, Form()],
    startdatum: Annotated[str, Form()],
    geplande_einddatum: Annotated[str, Form()],
    budgetregel_id: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    uren: Annotated[str, Form()] = "",
    uurtarief: Annotated[str, Form()] = "",
    vaste_prijs: Annotated[str, Form()] = "",
    inkoop: Annotated[str, Form()] = "gemeente",
) -> Response:
    kosten = {k: bedrag_uit(v) for k, v in (("uren", uren), ("uurtarief", uurtarief), ("vastePrijs", vaste_prijs)) if v}
    body = {
        "planId": plan_id,
        "code": code,
        "aanbiederId": aanbieder_id,
        "inkoop": inkoop,
        "startdatum": startdatum,
        "geplandeEinddatum": geplande_einddatum,
        "kosten": kosten,
        "budgetregelId": budgetregel_id,
    }
    v = await api.stuur("trajecten", "/voorzieningen", body, sleutel)
    return klaar(request, f"/voorzieningen/{v['voorzieningId']}", f"{v['label']} gestart.")


@pages.get("/voorzieningen/{voorziening_id}", response_class=HTMLResponse)
async def voorziening(request: Request, voorziening_id: str, api: Api) -> Response:
    v = await api.lees("trajecten", f"/voorzieningen/{voorziening_id}")
    aanbieder, naam = await asyncio.gather(
        als_het_mag(api.lees("trajecten", f"/aanbieders/{v['aanbiederId']}")), namen(request, api, [v["klantId"]])
    )
    return pagina(
        request,
        "voorziening.html",
        v=v,
        aanbieder=aanbieder,
        naam=naam.get(v["klantId"]),
        uitkomsten=UITKOMSTEN,
        sleutel=sleutel(),
    )


async def _actie(
    request: Request, api: Api, voorziening_id: str, actie: str, body: Any, sleutel: str, melding: str
) -> Response:
    await api.stuur("trajecten", f"/voorzieningen/{voorziening_id}/{actie}", body, sleutel)
    return klaar(request, f"/voorzieningen/{voorziening_id}", melding)


@posts.post("/voorzieningen/{voorziening_id}/kosten")
async def kosten_boeken(
    request: Request,
    voorziening_id: str,
    api: Api,
    maand: Annotated[str, Form()],
    factuur: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    uren: Annotated[str, Form()] = "",
    bedrag: Annotated[str, Form()] = "",
) -> Response:
    body = {
        "maand": maand,
        "factuur": factuur.strip(),
        "uren": bedrag_uit(uren) or None,
        "bedrag": bedrag_uit(bedrag) or None,
    }
    return await _actie(request, api, voorziening_id, "kosten", body, sleutel, "Factuur geboekt.")


@posts.post("/voorzieningen/{voorziening_id}/evaluaties")
async def voorziening_evalueren(
    request: Request,
    voorziening_id: str,
    api: Api,
    evaluatiedatum: Annotated[str, Form()],
    bevindingen: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    effect: Annotated[str, Form()] = "ja",
) -> Response:
    body = {"evaluatiedatum": evaluatiedatum, "effect": _ja(effect), "bevindingen": bevindingen.strip()}
    return await _actie(request, api, voorziening_id, "evaluaties", body, sleutel, "Evaluatie vastgelegd.")


@posts.post("/voorzieningen/{voorziening_id}/premies")
async def premie(
    request: Request, voorziening_id: str, api: Api, halfjaar: Annotated[str, Form()], sleutel: Annotated[str, Form()]
) -> Response:
    body = {"halfjaar": int(halfjaar) if halfjaar.isdigit() else halfjaar}
    return await _actie(request, api, voorziening_id, "premies", body, sleutel, "Premie toegekend.")


@posts.post("/voorzieningen/{voorziening_id}/verlenging")
async def verlengen(
    request: Request,
    voorziening_id: str,
    api: Api,
    tot: Annotated[str, Form()],
    motivering: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    extra_uren: Annotated[str, Form()] = "",
    extra_prijs: Annotated[str, Form()] = "",
    andere_omgeving: Annotated[str, Form()] = "nee",
) -> Response:
    body = {
        "tot": tot,
        "motivering": motivering.strip(),
        "andereOmgeving": _ja(andere_omgeving),
        "extraUren": bedrag_uit(extra_uren) or None,
        "extraPrijs": bedrag_uit(extra_prijs) or None,
    }
    return await _actie(request, api, voorziening_id, "verlenging", body, sleutel, "Voorziening verlengd.")


@posts.post("/voorzieningen/{voorziening_id}/beeindiging")
async def beeindigen(
    request: Request,
    voorziening_id: str,
    api: Api,
    einddatum: Annotated[str, Form()],
    uitkomst: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    reden_uitval: Annotated[str, Form()] = "",
    toelichting: Annotated[str, Form()] = "",
) -> Response:
    body = {
        "einddatum": einddatum,
        "uitkomst": uitkomst,
        "redenUitval": reden_uitval.strip() or None,
        "toelichting": toelichting.strip() or None,
    }
    return await _actie(request, api, voorziening_id, "beeindiging", body, sleutel, "Voorziening beëindigd.")


@posts.post("/klanten/{klant_id}/tegenprestaties")
async def tegenprestatie(
    request: Request,
    klant_id: str,
    api: Api,
    omschrijving: Annotated[str, Form()],
    uren_per_week: Annotated[str, Form()],
    van: Annotated[str, Form()],
    tot: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    persoon: Annotated[str, Form()] = "aanvrager",
) -> Response:
    body = {
        "klantId": klant_id,
        "persoon": persoon,
        "omschrijving": omschrijving.strip(),
        "urenPerWeek": int(uren_per_week) if uren_per_week.isdigit() else uren_per_week,
        "van": van,
        "tot": tot,
    }
    await api.stuur("trajecten", "/tegenprestaties", body, sleutel)
    return klaar(request, f"/klanten/{klant_id}/traject", "Tegenprestatie opgedragen.")


@posts.post("/tegenprestaties/{opdracht_id}/weigering")
async def tegenprestatie_geweigerd(
    request: Request,
    opdracht_id: str,
    api: Api,
    klant_id: Annotated[str, Form()],
    datum: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    reden: Annotated[str, Form()] = "",
) -> Response:
    o = await api.stuur(
        "trajecten",
        f"/tegenprestaties/{opdracht_id}/weigering",
        {"datum": datum, "reden": reden.strip() or None},
        sleutel,
    )
    laatste = o["weigeringen"][-1]
    melding = (
        "Weigering vastgelegd: zonder geldige reden, dus de uitkeringsconsulent krijgt een voornemen tot een maatregel."
        if laatste["verwijtbaar"]
        else "Weigering vastgelegd: niet verwijtbaar (geldige reden of ontheffing)."
    )
    return klaar(request, f"/klanten/{klant_id}/traject", melding)


def _jaar(jaar: int | None) -> int:
    return jaar if jaar and EERSTE_JAAR <= jaar <= date.today().year + 1 else date.today().year


@pages.get("/budget", response_class=HTMLResponse)
async def budget_start(request: Request) -> Response:
    gemeenten = gebruiker(request).get("gemeenten") or []
    if not gemeenten:
        raise NietIngelogd
    return RedirectResponse(f"/budget/{gemeenten[0]}", status_code=303)


@pages.get("/budget/{gemeente}", response_class=HTMLResponse)
async def budget(request: Request, gemeente: str, api: Api, jaar: int | None = None) -> Response:
    jaar = _jaar(jaar)
    regels, keuzes, beschut = await asyncio.gather(
        api.lees("trajecten", "/budgetregels", gemeente=gemeente, jaar=jaar),
        api.lees("trajecten", f"/keuzes/{gemeente}/{jaar}"),
        api.lees("trajecten", f"/taakstellingen/{gemeente}/{jaar}"),
    )
    return pagina(
        request,
        "budget.html",
        gemeente=gemeente,
        naam=naam_van_gemeente(gemeente),
        jaar=jaar,
        jaren=list(range(date.today().year + 1, EERSTE_JAAR - 1, -1)),
        regels=regels,
        keuzes=keuzes,
        beschut=beschut,
        kanalen=KANALEN,
        sleutel=sleutel(),
    )


@posts.post("/budget/{gemeente}/regels")
async def budgetregel(
    request: Request,
    gemeente: str,
    api: Api,
    jaar: Annotated[str, Form()],
    naam: Annotated[str, Form()],
    kanaal: Annotated[str, Form()],
    bedrag: Annotated[str, Form()],
    bron: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {
        "gemeente": gemeente,
        "jaar": int(jaar) if jaar.isdigit() else jaar,
        "naam": naam.strip(),
        "kanaal": kanaal,
        "bedrag": bedrag_uit(bedrag),
        "bron": bron.strip(),
    }
    await api.stuur("trajecten", "/budgetregels", body, sleutel)
    return klaar(request, f"/budget/{gemeente}?jaar={body['jaar']}", "Budgetregel vastgelegd.")


@pages.get("/budgetregels/{regel_id}", response_class=HTMLResponse)
async def budgetregel_grootboek(request: Request, regel_id: str, api: Api) -> Response:
    regel = await api.lees("trajecten", f"/budgetregels/{regel_id}")
    naam = naam_van_gemeente(regel["gemeente"])
    return pagina(request, "budgetregel.html", regel=regel, naam=naam, sleutel=sleutel())


@posts.post("/budgetregels/{regel_id}/bijstelling")
async def budgetregel_bijstellen(
    request: Request,
    regel_id: str,
    api: Api,
    bedrag: Annotated[str, Form()],
    bron: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"bedrag": bedrag_uit(bedrag), "bron": bron.strip()}
    await api.stuur("trajecten", f"/budgetregels/{regel_id}/bijstelling", body, sleutel)
    return klaar(request, f"/budgetregels/{regel_id}", "Bedrag van de budgetregel gewijzigd.")


@pages.get("/budget/{gemeente}/keuzes.csv")
async def keuzes_export(gemeente: str, api: Api, jaar: int | None = None) -> Response:
    jaar = _jaar(jaar)
    antwoord = await api.tekst("trajecten", f"/keuzes/{gemeente}/{jaar}/export")
    naam = f"keuzes-{gemeente}-{jaar}.csv"
    return Response(
        antwoord.content, media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{naam}"'}
    )


@pages.get("/aanbieders", response_class=HTMLResponse)
async def aanbieders(request: Request, api: Api) -> Response:
    lijst = await api.lees("trajecten", "/aanbieders")
    return pagina(
        request,
        "aanbieders.html",
        aanbieders=lijst,
        soorten=AANBIEDERSOORTEN,
        gemeenten=gebruiker(request).get("gemeenten", []),
        sleutel=sleutel(),
    )


@posts.post("/aanbieders")
async def aanbieder_registreren(
    request: Request,
    api: Api,
    kvk_nummer: Annotated[str, Form()],
    naam: Annotated[str, Form()],
    soort: Annotated[str, Form()],
    gemeente: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"kvkNummer": kvk_nummer.replace(" ", ""), "naam": naam.strip(), "soort": soort, "gemeenten": [gemeente]}
    await api.stuur("trajecten", "/aanbieders", body, sleutel, {"gemeenten": "gemeente"})
    return klaar(request, "/aanbieders", f"{body['naam']} geregistreerd.")


@posts.post("/klanten/{klant_id}/beschut-werk")
async def advies_aanvragen(
    request: Request,
    klant_id: str,
    api: Api,
    advies_aanleiding: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    aangevraagd_door: Annotated[str, Form()] = "college",
    nieuwe_feiten: Annotated[str, Form()] = "nee",
) -> Response:
    body = {
        "klantId": klant_id,
        "aanleiding": advies_aanleiding.strip(),
        "aangevraagdDoor": aangevraagd_door,
        "nieuweFeiten": nieuwe_feiten == "ja",
    }
    await api.stuur("trajecten", "/adviesaanvragen", body, sleutel, {"aanleiding": "advies_aanleiding"})
    return klaar(request, f"/klanten/{klant_id}/traject", "Advies beschut werk aangevraagd bij UWV.")


@posts.post("/adviesaanvragen/{aanvraag_id}/besluit")
async def beschut_werk_besluit(
    request: Request,
    aanvraag_id: str,
    api: Api,
    klant_id: Annotated[str, Form()],
    indicatie_van: Annotated[str, Form()],
    motivering: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    aangewezen: Annotated[str, Form()] = "ja",
    indicatie_tot: Annotated[str, Form()] = "",
    afwijking: Annotated[str, Form()] = "",
) -> Response:
    body = {
        "aangewezen": aangewezen == "ja",
        "van": indicatie_van,
        "tot": indicatie_tot or None,
        "motivering": motivering.strip(),
        "afwijking": afwijking.strip() or None,
    }
    velden = {"van": "indicatie_van", "tot": "indicatie_tot"}
    await api.stuur("trajecten", f"/adviesaanvragen/{aanvraag_id}/besluit", body, sleutel, velden)
    return klaar(request, f"/klanten/{klant_id}/traject", "Besluit over beschut werk vastgelegd.")


@posts.post("/adviesaanvragen/{aanvraag_id}/dienstbetrekking")
async def beschutte_dienstbetrekking(
    request: Request,
    aanvraag_id: str,
    api: Api,
    klant_id: Annotated[str, Form()],
    werkgever: Annotated[str, Form()],
    baan_start: Annotated[str, Form()],
    baan_uren: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    begeleiding_id: Annotated[str, Form()] = "",
) -> Response:
    body = {
        "werkgever": werkgever.strip(),
        "startdatum": baan_start,
        "urenPerWeek": int(baan_uren) if baan_uren.isdigit() else baan_uren,
        "begeleidingId": begeleiding_id or None,
    }
    velden = {"startdatum": "baan_start", "urenPerWeek": "baan_uren"}
    await api.stuur("trajecten", f"/adviesaanvragen/{aanvraag_id}/dienstbetrekking", body, sleutel, velden)
    return klaar(request, f"/klanten/{klant_id}/traject", "Beschutte dienstbetrekking vastgelegd.")


@posts.post("/budget/{gemeente}/taakstelling")
async def taakstelling(
    request: Request,
    gemeente: str,
    api: Api,
    jaar: Annotated[str, Form()],
    aantal: Annotated[str, Form()],
    bron: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"aantal": int(aantal) if aantal.isdigit() else aantal, "bron": bron.strip()}
    await api.stuur("trajecten", f"/taakstellingen/{gemeente}/{jaar}", body, sleutel, methode="PUT")
    return klaar(request, f"/budget/{gemeente}?jaar={jaar}", "Taakstelling beschut werk vastgelegd.")
