"""The plan van aanpak over HTTP: written by the responsible team, complete, one per klant, versions, evaluaties."""

from __future__ import annotations

import httpx

from .conftest import CONSULENT, KLANTMANAGER, TOEGANG, TOEGANG_0037, Klant, ok, plan

PROBLEM = "application/problem+json"


async def test_the_regional_team_writes_the_plan_of_its_klant_and_others_are_refused(
    trajecten: httpx.AsyncClient, klant: Klant
) -> None:
    klant_id = await klant(team="regionaal")
    refused = await trajecten.post("/api/v1/plannen", json=plan(klant_id), headers=TOEGANG)
    assert refused.status_code == 403 and refused.json()["type"] == "urn:problem:niet-verantwoordelijk"
    created = await trajecten.post("/api/v1/plannen", json=plan(klant_id), headers=KLANTMANAGER)
    body = await ok(created, 201)
    assert created.headers["Location"] == f"/api/v1/plannen/{body['planId']}"
    assert body["versie"] == 1 and body["gemeente"] == "GM0014" and body["versies"][0]["team"] == "regionaal"
    assert body["versies"][0]["afspraken"][1]["gevolg"].startswith("Een maatregel")
    # One plan per klant: a second is a conflict, adjusting is a new version.
    again = await trajecten.post("/api/v1/plannen", json=plan(klant_id), headers=KLANTMANAGER)
    assert again.status_code == 409 and again.json()["type"] == "urn:problem:plan-bestaat-al"
    # The uitkeringsconsulent reads it (the besluit refers to it); another gemeente's local team does not see it.
    assert (await ok(await trajecten.get(f"/api/v1/plannen/{body['planId']}", headers=CONSULENT)))["versie"] == 1
    elders = await trajecten.get(f"/api/v1/plannen/{body['planId']}", headers=TOEGANG_0037)
    assert elders.status_code == 404
    lijst = await ok(await trajecten.get("/api/v1/plannen", params={"klantId": str(klant_id)}, headers=CONSULENT))
    assert [p["planId"] for p in lijst["items"]] == [body["planId"]]
    assert (await ok(await trajecten.get("/api/v1/plannen", headers=TOEGANG_0037)))["items"] == []


async def test_a_local_team_writes_the_plan_of_a_klant_it_is_responsible_for(
    trajecten: httpx.AsyncClient, klant: Klant
) -> None:
    klant_id = await klant(team="lokaal:GM0014", route="participatie")
    assert (await trajecten.post("/api/v1/plannen", json=plan(klant_id), headers=KLANTMANAGER)).status_code == 403
    body = await ok(await trajecten.post("/api/v1/plannen", json=plan(klant_id), headers=TOEGANG), 201)
    assert body["versies"][0]["team"] == "lokaal:GM0014"


async def test_an_incomplete_plan_is_refused_naming_each_field_and_nothing_is_written(
    trajecten: httpx.AsyncClient, klant: Klant
) -> None:
    klant_id = await klant()
    onvolledig = plan(
        klant_id,
        doelen=[],
        afspraken=[{"soort": "arbeidsverplichting", "omschrijving": "Solliciteert wekelijks"}],
        evaluatiemomenten=["2025-01-02"],
    )
    refused = await trajecten.post("/api/v1/plannen", json=onvolledig, headers=KLANTMANAGER)
    assert refused.status_code == 422 and refused.headers["content-type"] == PROBLEM
    velden = {p["name"] for p in refused.json()["invalidParams"]}
    assert velden == {"doelen", "afspraken.0.gevolg", "evaluatiemomenten"}
    lijst = await ok(await trajecten.get("/api/v1/plannen", params={"klantId": str(klant_id)}, headers=KLANTMANAGER))
    assert lijst["items"] == []


async def test_the_plan_is_adjusted_in_versions_and_evaluated_with_the_klant(
    trajecten: httpx.AsyncClient, klant: Klant
) -> None:
    klant_id = await klant()
    body = await ok(await trajecten.post("/api/v1/plannen", json=plan(klant_id), headers=KLANTMANAGER), 201)
    pad = f"/api/v1/plannen/{body['planId']}"
    evaluatie = {
        "evaluatiedatum": "2025-04-01",
        "bevindingen": "Gaat goed op de werkervaringsplaats",
        "conclusie": "bijstellen",
        "volgendeEvaluatie": "2025-10-01",
    }
    body = await ok(await trajecten.post(f"{pad}/evaluaties", json=evaluatie, headers=KLANTMANAGER))
    assert body["evaluaties"][0]["conclusie"] == "bijstellen" and body["evaluaties"][0]["versie"] == 1
    # Without a next evaluatie the plan is not closed: refused.
    zonder = {**evaluatie, "conclusie": "voortzetten", "volgendeEvaluatie": None}
    refused = await trajecten.post(f"{pad}/evaluaties", json=zonder, headers=KLANTMANAGER)
    assert [p["name"] for p in refused.json()["invalidParams"]] == ["volgendeEvaluatie"]
    bijgesteld = plan(
        doelen=["Eerst een vakcertificaat, dan werk"],
        besprokenOp="2025-04-02",
        evaluatiemomenten=["2025-10-01"],
        aanleiding="Evaluatie: eerst scholing",
    )
    body = await ok(await trajecten.post(f"{pad}/versies", json=bijgesteld, headers=KLANTMANAGER))
    assert body["versie"] == 2 and [v["versie"] for v in body["versies"]] == [1, 2]
    assert body["versies"][0]["doelen"] == ["Binnen een jaar betaald werk in de logistiek"]
    assert body["versies"][1]["aanleiding"] == "Evaluatie: eerst scholing"
    ouder = {**bijgesteld, "besprokenOp": "2025-03-01"}
    assert (await trajecten.post(f"{pad}/versies", json=ouder, headers=KLANTMANAGER)).status_code == 422
