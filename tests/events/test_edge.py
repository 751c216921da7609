"""The shared HTTP edge: input PostgreSQL cannot store, bodies over the limit, unexpected errors, storable values."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from deploy.local.infra import TansuBroker
from libs.events.schemas import Invoer
from services.werkgevers.app import build_app
from services.werkgevers.settings import Settings
from tests.support import broker_settings, running, token
from tests.werkgevers.test_werkgevers_api import vacature, werkgever

ADVISEUR = token(["werkgeversadviseur"], ["GM0014"], sub="adviseur")
PROBLEM = "application/problem+json"


@pytest.fixture
async def client(werkgevers_db: str, broker: TansuBroker) -> AsyncIterator[httpx.AsyncClient]:
    app = build_app(Settings(database_url=werkgevers_db, **broker_settings(broker), max_body_bytes=4096))

    async def kapot() -> None:
        raise RuntimeError("geheim detail uit de database")

    app.add_api_route("/api/v1/kapot", kapot)  # a route that fails in a way nobody planned for
    async with running(app) as c:
        yield c


async def _events(werkgevers_db: str) -> int:
    engine = create_async_engine(werkgevers_db)
    try:
        async with engine.connect() as conn:
            return int((await conn.execute(text("SELECT count(*) FROM event_store"))).scalar_one())
    finally:
        await engine.dispose()


def _pointers(response: httpx.Response) -> list[str]:
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM, response.text
    return [p["pointer"] for p in response.json()["invalid_params"]]


async def test_nul_characters_are_refused_by_field_before_anything_is_stored(
    client: httpx.AsyncClient, werkgevers_db: str
) -> None:
    naam = await client.post("/api/v1/werkgevers", json=werkgever(naam="Bakkerij\u0000 B.V."), headers=ADVISEUR)
    assert _pointers(naam) == ["#/naam"]
    vestiging = werkgever(vestigingen=[{"naam": "DC\u0000", "postcode": "9723ZS", "gemeente": "GM0014"}])
    assert _pointers(await client.post("/api/v1/werkgevers", json=vestiging, headers=ADVISEUR)) == [
        "#/vestigingen/0/naam"
    ]
    zoek = await client.get("/api/v1/werkgevers", params={"kvk_nummer": "1234\u00005678"}, headers=ADVISEUR)
    assert _pointers(zoek) == ["query:kvk_nummer"]
    assert naam.json()["correlation_id"] == naam.headers["X-Correlation-ID"]
    assert await _events(werkgevers_db) == 0


@pytest.mark.parametrize("startdatum", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
async def test_dates_outside_the_window_are_refused_by_field(client: httpx.AsyncClient, startdatum: str) -> None:
    created = await client.post("/api/v1/werkgevers", json=werkgever(), headers=ADVISEUR)
    path = f"/api/v1/werkgevers/{created.json()['werkgever_id']}/vacatures"
    response = await client.post(path, json=vacature(startdatum=startdatum), headers=ADVISEUR)
    assert _pointers(response) == ["#/startdatum"]


async def test_a_chunked_body_over_the_limit_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"naam": "'
        for _ in range(10):
            yield b"x" * 1000

    response = await client.post(
        "/api/v1/werkgevers", content=chunks(), headers={**ADVISEUR, "Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers  # it really was sent chunked
    assert response.status_code == 413 and response.headers["content-type"] == PROBLEM


async def test_an_unexpected_error_is_a_problem_with_the_correlation_id_and_no_internals(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/kapot", headers={"X-Correlation-ID": "zaak-42"})
    assert response.status_code == 500 and response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["correlation_id"] == "zaak-42" == response.headers["X-Correlation-ID"]
    assert "geheim" not in response.text and "RuntimeError" not in response.text


class _Voorbeeld(Invoer):
    dag: date
    aantal: int
    lijst: list[int]


@pytest.mark.parametrize(
    ("veld", "waarde"),
    [("dag", "0001-01-01"), ("dag", "9999-12-31"), ("aantal", 2**40), ("lijst", [1, -(2**40)])],
)
def test_request_bodies_only_take_values_postgresql_stores_as_sent(veld: str, waarde: Any) -> None:
    body: dict[str, Any] = {"dag": "2027-01-01", "aantal": 1, "lijst": [], veld: waarde}
    with pytest.raises(ValidationError) as refused:
        _Voorbeeld.model_validate(body)
    assert [e["loc"] for e in refused.value.errors()] == [(veld,)]
