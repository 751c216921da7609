"""Matching over HTTP: profiles, explained matches, voorstel -> answer -> plaatsing with instruments, nazorg."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from services.matching.app import build_app
from services.matching.parameters import wml_op
from services.matching.settings import Settings
from tests.support import running, token, wait_for

from .conftest import Publish, PublishVacature

MATCHER = token(["matcher"], ["GM0014", "GM0037", "GM0047"], sub="matcher-mila")
WERKGEVERSADVISEUR = token(["werkgeversadviseur"], ["GM0014", "GM0037", "GM0047"], sub="adviseur-wim")

PROFIEL: dict[str, Any] = {
    "vaardigheden": ["Heftruck rijden", "orderpicken", "Engels"],
    "gewensteBeroepen": ["8344"],
    "urenMin": 24,
    "urenMax": 36,
    "maxReisafstandKm": 30,
    "postcodegebied": "9711",
    "beschikbaarVanaf": "2026-11-01",
}


async def _kandidaat(matching: httpx.AsyncClient, publish: Publish, gemeente: str, **profiel: Any) -> str:
    """A kandidaat in the pool with a profile."""
    klant = str(await publish(gemeente, "werk"))

    async def in_pool() -> bool:
        response = await matching.get(f"/api/v1/kandidaten/{klant}", headers=MATCHER)
        return response.status_code == 200 and response.json()["inPool"]

    await wait_for(in_pool, what="kandidaat in the pool")
    response = await matching.put(f"/api/v1/kandidaten/{klant}/profiel", json={**PROFIEL, **profiel}, headers=MATCHER)
    assert response.status_code == 200, response.text
    return klant


async def _matches(matching: httpx.AsyncClient, vacature: UUID, limit: int = 10) -> list[dict[str, Any]]:
    async def known() -> httpx.Response | None:
        response = await matching.get(f"/api/v1/matches/vacatures/{vacature}", params={"limit": limit}, headers=MATCHER)
        return response if response.status_code == 200 else None

    response = await wait_for(known, what="vacature in matching")
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def _post(client: httpx.AsyncClient, path: str, body: Any, headers: dict[str, str], status: int = 200) -> Any:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == status, response.text
    return response.json()


async def _nieuw_geaccepteerd(client: httpx.AsyncClient, publish: Publish, publish_vacature: PublishVacature) -> str:
    """A new kandidaat with a profile and a new vacature, with a voorstel the employer accepted; its path."""
    klant = await _kandidaat(client, publish, "GM0014")
    vacature = await publish_vacature()
    await _matches(client, vacature)
    return await _geaccepteerd(client, klant, vacature)


async def test_matches_for_a_vacature_come_from_every_gemeente_and_explain_themselves(
    matching: httpx.AsyncClient, publish: Publish, publish_vacature: PublishVacature
) -> None:
    # Vacature in Groningen (GM0014, PC4 9711); the best kandidaat lives in another gemeente (GM0037).
    volledig = await _kandidaat(matching, publish, "GM0037", postcodegebied="9301")
    half = await _kandidaat(matching, publish, "GM0014", vaardigheden=["orderpicken"])
    ver_weg = await _kandidaat(
        matching, publish, "GM0014", vaardigheden=["heftruck rijden"], postcodegebied="1011", maxReisafstandKm=10
    )
    await publish("GM0014", "werk")  # in the pool without a profile: not matched
    vacature = await publish_vacature(vereist=["heftruck rijden", "orderpicken"], gewenst=["engels"])

    items = await _matches(matching, vacature)
    assert [i["klantId"] for i in items] == [volledig, half, ver_weg]
    best = items[0]["uitleg"]
    assert best["onderdelen"]["vaardigheden"] == 100 and best["ontbrekendeVaardigheden"] == []
    assert best["onderdelen"]["beroep"] == 100 and best["onderdelen"]["uren"] == 100
    assert isinstance(best["afstandKm"], float) and 0 < best["afstandKm"] < 30
    assert 50 < best["onderdelen"]["afstand"] < 100
    assert items[1]["uitleg"]["ontbrekendeVaardigheden"] == ["heftruck rijden"]
    assert items[1]["uitleg"]["onderdelen"]["vaardigheden"] == 40  # 1 of 2 required, 0 of 1 wished (half weight)
    far = items[2]["uitleg"]
    assert far["onderdelen"]["afstand"] == 0 and far["afstandKm"] > 100
    assert items[0]["uitleg"]["score"] > items[1]["uitleg"]["score"] > items[2]["uitleg"]["score"]

    # The other way round: the best vacatures for a kandidaat.
    elders = await publish_vacature(gemeente="GM0047", postcode="9301AA", vereist=["lassen"], isco08="7212")
    for_kandidaat = await wait_for(
        lambda: _vacatures_for(matching, volledig, 2), what="both vacatures for the kandidaat"
    )
    assert [v["vacatureId"] for v in for_kandidaat] == [str(vacature), str(elders)]
    assert for_kandidaat[1]["uitleg"]["ontbrekendeVaardigheden"] == ["lassen"]


async def _vacatures_for(matching: httpx.AsyncClient, klant: str, n: int) -> list[dict[str, Any]] | None:
    response = await matching.get(f"/api/v1/kandidaten/{klant}/vacatures", headers=MATCHER)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items if len(items) >= n else None


async def test_matchers_see_no_income_or_health_data_and_every_profile_view_is_logged(
    matching: httpx.AsyncClient, matching_settings: Settings, publish: Publish, publish_vacature: PublishVacature
) -> None:
    klant = await _kandidaat(matching, publish, "GM0014")
    # Nothing outside the profile can be stored: unknown fields are refused, and nothing is written.
    for extra in ({"inkomen": 1200}, {"gezondheid": "rugklachten"}, {"uitkeringNodig": True}):
        refused = await matching.put(f"/api/v1/kandidaten/{klant}/profiel", json={**PROFIEL, **extra}, headers=MATCHER)
        assert refused.status_code == 400 and refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["invalidParams"][0]["pointer"] == f"#/{next(iter(extra))}"

    detail = await matching.get(f"/api/v1/kandidaten/{klant}", headers={**MATCHER, "X-Correlation-ID": "trace-m1"})
    assert detail.status_code == 200
    body = detail.json()
    assert set(body) == {
        "klantId", "gemeente", "inPool", "status", "plaatsing", "klantmanager", "profiel", "afwijzingen"
    }  # fmt: skip
    assert set(body["profiel"]) == {
        "vaardigheden", "gewensteBeroepen", "urenMin", "urenMax", "maxReisafstandKm", "postcodegebied",
        "locatie", "beschikbaarVanaf", "loonwaardeIndicatie", "doelgroepBanenafspraak", "vastgelegdOp",
    }  # fmt: skip
    pool_item = (await matching.get("/api/v1/kandidaten", headers=MATCHER)).json()["items"][0]
    assert not {"hulpvraag", "uitkeringNodig", "bsn", "naam", "inkomen", "gezondheid"} & set(pool_item)
    # The toegang role (front office) has no business in matching.
    assert (
        await matching.get(f"/api/v1/kandidaten/{klant}", headers=token(["toegang"], ["GM0014"], sub="kcc-kim"))
    ).status_code == 403

    vacature = await publish_vacature()
    await _matches(matching, vacature)
    engine = create_async_engine(matching_settings.database_url)
    try:
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT a.actor, a.rollen, v.processing_activity_id, a.correlation_id, v.status_code "
                        "FROM ldv_verwerkingen v JOIN ldv_audit a USING (audit_id) "
                        "WHERE v.data_subject_id = :k AND v.data_subject_id_type = 'klant_id' ORDER BY v.start_time"
                    ),
                    {"k": str(klant)},
                )
            ).all()
            columns = {r[0] for r in await conn.execute(text(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
            ))}  # fmt: skip
    finally:
        await engine.dispose()
    # Logboek Dataverwerkingen: the view (OK), the refused view (UNSET, with who tried in the audit record),
    # and the match list that showed the profile.
    assert ("matcher-mila", ["matcher"], "matching-profiel-raadplegen", "trace-m1", 1) in rows
    assert ("kcc-kim", ["toegang"], "matching-profiel-raadplegen") in [(r[0], r[1], r[2]) for r in rows if r[4] == 0]
    assert rows[-1][2] == "matching-matches-raadplegen"
    assert not {"uitkeringNodig", "hulpvraag", "inkomen", "gezondheid", "bsn", "geboortedatum", "scores"} & columns


async def test_rejection_feeds_back_and_a_second_proposal_becomes_a_plaatsing_with_loonkostensubsidie(
    matching: httpx.AsyncClient, publish: Publish, publish_vacature: PublishVacature
) -> None:
    eerste = await _kandidaat(matching, publish, "GM0014")
    tweede = await _kandidaat(matching, publish, "GM0037", vaardigheden=["heftruck rijden"], loonwaardeIndicatie=50)
    vacature = await publish_vacature(gemeente="GM0047", postcode="9301AA", plaatsen=1, start=date(2026, 12, 1))
    assert [i["klantId"] for i in await _matches(matching, vacature)] == [eerste, tweede]

    voorstel = await _post(
        matching, "/api/v1/voorstellen", {"vacatureId": str(vacature), "klantId": eerste}, MATCHER, 201
    )
    assert voorstel["status"] == "voorgesteld" and voorstel["weging"]["versie"] == "weging-2026.1"
    assert voorstel["uitleg"]["onderdelen"]["vaardigheden"] == 100
    assert sum(voorstel["weging"]["gewichten"].values()) == 100
    again = await matching.post(
        "/api/v1/voorstellen", json={"vacatureId": str(vacature), "klantId": eerste}, headers=MATCHER
    )
    assert again.status_code == 409

    path = f"/api/v1/voorstellen/{voorstel['voorstelId']}"
    await _post(matching, f"{path}/antwoord", {"geaccepteerd": False, "reden": "taalniveau"}, WERKGEVERSADVISEUR, 422)
    await _post(matching, f"{path}/antwoord", {"geaccepteerd": False, "reden": "geen"}, WERKGEVERSADVISEUR, 400)
    afgewezen = await _post(
        matching,
        f"{path}/antwoord",
        {"geaccepteerd": False, "reden": "taalniveau", "toelichting": "Veiligheidsinstructies zijn in het Nederlands"},
        WERKGEVERSADVISEUR,
    )
    assert afgewezen["status"] == "afgewezen"
    await _post(matching, f"{path}/antwoord", {"geaccepteerd": True}, WERKGEVERSADVISEUR, 409)
    record = (await matching.get(f"/api/v1/kandidaten/{eerste}", headers=MATCHER)).json()
    assert [(a["reden"], a["vacatureId"]) for a in record["afwijzingen"]] == [("taalniveau", str(vacature))]
    assert [i["klantId"] for i in await _matches(matching, vacature)] == [tweede]

    tweede_voorstel = await _post(
        matching, "/api/v1/voorstellen", {"vacatureId": str(vacature), "klantId": tweede}, MATCHER, 201
    )
    path = f"/api/v1/voorstellen/{tweede_voorstel['voorstelId']}"
    plaatsing: dict[str, Any] = {
        "startdatum": "2026-06-01",
        "contractvorm": "bepaalde_tijd",
        "einddatum": "2027-05-31",
        "urenPerWeek": 36,
        "instrumenten": {
            "loonkostensubsidie": True,
            "loonwaardeProcent": 50,
            "leeftijd": 30,
            "noRiskPolis": True,
            "jobcoachUren": 36,
        },
    }
    await _post(matching, f"{path}/plaatsing", plaatsing, MATCHER, 409)  # not accepted yet
    await _post(matching, f"{path}/antwoord", {"geaccepteerd": True}, WERKGEVERSADVISEUR)
    refused = await matching.post(
        f"{path}/plaatsing",
        json={**plaatsing, "instrumenten": {"loonkostensubsidie": True, "proefplaatsTot": "2027-02-01"}},
        headers=MATCHER,
    )
    assert refused.status_code == 422 and "proefplaats" in refused.json()["detail"]
    geplaatst = await _post(matching, f"{path}/plaatsing", plaatsing, MATCHER)
    assert geplaatst["status"] == "geplaatst" and geplaatst["gemeenteKandidaat"] == "GM0037"
    assert geplaatst["gemeenteWerkplek"] == "GM0047"
    instrumenten = {i["type"]: i for i in geplaatst["instrumenten"]}
    lks = instrumenten["LoonkostensubsidieToegekend"]
    # Worked example (tests/matching/test_instrumenten.py): 36 h at loonwaarde 50% from 1 June 2026, on the
    # monthly WML of 1-1-2026 (re-set per 1 January only), ending with the contract.
    assert lks["bedragPerMaand"] == "1530.14" and lks["parameters"] == "WML 1-1-2026" and lks["voorlopig"] is False
    assert lks["subsidiepercentage"] == "0.5" and lks["forfaitair"] is False and lks["einddatum"] == "2027-05-31"
    assert "Ziektewet art. 29b lid 2 onder e" in instrumenten["NoRiskPolisToegekend"]["grondslag"]
    assert instrumenten["JobcoachingToegekend"]["urenEersteJaar"] == 36
    assert [n["moment"] for n in geplaatst["nazorg"]] == ["2026-06-08", "2026-07-01", "2026-09-01", "2026-12-01"]
    await _post(matching, f"{path}/plaatsing", plaatsing, MATCHER, 409)  # only once

    # The only position is taken: no further kandidaten or voorstellen for this vacature.
    derde = await _kandidaat(matching, publish, "GM0014")
    full = await matching.post(
        "/api/v1/voorstellen", json={"vacatureId": str(vacature), "klantId": derde}, headers=MATCHER
    )
    assert full.status_code == 409

    nazorg = await _post(
        matching, f"{path}/nazorg", {"moment": "2026-06-08", "bevinding": "goed", "verslag": "Goed gestart"}, MATCHER
    )
    assert nazorg["nazorg"][0] == {"moment": "2026-06-08", "bevinding": "goed"}
    await _post(matching, f"{path}/nazorg", {"moment": "2026-06-09", "bevinding": "goed", "verslag": "x"}, MATCHER, 422)
    due = (await matching.get("/api/v1/nazorgmomenten", params={"tot": "2026-07-31"}, headers=MATCHER)).json()
    assert [(i["moment"], i["klantId"]) for i in due["items"]] == [("2026-07-01", tweede)]


async def test_voorstel_is_idempotent_with_a_key(
    matching: httpx.AsyncClient, publish: Publish, publish_vacature: PublishVacature
) -> None:
    klant = await _kandidaat(matching, publish, "GM0014")
    vacature = await publish_vacature()
    await _matches(matching, vacature)
    body = {"vacatureId": str(vacature), "klantId": klant}
    headers = {**MATCHER, "Idempotency-Key": "voorstel-1"}
    first = await matching.post("/api/v1/voorstellen", json=body, headers=headers)
    second = await matching.post("/api/v1/voorstellen", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() and second.headers["Idempotency-Replayed"] == "true"


async def test_profiles_only_for_the_regional_pool(matching: httpx.AsyncClient, publish: Publish) -> None:
    lokaal = str(await publish("GM0014", "werk", team="lokaal:GM0014"))

    async def known() -> bool:
        return (await matching.get(f"/api/v1/kandidaten/{lokaal}", headers=MATCHER)).status_code == 200

    await wait_for(known, what="klant known to matching")
    response = await matching.put(f"/api/v1/kandidaten/{lokaal}/profiel", json=PROFIEL, headers=MATCHER)
    assert response.status_code == 409
    unknown = await matching.put(f"/api/v1/kandidaten/{UUID(int=5)}/profiel", json=PROFIEL, headers=MATCHER)
    assert unknown.status_code == 404
    regionaal = await _kandidaat(matching, publish, "GM0014")
    inverted = await matching.put(
        f"/api/v1/kandidaten/{regionaal}/profiel", json={**PROFIEL, "urenMin": 40, "urenMax": 20}, headers=MATCHER
    )
    assert inverted.status_code == 422


async def _geaccepteerd(matching: httpx.AsyncClient, klant: str, vacature: UUID) -> str:
    body = {"vacatureId": str(vacature), "klantId": klant}
    voorstel = await _post(matching, "/api/v1/voorstellen", body, MATCHER, 201)
    path = f"/api/v1/voorstellen/{voorstel['voorstelId']}"
    await _post(matching, f"{path}/antwoord", {"geaccepteerd": True}, WERKGEVERSADVISEUR)
    return path


async def test_two_racing_plaatsingen_of_one_kandidaat_give_one_plaatsing(
    matching: httpx.AsyncClient, publish: Publish, publish_vacature: PublishVacature
) -> None:
    klant = await _kandidaat(matching, publish, "GM0014")
    vacatures = [await publish_vacature(plaatsen=1), await publish_vacature(plaatsen=1)]
    for vacature in vacatures:
        await _matches(matching, vacature)
    paths = [await _geaccepteerd(matching, klant, vacature) for vacature in vacatures]
    plaatsing = {"startdatum": "2026-12-01", "contractvorm": "bepaalde_tijd", "urenPerWeek": 32}
    answers = await asyncio.gather(
        *(matching.post(f"{path}/plaatsing", json=plaatsing, headers=MATCHER) for path in paths)
    )
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    refused = next(a for a in answers if a.status_code == 409)
    assert refused.json()["type"] == "urn:problem:al-geplaatst"


async def test_loonkostensubsidie_before_the_first_known_wml_is_refused_by_name(
    matching: httpx.AsyncClient, publish: Publish, publish_vacature: PublishVacature
) -> None:
    klant = await _kandidaat(matching, publish, "GM0014")
    vacature = await publish_vacature(start=date(2023, 6, 1))
    await _matches(matching, vacature)
    path = await _geaccepteerd(matching, klant, vacature)
    plaatsing = {
        "startdatum": "2023-06-01",
        "contractvorm": "bepaalde_tijd",
        "urenPerWeek": 32,
        "instrumenten": {"loonkostensubsidie": True, "loonwaardeProcent": 50, "leeftijd": 30},
    }
    refused = await matching.post(f"{path}/plaatsing", json=plaatsing, headers=MATCHER)
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "urn:problem:geen-parameters" and "2023-06-01" in refused.json()["detail"]


async def test_plaatsing_uitval_back_in_the_pool_and_a_second_plaatsing(
    matching: httpx.AsyncClient, publish: Publish, publish_vacature: PublishVacature
) -> None:
    klant = await _kandidaat(matching, publish, "GM0014")
    eerste_vacature, tweede_vacature = await publish_vacature(), await publish_vacature()
    await _matches(matching, eerste_vacature)
    await _matches(matching, tweede_vacature)

    async def plaats(vacature: UUID, start: str) -> dict[str, Any]:
        voorstel = await _post(
            matching, "/api/v1/voorstellen", {"vacatureId": str(vacature), "klantId": klant}, MATCHER, 201
        )
        pad = f"/api/v1/voorstellen/{voorstel['voorstelId']}"
        await _post(matching, f"{pad}/antwoord", {"geaccepteerd": True}, WERKGEVERSADVISEUR)
        body = {"startdatum": start, "contractvorm": "bepaalde_tijd", "einddatum": "2026-08-31", "urenPerWeek": 32}
        geplaatst: dict[str, Any] = await _post(matching, f"{pad}/plaatsing", body, MATCHER)
        return geplaatst

    eerste = await plaats(eerste_vacature, "2026-03-02")
    # Nazorg lies within the plaatsing: the six-month check-in (2 September) falls after the contract's end.
    assert [n["moment"] for n in eerste["nazorg"]] == ["2026-03-09", "2026-04-02", "2026-06-02"]
    kandidaat = (await matching.get(f"/api/v1/kandidaten/{klant}", headers=MATCHER)).json()
    assert kandidaat["inPool"] is False and kandidaat["plaatsing"]["voorstelId"] == eerste["voorstelId"]
    assert kandidaat["status"] == "geplaatst"
    assert (await matching.get(f"/api/v1/kandidaten/{klant}/vacatures", headers=MATCHER)).status_code == 409
    pool = (await matching.get("/api/v1/kandidaten", params={"limit": 200}, headers=MATCHER)).json()["items"]
    assert klant not in [k["klantId"] for k in pool]

    # Uitval: back in the pool, open nazorg after the last day lapses, a second plaatsing is possible.
    pad = f"/api/v1/voorstellen/{eerste['voorstelId']}"
    uitval = {"reden": "ziekte", "toelichting": "Langdurig uitgevallen", "laatsteWerkdag": "2026-04-30"}
    te_vroeg = await matching.post(
        f"{pad}/beeindiging", json={**uitval, "laatsteWerkdag": "2026-02-01"}, headers=MATCHER
    )
    assert te_vroeg.status_code == 409
    beeindigd = await _post(matching, f"{pad}/beeindiging", uitval, MATCHER)
    assert beeindigd["status"] == "beeindigd"
    assert [n["moment"] for n in beeindigd["nazorg"]] == ["2026-03-09", "2026-04-02"]
    assert (await matching.post(f"{pad}/beeindiging", json=uitval, headers=MATCHER)).status_code == 409
    terug = (await matching.get(f"/api/v1/kandidaten/{klant}", headers=MATCHER)).json()
    assert terug["inPool"] is True and terug["plaatsing"] is None and terug["status"] == "in_pool"
    assert (await matching.get(f"/api/v1/kandidaten/{klant}/vacatures", headers=MATCHER)).status_code == 200

    tweede = await plaats(tweede_vacature, "2026-05-04")
    assert tweede["status"] == "geplaatst"
    opnieuw = (await matching.get(f"/api/v1/kandidaten/{klant}", headers=MATCHER)).json()
    assert opnieuw["plaatsing"]["voorstelId"] == tweede["voorstelId"]


@pytest.mark.parametrize(("leeftijd", "bedrag"), [(30, "1530.14"), (20, "1224.11")])
async def test_the_daily_check_sets_a_running_lks_again_on_1_january(
    matching_settings: Settings, publish: Publish, publish_vacature: PublishVacature, leeftijd: int, bedrag: str
) -> None:
    app = build_app(matching_settings)
    async with running(app) as client:
        pad = await _nieuw_geaccepteerd(client, publish, publish_vacature)
        plaatsing = {
            "startdatum": "2026-03-02",
            "contractvorm": "onbepaalde_tijd",
            "urenPerWeek": 36,
            "instrumenten": {
                "loonkostensubsidie": True,
                "loonwaardeProcent": 50,
                "leeftijd": leeftijd,
                "voltijdUren": 36,
            },
        }
        geplaatst = await _post(client, f"{pad}/plaatsing", plaatsing, MATCHER)
        (lks,) = [i for i in geplaatst["instrumenten"] if i["type"] == "LoonkostensubsidieToegekend"]
        assert lks["bedragPerMaand"] == bedrag  # the law's worked examples: adult, and 80% jeugdminimumloon at 20
        herijking = app.state.runtime.timers["lks-herijking"]
        assert await herijking.herzie_alle(date(2026, 8, 3)) == 0  # 1 July is not a re-set
        if leeftijd < 21:  # the age on 1-1-2027 decides: a person states it
            assert await herijking.herzie_alle(date(2027, 1, 4)) == 0
            return
        assert await herijking.herzie_alle(date(2027, 1, 4)) == 1
        assert await herijking.herzie_alle(date(2027, 1, 5)) == 0  # once
        body = (await client.get(pad, headers=MATCHER)).json()
        herzien = [i for i in body["instrumenten"] if i["type"] == "LoonkostensubsidieHerzien"]
        assert [(h["peildatum"], h["bedragPerMaand"], h["voorlopig"]) for h in herzien] == [
            ("2027-01-01", "1558.55", True)
        ]


async def test_a_proefplaats_is_extended_by_a_later_decision_to_at_most_six_months(
    matching: httpx.AsyncClient, publish: Publish, publish_vacature: PublishVacature
) -> None:
    pad = await _nieuw_geaccepteerd(matching, publish, publish_vacature)
    proef = {"proefplaatsTot": "2026-04-30", "proefplaatsToestemming": True}
    body = {"startdatum": "2026-03-01", "contractvorm": "bepaalde_tijd", "urenPerWeek": 24, "instrumenten": proef}
    await _post(matching, f"{pad}/plaatsing", body, MATCHER)
    verlenging = f"{pad}/proefplaats/verlenging"
    te_lang = {"tot": "2026-09-01", "motivatie": "x"}  # the last day within 6 months is 31 August
    assert (await matching.post(verlenging, json=te_lang, headers=MATCHER)).status_code == 422
    korter = {"tot": "2026-04-15", "motivatie": "x"}
    assert (await matching.post(verlenging, json=korter, headers=MATCHER)).status_code == 422
    verlengd = await _post(matching, verlenging, {"tot": "2026-08-31", "motivatie": "Meer begeleiding"}, MATCHER)
    assert [i["einddatum"] for i in verlengd["instrumenten"] if i["type"].startswith("Proefplaats")] == [
        "2026-04-30",
        "2026-08-31",
    ]


async def test_under_21_a_klantmanager_states_the_age_for_the_1_january_re_set(
    matching_settings: Settings, publish: Publish, publish_vacature: PublishVacature
) -> None:
    app = build_app(matching_settings)
    async with running(app) as client:
        pad = await _nieuw_geaccepteerd(client, publish, publish_vacature)
        start = date(date.today().year - 1, 6, 1)  # last year: today's 1 January is due
        plaatsing = {
            "startdatum": start.isoformat(),
            "contractvorm": "onbepaalde_tijd",
            "urenPerWeek": 36,
            "instrumenten": {"loonkostensubsidie": True, "loonwaardeProcent": 50, "leeftijd": 19, "voltijdUren": 36},
        }
        await _post(client, f"{pad}/plaatsing", plaatsing, MATCHER)
        herijking = app.state.runtime.timers["lks-herijking"]
        assert await herijking.herzie_alle() == 0 and herijking.status["vraagt_leeftijd"] == 1
        herzien = await _post(client, f"{pad}/loonkostensubsidie/herijking", {"leeftijd": 20}, MATCHER)
        (nieuw,) = [i for i in herzien["instrumenten"] if i["type"] == "LoonkostensubsidieHerzien"]
        peildatum = date(date.today().year, 1, 1)
        verwacht = (wml_op(peildatum).parameters.wml_per_maand * Decimal("0.80")).quantize(Decimal("0.01"))
        assert nieuw["peildatum"] == peildatum.isoformat() and Decimal(nieuw["wmlPerMaand"]) == verwacht
        nog_eens = await client.post(f"{pad}/loonkostensubsidie/herijking", json={"leeftijd": 20}, headers=MATCHER)
        assert nog_eens.status_code == 409  # once per peildatum


async def test_open_voorstellen_are_listed_per_vacature_and_kandidaat_with_a_coded_refusal(
    matching: httpx.AsyncClient, publish: Publish, publish_vacature: PublishVacature
) -> None:
    groninger = await _kandidaat(matching, publish, "GM0014")
    appinger = await _kandidaat(matching, publish, "GM0037")
    vacature = await publish_vacature(plaatsen=2)
    await _matches(matching, vacature)
    voorstellen = [
        await _post(matching, "/api/v1/voorstellen", {"vacatureId": str(vacature), "klantId": k}, MATCHER, 201)
        for k in (groninger, appinger)
    ]
    pad = f"/api/v1/voorstellen/{voorstellen[1]['voorstelId']}/antwoord"
    await _post(matching, pad, {"geaccepteerd": True}, WERKGEVERSADVISEUR)

    async def lijst(headers: dict[str, str], **params: str) -> list[tuple[str, str]]:
        response = await matching.get("/api/v1/voorstellen", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [(i["klantId"], i["status"]) for i in response.json()["items"]]

    assert await lijst(MATCHER, vacatureId=str(vacature)) == [(groninger, "voorgesteld"), (appinger, "geaccepteerd")]
    assert await lijst(MATCHER, vacatureId=str(vacature), status="voorgesteld") == [(groninger, "voorgesteld")]
    assert await lijst(MATCHER, klantId=appinger) == [(appinger, "geaccepteerd")]
    # A matcher's own: who proposed is kept from the event's actor.
    assert len(await lijst(MATCHER, vacatureId=str(vacature), voorgesteldDoor="matcher-mila")) == 2
    assert await lijst(MATCHER, vacatureId=str(vacature), voorgesteldDoor="matcher-ander") == []
    fout = await matching.get("/api/v1/voorstellen", params={"status": "zoek"}, headers=MATCHER)
    assert fout.status_code == 400 and fout.json()["invalidParams"][0]["code"] == "enum"
