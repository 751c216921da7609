"""The tegenprestatie over HTTP: asked by the responsible team, not during uitkering's ontheffing of art. 9, and a
refusal is verwijtbaar only without a reason and without an ontheffing on its day."""

from __future__ import annotations

from datetime import date

import httpx

from .conftest import CONSULENT, KLANTMANAGER, TOEGANG_0037, Klant, Ontheffing, ok

OPDRACHT = {"omschrijving": "Voorlezen in de bibliotheek", "urenPerWeek": 8, "van": "2025-03-01", "tot": "2025-08-31"}


async def test_a_refusal_without_reason_is_verwijtbaar_and_one_with_a_reason_is_not(
    trajecten: httpx.AsyncClient, klant: Klant
) -> None:
    klant_id = await klant()
    o = await ok(
        await trajecten.post(
            "/api/v1/tegenprestaties", json={**OPDRACHT, "klantId": str(klant_id)}, headers=KLANTMANAGER
        ),
        201,
    )
    assert (o["persoon"], o["weigeringen"]) == ("aanvrager", [])
    pad = f"/api/v1/tegenprestaties/{o['opdrachtId']}"
    buiten = await trajecten.post(f"{pad}/weigering", json={"datum": "2025-09-01"}, headers=KLANTMANAGER)
    assert buiten.status_code == 422 and buiten.json()["invalidParams"][0]["name"] == "datum"
    o = await ok(await trajecten.post(f"{pad}/weigering", json={"datum": "2025-03-03"}, headers=KLANTMANAGER))
    weer = {"datum": "2025-03-10", "reden": "Ziek gemeld bij de bibliotheek"}
    o = await ok(await trajecten.post(f"{pad}/weigering", json=weer, headers=KLANTMANAGER))
    assert [(w["datum"], w["verwijtbaar"]) for w in o["weigeringen"]] == [("2025-03-03", True), ("2025-03-10", False)]
    # The same day again changes nothing (a retried form).
    again = await ok(await trajecten.post(f"{pad}/weigering", json={"datum": "2025-03-03"}, headers=KLANTMANAGER))
    assert len(again["weigeringen"]) == 2
    assert (await trajecten.get(pad, headers=CONSULENT)).status_code == 200
    assert (await trajecten.get(pad, headers=TOEGANG_0037)).status_code == 404
    lijst = await ok(
        await trajecten.get("/api/v1/tegenprestaties", params={"klantId": str(klant_id)}, headers=CONSULENT)
    )
    assert [i["opdrachtId"] for i in lijst["items"]] == [o["opdrachtId"]]


async def test_an_ontheffing_of_art_9_prevents_the_opdracht_and_excuses_a_refusal(
    trajecten: httpx.AsyncClient, klant: Klant, ontheffing: Ontheffing
) -> None:
    klant_id = await klant()
    o = await ok(
        await trajecten.post(
            "/api/v1/tegenprestaties", json={**OPDRACHT, "klantId": str(klant_id)}, headers=KLANTMANAGER
        ),
        201,
    )
    ontheffing_id = await ontheffing(klant_id, date(2025, 4, 1), date(2025, 6, 30))
    tijdens = {**OPDRACHT, "klantId": str(klant_id), "van": "2025-05-01"}
    refused = await trajecten.post("/api/v1/tegenprestaties", json=tijdens, headers=KLANTMANAGER)
    assert refused.status_code == 409 and refused.json()["type"] == "urn:problem:ontheffing-loopt"
    # The partner has no ontheffing: a tegenprestatie for each partner separately (art. 9 lid 3).
    partner = {**tijdens, "persoon": "partner"}
    assert (await trajecten.post("/api/v1/tegenprestaties", json=partner, headers=KLANTMANAGER)).status_code == 201
    pad = f"/api/v1/tegenprestaties/{o['opdrachtId']}"
    o = await ok(await trajecten.post(f"{pad}/weigering", json={"datum": "2025-05-05"}, headers=KLANTMANAGER))
    assert o["weigeringen"][0] | {"reden": None} == {
        "datum": "2025-05-05",
        "reden": None,
        "ontheffingId": str(ontheffing_id),
        "verwijtbaar": False,
    }
