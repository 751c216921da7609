"""Isolation between gemeenten, walked over every route of every service's OpenAPI.

GM0014 goes through a whole journey (aanmelding to plaatsing, an employer with a vacature, a
klantmanager). Then every `/api/v1` operation that the services' OpenAPI documents is called with
a GM0037 token holding every local role and the same subject (so replayed Idempotency-Keys are tried
too), and with tokens that lack or abuse claims. Regional roles (matcher, werkgeversadviseur,
klantmanager) work on the whole region by design (DESIGN §5), so they are not in that token.
Nothing here names a route: a new endpoint is walked as soon as it is in the OpenAPI. It fails on a
2xx that addresses GM0014's data, on any 5xx, and on any answer that shows GM0014's ids or personal
data that the request did not carry.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import httpx
import jwt

from libs.events.auth import REGIONALE_ROLLEN, Role
from libs.events.settings import DEV_JWT_SECRET
from tests.support import token, wait_for

from .conftest import Platform
from .test_intake_journeys import GOED, _aanmelding

ROLLEN = [r.value for r in Role]
SUB = "medewerker-0014"
EIGENAAR = token(ROLLEN, ["GM0014"], sub=SUB)
LOKALE_ROLLEN = [r for r in ROLLEN if r not in REGIONALE_ROLLEN]
ANDERE_GEMEENTE = token(LOKALE_ROLLEN, ["GM0037"], sub=SUB)


def _raw(claims: dict[str, Any], secret: str = DEV_JWT_SECRET) -> dict[str, str]:
    now = int(time.time())
    return {"Authorization": f"Bearer {jwt.encode({'iat': now, 'exp': now + 600, **claims}, secret)}"}


# Tokens that must get nothing anywhere: 401 or 403 on every route.
ONGELDIG: dict[str, dict[str, str]] = {
    "no token": {},
    "no gemeenten claim": _raw({"sub": SUB, "roles": ROLLEN}),
    "empty gemeenten": _raw({"sub": SUB, "roles": ROLLEN, "gemeenten": []}),
    "gemeenten as text": _raw({"sub": SUB, "roles": ROLLEN, "gemeenten": "GM0014"}),
    "gemeente outside the region": _raw({"sub": SUB, "roles": ROLLEN, "gemeenten": ["GM0014", "GM0363"]}),
    "expired": _raw({"sub": SUB, "roles": ROLLEN, "gemeenten": ["GM0014"], "exp": int(time.time()) - 60}),
    "wrong signature": _raw({"sub": SUB, "roles": ROLLEN, "gemeenten": ["GM0014"]}, secret="x" * 48),
}
BSN = "111222333"
KVK = "55667788"
# Cursors no service issued: the unsigned form of earlier releases with an injection attempt, and nonsense.
VALSE_CURSORS = (
    "eyJzIjoiMjAyNi0wMS0wMVQwMDowMDowMCIsImkiOiJ4JyBPUiAxPTEtLSJ9",
    "eyJzIjoiMjAyNi0wMS0wMVQwMDowMDowMCIsImkiOiJ4In0.AAAAAAAAAAAAAAAAAAAAAA",
    "niet-een-cursor",
)


@dataclass
class Journey:
    """What GM0014's journey left behind: ids by path-parameter name, bodies by route, secrets."""

    ids: dict[str, str] = field(default_factory=dict)
    bodies: dict[tuple[str, str], Any] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)


async def _call(
    client: httpx.AsyncClient, journey: Journey, method: str, template: str, path: str, body: Any, headers: Any
) -> Any:
    journey.bodies[(method, template)] = body
    for _ in range(5):
        response = await client.request(method, path, json=body, headers=headers)
        # A policy may append to the same stream at that moment (uitkering notes matching's plaatsing): a 409
        # wrote nothing, and the API says to try again, as a client does.
        if response.status_code != 409 or response.json()["type"] != "urn:problem:gelijktijdige-wijziging":
            break
    assert response.status_code in (200, 201, 202), response.text
    return response.json()


