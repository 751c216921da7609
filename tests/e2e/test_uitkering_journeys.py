"""Uitkering against real servers: aanvraag → besluit → betaalrun → pain.001 → inkomstenopgave → herberekening.

Intake registers the klant (its events reach uitkering through the broker); an uitkeringsconsulent of
GM0014 files the aanvraag, decides, records the account, runs the betaalrun, fetches the SEPA file and the
payroll export (BSN read at intake), and a late inkomstenopgave recalculates a paid month.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import sepaxml
import xmlschema
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support import inwoner, token, wait_for

from .conftest import Platform
from .test_intake_journeys import _aanmelding

CONSULENT = token(["uitkeringsconsulent"], ["GM0014"], sub="consulent-0014")
TOEGANG = token(["toegang"], ["GM0014"], sub="kcc-0014")
BELEID = token(["beheerder"], ["GM0014"], sub="beleid-0014")
XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
BSN = "111222333"


def _aanvraag(klant: str, geboren: str = "1985-03-14") -> dict[str, Any]:
    return {
        "klantId": klant,
        "gemeente": "GM0014",
        "meldingsdatum": "2026-09-07",
        "aanvraagdatum": "2026-09-07",
        "huishouden": {"leefvorm": "alleenstaande", "geboortedatum": geboren},
        "vermogen": [{"omschrijving": "spaarrekening", "bedrag": "1200.00"}],
    }


async def _klant(intake: httpx.AsyncClient, bsn: str, geboren: str, hulpvraag: str = "inkomen") -> str:
    response = await intake.post(
        "/api/v1/aanmeldingen", json=_aanmelding(bsn, hulpvraag=hulpvraag, geboren=geboren), headers=TOEGANG
    )
    assert response.status_code == 201, response.text
    return str(response.json()["klantId"])


async def _dien_in(uitkering: httpx.AsyncClient, body: dict[str, Any], *, wacht_op: str) -> httpx.Response:
    """File the aanvraag once intake's events have arrived (until then: 422 klant onbekend)."""

    async def poging() -> httpx.Response | None:
        response = await uitkering.post("/api/v1/aanvragen", json=body, headers=CONSULENT)
        if response.status_code == 422 and response.json()["type"] == "urn:problem:klant-onbekend":
            return None
        return response if wacht_op in (str(response.status_code), response.json().get("type")) else None

    return await wait_for(poging, timeout=30, what=f"aanvraag answered {wacht_op}")


