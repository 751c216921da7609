"""Each role's day through the screens only (Playwright in Debian's Chromium): toegang and the klantmanager from
aanmelding to a kandidaat with a profile and a klantmanager; the werkgeversadviseur and the matcher from werkgever to
plaatsing; the uitkeringsconsulent from aanvraag to betaalrun. API calls outside the browser only seed other roles'
work. Every visited page passes axe at full width and at 390 px and shows nothing unreadable (`browser.controleer`)."""

from __future__ import annotations

from playwright.async_api import Page

from services.werkplek.toegang import LEEFGEBIEDEN
from tests.e2e.conftest import Platform
from tests.e2e.test_isolation import EIGENAAR, _journey
from tests.support import inwoner, wait_for

from .browser import chromium, controleer, inloggen, kandidaat_in_pool, uitloggen, verstuur, werkplek

BSN = "123456782"


async def _velden_fout(page: Page, veld: str) -> str:
    """The refusal shown at a field, after the page came back with the error summary on top."""
    await page.wait_for_selector("[role=alert]")
    return " ".join((await page.text_content(f"#fout-{veld}") or "").split())


async def test_toegang_registers_screens_and_hands_over_the_klantmanager_diagnoses_accepts_profiles_and_assigns(
    platform: Platform,
) -> None:
    async with platform.up_every() as clients, werkplek(platform, clients) as url, chromium() as browser:
        inwoner(BSN, "Fatma Yilmaz", "1991-06-21", "GM0014", "9712CP")
        page = await browser.new_page()
        await inloggen(page, url, "kcc-0014", ["toegang"], ["GM0014"])
        await page.click("nav >> text=Nieuwe aanmelding")
        await controleer(page, "aanmelding-nieuw")
        await page.select_option("#kanaal", "kcc")
        await page.select_option("#hulpvraag", "beide")
        await page.fill("#kanaal_referentie", "KCC-2026-0412")
        await page.fill("#bsn", "123456789")  # fails the elfproef
        await page.fill("#naam", "Fatma Yilmaz")
        await page.fill("#geboortedatum", "1991-06-21")
        await page.click("button:has-text('Aanmelding registreren')")
        # Refused by intake: back on the form, the reason in Dutch at the field, everything typed still there.
        assert await _velden_fout(page, "bsn") == "Fout: Geen geldig BSN (9 cijfers, elfproef)."
        assert await page.input_value("#naam") == "Fatma Yilmaz" and await page.input_value("#bsn") == "123456789"
        assert await page.get_attribute("#bsn", "aria-invalid") == "true"
        await controleer(page, "aanmelding-nieuw-fout")
        await page.fill("#bsn", BSN)
        await page.click("button:has-text('Aanmelding registreren')")
        await page.wait_for_url("**/aanmeldingen/*")
        assert await page.inner_text("[role=status]") == "Aanmelding geregistreerd."
        await controleer(page, "aanmelding")
        for leefgebied, _, verplicht in LEEFGEBIEDEN:  # every one the instrument asks; kinderopvang does not apply
            if verplicht:
                await page.select_option(f"#{leefgebied}", "4")
        await page.click("button:has-text('Screening vastleggen')")
        await page.wait_for_selector("text=Screening vastgelegd.")
        await page.check("#kan_direct_werken-ja")
        await page.click("button:has-text('Diagnose laten voorstellen')")
        await page.wait_for_selector("text=Diagnosevoorstel gemaakt.")
        assert "Voorgesteld: route werk" in await page.inner_text("main")
        aanmelding = page.url
        await uitloggen(page)

        # The klantmanager confirms the diagnose the rules proposed.
        await inloggen(page, url, "km-anna", ["klantmanager"], ["GM0014"])
        await page.click("nav >> text=Werklijsten")
        await controleer(page, "werklijsten-klantmanager")
        # The name, read from intake for the overdracht and logged there; the ids stay in the links.
        assert "Fatma Yilmaz" in await page.inner_text("main table")
        await page.click("text=Werk en inkomen via KCC (KCC-2026-0412)")
        assert page.url == aanmelding
        await page.click("button:has-text('Diagnose vaststellen')")
        await page.wait_for_selector("text=Diagnose vastgesteld.")
        await controleer(page, "aanmelding-gediagnosticeerd")
        await uitloggen(page)

        # Toegang offers the warme overdracht to the regional team, from the klant's page.
        await inloggen(page, url, "kcc-0014", ["toegang"], ["GM0014"])
        await page.goto(aanmelding)
        await page.click("text=Verder bij de klant: warme overdracht")
        assert "Fatma Yilmaz" in await page.inner_text("h1")  # the name, read for intake and logged as such
        await controleer(page, "klant-toegang")
        contact = {"telefoon": "06-12345678", "correctiereden": "Nieuw nummer, gemeld aan de balie"}
        await verstuur(page, "Bijwerken", contact, gelukt="Contactgegevens bijgewerkt.")
        assert "06-12345678" in await page.inner_text("main dl")
        await page.select_option("#naar", "regionaal")
        await page.fill("#vervolgstap", "Matchgesprek bij het Werkplein")
        await page.fill("#contactpersoon", "Ingrid, KCC Groningen, 050-1234567")
        await page.click("button:has-text('Overdracht aanbieden')")
        await page.wait_for_selector("text=Warme overdracht aangeboden.")
        klantpagina = page.url
        await uitloggen(page)

        # The klantmanager accepts, records the profile and assigns itself.
        await inloggen(page, url, "km-anna", ["klantmanager"], ["GM0014"])
        await page.goto(klantpagina)
        await page.click("button:has-text('Overdracht accepteren')")
        await page.wait_for_selector("text=Overdracht geaccepteerd.")
        klant = klantpagina.rsplit("/", 1)[1]

        async def in_pool() -> bool:
            r = await clients["matching"].get(f"/api/v1/kandidaten/{klant}", headers=EIGENAAR)
            return r.status_code == 200 and bool(r.json()["inPool"])

        await wait_for(in_pool, timeout=30, what="the kandidaat in matching's pool")
        await page.click("text=Profiel en voorstellen")
        await controleer(page, "kandidaat-zonder-profiel")
        profiel = {"vaardigheden": "orderpicken, heftruck rijden", "uren_min": "40", "uren_max": "30"}
        await verstuur(page, "Profiel vastleggen", profiel)
        assert await _velden_fout(page, "uren_min") == "Fout: Hoogstens het maximum van 30 uur."
        await controleer(page, "kandidaat-profiel-fout")
        await verstuur(page, "Profiel vastleggen", {"uren_min": "24"}, gelukt="Profiel vastgelegd")
        # Accepting made her the klantmanager; she hands the kandidaat to a colleague with room in the caseload.
        assert "klantmanager km-anna" in await page.inner_text("main")
        await controleer(page, "kandidaat-met-profiel")
        toewijzing = {"klantmanager": "km-bert", "toewijsreden": "herverdeling caseload"}
        await verstuur(page, "Toewijzen", toewijzing, gelukt="Klantmanager toegewezen.")
        assert "klantmanager km-bert" in await page.inner_text("main")


