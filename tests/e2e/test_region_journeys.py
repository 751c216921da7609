"""The region as it really works: a klant who moves between two gemeenten of the region."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support import inwoner, token

from .conftest import Platform
from .test_intake_journeys import _aanmelding

# Noord-Holland Noord (AM15): Alkmaar and Dijk en Waard (formed 2022 from Heerhugowaard and Langedijk).
ALKMAAR = token(["toegang"], ["GM0361"], sub="wijkteam-alkmaar")
DIJK_EN_WAARD = token(["toegang"], ["GM1980"], sub="kcc-dijk-en-waard")


def _in_noord_holland_noord(platform: Platform) -> None:
    platform.intake_settings = platform.intake_settings.model_copy(update={"arbeidsmarktregio": "AM15"})
    platform.matching_settings = platform.matching_settings.model_copy(update={"arbeidsmarktregio": "AM15"})


async def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def test_a_move_from_alkmaar_to_dijk_en_waard_loses_nothing_and_tells_nothing(platform: Platform) -> None:
    _in_noord_holland_noord(platform)
    async with platform.up() as (intake, _):
        eerste = await _ok(
            await intake.post(
                "/api/v1/aanmeldingen", json=_aanmelding("111222333", gemeente="GM0361"), headers=ALKMAAR
            ),
            201,
        )
        klant = eerste["klantId"]

        # She moves (the BRP has her new address), and the KCC of Dijk en Waard registers her. It learns
        # nothing of Alkmaar.
        inwoner("111222333", "Sanne Bakker", "1985-03-14", "GM1980", "1703AB", straat="Middenweg", huisnummer=12)
        nieuw = {**_aanmelding("111222333", gemeente="GM1980", brp=False), "kanaalReferentie": "KCC-DEW-1"}
        nieuw["persoon"] = {**nieuw["persoon"], "postcode": "1703 AB"}
        tweede_response = await intake.post("/api/v1/aanmeldingen", json=nieuw, headers=DIJK_EN_WAARD)
        tweede = await _ok(tweede_response, 201)
        assert tweede["klantId"] == klant and tweede["klantBestondAl"] is False
        assert "GM0361" not in tweede_response.text and eerste["id"] not in tweede_response.text

        # Dijk en Waard is her woongemeente now; Alkmaar stays responsible until Dijk en Waard accepts the
        # warme overdracht the move offered, and finds the move on its worklist.
        bij_dew = await _ok(await intake.get(f"/api/v1/klanten/{klant}", headers=DIJK_EN_WAARD))
        assert bij_dew["gemeente"] == "GM1980" and bij_dew["verantwoordelijkTeam"] == "lokaal:GM0361"
        assert bij_dew["overdracht"]["naarTeam"] == "lokaal:GM1980"
        bij_alkmaar = await _ok(await intake.get(f"/api/v1/klanten/{klant}", headers=ALKMAAR))
        assert bij_alkmaar["verantwoordelijkTeam"] == "lokaal:GM0361"
        werklijst = await _ok(await intake.get("/api/v1/werklijsten/escalaties", headers=ALKMAAR))
        assert [(i["soort"], i["klantId"]) for i in werklijst["items"]] == [("klant_verhuisd", klant)]
        overdracht = bij_dew["overdracht"]["overdrachtId"]
        await _ok(
            await intake.post(f"/api/v1/klanten/{klant}/overdrachten/{overdracht}/acceptatie", headers=DIJK_EN_WAARD)
        )

        # One owner throughout; Alkmaar keeps its own history and no new data.
        na = await _ok(await intake.get(f"/api/v1/klanten/{klant}", headers=DIJK_EN_WAARD))
        assert na["verantwoordelijkTeam"] == "lokaal:GM1980" and na["overdracht"] is None
        assert (await intake.get(f"/api/v1/klanten/{klant}", headers=ALKMAAR)).status_code == 404
        assert (await intake.get(f"/api/v1/aanmeldingen/{eerste['id']}", headers=ALKMAAR)).status_code == 200
        assert (await _ok(await intake.get("/api/v1/werklijsten/escalaties", headers=ALKMAAR)))["items"] == []

        # The new address was kept, nothing else was lost.
        persoon = await _ok(
            await intake.get(
                f"/api/v1/klanten/{klant}/persoonsgegevens", params={"doel": "intake"}, headers=DIJK_EN_WAARD
            )
        )
        assert (persoon["postcode"], persoon["straat"], persoon["huisnummer"]) == ("1703AB", "Middenweg", "12")
        assert persoon["bsn"] == "111222333" and persoon["naam"] == "Sanne Bakker"


async def test_a_move_out_of_the_region_is_recorded_and_stops_new_work(platform: Platform) -> None:
    _in_noord_holland_noord(platform)
    async with platform.up() as (intake, _):
        eerste = await _ok(
            await intake.post(
                "/api/v1/aanmeldingen", json=_aanmelding("123456782", gemeente="GM0361"), headers=ALKMAAR
            ),
            201,
        )
        klant = eerste["klantId"]
        inwoner("123456782", "Sanne Bakker", "1985-03-14", "GM0014", woont_sinds="2026-11-15")
        verhuisd = await _ok(
            await intake.post(
                f"/api/v1/klanten/{klant}/verhuizingen",
                json={"naarGemeente": "GM0014", "per": "2026-11-15"},  # Groningen: another arbeidsmarktregio
                headers=ALKMAAR,
            )
        )
        assert verhuisd["vertrokkenNaar"] == "GM0014" and verhuisd["gemeente"] == "GM0361"
        overdracht = {"naar": "regionaal", "vervolgstap": "Werkplein", "contactpersoon": "Wijkteam"}
        geweigerd = await intake.post(f"/api/v1/klanten/{klant}/overdrachten", json=overdracht, headers=ALKMAAR)
        assert geweigerd.status_code == 422 and geweigerd.json()["type"] == "urn:problem:klant-buiten-regio"
        assert "2026-11-15" in geweigerd.json()["detail"] and "GM0014" in geweigerd.json()["detail"]