async def _journey(intake: httpx.AsyncClient, matching: httpx.AsyncClient, werkgevers: httpx.AsyncClient) -> Journey:
    j = Journey()
    aanmelding = _aanmelding(BSN, ref="kcc-iso-1")
    created = await _call(intake, j, "POST", "/api/v1/aanmeldingen", "/api/v1/aanmeldingen", aanmelding, EIGENAAR)
    a = f"/api/v1/aanmeldingen/{created['id']}"
    tpl = "/api/v1/aanmeldingen/{aanmelding_id}"
    await _call(intake, j, "POST", f"{tpl}/screening", f"{a}/screening", {"scores": GOED}, EIGENAAR)
    voorstel = await _call(
        intake, j, "POST", f"{tpl}/diagnosevoorstel", f"{a}/diagnosevoorstel", {"kanDirectWerken": False}, EIGENAAR
    )
    diagnose = {"route": voorstel["voorstel"]["route"], "uitkeringNodig": voorstel["voorstel"]["uitkeringNodig"]}
    await _call(intake, j, "POST", f"{tpl}/diagnose", f"{a}/diagnose", diagnose, EIGENAAR)
    klant = created["klantId"]
    k, ktpl = f"/api/v1/klanten/{klant}", "/api/v1/klanten/{klant_id}"
    overdracht = {"naar": "regionaal", "vervolgstap": "Matchgesprek", "contactpersoon": "KCC"}
    offer = await _call(intake, j, "POST", f"{ktpl}/overdrachten", f"{k}/overdrachten", overdracht, EIGENAAR)
    o, otpl = f"{k}/overdrachten/{offer['overdrachtId']}", f"{ktpl}/overdrachten/{{overdracht_id}}"
    await _call(intake, j, "POST", f"{otpl}/acceptatie", f"{o}/acceptatie", None, EIGENAAR)
    j.bodies[("POST", f"{otpl}/weigering")] = {"reden": "Geen capaciteit"}
    j.bodies[("POST", f"{tpl}/zoektermijn/inkorting")] = {"per": "2027-01-04", "motivatie": "Eerder toegelaten"}
    j.bodies[("POST", f"{ktpl}/e-dienstverlening/beeindiging")] = {"reden": "Werk gevonden"}
    j.bodies[("POST", f"{ktpl}/verhuizingen")] = {"naarGemeente": "GM0014", "per": "2026-11-01"}  # no move
    j.bodies[("POST", f"{ktpl}/persoonsgegevens/correcties")] = {"reden": "Verhuisd", "postcode": "9711AB"}

    werkgever_body = {
        "kvkNummer": KVK,
        "naam": "Stad Logistiek B.V.",
        "vestigingen": [{"naam": "Magazijn", "postcode": "9723ZS", "gemeente": "GM0014"}],
        "contactpersonen": [{"naam": "P. de Boer"}],
    }
    werkgever = await _call(werkgevers, j, "POST", "/api/v1/werkgevers", "/api/v1/werkgevers", werkgever_body, EIGENAAR)
    w, wtpl = f"/api/v1/werkgevers/{werkgever['werkgeverId']}", "/api/v1/werkgevers/{werkgever_id}"
    afspraak = {"van": "2026-01-01", "tot": "2028-01-01", "plaatsingen": 2, "uren": 0}
    await _call(werkgevers, j, "POST", f"{wtpl}/social-return", f"{w}/social-return", afspraak, EIGENAAR)
    vacature_body = {
        "titel": "Orderpicker",
        "isco08": "9321",
        "vereisteVaardigheden": ["orderpicken"],
        "urenPerWeek": 32,
        "postcode": "9723ZS",
        "gemeente": "GM0014",
        "startdatum": "2027-02-01",
        "contractvorm": "bepaalde_tijd",
        "banenafspraak": False,
        "aantalPlaatsen": 2,
    }
    vacature = await _call(werkgevers, j, "POST", f"{wtpl}/vacatures", f"{w}/vacatures", vacature_body, EIGENAAR)
    j.bodies[("POST", "/api/v1/vacatures/{vacature_id}/status")] = {"status": "on_hold", "reden": "Even stil"}

    async def in_pool() -> bool:
        response = await matching.get(f"/api/v1/kandidaten/{klant}", headers=EIGENAAR)
        return response.status_code == 200 and bool(response.json()["inPool"])

    await wait_for(in_pool, timeout=30, what="kandidaat in the pool")
    km = "/api/v1/kandidaten/{klant_id}"
    profiel = {
        "vaardigheden": ["orderpicken"],
        "urenMin": 24,
        "urenMax": 32,
        "maxReisafstandKm": 30,
        "beschikbaarVanaf": "2027-01-01",
    }
    await _call(matching, j, "PUT", f"{km}/profiel", f"/api/v1/kandidaten/{klant}/profiel", profiel, EIGENAAR)
    toewijzing = {"klantmanager": "km-0014", "reden": "start"}
    pad = f"/api/v1/kandidaten/{klant}/klantmanager"
    await _call(matching, j, "PUT", f"{km}/klantmanager", pad, toewijzing, EIGENAAR)
    registratie = {"naam": "Karin", "team": "regionaal-noord", "fteProcent": 80}
    kmtpl = "/api/v1/klantmanagers/{klantmanager}"
    await _call(matching, j, "PUT", kmtpl, "/api/v1/klantmanagers/km-0014", registratie, EIGENAAR)

    async def vacature_known() -> bool:
        path = f"/api/v1/matches/vacatures/{vacature['vacatureId']}"
        return (await matching.get(path, headers=EIGENAAR)).status_code == 200

    await wait_for(vacature_known, timeout=30, what="vacature in matching")
    voorstel_body = {"vacatureId": vacature["vacatureId"], "klantId": klant}
    voorstel = await _call(matching, j, "POST", "/api/v1/voorstellen", "/api/v1/voorstellen", voorstel_body, EIGENAAR)
    v, vtpl = f"/api/v1/voorstellen/{voorstel['voorstelId']}", "/api/v1/voorstellen/{voorstel_id}"
    await _call(matching, j, "POST", f"{vtpl}/antwoord", f"{v}/antwoord", {"geaccepteerd": True}, EIGENAAR)
    plaatsing = {
        "startdatum": "2026-02-02",
        "contractvorm": "bepaalde_tijd",
        "urenPerWeek": 32,
        "instrumenten": {"jobcoachUren": 36},
    }
    placed = await _call(matching, j, "POST", f"{vtpl}/plaatsing", f"{v}/plaatsing", plaatsing, EIGENAAR)
    nazorg = {"moment": placed["nazorg"][0]["moment"], "bevinding": "goed", "verslag": "Gaat goed"}
    await _call(matching, j, "POST", f"{vtpl}/nazorg", f"{v}/nazorg", nazorg, EIGENAAR)
    uitval = {"reden": "ziekte", "toelichting": "Uitgevallen", "laatsteWerkdag": "2026-03-31"}
    j.bodies[("POST", f"{vtpl}/beeindiging")] = uitval
    j.bodies[("POST", f"{vtpl}/proefplaats/verlenging")] = {"tot": "2026-05-31", "motivatie": "Meer tijd nodig"}
    j.bodies[("POST", f"{vtpl}/loonkostensubsidie/herijking")] = {"leeftijd": 20}

    j.ids = {
        "aanmelding_id": created["id"],
        "klant_id": klant,
        "overdracht_id": offer["overdrachtId"],
        "werkgever_id": werkgever["werkgeverId"],
        "vacature_id": vacature["vacatureId"],
        "voorstel_id": voorstel["voorstelId"],
        "klantmanager": "km-0014",
    }
    j.query = {"kanaal": "kcc", "kanaalReferentie": "kcc-iso-1", "kvkNummer": KVK, "gemeente": "GM0014"}
    persoon = aanmelding["persoon"]
    j.secrets = {*j.ids.values(), BSN, persoon["naam"], persoon["email"], "GM0014", placed["plaatsingId"]}
    return j