async def _betaalrun(uitkering: httpx.AsyncClient, periode: str) -> dict[str, Any]:
    body = {"gemeente": "GM0014", "periode": periode}
    response = await uitkering.post("/api/v1/betaalruns", json=body, headers=CONSULENT)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_from_aanvraag_to_pain001_and_a_late_income_fact(platform: Platform) -> None:
    async with platform.up() as (intake, _), platform.up_uitkering() as uitkering:
        klant = await _klant(intake, BSN, "1985-03-14")
        aanvraag = (await _dien_in(uitkering, _aanvraag(klant), wacht_op="201")).json()
        uid = aanvraag["uitkeringId"]
        assert aanvraag["status"] == "aangevraagd" and aanvraag["beslistermijn"] == "2026-11-02"

        werklijst = (await uitkering.get("/api/v1/aanvragen", headers=CONSULENT)).json()["items"]
        assert [(a["uitkeringId"], a["status"], a["voorschotNodig"]) for a in werklijst] == [(uid, "aangevraagd", True)]
        lijst = (await uitkering.get("/api/v1/uitkeringen?status=aangevraagd", headers=CONSULENT)).json()["items"]
        assert [(u["uitkeringId"], u["status"]) for u in lijst] == [(uid, "aangevraagd")]
        assert (await uitkering.get("/api/v1/uitkeringen?status=toegekend", headers=CONSULENT)).json()["items"] == []
        per_klant = await uitkering.get("/api/v1/uitkeringen", params={"klantId": klant}, headers=CONSULENT)
        assert [u["uitkeringId"] for u in per_klant.json()["items"]] == [uid]
        ander = await uitkering.get("/api/v1/uitkeringen", params={"klantId": str(uuid4())}, headers=CONSULENT)
        assert ander.json()["items"] == []
        rekening = {"aanvrager": {"iban": "NL44 RABO 0123 4567 89", "naam": "S. Bakker"}}
        response = await uitkering.put(f"/api/v1/uitkeringen/{uid}/rekening", json=rekening, headers=CONSULENT)
        assert response.status_code == 200 and response.json()["rekeningVastgelegd"], response.text

        # Four weeks without a besluit: the timer grants the voorschot (art. 52), the October betaalrun pays it.
        assert platform.uitkering_app is not None
        timer = platform.uitkering_app.state.runtime.timers["termijnbewaking"]
        assert await timer.fire_due(date(2026, 10, 5)) == 1
        assert await timer.fire_due(date(2026, 10, 6)) == 0  # one per month
        # October's expected 1,348.49 (1,419.46 minus 5% VT), at least 95%, rounded up.
        assert (await uitkering.get(f"/api/v1/uitkeringen/{uid}", headers=CONSULENT)).json()["voorschotten"] == [
            "1281.07"
        ]
        # That read is a processing of the klant's data, and the klant may see it (AVG art. 15), not who read.
        inzage = (await uitkering.get(f"/api/v1/uitkeringen/{uid}/verwerkingen", headers=CONSULENT)).json()
        assert "uitkering-raadplegen" in {i["verwerkingsactiviteit"] for i in inzage["items"]}
        oktober = await _betaalrun(uitkering, "2026-10")
        assert oktober["totaal"] == "1281.07"

        # Money for next year does not leave now: refused with the first day it can, and nothing is paid.
        volgend_jaar = f"{date.today().year + 1}-12"
        vooruit = await uitkering.post(
            "/api/v1/betaalruns", json={"gemeente": "GM0014", "periode": volgend_jaar}, headers=CONSULENT
        )
        assert vooruit.status_code == 422 and vooruit.json()["type"] == "urn:problem:nog-niet-betaalbaar"
        assert f"{date.today().year + 1}-11-20" in vooruit.json()["detail"]
        assert (await uitkering.get(f"/api/v1/uitkeringen/{uid}/maanden/{volgend_jaar}", headers=CONSULENT)).json()[
            "betaald"
        ] is None

        besluit = {"ingangsdatum": "2026-09-07", "motivering": "Inkomen onder de norm, vermogen onder de grens."}
        response = await uitkering.post(f"/api/v1/aanvragen/{uid}/besluit", json=besluit, headers=CONSULENT)
        assert response.status_code == 200 and response.json()["besluit"] == "toekenning", response.text
        html = (await uitkering.get(f"/api/v1/uitkeringen/{uid}/beschikking", headers=CONSULENT)).text
        # September from the 7th: 1,419.46 x 24/30 = 1,135.568 -> 1,135.57.
        assert "Wij kennen u bijstand toe" in html and "€ 1.135,57" in html and "art. 21 onder a" in html
        assert "bezwaar" in html

        # November pays September, October and November, setting the voorschot off against the first of them:
        # September 1,078.79 (all set off), October 1,348.49 - 202.28 = 1,146.21, November 1,348.49.
        november = await _betaalrun(uitkering, "2026-11")
        run_id = november["betaalrunId"]
        assert Decimal(november["totaal"]) == Decimal("2494.70")
        again = await _betaalrun(uitkering, "2026-11")
        assert (again["betaalrunId"], again["totaal"]) == (run_id, november["totaal"])

        pain = await uitkering.get(f"/api/v1/betaalruns/{run_id}/pain001", headers=CONSULENT)
        assert pain.status_code == 200 and pain.headers["content-type"].startswith("application/xml")
        schema = xmlschema.XMLSchema(str(XSD))
        schema.validate(pain.text)
        kop = schema.to_dict(pain.text)["CstmrCdtTrfInitn"]["GrpHdr"]
        assert kop["NbOfTxs"] == "2" and Decimal(str(kop["CtrlSum"])) == Decimal("2494.70")

        export = (await uitkering.get(f"/api/v1/betaalruns/{run_id}/loonheffing", headers=CONSULENT)).text
        assert f"{klant};{BSN};2026-10-01;maand;1146.21" in export
        # The BSNs came from intake in one batch, each klant's read logged there under the consulent's name.
        engine = create_async_engine(platform.intake_settings.database_url)
        async with engine.connect() as conn:
            gelogd = (
                await conn.execute(
                    text(
                        "SELECT a.actor FROM ldv_verwerkingen v JOIN ldv_audit a USING (audit_id) WHERE "
                        "v.data_subject_id = :k AND v.processing_activity_id = :a"
                    ),
                    {"k": klant, "a": "intake-persoonsgegevens-raadplegen-uitkeringsverstrekking"},
                )
            ).all()
        await engine.dispose()
        assert [r[0] for r in gelogd] == ["consulent-0014"]
        # A klant intake cannot give (unknown, erased, not yours: never told apart) is listed, the rest answered.
        onbekend = str(uuid4())
        opvraging = {"klantIds": [klant, onbekend], "doel": "uitkeringsverstrekking"}
        r = await intake.post("/api/v1/klanten/opvragingen", json=opvraging, headers=CONSULENT)
        assert r.status_code == 200 and r.json()["nietGevonden"] == [onbekend], r.text
        assert [p["klantId"] for p in r.json()["items"]] == [klant]

        # A payslip for September arrives late: September is recalculated, its payment stays as it was.
        opgave = {
            "periode": "2026-09",
            "werkgever": "Stad Logistiek B.V.",
            "uren": "40",
            "bruto": "700.00",
            "netto": "600.00",
            "loonstroopVan": "2026-09-01",
        }
        fout = await uitkering.post(f"/api/v1/uitkeringen/{uid}/inkomsten", json=opgave, headers=CONSULENT)
        assert fout.status_code == 400 and "loonstroopVan" in fout.text  # the field is named
        opgave.pop("loonstroopVan")
        opgave |= {"loonstrookVan": "2026-09-01", "loonstrookTot": "2026-09-30"}
        response = await uitkering.post(f"/api/v1/uitkeringen/{uid}/inkomsten", json=opgave, headers=CONSULENT)
        assert response.status_code == 200, response.text
        maand = (await uitkering.get(f"/api/v1/uitkeringen/{uid}/maanden/2026-09", headers=CONSULENT)).json()
        assert maand["betaald"]["bijstand"] == "1135.57" and maand["voorschotVerrekend"] == "1078.79"  # as paid
        # 600 net minus the 25% vrijlating (art. 31.2 n) = 450 counted: 1,135.57 - 450.
        assert maand["berekening"]["bijstand"] == "685.57"
        assert [(h["verschil"], h["soort"]) for h in maand["herberekeningen"]] == [("-450.00", "te_veel_betaald")]
        artikelen = [o["artikel"] for o in maand["berekening"]["onderdelen"]]
        assert artikelen == ["art. 21 onder a", "art. 32", "art. 31 lid 2 onder n"]


