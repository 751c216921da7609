"""The werkplek in Debian's Chromium (Playwright): a matcher from vacature to plaatsing with LKS and nazorg, a toegang
user refused another gemeente's klant, the rechercheur's day from signaal to uitkomst with the as-of diff, beleid's
year, the klantmanager's lists and the consulent's explanations. Every visited page is checked by
`browser.controleer` (axe at full width and 390 px, nothing unreadable); screenshots go to .data/screenshots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.conftest import Platform
from tests.e2e.test_handhaving_journeys import broer_komt_inwonen
from tests.e2e.test_intake_journeys import _aanmelding
from tests.e2e.test_isolation import EIGENAAR, _journey, _uitkering_journey
from tests.support import wait_for

from .browser import chromium, controleer, inloggen, kandidaat_in_pool, uitloggen, verstuur, werkplek


async def test_a_matcher_goes_from_vacature_to_plaatsing_and_nazorg(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        # A second kandidaat, in the pool with a profile, for the vacature's second place.
        klant = await kandidaat_in_pool(
            clients, "999993653", "Sanne Bakker", vaardigheden=["orderpicken"], beschikbaarVanaf="2027-01-01"
        )
        vacature = journey.ids["vacature_id"]

        async with werkplek(platform, clients) as url, chromium() as browser:
            page = await browser.new_page()
            await inloggen(page, url, "matcher-0014", ["matcher", "werkgeversadviseur"], ["GM0014"])
            await controleer(page, "start-matcher")
            await page.click("text=Vacatures")
            await page.click("text=Orderpicker")
            await page.wait_for_url(f"{url}/vacatures/{vacature}")
            kaart = page.locator("section.kaart", has=page.locator(f"a[href='/kandidaten/{klant}']"))
            await kaart.locator("table.uitleg").wait_for()
            assert "vaardigheden" in await kaart.locator("table.uitleg").inner_text()
            await controleer(page, "vacature-kandidaten")
            await kaart.locator("button", has_text="Voorstellen").click()
            await page.wait_for_url("**/voorstellen/*")
            assert await page.inner_text("#status") == "voorgesteld"
            assert await page.inner_text("[role=status]") == "Voorstel gedaan."  # the action says it is done
            await controleer(page, "voorstel")
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
            await controleer(page, "voorstel-geweigerd")
            await page.fill("#leeftijd", "41")
            await page.click("button:has-text('Plaatsen')")
            await page.wait_for_selector("text=Instrumenten")
            assert await page.inner_text("#status") == "geplaatst"
            instrumenten = await page.locator("h2:has-text('Instrumenten') + ul").inner_text()
            # The LKS amount with its legal basis.
            assert "Loonkostensubsidie toegekend: €" in instrumenten and "per maand" in instrumenten
            assert "art. 10d" in instrumenten
            # Setting the LKS again is for a new 1 January; before it the refusal says why, on the same page.
            await verstuur(page, "Opnieuw vaststellen", {"nieuwe_leeftijd": "42"})
            assert "hoeft nu niet opnieuw vastgesteld" in await page.inner_text("[role=alert]")
            await controleer(page, "lks-herijking-geweigerd")
            await page.fill("#verslag", "Eerste week goed verlopen")
            await page.click("text=Nazorg vastleggen")
            await page.wait_for_selector("td:has-text('goed')")
            await controleer(page, "plaatsing-nazorg")
            await page.goto(f"{url}/kandidaten/{klant}")
            tekst = await page.inner_text("main")
            assert "999993653" not in tekst and "Sanne" not in tekst  # never personal data
            await controleer(page, "kandidaat")


async def test_a_toegang_user_is_told_clearly_that_another_gemeentes_klant_is_not_theirs(platform: Platform) -> None:
    async with platform.up_every() as clients:
        created = (
            await clients["intake"].post("/api/v1/aanmeldingen", json=_aanmelding("111222333"), headers=EIGENAAR)
        ).json()
        async with werkplek(platform, clients) as url, chromium() as browser:
            page = await browser.new_page()
            await inloggen(page, url, "kcc-0037", ["toegang"], ["GM0037"])
            response = await page.goto(f"{url}/klanten/{created['klantId']}")
            assert response is not None and response.status == 404
            melding = await page.inner_text("[role=alert]")
            assert "buiten de gemeenten waarvoor u werkt" in melding and "Traceback" not in await page.content()
            await controleer(page, "klant-andere-gemeente")
            await page.goto(f"{url}/werklijsten")
            await controleer(page, "werklijsten")


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

        async def signaal() -> bool:
            r = await handhaving.get("/api/v1/signalen", params={"klantId": klant, "open": "true"}, headers=EIGENAAR)
            return bool(r.json()["items"])

        await wait_for(signaal, timeout=60, what="a signaal about the klant")
        async with werkplek(platform, clients) as url, chromium() as browser:
            page = await browser.new_page()
            await inloggen(page, url, "rechercheur-0014", ["sociaal_rechercheur"], ["GM0014"])
            await page.goto(f"{url}/recherche/{klant}")
            assert "Bijstand toegekend (uitkering)" in await page.inner_text("table")
            await controleer(page, "tijdlijn")
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
            await page.wait_for_selector("caption:has-text('Uitkering')")
            tabel = await page.locator("table", has=page.locator("caption:has-text('Uitkering')")).first.inner_text()
            assert "vastgesteld, 1 oktober 2026" in tabel
            await controleer(page, "verschil")
            # The late fact is a signaal: triaged on screen, an onderzoek opened from it, a bevinding, an uitkomst.
            await page.click("nav >> text=Signalen")
            kaart = page.locator("section.kaart", has=page.locator(f"a[href='/klanten/{klant}']")).first
            assert "Sanne Bakker" in await kaart.inner_text()  # read for handhaving, logged at intake
            await controleer(page, "signalen")
            await kaart.locator("select").select_option("onderzoek")
            await kaart.locator("input[name=reden]").fill("Broer ingeschreven: kostendelersnorm vanaf oktober?")
            await kaart.locator("button", has_text="Vastleggen").click()
            await page.wait_for_selector("text=Signaal beoordeeld.")
            await page.click("nav >> text=Onderzoeken")
            await controleer(page, "onderzoeken")
            await page.locator("form", has_text="Broer ingeschreven").locator("button").click()
            await page.wait_for_url("**/onderzoeken/*")
            assert "wisblokkade" in await page.inner_text("main")
            assert "Onderzoek naar Sanne Bakker" in await page.inner_text("h1")
            bevinding = {"stap": "dossierstudie", "omschrijving": "BRP: broer ingeschreven sinds oktober"}
            await verstuur(page, "Bevinding vastleggen", bevinding, gelukt="Bevinding vastgelegd.")
            assert "dossierstudie" in await page.inner_text("main ol")
            await controleer(page, "onderzoek")
            await verstuur(page, "Toevoegen", {"lid": "rechercheur-bas"}, gelukt="Lid toegevoegd.")
            assert "rechercheur-bas" in await page.inner_text("main")
            toelichting = {"toelichting": "De kostendelersnorm gold al vanaf oktober; niets te veel betaald."}
            await verstuur(page, "Afronden", toelichting, {"uitkomst": "geen-benadeling"}, gelukt="Onderzoek afgerond.")
            assert "Uitkomst: geen benadeling" in await page.inner_text("main")
            await controleer(page, "onderzoek-afgerond")
            # A steekproef of the running uitkeringen, reproducible from its seed.
            await page.click("nav >> text=Onderzoeken")
            await page.click("text=Steekproef trekken")
            await page.fill("#omvang", "1")
            await page.check("#leefvorm")
            await controleer(page, "steekproef-nieuw")
            await page.click("button:has-text('Steekproef trekken')")
            await page.wait_for_selector("text=Steekproef getrokken.")
            assert "1 uit 1 lopende uitkeringen" in await page.inner_text("main")
            assert await page.locator("ol li a").count() == 1
            await controleer(page, "steekproef")


async def test_a_beleidsmedewerker_sees_the_figures_as_charts_with_tables(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        await _uitkering_journey(clients["uitkering"], journey)
        async with werkplek(platform, clients) as url, chromium() as browser:
            page = await browser.new_page()
            await inloggen(page, url, "beleid-0014", ["beheerder"], ["GM0014"])
            await page.click("text=Cijfers van uw gemeente")
            await page.wait_for_url(f"{url}/cijfers/GM0014")
            grafieken = page.locator("svg[role=img]")
            assert await grafieken.count() == 4  # bestand, stromen, duration bands, caseload against the norm
            assert await page.locator("caption:has-text('Caseload per klantmanager')").count() == 1
            assert "Bestand Groningen 2026" in (await grafieken.first.locator("title").text_content() or "")
            # On a phone the charts scroll in their own region; their text is not shrunk to a few pixels.
            groot = page.viewport_size
            await page.set_viewport_size({"width": 390, "height": 844})
            hoogtes = "[...document.querySelectorAll('svg.grafiek text')].map(t => t.getBoundingClientRect().height)"
            kleinste = await page.evaluate(f"Math.min(...{hoogtes})")
            if groot is not None:
                await page.set_viewport_size(groot)
            assert kleinste >= 10, f"chart text {kleinste:.1f} px high at 390 px"
            rij = await page.locator("tbody tr", has=page.locator("th:has-text('oktober 2026')")).first.inner_text()
            assert rij.split("\t")[1] == "1"  # one uitkering in the bestand in October, as the table says
            grootboek = page.locator("table", has=page.locator("caption:has-text('Grootboek')"))
            assert "BUIG" in await grootboek.inner_text()  # the bijstand paid, booked on the gemeente's BUIG
            await controleer(page, "cijfers")
            # Another year from the picker: the figures of that year, none yet in 2025.
            await page.select_option("#jaar", "2025")
            await page.click("button:has-text('Tonen')")
            await page.wait_for_url("**jaar=2025")
            assert "Nog geen boekingen in 2025" in await page.inner_text("main")
            await controleer(page, "cijfers-2025")
            await page.select_option("#jaar", "2026")
            await page.click("button:has-text('Tonen')")
            async with page.expect_download() as download:
                await page.click("text=Alle cijfers van 2026 als CSV")
            inhoud = await page.evaluate("async (u) => (await fetch(u)).text()", f"{url}/cijfers/GM0014/export")
            assert "bestand" in inhoud.splitlines()[0]
            assert (await download.value).suggested_filename == "cijfers-GM0014-2026.csv"


async def test_a_klantmanager_and_an_uitkeringsconsulent_find_their_lists_and_explanations(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        await _uitkering_journey(clients["uitkering"], journey)
        uid, vordering, run = journey.ids["uitkering_id"], journey.ids["vordering_id"], journey.ids["betaalrun_id"]
        async with werkplek(platform, clients) as url, chromium() as browser:
            page = await browser.new_page()
            await inloggen(page, url, "km-0014", ["klantmanager"], ["GM0014"])
            await page.click("nav >> text=Werklijsten")
            assert "Nazorg te doen" in await page.inner_text("main")
            await controleer(page, "werklijsten-klantmanager")
            await page.goto(f"{url}/klanten/{journey.ids['klant_id']}")
            klantpagina = await page.inner_text("main")
            assert "regionaal" in klantpagina and "Matchgesprek" in klantpagina and "geaccepteerd op" in klantpagina
            await controleer(page, "klant")
            await uitloggen(page)
            await inloggen(page, url, "consulent-0014", ["uitkeringsconsulent"], ["GM0014"])
            await page.click("nav >> text=Uitkeringen")
            await controleer(page, "uitkeringen")
            await page.click("text=Aanvraag van 7 september 2026")
            await controleer(page, "uitkering")
            await page.click("a:text-is('september 2026')")
            await page.wait_for_url(f"**/uitkeringen/{uid}/maanden/2026-09")
            uitleg = await page.inner_text("main")
            assert "art. 21" in uitleg and "Herberekeningen" in uitleg  # each component with its article
            assert "terugvordering" in uitleg  # the uitkering's vorderingen with their saldo
            assert await page.title() == "Bijstand september 2026 · Werkplek regio"
            await controleer(page, "maand")
            await page.goto(f"{url}/vorderingen/{vordering}")
            assert "saldo €" in (await page.inner_text("h1")).lower()
            await controleer(page, "vordering")
            await page.goto(f"{url}/betaalruns/{run}")
            assert "Betalingen" in await page.inner_text("main")
            await controleer(page, "betaalrun")
