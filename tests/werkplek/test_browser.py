"""The werkplek in Debian's Chromium (Playwright): a matcher from vacature to plaatsing, a toegang user refused
another gemeente's klant, a rechercheur's as-of diff, a chart page. axe-core checks WCAG 2.1 AA on every page
visited; a screenshot of each is written to .data/screenshots (git-ignored)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Browser, Page, async_playwright

from services.werkplek.app import build_app
from services.werkplek.settings import Settings
from tests.e2e.conftest import Platform
from tests.e2e.test_handhaving_journeys import broer_komt_inwonen
from tests.e2e.test_intake_journeys import GOED, _aanmelding
from tests.e2e.test_isolation import EIGENAAR, _journey, _uitkering_journey
from tests.support import serve, wait_for

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "lint" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / ".data" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@contextlib.asynccontextmanager
async def _werkplek(platform: Platform, clients: dict[str, httpx.AsyncClient]) -> AsyncIterator[str]:
    settings = Settings(
        **{f"{naam}_url": str(client.base_url) for naam, client in clients.items()},
        dev_login=True,
    )
    async with serve(build_app(settings)) as url:
        yield url


@contextlib.asynccontextmanager
async def _browser() -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            yield browser
        finally:
            await browser.close()


async def _toegankelijk(page: Page, naam: str) -> None:
    """No WCAG 2.1 AA violation on the page (axe-core, in the browser); and a screenshot for a reviewer."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{naam}.png"), full_page=True)
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


async def _inloggen(page: Page, url: str, sub: str, rollen: list[str], gemeenten: list[str]) -> None:
    await page.goto(f"{url}/inloggen")
    await _toegankelijk(page, "inloggen")
    await page.fill("#sub", sub)
    for rol in rollen:
        await page.check(f"#rol-{rol}")
    await page.select_option("#gemeenten", gemeenten)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{url}/")