async def test_under_27_the_aanvraag_is_refused_while_the_zoektermijn_runs(platform: Platform) -> None:
    async with platform.up() as (intake, _), platform.up_uitkering() as uitkering:
        klant = await _klant(intake, "999993653", "2004-06-01")
        response = await _dien_in(uitkering, _aanvraag(klant, "2004-06-01"), wacht_op="urn:problem:zoektermijn-loopt")
        problem = response.json()
        assert response.status_code == 422 and "art. 41 lid 4" in problem["detail"]
        assert "tot en met" in problem["detail"]


async def test_a_move_to_another_gemeente_ends_the_uitkering_in_the_old_one(platform: Platform) -> None:
    async with platform.up() as (intake, _), platform.up_uitkering() as uitkering:
        klant = await _klant(intake, "123456782", "1980-01-01")
        uid = (await _dien_in(uitkering, _aanvraag(klant, "1980-01-01"), wacht_op="201")).json()["uitkeringId"]
        besluit = {"ingangsdatum": "2026-09-07", "motivering": "Recht vastgesteld."}
        assert (await uitkering.post(f"/api/v1/aanvragen/{uid}/besluit", json=besluit, headers=CONSULENT)).is_success
        verhuizing = {"naarGemeente": "GM0037", "per": "2026-11-01"}
        inwoner("123456782", "Sanne Bakker", "1980-01-01", "GM0037", woont_sinds="2026-11-01")  # the BRP has it
        response = await intake.post(f"/api/v1/klanten/{klant}/verhuizingen", json=verhuizing, headers=TOEGANG)
        assert response.status_code == 200, response.text

        async def beeindigd() -> dict[str, Any] | None:
            body: dict[str, Any] = (await uitkering.get(f"/api/v1/uitkeringen/{uid}", headers=CONSULENT)).json()
            return body if body["status"] == "beeindigd" else None

        # Art. 40: the right is against the new woongemeente; the old one ends the day before the move.
        assert (await wait_for(beeindigd, timeout=30, what="the move to end the uitkering"))[
            "laatsteDag"
        ] == "2026-10-31"
        # The new gemeente takes a new aanvraag; GM0014 may not file one any more, and is not told where they went.
        response = await uitkering.post("/api/v1/aanvragen", json=_aanvraag(klant, "1980-01-01"), headers=CONSULENT)
        assert response.status_code == 422 and response.json()["type"] == "urn:problem:klant-onbekend"
        assert "GM0037" not in response.text


