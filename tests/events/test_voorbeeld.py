"""The recipe of docs/adding-a-service.md, built as tests/voorbeeld and run: scoped, idempotent, rebuildable."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import httpx
import pytest

from deploy.local.infra import EmbeddedPostgres, TansuBroker
from libs.events import migrate
from libs.events.replay import rebuild, verify
from libs.events.runtime import Runtime
from tests.support import broker_settings, create_database, running, token
from tests.voorbeeld.app import DEFINITION, build_app
from tests.voorbeeld.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "voorbeeld" / "migrations"
KM_0014 = token(["toegang"], ["GM0014"], sub="km")
KM_0037 = token(["toegang"], ["GM0037"], sub="km")


@pytest.fixture
async def settings(pg: EmbeddedPostgres, broker: TansuBroker) -> Settings:
    url = await create_database(pg, f"voorbeeld_{uuid4().hex[:8]}", "template1")
    await asyncio.to_thread(migrate.upgrade, "voorbeeld", url, MIGRATIONS)  # alembic runs its own event loop
    return Settings(database_url=url, **broker_settings(broker))


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running(build_app(settings)) as c:
        yield c


async def test_a_service_from_the_recipe_gets_scope_idempotency_errors_and_rebuild(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = {"klantId": str(uuid4()), "gemeente": "GM0014", "tekst": "Belde terug over de afspraak"}
    headers = {**KM_0014, "Idempotency-Key": "notitie-1"}
    created = await client.post("/api/v1/notities", json=body, headers=headers)
    assert created.status_code == 201 and created.headers["Location"].endswith(created.json()["notitieId"])
    again = await client.post("/api/v1/notities", json=body, headers=headers)
    assert again.json() == created.json() and again.headers["Idempotency-Replayed"] == "true"
    assert again.headers["Location"] == created.headers["Location"]
    # The same subject for another gemeente gets neither the replay nor a note in GM0014.
    replay_0037 = await client.post("/api/v1/notities", json=body, headers={**KM_0037, "Idempotency-Key": "notitie-1"})
    assert replay_0037.status_code == 403
    assert (await client.post("/api/v1/notities", json=body, headers=KM_0037)).status_code == 403
    assert (await client.get("/api/v1/notities", headers=KM_0037)).json()["items"] == []
    empty = await client.post("/api/v1/notities", json={**body, "tekst": " "}, headers=KM_0014)
    assert empty.status_code == 422 and empty.json()["type"] == "urn:problem:lege-notitie"
    mine = (await client.get("/api/v1/notities", headers=KM_0014)).json()["items"]
    assert [n["tekst"] for n in mine] == [body["tekst"]]

    runtime = Runtime(DEFINITION, settings)
    try:
        assert (await rebuild(runtime))["from_store"] == 1
        assert (await verify(runtime))["ok"] is True
    finally:
        await runtime.engine.dispose()
    assert (await client.get("/api/v1/notities", headers=KM_0014)).json()["items"] == mine
