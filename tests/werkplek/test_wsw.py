"""The SW-bedrijf's administration of the Wsw zittend bestand through the screens only (Playwright in Debian's
Chromium): a medewerker registered (refused after 2014, then accepted), detached to an inlener of the werkgeversloket,
another werkvorm; the year's money entered and shown per month to the cent; the projection as a chart with its table;
the Statistiek Wsw downloaded; an outflow recorded. The person and the inlener are seeded over the API (other roles'
work). Every visited page passes `browser.controleer`."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.e2e.conftest import Platform
from tests.e2e.test_intake_journeys import _aanmelding
from tests.e2e.test_isolation import EIGENAAR
from tests.e2e.test_trajecten_journeys import ADVISEUR
from tests.support import wait_for

from .browser import chromium, controleer, inloggen, verstuur, werkplek

KVK = "71234568"


async def _inlener_bekend(url: str) -> bool:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return bool((await conn.execute(text("SELECT count(*) FROM trajecten_werkgevers"))).scalar())
    finally:
        await engine.dispose()


async def test_the_sw_bedrijf_keeps_the_zittend_bestand_its_money_and_statistiek_on_screen(platform: Platform) -> None:
    async with platform.up_every() as clients, werkplek(platform, clients) as url, chromium() as browser:
        # Born 14 March 1960: the AOW age, and so the end of the indicatie, is 14 March 2027.
        body = {**_aanmelding("231456827", geboren="1960-03-14"), "hulpvraag": "werk"}
        aanmelding = await clients["intake"].post("/api/v1/aanmeldingen", json=body, headers=EIGENAAR)
        klant = aanmelding.json()["klantId"]
        inlener = {
            "kvkNummer": KVK,
            "naam": "Groenbedrijf Stad B.V.",
            "vestigingen": [{"naam": "Werf", "postcode": "9723ZS", "gemeente": "GM0014"}],
            "contactpersonen": [],
        }
        assert (await clients["werkgevers"].post("/api/v1/werkgevers", json=inlener, headers=ADVISEUR)).is_success
        await wait_for(
            lambda: _inlener_bekend(platform.trajecten_settings.database_url),
            timeout=30,
            what="trajecten to know the inlener",
        )
        page = await browser.new_page()
        await inloggen(page, url, "sw-administratie", ["klantmanager", "beheerder"], ["GM0014"])
        await page.click("nav >> text=Wsw")
        await controleer(page, "wsw-leeg")

        # Registration: after 2014 is refused at its field, with what was typed kept.
        medewerker = {"klant_id": klant, "indienst": "2015-02-01", "uren": "36"}
        await verstuur(page, "Registreren", medewerker, {"arbeidshandicap": "matig", "werkvorm": "beschut_binnen"})
        await page.wait_for_selector("#fout-indienst")
        assert await page.input_value("#klant_id") == klant
        await verstuur(page, "Registreren", {"indienst": "2009-05-01"}, gelukt="Wsw-medewerker geregistreerd.")
        assert "Sanne Bakker" in await page.inner_text("h1")
        detachering = {"kvk_nummer": KVK, "van": "2027-01-01", "detachering_uren": "20", "tarief": "24,50"}
        await verstuur(page, "Detachering vastleggen", detachering, {"soort": "groep"}, "Detachering vastgelegd.")
        assert "Groenbedrijf Stad B.V." in await page.inner_text("main table >> nth=1")
        werkvorm = {"per": "2027-02-01", "uren": "30"}
        await verstuur(
            page, "Werkvorm vastleggen", werkvorm, {"werkvorm": "groepsdetachering"}, "Werkvorm en uren vastgelegd."
        )
        await controleer(page, "wsw-medewerker")

        # The bestand, its projection as a chart beside its table, and the money of 2027.
        await page.click("text=Terug naar het zittend bestand")
        assert "Zittend bestand Wsw" in (await page.text_content("svg title") or "")
        await page.select_option("#jaar", "2027")
        await page.click("button:has-text('Tonen')")
        geld = {
            "rijksbijdrage": "30.000,00",
            "rijksbijdrage_bron": "Septembercirculaire 2026",
            "loonkosten_per_se": "36.000,00",
            "loonkosten_bron": "Cao SW, loontabel 2027",
        }
        await verstuur(page, "Geld vastleggen", geld, gelukt="Geld van de Wsw voor 2027 vastgelegd.")
        rijen = "table:has(caption:has-text('Per maand')) tbody tr"
        maanden = [(await page.inner_text(f"{rijen} >> nth={i}")).replace("\xa0", " ") for i in range(3)]
        # January full time (1 SE, € 3,000 wage cost, € 2,500 rijksbijdrage, 20 h × 52/12 × € 24.50 billed);
        # February 30 hours; March out on the 14th: no month-end stand, 13 of 31 days billed.
        assert "€ 3.000,00" in maanden[0] and "€ 2.123,33" in maanden[0]
        assert "€ 2.500,00" in maanden[1]
        assert "€ 0,00" in maanden[2] and "€ 890,43" in maanden[2]
        await controleer(page, "wsw-geld")

        async with page.expect_download() as download:
            await page.click("text=Eerste halfjaar (CSV)")
        assert (await download.value).suggested_filename == "statistiek-wsw-GM0014-2027-1.csv"
        csv = f"{url}/wsw/GM0014/statistiek.csv?jaar=2027&halfjaar=1"
        kop, rij = (await page.evaluate("async (u) => (await fetch(u)).text()", csv)).splitlines()
        velden = dict(zip(kop.split(";"), rij.split(";"), strict=True))
        assert (velden["bsn"], velden["uitstroom_reden"], velden["detachering"]) == ("231456827", "aow", "3")

        # An outflow before the AOW age, recorded on the medewerker's page.
        await page.click("text=Sanne Bakker")
        uit = {"uitstroom_per": "2027-02-15"}
        await verstuur(page, "Uitstroom vastleggen", uit, {"reden": "eigen_verzoek"}, "Uitstroom vastgelegd.")
        assert "eigen verzoek" in await page.inner_text("main dl")