def _maand(dag: date, plus: int = 0) -> date:
    maand = dag.replace(day=1)
    for _ in range(plus):
        maand = (maand + timedelta(days=32)).replace(day=1)
    return maand


async def test_a_maatregel_lowers_the_betaalrun_and_a_terugvordering_is_set_off_with_its_boete(
    platform: Platform,
) -> None:
    # This journey pays next month too, whatever today's date: the gemeente pays a month from the 1st before.
    platform.uitkering_settings = platform.uitkering_settings.model_copy(update={"betaalrun_vanaf_dag": 1})
    async with platform.up() as (intake, _), platform.up_uitkering() as uitkering:
        klant = await _klant(intake, "100000009", "1980-05-05")
        uid = (await _dien_in(uitkering, _aanvraag(klant, "1980-05-05"), wacht_op="201")).json()["uitkeringId"]
        u = f"/api/v1/uitkeringen/{uid}"
        besluit = {"ingangsdatum": "2026-09-07", "motivering": "Recht vastgesteld."}
        assert (await uitkering.post(f"/api/v1/aanvragen/{uid}/besluit", json=besluit, headers=CONSULENT)).is_success
        rekening = {"aanvrager": {"iban": "NL44RABO0123456789", "naam": "K. Lant"}}
        assert (await uitkering.put(f"{u}/rekening", json=rekening, headers=CONSULENT)).is_success
        await _betaalrun(uitkering, "2026-10")

        # A missed obligation: voornemen, zienswijze (hoorplicht), besluit: 100% of the first unpaid month.
        voornemen = {"verplichting": "18.4.a", "feitdatum": "2026-10-20", "omschrijving": "Werk geweigerd"}
        body = (await uitkering.post(f"{u}/maatregelen", json=voornemen, headers=CONSULENT)).json()
        mid = body["maatregelen"][0]["maatregelId"]
        besluit_m = {"verwijtbaar": True, "motivering": "Geen rechtvaardiging"}
        vroeg = await uitkering.post(f"{u}/maatregelen/{mid}/besluit", json=besluit_m, headers=CONSULENT)
        assert vroeg.status_code == 409 and vroeg.json()["type"] == "urn:problem:hoorplicht-loopt"
        zienswijze = {"zienswijze": "Ik vond het werk te ver weg"}
        assert (
            await uitkering.post(f"{u}/maatregelen/{mid}/zienswijze", json=zienswijze, headers=CONSULENT)
        ).is_success
        opgelegd = (await uitkering.post(f"{u}/maatregelen/{mid}/besluit", json=besluit_m, headers=CONSULENT)).json()
        maatregel = opgelegd["maatregelen"][0]
        deze_maand = _maand(date.today())
        assert maatregel["status"] == "opgelegd" and maatregel["verlagingen"] == [
            {"periode": deze_maand.isoformat(), "percentage": "1.0000"}
        ]
        await _betaalrun(uitkering, f"{deze_maand:%Y-%m}")
        uitleg = (await uitkering.get(f"{u}/maanden/{deze_maand:%Y-%m}", headers=CONSULENT)).json()
        assert uitleg["betaald"]["bijstand"] == "0.00"
        assert uitleg["betaald"]["onderdelen"][-1]["artikel"] == "art. 18 lid 4 en lid 5"

        # A late payslip for September: herberekening, terugvordering (art. 58 lid 1) with an afspraak, a boete.
        opgave = {
            "periode": "2026-09",
            "werkgever": "Stad Logistiek B.V.",
            "uren": "40",
            "bruto": "700.00",
            "netto": "600.00",
            "loonstrookVan": "2026-09-01",
            "loonstrookTot": "2026-09-30",
        }
        assert (await uitkering.post(f"{u}/inkomsten", json=opgave, headers=CONSULENT)).is_success
        terug = {"grond": "58.1", "aflossingPerMaand": "40.00"}
        response = await uitkering.post(f"{u}/terugvorderingen", json=terug, headers=CONSULENT)
        assert response.status_code == 201, response.text
        vordering = response.json()
        # September was transferred as 1,078.79; now due monthly: 95% of 685.57 = 651.29.
        assert vordering["saldo"] == "427.50" and vordering["deelvorderingen"][0]["periode"] == "2026-09-01"
        nog_eens = await uitkering.post(f"{u}/terugvorderingen", json=terug, headers=CONSULENT)
        assert nog_eens.status_code == 422  # September is claimed already: nothing open
        v = f"/api/v1/vorderingen/{vordering['vorderingId']}"
        boete = (await uitkering.post(f"{v}/boete", json={"verwijtbaarheid": "normaal"}, headers=CONSULENT)).json()
        assert boete["waarschuwing"] is False and boete["boete"]["bedrag"] == "213.75"  # 50% of 427.50

        # The next betaalrun keeps what lies above the beslagvrije voet (95% of the norm, Rv 475da): the monthly
        # bijstand alone is the voet, so the klant's own income that month makes the room. 40 for the afspraak,
        # the rest for the boete, down to whole cents.
        volgende = _maand(date.today(), 1)
        werk = {**opgave, "periode": f"{volgende:%Y-%m}", "loonstrookVan": volgende.isoformat(),
                "loonstrookTot": volgende.replace(day=28).isoformat()}  # fmt: skip
        assert (await uitkering.post(f"{u}/inkomsten", json=werk, headers=CONSULENT)).is_success
        await _betaalrun(uitkering, f"{volgende:%Y-%m}")
        na = (await uitkering.get(v, headers=CONSULENT)).json()
        assert na["saldo"] == "387.50" and na["mutaties"][0]["soort"] == "aflossing (verrekening)"
        b = (await uitkering.get(f"/api/v1/vorderingen/{boete['boete']['vorderingId']}", headers=CONSULENT)).json()
        uitleg = (await uitkering.get(f"{u}/maanden/{volgende:%Y-%m}", headers=CONSULENT)).json()
        norm = Decimal(uitleg["betaald"]["norm"])
        heeft = Decimal(uitleg["betaald"]["uitTeBetalen"]) + Decimal("600.00")
        ruimte = (heeft - norm * Decimal("0.95")).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        assert Decimal(b["saldo"]) == Decimal("213.75") - (ruimte - Decimal("40"))
        assert Decimal(uitleg["nettoBetaald"]) == Decimal(uitleg["betaald"]["uitTeBetalen"]) - ruimte
        # The BUIG ledger adds up to what left the account: the bijstand minus what verrekening brought back.
        if volgende.year == 2026:
            budget = (await uitkering.get("/api/v1/budgetten/GM0014/2026", headers=BELEID)).json()
            overgemaakt = Decimal(0)
            for periode in ("2026-10", f"{deze_maand:%Y-%m}", f"{volgende:%Y-%m}"):
                run = (await _betaalrun(uitkering, periode))["totaal"]
                overgemaakt += Decimal(run)
            assert Decimal(budget["totaalBuig"]) == overgemaakt