async def _uitkering_journey(uitkering: httpx.AsyncClient, j: Journey) -> None:
    """GM0014's klant applies for bijstand, gets it and is paid; the other uitkering commands get valid bodies."""
    aanvraag = {
        "klantId": j.ids["klant_id"],
        "gemeente": "GM0014",
        "meldingsdatum": "2026-09-07",
        "aanvraagdatum": "2026-09-07",
        "huishouden": {"leefvorm": "alleenstaande", "geboortedatum": "1985-03-14"},
    }

    async def ingediend() -> Any:
        response = await uitkering.post("/api/v1/aanvragen", json=aanvraag, headers=EIGENAAR)
        return response.json() if response.status_code == 201 else None

    j.bodies[("POST", "/api/v1/aanvragen")] = aanvraag
    uid = (await wait_for(ingediend, timeout=30, what="uitkering to know the klant"))["uitkeringId"]
    a, atpl = f"/api/v1/aanvragen/{uid}", "/api/v1/aanvragen/{uitkering_id}"
    u, utpl = f"/api/v1/uitkeringen/{uid}", "/api/v1/uitkeringen/{uitkering_id}"
    j.bodies[("POST", f"{atpl}/voorschot")] = {"periode": "2026-10"}
    besluit = {"ingangsdatum": "2026-09-07", "motivering": "Recht vastgesteld"}
    await _call(uitkering, j, "POST", f"{atpl}/besluit", f"{a}/besluit", besluit, EIGENAAR)
    rekening = {"aanvrager": {"iban": "NL44RABO0123456789", "naam": "S. Bakker"}}
    await _call(uitkering, j, "PUT", f"{utpl}/rekening", f"{u}/rekening", rekening, EIGENAAR)
    run_body = {"gemeente": "GM0014", "periode": "2026-10"}
    run = await _call(uitkering, j, "POST", "/api/v1/betaalruns", "/api/v1/betaalruns", run_body, EIGENAAR)
    inkomsten = {
        "periode": "2026-09",
        "werkgever": "Stad Logistiek B.V.",
        "uren": "40",
        "bruto": "700.00",
        "netto": "600.00",
        "loonstrookVan": "2026-09-01",
        "loonstrookTot": "2026-09-30",
    }
    await _call(uitkering, j, "POST", f"{utpl}/inkomsten", f"{u}/inkomsten", inkomsten, EIGENAAR)
    terug = {"grond": "58.1", "aflossingPerMaand": "40.00"}
    vordering = await _call(uitkering, j, "POST", f"{utpl}/terugvorderingen", f"{u}/terugvorderingen", terug, EIGENAAR)
    voornemen = {"verplichting": "18.4.a", "feitdatum": "2026-11-16", "omschrijving": "Werk geweigerd"}
    met_maatregel = await _call(uitkering, j, "POST", f"{utpl}/maatregelen", f"{u}/maatregelen", voornemen, EIGENAAR)
    mtpl = f"{utpl}/maatregelen/{{maatregel_id}}"
    j.bodies[("POST", f"{mtpl}/zienswijze")] = {"zienswijze": "Ik was ziek"}
    j.bodies[("POST", f"{mtpl}/besluit")] = {"verwijtbaar": True, "motivering": "Verwijtbaar"}
    j.bodies[("POST", f"{mtpl}/heroverweging")] = {"gehandhaafd": True, "motivering": "Geen nieuwe feiten"}
    j.bodies[("POST", f"{utpl}/taaltoetsen")] = {"toetsdatum": "2026-11-20", "voldaan": False, "verwijtbaar": True}
    ontheffing = {"grond": "9.2", "van": "2026-12-01", "tot": "2027-05-31", "reden": "Mantelzorg"}
    met_ontheffing = await _call(
        uitkering, j, "POST", f"{utpl}/ontheffingen", f"{u}/ontheffingen", ontheffing, EIGENAAR
    )
    ontheffing_id = met_ontheffing["ontheffingen"][0]["ontheffingId"]
    otpl = f"{utpl}/ontheffingen/{{ontheffing_id}}"
    j.bodies[("POST", f"{otpl}/beeindiging")] = {"per": "2027-03-01", "reden": "Zorg overgedragen"}
    j.bodies[("POST", f"{utpl}/heronderzoeken")] = {"selectie": "periodiek", "uitkomst": "ongewijzigd"}
    j.bodies[("POST", f"{utpl}/verzuim")] = {"reden": "Afschriften ontbreken", "herstelUiterlijk": "2027-01-04"}
    vtpl = "/api/v1/vorderingen/{vordering_id}"
    j.bodies[("POST", f"{vtpl}/boete")] = {"verwijtbaarheid": "normaal"}
    j.bodies[("PUT", f"{vtpl}/aflossingsafspraak")] = {"bedragPerMaand": "25.00", "vanaf": "2026-12-01"}
    j.bodies[("POST", f"{vtpl}/aflossingen")] = {"bedrag": "10.00", "datum": "2026-12-01"}
    j.bodies[("POST", f"{vtpl}/afkoop")] = {"bedrag": "400.00", "datum": "2026-12-01"}
    j.bodies[("POST", f"{vtpl}/correcties")] = {"bedrag": "15.00", "soort": "kosten", "reden": "Incassokosten"}
    j.bodies[("POST", f"{vtpl}/afzien")] = {"reden": "Tien jaar"}
    j.bodies[("POST", f"{utpl}/huishoudwijzigingen")] = {
        "per": "2026-10-01",
        "huishouden": {"leefvorm": "alleenstaande", "geboortedatum": "1985-03-14"},
        "reden": "Geen wijziging",
    }
    j.bodies[("POST", f"{utpl}/opschorting")] = {"reden": "Adres wijkt af van de BRP"}
    j.bodies[("POST", f"{utpl}/hervatting")] = {"reden": "BRP in orde"}
    j.bodies[("POST", f"{utpl}/beeindiging")] = {"laatsteDag": "2026-12-31", "reden": "overig", "toelichting": "x"}
    maatregel_id = met_maatregel["maatregelen"][0]["maatregelId"]
    j.ids |= {
        "uitkering_id": uid,
        "betaalrun_id": run["betaalrunId"],
        "maatregel_id": maatregel_id,
        "vordering_id": vordering["vorderingId"],
        "ontheffing_id": ontheffing_id,
        "jaar": "2026",
        "gemeente": "GM0014",
    }
    j.secrets |= {uid, run["betaalrunId"], maatregel_id, vordering["vorderingId"], ontheffing_id}
    j.ids["periode"] = "2026-10"  # a path value, not a secret of GM0014
    j.query |= {"van": "2026-09", "tot": "2026-11", "op": "2026-12-01T00:00:00Z"}


