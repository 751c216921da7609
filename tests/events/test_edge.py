"""The shared HTTP edge: input PostgreSQL cannot store, bodies over the limit, unexpected errors, storable values."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import asyncpg
import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from deploy.local.infra import TansuBroker
from libs.events.commands import plain_request
from libs.events.idempotency import request_fingerprint
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

    async def database_weg() -> None:
        raise asyncpg.exceptions.CannotConnectNowError("the database system is starting up")

    async def bestand_weg() -> None:
        raise FileNotFoundError("/geheim/pad")

    app.add_api_route("/api/v1/kapot", kapot)  # a route that fails in a way nobody planned for
    app.add_api_route("/api/v1/database-weg", database_weg)  # PostgreSQL restarting under a request
    app.add_api_route("/api/v1/bestand-weg", bestand_weg)  # a bug that happens to be an OSError
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
    return [p["pointer"] for p in response.json()["invalidParams"]]


async def test_nul_characters_are_refused_by_field_before_anything_is_stored(
    client: httpx.AsyncClient, werkgevers_db: str
) -> None:
    naam = await client.post("/api/v1/werkgevers", json=werkgever(naam="Bakkerij\u0000 B.V."), headers=ADVISEUR)
    assert _pointers(naam) == ["#/naam"]
    vestiging = werkgever(vestigingen=[{"naam": "DC\u0000", "postcode": "9723ZS", "gemeente": "GM0014"}])
    assert _pointers(await client.post("/api/v1/werkgevers", json=vestiging, headers=ADVISEUR)) == [
        "#/vestigingen/0/naam"
    ]
    zoek = await client.get("/api/v1/werkgevers", params={"kvkNummer": "1234\u00005678"}, headers=ADVISEUR)
    assert _pointers(zoek) == ["query:kvkNummer"]
    assert naam.json()["correlationId"] == naam.headers["X-Correlation-ID"]
    assert await _events(werkgevers_db) == 0


@pytest.mark.parametrize("startdatum", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
async def test_dates_outside_the_window_are_refused_by_field(client: httpx.AsyncClient, startdatum: str) -> None:
    created = await client.post("/api/v1/werkgevers", json=werkgever(), headers=ADVISEUR)
    path = f"/api/v1/werkgevers/{created.json()['werkgeverId']}/vacatures"
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
    assert body["correlationId"] == "zaak-42" == response.headers["X-Correlation-ID"]
    assert "geheim" not in response.text and "RuntimeError" not in response.text


async def test_a_database_that_does_not_answer_is_a_503_to_retry_and_a_bug_stays_a_500(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/database-weg", headers={"X-Correlation-ID": "zaak-43"})
    body = _is_problem(response, 503)
    assert body["type"] == "urn:problem:tijdelijk-niet-beschikbaar" and body["correlationId"] == "zaak-43"
    assert response.headers["Retry-After"] == "5"
    assert "starting up" not in response.text and "CannotConnect" not in response.text
    assert _is_problem(await client.get("/api/v1/bestand-weg"), 500)["type"] == "urn:problem:interne-fout"


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


def _is_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status and response.headers["content-type"] == PROBLEM, response.text
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= body.keys(), body
    assert body["type"].startswith("urn:problem:") and body["detail"] and body["status"] == status
    return body


async def test_every_error_from_http_itself_is_a_complete_dutch_problem(client: httpx.AsyncClient) -> None:
    slash = await client.get("/api/v1/vacatures/", headers=ADVISEUR)
    assert _is_problem(slash, 404)["instance"] == "/api/v1/vacatures/"  # no 307 to the path without slash
    assert _is_problem(await client.get("/api/v1/bestaat-niet", headers=ADVISEUR), 404)["title"] == "Niet gevonden"
    methode = _is_problem(await client.delete("/api/v1/vacatures", headers=ADVISEUR), 405)
    assert "GET" in methode["detail"]
    geen_token = await client.get("/api/v1/vacatures")
    assert _is_problem(geen_token, 401)["type"] == "urn:problem:niet-geauthenticeerd"
    assert geen_token.headers["WWW-Authenticate"] == "Bearer"
    verkeerd = _is_problem(await client.get("/api/v1/vacatures", headers={"Authorization": "Bearer x.y.z"}), 401)
    assert verkeerd["detail"].startswith("Het token is ongeldig")
    zonder_rol = token(["toegang"], ["GM0014"])
    assert _is_problem(await client.post("/api/v1/werkgevers", json=werkgever(), headers=zonder_rol), 403)
    assert _is_problem(await client.get("/api/v1/kapot"), 500)["type"] == "urn:problem:interne-fout"


async def test_every_answer_carries_the_api_version_and_personal_data_is_not_cached(
    client: httpx.AsyncClient,
) -> None:
    lijst = await client.get("/api/v1/vacatures", headers=ADVISEUR)
    fout = await client.get("/api/v1/vacatures/", headers=ADVISEUR)
    for response in (lijst, fout):
        assert response.headers["API-Version"] == "0.2.0"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    health = await client.get("/health")
    assert health.headers["API-Version"] == "0.2.0" and "Cache-Control" not in health.headers


async def test_cors_is_off_unless_an_origin_is_configured(
    client: httpx.AsyncClient, werkgevers_db: str, broker: TansuBroker
) -> None:
    preflight = {"Origin": "https://werkplek.regio.example", "Access-Control-Request-Method": "POST"}
    closed = await client.options("/api/v1/werkgevers", headers=preflight)
    assert "access-control-allow-origin" not in closed.headers
    settings = Settings(
        database_url=werkgevers_db, **broker_settings(broker), cors_allow_origins=["https://werkplek.regio.example"]
    )
    async with running(build_app(settings)) as open_client:
        allowed = await open_client.options("/api/v1/werkgevers", headers=preflight)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://werkplek.regio.example"
        other = await open_client.options("/api/v1/werkgevers", headers={**preflight, "Origin": "https://elders.nl"})
        assert "access-control-allow-origin" not in other.headers
        answer = await open_client.get(
            "/api/v1/vacatures", headers={**ADVISEUR, "Origin": "https://werkplek.regio.example"}
        )
        assert "API-Version" in answer.headers["access-control-expose-headers"]


async def test_the_api_documentation_is_served_without_the_internet(client: httpx.AsyncClient) -> None:
    for page in ("/docs", "/redoc"):
        html = (await client.get(page)).text
        scripts = [part.split('"')[0] for part in html.split('src="')[1:]]
        assert scripts and all(s.startswith("/") for s in scripts), scripts  # nothing from another host
        for script in scripts:
            assert (await client.get(script)).status_code == 200, script
        assert "/api/v1/openapi.json" in html
    document = (await client.get("/api/v1/openapi.json")).json()
    assert document["servers"][0]["url"] == "/api/v1" and document["info"]["contact"]["email"]


class _AanvraagV1(Invoer):
    naam: str


class _AanvraagV2(Invoer):
    naam: str
    toelichting: str | None = None  # a field the API gained later


def test_a_retry_across_an_upgrade_that_added_a_field_has_the_same_fingerprint() -> None:
    body = {"naam": "Bakkerij B.V."}
    assert request_fingerprint(plain_request(_AanvraagV1.model_validate(body))) == request_fingerprint(
        plain_request(_AanvraagV2.model_validate(body))
    )
    anders = _AanvraagV2.model_validate({**body, "toelichting": "x"})
    assert request_fingerprint(plain_request(anders)) != request_fingerprint(
        plain_request(_AanvraagV2.model_validate(body))
    )