async def test_budgets_add_up_to_the_payments_across_the_region_and_the_figures_read_as_json_and_csv(
    platform: Platform,
) -> None:
    regio = token(["uitkeringsconsulent", "toegang", "beheerder"], ["GM0014", "GM0037"], sub="regio-consulent")
    async with platform.up() as (intake, _), platform.up_uitkering() as uitkering:
        runs: dict[str, Decimal] = {}
        for gemeente, bsn, geboren in (
            ("GM0014", "100000010", "1979-01-01"),
            ("GM0014", "100000022", "1988-08-08"),
            ("GM0037", "100000034", "1990-10-10"),
        ):
            aanmelding = _aanmelding(bsn, gemeente=gemeente, hulpvraag="inkomen", geboren=geboren)
            klant = (await intake.post("/api/v1/aanmeldingen", json=aanmelding, headers=regio)).json()["klantId"]
            body = {**_aanvraag(klant, geboren), "gemeente": gemeente}

            async def ingediend(body: dict[str, Any] = body) -> dict[str, Any] | None:
                response = await uitkering.post("/api/v1/aanvragen", json=body, headers=regio)
                return response.json() if response.status_code == 201 else None

            uid = (await wait_for(ingediend, timeout=30, what="the aanvraag"))["uitkeringId"]
            besluit = {"ingangsdatum": "2026-09-07", "motivering": "Recht vastgesteld."}
            assert (await uitkering.post(f"/api/v1/aanvragen/{uid}/besluit", json=besluit, headers=regio)).is_success
        for gemeente in ("GM0014", "GM0037"):
            response = await uitkering.post(
                "/api/v1/betaalruns", json={"gemeente": gemeente, "periode": "2026-10"}, headers=regio
            )
            runs[gemeente] = Decimal(response.json()["totaal"])
        budgetten = {g: (await uitkering.get(f"/api/v1/budgetten/{g}/2026", headers=regio)).json() for g in runs}
        for gemeente, budget in budgetten.items():
            betaald = sum(Decimal(r["bedrag"]) for r in budget["regels"] if r["soort"] == "maand")
            assert betaald == runs[gemeente] == Decimal(budget["totaalBuig"]), gemeente
            assert Decimal(budget["regioBijstandBetaald"]) == sum(runs.values())
        assert sum(Decimal(b["aandeelInRegio"]) for b in budgetten.values()) == Decimal("1.0000")

        cijfers = (await uitkering.get("/api/v1/cijfers/GM0014/maanden/2026-10", headers=regio)).json()
        assert (cijfers["bestand"], cijfers["instroom"], cijfers["besluiten"]) == (2, 0, 0)
        # 2 per 1,000 of 177,951 inhabitants aged 15-64 (CBS, 1-1-2024).
        assert cijfers["bijstandsdichtheidPer1000"] == "0.01"
        csv_tekst = (await uitkering.get("/api/v1/cijfers/GM0014/export?van=2026-09&tot=2026-11", headers=regio)).text
        kop, *rijen = csv_tekst.splitlines()
        assert kop.startswith("gemeente;periode;bestand;instroom;uitstroom;uitstroom_naar_werk;") and len(rijen) == 3
        assert rijen[0].startswith("GM0014;2026-09;2;2;")
        alleen_0037 = token(["beheerder"], ["GM0037"], sub="beleid-0037")
        assert (await uitkering.get("/api/v1/budgetten/GM0014/2026", headers=alleen_0037)).status_code == 403