async def test_the_werkgeversadviseur_registers_and_the_matcher_gets_a_rejection_with_a_reason_and_places_another(
    platform: Platform,
) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        eerste = await kandidaat_in_pool(clients, "999993653", "Sanne de Boer", vaardigheden=["orderpicken"])
        tweede = await kandidaat_in_pool(clients, "231456785", "Jan de Vries", vaardigheden=["orderpicken"])
        vacature = journey.ids["vacature_id"]
        async with werkplek(platform, clients) as url, chromium() as browser:
            page = await browser.new_page()
            await inloggen(page, url, "adviseur-wim", ["werkgeversadviseur"], ["GM0014"])
            await page.click("nav >> text=Werkgevers")
            await page.fill("#zoek", "groothandel")
            await page.click("button:has-text('Zoeken')")
            assert 'Geen werkgever gevonden met "groothandel"' in await page.inner_text("main")
            await page.click("text=Werkgever registreren")
            werkgever = {"naam": "Groothandel Noord", "vestiging_naam": "Magazijn Zernike", "postcode": "9747 AA"}
            await verstuur(page, "Werkgever registreren", {"kvk_nummer": "1234", **werkgever})
            assert await _velden_fout(page, "kvk_nummer") == "Fout: Dit heeft niet de goede vorm."
            await controleer(page, "werkgever-nieuw-fout")
            await verstuur(page, "Werkgever registreren", {"kvk_nummer": "87654321"}, gelukt="Werkgever geregistreerd.")
            werkgeverpagina = page.url
            await page.click("nav >> text=Werkgevers")
            await verstuur(page, "Zoeken", {"zoek": "groothandel"})
            await page.click("text=Groothandel Noord")
            assert page.url == werkgeverpagina
            await controleer(page, "werkgever")
            afspraak = {"sr_van": "2027-01-01", "sr_tot": "2028-01-01", "sr_plaatsingen": "2", "sr_uren": "0"}
            await verstuur(page, "Afspraak vastleggen", afspraak, gelukt="Social return-afspraak vastgelegd.")
            assert "0 van 2" in await page.inner_text("main table")
            vacature_velden = {
                "titel": "Magazijnmedewerker",
                "isco08": "9333",
                "vereiste_vaardigheden": "orderpicken",
                "startdatum": "2027-01-04",
            }
            await verstuur(page, "Vacature registreren", vacature_velden, gelukt="Vacature geregistreerd.")
            assert await page.inner_text("h1") == "Magazijnmedewerker"
            await controleer(page, "vacature-nieuw")
            reden = {"statusreden": "Eerst de inwerkplanning rond"}
            await verstuur(page, "Status wijzigen", reden, {"status": "on_hold"}, gelukt="Status van de vacature")
            assert "on hold" in await page.inner_text("main")
            await uitloggen(page)

            await inloggen(page, url, "matcher-mila", ["matcher"], ["GM0014"])
            await page.click("nav >> text=Vacatures")
            await page.fill("#zoek", "orderpick")
            await page.click("button:has-text('Zoeken')")
            await page.click("text=Orderpicker")
            await page.wait_for_url(f"{url}/vacatures/{vacature}")
            await controleer(page, "vacature-matcher")
            for klant in (eerste, tweede):
                kaart = page.locator("section.kaart", has=page.locator(f"a[href='/kandidaten/{klant}']"))
                await kaart.locator("button", has_text="Voorstellen").click()
                await page.wait_for_selector("text=Voorstel gedaan.")
                await page.goto(f"{url}/vacatures/{vacature}")
            # Both wait for the employer's answer in the list of open voorstellen.
            await page.click("nav >> text=Voorstellen")
            await controleer(page, "voorstellen-open")
            assert await page.locator("tbody tr", has_text="Orderpicker").count() == 2
            await page.check("#mijn")  # the matcher's own open voorstellen: both hers
            await page.click("button:has-text('Tonen')")
            await page.wait_for_url("**mijn=ja**")
            assert await page.locator("tbody tr", has_text="matcher-mila").count() == 2
            await page.locator("tbody tr", has_text="Orderpicker").first.locator("a").click()
            await page.check("#nee")
            await page.click("button:has-text('Antwoord vastleggen')")
            assert await _velden_fout(page, "reden") == "Fout: Kies een reden uit de lijst."
            assert await _velden_fout(page, "toelichting") == "Fout: Licht de afwijzing toe."
            await page.check("#nee")
            toelichting = {"toelichting": "Veiligheidsinstructies zijn in het Nederlands"}
            reden = {"reden": "taalniveau"}
            await verstuur(page, "Antwoord vastleggen", toelichting, reden, gelukt="Antwoord van de werkgever")
            assert await page.inner_text("#status") == "afgewezen"
            await controleer(page, "voorstel-afgewezen")
            await page.click("nav >> text=Voorstellen")
            await page.locator("tbody tr", has_text="Orderpicker").first.locator("a").click()
            await page.click("button:has-text('Antwoord vastleggen')")
            await page.wait_for_selector("text=Plaatsing")
            plaatsing = {"startdatum": "2027-01-04", "einddatum": "2027-12-31"}
            contract = {"contractvorm": "bepaalde_tijd"}
            await verstuur(page, "Plaatsen", plaatsing, contract, gelukt="Plaatsing vastgelegd.")
            assert await page.inner_text("#status") == "geplaatst"
            await controleer(page, "voorstel-geplaatst")
            await page.click("text=kandidaat uit Groningen")
            assert "taalniveau" not in await page.inner_text("main")  # the placed one was not the rejected one


