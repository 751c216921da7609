"""The werkplek in Debian's Chromium (Playwright) for the browser tests: serve it against a platform, log in, and
check every visited page: axe-core (WCAG 2.1 AA) at full width and at 390 px, no sideways scrolling on a phone, and
nothing a user should not have to read (JSON, stored codes, ids, amounts or dates in a wire form)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Browser, Page, async_playwright

from services.werkplek.app import build_app
from services.werkplek.settings import Settings
from tests.e2e.conftest import Platform
from tests.e2e.test_intake_journeys import GOED
from tests.e2e.test_isolation import EIGENAAR
from tests.support import inwoner, serve, wait_for

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "lint" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / ".data" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# What a page never shows a user: each pattern with what it is.
ONLEESBAAR = {
    "JSON": re.compile(r"[{\[]\s*\"|\"\s*:\s*[\"{\[\d]|\b(?:null|None|True|False)\b"),
    "een opgeslagen code": re.compile(r"\b[a-z]+(?:_[a-z]+)+\b"),
    "een id": re.compile(r"\b(?=[0-9a-f]{0,7}\d)(?=[0-9a-f]{0,7}[a-f])[0-9a-f]{8}\b"),
    "een datum in ISO-vorm": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "een bedrag niet in Nederlandse vorm": re.compile(r"€\s?-?(?!\d{1,3}(?:\.\d{3})*,\d{2}(?!\d))\d[\d.,]*\d"),
}


def onleesbaar(tekst: str) -> list[tuple[str, str]]:
    """What in this page text a user should not have to read, with what it is."""
    return [(wat, m.group(0)) for wat, patroon in ONLEESBAAR.items() for m in patroon.finditer(tekst)]


@contextlib.asynccontextmanager
async def werkplek(platform: Platform, clients: dict[str, httpx.AsyncClient]) -> AsyncIterator[str]:
    """The werkplek against this platform's services, with the development login."""
    settings = Settings(
        **{f"{naam}_url": str(client.base_url) for naam, client in clients.items()},
        dev_login=True,
    )
    async with serve(build_app(settings)) as url:
        yield url


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """Debian's Chromium, headless."""
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            yield browser
        finally:
            await browser.close()


async def controleer(page: Page, naam: str) -> None:
    """The page reads well and is accessible: no WCAG 2.1 AA violation (axe-core, in the browser) at full width or
    at 390 px, no sideways scrolling on a phone, nothing unreadable in its text; and a screenshot for a reviewer."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{naam}.png"), full_page=True)
    gevonden = onleesbaar(await page.inner_text("body"))
    assert gevonden == [], f"{naam}: {gevonden[:5]}"
    await page.add_script_tag(path=str(AXE))
    opties = {"runOnly": {"type": "tag", "values": WCAG_21_AA}}
    violations: list[dict[str, Any]] = await page.evaluate(
        "async (opties) => (await axe.run(document, opties)).violations", opties
    )
    samenvatting = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert samenvatting == [], f"{naam}: {samenvatting}"
    # On a phone (390 px wide) the page itself never scrolls sideways, and it passes axe there too.
    groot = page.viewport_size
    await page.set_viewport_size({"width": 390, "height": 844})
    breedte = await page.evaluate("document.documentElement.scrollWidth")
    klein: list[dict[str, Any]] = await page.evaluate(
        "async (opties) => (await axe.run(document, opties)).violations", opties
    )
    if groot is not None:
        await page.set_viewport_size(groot)
    assert breedte <= 390, f"{naam}: {breedte} px wide at 390 px"
    assert [v["id"] for v in klein] == [], f"{naam} at 390 px: {[v['help'] for v in klein]}"


async def inloggen(page: Page, url: str, sub: str, rollen: list[str], gemeenten: list[str]) -> None:
    """The development login, as a user would fill it in."""
    await page.goto(f"{url}/inloggen")
    await controleer(page, "inloggen")
    await page.fill("#sub", sub)
    for rol in rollen:
        await page.check(f"#rol-{rol}")
    await page.select_option("#gemeenten", gemeenten)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{url}/")


async def verstuur(
    page: Page,
    knop: str,
    velden: dict[str, str] | None = None,
    keuzes: dict[str, str] | None = None,
    gelukt: str | None = None,
) -> None:
    """Fill a form as a user would (fields by id, then the choices), press its button, and wait for the banner."""
    for veld, waarde in (velden or {}).items():
        await page.fill(f"#{veld}", waarde)
    for veld, waarde in (keuzes or {}).items():
        await page.select_option(f"#{veld}", waarde)
    await page.click(f"button:has-text('{knop}')")
    if gelukt is not None:
        await page.wait_for_selector(f"[role=status]:has-text('{gelukt}')")


async def uitloggen(page: Page) -> None:
    """Log out with the button in the header."""
    await page.click("text=Uitloggen")
    await page.wait_for_url("**/inloggen")


async def kandidaat_in_pool(clients: dict[str, httpx.AsyncClient], bsn: str, naam: str, **profiel: Any) -> str:
    """Seed another role's work over the API: a klant of Groningen in the regional pool with a profile."""
    intake, matching = clients["intake"], clients["matching"]
    inwoner(bsn, naam, "1988-04-02", "GM0014")
    body = {"gemeente": "GM0014", "kanaal": "kcc", "hulpvraag": "werk", "persoon": {"bsn": bsn, "naam": naam}}
    body["persoon"]["geboortedatum"] = "1988-04-02"
    created = (await intake.post("/api/v1/aanmeldingen", json=body, headers=EIGENAAR)).json()
    a = f"/api/v1/aanmeldingen/{created['id']}"
    await intake.post(f"{a}/screening", json={"scores": GOED}, headers=EIGENAAR)
    voorstel = (await intake.post(f"{a}/diagnosevoorstel", json={"kanDirectWerken": True}, headers=EIGENAAR)).json()
    diagnose = {"route": voorstel["voorstel"]["route"], "uitkeringNodig": voorstel["voorstel"]["uitkeringNodig"]}
    await intake.post(f"{a}/diagnose", json=diagnose, headers=EIGENAAR)
    klant = str(created["klantId"])
    overdracht = {"naar": "regionaal", "vervolgstap": "Matchgesprek", "contactpersoon": "KCC"}
    offer = await intake.post(f"/api/v1/klanten/{klant}/overdrachten", json=overdracht, headers=EIGENAAR)
    assert offer.status_code == 201, offer.text
    pad = f"/api/v1/klanten/{klant}/overdrachten/{offer.json()['overdrachtId']}/acceptatie"
    assert (await intake.post(pad, headers=EIGENAAR)).status_code == 200

    async def in_pool() -> bool:
        r = await matching.get(f"/api/v1/kandidaten/{klant}", headers=EIGENAAR)
        return r.status_code == 200 and bool(r.json()["inPool"])

    await wait_for(in_pool, timeout=30, what=f"kandidaat {naam} in the pool")
    body = {"urenMin": 24, "urenMax": 36, "maxReisafstandKm": 30, "beschikbaarVanaf": "2026-11-01"} | profiel
    r = await matching.put(f"/api/v1/kandidaten/{klant}/profiel", json=body, headers=EIGENAAR)
    assert r.status_code == 200, r.text
    return klant