async def test_the_api_says_inrichting_and_whose_income_and_shows_each_months_money(platform: Platform) -> None:
    async with platform.up() as (intake, _), platform.up_uitkering() as uitkering:
        # Art. 23: a klant in an inrichting, with the verhoging of lid 2.
        klant = await _klant(intake, "100000204", "1960-02-02")
        body = _aanvraag(klant, "1960-02-02")
        body["huishouden"] |= {"inrichting": True, "inrichtingVerhoging": True}
        uid = (await _dien_in(uitkering, body, wacht_op="201")).json()["uitkeringId"]
        besluit = {"ingangsdatum": "2026-09-07", "motivering": "Verblijf in een inrichting."}
        assert (await uitkering.post(f"/api/v1/aanvragen/{uid}/besluit", json=besluit, headers=CONSULENT)).is_success
        oktober = (await uitkering.get(f"/api/v1/uitkeringen/{uid}/maanden/2026-10", headers=CONSULENT)).json()
        assert [(o["artikel"], o["bedrag"]) for o in oktober["berekening"]["onderdelen"]] == [
            ("art. 23 lid 1 onder a", "449.44"),
            ("art. 23 lid 2 onder a", "47.00"),
        ]
        assert oktober["rekening"] is None  # not paid yet

        # A couple: the partner's payslip is the partner's, with the partner's own vrijlating.
        klant = await _klant(intake, "100000216", "1986-01-01")
        body = _aanvraag(klant, "1986-01-01")
        body["huishouden"] = {"leefvorm": "gehuwd", "geboortedatum": "1986-01-01", "partnerGeboortedatum": "1990-01-01"}
        uid = (await _dien_in(uitkering, body, wacht_op="201")).json()["uitkeringId"]
        assert (await uitkering.post(f"/api/v1/aanvragen/{uid}/besluit", json=besluit, headers=CONSULENT)).is_success
        await _betaalrun(uitkering, "2026-10")
        loonstrook = {"periode": "2026-10", "werkgever": "Zorg Noord", "uren": "40", "bruto": "500.00",
                      "netto": "400.00", "loonstrookVan": "2026-10-01", "loonstrookTot": "2026-10-31",
                      "van": "partner"}  # fmt: skip
        response = await uitkering.post(f"/api/v1/uitkeringen/{uid}/inkomsten", json=loonstrook, headers=CONSULENT)
        assert response.status_code == 200, response.text
        oktober = (await uitkering.get(f"/api/v1/uitkeringen/{uid}/maanden/2026-10", headers=CONSULENT)).json()
        onderdelen = [(o["artikel"], o["omschrijving"][:40]) for o in oktober["berekening"]["onderdelen"]]
        assert ("art. 32", "netto inkomen uit arbeid van de partner") in onderdelen
        # 2,027.79 - 400 + 100 (the partner, 36, has vrijlating n): 1,727.79; paid 1,926.40 monthly, now 1,641.40.
        assert oktober["berekening"]["bijstand"] == "1727.79" and oktober["berekening"]["voorlopig"] is True
        assert oktober["rekening"] == {
            "vastgesteld": "1727.79",
            "ontvangen": "1926.40",
            "vakantietoeslagBetaald": None,
            "vakantietoeslagGereserveerd": "86.39",
            "teruggevorderd": "0.00",
            "verschil": "-285.00",
        }
