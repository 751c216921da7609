"""Whole journeys over HTTP and Kafka: aanmelding and diagnose in intake, kandidaat in matching."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from deploy.local.infra import TansuBroker
from libs.events.replay import rebuild
from libs.events.runtime import Runtime
from services.matching.app import DEFINITION as MATCHING
from tests.support import inwoner, token, wait_for

from .conftest import Platform

FRONTOFFICE = token(["toegang", "klantmanager"], ["GM0014", "GM0037"])
MATCHER = token(["matcher"], ["GM0014", "GM0037"])
BSNS = [
    "111222333",
    "123456782",
    "100000009",
    "100000010",
    "100000022",
    "100000034",
    "100000046",
    "100000058",
]


def _aanmelding(bsn: str, gemeente: str = "GM0014") -> dict[str, Any]:
    inwoner(bsn, "Test Persoon", "1985-01-02", gemeente, "9711AB")
    return {
        "gemeente": gemeente,
        # At the Werkplein the regional team is responsible from the start, so the pool needs no overdracht.
        "kanaal": "werkplein",
        "hulpvraag": "beide",
        "persoon": {"bsn": bsn, "naam": "Test Persoon", "geboortedatum": "1985-01-02", "postcode": "9711AB"},
    }


async def _aanmelden_en_diagnose(intake: httpx.AsyncClient, bsn: str, route: str, gemeente: str = "GM0014") -> str:
    created = await intake.post("/api/v1/aanmeldingen", json=_aanmelding(bsn, gemeente), headers=FRONTOFFICE)
    assert created.status_code == 201, created.text
    base = f"/api/v1/aanmeldingen/{created.json()['id']}"
    proposed = await intake.post(f"{base}/diagnosevoorstel", json={"kanDirectWerken": True}, headers=FRONTOFFICE)
    assert proposed.status_code == 200, proposed.text
    diagnosed = await intake.post(
        f"{base}/diagnose",
        json={"route": route, "uitkeringNodig": True, "motivatie": "besproken in het teamoverleg"},
        headers=FRONTOFFICE,
    )
    assert diagnosed.status_code == 200, diagnosed.text
    return str(created.json()["klantId"])


async def _pool(matching: httpx.AsyncClient) -> set[str]:
    response = await matching.get("/api/v1/kandidaten", params={"limit": 200}, headers=MATCHER)
    assert response.status_code == 200, response.text
    return {k["klantId"] for k in response.json()["items"]}


async def _pool_is(matching: httpx.AsyncClient, expected: set[str], timeout: float = 30) -> None:
    async def reached() -> bool:
        return await _pool(matching) == expected

    await wait_for(reached, timeout=timeout, what=f"pool of {len(expected)} kandidaten")


async def test_aanmelding_and_diagnose_make_a_kandidaat_in_matching(platform: Platform) -> None:
    async with platform.up() as (intake, matching):
        werk = await _aanmelden_en_diagnose(intake, BSNS[0], "werk")
        ontwikkeling = await _aanmelden_en_diagnose(intake, BSNS[1], "ontwikkeling", "GM0037")
        await _aanmelden_en_diagnose(intake, BSNS[2], "participatie")
        await _pool_is(matching, {werk, ontwikkeling})
        items = (await matching.get("/api/v1/kandidaten", headers=MATCHER)).json()["items"]
        assert {k["gemeente"] for k in items} == {"GM0014", "GM0037"}
        assert all("bsn" not in k and "naam" not in k for k in items)
        # A matcher is regional: a token naming only GM0037 still sees the region's pool; a filter narrows it.
        regio = await matching.get("/api/v1/kandidaten", headers=token(["matcher"], ["GM0037"]))
        assert {k["klantId"] for k in regio.json()["items"]} == {werk, ontwikkeling}
        only_0037 = await matching.get("/api/v1/kandidaten", params={"gemeente": "GM0037"}, headers=MATCHER)
        assert [k["klantId"] for k in only_0037.json()["items"]] == [ontwikkeling]


async def test_intake_keeps_accepting_while_the_broker_is_unreachable(platform: Platform) -> None:
    async with platform.up() as (intake, matching):
        first = await _aanmelden_en_diagnose(intake, BSNS[0], "werk")
        await _pool_is(matching, {first})
        platform.broker.pause()
        try:
            during = [await _aanmelden_en_diagnose(intake, bsn, "werk") for bsn in BSNS[1:6]]
            # The relay has tried and failed at least once while the broker was frozen.
            await wait_for(_relay_failed(intake), timeout=30, what="relay to notice the outage")
        finally:
            platform.broker.resume()
        await _pool_is(matching, {first, *during}, timeout=60)


def _relay_failed(intake: httpx.AsyncClient) -> Any:
    async def check() -> bool:
        relay = (await intake.get("/ready")).json()["checks"]["relay"]
        return relay["ok"] is False

    return check


async def test_matching_read_models_rebuild_identically_from_the_topic(platform: Platform) -> None:
    async with platform.up() as (intake, matching):
        expected = {await _aanmelden_en_diagnose(intake, bsn, "werk") for bsn in BSNS[:4]}
        await _aanmelden_en_diagnose(intake, BSNS[4], "participatie")
        await _pool_is(matching, expected)
    before = await _snapshot(platform.matching_settings.database_url)
    runtime = Runtime(MATCHING, platform.matching_settings)
    try:
        async with runtime.engine.begin() as conn:
            await conn.execute(text("TRUNCATE kandidaten"))
        result = await rebuild(runtime, timeout_s=60)
    finally:
        await runtime.engine.dispose()
    assert result["from_topics"] == await _stored_events(platform.intake_settings.database_url)
    assert await _snapshot(platform.matching_settings.database_url) == before


async def test_a_replaced_empty_broker_is_noticed_and_republishing_restores_everything(
    platform: Platform,
) -> None:
    async with platform.up() as (intake, matching):
        expected = {await _aanmelden_en_diagnose(intake, bsn, "werk") for bsn in BSNS[:3]}
        await _pool_is(matching, expected)
    before = await _snapshot(platform.matching_settings.database_url)
    # The broker is replaced by an empty one on the same address (tansu keeps topics in memory).
    platform.broker.stop()
    replacement = TansuBroker(port=platform.broker.port)
    replacement.start()
    try:
        platform.broker = replacement
        async with platform.up() as (intake, matching):

            async def offsets_past_end_reported() -> bool:
                consumer = (await matching.get("/ready")).json()["checks"]["consumer"]
                return bool(consumer["offset_resets"] >= 1)

            # Matching stored offsets from the old broker; the new one is empty: it must say so.
            await wait_for(offsets_past_end_reported, what="matching to report offsets past the end")
            # New work reaches the new broker before the old history is re-published.
            later = await _aanmelden_en_diagnose(intake, BSNS[3], "werk")
            await _republish(platform)
            await _pool_is(matching, {*expected, later})
        after = await _snapshot(platform.matching_settings.database_url)
        assert {k: v for k, v in after.items() if k != later} == before
    finally:
        replacement.stop()


async def _republish(platform: Platform) -> None:
    from libs.events.replay import republish
    from services.intake.app import DEFINITION as INTAKE

    runtime = Runtime(INTAKE, platform.intake_settings)
    try:
        # Every stored event that is not still waiting in the outbox is queued again.
        total = await _stored_events(platform.intake_settings.database_url)
        assert 0 < await republish(runtime) <= total
    finally:
        await runtime.engine.dispose()


async def _stored_events(url: str) -> int:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return int((await conn.execute(text("SELECT count(*) FROM event_store"))).scalar_one())
    finally:
        await engine.dispose()


async def _snapshot(url: str) -> dict[str, tuple[Any, ...]]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT * FROM kandidaten ORDER BY klant_id"))
            return {str(r[0]): tuple(r) for r in rows}
    finally:
        await engine.dispose()


async def test_concurrent_front_offices_each_get_their_kandidaat(platform: Platform) -> None:
    async with platform.up() as (intake, matching):
        klanten = await asyncio.gather(*(_aanmelden_en_diagnose(intake, bsn, "ontwikkeling") for bsn in BSNS))
        await _pool_is(matching, set(klanten))
