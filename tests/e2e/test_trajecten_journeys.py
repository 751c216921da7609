"""Werk naar vermogen against real servers: a klant of 24 from the toekenning with its plan van aanpak, through a
werkervaringsplaats with a jobcoach, its evaluatie and premie, to the budget line and the keuzes; and a tegenprestatie
refused without reason, which uitkering turns into a voorgenomen maatregel unless an ontheffing covers the day."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx

from libs.events.envelope import utcnow
from libs.events.stamps import vandaag_in_nederland
from services.trajecten.wsw import statistiek
from tests.support import token, wait_for

from .conftest import Platform
from .test_intake_journeys import GOED, KLANTMANAGER, TOEGANG_0014, _aanmelding, _post

CONSULENT = token(["uitkeringsconsulent"], ["GM0014"], sub="consulent-0014")
BEHEERDER = token(["beheerder"], ["GM0014"], sub="beleid-0014")
REGIO = ["GM0014", "GM0037"]
MATCHER = token(["matcher"], REGIO, sub="matcher-mila")
ADVISEUR = token(["werkgeversadviseur"], REGIO, sub="adviseur-wim")
RECHERCHEUR = token(["sociaal_rechercheur"], ["GM0014"], sub="rechercheur-0014")
GEBOREN = "2002-03-14"  # 24 on the ingangsdatum 2026-01-05


async def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def _klant_bij_het_regionale_team(intake: httpx.AsyncClient, bsn: str) -> str:
    """A young klant in the LKS-doelgroep (no zoektermijn, art. 41 lid 4 b), route ontwikkeling, with the region."""
    body = {
        **_aanmelding(bsn, geboren=GEBOREN),
        "zoektermijnUitzondering": "lid_4b_medisch_urenbeperkt_of_lks_doelgroep",
    }
    created = await _post(intake, "/api/v1/aanmeldingen", body, TOEGANG_0014)
    base = f"/api/v1/aanmeldingen/{created['id']}"
    await _post(intake, f"{base}/screening", {"scores": GOED}, TOEGANG_0014)
    voorstel = (await _post(intake, f"{base}/diagnosevoorstel", {"kanDirectWerken": False}, TOEGANG_0014))["voorstel"]
    diagnose = {"route": voorstel["route"], "uitkeringNodig": True}
    await _post(intake, f"{base}/diagnose", diagnose, KLANTMANAGER)
    klant = str(created["klantId"])
    overdracht = {"naar": "regionaal", "vervolgstap": "Trajectgesprek", "contactpersoon": "KCC, 14 050"}
    offer = await _post(intake, f"/api/v1/klanten/{klant}/overdrachten", overdracht, TOEGANG_0014)
    await _post(intake, f"/api/v1/klanten/{klant}/overdrachten/{offer['overdrachtId']}/acceptatie", None, KLANTMANAGER)
    return klant


async def _aanvraag(uitkering: httpx.AsyncClient, klant: str, geboren: str) -> str:
    body = {
        "klantId": klant,
        "gemeente": "GM0014",
        "meldingsdatum": "2026-01-05",
        "aanvraagdatum": "2026-01-05",
        "huishouden": {"leefvorm": "alleenstaande", "geboortedatum": geboren},
    }

    async def ingediend() -> Any:
        response = await uitkering.post("/api/v1/aanvragen", json=body, headers=CONSULENT)
        return response.json() if response.status_code == 201 else None

    uid = (await wait_for(ingediend, timeout=30, what="uitkering to know the klant"))["uitkeringId"]
    rekening = {"aanvrager": {"iban": "NL44RABO0123456789", "naam": "S. Bakker"}}
    await _ok(await uitkering.put(f"/api/v1/uitkeringen/{uid}/rekening", json=rekening, headers=CONSULENT))
    return str(uid)


async def _plaatsing_met_lks(clients: dict[str, httpx.AsyncClient], klant: str) -> str:
    """Matching places the klant with loonkostensubsidie: the loonwaarde puts the klant in the LKS-doelgroep."""
    werkgevers, matching = clients["werkgevers"], clients["matching"]
    werkgever = {
        "kvkNummer": "76543210",
        "naam": "Stad Logistiek B.V.",
        "vestigingen": [{"naam": "Magazijn", "postcode": "9723ZS", "gemeente": "GM0014"}],
        "contactpersonen": [{"naam": "P. de Boer"}],
    }
    w = await _ok(await werkgevers.post("/api/v1/werkgevers", json=werkgever, headers=ADVISEUR), 201)
    vacature = {
        "titel": "Orderpicker",
        "isco08": "9321",
        "vereisteVaardigheden": ["orderpicken"],
        "urenPerWeek": 32,
        "postcode": "9723ZS",
        "gemeente": "GM0014",
        "startdatum": "2026-11-16",
        "contractvorm": "bepaalde_tijd",
        "banenafspraak": True,
        "aantalPlaatsen": 1,
    }
    v = await _ok(
        await werkgevers.post(f"/api/v1/werkgevers/{w['werkgeverId']}/vacatures", json=vacature, headers=ADVISEUR), 201
    )

    async def in_pool() -> bool:
        response = await matching.get(f"/api/v1/kandidaten/{klant}", headers=MATCHER)
        return response.status_code == 200 and bool(response.json()["inPool"])

    await wait_for(in_pool, timeout=30, what="kandidaat in the pool")
    profiel = {
        "vaardigheden": ["orderpicken"],
        "urenMin": 24,
        "urenMax": 32,
        "maxReisafstandKm": 30,
        "beschikbaarVanaf": "2026-11-01",
        "loonwaardeIndicatie": 60,
    }
    await _ok(await matching.put(f"/api/v1/kandidaten/{klant}/profiel", json=profiel, headers=KLANTMANAGER))

    async def vacature_bekend() -> bool:
        response = await matching.get(f"/api/v1/matches/vacatures/{v['vacatureId']}", headers=MATCHER)
        return response.status_code == 200

    await wait_for(vacature_bekend, timeout=30, what="vacature in matching")
    voorstel = await _ok(
        await matching.post(
            "/api/v1/voorstellen", json={"vacatureId": v["vacatureId"], "klantId": klant}, headers=MATCHER
        ),
        201,
    )
    pad = f"/api/v1/voorstellen/{voorstel['voorstelId']}"
    await _ok(await matching.post(f"{pad}/antwoord", json={"geaccepteerd": True}, headers=ADVISEUR))
    plaatsing = {
        "startdatum": "2026-11-16",
        "contractvorm": "bepaalde_tijd",
        "urenPerWeek": 32,
        "instrumenten": {"loonkostensubsidie": True, "loonwaardeProcent": 60, "leeftijd": 24},
    }
    geplaatst = await _ok(await matching.post(f"{pad}/plaatsing", json=plaatsing, headers=MATCHER))
    return str(geplaatst["plaatsingId"])


async def test_a_klant_of_24_from_toekenning_with_plan_to_premie_budget_and_keuzes(platform: Platform) -> None:
    async with platform.up_every() as clients:
        intake, uitkering, trajecten = clients["intake"], clients["uitkering"], clients["trajecten"]
        klant = await _klant_bij_het_regionale_team(intake, "231456785")
        uid = await _aanvraag(uitkering, klant, GEBOREN)
        besluit = {"ingangsdatum": "2026-01-05", "motivering": "Inkomen onder de norm."}
        # Art. 44 lid 4: no toekenning to someone of 24 without the plan van aanpak as bijlage.
        zonder = await uitkering.post(f"/api/v1/aanvragen/{uid}/besluit", json=besluit, headers=CONSULENT)
        assert zonder.status_code == 409 and zonder.json()["type"] == "urn:problem:plan-van-aanpak-ontbreekt"

        plan = {
            "klantId": klant,
            "doelen": ["Betaald werk in de logistiek binnen een jaar"],
            "afspraken": [
                {"soort": "ondersteuning", "omschrijving": "Werkervaringsplaats met jobcoach"},
                {"soort": "arbeidsverplichting", "omschrijving": "Werkt 24 uur per week mee", "gevolg": "Maatregel"},
            ],
            "evaluatiemomenten": ["2026-11-02"],
            "startkwalificatie": True,
            "besprokenOp": "2026-01-05",
            "instemming": True,
        }

        async def plan_opgesteld() -> Any:
            response = await trajecten.post("/api/v1/plannen", json=plan, headers=KLANTMANAGER)
            return response.json() if response.status_code == 201 else None

        p = await wait_for(plan_opgesteld, timeout=30, what="trajecten to know the klant and its team")

        async def toegekend() -> Any:
            response = await uitkering.post(f"/api/v1/aanvragen/{uid}/besluit", json=besluit, headers=CONSULENT)
            return response.json() if response.status_code == 200 else None

        u = await wait_for(toegekend, timeout=30, what="uitkering to know the plan")
        assert u["besluit"] == "toekenning" and u["planVanAanpak"] == {
            "planId": p["planId"],
            "versie": 1,
            "besprokenOp": "2026-01-05",
        }
        html = (await uitkering.get(f"/api/v1/uitkeringen/{uid}/beschikking", headers=CONSULENT)).text
        assert "plan van aanpak versie 1 als bijlage" in html

        # The gemeente's budget line, an aanbieder, and the klantmanager's werkervaringsplaats and jobcoach.
        regel = {
            "gemeente": "GM0014",
            "jaar": 2026,
            "naam": "Re-integratie",
            "kanaal": "cluster_participatie",
            "bedrag": "25000.00",
            "bron": "Begroting 2026",
        }
        r = await _ok(await trajecten.post("/api/v1/budgetregels", json=regel, headers=BEHEERDER), 201)
        aanbieder = {
            "kvkNummer": "34567890",
            "naam": "Werkfit Noord B.V.",
            "soort": "reintegratiebedrijf",
            "gemeenten": ["GM0014", "GM0037"],
        }
        a = await _ok(await trajecten.post("/api/v1/aanbieders", json=aanbieder, headers=KLANTMANAGER), 201)
        wep = {
            "planId": p["planId"],
            "code": "WEP",
            "aanbiederId": a["aanbiederId"],
            "inkoop": "regio",
            "startdatum": "2026-02-02",
            "geplandeEinddatum": "2027-02-01",
            "kosten": {"uren": "120", "uurtarief": "38.50"},
            "budgetregelId": r["regelId"],
        }
        w = await _ok(await trajecten.post("/api/v1/voorzieningen", json=wep, headers=KLANTMANAGER), 201)
        jobcoach = {**wep, "code": "JOBCOACH", "kosten": {"uren": "36", "uurtarief": "84.90"}}
        j = await _ok(await trajecten.post("/api/v1/voorzieningen", json=jobcoach, headers=KLANTMANAGER), 201)
        assert (w["verplichting"], j["verplichting"], w["inkoop"]) == ("4620.00", "3056.40", "regio")
        wp, jp = f"/api/v1/voorzieningen/{w['voorzieningId']}", f"/api/v1/voorzieningen/{j['voorzieningId']}"
        for maand, uren in (("2026-02", "10"), ("2026-03", "12.5")):
            kosten = {"maand": maand, "uren": uren, "factuur": f"WF-{maand}"}
            await _ok(await trajecten.post(f"{wp}/kosten", json=kosten, headers=KLANTMANAGER))
        await _ok(
            await trajecten.post(
                f"{jp}/kosten", json={"maand": "2026-03", "uren": "6", "factuur": "JC-1"}, headers=KLANTMANAGER
            )
        )
        # After 9 months the evaluatie records the outcome: it works. The klant is placed with LKS.
        evaluatie = {"evaluatiedatum": "2026-11-02", "effect": True, "bevindingen": "Klaar voor een baan"}
        await _ok(await trajecten.post(f"{wp}/evaluaties", json=evaluatie, headers=KLANTMANAGER))
        await _plaatsing_met_lks(clients, klant)

        async def in_doelgroep() -> bool:
            return bool(
                (await _ok(await uitkering.get(f"/api/v1/uitkeringen/{uid}", headers=CONSULENT)))["lksDoelgroep"]
            )

        await wait_for(in_doelgroep, timeout=30, what="uitkering to note the plaatsing with LKS")
        einde = {"einddatum": "2026-11-13", "uitkomst": "plaatsing", "toelichting": "Orderpicker met LKS"}
        w = await _ok(await trajecten.post(f"{wp}/beeindiging", json=einde, headers=KLANTMANAGER))
        await _ok(await trajecten.post(f"{jp}/beeindiging", json=einde, headers=KLANTMANAGER))
        # The premie after the first six months (2 February to 1 August), granted and paid with the betaalrun.
        w = await _ok(await trajecten.post(f"{wp}/premies", json={"halfjaar": 1}, headers=KLANTMANAGER))
        assert [(x["periodeVan"], x["periodeTot"], x["bedrag"]) for x in w["premies"]] == [
            ("2026-02-02", "2026-08-01", "150.00")
        ]

        async def opgenomen() -> Any:
            body = await _ok(await uitkering.get(f"/api/v1/uitkeringen/{uid}", headers=CONSULENT))
            return body["premies"] or None

        premies = await wait_for(opgenomen, timeout=30, what="uitkering to take the premie up")
        assert [(x["toegekend"], x["bedrag"], x["reden"], x["betaald"]) for x in premies] == [
            ("150.00", "150.00", None, False)
        ]
        run = await _ok(
            await uitkering.post(
                "/api/v1/betaalruns", json={"gemeente": "GM0014", "periode": "2026-12"}, headers=CONSULENT
            ),
            201,
        )
        ledger = await _ok(
            await uitkering.get(f"/api/v1/betaalruns/{run['betaalrunId']}/betalingen", headers=CONSULENT)
        )
        assert [(b["soort"], b["netto"]) for b in ledger["items"] if b["soort"] == "premie"] == [("premie", "150.00")]
        pain = await uitkering.get(f"/api/v1/betaalruns/{run['betaalrunId']}/pain001", headers=CONSULENT)
        assert pain.status_code == 200 and "Bijstand premie 12-2026" in pain.text
        u = await _ok(await uitkering.get(f"/api/v1/uitkeringen/{uid}", headers=CONSULENT))
        assert u["premies"][0]["betaald"] is True

        # The line to the cent: committed 4,620.00 + 3,056.40; invoiced 866.25 + 509.40, premie 150.00; the rest of
        # both commitments fell free at their end.
        r = await _ok(await trajecten.get(f"/api/v1/budgetregels/{r['regelId']}", headers=BEHEERDER))
        assert (r["vastgelegd"], r["gerealiseerd"], r["openVerplichting"], r["resterend"]) == (
            "7676.40",
            "1525.65",
            "0.00",
            "23474.35",
        )
        maanden = {m["maand"]: m for m in r["maanden"]}
        assert maanden["2026-02-01"]["vastgelegd"] == "7676.40" and maanden["2026-03-01"]["gerealiseerd"] == "990.65"
        assert maanden["2026-11-01"]["vrijgevallen"] == "6300.75"

        # The keuzes count it: two started in 2026, both ended in a plaatsing, the plaatsing within 6 months.
        k = await _ok(await trajecten.get("/api/v1/keuzes/GM0014/2026", params={"op": "2027-06-01"}, headers=BEHEERDER))
        per_soort = {x["waarde"]: x for x in k["perSoort"]}
        assert (per_soort["werkervaringsplaats"]["gestart"], per_soort["werkervaringsplaats"]["kosten"]) == (
            1,
            "1016.25",
        )
        assert per_soort["jobcoach"]["kostenPerSucces"] == "509.40"
        assert [(x["waarde"], x["gestart"], x["succesvol"], x["werkBinnen6"]) for x in k["perRoute"]] == [
            ("ontwikkeling", 2, 2, 2)
        ]

        # The klant's tijdlijn in the audit store shows the plan's version and each voorziening with its steps.
        async def in_tijdlijn() -> Any:
            response = await clients["handhaving"].get(
                f"/api/v1/tijdlijnen/{klant}", params={"dienst": "trajecten", "limit": 100}, headers=RECHERCHEUR
            )
            soorten = [i["type"] for i in response.json()["items"]] if response.status_code == 200 else []
            return soorten if "PremieToegekend" in soorten else None

        soorten = await wait_for(in_tijdlijn, timeout=30, what="trajecten's events in the klant's tijdlijn")
        assert soorten.count("VoorzieningGestart") == 2 and "PlanVanAanpakVastgesteld" in soorten
        assert {"KostenGerealiseerd", "VoorzieningGeevalueerd", "VoorzieningBeeindigd"} <= set(soorten)


async def test_a_tegenprestatie_refused_without_reason_leads_to_a_voornemen_and_an_ontheffing_prevents_it(
    platform: Platform,
) -> None:
    async with platform.up_every() as clients:
        intake, uitkering, trajecten = clients["intake"], clients["uitkering"], clients["trajecten"]
        created = await _post(
            intake, "/api/v1/aanmeldingen", _aanmelding("231456797", hulpvraag="inkomen"), TOEGANG_0014
        )
        klant = str(created["klantId"])
        uid = await _aanvraag(uitkering, klant, "1985-03-14")
        besluit = {"ingangsdatum": "2026-01-05", "motivering": "Inkomen onder de norm."}
        await _ok(await uitkering.post(f"/api/v1/aanvragen/{uid}/besluit", json=besluit, headers=CONSULENT))
        opdracht = {
            "klantId": klant,
            "omschrijving": "Voorlezen in de bibliotheek",
            "urenPerWeek": 8,
            "van": "2026-03-02",
            "tot": "2026-12-31",
        }

        async def opgedragen() -> Any:  # the local team is responsible for a klant it registered
            response = await trajecten.post("/api/v1/tegenprestaties", json=opdracht, headers=TOEGANG_0014)
            return response.json() if response.status_code == 201 else None

        o = await wait_for(opgedragen, timeout=30, what="trajecten to know the klant")
        pad = f"/api/v1/tegenprestaties/{o['opdrachtId']}"
        await _ok(await trajecten.post(f"{pad}/weigering", json={"datum": "2026-03-09"}, headers=TOEGANG_0014))

        async def voorgenomen(aantal: int) -> Any:
            body = await _ok(await uitkering.get(f"/api/v1/uitkeringen/{uid}", headers=CONSULENT))
            return body["maatregelen"] if len(body["maatregelen"]) == aantal else None

        [maatregel] = await wait_for(lambda: voorgenomen(1), timeout=30, what="uitkering's voornemen")
        assert (maatregel["verplichting"], maatregel["status"], maatregel["feitdatum"]) == (
            "9.1.c",
            "voorgenomen",
            "2026-03-09",
        )
        # An ontheffing of art. 9 lid 2 in uitkering: no new opdracht in it, and a refusal in it is not verwijtbaar.
        ontheffing = {"grond": "9.2", "van": "2026-05-01", "tot": "2026-06-30", "reden": "Mantelzorg"}
        await _ok(await uitkering.post(f"/api/v1/uitkeringen/{uid}/ontheffingen", json=ontheffing, headers=CONSULENT))
        tijdens = {**opdracht, "van": "2026-05-04"}

        async def geweigerd() -> Any:
            response = await trajecten.post("/api/v1/tegenprestaties", json=tijdens, headers=TOEGANG_0014)
            return response.json() if response.status_code == 409 else None

        assert (await wait_for(geweigerd, timeout=30, what="trajecten to know the ontheffing"))["type"] == (
            "urn:problem:ontheffing-loopt"
        )
        o = await _ok(await trajecten.post(f"{pad}/weigering", json={"datum": "2026-05-11"}, headers=TOEGANG_0014))
        assert o["weigeringen"][-1]["verwijtbaar"] is False and o["weigeringen"][-1]["ontheffingId"]
        # A later refusal without reason after the ontheffing is the marker: its voornemen comes, the excused one not.
        await _ok(await trajecten.post(f"{pad}/weigering", json={"datum": "2026-07-06"}, headers=TOEGANG_0014))
        maatregelen = await wait_for(lambda: voorgenomen(2), timeout=30, what="the second voornemen")
        assert sorted(m["feitdatum"] for m in maatregelen) == ["2026-03-09", "2026-07-06"]


async def test_beschut_werk_from_diagnose_through_uwvs_advies_to_a_job_that_counts_against_the_taakstelling(
    platform: Platform,
) -> None:
    vandaag = vandaag_in_nederland(utcnow())  # the day the services count with, also just before midnight UTC
    async with platform.up_every() as clients:
        intake, trajecten = clients["intake"], clients["trajecten"]
        klant = await _klant_bij_het_regionale_team(intake, "231456815")
        jaar = vandaag.year
        taak = {"aantal": 44, "bron": "Regeling vaststelling aantallen beschut werk (Stcrt.), Groningen"}
        r = await _ok(await trajecten.put(f"/api/v1/taakstellingen/GM0014/{jaar}", json=taak, headers=BEHEERDER))
        assert (r["taakstelling"], r["gerealiseerd"], r["wachtlijst"], r["gehaald"]) == (44, 0, 0, False)

        # The diagnose leads to a request for an advies; the BSN goes to UWV, read at intake for this purpose.
        vraag = {"klantId": klant, "aanleiding": "Diagnose: alleen werk in een beschutte omgeving"}

        async def aangevraagd() -> Any:
            response = await trajecten.post("/api/v1/adviesaanvragen", json=vraag, headers=KLANTMANAGER)
            return response.json() if response.status_code == 201 else None

        a = await wait_for(aangevraagd, timeout=30, what="trajecten to know the klant")
        assert (a["status"], a["advies"], a["uiterlijk"]) == (
            "aangevraagd",
            None,
            (vandaag + timedelta(weeks=8)).isoformat(),
        )
        # Recorded with the BSN encrypted (an outbox): UWV gets it on the timer's round, not in the request.
        assert "231456815" not in platform.uwv.eerdere and a["verzondenOp"] is None
        pad = f"/api/v1/adviesaanvragen/{a['aanvraagId']}"
        besluit = {"aangewezen": True, "van": vandaag.isoformat(), "motivering": "Volgens het advies"}
        vroeg = await trajecten.post(f"{pad}/besluit", json=besluit, headers=KLANTMANAGER)
        assert vroeg.status_code == 409 and vroeg.json()["type"] == "urn:problem:nog-geen-advies"

        # UWV down: the request stays recorded and waits; the next round sends it and fetches UWV's answer (the
        # fake assessed the person as aangewezen).
        platform.uwv.beschikbaar = False
        assert await platform.uwv_adviezen().fire_due() == 0
        assert (await _ok(await trajecten.get(pad, headers=KLANTMANAGER)))["verzondenOp"] is None
        platform.uwv.beschikbaar = True
        assert await platform.uwv_adviezen().fire_due() == 1
        assert [d for d, _ in platform.uwv.eerdere["231456815"]] == [vandaag]
        assert await platform.uwv_adviezen().fire_due() == 0
        a = await _ok(await trajecten.get(pad, headers=KLANTMANAGER))
        assert (a["status"], a["advies"]["aangewezen"], a["advies"]["binnenTermijn"]) == ("geadviseerd", True, True)
        assert a["verzondenOp"] is not None
        anders = {**besluit, "aangewezen": False}
        refused = await trajecten.post(f"{pad}/besluit", json=anders, headers=KLANTMANAGER)
        assert [p["name"] for p in refused.json()["invalidParams"]] == ["afwijking"]
        a = await _ok(await trajecten.post(f"{pad}/besluit", json=besluit, headers=KLANTMANAGER))
        assert (a["besluit"]["aangewezen"], a["besluit"]["doelgroepregisterTot"]) == (True, vandaag.isoformat())
        r = await _ok(await trajecten.get(f"/api/v1/taakstellingen/GM0014/{jaar}", headers=BEHEERDER))
        assert (r["gerealiseerd"], r["wachtlijst"], r["adviezen"]["positief"]) == (0, 1, 1)

        # The job: at the SW-bedrijf, with LKS through matching and begeleiding as a voorziening on the budget line.
        plaatsing_id = await _plaatsing_met_lks(clients, klant)
        plan = {
            "klantId": klant,
            "doelen": ["Werk in een beschutte omgeving"],
            "afspraken": [{"soort": "ondersteuning", "omschrijving": "Begeleiding op de werkplek"}],
            "evaluatiemomenten": [f"{jaar + 1}-06-01"],
            "startkwalificatie": False,
            "besprokenOp": vandaag.isoformat(),
            "instemming": True,
        }
        p = await _ok(await trajecten.post("/api/v1/plannen", json=plan, headers=KLANTMANAGER), 201)
        regel = {
            "gemeente": "GM0014",
            "jaar": jaar,
            "naam": "Beschut werk",
            "kanaal": "iu_participatie",
            "bedrag": "120000.00",
            "bron": "Integratie-uitkering participatie",
        }
        rg = await _ok(await trajecten.post("/api/v1/budgetregels", json=regel, headers=BEHEERDER), 201)
        aanbieder = {"kvkNummer": "01234567", "naam": "iederz", "soort": "werkbedrijf", "gemeenten": ["GM0014"]}
        ab = await _ok(await trajecten.post("/api/v1/aanbieders", json=aanbieder, headers=KLANTMANAGER), 201)
        begeleiding = {
            "planId": p["planId"],
            "code": "BEGELEIDING_BESCHUT",
            "aanbiederId": ab["aanbiederId"],
            "startdatum": vandaag.isoformat(),
            "geplandeEinddatum": f"{jaar}-12-31",
            "kosten": {"vastePrijs": "850.00"},
            "budgetregelId": rg["regelId"],
        }
        bg = await _ok(await trajecten.post("/api/v1/voorzieningen", json=begeleiding, headers=KLANTMANAGER), 201)
        assert bg["grondslag"] == "Participatiewet art. 10b lid 7 (begeleiding bij beschut werk)"

        baan = {
            "werkgever": "iederz",
            "startdatum": vandaag.isoformat(),
            "urenPerWeek": 32,
            "plaatsingId": plaatsing_id,
            "begeleidingId": bg["voorzieningId"],
        }

        async def in_dienst() -> Any:  # trajecten hears of the plaatsing from matching's topic
            response = await trajecten.post(f"{pad}/dienstbetrekking", json=baan, headers=KLANTMANAGER)
            return response.json() if response.status_code == 200 else None

        a = await wait_for(in_dienst, timeout=30, what="trajecten to know the plaatsing")
        assert (a["status"], a["dienstbetrekking"]["werkgever"]) == ("in_dienst", "iederz")
        r = await _ok(await trajecten.get(f"/api/v1/taakstellingen/GM0014/{jaar}", headers=BEHEERDER))
        assert (r["taakstelling"], r["gerealiseerd"], r["wachtlijst"], r["gehaald"]) == (44, 1, 0, False)
        regio = await _ok(await trajecten.get("/api/v1/taakstellingen", params={"jaar": jaar}, headers=KLANTMANAGER))
        assert (regio["taakstelling"], regio["gerealiseerd"]) == (44, 1)
        csv = await trajecten.get("/api/v1/taakstellingen/export", params={"jaar": jaar}, headers=KLANTMANAGER)
        assert csv.text.splitlines()[1].startswith(f"GM0014;{jaar};")


async def test_a_wsw_medewerker_leaves_the_bestand_on_the_day_of_the_aow_age_and_the_projection_follows(
    platform: Platform,
) -> None:
    async with platform.up_every() as clients:
        intake, trajecten = clients["intake"], clients["trajecten"]
        # Two medewerkers of Groningen's zittend bestand; intake holds them, trajecten reads their birth dates there.
        klanten = []
        for bsn, geboren in (("231456785", "1960-03-14"), ("231456797", "1962-08-01")):
            body = {**_aanmelding(bsn, geboren=geboren), "hulpvraag": "werk"}
            klanten.append((await _post(intake, "/api/v1/aanmeldingen", body, TOEGANG_0014))["klantId"])
        sw = token(["klantmanager", "beheerder"], ["GM0014"], sub="sw-bedrijf-administratie")
        ids = []
        for klant, uren in zip(klanten, (36, 18), strict=True):
            medewerker = {
                "klantId": klant,
                "gemeente": "GM0014",
                "indienst": "2009-05-01",
                "arbeidshandicap": "matig",
                "werkvorm": "beschut_binnen",
                "urenPerWeek": uren,
            }
            m = await _ok(await trajecten.post("/api/v1/wsw/medewerkers", json=medewerker, headers=sw), 201)
            assert "geboortedatum" not in m  # kept only encrypted
            ids.append(m["medewerkerId"])
        eerste = await _ok(await trajecten.get("/api/v1/wsw/medewerkers", params={"limit": 1}, headers=sw))
        volgende = {"limit": 1, "cursor": eerste["nextCursor"]}
        tweede = await _ok(await trajecten.get("/api/v1/wsw/medewerkers", params=volgende, headers=sw))
        assert {m["medewerkerId"] for m in eerste["items"] + tweede["items"]} == set(ids)
        na_2015 = {**medewerker, "indienst": "2015-02-01"}
        geweigerd = await trajecten.post("/api/v1/wsw/medewerkers", json=na_2015, headers=sw)
        assert geweigerd.status_code == 422 and geweigerd.json()["invalidParams"][0]["name"] == "indienst"

        # The first reaches the AOW age (67) on 14 March 2027 and leaves the bestand that day.
        voor = await _ok(await trajecten.get("/api/v1/wsw/bestand/GM0014", params={"op": "2027-03-13"}, headers=sw))
        op = await _ok(await trajecten.get("/api/v1/wsw/bestand/GM0014", params={"op": "2027-03-14"}, headers=sw))
        assert (voor["personen"], voor["se"], op["personen"], op["se"]) == (2, "1.50", 1, "0.50")
        p = await _ok(
            await trajecten.get("/api/v1/wsw/projectie/GM0014", params={"van": 2026, "tot": 2031}, headers=sw)
        )
        jaren = {j["jaar"]: j for j in p["jaren"]}
        # The second reaches it (67 and 3 months from 2028) on 1 November 2029.
        assert [jaren[j]["bestandUltimo"] for j in (2027, 2028, 2029, 2030)] == [1, 1, 0, 0]
        assert (jaren[2027]["uitstroom"], jaren[2030]["beschutPlaatsenNodig"]) == (1, 1)
        assert any("AOW-leeftijd" in a for a in p["aannames"])
        # The money of 2027: entered figures, and a groepsdetachering billed to its inlener lowers the subsidietekort
        # by exactly what it bills.
        geld = {
            "rijksbijdrage": "60000.00",
            "rijksbijdrageBron": "Septembercirculaire 2026",
            "loonkostenPerSe": "36000.00",
            "loonkostenBron": "Cao SW, loontabel 2027",
        }
        zonder = await _ok(await trajecten.put("/api/v1/wsw/geld/GM0014/2027", json=geld, headers=sw))
        assert [(m["loonkosten"], m["rijksbijdrage"], m["subsidietekort"]) for m in zonder["maanden"][:3]] == [
            ("4500.00", "5000.00", "-500.00"),
            ("4500.00", "5000.00", "-500.00"),
            ("1500.00", "5000.00", "-3500.00"),
        ]
        assert (zonder["rijksbijdrage"], zonder["bronnen"]["rijksbijdrage"]) == ("60000.00", "Septembercirculaire 2026")
        inlener = {
            "kvkNummer": "65432109",
            "naam": "Groenbedrijf Stad B.V.",
            "vestigingen": [{"naam": "Werf", "postcode": "9723ZS", "gemeente": "GM0014"}],
            "contactpersonen": [],
        }
        w = await _ok(await clients["werkgevers"].post("/api/v1/werkgevers", json=inlener, headers=ADVISEUR), 201)
        detachering = {
            "werkgeverId": w["werkgeverId"],
            "soort": "groep",
            "van": "2027-01-01",
            "urenPerWeek": 20,
            "tariefPerUur": "24.50",
        }

        async def gedetacheerd() -> Any:  # trajecten knows the inlener from werkgevers' topic
            pad = f"/api/v1/wsw/medewerkers/{ids[0]}/detacheringen"
            response = await trajecten.post(pad, json=detachering, headers=sw)
            return response.json() if response.status_code == 200 else None

        await wait_for(gedetacheerd, timeout=30, what="trajecten to know the inlener")
        met = await _ok(await trajecten.get("/api/v1/wsw/geld/GM0014/2027", headers=sw))
        for voor_, na_ in zip(zonder["maanden"], met["maanden"], strict=True):
            assert Decimal(voor_["subsidietekort"]) - Decimal(na_["subsidietekort"]) == Decimal(
                na_["inleenvergoedingen"]
            )
        # January in full, March until the AOW age (13 of 31 days), nothing after: 20 h × 52/12 × 24.50.
        assert [m["inleenvergoedingen"] for m in met["maanden"][:4]] == ["2123.33", "2123.33", "890.43", "0.00"]

        # The projection carries the money on: the year entered at its own rate per arbeidsjaar, later years with it.
        p = await _ok(
            await trajecten.get("/api/v1/wsw/projectie/GM0014", params={"van": 2026, "tot": 2030}, headers=sw)
        )
        jaren = {j["jaar"]: j for j in p["jaren"]}
        # 2027 realises 0.67 arbeidsjaren (1.5 SE for two month-ends, 0.5 for ten): 60,000 ÷ 0.67 per arbeidsjaar,
        # so 2026's 1.50 arbeidsjaren give 134,328.36.
        assert (jaren[2026]["rijksbijdrage"], jaren[2027]["rijksbijdrage"]) == ("134328.36", "60000.00")
        assert jaren[2030]["rijksbijdrage"] == jaren[2030]["loonkosten"] == "0.00"
        assert Decimal(jaren[2027]["subsidietekort"]) == Decimal(jaren[2027]["loonkosten"]) - Decimal("60000.00")
        assert any("laatst ingevoerde jaar" in a for a in p["aannames"])

        # The Statistiek Wsw of the first half of 2027, as on 30 June: the first left on 13 March by age while on a
        # groepsdetachering, the second is still in; the BSN read at intake.
        stat = await trajecten.get("/api/v1/wsw/statistiek/GM0014/2027/1", headers=sw)
        assert stat.status_code == 200, stat.text
        kop, *rijen = [regel.split(";") for regel in stat.text.splitlines()]
        assert kop == list(statistiek.KOLOMMEN)
        velden = {r[kop.index("bsn")]: dict(zip(kop, r, strict=True)) for r in rijen}
        assert set(velden) == {"231456785", "231456797"}
        eerste, tweede = velden["231456785"], velden["231456797"]
        assert (eerste["dienstbetrekking_einde"], eerste["uitstroom_reden"], eerste["detachering"]) == (
            "2027-03-13",
            "aow",
            "3",
        )
        assert (tweede["dienstbetrekking_einde"], tweede["uitstroom_reden"], tweede["detachering"]) == ("", "", "1")
        assert (tweede["geboortedatum"], tweede["contracturen_per_week"], tweede["arbeidshandicap"]) == (
            "1962-08-01",
            "18",
            "2",
        )
        # The next half year reports only who is still in.
        later = await trajecten.get("/api/v1/wsw/statistiek/GM0014/2027/2", headers=sw)
        assert [r.split(";")[4] for r in later.text.splitlines()[1:]] == ["231456797"]

        # A recorded outflow changes the projection from that day on.
        uit = {"per": "2028-01-01", "reden": "eigen_verzoek"}
        await _ok(await trajecten.post(f"/api/v1/wsw/medewerkers/{ids[1]}/uitstroom", json=uit, headers=sw))
        p = await _ok(
            await trajecten.get("/api/v1/wsw/projectie/GM0014", params={"van": 2026, "tot": 2031}, headers=sw)
        )
        assert [j["bestandUltimo"] for j in p["jaren"] if j["jaar"] in (2027, 2028)] == [1, 0]
        anders = token(["beheerder"], ["GM0037"], sub="elders")
        assert (await trajecten.get("/api/v1/wsw/bestand/GM0014", headers=anders)).status_code == 403

        # The sociale recherche reads the Wsw in the klant's tijdlijn: registered, detached.
        async def in_tijdlijn() -> Any:
            response = await clients["handhaving"].get(
                f"/api/v1/tijdlijnen/{klanten[0]}", params={"dienst": "trajecten"}, headers=RECHERCHEUR
            )
            soorten = {i["type"] for i in response.json()["items"]} if response.status_code == 200 else set()
            return soorten if "WswDetacheringGestart" in soorten else None

        assert "WswMedewerkerGeregistreerd" in await wait_for(in_tijdlijn, timeout=30, what="the Wsw in the tijdlijn")
