"""The BRP decides who lives where: no klant taken over by typing a BSN, and a move the BRP reports.

Intake runs against the fake BRP of the session (RvIG's test persons, plus residents the tests add). A
gemeente that types another gemeente's BSN learns nothing and takes nothing; a move found in the BRP is a warme
overdracht, and the new gemeente sees the old gemeente's contact data and history only once it accepted.
"""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support import inwoner, token, wait_for

from .conftest import Platform
from .test_intake_journeys import _aanmelding

TOEGANG_0014 = token(["toegang"], ["GM0014"], sub="kcc-0014")
TOEGANG_0037 = token(["toegang"], ["GM0037"], sub="kcc-0037")
KLANTMANAGER = token(["klantmanager"], ["GM0014"], sub="klantmanager")
MOULIN = "999993653"  # RvIG's own example person: Suzanne Moulin, Boterdiep 31, Rotterdam


async def _json(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def test_typing_another_gemeentes_bsn_takes_nothing_and_tells_nothing(platform: Platform) -> None:
    async with platform.up() as (intake, _):
        eigen = await _json(
            await intake.post("/api/v1/aanmeldingen", json=_aanmelding("111222333"), headers=TOEGANG_0014), 201
        )
        # Stadskanaal types Groningen's klant's BSN with a made-up name and birth date: refused, naming the fields.
        vals = _aanmelding("111222333", gemeente="GM0037", geboren="1979-01-01", brp=False)
        vals["persoon"] = {**vals["persoon"], "naam": "Karel Verzonnen"}
        geweigerd = await intake.post("/api/v1/aanmeldingen", json=vals, headers=TOEGANG_0037)
        body = await _json(geweigerd, 422)
        assert body["type"] == "urn:problem:wijkt-af-van-brp"
        assert {p["name"] for p in body["invalidParams"]} == {"persoon.naam", "persoon.geboortedatum"}
        assert (
            "Bakker" not in geweigerd.text and "1985" not in geweigerd.text and eigen["klantId"] not in geweigerd.text
        )

        # Someone the BRP knows but the region does not gets exactly the same answer: nothing tells them apart.
        inwoner("999990056", "Sanne Bakker", "1985-03-14", "GM0014", "9712CP")
        onbekend = {**vals, "persoon": {**vals["persoon"], "bsn": "999990056"}}
        body_onbekend = await _json(await intake.post("/api/v1/aanmeldingen", json=onbekend, headers=TOEGANG_0037), 422)
        assert {k: v for k, v in body_onbekend.items() if k != "correlationId"} == {
            k: v for k, v in body.items() if k != "correlationId"
        }

        # With the right name and birth date, but the BRP still has her in Groningen: no move, nothing recorded.
        juist = _aanmelding("111222333", gemeente="GM0037", brp=False)
        niet_verhuisd = await _json(await intake.post("/api/v1/aanmeldingen", json=juist, headers=TOEGANG_0037), 422)
        assert niet_verhuisd["type"] == "urn:problem:woont-niet-in-gemeente"
        klant = f"/api/v1/klanten/{eigen['klantId']}"
        assert (await intake.get(klant, headers=TOEGANG_0037)).status_code == 404
        assert (await _json(await intake.get(klant, headers=TOEGANG_0014)))["gemeente"] == "GM0014"
        persoon = f"{klant}/persoonsgegevens"
        assert (await intake.get(persoon, params={"doel": "intake"}, headers=TOEGANG_0037)).status_code == 404

    # Every BRP request about the klant is in the Logboek Dataverwerkingen, the refused ones too (status 0).
    engine = create_async_engine(platform.intake_settings.database_url)
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT a.actor, v.status_code FROM ldv_verwerkingen v JOIN ldv_audit a USING (audit_id) "
                "WHERE v.data_subject_id = :k AND v.processing_activity_id = 'intake-brp-raadplegen' "
                "ORDER BY v.start_time"
            ),
            {"k": eigen["klantId"]},
        )
        log = [(r[0], r[1]) for r in rows]
    await engine.dispose()
    assert log == [("kcc-0014", 1), ("kcc-0037", 0), ("kcc-0037", 0)]