async def _handhaving_journey(clients: dict[str, httpx.AsyncClient], j: Journey, intake_db: str) -> None:
    """GM0014's sociale recherche: an IB signal, an onderzoek (its wisblokkade reaches intake), a steekproef."""
    handhaving, klant = clients["handhaving"], j.ids["klant_id"]
    j.bodies[("POST", "/api/v1/klanten/zoekopdrachten/reeksen")] = {"bsns": [BSN], "doel": "handhaving"}
    j.bodies[("POST", "/api/v1/klanten/opvragingen")] = {"klantIds": [j.ids["klant_id"]], "doel": "handhaving"}
    j.bodies[("POST", "/api/v1/klanten/zoekopdrachten")] = {"bsn": BSN, "doel": "handhaving"}
    j.bodies[("POST", "/api/v1/klanten/{klant_id}/wissingen")] = {"grond": "verzoek-avg-17"}

    async def in_audit() -> bool:
        r = await handhaving.get(f"/api/v1/tijdlijnen/{klant}", headers=EIGENAAR)
        return r.status_code == 200

    await wait_for(in_audit, timeout=60, what="the audit store to know the klant")
    bestand = {
        "gemeente": "GM0014",
        "bestandsnaam": "IB-GM0014.json",
        "signalen": [{"kenmerk": "IB-ISO-1", "product": "kostendelers", "bsn": BSN, "van": "2026-10-01"}],
    }
    await _call(
        handhaving, j, "POST", "/api/v1/signalen/ib-bestanden", "/api/v1/signalen/ib-bestanden", bestand, EIGENAAR
    )
    signaal = (await handhaving.get("/api/v1/signalen", headers=EIGENAAR)).json()["items"][0]["signaalId"]
    j.bodies[("POST", "/api/v1/signalen/{signaal_id}/beoordeling")] = {"triage": "heronderzoek", "reden": "Adres"}
    body = {"klantId": klant, "gemeente": "GM0014", "aanleiding": "Signaal kostendelers", "signaalId": signaal}
    onderzoek = await _call(handhaving, j, "POST", "/api/v1/onderzoeken", "/api/v1/onderzoeken", body, EIGENAAR)
    otpl = "/api/v1/onderzoeken/{onderzoek_id}"
    j.bodies[("POST", f"{otpl}/leden")] = {"lid": "rechercheur-0015"}
    j.bodies[("POST", f"{otpl}/bevindingen")] = {"stap": "dossierstudie", "omschrijving": "BRP bekeken"}
    j.bodies[("POST", f"{otpl}/uitkomst")] = {"uitkomst": "geen-benadeling", "toelichting": "Klopt"}
    steekproef_body = {"gemeente": "GM0014", "doel": "audit", "omvang": 1}
    steekproef = await _call(
        handhaving, j, "POST", "/api/v1/steekproeven", "/api/v1/steekproeven", steekproef_body, EIGENAAR
    )
    j.ids |= {
        "signaal_id": signaal,
        "onderzoek_id": onderzoek["onderzoekId"],
        "steekproef_id": steekproef["steekproefId"],
    }
    j.secrets |= {signaal, onderzoek["onderzoekId"], steekproef["steekproefId"]}
    # The onderzoek was opened before anyone asks to erase the klant: handhaving refuses that (wisblokkade), so
    # neither this request nor the walk's erases anything.
    wis_tpl = "/api/v1/klanten/{klant_id}/wissingen"
    verzoek = await _call(
        clients["intake"],
        j,
        "POST",
        wis_tpl,
        f"/api/v1/klanten/{klant}/wissingen",
        {"grond": "verzoek-avg-17"},
        EIGENAAR,
    )
    j.ids["verzoek_id"] = verzoek["verzoekId"]


