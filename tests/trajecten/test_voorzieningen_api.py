"""Voorzieningen over HTTP: the catalogue and its legal limits, cost committed and realised on a budget line to the
cent, the premie after six months, the end with its outcome, and the keuzes that count it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx

from .conftest import BEHEERDER, KLANTMANAGER, TOEGANG_0037, Klant, ok, plan

KVK = "34567890"


async def _opzet(trajecten: httpx.AsyncClient, klant: Klant, jaar: int = 2025) -> tuple[UUID, str, str, str]:
    """A klant with a plan, an aanbieder and a budget line of GM0014."""
    klant_id = await klant()
    p = await ok(await trajecten.post("/api/v1/plannen", json=plan(klant_id), headers=KLANTMANAGER), 201)
    aanbieder = {
        "kvkNummer": KVK,
        "naam": "Werkfit Noord B.V.",
        "soort": "reintegratiebedrijf",
        "gemeenten": ["GM0014"],
    }
    a = await ok(await trajecten.post("/api/v1/aanbieders", json=aanbieder, headers=KLANTMANAGER), 201)
    regel = {
        "gemeente": "GM0014",
        "jaar": jaar,
        "naam": "Re-integratie algemeen",
        "kanaal": "cluster_participatie",
        "bedrag": "10000.00",
        "bron": "Begroting 2025, programma Werk en inkomen",
    }
    r = await ok(await trajecten.post("/api/v1/budgetregels", json=regel, headers=BEHEERDER), 201)
    return klant_id, p["planId"], a["aanbiederId"], r["regelId"]


def _wep(plan_id: str, aanbieder: str, regel: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "planId": plan_id,
        "code": "WEP",
        "aanbiederId": aanbieder,
        "startdatum": "2025-01-06",
        "geplandeEinddatum": "2026-01-05",
        "kosten": {"uren": "100", "uurtarief": "45.12"},
        "budgetregelId": regel,
    }
    body.update(overrides)
    return body


async def test_a_werkervaringsplaats_is_committed_realised_evaluated_rewarded_and_ended_to_the_cent(
    trajecten: httpx.AsyncClient, klant: Klant
) -> None:
    klant_id, plan_id, aanbieder, regel = await _opzet(trajecten, klant)
    # Beyond the first two years (art. 10a), or a price the catalogue does not use: refused, naming the field.
    te_lang = _wep(plan_id, aanbieder, regel, geplandeEinddatum="2027-01-06")
    refused = await trajecten.post("/api/v1/voorzieningen", json=te_lang, headers=KLANTMANAGER)
    assert refused.status_code == 422 and refused.json()["invalidParams"][0]["name"] == "geplandeEinddatum"
    vast = _wep(plan_id, aanbieder, regel, kosten={"vastePrijs": "1000.00"})
    refused = await trajecten.post("/api/v1/voorzieningen", json=vast, headers=KLANTMANAGER)
    assert {p["name"] for p in refused.json()["invalidParams"]} == {"kosten.uren", "kosten.uurtarief"}
    created = await trajecten.post("/api/v1/voorzieningen", json=_wep(plan_id, aanbieder, regel), headers=KLANTMANAGER)
    v = await ok(created, 201)
    assert (v["soort"], v["label"], v["verplichting"]) == ("werkervaringsplaats", "Werkervaringsplaats", "4512.00")
    assert v["grondslag"].startswith("Participatiewet art. 10a") and v["planVersie"] == 1
    pad = f"/api/v1/voorzieningen/{v['voorzieningId']}"
    # Invoices per month: 10.5 hours at 45.12 is 473.76; never more than committed.
    v = await ok(
        await trajecten.post(
            f"{pad}/kosten", json={"maand": "2025-02", "uren": "10.5", "factuur": "WF-1"}, headers=KLANTMANAGER
        )
    )
    assert v["gerealiseerd"] == "473.76"
    te_veel = await trajecten.post(
        f"{pad}/kosten", json={"maand": "2025-03", "uren": "95", "factuur": "WF-2"}, headers=KLANTMANAGER
    )
    assert te_veel.status_code == 422 and te_veel.json()["invalidParams"][0]["name"] == "uren"
    buiten = await trajecten.post(
        f"{pad}/kosten", json={"maand": "2024-12", "uren": "1", "factuur": "WF-0"}, headers=KLANTMANAGER
    )
    assert buiten.json()["invalidParams"][0]["name"] == "maand"
    # The evaluatie comes after 9 months; without effect it ends within 12 months of the start.
    vroeg = {"evaluatiedatum": "2025-09-01", "effect": False, "bevindingen": "Te vroeg"}
    assert (await trajecten.post(f"{pad}/evaluaties", json=vroeg, headers=KLANTMANAGER)).status_code == 422
    evaluatie = {"evaluatiedatum": "2025-10-06", "effect": False, "bevindingen": "Komt niet dichter bij werk"}
    v = await ok(await trajecten.post(f"{pad}/evaluaties", json=evaluatie, headers=KLANTMANAGER))
    assert v["evaluaties"][0]["uiterlijkEinde"] == "2026-01-05"
    verlenging = {"tot": "2026-06-30", "extraUren": "10", "motivering": "Meer tijd"}
    refused = await trajecten.post(f"{pad}/verlenging", json=verlenging, headers=KLANTMANAGER)
    assert refused.status_code == 422 and "12 maanden" in refused.json()["detail"]
    # The premie after each completed six months (art. 31 lid 2 j), at the catalogue's amount, once per period.
    assert (await trajecten.post(f"{pad}/premies", json={"halfjaar": 3}, headers=KLANTMANAGER)).status_code == 422
    v = await ok(await trajecten.post(f"{pad}/premies", json={"halfjaar": 1}, headers=KLANTMANAGER))
    again = await ok(await trajecten.post(f"{pad}/premies", json={"halfjaar": 1}, headers=KLANTMANAGER))
    assert [(p["periodeVan"], p["periodeTot"], p["bedrag"]) for p in again["premies"]] == [
        ("2025-01-06", "2025-07-05", "150.00")
    ] and v["premies"] == again["premies"]
    einde = {"einddatum": "2025-12-31", "uitkomst": "uitval"}
    refused = await trajecten.post(f"{pad}/beeindiging", json=einde, headers=KLANTMANAGER)
    assert refused.json()["invalidParams"][0]["name"] == "redenUitval"
    einde = {"einddatum": "2025-12-31", "uitkomst": "plaatsing", "toelichting": "Baan bij de aanbieder"}
    v = await ok(await trajecten.post(f"{pad}/beeindiging", json=einde, headers=KLANTMANAGER))
    assert (v["uitkomst"], v["vrijval"], v["tot"]) == ("plaatsing", "4038.24", "2025-12-31")
    assert (
        await trajecten.post(
            f"{pad}/kosten", json={"maand": "2025-12", "uren": "1", "factuur": "WF-9"}, headers=KLANTMANAGER
        )
    ).status_code == 409

    # The line: committed 4512.00, realised 473.76 + premie 150.00, fallen free 4038.24, nothing open.
    r = await ok(await trajecten.get(f"/api/v1/budgetregels/{regel}", headers=BEHEERDER))
    assert (r["vastgelegd"], r["gerealiseerd"], r["openVerplichting"], r["resterend"]) == (
        "4512.00",
        "623.76",
        "0.00",
        "9376.24",
    )
    maanden = {m["maand"]: m for m in r["maanden"]}
    assert maanden["2025-01-01"]["vastgelegd"] == "4512.00" and maanden["2025-02-01"]["gerealiseerd"] == "473.76"
    assert maanden["2025-12-01"]["vrijgevallen"] == "4038.24"
    assert sum(float(m["premies"]) for m in r["maanden"]) == 150.0
    assert (await trajecten.get(f"/api/v1/budgetregels/{regel}", headers=TOEGANG_0037)).status_code == 404

    # The keuzes count it: one started, its cost per start and per success, work within 6 months of the end.
    k = await ok(await trajecten.get("/api/v1/keuzes/GM0014/2025", params={"op": "2026-07-01"}, headers=BEHEERDER))
    soort = k["perSoort"][0]
    assert (soort["waarde"], soort["gestart"], soort["kosten"], soort["kostenPerGestarte"]) == (
        "werkervaringsplaats",
        1,
        "623.76",
        "623.76",
    )
    assert (soort["succesvol"], soort["kostenPerSucces"], soort["beeindigd6"], soort["werkBinnen6"]) == (
        1,
        "623.76",
        1,
        1,
    )
    assert (soort["aandeelWerk6"], soort["beeindigd12"], soort["aandeelWerk12"]) == ("1.0000", 0, None)
    assert [(r["waarde"], r["gestart"]) for r in k["perRoute"]] == [("ontwikkeling", 1)]
    csv = await trajecten.get("/api/v1/keuzes/GM0014/2025/export", params={"op": "2026-07-01"}, headers=BEHEERDER)
    regels = csv.text.splitlines()
    assert regels[0].startswith("groep;waarde;gestart;kosten;kosten_per_gestarte;succesvol")
    assert regels[1].startswith("soort;werkervaringsplaats;1;623.76;623.76;1;623.76;1;1;1.0000;0;0;")
    assert (await trajecten.get("/api/v1/keuzes/GM0014/2025", headers=TOEGANG_0037)).status_code == 403
    assert klant_id


async def test_a_voorziening_is_charged_to_a_line_of_the_klants_gemeente_for_its_year(
    trajecten: httpx.AsyncClient, klant: Klant
) -> None:
    _, plan_id, aanbieder, regel = await _opzet(trajecten, klant, jaar=2026)
    refused = await trajecten.post("/api/v1/voorzieningen", json=_wep(plan_id, aanbieder, regel), headers=KLANTMANAGER)
    assert refused.status_code == 422 and refused.json()["invalidParams"][0]["name"] == "budgetregelId"
    onbekend = _wep(plan_id, aanbieder, regel, code="UITSTROOMBAAN", startdatum="2026-01-05")
    refused = await trajecten.post("/api/v1/voorzieningen", json=onbekend, headers=KLANTMANAGER)
    assert refused.json()["invalidParams"][0]["name"] == "code"
    assert (await ok(await trajecten.get("/api/v1/voorzieningen", params={"planId": plan_id}, headers=KLANTMANAGER)))[
        "items"
    ] == []
    dubbel = {
        "gemeente": "GM0014",
        "jaar": 2026,
        "naam": "Re-integratie algemeen",
        "kanaal": "eigen_middelen",
        "bedrag": "1.00",
        "bron": "x",
    }
    assert (await trajecten.post("/api/v1/budgetregels", json=dubbel, headers=BEHEERDER)).status_code == 409
    elders = {**dubbel, "gemeente": "GM0037", "naam": "Andere"}
    assert (await trajecten.post("/api/v1/budgetregels", json=elders, headers=BEHEERDER)).status_code == 403


async def test_a_proefplaats_and_a_werkervaringsplaats_are_extended_only_within_the_law(
    trajecten: httpx.AsyncClient, klant: Klant
) -> None:
    _, plan_id, aanbieder, regel = await _opzet(trajecten, klant)
    proef = _wep(
        plan_id, aanbieder, regel, code="PROEFPLAATS", geplandeEinddatum="2025-03-05", kosten={"vastePrijs": "0.00"}
    )
    v = await ok(await trajecten.post("/api/v1/voorzieningen", json=proef, headers=KLANTMANAGER), 201)
    pad = f"/api/v1/voorzieningen/{v['voorzieningId']}"
    te_lang = {"tot": "2025-07-06", "extraPrijs": "0", "motivering": "x"}
    assert (await trajecten.post(f"{pad}/verlenging", json=te_lang, headers=KLANTMANAGER)).status_code == 422
    goed = {"tot": "2025-07-05", "extraPrijs": "0", "motivering": "Meer tijd om in te werken"}
    assert (await ok(await trajecten.post(f"{pad}/verlenging", json=goed, headers=KLANTMANAGER)))["verlengingen"] == 1
    nog = {"tot": "2025-08-05", "extraPrijs": "0", "motivering": "Nog meer tijd"}
    assert (await trajecten.post(f"{pad}/verlenging", json=nog, headers=KLANTMANAGER)).status_code == 422

    wep = await ok(
        await trajecten.post(
            "/api/v1/voorzieningen",
            json=_wep(plan_id, aanbieder, regel, geplandeEinddatum="2027-01-05"),
            headers=KLANTMANAGER,
        ),
        201,
    )
    pad = f"/api/v1/voorzieningen/{wep['voorzieningId']}"
    jaar = {"tot": "2028-01-05", "extraUren": "10", "motivering": "Derde jaar"}
    v = await ok(await trajecten.post(f"{pad}/verlenging", json=jaar, headers=KLANTMANAGER))
    assert v["verplichting"] == "4963.20"
    zelfde = {"tot": "2029-01-05", "extraUren": "0", "motivering": "Vierde jaar"}
    refused = await trajecten.post(f"{pad}/verlenging", json=zelfde, headers=KLANTMANAGER)
    assert refused.json()["invalidParams"][0]["name"] == "andereOmgeving"
    elders = {**zelfde, "andereOmgeving": True}
    assert (await ok(await trajecten.post(f"{pad}/verlenging", json=elders, headers=KLANTMANAGER)))["verlengingen"] == 2
    termijnen = await ok(await trajecten.get("/api/v1/voorzieningen/termijnen", headers=KLANTMANAGER))
    soorten = {(t["soort"], t["voorzieningId"]) for t in termijnen["items"]}
    assert ("evaluatie_wep", wep["voorzieningId"]) in soorten and ("scholing", wep["voorzieningId"]) in soorten
    assert ("premie", wep["voorzieningId"]) in soorten and ("evaluatie_plan", None) in soorten


async def test_the_catalogue_names_each_label_with_its_legal_basis(trajecten: httpx.AsyncClient) -> None:
    body = await ok(await trajecten.get("/api/v1/catalogi/GM0014", headers=KLANTMANAGER))
    assert body["eigen"] is False and body["versie"] == "standaard:2015-01-01"
    items = {i["code"]: i for i in body["items"]}
    assert items["PARTICIPATIEPLAATS"]["soort"] == "werkervaringsplaats"
    assert (items["WEP"]["eerstePeriodeMaanden"], items["WEP"]["verlengingen"], items["WEP"]["premie"]) == (
        24,
        2,
        "150.00",
    )
    assert items["PROEFPLAATS"]["verlengingMaanden"] == 4
    assert (await trajecten.get("/api/v1/catalogi/GM0037", headers=KLANTMANAGER)).status_code == 200


async def test_a_gemeente_enters_its_own_catalogue_and_a_voorziening_uses_the_version_of_its_start(
    trajecten: httpx.AsyncClient, klant: Klant
) -> None:
    _, plan_id, aanbieder, regel = await _opzet(trajecten, klant)
    eigen = {
        "geldigVanaf": "2025-03-01",
        "bron": "Re-integratieverordening Groningen 2025",
        "regels": [
            {
                "code": "UITSTROOMBAAN",
                "label": "Uitstroombaan",
                "soort": "werkervaringsplaats",
                "kostenwijze": "uren",
                "premie": "200.00",
            },
            {"code": "JOBCOACH", "label": "Jobcoach", "soort": "jobcoach", "kostenwijze": "uren"},
        ],
    }
    fout = {**eigen, "regels": [{**eigen["regels"][1], "premie": "50.00"}, eigen["regels"][1]]}
    refused = await trajecten.post("/api/v1/catalogi/GM0014/versies", json=fout, headers=BEHEERDER)
    assert refused.status_code == 422
    assert {p["name"] for p in refused.json()["invalidParams"]} == {"regels.0.premie", "regels.0.code", "regels.1.code"}
    assert (
        await trajecten.post("/api/v1/catalogi/GM0014/versies", json=eigen, headers=KLANTMANAGER)
    ).status_code == 403
    elders = await trajecten.post("/api/v1/catalogi/GM0037/versies", json=eigen, headers=BEHEERDER)
    assert elders.status_code == 403
    c = await ok(await trajecten.post("/api/v1/catalogi/GM0014/versies", json=eigen, headers=BEHEERDER))
    assert (c["eigen"], c["versie"], [i["code"] for i in c["items"]]) == (
        True,
        "GM0014:2025-03-01",
        ["UITSTROOMBAAN", "JOBCOACH"],
    )
    # Before its first day the default applies; from it, the gemeente's labels with their legal basis.
    voor = await ok(await trajecten.get("/api/v1/catalogi/GM0014", params={"op": "2025-02-28"}, headers=KLANTMANAGER))
    assert voor["eigen"] is False
    body = _wep(
        plan_id, aanbieder, regel, code="UITSTROOMBAAN", startdatum="2025-03-03", geplandeEinddatum="2026-03-02"
    )
    v = await ok(await trajecten.post("/api/v1/voorzieningen", json=body, headers=KLANTMANAGER), 201)
    assert (v["label"], v["soort"], v["grondslag"]) == (
        "Uitstroombaan",
        "werkervaringsplaats",
        "Participatiewet art. 10a (onbeloonde additionele werkzaamheden)",
    )
    premie = await ok(
        await trajecten.post(
            f"/api/v1/voorzieningen/{v['voorzieningId']}/premies", json={"halfjaar": 1}, headers=KLANTMANAGER
        )
    )
    assert premie["premies"][0]["bedrag"] == "200.00"
    # The default's WEP is no label of this gemeente from its own catalogue's first day.
    wep = _wep(plan_id, aanbieder, regel, startdatum="2025-03-03")
    assert (await trajecten.post("/api/v1/voorzieningen", json=wep, headers=KLANTMANAGER)).json()["invalidParams"][0][
        "name"
    ] == "code"