async def test_a_move_in_the_brp_ends_in_an_accepted_overdracht_with_nothing_lost_and_nothing_shown_early(
    platform: Platform, brp: str
) -> None:
    async with platform.up() as (intake, _), httpx.AsyncClient(base_url=brp) as register:
        # Suzanne Moulin (RvIG's test person) moves from Rotterdam to Groningen, and registers there.
        naar_groningen = {
            "gemeente": "0014",
            "straat": "Vismarkt",
            "huisnummer": 9,
            "postcode": "9711KR",
            "woonplaats": "Groningen",
        }
        await _json(await register.post(f"/testpersonen/{MOULIN}/verhuizing", json=naar_groningen))
        aanmelding = {
            "gemeente": "GM0014",
            "kanaal": "kcc",
            "hulpvraag": "werk",
            "persoon": {
                "bsn": MOULIN,
                "naam": "S. Moulin",
                "geboortedatum": "1985-12-01",
                "postcode": "9711 KR",
                "telefoon": "06 9876 5432",
                "email": "suzanne@example.nl",
            },
        }
        eerste = await _json(await intake.post("/api/v1/aanmeldingen", json=aanmelding, headers=TOEGANG_0014), 201)
        klant = f"/api/v1/klanten/{eerste['klantId']}"
        bij_groningen = await _json(
            await intake.get(f"{klant}/persoonsgegevens", params={"doel": "intake"}, headers=TOEGANG_0014)
        )
        # Name and address as the BRP has them; the phone as the front office took it.
        assert (bij_groningen["naam"], bij_groningen["straat"], bij_groningen["huisnummer"]) == (
            "Suzanne Moulin",
            "Vismarkt",
            "9",
        )
        assert bij_groningen["telefoon"] == "06 9876 5432"
        # Groningen's history: an overdracht to the regional team, refused.
        overdracht = {"naar": "regionaal", "vervolgstap": "Werkfit-traject", "contactpersoon": "Wijkteam Oost"}
        aangeboden = await _json(await intake.post(f"{klant}/overdrachten", json=overdracht, headers=TOEGANG_0014), 201)
        weigering = {"reden": "Eerst schuldhulp lokaal afronden"}
        await _json(
            await intake.post(
                f"{klant}/overdrachten/{aangeboden['overdrachtId']}/weigering", json=weigering, headers=KLANTMANAGER
            )
        )
        assert platform.intake_app is not None
        volger = platform.intake_app.state.runtime.timers["brp"]
        await volger.ronde()  # intake follows her in the BRP from now on

        # She moves on to Stadskanaal; the BRP knows, and intake finds it in the BRP's wijzigingen.
        naar_stadskanaal = {
            "gemeente": "0037",
            "straat": "Hoofdstraat",
            "huisnummer": 40,
            "postcode": "9501CS",
            "woonplaats": "Stadskanaal",
        }
        await _json(await register.post(f"/testpersonen/{MOULIN}/verhuizing", json=naar_stadskanaal))

        async def verhuisd() -> dict[str, Any] | None:
            await volger.ronde()
            response = await intake.get(klant, headers=TOEGANG_0037)
            return response.json() if response.status_code == 200 else None

        bij_stadskanaal = await wait_for(verhuisd, timeout=30, what="intake to follow the move in the BRP")
        assert bij_stadskanaal["gemeente"] == "GM0037" and bij_stadskanaal["verantwoordelijkTeam"] == "lokaal:GM0014"
        assert bij_stadskanaal["overdracht"]["naarTeam"] == "lokaal:GM0037"

        # Before accepting, Stadskanaal sees what the BRP says, not Groningen's contact data or history.
        vroeg = await _json(
            await intake.get(f"{klant}/persoonsgegevens", params={"doel": "overdracht"}, headers=TOEGANG_0037)
        )
        assert (vroeg["naam"], vroeg["straat"], vroeg["postcode"]) == ("Suzanne Moulin", "Hoofdstraat", "9501CS")
        assert vroeg["telefoon"] is None and vroeg["email"] is None
        vroege_overdrachten = await _json(await intake.get(f"{klant}/overdrachten", headers=TOEGANG_0037))
        assert [o["naarTeam"] for o in vroege_overdrachten] == ["lokaal:GM0037"]
        vroege_verwerkingen = await _json(await intake.get(f"{klant}/verwerkingen", headers=TOEGANG_0037))
        assert "intake-aanmelding-registreren" not in {v["verwerkingsactiviteit"] for v in vroege_verwerkingen["items"]}
        # Groningen, still responsible, keeps everything in sight.
        bij_oud = await _json(
            await intake.get(f"{klant}/persoonsgegevens", params={"doel": "overdracht"}, headers=TOEGANG_0014)
        )
        assert bij_oud["email"] == "suzanne@example.nl"

        # Stadskanaal accepts: from now on it has the whole history, and nothing was lost on the way.
        open_id = bij_stadskanaal["overdracht"]["overdrachtId"]
        await _json(await intake.post(f"{klant}/overdrachten/{open_id}/acceptatie", headers=TOEGANG_0037))
        na = await _json(
            await intake.get(f"{klant}/persoonsgegevens", params={"doel": "overdracht"}, headers=TOEGANG_0037)
        )
        assert (na["telefoon"], na["email"], na["straat"]) == ("06 9876 5432", "suzanne@example.nl", "Hoofdstraat")
        alle = await _json(await intake.get(f"{klant}/overdrachten", headers=TOEGANG_0037))
        assert [(o["naarTeam"], o["uitkomst"]) for o in alle] == [
            ("regionaal", "geweigerd"),
            ("lokaal:GM0037", "geaccepteerd"),
        ]
        verwerkingen = await _json(await intake.get(f"{klant}/verwerkingen", headers=TOEGANG_0037))
        assert "intake-aanmelding-registreren" in {v["verwerkingsactiviteit"] for v in verwerkingen["items"]}
        assert "intake-brp-volgen" in {v["verwerkingsactiviteit"] for v in verwerkingen["items"]}
        assert (await intake.get(f"/api/v1/aanmeldingen/{eerste['id']}", headers=TOEGANG_0014)).status_code == 200
        assert (await intake.get(klant, headers=TOEGANG_0014)).status_code == 404  # Groningen has no part now