async def _trajecten_journey(trajecten: httpx.AsyncClient, j: Journey) -> None:
    """GM0014's klantmanager: a plan van aanpak, a werkervaringsplaats on the gemeente's budget line with its cost and
    premie, and a tegenprestatie refused; the other trajecten commands get valid bodies."""
    klant = j.ids["klant_id"]
    plan_body = {
        "klantId": klant,
        "doelen": ["Werk in de logistiek"],
        "afspraken": [{"soort": "arbeidsverplichting", "omschrijving": "Solliciteert", "gevolg": "Maatregel"}],
        "evaluatiemomenten": ["2026-06-01"],
        "startkwalificatie": True,
        "besprokenOp": "2026-01-05",
        "instemming": True,
    }

    async def opgesteld() -> Any:
        response = await trajecten.post("/api/v1/plannen", json=plan_body, headers=EIGENAAR)
        return response.json() if response.status_code == 201 else None

    j.bodies[("POST", "/api/v1/plannen")] = plan_body
    plan = await wait_for(opgesteld, timeout=30, what="trajecten to know the klant")
    ptpl = "/api/v1/plannen/{plan_id}"
    j.bodies[("POST", f"{ptpl}/versies")] = {**plan_body, "besprokenOp": "2026-06-01", "aanleiding": "Evaluatie"}
    del j.bodies[("POST", f"{ptpl}/versies")]["klantId"]
    j.bodies[("POST", f"{ptpl}/evaluaties")] = {
        "evaluatiedatum": "2026-06-01",
        "bevindingen": "Gaat goed",
        "conclusie": "voortzetten",
        "volgendeEvaluatie": "2026-12-01",
    }
    regel_body = {
        "gemeente": "GM0014",
        "jaar": 2026,
        "naam": "Re-integratie",
        "kanaal": "cluster_participatie",
        "bedrag": "50000.00",
        "bron": "Begroting 2026",
    }
    regel = await _call(trajecten, j, "POST", "/api/v1/budgetregels", "/api/v1/budgetregels", regel_body, EIGENAAR)
    j.bodies[("POST", "/api/v1/budgetregels/{regel_id}/bijstelling")] = {"bedrag": "55000.00", "bron": "Wijziging"}
    j.bodies[("POST", "/api/v1/catalogi/{gemeente}/versies")] = {
        "geldigVanaf": "2027-01-01",
        "bron": "Re-integratieverordening 2027",
        "regels": [
            {"code": "WEP", "label": "Werkervaringsplaats", "soort": "werkervaringsplaats", "kostenwijze": "uren"}
        ],
    }
    aanbieder_body = {
        "kvkNummer": "44556677",
        "naam": "Werkfit B.V.",
        "soort": "reintegratiebedrijf",
        "gemeenten": ["GM0014"],
    }
    aanbieder = await _call(trajecten, j, "POST", "/api/v1/aanbieders", "/api/v1/aanbieders", aanbieder_body, EIGENAAR)
    wep = {
        "planId": plan["planId"],
        "code": "WEP",
        "aanbiederId": aanbieder["aanbiederId"],
        "startdatum": "2026-01-05",
        "geplandeEinddatum": "2027-01-04",
        "kosten": {"uren": "100", "uurtarief": "40.00"},
        "budgetregelId": regel["regelId"],
    }
    v = await _call(trajecten, j, "POST", "/api/v1/voorzieningen", "/api/v1/voorzieningen", wep, EIGENAAR)
    vpad, vtpl = f"/api/v1/voorzieningen/{v['voorzieningId']}", "/api/v1/voorzieningen/{voorziening_id}"
    kosten = {"maand": "2026-02", "uren": "8", "factuur": "WF-1"}
    await _call(trajecten, j, "POST", f"{vtpl}/kosten", f"{vpad}/kosten", kosten, EIGENAAR)
    await _call(trajecten, j, "POST", f"{vtpl}/premies", f"{vpad}/premies", {"halfjaar": 1}, EIGENAAR)
    j.bodies[("POST", f"{vtpl}/verlenging")] = {"tot": "2027-06-30", "extraUren": "10", "motivering": "Meer tijd"}
    j.bodies[("POST", f"{vtpl}/evaluaties")] = {"evaluatiedatum": "2026-10-05", "effect": True, "bevindingen": "Ok"}
    j.bodies[("POST", f"{vtpl}/beeindiging")] = {"einddatum": "2026-12-31", "uitkomst": "uitstroom_naar_werk"}
    opdracht_body = {
        "klantId": klant,
        "omschrijving": "Buurthuis",
        "urenPerWeek": 8,
        "van": "2026-06-01",
        "tot": "2026-11-30",
    }
    opdracht = await _call(
        trajecten, j, "POST", "/api/v1/tegenprestaties", "/api/v1/tegenprestaties", opdracht_body, EIGENAAR
    )
    otpl = "/api/v1/tegenprestaties/{opdracht_id}"
    opad = f"/api/v1/tegenprestaties/{opdracht['opdrachtId']}"
    await _call(trajecten, j, "POST", f"{otpl}/weigering", f"{opad}/weigering", {"datum": "2026-06-08"}, EIGENAAR)
    # Beschut werk: an advies asked of UWV (the fake), a taakstelling; the decision and job get valid bodies.
    vraag = {"klantId": klant, "aanleiding": "Diagnose"}
    aanvraag = await _call(trajecten, j, "POST", "/api/v1/adviesaanvragen", "/api/v1/adviesaanvragen", vraag, EIGENAAR)
    atpl = "/api/v1/adviesaanvragen/{aanvraag_id}"
    j.bodies[("POST", f"{atpl}/besluit")] = {"aangewezen": True, "van": "2026-12-01", "motivering": "Advies"}
    j.bodies[("POST", f"{atpl}/dienstbetrekking")] = {
        "werkgever": "iederz",
        "startdatum": "2026-12-01",
        "urenPerWeek": 24,
    }
    j.bodies[("POST", f"{atpl}/dienstbetrekking/beeindiging")] = {"einddatum": "2026-12-31", "reden": "Verhuisd"}
    taak = {"aantal": 44, "bron": "Regeling aantallen beschut werk"}
    ttpl = "/api/v1/taakstellingen/{gemeente}/{jaar}"
    await _call(trajecten, j, "PUT", ttpl, "/api/v1/taakstellingen/GM0014/2026", taak, EIGENAAR)
    j.query["jaar"] = "2026"
    j.ids["halfjaar"] = "2"  # a path value (the Statistiek Wsw's half year), not a secret of GM0014
    # The Wsw zittend bestand: a medewerker (the birth date read at intake); a change of werkvorm and an outflow.
    mw = {
        "klantId": klant,
        "gemeente": "GM0014",
        "indienst": "2010-01-01",
        "arbeidshandicap": "matig",
        "werkvorm": "beschut_binnen",
        "urenPerWeek": 32,
    }
    medewerker = await _call(trajecten, j, "POST", "/api/v1/wsw/medewerkers", "/api/v1/wsw/medewerkers", mw, EIGENAAR)
    mtpl = "/api/v1/wsw/medewerkers/{medewerker_id}"
    j.bodies[("POST", f"{mtpl}/werkvorm")] = {"per": "2026-12-01", "werkvorm": "groepsdetachering", "urenPerWeek": 32}
    j.bodies[("POST", f"{mtpl}/uitstroom")] = {"per": "2027-01-01", "reden": "eigen_verzoek"}
    geld = {
        "rijksbijdrage": "60000.00",
        "rijksbijdrageBron": "Circulaire",
        "loonkostenPerSe": "36000.00",
        "loonkostenBron": "Cao SW",
    }
    await _call(
        trajecten, j, "PUT", "/api/v1/wsw/geld/{gemeente}/{jaar}", "/api/v1/wsw/geld/GM0014/2026", geld, EIGENAAR
    )
    detachering = {
        "werkgeverId": j.ids["werkgever_id"],
        "soort": "groep",
        "van": "2026-06-01",
        "urenPerWeek": 16,
        "tariefPerUur": "22.00",
    }
    j.bodies[("POST", f"{mtpl}/detacheringen")] = detachering
    mpad = f"/api/v1/wsw/medewerkers/{medewerker['medewerkerId']}"

    async def gedetacheerd() -> Any:  # trajecten knows the inlener from werkgevers' topic
        response = await trajecten.post(f"{mpad}/detacheringen", json=detachering, headers=EIGENAAR)
        return response.json() if response.status_code == 200 else None

    gedetacheerde = await wait_for(gedetacheerd, timeout=30, what="trajecten to know the inlener")
    detachering_id = gedetacheerde["detacheringen"][0]["detacheringId"]
    j.bodies[("POST", f"{mtpl}/detacheringen/{{detachering_id}}/beeindiging")] = {"tot": "2026-12-31"}
    ids = {
        "detachering_id": detachering_id,
        "medewerker_id": medewerker["medewerkerId"],
        "aanvraag_id": aanvraag["aanvraagId"],
        "plan_id": plan["planId"],
        "regel_id": regel["regelId"],
        "aanbieder_id": aanbieder["aanbiederId"],
        "voorziening_id": v["voorzieningId"],
        "opdracht_id": opdracht["opdrachtId"],
    }
    j.ids |= ids
    j.secrets |= set(ids.values())


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    base = urlparse(schema["servers"][0]["url"]).path  # paths are relative to the /api/v1 server
    return [(method.upper(), base + path, op) for path, ops in schema["paths"].items() for method, op in ops.items()]