async def test_a_matcher_goes_from_vacature_to_plaatsing_and_nazorg(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        intake, matching = clients["intake"], clients["matching"]
        # A second kandidaat, in the pool with a profile, for the vacature's second place.
        created = (await intake.post("/api/v1/aanmeldingen", json=_aanmelding("999993653"), headers=EIGENAAR)).json()
        a = f"/api/v1/aanmeldingen/{created['id']}"
        await intake.post(f"{a}/screening", json={"scores": GOED}, headers=EIGENAAR)
        voorstel = (
            await intake.post(f"{a}/diagnosevoorstel", json={"kanDirectWerken": False}, headers=EIGENAAR)
        ).json()
        diagnose = {"route": voorstel["voorstel"]["route"], "uitkeringNodig": voorstel["voorstel"]["uitkeringNodig"]}
        await intake.post(f"{a}/diagnose", json=diagnose, headers=EIGENAAR)
        klant = created["klantId"]
        overdracht = {"naar": "regionaal", "vervolgstap": "Matchgesprek", "contactpersoon": "KCC"}
        offer = (await intake.post(f"/api/v1/klanten/{klant}/overdrachten", json=overdracht, headers=EIGENAAR)).json()
        await intake.post(f"/api/v1/klanten/{klant}/overdrachten/{offer['overdrachtId']}/acceptatie", headers=EIGENAAR)

        async def in_pool() -> bool:
            r = await matching.get(f"/api/v1/kandidaten/{klant}", headers=EIGENAAR)
            return r.status_code == 200 and bool(r.json()["inPool"])

        await wait_for(in_pool, timeout=30, what="the second kandidaat in the pool")
        profiel = {
            "vaardigheden": ["orderpicken"],
            "urenMin": 24,
            "urenMax": 36,
            "maxReisafstandKm": 30,
            "beschikbaarVanaf": "2027-01-01",
        }
        r = await matching.put(f"/api/v1/kandidaten/{klant}/profiel", json=profiel, headers=EIGENAAR)
        assert r.status_code == 200, r.text
        vacature = journey.ids["vacature_id"]

        async with _werkplek(platform, clients) as url, _browser() as browser:
            page = await browser.new_page()
            await _inloggen(page, url, "matcher-0014", ["matcher", "werkgeversadviseur"], ["GM0014"])
            await _toegankelijk(page, "start-matcher")
            await page.click("text=Vacatures")
            await page.click("text=Orderpicker")
            await page.wait_for_url(f"{url}/vacatures/{vacature}")
            kaart = page.locator("section.kaart", has=page.locator(f"a[href='/kandidaten/{klant}']"))
            await kaart.locator("table.uitleg").wait_for()
            assert "vaardigheden" in await kaart.locator("table.uitleg").inner_text()
            await _toegankelijk(page, "vacature-kandidaten")
            await kaart.locator("button", has_text="Voorstellen").click()
            await page.wait_for_url("**/voorstellen/*")
            assert await page.inner_text("#status") == "voorgesteld"
            assert await page.inner_text("[role=status]") == "Voorstel gedaan."  # the action says it is done
            await _toegankelijk(page, "voorstel")
            await page.click("text=Antwoord vastleggen")
            await page.wait_for_selector("text=Plaatsing")
            assert await page.inner_text("#status") == "geaccepteerd"
            assert await page.inner_text("[role=status]") == "Antwoord van de werkgever vastgelegd."
            await page.fill("#startdatum", "2026-11-02")
            await page.check("#lks")
            # Refused (LKS needs the age): back on the same form, the reason on top, what was typed still there.
            await page.click("button:has-text('Plaatsen')")
            await page.wait_for_selector("[role=alert]")
            assert "leeftijd" in await page.inner_text("[role=alert]")
            assert await page.input_value("#startdatum") == "2026-11-02" and await page.is_checked("#lks")
            await _toegankelijk(page, "voorstel-geweigerd")
            await page.fill("#leeftijd", "41")
            await page.click("button:has-text('Plaatsen')")
            await page.wait_for_selector("text=Instrumenten")
            assert await page.inner_text("#status") == "geplaatst"
            instrumenten = await page.locator("h2:has-text('Instrumenten') + ul").inner_text()
            # The LKS amount with its legal basis.
            assert "Loonkostensubsidie toegekend: €" in instrumenten and "per maand" in instrumenten
            assert "art. 10d" in instrumenten
            await page.fill("#verslag", "Eerste week goed verlopen")
            await page.click("text=Nazorg vastleggen")
            await page.wait_for_selector("td:has-text('goed')")
            await _toegankelijk(page, "plaatsing-nazorg")
            await page.goto(f"{url}/kandidaten/{klant}")
            tekst = await page.inner_text("main")
            assert "999993653" not in tekst and "Sanne" not in tekst  # never personal data
            await _toegankelijk(page, "kandidaat")


async def test_a_toegang_user_is_told_clearly_that_another_gemeentes_klant_is_not_theirs(platform: Platform) -> None:
    async with platform.up_every() as clients:
        created = (
            await clients["intake"].post("/api/v1/aanmeldingen", json=_aanmelding("111222333"), headers=EIGENAAR)
        ).json()
        async with _werkplek(platform, clients) as url, _browser() as browser:
            page = await browser.new_page()
            await _inloggen(page, url, "kcc-0037", ["toegang"], ["GM0037"])
            response = await page.goto(f"{url}/klanten/{created['klantId']}")
            assert response is not None and response.status == 404
            melding = await page.inner_text("[role=alert]")
            assert "buiten de gemeenten waarvoor u werkt" in melding and "Traceback" not in await page.content()
            await _toegankelijk(page, "klant-andere-gemeente")
            await page.goto(f"{url}/werklijsten")
            await _toegankelijk(page, "werklijsten")


async def test_a_rechercheur_compares_what_was_known_before_and_after_a_late_fact(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        await _uitkering_journey(clients["uitkering"], journey)
        klant, uid = journey.ids["klant_id"], journey.ids["uitkering_id"]
        handhaving = clients["handhaving"]

        async def in_audit() -> bool:
            r = await handhaving.get(f"/api/v1/tijdlijnen/{klant}?type=BetalingVerricht", headers=EIGENAAR)
            return r.status_code == 200 and bool(r.json()["items"])

        await wait_for(in_audit, timeout=60, what="the journey in the audit store")
        # The form takes whole seconds: the moment is the next whole second, and the late fact comes after it.
        voor = (datetime.now(UTC) + timedelta(seconds=1)).replace(microsecond=0)

        async def voorbij() -> bool:
            return datetime.now(UTC) > voor

        await wait_for(voorbij, timeout=5, what="the moment to compare with to pass")
        await broer_komt_inwonen(clients["uitkering"], uid)

        async def herberekend() -> bool:
            url = f"/api/v1/tijdlijnen/{klant}?type=HerberekeningVastgesteld&dienst=uitkering"
            items = (await handhaving.get(url, headers=EIGENAAR)).json()["items"]
            return any(i["gegevens"]["periode"] == "2026-10-01" for i in items)

        await wait_for(herberekend, timeout=60, what="the herberekening in the audit store")
        async with _werkplek(platform, clients) as url, _browser() as browser:
            page = await browser.new_page()
            await _inloggen(page, url, "rechercheur-0014", ["sociaal_rechercheur"], ["GM0014"])
            await page.goto(f"{url}/recherche/{klant}")
            assert "bijstand toegekend (uitkering)" in await page.inner_text("table")
            await _toegankelijk(page, "tijdlijn")
            await page.select_option("#dienst", "uitkering")
            await page.click("text=Filteren")
            await page.wait_for_url("**dienst=uitkering**")
            regels = await page.locator("tbody tr td:nth-child(2)").all_inner_texts()
            assert regels and all("(uitkering)" in r for r in regels)
            await page.goto(f"{url}/recherche/{klant}/verschil")
            await page.fill("#van", voor.strftime("%Y-%m-%dT%H:%M:%S"))
            await page.fill("#geldig", "2026-10-15")
            await page.click("text=Vergelijken")
            await page.wait_for_url("**geldig=2026-10-15**")
            await page.wait_for_selector(f"caption:has-text('uitkering:{uid}')")
            tabel = await page.locator("table", has=page.locator(f"caption:has-text('uitkering:{uid}')")).inner_text()
            assert "vastgesteld.2026-10-01" in tabel
            await _toegankelijk(page, "verschil")
            await page.goto(f"{url}/signalen")
            await _toegankelijk(page, "signalen")
            # An onderzoek, opened on screen: only its leden see it; a bevinding recorded.
            await page.click("nav >> text=Onderzoeken")
            await _toegankelijk(page, "onderzoeken")
            await page.fill("#klant_id", klant)
            await page.fill("#aanleiding", "Signaal kostendelers")
            await page.click("text=Openen (met wisblokkade)")
            await page.wait_for_url("**/onderzoeken/*")
            assert "wisblokkade" in await page.inner_text("main")
            await page.fill("#stap", "dossierstudie")
            await page.fill("#omschrijving", "BRP: broer ingeschreven sinds oktober")
            await page.click("text=Bevinding vastleggen")
            await page.wait_for_selector("li:has-text('dossierstudie')")
            await _toegankelijk(page, "onderzoek")


async def test_a_beleidsmedewerker_sees_the_figures_as_charts_with_tables(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        await _uitkering_journey(clients["uitkering"], journey)
        async with _werkplek(platform, clients) as url, _browser() as browser:
            page = await browser.new_page()
            await _inloggen(page, url, "beleid-0014", ["beheerder"], ["GM0014"])
            await page.click("text=Cijfers van uw gemeente")
            await page.wait_for_url(f"{url}/cijfers/GM0014")
            grafieken = page.locator("svg[role=img]")
            assert await grafieken.count() == 4  # bestand, stromen, duration bands, caseload against the norm
            assert await page.locator("caption:has-text('Caseload per klantmanager')").count() == 1
            assert "Bestand GM0014 2026" in (await grafieken.first.locator("title").text_content() or "")
            # On a phone the charts scroll in their own region; their text is not shrunk to a few pixels.
            groot = page.viewport_size
            await page.set_viewport_size({"width": 390, "height": 844})
            hoogtes = "[...document.querySelectorAll('svg.grafiek text')].map(t => t.getBoundingClientRect().height)"
            kleinste = await page.evaluate(f"Math.min(...{hoogtes})")
            if groot is not None:
                await page.set_viewport_size(groot)
            assert kleinste >= 10, f"chart text {kleinste:.1f} px high at 390 px"
            rij = await page.locator("tbody tr", has=page.locator("th:has-text('2026-10')")).inner_text()
            assert rij.split()[1] == "1"  # one uitkering in the bestand in October, as the table says
            await _toegankelijk(page, "cijfers")
            async with page.expect_download() as download:
                await page.click("text=Alle cijfers als CSV")
            inhoud = await page.evaluate("async (u) => (await fetch(u)).text()", f"{url}/cijfers/GM0014/export")
            assert "bestand" in inhoud.splitlines()[0]
            assert (await download.value).suggested_filename == "cijfers-GM0014-2026.csv"


async def test_a_klantmanager_and_an_uitkeringsconsulent_find_their_lists_and_explanations(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        await _uitkering_journey(clients["uitkering"], journey)
        uid, vordering, run = journey.ids["uitkering_id"], journey.ids["vordering_id"], journey.ids["betaalrun_id"]
        async with _werkplek(platform, clients) as url, _browser() as browser:
            page = await browser.new_page()
            await _inloggen(page, url, "km-0014", ["klantmanager"], ["GM0014"])
            await page.click("nav >> text=Werklijsten")
            assert "Nazorg te doen" in await page.inner_text("main")
            await _toegankelijk(page, "werklijsten-klantmanager")
            await page.goto(f"{url}/klanten/{journey.ids['klant_id']}")
            klantpagina = await page.inner_text("main")
            assert "regionaal" in klantpagina and "Matchgesprek" in klantpagina and "geaccepteerd op" in klantpagina
            await _toegankelijk(page, "klant")
            await page.click("text=Uitloggen")
            await _inloggen(page, url, "consulent-0014", ["uitkeringsconsulent"], ["GM0014"])
            await page.click("nav >> text=Uitkeringen")
            await _toegankelijk(page, "uitkeringen")
            await page.fill("#uitkering_id", uid)
            await page.fill("#periode", "2026-09")
            await page.click("text=Tonen")
            await page.wait_for_url(f"**/uitkeringen/{uid}/maanden/2026-09")
            uitleg = await page.inner_text("main")
            assert "art. 21" in uitleg and "Herberekeningen" in uitleg  # each component with its article
            assert "terugvordering" in uitleg  # the uitkering's vorderingen with their saldo
            assert await page.title() == "Maand 2026-09 · Werkplek regio"
            await _toegankelijk(page, "maand")
            await page.goto(f"{url}/vorderingen/{vordering}")
            assert "saldo €" in (await page.inner_text("h1")).lower()
            await _toegankelijk(page, "vordering")
            await page.goto(f"{url}/betaalruns/{run}")
            assert "betalingen" in await page.inner_text("main")
            await _toegankelijk(page, "betaalrun")
