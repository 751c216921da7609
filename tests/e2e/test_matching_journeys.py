"""From a warme overdracht in intake to a plaatsing with loonkostensubsidie at an employer in another gemeente."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import httpx
import pytest

from libs.events.contracts.matching import TOPIC as MATCHING_TOPIC
from libs.events.contracts.werkgevers import TOPIC as WERKGEVERS_TOPIC
from tests.support import feit, token, wait_for

from .conftest import Platform, published
from .test_intake_journeys import GOED, KLANTMANAGER, TOEGANG_0014, _intake_tot_diagnose, _post

REGIO = ["GM0014", "GM0037"]
MATCHER = token(["matcher"], REGIO, sub="matcher-mila")
ADVISEUR = token(["werkgeversadviseur"], REGIO, sub="adviseur-wim")


async def _get(client: httpx.AsyncClient, path: str, headers: dict[str, str], **params: Any) -> Any:
    response = await client.get(path, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


# The front office's case tool carries one W3C trace for this klant's journey.
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
FRONT_OFFICE = {"traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"}


def _log_lines(output: str) -> list[dict[str, Any]]:
    lines = []
    for line in output.splitlines():
        with contextlib.suppress(ValueError):
            parsed = json.loads(line)
            if isinstance(parsed, dict):
                lines.append(parsed)
    return lines


async def test_overdracht_to_plaatsing_with_loonkostensubsidie_in_another_gemeente(
    platform: Platform, capfd: pytest.CaptureFixture[str]
) -> None:
    async with platform.up_all() as (intake, matching, werkgevers):
        # Intake: a KCC aanmelding in Groningen, routed to ontwikkeling, handed over to the regional team.
        diagnosed = await _intake_tot_diagnose(intake, "111222333", GOED, kan_direct_werken=False)
        klant = diagnosed["klantId"]
        aangeboden = await intake.post(
            f"/api/v1/klanten/{klant}/overdrachten",
            json={"naar": "regionaal", "vervolgstap": "Matchgesprek Werkplein", "contactpersoon": "KCC, 14 050"},
            headers={**TOEGANG_0014, **FRONT_OFFICE},
        )
        assert aangeboden.status_code == 201, aangeboden.text
        # Intake continues the caller's trace in a span of its own, and says so.
        _, trace_id, span_id, _ = aangeboden.headers["traceparent"].split("-")
        assert trace_id == TRACE_ID and span_id != "00f067aa0ba902b7"
        offer = aangeboden.json()
        await _post(
            intake,
            f"/api/v1/klanten/{klant}/overdrachten/{offer['overdrachtId']}/acceptatie",
            None,
            {**KLANTMANAGER, **FRONT_OFFICE},
        )

        # Werkgevers: an employer in Stadskanaal (GM0037) with one vacature and a social return commitment.
        werkgever = await _post(
            werkgevers,
            "/api/v1/werkgevers",
            {
                "kvkNummer": "87654321",
                "naam": "Kanaalstreek Metaal B.V.",
                "vestigingen": [{"naam": "Werkplaats", "postcode": "9501 AB", "gemeente": "GM0037"}],
                "contactpersonen": [{"naam": "J. Mulder", "functie": "Bedrijfsleider"}],
            },
            ADVISEUR,
        )
        werkgever_id = werkgever["werkgeverId"]
        await _post(
            werkgevers,
            f"/api/v1/werkgevers/{werkgever_id}/social-return",
            {"van": "2026-01-01", "tot": "2028-01-01", "plaatsingen": 2, "uren": 0},
            ADVISEUR,
        )
        vacature = await _post(
            werkgevers,
            f"/api/v1/werkgevers/{werkgever_id}/vacatures",
            {
                "titel": "Productiemedewerker metaal",
                "isco08": "7223",
                "vereisteVaardigheden": ["metaal zagen", "veiligheidsvoorschriften volgen"],
                "gewensteVaardigheden": [],
                "urenPerWeek": 32,
                "postcode": "9501AB",
                "gemeente": "GM0037",
                "startdatum": "2027-01-04",
                "contractvorm": "bepaalde_tijd",
                "banenafspraak": False,
                "aanpassingen": ["vaste werkplek met begeleiding"],
                "aantalPlaatsen": 1,
            },
            ADVISEUR,
        )
        vacature_id = vacature["vacatureId"]

        # Matching: the klant is in the regional pool with the klantmanager who accepted the overdracht.
        async def in_pool() -> Any:
            response = await matching.get(f"/api/v1/kandidaten/{klant}", headers=MATCHER)
            return response.json() if response.status_code == 200 and response.json()["inPool"] else None

        kandidaat = await wait_for(in_pool, timeout=30, what="kandidaat in the regional pool")
        assert kandidaat["klantmanager"] == "klantmanager-regio" and kandidaat["gemeente"] == "GM0014"
        profiel = {
            "vaardigheden": ["Metaal zagen", "veiligheidsvoorschriften volgen"],
            "gewensteBeroepen": ["7223"],
            "urenMin": 24,
            "urenMax": 32,
            "maxReisafstandKm": 60,
            "postcodegebied": "9712",
            "beschikbaarVanaf": "2026-12-01",
            "loonwaardeIndicatie": 60,
        }
        response = await matching.put(f"/api/v1/kandidaten/{klant}/profiel", json=profiel, headers=MATCHER)
        assert response.status_code == 200, response.text

        async def matched() -> Any:
            response = await matching.get(f"/api/v1/matches/vacatures/{vacature_id}", headers=MATCHER)
            return response.json()["items"] if response.status_code == 200 else None

        items = await wait_for(matched, timeout=30, what="vacature in matching")
        assert items[0]["klantId"] == klant and items[0]["gemeente"] == "GM0014"
        assert items[0]["uitleg"]["ontbrekendeVaardigheden"] == [] and items[0]["uitleg"]["afstandKm"] > 30

        voorstel = await _post(matching, "/api/v1/voorstellen", {"vacatureId": vacature_id, "klantId": klant}, MATCHER)
        pad = f"/api/v1/voorstellen/{voorstel['voorstelId']}"
        response = await matching.post(f"{pad}/antwoord", json={"geaccepteerd": True}, headers=ADVISEUR)
        assert response.status_code == 200, response.text
        response = await matching.post(
            f"{pad}/plaatsing",
            json={
                "startdatum": "2027-01-04",
                "einddatum": "2027-12-31",
                "contractvorm": "bepaalde_tijd",
                "urenPerWeek": 32,
                "instrumenten": {
                    "loonkostensubsidie": True,
                    "loonwaardeProcent": 60,
                    "leeftijd": 41,
                    "jobcoachUren": 36,
                },
            },
            headers={**MATCHER, **FRONT_OFFICE},
        )
        assert response.status_code == 200, response.text
        geplaatst = response.json()
        assert (geplaatst["gemeenteKandidaat"], geplaatst["gemeenteWerkplek"]) == ("GM0014", "GM0037")
        lks = next(i for i in geplaatst["instrumenten"] if i["type"] == "LoonkostensubsidieToegekend")
        assert lks["subsidiepercentage"] == "0.4" and lks["urenPerWeek"] == "32"

        # Werkgevers follows matching: the vacature is gevuld and the plaatsing counts for social return.
        async def gevuld() -> bool:
            body = await _get(werkgevers, f"/api/v1/vacatures/{vacature_id}", ADVISEUR)
            return bool(body["status"] == "gevuld")

        await wait_for(gevuld, timeout=30, what="vacature gevuld in werkgevers")
        afspraak = (await _get(werkgevers, f"/api/v1/werkgevers/{werkgever_id}", ADVISEUR))["socialReturn"][0]
        assert afspraak["gerealiseerdPlaatsingen"] == 1

        # ... and matching hears that back: the vacature leaves the kandidaat's list.
        async def closed() -> bool:
            response = await matching.get(f"/api/v1/matches/vacatures/{vacature_id}", headers=MATCHER)
            return response.status_code == 200 and response.json()["items"] == []

        await wait_for(closed, timeout=30, what="no more kandidaten for a filled vacature")
        types = [feit(e) for e in await published(platform.broker.bootstrap_servers, MATCHING_TOPIC)]
        assert types.count("PlaatsingGerealiseerd") == 1 and "LoonkostensubsidieToegekend" in types
        assert "JobcoachingToegekend" in types and "NazorgGepland" in types

        # One trace followed the klant: into matching's pool (intake's overdracht events) and, through
        # matching's plaatsing, into werkgevers' projection, its policy and the event that policy recorded,
        # which matching applies in turn. (`projection` on these lines is the consuming service's projection set.)
        applied: set[tuple[Any, Any]] = set()

        async def traced_back() -> bool:
            lines = [line for line in _log_lines(capfd.readouterr().out) if line.get("trace_id") == TRACE_ID]
            applied.update(
                (line.get("projection"), line.get("type")) for line in lines if line["event"] == "event.applied"
            )
            return ("matching", "VacatureStatusGewijzigd") in applied

        await wait_for(traced_back, timeout=30, what="matching to apply werkgevers' event in the same trace")
        assert {("matching", "OverdrachtGeaccepteerd"), ("werkgevers", "PlaatsingGerealiseerd")} <= applied, applied
        werkgevers_events = await published(platform.broker.bootstrap_servers, WERKGEVERS_TOPIC)
        gevuld = next(e for e in werkgevers_events if e["data"].get("naar_status") == "gevuld")
        assert gevuld["traceparent"].split("-")[1] == TRACE_ID

        # Uitval: the position is free again at the employer, the vacature open, social return stops counting.
        vol = await _get(werkgevers, f"/api/v1/vacatures/{vacature_id}", ADVISEUR)
        assert (vol["status"], vol["bezet"], vol["vrij"]) == ("gevuld", 1, 0)
        uitval = {"reden": "werk_paste_niet", "toelichting": "Te zwaar werk", "laatsteWerkdag": "2027-02-26"}
        response = await matching.post(f"{pad}/beeindiging", json=uitval, headers=MATCHER)
        assert response.status_code == 200, response.text

        async def weer_open() -> Any:
            body = await _get(werkgevers, f"/api/v1/vacatures/{vacature_id}", ADVISEUR)
            return body if body["status"] == "open" else None

        open_ = await wait_for(weer_open, timeout=30, what="the vacature open again in werkgevers")
        assert (open_["bezet"], open_["vrij"]) == (0, 1)
        kandidaat = (await matching.get(f"/api/v1/kandidaten/{klant}", headers=MATCHER)).json()
        assert kandidaat["inPool"] is True and kandidaat["plaatsing"] is None