def _enum(schema: dict[str, Any], parameter: dict[str, Any]) -> list[str] | None:
    spec = parameter.get("schema", {})
    if "$ref" in spec:
        spec = schema["components"]["schemas"][spec["$ref"].rsplit("/", 1)[-1]]
    enum: list[str] | None = spec.get("enum")
    return enum


def _request(
    j: Journey, schema: dict[str, Any], template: str, method: str, op: dict[str, Any]
) -> tuple[str, dict[str, Any], Any]:
    """Path, query and body that address GM0014's data through this operation."""
    params: dict[str, Any] = {}
    path = template
    for p in op.get("parameters", []):
        name, where = p["name"], p["in"]
        if where == "path":
            enum = _enum(schema, p)
            value = j.ids.get(name) or (enum[0] if enum else None)
            assert value is not None, f"{method} {template}: teach the isolation test a value for {name}"
            path = path.replace("{" + name + "}", value)
        elif where == "query" and (name in j.query or p.get("required")):
            enum = _enum(schema, p)
            value = j.query.get(name) or (enum[0] if enum else None)
            assert value is not None, f"{method} {template}: teach the isolation test a value for {name}"
            params[name] = value
    body = j.bodies.get((method, template))
    if method in ("POST", "PUT") and "requestBody" in op:
        assert body is not None, f"{method} {template}: add a valid body for it to the isolation journey"
    return path, params, body


