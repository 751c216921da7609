"""Matching: the regional pool from intake's events, scoped to the caller's gemeenten, paginated."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support import token, wait_for

from .conftest import Publish

MATCHER = token(["matcher"], ["GM0014", "GM0037"])


async def _all_pages(client: httpx.AsyncClient, headers: dict[str, str], limit: int, **params: Any) -> list[str]:
    ids: list[str] = []
    cursor = None
    while True:
        query = {"limit": limit, **params, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/v1/kandidaten", params=query, headers=headers)).json()
        ids += [k["klantId"] for k in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            return ids


async def test_the_regional_pool_holds_werk_and_ontwikkeling_of_the_whole_region(
    matching: httpx.AsyncClient, publish: Publish
) -> None:
    werk = await publish("GM0014", "werk")
    ontwikkeling = await publish("GM0037", "ontwikkeling")
    await publish("GM0014", "participatie")
    await publish("GM0014", "werk", False)  # no diagnose yet
    await publish("GM0014", "werk", team="lokaal:GM0014")  # still with the local team
    elsewhere = await publish("GM0047", "werk")

    async def pool() -> list[str]:
        return await _all_pages(matching, token(["matcher"], ["GM0014", "GM0037", "GM0047"]), 50)

    assert len(await wait_for(lambda: _len_at_least(pool, 3), what="three kandidaten")) == 3
    # A matcher is a regional role: whatever gemeenten the token names, the pool is the region's (DESIGN §5).
    visible = await _all_pages(matching, MATCHER, 50)
    assert visible == [str(werk), str(ontwikkeling), str(elsewhere)]
    only_0037 = await _all_pages(matching, MATCHER, 50, gemeente="GM0037")
    assert only_0037 == [str(ontwikkeling)]
    buiten_regio = await matching.get("/api/v1/kandidaten", params={"gemeente": "GM0363"}, headers=MATCHER)
    assert buiten_regio.status_code == 403  # Amsterdam is not in this deployment's region


async def _len_at_least(fetch: Any, n: int) -> list[str] | None:
    items: list[str] = await fetch()
    return items if len(items) >= n else None


async def test_cursor_pages_cover_the_pool_exactly_once(matching: httpx.AsyncClient, publish: Publish) -> None:
    published = [str(await publish("GM0014", "werk")) for _ in range(7)]

    async def everything() -> list[str]:
        return await _all_pages(matching, MATCHER, 50)

    await wait_for(lambda: _len_at_least(everything, 7), what="seven kandidaten")
    assert await _all_pages(matching, MATCHER, 3) == published
    first = (await matching.get("/api/v1/kandidaten", params={"limit": 3}, headers=MATCHER)).json()
    assert len(first["items"]) == 3 and first["nextCursor"]


async def test_bad_requests_are_problems(matching: httpx.AsyncClient) -> None:
    bad_cursor = await matching.get("/api/v1/kandidaten", params={"cursor": "bm9wZQ"}, headers=MATCHER)
    assert bad_cursor.status_code == 400 and bad_cursor.headers["content-type"] == "application/problem+json"
    bad_limit = await matching.get("/api/v1/kandidaten", params={"limit": 0}, headers=MATCHER)
    assert bad_limit.status_code == 400 and bad_limit.json()["invalidParams"][0]["pointer"] == "query:limit"
    bad_code = await matching.get("/api/v1/kandidaten", params={"gemeente": "x"}, headers=MATCHER)
    assert bad_code.status_code == 400
    toegang = await matching.get("/api/v1/kandidaten", headers=token(["toegang"], ["GM0014"]))
    assert toegang.status_code == 403
