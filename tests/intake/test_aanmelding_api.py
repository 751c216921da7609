"""Intake API: aanmelding and diagnose over HTTP, with auth scoping, idempotency and bad input."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support import inwoner, token, wait_for

TOEGANG = token(["toegang"], ["GM0014"])
KLANTMANAGER = token(["klantmanager"], ["GM0014"], sub="klantmanager")
PROBLEM = "application/problem+json"


def aanmelding(**overrides: Any) -> dict[str, Any]:
    """An aanmelding body for Jan de Vries, who lives in the body's gemeente in the fake BRP from now on."""
    body: dict[str, Any] = {
        "gemeente": "GM0014",
        "kanaal": "kcc",
        "hulpvraag": "werk",
        "kanaalReferentie": "KCC-1",
        "persoon": {
            "bsn": "111222333",
            "naam": "Jan de Vries",
            "geboortedatum": "1990-05-17",
            "postcode": "9711 ab",
        },
    }
    body.update(overrides)
    persoon = body["persoon"]
    if isinstance(persoon, dict) and persoon.get("bsn") == "111222333" and isinstance(body.get("gemeente"), str):
        inwoner("111222333", "Jan de Vries", "1990-05-17", body["gemeente"], "9711AB")
    return body


async def test_aanmelding_proposal_and_confirmed_diagnose_are_visible_in_its_state(intake: httpx.AsyncClient) -> None:
    created = await intake.post("/api/v1/aanmeldingen", json=aanmelding(), headers=TOEGANG)
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["Location"] == f"/api/v1/aanmeldingen/{body['id']}"
    assert body["status"] == "ontvangen" and body["klantBestondAl"] is False and body["versie"] == 1
    assert "persoon" not in body and "111222333" not in created.text

    base = f"/api/v1/aanmeldingen/{body['id']}"
    too_early = await intake.post(
        f"{base}/diagnose", json={"route": "werk", "uitkeringNodig": False}, headers=KLANTMANAGER
    )
    assert too_early.status_code == 409 and too_early.json()["title"] == "Nog geen diagnosevoorstel"
    proposed = await intake.post(f"{base}/diagnosevoorstel", json={"kanDirectWerken": True}, headers=TOEGANG)
    assert proposed.status_code == 200, proposed.text
    voorstel = proposed.json()["voorstel"]
    assert (voorstel["route"], voorstel["uitkeringNodig"], voorstel["urgentie"]) == ("werk", False, "normaal")
    assert voorstel["regelsetVersie"] == "primaire-diagnose-2026.1" and voorstel["redenen"][0].startswith("R2")

    refused = await intake.post(f"{base}/diagnose", json={"route": "werk", "uitkeringNodig": False}, headers=TOEGANG)
    assert refused.status_code == 403
    deviating = await intake.post(
        f"{base}/diagnose", json={"route": "ontwikkeling", "uitkeringNodig": False}, headers=KLANTMANAGER
    )
    assert deviating.status_code == 422 and deviating.json()["title"] == "Motivatie vereist"
    diagnosed = await intake.post(
        f"{base}/diagnose", json={"route": "werk", "uitkeringNodig": False}, headers=KLANTMANAGER
    )
    assert diagnosed.status_code == 200, diagnosed.text
    state = (await intake.get(base, headers=TOEGANG)).json()
    assert state["status"] == "gediagnosticeerd" and state["route"] == "werk" and state["voorstelGevolgd"] is True
    assert state["versie"] == 3

    again = await intake.post(f"{base}/diagnose", json={"route": "werk", "uitkeringNodig": False}, headers=KLANTMANAGER)
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM


async def test_second_aanmelding_for_a_known_bsn_links_to_the_same_klant(intake: httpx.AsyncClient) -> None:
    first = (await intake.post("/api/v1/aanmeldingen", json=aanmelding(), headers=TOEGANG)).json()
    again = await intake.post("/api/v1/aanmeldingen", json=aanmelding(kanaalReferentie="KCC-2"), headers=TOEGANG)
    assert again.json()["klantId"] == first["klantId"] and again.json()["klantBestondAl"] is True  # its own klant
    other_gemeente = token(["toegang"], ["GM0037"])
    second = await intake.post("/api/v1/aanmeldingen", json=aanmelding(gemeente="GM0037"), headers=other_gemeente)
    assert second.status_code == 201
    # Need-to-know: another gemeente is told what an unknown BSN gets (false); the BRP's move is recorded.
    assert first["klantBestondAl"] is False
    assert second.json()["klantId"] == first["klantId"] and second.json()["klantBestondAl"] is False


