"""The klantmanager's traject through the screens only (Playwright in Debian's Chromium): beleid enters the budget
line, the klantmanager draws up the plan van aanpak with the klant (refused without the consequence of an
arbeidsverplichting, then accepted), evaluates it, registers an aanbieder, starts a jobcoach on the line, books an
invoice, evaluates and ends it, and asks a tegenprestatie; beleid then sees the line and the keuzes. The klant is
seeded over the API (another role's work). Every visited page passes `browser.controleer`."""

from __future__ import annotations

from datetime import date

from playwright.async_api import Page
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.e2e.conftest import Platform
from tests.support import wait_for

from .browser import chromium, controleer, inloggen, kandidaat_in_pool, uitloggen, verstuur, werkplek


async def _tekst(page: Page, selector: str) -> str:
    """The text of a part of the page, with the non-breaking space of Dutch amounts as a plain one."""
    return (await page.inner_text(selector)).replace("\xa0", " ")


async def _bekend_bij_trajecten(url: str, klant: str) -> bool:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            sql = text("SELECT team = 'regionaal' FROM trajecten_klanten WHERE klant_id = CAST(:k AS uuid)")
            return bool((await conn.execute(sql, {"k": klant})).scalar())
    finally:
        await engine.dispose()


async def test_the_klantmanager_draws_up_the_plan_starts_a_voorziening_and_beleid_sees_what_it_cost(
    platform: Platform,
) -> None:
    vandaag = date.today()
    begin = date(vandaag.year, 1, 1).isoformat()
    async with platform.up_every() as clients, werkplek(platform, clients) as url, chromium() as browser:
        klant = await kandidaat_in_pool(clients, "231456803", "Noor Jansen", vaardigheden=["orderpicken"])
        await wait_for(
            lambda: _bekend_bij_trajecten(platform.trajecten_settings.database_url, klant),
            timeout=30,
            what="trajecten to know the klant and its regional team",
        )
        page = await browser.new_page()

        # Beleid enters the gemeente's re-integratie budget line for this year.
        await inloggen(page, url, "beleid-0014", ["beheerder"], ["GM0014"])
        await page.click("nav >> text=Budget en keuzes")
        await controleer(page, "budget-leeg")
        regel = {"naam": "Re-integratie", "bedrag": "250.000,00", "bron": "Begroting, programma Werk en inkomen"}
        await verstuur(
            page, "Budgetregel vastleggen", regel, {"kanaal": "cluster_participatie"}, "Budgetregel vastgelegd."
        )
        await uitloggen(page)

        # The klantmanager: the plan van aanpak, drawn up with the klant.
        await inloggen(page, url, "km-anna", ["klantmanager"], ["GM0014"])
        await page.goto(f"{url}/klanten/{klant}")
        await page.click("text=Plan, voorzieningen en tegenprestatie")
        await controleer(page, "traject-zonder-plan")
        plan = {
            "doelen": "Betaald werk in de logistiek binnen een jaar",
            "ondersteuning": "Jobcoach bij de start",
            "verplichting": "Solliciteert twee keer per week",
            "evaluatiemomenten": f"{vandaag.year + 1}-03-01",
            "besproken_op": begin,
        }
        await verstuur(page, "Plan vastleggen", plan)
        # Refused by trajecten: the consequence of the arbeidsverplichting is missing, said at its field.
        await page.wait_for_selector("[role=alert]")
        assert "gevolg" in " ".join((await page.text_content("#fout-gevolg") or "").split()).lower()
        assert await page.input_value("#verplichting") == "Solliciteert twee keer per week"
        await controleer(page, "traject-plan-fout")
        await verstuur(page, "Plan vastleggen", {"gevolg": "Een maatregel"}, gelukt="Plan van aanpak vastgelegd.")
        assert "1, besproken op" in await _tekst(page, "main dl")
        evaluatie = {"evaluatiedatum": vandaag.isoformat(), "bevindingen": "Gemotiveerd, eerst begeleiding"}
        await verstuur(
            page,
            "Evaluatie vastleggen",
            evaluatie | {"volgende_evaluatie": f"{vandaag.year + 1}-06-01"},
            {"conclusie": "voortzetten"},
            "Evaluatie van het plan vastgelegd.",
        )
        await controleer(page, "traject-met-plan")

        # An aanbieder, then a jobcoach on the gemeente's line.
        await page.goto(f"{url}/aanbieders")
        await verstuur(
            page,
            "Registreren",
            {"kvk_nummer": "34567890", "naam": "Werkfit Noord B.V."},
            gelukt="Werkfit Noord B.V. geregistreerd.",
        )
        await controleer(page, "aanbieders")
        await page.goto(f"{url}/klanten/{klant}/traject")
        voorziening = {
            "startdatum": begin,
            "geplande_einddatum": f"{vandaag.year}-12-31",
            "uren": "36",
            "uurtarief": "84,90",
        }
        await verstuur(page, "Voorziening starten", voorziening, {"code": "JOBCOACH"}, "Jobcoaching gestart.")
        assert "€ 3.056,40" in await _tekst(page, "main dl")
        await controleer(page, "voorziening")
        await verstuur(
            page,
            "Factuur boeken",
            {"maand": f"{vandaag.year}-01", "uren": "6", "factuur": "WF-1"},
            gelukt="Factuur geboekt.",
        )
        assert "€ 509,40" in await _tekst(page, "main")
        await verstuur(
            page,
            "Evaluatie vastleggen",
            {"evaluatiedatum": vandaag.isoformat(), "bevindingen": "Zelfstandig aan het werk"},
            gelukt="Evaluatie vastgelegd.",
        )
        await verstuur(
            page,
            "Beëindigen",
            {"einddatum": vandaag.isoformat()},
            {"uitkomst": "uitstroom_naar_werk"},
            "Voorziening beëindigd.",
        )
        assert "uitstroom naar werk" in await _tekst(page, "main dl")
        await controleer(page, "voorziening-beeindigd")
        await page.click("text=Terug naar het traject")
        tegenprestatie = {
            "omschrijving": "Voorlezen in de bibliotheek",
            "uren_per_week": "4",
            "van": begin,
            "tot": f"{vandaag.year}-12-31",
        }
        await verstuur(page, "Tegenprestatie opdragen", tegenprestatie, gelukt="Tegenprestatie opgedragen.")
        await controleer(page, "traject-compleet")

        # Beschut werk: the advies asked of UWV (the stand-in), fetched by the timer, the college's decision, the job.
        aanvraag = {"advies_aanleiding": "Diagnose: werk in een beschutte omgeving"}
        await verstuur(page, "Advies aanvragen", aanvraag, gelukt="Advies beschut werk aangevraagd bij UWV.")
        assert "Nog geen advies van UWV" in await _tekst(page, "main")
        assert await platform.uwv_adviezen().fire_due() == 1
        await page.reload()
        assert "aangewezen op beschut werk" in await _tekst(page, "main")
        besluit = {"indicatie_van": vandaag.isoformat(), "besluit-motivering": "Volgens het advies van UWV"}
        await verstuur(page, "Besluit vastleggen", besluit, gelukt="Besluit over beschut werk vastgelegd.")
        baan = {"werkgever": "iederz", "baan_start": vandaag.isoformat(), "baan_uren": "32"}
        await verstuur(page, "Dienstbetrekking vastleggen", baan, gelukt="Beschutte dienstbetrekking vastgelegd.")
        assert "In dienst bij iederz" in await _tekst(page, "main")
        await controleer(page, "traject-beschut-werk")
        await uitloggen(page)

        # Beleid: the line committed, invoiced and released to the cent, and the keuzes count the jobcoach.
        await inloggen(page, url, "beleid-0014", ["beheerder"], ["GM0014"])
        await page.click("nav >> text=Budget en keuzes")
        regels = await _tekst(page, "main table")
        assert "€ 3.056,40" in regels and "€ 509,40" in regels and "€ 249.490,60" in regels
        assert "Jobcoach" in await _tekst(page, "main")
        await controleer(page, "budget-met-keuzes")
        await verstuur(
            page,
            "Taakstelling vastleggen",
            {"aantal": "44", "taakstelling-bron": "Regeling beschut werk"},
            gelukt="Taakstelling beschut werk vastgelegd.",
        )
        assert "1 dienstbetrekking" in await _tekst(page, "main")
        await page.click("table a:has-text('Re-integratie')")
        assert "€ 2.547,00" in await _tekst(page, "main table")
        await controleer(page, "budgetregel")
        wijziging = {"bedrag": "260.000,00", "bron": "Eerste begrotingswijziging"}
        await verstuur(page, "Bedrag wijzigen", wijziging, gelukt="Bedrag van de budgetregel gewijzigd.")
        assert "€ 259.490,60" in await _tekst(page, "main dl")
        await uitloggen(page)

        # The sociale recherche reads the traject in the klant's tijdlijn, in words.
        await inloggen(page, url, "rechercheur-0014", ["sociaal_rechercheur"], ["GM0014"])

        async def in_tijdlijn() -> bool:
            await page.goto(f"{url}/recherche/{klant}")
            return "Voorziening beeindigd" in await _tekst(page, "main")

        await wait_for(in_tijdlijn, timeout=30, what="the traject in the tijdlijn")
        await controleer(page, "tijdlijn-traject")