async def test_the_uitkeringsconsulent_from_aanvraag_to_betaalrun_terugvordering_and_maatregel(
    platform: Platform,
) -> None:
    async with platform.up_every() as clients:
        inwoner("999993653", "Sanne de Boer", "1985-03-14", "GM0014")
        body = {
            "gemeente": "GM0014",
            "kanaal": "werkplein",
            "hulpvraag": "inkomen",
            "persoon": {"bsn": "999993653", "naam": "Sanne de Boer", "geboortedatum": "1985-03-14"},
        }
        assert (await clients["intake"].post("/api/v1/aanmeldingen", json=body, headers=EIGENAAR)).status_code == 201
        async with werkplek(platform, clients) as url, chromium() as browser:
            page = await browser.new_page()
            await inloggen(page, url, "consulent-0014", ["uitkeringsconsulent"], ["GM0014"])
            await page.click("nav >> text=Uitkeringen")
            await controleer(page, "uitkeringen-leeg")
            await page.click("text=Klant zoeken voor een nieuwe aanvraag")
            await page.fill("#bsn", "999993653")
            await page.click("button:has-text('Klant zoeken')")
            await page.wait_for_selector("text=Klant gevonden.")
            assert "Sanne de Boer" in await page.inner_text("h1")
            await controleer(page, "klant-consulent")
            await page.click("text=Aanvraag bijstand indienen")
            aanvraag = {"meldingsdatum": "2026-11-02", "aanvraagdatum": "2026-11-02", "geboortedatum": "1985-03-14"}
            await verstuur(page, "Aanvraag indienen", aanvraag, gelukt="Aanvraag ingediend.")
            await controleer(page, "aanvraag")
            besluit = {"motivering": "Geen inkomen of vermogen; recht vastgesteld."}
            await verstuur(page, "Toekennen", besluit, gelukt="Besluit genomen.")
            rekening = {"iban": "NL44 RABO 0123 4567 89", "tenaamstelling": "S. de Boer"}
            await verstuur(page, "Rekening vastleggen", rekening, gelukt="Rekening vastgelegd.")
            uitkering = page.url
            # November is paid in the betaalrun, then the income of November comes in: paid too much, claimed back.
            await page.click("nav >> text=Uitkeringen")
            assert "Sanne de Boer" in await page.inner_text("main table")
            await verstuur(page, "Betaalrun draaien", {"periode": "2026-11"}, gelukt="Betaalrun gedraaid.")
            assert "€" in await page.inner_text("main")
            await controleer(page, "betaalrun")
            async with page.expect_download() as download:
                await page.click("text=Betaalbestand voor de bank")
            assert (await download.value).suggested_filename.startswith("pain001-")
            await page.goto(uitkering)
            inkomsten = {
                "inkomsten-periode": "2026-11",
                "werkgever": "Schoonmaakbedrijf Stad",
                "uren": "20",
                "bruto": "410,00",
                "netto": "366,25",
                "loonstrook_van": "2026-11-01",
                "loonstrook_tot": "2026-11-30",
            }
            await verstuur(page, "Inkomsten vastleggen", inkomsten, gelukt="Inkomsten vastgelegd.")
            await verstuur(page, "Terugvorderen", keuzes={"grond": "58.1"}, gelukt="Terugvordering vastgesteld.")
            vordering = await page.inner_text("main")
            assert "Terugvordering: saldo €" in vordering and "art. 58 lid 1" in vordering
            await controleer(page, "vordering")
            afspraak = {"bedrag_per_maand": "50,00"}
            await verstuur(page, "Afspraak vastleggen", afspraak, gelukt="Aflossingsafspraak vastgelegd.")
            await verstuur(page, "Aflossing vastleggen", {"bedrag": "25,00"}, gelukt="Aflossing vastgelegd.")
            assert "€ -25,00" in (await page.inner_text("main table")).replace("\xa0", " ")
            await controleer(page, "vordering-afgelost")
            await verstuur(page, "Boete opleggen", keuzes={"verwijtbaarheid": "verminderd"})
            await page.wait_for_selector("[role=status]:has-text('Boete opgelegd.')")
            await controleer(page, "boete")
            await page.goto(uitkering)
            assert "Sanne de Boer" in await page.inner_text("main dl")
            await verstuur(page, "Heronderzoek vastleggen", keuzes={"heronderzoekuitkomst": "ongewijzigd"})
            await page.wait_for_selector("[role=status]:has-text('Heronderzoek vastgelegd.')")
            voornemen = {"feitdatum": "2026-11-20", "omschrijving": "Afspraak bij het Werkplein gemist zonder bericht"}
            keuze = {"verplichting": "verordening:licht"}
            await verstuur(page, "Voornemen vastleggen", voornemen, keuze, gelukt="Voornemen tot een maatregel")
            zienswijze = {"zienswijze-1": "Ik was ziek en had geen beltegoed."}
            await verstuur(page, "Zienswijze vastleggen", zienswijze, gelukt="Zienswijze vastgelegd.")
            motivering = {"maatregel-motivering-1": "Verwijtbaar: geen bericht vooraf of achteraf."}
            await verstuur(page, "Besluiten", motivering, gelukt="Besluit over de maatregel genomen.")
            assert "opgelegd" in await page.inner_text("main")
            await controleer(page, "uitkering-met-maatregel")