async def test_idempotency_key_retry_returns_the_first_answer_and_stores_once(
    intake: httpx.AsyncClient, count_rows: Any
) -> None:
    headers = {**TOEGANG, "Idempotency-Key": "kcc-ticket-1"}
    responses = await asyncio.gather(
        *(intake.post("/api/v1/aanmeldingen", json=aanmelding(), headers=headers) for _ in range(5))
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.headers.get("Idempotency-Replayed") == "true" for r in responses) == 4
    # One klant (registered + persoonsgegevens) and one aanmelding: three events, not fifteen (a command's own
    # events record who did it; its LDV record stays in the logboek).
    assert await count_rows("event_store") == 3
    assert await count_rows("ldv_verwerkingen") == 2  # the BRP asked once, the aanmelding registered once
    assert await count_rows("aanmeldingen_overzicht") == 1
    reused = await intake.post("/api/v1/aanmeldingen", json=aanmelding(hulpvraag="inkomen"), headers=headers)
    assert reused.status_code == 409 and reused.headers["content-type"] == PROBLEM


async def test_no_token_is_401_and_wrong_role_is_403(intake: httpx.AsyncClient) -> None:
    missing = await intake.post("/api/v1/aanmeldingen", json=aanmelding())
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == "Bearer"
    bad = await intake.post("/api/v1/aanmeldingen", json=aanmelding(), headers={"Authorization": "Bearer x.y.z"})
    assert bad.status_code == 401
    matcher = await intake.post("/api/v1/aanmeldingen", json=aanmelding(), headers=token(["matcher"], ["GM0014"]))
    assert matcher.status_code == 403 and matcher.headers["content-type"] == PROBLEM


async def test_other_gemeenten_cannot_write_or_see_the_aanmelding(intake: httpx.AsyncClient) -> None:
    elsewhere = token(["toegang"], ["GM0037"])
    refused = await intake.post("/api/v1/aanmeldingen", json=aanmelding(), headers=elsewhere)
    assert refused.status_code == 403
    created = (await intake.post("/api/v1/aanmeldingen", json=aanmelding(), headers=TOEGANG)).json()
    hidden = await intake.get(f"/api/v1/aanmeldingen/{created['id']}", headers=elsewhere)
    absent = await intake.get("/api/v1/aanmeldingen/0190f4a2-0000-7000-8000-000000000000", headers=elsewhere)
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json()["title"] == absent.json()["title"]
    diagnose = await intake.post(
        f"/api/v1/aanmeldingen/{created['id']}/diagnosevoorstel", json={"kanDirectWerken": True}, headers=elsewhere
    )
    assert diagnose.status_code == 404


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        (aanmelding(persoon={**aanmelding()["persoon"], "bsn": "111222334"}), "#/persoon/bsn"),
        (aanmelding(gemeente="GM9999"), "#/gemeente"),
        (aanmelding(gemeente="Groningen"), "#/gemeente"),
        ({k: v for k, v in aanmelding().items() if k != "hulpvraag"}, "#/hulpvraag"),
        (aanmelding(kanaal="telefoon"), "#/kanaal"),
        (
            aanmelding(persoon={**aanmelding()["persoon"], "geboortedatum": 19900517}),
            "#/persoon/geboortedatum",
        ),
        (aanmelding(persoon={**aanmelding()["persoon"], "postcode": "ABCD12"}), "#/persoon/postcode"),
        (aanmelding(onbekend_veld=1), "#/onbekend_veld"),
    ],
    ids=[
        "invalid-bsn",
        "unknown-gemeente",
        "not-a-code",
        "missing-field",
        "wrong-enum",
        "wrong-type",
        "bad-postcode",
        "extra-field",
    ],
)
async def test_bad_input_is_a_400_problem_with_a_pointer_and_changes_nothing(
    intake: httpx.AsyncClient, count_rows: Any, body: dict[str, Any], pointer: str
) -> None:
    response = await intake.post("/api/v1/aanmeldingen", json=body, headers=TOEGANG)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 400 and problem["correlationId"]
    assert pointer in [p["pointer"] for p in problem["invalidParams"]]
    assert await count_rows("event_store") == 0
    assert await count_rows("event_outbox") == 0
    assert await count_rows("personen") == 0


