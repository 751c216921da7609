"""Werkgevers API: employers by KvK, vacatures and their lifecycle, social return, roles and bad input."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from deploy.local.infra import TansuBroker
from services.werkgevers.app import build_app
from services.werkgevers.settings import Settings
from tests.support import broker_settings, running, token

ADVISEUR = token(["werkgeversadviseur"], ["GM0014"], sub="wsp-adviseur")
MATCHER = token(["matcher"], ["GM0014"], sub="matcher")
PROBLEM = "application/problem+json"


@pytest.fixture
async def werkgevers(werkgevers_db: str, broker: TansuBroker) -> AsyncIterator[httpx.AsyncClient]:
    async with running(build_app(Settings(database_url=werkgevers_db, **broker_settings(broker)))) as client:
        yield client


def werkgever(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kvkNummer": "12345678",
        "naam": "Groningen Logistiek B.V.",
        "vestigingen": [{"naam": "DC Zuid", "postcode": "9723 ZS", "gemeente": "GM0014"}],
        "contactpersonen": [{"naam": "P. de Boer", "functie": "HR", "email": "hr@glog.nl"}],
    }
    body.update(overrides)
    return body


def vacature(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "titel": "Orderpicker",
        "isco08": "9321",
        "vereisteVaardigheden": ["heftruck besturen"],
        "gewensteVaardigheden": ["Nederlands spreken"],
        "urenPerWeek": 32,
        "postcode": "9723ZS",
        "gemeente": "GM0014",
        "startdatum": "2027-02-01",
        "contractvorm": "bepaalde_tijd",
        "banenafspraak": True,
        "aanpassingen": ["aangepaste werktijden"],
        "aantalPlaatsen": 2,
    }
    body.update(overrides)
    return body


async def _registreer(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post("/api/v1/werkgevers", json=werkgever(), headers=ADVISEUR)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_employer_registration_is_unique_per_kvk_and_findable(werkgevers: httpx.AsyncClient) -> None:
    created = await _registreer(werkgevers)
    assert created["vestigingen"][0]["postcode"] == "9723ZS"
    again = await werkgevers.post("/api/v1/werkgevers", json=werkgever(naam="Andere naam"), headers=ADVISEUR)
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM
    found = await werkgevers.get("/api/v1/werkgevers", params={"kvkNummer": "12345678"}, headers=MATCHER)
    assert [w["werkgeverId"] for w in found.json()] == [created["werkgeverId"]]
    assert (await werkgevers.get("/api/v1/werkgevers", params={"kvkNummer": "87654321"}, headers=MATCHER)).json() == []


async def test_an_employer_is_found_by_a_part_of_its_name_within_the_gemeenten_of_the_token(
    werkgevers: httpx.AsyncClient,
) -> None:
    created = await _registreer(werkgevers)
    elders = werkgever(kvkNummer="23456789", naam="Logistiek 100% Delfzijl", vestigingen=[])
    elders["vestigingen"] = [{"naam": "Haven", "postcode": "9934 AA", "gemeente": "GM1979"}]
    assert (await werkgevers.post("/api/v1/werkgevers", json=elders, headers=ADVISEUR)).status_code == 201

    async def namen(deel: str, headers: dict[str, str]) -> list[str]:
        response = await werkgevers.get("/api/v1/werkgevers", params={"naam": deel}, headers=headers)
        assert response.status_code == 200, response.text
        return [w["naam"] for w in response.json()]

    groningen = token(["beheerder"], ["GM0014"], sub="beheer-groningen")  # a local role: its own gemeente only
    assert await namen("logistiek", groningen) == ["Groningen Logistiek B.V."]
    regio = MATCHER  # a regional role: the whole region
    assert await namen("LOGISTIEK", regio) == ["Groningen Logistiek B.V.", "Logistiek 100% Delfzijl"]
    assert await namen("100%", regio) == ["Logistiek 100% Delfzijl"]  # a % is a character, not a wildcard
    assert await namen("0%", regio) == ["Logistiek 100% Delfzijl"] and await namen("_ogistiek", regio) == []
    gevonden = await werkgevers.get("/api/v1/werkgevers", params={"naam": "Groningen"}, headers=MATCHER)
    assert [w["werkgeverId"] for w in gevonden.json()] == [created["werkgeverId"]]
    zonder = await werkgevers.get("/api/v1/werkgevers", headers=MATCHER)
    assert zonder.status_code == 400 and zonder.json()["invalidParams"][0]["name"] == "naam"


async def test_vacature_lifecycle_follows_its_rules(werkgevers: httpx.AsyncClient) -> None:
    created = await _registreer(werkgevers)
    response = await werkgevers.post(
        f"/api/v1/werkgevers/{created['werkgeverId']}/vacatures", json=vacature(), headers=ADVISEUR
    )
    assert response.status_code == 201, response.text
    v = response.json()
    assert v["status"] == "open" and v["aantalPlaatsen"] == 2 and v["isco08"] == "9321"
    path = f"/api/v1/vacatures/{v['vacatureId']}/status"

    async def move(status: str) -> httpx.Response:
        return await werkgevers.post(path, json={"status": status, "reden": "test"}, headers=ADVISEUR)

    assert (await move("on_hold")).json()["status"] == "on_hold"
    assert (await move("open")).json()["status"] == "open"
    filled = await move("gevuld")
    assert filled.status_code == 422 and filled.json()["title"] == "Ongeldige statusovergang"
    assert (await move("ingetrokken")).json()["status"] == "ingetrokken"
    assert (await move("open")).status_code == 422
    read = await werkgevers.get(f"/api/v1/vacatures/{v['vacatureId']}", headers=MATCHER)
    assert read.json()["status"] == "ingetrokken" and read.json()["vereisteVaardigheden"] == ["heftruck besturen"]


async def test_vacatures_list_by_status_and_gemeente_with_pages(werkgevers: httpx.AsyncClient) -> None:
    created = await _registreer(werkgevers)
    ids = []
    for titel in ("Orderpicker", "Heftruckchauffeur", "Magazijnmedewerker"):
        r = await werkgevers.post(
            f"/api/v1/werkgevers/{created['werkgeverId']}/vacatures", json=vacature(titel=titel), headers=ADVISEUR
        )
        ids.append(r.json()["vacatureId"])
    await werkgevers.post(f"/api/v1/vacatures/{ids[1]}/status", json={"status": "on_hold"}, headers=ADVISEUR)
    first = (await werkgevers.get("/api/v1/vacatures", params={"status": "open", "limit": 1}, headers=MATCHER)).json()
    second = (
        await werkgevers.get(
            "/api/v1/vacatures", params={"status": "open", "limit": 1, "cursor": first["nextCursor"]}, headers=MATCHER
        )
    ).json()
    assert [i["vacatureId"] for i in first["items"] + second["items"]] == [ids[0], ids[2]]
    assert [(i["bezet"], i["vrij"]) for i in first["items"]] == [(0, first["items"][0]["aantalPlaatsen"])]
    assert second["nextCursor"] is None
    elsewhere = await werkgevers.get("/api/v1/vacatures", params={"gemeente": "GM0037"}, headers=MATCHER)
    assert elsewhere.status_code == 200 and elsewhere.json()["items"] == []  # a matcher sees the region


async def test_vacature_must_be_at_one_of_the_employers_locations(werkgevers: httpx.AsyncClient) -> None:
    created = await _registreer(werkgevers)
    response = await werkgevers.post(
        f"/api/v1/werkgevers/{created['werkgeverId']}/vacatures", json=vacature(postcode="9711AB"), headers=ADVISEUR
    )
    assert response.status_code == 422 and response.json()["title"] == "Onbekende vestiging"


async def test_social_return_commitments_are_recorded(werkgevers: httpx.AsyncClient, werkgevers_db: str) -> None:
    created = await _registreer(werkgevers)
    path = f"/api/v1/werkgevers/{created['werkgeverId']}/social-return"
    response = await werkgevers.post(
        path, json={"van": "2027-01-01", "tot": "2028-01-01", "plaatsingen": 4, "uren": 2000}, headers=ADVISEUR
    )
    assert response.status_code == 201
    assert response.json()["socialReturn"][0]["plaatsingen"] == 4 and response.json()["versie"] == 2
    empty = await werkgevers.post(
        path, json={"van": "2027-01-01", "tot": "2028-01-01", "plaatsingen": 0, "uren": 0}, headers=ADVISEUR
    )
    assert empty.status_code == 422
    engine = create_async_engine(werkgevers_db)
    async with engine.connect() as conn:
        types = [r[0] for r in await conn.execute(text("SELECT event_type FROM event_store ORDER BY global_position"))]
    await engine.dispose()
    assert types == ["WerkgeverGeregistreerd", "SocialReturnAfgesproken"]


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        (werkgever(kvkNummer="1234567"), "#/kvkNummer"),
        (werkgever(vestigingen=[]), "#/vestigingen"),
        (
            werkgever(vestigingen=[{"naam": "X", "postcode": "9711 SA", "gemeente": "GM0014"}]),
            "#/vestigingen/0/postcode",
        ),
        (werkgever(contactpersonen=[{"naam": "X", "email": "geen-email"}]), "#/contactpersonen/0/email"),
    ],
    ids=["kvk-7-digits", "no-location", "postcode-never-issued", "bad-email"],
)
async def test_bad_employer_input_is_a_400_with_a_pointer(
    werkgevers: httpx.AsyncClient, body: dict[str, Any], pointer: str
) -> None:
    response = await werkgevers.post("/api/v1/werkgevers", json=body, headers=ADVISEUR)
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM
    assert pointer in [p["pointer"] for p in response.json()["invalidParams"]]


async def test_roles(werkgevers: httpx.AsyncClient) -> None:
    assert (await werkgevers.post("/api/v1/werkgevers", json=werkgever(), headers=MATCHER)).status_code == 403
    assert (await werkgevers.get("/api/v1/vacatures", headers=token(["toegang"], ["GM0014"]))).status_code == 403
    assert (await werkgevers.get("/api/v1/vacatures")).status_code == 401