def _rollen(op: dict[str, Any]) -> set[str]:
    """The roles an operation's summary names: "... (roles: a, b)" or "... (role: a)"."""
    found = re.search(r"\(roles?: ([a-z_, ]+)\)$", op.get("summary", ""))
    return set(found.group(1).split(", ")) if found else set()


def _leaks(j: Journey, response: httpx.Response, sent: str) -> set[str]:
    """Secrets of GM0014 in the answer that the request did not carry itself."""
    return {s for s in j.secrets if s in response.text and s not in sent}


async def test_every_route_refuses_another_gemeente_and_bad_tokens(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        await _uitkering_journey(clients["uitkering"], journey)
        await _handhaving_journey(clients, journey, platform.intake_settings.database_url)
        await _trajecten_journey(clients["trajecten"], journey)
        keys = itertools.count()
        walked = cursors = 0
        problems: list[str] = []
        for service, client in clients.items():
            schema = (await client.get("/api/v1/openapi.json")).json()
            for method, template, op in _operations(schema):
                walked += 1
                path, params, body = _request(journey, schema, template, method, op)
                sent = path + str(params) + str(body)
                where = f"{service} {method} {template}"
                headers_key: dict[str, str] = {}
                if method != "GET":
                    # GM0014 uses a key first; the same subject with GM0037's token tries it again.
                    headers_key = {"Idempotency-Key": f"isolatie-{next(keys)}"}
                    own = await client.request(
                        method, path, params=params, json=body, headers={**EIGENAAR, **headers_key}
                    )
                    if own.status_code == 400 or own.status_code >= 500:
                        problems.append(f"{where}: GM0014's own request answered {own.status_code}: {own.text[:200]}")
                other = await client.request(
                    method, path, params=params, json=body, headers={**ANDERE_GEMEENTE, **headers_key}
                )
                # A route addresses GM0014's data when a journey id is in its path or it changes something.
                addresses_gm0014 = method != "GET" or any("{" + name + "}" in template for name in journey.ids)
                if other.status_code >= 500 or (addresses_gm0014 and other.is_success):
                    problems.append(f"{where}: GM0037 got {other.status_code}: {other.text[:200]}")
                if leaked := _leaks(journey, other, sent):
                    problems.append(f"{where}: GM0037's answer shows {sorted(leaked)}")
                if method == "GET" and any(p["name"] == "cursor" for p in op.get("parameters", [])):
                    cursors += 1
                    nodig = {
                        k: v
                        for k, v in params.items()
                        if any(p["name"] == k and p.get("required") for p in op["parameters"])
                    }
                    for vals in VALSE_CURSORS:
                        forged = await client.get(path, params={**nodig, "cursor": vals}, headers=EIGENAAR)
                        if forged.status_code != 400 or forged.json()["invalidParams"][0]["name"] != "cursor":
                            problems.append(
                                f"{where}: forged cursor {vals[:20]} got {forged.status_code} {forged.text[:300]}"
                            )
                # The roles the summary names are the roles the route lets in: every other role is a 403.
                toegelaten = _rollen(op)
                assert toegelaten, f"{where}: the summary names no roles"
                for rol in sorted(set(ROLLEN) - toegelaten):
                    geweerd = await client.request(
                        method, path, params=params, json=body, headers=token([rol], ["GM0014"], sub=SUB)
                    )
                    if geweerd.status_code != 403:
                        problems.append(f"{where}: role {rol}, not in the OpenAPI, got {geweerd.status_code}")
                for name, headers in ONGELDIG.items():
                    bad = await client.request(method, path, params=params, json=body, headers=headers)
                    if bad.status_code not in (401, 403):
                        problems.append(f"{where}: token with {name} got {bad.status_code}")
                    elif leaked := _leaks(journey, bad, sent):
                        problems.append(f"{where}: token with {name} was shown {sorted(leaked)}")
        assert problems == [], "\n".join(problems)
        # Every documented API route of every service was walked (a floor, so none silently drops out).
        assert walked >= 161, walked
        assert cursors >= 23, cursors