async def test_gemeente_outside_the_region_is_refused_and_nothing_is_stored(
    intake: httpx.AsyncClient, count_rows: Any
) -> None:
    # A token for a gemeente outside this deployment's region is refused as a whole.
    amsterdam = token(["toegang"], ["GM0363"])
    response = await intake.post("/api/v1/aanmeldingen", json=aanmelding(gemeente="GM0363"), headers=amsterdam)
    assert response.status_code == 403 and response.headers["content-type"] == PROBLEM
    assert "buiten arbeidsmarktregio AM01" in response.json()["detail"]
    # An abolished gemeente is named with the one it went into, as a gemeente code is everywhere else.
    heerhugowaard = await intake.get("/api/v1/werklijsten/open-aanmeldingen", headers=token(["toegang"], ["GM0398"]))
    assert heerhugowaard.status_code == 403 and "opgegaan in GM1980 Dijk en Waard" in heerhugowaard.json()["detail"]
    # A token of the region cannot register for a gemeente outside it either.
    response = await intake.post("/api/v1/aanmeldingen", json=aanmelding(gemeente="GM0363"), headers=TOEGANG)
    assert response.status_code == 403 and response.headers["content-type"] == PROBLEM
    assert await count_rows("personen") == 0 and await count_rows("event_store") == 0


async def test_oversized_and_malformed_bodies_are_problems(intake: httpx.AsyncClient, count_rows: Any) -> None:
    big = aanmelding(kanaalReferentie="x" * 100, persoon={**aanmelding()["persoon"], "naam": "n" * 100_000})
    too_large = await intake.post("/api/v1/aanmeldingen", json=big, headers=TOEGANG)
    assert too_large.status_code == 413 and too_large.headers["content-type"] == PROBLEM
    broken = await intake.post(
        "/api/v1/aanmeldingen", content=b"{not json", headers={**TOEGANG, "Content-Type": "application/json"}
    )
    assert broken.status_code == 400 and broken.headers["content-type"] == PROBLEM
    assert await count_rows("event_store") == 0


async def test_correlation_id_travels_into_the_event(intake: httpx.AsyncClient, intake_db: str) -> None:
    response = await intake.post(
        "/api/v1/aanmeldingen", json=aanmelding(), headers={**TOEGANG, "X-Correlation-ID": "kcc-req-42"}
    )
    assert response.headers["X-Correlation-ID"] == "kcc-req-42"
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(intake_db)
    async with engine.connect() as conn:
        row = (
            await conn.execute(text("SELECT DISTINCT envelope->>'correlationid', envelope->>'actor' FROM event_store"))
        ).one()
    await engine.dispose()
    assert tuple(row) == ("kcc-req-42", "tester")


async def test_operations_endpoints(intake: httpx.AsyncClient) -> None:
    assert (await intake.get("/health")).json()["status"] == "ok"
    ready = await intake.get("/ready")
    assert ready.status_code == 200 and ready.json()["checks"]["database"]["ok"] is True
    await intake.post("/api/v1/aanmeldingen", json=aanmelding(), headers=TOEGANG)

    async def backlog_measured() -> str | None:
        text = (await intake.get("/metrics")).text
        return text if 'outbox_backlog_events{service="intake"}' in text else None

    metrics = await wait_for(backlog_measured, what="the relay to measure its backlog")
    assert 'http_requests_total{method="POST",route="/api/v1/aanmeldingen",service="intake",status="201"}' in metrics
    families = {f.name for f in text_string_to_metric_families(metrics)}  # the exposition format parses
    wanted = {"http_request_duration_seconds", "outbox_oldest_unpublished_seconds", "db_pool_connections_in_use"}
    assert wanted <= families
    schema = (await intake.get("/api/v1/openapi.json")).json()
    assert "/aanmeldingen/{aanmelding_id}/diagnose" in schema["paths"]


