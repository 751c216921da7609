"""Caseload per klantmanager and team, and rebalancing above the norm: pure rules and over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import httpx
import pytest

from services.matching.app import build_app
from services.matching.caseload import Klantmanager, belasting, herverdeling
from services.matching.settings import Settings
from tests.support import running, token, wait_for

from .conftest import Publish

KMS = {
    "anna": Klantmanager("anna", "Anna", "noord", 100),
    "bram": Klantmanager("bram", "Bram", "noord", 100),
    "cees": Klantmanager("cees", "Cees", "noord", 50),
    "dina": Klantmanager("dina", "Dina", "zuid", 100),
}


def _ids(n: int) -> list[UUID]:
    return [uuid4() for _ in range(n)]


def test_the_norm_is_pro_rata_and_moves_stay_in_the_team_and_under_every_norm() -> None:
    anna, bram, cees = _ids(75), _ids(66), _ids(30)
    kandidaten = {"anna": anna, "bram": bram, "cees": cees, "dina": _ids(10)}
    rijen = {b.klantmanager: b for b in belasting(kandidaten, KMS, 70)}
    assert (rijen["anna"].norm, rijen["anna"].boven_norm) == (70, 5)
    assert (rijen["cees"].norm, rijen["cees"].ruimte) == (35, 5)  # half-time: half the norm
    moves = herverdeling(kandidaten, KMS, 70)
    # Anna's five newest kandidaten go to colleagues in her own team with room (Cees 5, Bram 4): never to Dina.
    assert len(moves) == 5 and {m.van for m in moves} == {"anna"} and {m.klant_id for m in moves} == set(anna[-5:])
    assert {m.naar for m in moves} <= {"bram", "cees"}
    after = {k: list(v) for k, v in kandidaten.items()}
    for m in moves:
        after[m.van].remove(m.klant_id)
        after[m.naar].append(m.klant_id)
    assert all(b.boven_norm == 0 for b in belasting(after, KMS, 70))


def test_without_room_in_the_team_nothing_is_pushed_over_another_norm() -> None:
    kandidaten = {"anna": _ids(80), "bram": _ids(68), "cees": _ids(35), "dina": _ids(0)}
    moves = herverdeling(kandidaten, KMS, 70)
    assert [m.naar for m in moves] == ["bram", "bram"]  # Bram has room for 2; Cees none; Dina is another team


@pytest.fixture
async def matching_lage_norm(matching_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running(build_app(matching_settings.model_copy(update={"caseload_norm": 2}))) as client:
        yield client


TEAMLEIDER = token(["klantmanager"], ["GM0014"], sub="teamleider")


async def test_caseload_shows_who_is_above_the_norm_and_a_proposal_that_can_be_applied(
    matching_lage_norm: httpx.AsyncClient, publish: Publish
) -> None:
    client = matching_lage_norm
    klanten = [str(await publish("GM0014", "werk")) for _ in range(6)]

    async def all_in_pool() -> bool:
        page = (await client.get("/api/v1/kandidaten", headers=TEAMLEIDER)).json()
        return len(page["items"]) == 6

    await wait_for(all_in_pool, what="six kandidaten")
    for km, naam, fte in (("anna", "Anna", 100), ("bram", "Bram", 100)):
        response = await client.put(
            f"/api/v1/klantmanagers/{km}", json={"naam": naam, "team": "noord", "fteProcent": fte}, headers=TEAMLEIDER
        )
        assert response.status_code == 200, response.text
    for klant in klanten[:4]:
        response = await client.put(
            f"/api/v1/kandidaten/{klant}/klantmanager",
            json={"klantmanager": "anna", "reden": "start"},
            headers=TEAMLEIDER,
        )
        assert response.status_code == 200 and response.json()["klantmanager"] == "anna"
    overzicht = (await client.get("/api/v1/caseload", headers=TEAMLEIDER)).json()
    anna = next(k for k in overzicht["klantmanagers"] if k["klantmanager"] == "anna")
    assert (anna["aantal"], anna["norm"], anna["bovenNorm"]) == (4, 2, 2)
    assert overzicht["zonderKlantmanager"] == 2
    assert overzicht["teams"] == [{"team": "noord", "aantal": 4, "norm": 4}]
    assert [(m["klantId"], m["van"], m["naar"]) for m in overzicht["herverdeling"]] == [
        (klanten[3], "anna", "bram"),
        (klanten[2], "anna", "bram"),
    ]
    for move in overzicht["herverdeling"]:
        await client.put(
            f"/api/v1/kandidaten/{move['klantId']}/klantmanager",
            json={"klantmanager": move["naar"], "reden": "herverdeling caseload"},
            headers=TEAMLEIDER,
        )
    na = (await client.get("/api/v1/caseload", headers=TEAMLEIDER)).json()
    assert [(k["klantmanager"], k["aantal"], k["bovenNorm"]) for k in na["klantmanagers"]] == [
        ("anna", 2, 0),
        ("bram", 2, 0),
    ]
    assert na["herverdeling"] == []
    matcher = await client.get("/api/v1/caseload", headers=token(["matcher"], ["GM0014"]))
    assert matcher.status_code == 403


async def test_the_pool_lists_whom_still_to_give_a_klantmanager(matching: httpx.AsyncClient, publish: Publish) -> None:
    met, zonder = str(await publish("GM0014", "werk")), str(await publish("GM0014", "ontwikkeling"))

    async def both_in_pool() -> bool:
        page = (await matching.get("/api/v1/kandidaten", headers=TEAMLEIDER)).json()
        return {met, zonder} <= {k["klantId"] for k in page["items"]}

    await wait_for(both_in_pool, what="two kandidaten")
    registratie = {"naam": "Anna", "team": "noord", "fteProcent": 100}
    assert (await matching.put("/api/v1/klantmanagers/anna", json=registratie, headers=TEAMLEIDER)).status_code == 200
    toewijzing = {"klantmanager": "anna", "reden": "intake gedaan"}
    response = await matching.put(f"/api/v1/kandidaten/{met}/klantmanager", json=toewijzing, headers=TEAMLEIDER)
    assert response.status_code == 200, response.text
    werklijst = await matching.get("/api/v1/kandidaten", params={"zonderKlantmanager": "true"}, headers=TEAMLEIDER)
    assert [k["klantId"] for k in werklijst.json()["items"]] == [zonder]