async def test_screening_off_the_instrument_is_a_400_with_a_pointer(intake: httpx.AsyncClient) -> None:
    created = (await intake.post("/api/v1/aanmeldingen", json=aanmelding(), headers=TOEGANG)).json()
    scores = {
        "financien": 7,
        "gezondheid": 4,
        "huisvesting": 4,
        "sociaal_netwerk": 4,
        "dagbesteding": 4,
        "taal": 4,
        "vervoer": 4,
    }
    response = await intake.post(
        f"/api/v1/aanmeldingen/{created['id']}/screening", json={"scores": scores}, headers=TOEGANG
    )
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM
    problem = response.json()["invalidParams"][0]
    assert problem["pointer"] == "#/scores" and problem["reason"].endswith("valt buiten de schaal 1-5")


@pytest.mark.parametrize("postcode", ["0123AB", "9711 SA", "97111AB"])
async def test_postcodes_that_are_never_issued_are_refused(intake: httpx.AsyncClient, postcode: str) -> None:
    body = aanmelding(persoon={**aanmelding()["persoon"], "postcode": postcode})
    response = await intake.post("/api/v1/aanmeldingen", json=body, headers=TOEGANG)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["pointer"] == "#/persoon/postcode"


async def test_an_abolished_gemeente_is_refused_with_its_successor(intake: httpx.AsyncClient) -> None:
    response = await intake.post("/api/v1/aanmeldingen", json=aanmelding(gemeente="GM0398"), headers=TOEGANG)
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:problem:gemeente-opgeheven"
    assert problem["detail"] == "GM0398 Heerhugowaard is per 2022-01-01 opgegaan in GM1980 Dijk en Waard"
    onbekend = await intake.post("/api/v1/aanmeldingen", json=aanmelding(gemeente="GM9999"), headers=TOEGANG)
    assert onbekend.status_code == 400 and onbekend.json()["invalidParams"][0]["pointer"] == "#/gemeente"


@pytest.mark.parametrize(
    ("gemeente", "status"),
    [("GM9999", 400), ("GM0398", 422), ("GM0037", 403), ("GM0014", 200)],
)
async def test_a_worklist_filter_names_a_gemeente_of_the_caller(
    intake: httpx.AsyncClient, gemeente: str, status: int
) -> None:
    response = await intake.get("/api/v1/werklijsten/open-aanmeldingen", params={"gemeente": gemeente}, headers=TOEGANG)
    assert response.status_code == status, response.text


async def test_a_bsn_search_is_for_the_purposes_of_the_callers_role(intake: httpx.AsyncClient) -> None:
    created = await intake.post("/api/v1/aanmeldingen", json=aanmelding(), headers=TOEGANG)
    klant = created.json()["klantId"]
    consulent = token(["uitkeringsconsulent"], ["GM0014"], sub="consulent")
    gevonden = await intake.post(
        "/api/v1/klanten/zoekopdrachten", json={"bsn": "111222333", "doel": "uitkeringsverstrekking"}, headers=consulent
    )
    assert gevonden.status_code == 200 and gevonden.json()["klantId"] == klant, gevonden.text
    verkeerd_doel = await intake.post(
        "/api/v1/klanten/zoekopdrachten", json={"bsn": "111222333", "doel": "opsporing"}, headers=consulent
    )
    assert verkeerd_doel.status_code == 403
    handhaver = token(["handhaver"], ["GM0014"], sub="handhaver")
    niet_zijn_doel = await intake.post(
        "/api/v1/klanten/zoekopdrachten", json={"bsn": "111222333", "doel": "uitkeringsverstrekking"}, headers=handhaver
    )
    assert niet_zijn_doel.status_code == 403
    elders = token(["uitkeringsconsulent"], ["GM0037"], sub="consulent-appingedam")
    buiten = await intake.post(
        "/api/v1/klanten/zoekopdrachten", json={"bsn": "111222333", "doel": "uitkeringsverstrekking"}, headers=elders
    )
    assert buiten.status_code == 404 and klant not in buiten.text
    front = await intake.post(
        "/api/v1/klanten/zoekopdrachten", json={"bsn": "111222333", "doel": "intake"}, headers=TOEGANG
    )
    assert front.status_code == 200 and front.json()["klantId"] == klant
    niet_voor_toegang = await intake.post(
        "/api/v1/klanten/zoekopdrachten", json={"bsn": "111222333", "doel": "handhaving"}, headers=TOEGANG
    )
    assert niet_voor_toegang.status_code == 403
