"""Handhaving against real servers: signalen, onderzoeken (need-to-know, wisblokkade, uitkomst to uitkering),
erasure showing "gewist" everywhere, and reproducible steekproeven."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from stdnum.nl import bsn

from libs.events.contracts.handhaving import Signaalbron
from services.handhaving.signalen import signaal_id
from services.uitkering.policies import vordering_ids
from tests.support import token, wait_for

from .conftest import Platform
from .test_isolation import BSN, Journey, _journey, _uitkering_journey
from .test_journeys import FRONTOFFICE, _aanmelding

RECHERCHEUR = token(["sociaal_rechercheur"], ["GM0014"], sub="rechercheur-0014")
COLLEGA = token(["sociaal_rechercheur"], ["GM0014"], sub="rechercheur-0015")
HANDHAVER = token(["handhaver"], ["GM0014"], sub="handhaver-0014")
ANDERE = token(["sociaal_rechercheur", "handhaver"], ["GM0037"], sub="rechercheur-0014")
BEHEERDER = token(["beheerder"], ["GM0014"], sub="fg-0014")
CONSULENT = token(["uitkeringsconsulent"], ["GM0014"], sub="consulent-0014")


async def _klaar(platform: Platform, clients: dict[str, httpx.AsyncClient]) -> Journey:
    journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
    await _uitkering_journey(clients["uitkering"], journey)
    klant = journey.ids["klant_id"]

    async def in_audit() -> bool:
        r = await clients["handhaving"].get(f"/api/v1/tijdlijnen/{klant}?type=BetalingVerricht", headers=RECHERCHEUR)
        return r.status_code == 200 and bool(r.json()["items"])

    await wait_for(in_audit, timeout=60, what="the audit store to hold the journey")
    return journey


async def _wis(intake: httpx.AsyncClient, klant: str, grond: str = "verzoek-avg-17") -> dict[str, Any]:
    """Ask to erase and wait for handhaving's answer (and, when allowed, for the erasure)."""
    r = await intake.post(f"/api/v1/klanten/{klant}/wissingen", json={"grond": grond}, headers=BEHEERDER)
    assert r.status_code == 202 and r.json()["status"] == "ingediend", r.text
    locatie = r.headers["Location"]

    async def beantwoord() -> dict[str, Any] | None:
        verzoek: dict[str, Any] = (await intake.get(locatie, headers=BEHEERDER)).json()
        return verzoek if verzoek["status"] in ("geweigerd", "uitgevoerd") else None

    return await wait_for(beantwoord, timeout=60, what="handhaving to answer the wisverzoek")


async def test_an_ib_file_imported_twice_creates_each_signal_once_and_events_signal_too(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _klaar(platform, clients)
        handhaving = clients["handhaving"]
        bestand = {
            "gemeente": "GM0014",
            "bestandsnaam": "IB-GM0014-2026-11.json",
            "signalen": [
                {
                    "kenmerk": "IB-1",
                    "product": "inkomstenverhouding",
                    "bsn": BSN,
                    "van": "2026-10-01",
                    "bedrag": "612.00",
                },
                {"kenmerk": "IB-2", "product": "detentie", "bsn": "123456782", "van": "2026-10-01"},
                {"kenmerk": "IB-3", "product": "horoscoop", "bsn": BSN, "van": "2026-10-01"},
                {"kenmerk": "IB-1", "product": "detentie", "bsn": BSN, "van": "2026-10-01"},
            ],
        }
        eerste = await handhaving.post("/api/v1/signalen/ib-bestanden", json=bestand, headers=HANDHAVER)
        assert eerste.status_code == 200, eerste.text
        assert eerste.json()["nieuw"] == 1 and eerste.json()["alBekend"] == 0
        assert [n["regel"] for n in eerste.json()["nietGekoppeld"]] == [2, 3, 4]
        # The same kenmerk twice in one file is reported, with the line it first stood on.
        assert eerste.json()["nietGekoppeld"][2]["reden"] == "kenmerk staat al op regel 1 van dit bestand"
        tweede = (await handhaving.post("/api/v1/signalen/ib-bestanden", json=bestand, headers=HANDHAVER)).json()
        assert tweede["nieuw"] == 0 and tweede["alBekend"] == 1

        # As files come: `tot` before `van` is a 400 at that field; a Latin-1 file says so; a month of records fits.
        omgekeerd = {**bestand, "signalen": [{**bestand["signalen"][0], "van": "2026-10-31", "tot": "2026-10-01"}]}
        fout = await handhaving.post("/api/v1/signalen/ib-bestanden", json=omgekeerd, headers=HANDHAVER)
        assert fout.status_code == 400 and fout.json()["invalidParams"][0]["name"] == "signalen.0.tot"
        latin1 = json.dumps({**bestand, "bestandsnaam": "IB-Sûdwest.json"}, ensure_ascii=False).encode("latin-1")
        latin = await handhaving.post(
            "/api/v1/signalen/ib-bestanden",
            content=latin1,
            headers={**HANDHAVER, "Content-Type": "application/json"},
        )
        assert latin.status_code == 400 and "not UTF-8: byte 0xfb" in latin.json()["invalidParams"][0]["reason"]
        maand = [
            {"kenmerk": f"IB-M-{i}", "product": "onbekend-product", "bsn": BSN, "van": "2026-10-01"}
            for i in range(6000)
        ]
        groot = await handhaving.post(
            "/api/v1/signalen/ib-bestanden", json={**bestand, "signalen": maand}, headers=HANDHAVER
        )
        assert groot.status_code == 200, groot.text[:300]
        assert len(groot.request.content) > 64 * 1024 and len(groot.json()["nietGekoppeld"]) == 6000
        # Another gemeente may not import into GM0014, nor see its signalen.
        other = await handhaving.post("/api/v1/signalen/ib-bestanden", json=bestand, headers=ANDERE)
        assert other.status_code == 403
        sid = signaal_id(Signaalbron.INLICHTINGENBUREAU, "IB-1")
        signaal = (await handhaving.get(f"/api/v1/signalen/{sid}", headers=HANDHAVER)).json()
        assert signaal["klantId"] == journey.ids["klant_id"] and signaal["bedrag"] == "612.00"
        assert (await handhaving.get(f"/api/v1/signalen/{sid}", headers=ANDERE)).status_code == 404
        ib = [
            s
            for s in (await handhaving.get("/api/v1/signalen?limit=200", headers=HANDHAVER)).json()["items"]
            if s["bron"] == "inlichtingenbureau"
        ]
        assert [s["kenmerk"] for s in ib] == ["IB-1"]
        # The search at intake was logged there with purpose handhaving, by the importer.
        engine = create_async_engine(platform.intake_settings.database_url)
        try:
            async with engine.connect() as conn:
                rows = (
                    await conn.execute(
                        text(
                            "SELECT v.processing_activity_id, a.actor FROM ldv_verwerkingen v JOIN ldv_audit a "
                            "USING (audit_id) WHERE v.data_subject_id = :k"
                        ),
                        {"k": journey.ids["klant_id"]},
                    )
                ).all()
        finally:
            await engine.dispose()
        assert ("intake-persoonsgegevens-raadplegen-handhaving", "handhaver-0014") in {tuple(r) for r in rows}
        # Triage once, with a reason.
        beoordeling = {"triage": "onderzoek", "reden": "Inkomsten niet gemeld over oktober"}
        r = await handhaving.post(f"/api/v1/signalen/{sid}/beoordeling", json=beoordeling, headers=HANDHAVER)
        assert r.status_code == 200 and r.json()["triage"] == "onderzoek", r.text
        again = await handhaving.post(f"/api/v1/signalen/{sid}/beoordeling", json=beoordeling, headers=HANDHAVER)
        assert again.status_code == 409
        # The income the journey reported while the uitkering ran is a signaal from the platform's own events.
        eigen = await handhaving.get("/api/v1/signalen?open=true&limit=200", headers=HANDHAVER)
        assert any(s["bron"] == "gebeurtenis" and s["product"] == "inkomsten" for s in eigen.json()["items"])
        klant = journey.ids["klant_id"]
        van_klant = (await handhaving.get("/api/v1/signalen", params={"klantId": klant}, headers=HANDHAVER)).json()
        assert {s["klantId"] for s in van_klant["items"]} == {klant}
        assert str(sid) in {s["signaalId"] for s in van_klant["items"]}


async def test_an_onderzoek_is_for_its_leden_holds_erasure_and_hands_its_benadeling_to_uitkering(
    platform: Platform,
) -> None:
    async with platform.up_every() as clients:
        journey = await _klaar(platform, clients)
        klant, uid = journey.ids["klant_id"], journey.ids["uitkering_id"]
        handhaving, intake, uitkering = clients["handhaving"], clients["intake"], clients["uitkering"]
        body = {"klantId": klant, "gemeente": "GM0014", "aanleiding": "IB-signaal inkomstenverhouding"}
        geopend = await handhaving.post("/api/v1/onderzoeken", json=body, headers=RECHERCHEUR)
        assert geopend.status_code == 201, geopend.text
        oid = geopend.json()["onderzoekId"]
        assert geopend.json()["leden"] == ["rechercheur-0014"] and geopend.json()["wisblokkade"] is True
        # Need-to-know: a rechercheur of the same gemeente who is no lid, a handhaver, another gemeente.
        assert (await handhaving.get(f"/api/v1/onderzoeken/{oid}", headers=COLLEGA)).status_code == 404
        assert (await handhaving.get(f"/api/v1/onderzoeken/{oid}", headers=HANDHAVER)).status_code == 403
        assert (await handhaving.get(f"/api/v1/onderzoeken/{oid}", headers=ANDERE)).status_code == 404
        assert (await handhaving.get("/api/v1/onderzoeken", headers=COLLEGA)).json()["items"] == []
        bevinding = {
            "stap": "huisbezoek",
            "omschrijving": "Loonstroken oktober aangetroffen",
            "bijlagen": [
                {"naam": "loonstrook-10.pdf", "referentie": "https://dms.example.nl/doc/1", "sha256": "a" * 64}
            ],
        }
        r = await handhaving.post(f"/api/v1/onderzoeken/{oid}/bevindingen", json=bevinding, headers=RECHERCHEUR)
        assert r.status_code == 200 and r.json()["bevindingen"][0]["bijlagen"][0]["sha256"] == "a" * 64, r.text
        r = await handhaving.post(
            f"/api/v1/onderzoeken/{oid}/leden", json={"lid": "rechercheur-0015"}, headers=RECHERCHEUR
        )
        assert r.status_code == 200
        assert (await handhaving.get(f"/api/v1/onderzoeken/{oid}", headers=COLLEGA)).status_code == 200
        # The onderzoek never shows in a tijdlijn (a handhaver reads those too).
        tijdlijn = (await handhaving.get(f"/api/v1/tijdlijnen/{klant}?limit=200", headers=HANDHAVER)).json()
        assert not any(i["dienst"] == "handhaving" and "Onderzoek" in i["type"] for i in tijdlijn["items"])

        # Erasure is a request handhaving answers: refused while the onderzoek holds the klant.
        verzoek = await _wis(intake, klant)
        assert verzoek["besluit"] == "wisblokkade" and verzoek["uitgevoerdOp"] is None, verzoek
        # Nobody learns from a tijdlijn or a dossier that an onderzoek runs: handhaving's answer shows in none.
        tijdlijn = (await handhaving.get(f"/api/v1/tijdlijnen/{klant}?limit=200", headers=RECHERCHEUR)).json()
        assert not any(i["type"] == "WisverzoekBeoordeeld" for i in tijdlijn["items"])
        assert any(i["type"] == "WisverzoekIngediend" for i in tijdlijn["items"])
        dossier = (await handhaving.get(f"/api/v1/dossiers/{klant}", headers=HANDHAVER)).json()
        assert "wisblokkade" not in json.dumps(dossier).lower()

        uitkomst = {
            "uitkomst": "benadeling",
            "uitkeringId": uid,
            "maanden": [
                {
                    "periode": "2026-10-01",
                    "werkgever": "Schoonmaak Noord",
                    "uren": "20",
                    "bruto": "420.00",
                    "netto": "380.00",
                }
            ],
            "verwijtbaarheid": "normaal",
            "toelichting": "Werkte in oktober zonder het te melden",
        }
        signalen_voor = (await handhaving.get("/api/v1/signalen?limit=200", headers=HANDHAVER)).json()["items"]
        r = await handhaving.post(f"/api/v1/onderzoeken/{oid}/uitkomst", json=uitkomst, headers=RECHERCHEUR)
        assert r.status_code == 200 and r.json()["uitkomst"] == "benadeling" and not r.json()["wisblokkade"], r.text
        # Uitkering recalculates October, claims it back (art. 58 lid 1) and fines (art. 18a).
        terug_id, boete_id = vordering_ids(UUID(oid))

        async def gevorderd() -> dict[str, Any] | None:
            r = await uitkering.get(f"/api/v1/vorderingen/{boete_id}", headers=CONSULENT)
            return r.json() if r.status_code == 200 else None

        boete = await wait_for(gevorderd, timeout=60, what="uitkering to fine the benadeling")
        terug = (await uitkering.get(f"/api/v1/vorderingen/{terug_id}", headers=CONSULENT)).json()
        assert terug["soort"] == "terugvordering" and terug["grond"].startswith("art. 58 lid 1")
        assert [d["periode"] for d in terug["deelvorderingen"]] == ["2026-10-01"]
        assert boete["soort"] == "boete" and boete["grond"].startswith("art. 18a")
        maand = (await uitkering.get(f"/api/v1/uitkeringen/{uid}/maanden/2026-10", headers=CONSULENT)).json()
        assert any(h["aanleiding"] == "InkomstenOpgegeven" for h in maand["herberekeningen"]), maand

        async def herberekening_in_audit() -> bool:
            # After the onderzoek's InkomstenOpgegeven on the same stream: a signaal for it would be there by now.
            url = f"/api/v1/tijdlijnen/{klant}?type=HerberekeningVastgesteld&limit=200"
            items = (await handhaving.get(url, headers=RECHERCHEUR)).json()["items"]
            return any(i["gegevens"]["periode"] == "2026-10-01" for i in items)

        # The income the onderzoek itself found is no new signaal (it would point the recherche at itself).
        await wait_for(herberekening_in_audit, timeout=60, what="October's herberekening to reach the audit store")
        signalen_na = (await handhaving.get("/api/v1/signalen?limit=200", headers=HANDHAVER)).json()["items"]
        assert len(signalen_na) == len(signalen_voor)

        # The hold is released, but the uitkering runs and then the vorderingen are open: a legal obligation keeps
        # the data (AVG art. 17 lid 3 b), on request as well.
        assert (await _wis(intake, klant))["besluit"] == "uitkering-loopt"
        einde = {"laatsteDag": "2026-12-31", "reden": "overig", "toelichting": "Werk gevonden"}
        r = await uitkering.post(f"/api/v1/uitkeringen/{uid}/beeindiging", json=einde, headers=CONSULENT)
        assert r.status_code == 200, r.text

        async def bekend_als_beeindigd() -> dict[str, Any] | None:
            verzoek = await _wis(intake, klant)
            return verzoek if verzoek["besluit"] != "uitkering-loopt" else None

        assert (await wait_for(bekend_als_beeindigd, timeout=60, what="the end to reach handhaving"))[
            "besluit"
        ] == "vordering-open"
        vorderingen = (await uitkering.get(f"/api/v1/uitkeringen/{uid}/vorderingen", headers=CONSULENT)).json()
        assert {terug_id, boete_id} <= {UUID(v["vorderingId"]) for v in vorderingen}, vorderingen
        for v in vorderingen:
            aflossing = {"bedrag": v["saldo"], "datum": "2026-12-01"}
            pad = f"/api/v1/vorderingen/{v['vorderingId']}/aflossingen"
            r = await uitkering.post(pad, json=aflossing, headers=CONSULENT)
            assert r.status_code == 200, r.text

        # Everything settled: the request goes through, and everything shows "gewist", nothing fails.
        async def gewist() -> dict[str, Any] | None:
            verzoek = await _wis(intake, klant)
            return verzoek if verzoek["status"] == "uitgevoerd" else None

        uitgevoerd = await wait_for(gewist, timeout=60, what="the erasure to be allowed and carried out")
        assert uitgevoerd["besluit"] == "toegestaan"
        assert (
            await intake.get(f"/api/v1/klanten/{klant}/persoonsgegevens?doel=handhaving", headers=RECHERCHEUR)
        ).status_code == 404

        async def overal_gewist() -> dict[str, Any] | None:
            r = await handhaving.get(f"/api/v1/tijdlijnen/{klant}?limit=200", headers=RECHERCHEUR)
            items = r.json()["items"]
            persoon = next(i for i in items if i["type"] == "PersoonsgegevensVastgelegd")
            return r.json() if persoon["gegevens"]["versleuteld"] == "gewist" else None

        await wait_for(overal_gewist, timeout=60, what="the tijdlijn to show the erasure")
        stand = await handhaving.get(
            f"/api/v1/tijdlijnen/{klant}/stand", params={"op": "2100-01-01T00:00:00Z"}, headers=RECHERCHEUR
        )
        assert stand.status_code == 200 and stand.json()["gewist"] is True
        dossier = await handhaving.get(f"/api/v1/dossiers/{klant}", headers=RECHERCHEUR)
        assert dossier.status_code == 200 and dossier.json()["dossier"]["gewist"] is True

        async def sleutel_weg() -> bool:
            r = await uitkering.get(f"/api/v1/uitkeringen/{uid}/maanden/2026-10", headers=CONSULENT)
            return r.status_code == 410 and r.json()["title"] == "Gegevens gewist"

        # Uitkering destroyed its own key too: the month can no longer be recomputed, and says so (410, no 500).
        await wait_for(sleutel_weg, timeout=60, what="uitkering to erase its key")


async def test_a_steekproef_can_be_drawn_again_by_an_auditor(platform: Platform) -> None:
    async with platform.up_every() as clients:
        await _klaar(platform, clients)
        handhaving = clients["handhaving"]
        body = {"gemeente": "GM0014", "doel": "heronderzoek", "omvang": 1}
        r = await handhaving.post("/api/v1/steekproeven", json=body, headers=HANDHAVER)
        assert r.status_code == 201, r.text
        getrokken = r.json()
        assert getrokken["methode"] == "a-select/1" and getrokken["strata"] == []
        assert getrokken["populatieOmvang"] == 1 and len(getrokken["getrokken"]) == 1
        controle = await handhaving.get(f"/api/v1/steekproeven/{getrokken['steekproefId']}/controle", headers=HANDHAVER)
        assert controle.json() == {
            "steekproefId": getrokken["steekproefId"],
            "populatieHash": getrokken["populatieHash"],
            "populatieGelijk": True,
            "trekkingGelijk": True,
        }
        # The same seed and peildatum draw the same; stratifying on an undeclared variable is refused.
        opnieuw = {**body, "seed": getrokken["seed"], "peildatum": getrokken["peildatum"], "strata": ["leefvorm"]}
        tweede_r = await handhaving.post("/api/v1/steekproeven", json=opnieuw, headers=HANDHAVER)
        assert tweede_r.status_code == 201, tweede_r.text
        tweede = tweede_r.json()
        assert tweede["getrokken"] == getrokken["getrokken"] and tweede["methode"] == "gestratificeerd/1"
        fout = await handhaving.post("/api/v1/steekproeven", json={**body, "strata": ["postcode"]}, headers=HANDHAVER)
        assert fout.status_code == 400
        assert (
            await handhaving.get(f"/api/v1/steekproeven/{getrokken['steekproefId']}", headers=ANDERE)
        ).status_code == 404


RONDES = 6


async def test_an_erasure_sent_in_the_same_instant_as_an_onderzoek_never_erases_what_it_holds(
    platform: Platform,
) -> None:
    """Opening an onderzoek and deciding a wisverzoek take the same lock on the klant: whichever comes second sees the
    first. An onderzoek that was opened always holds the klant's data; an erasure allowed first refuses the onderzoek.
    """
    async with platform.up_every() as clients:
        intake, handhaving = clients["intake"], clients["handhaving"]
        klanten = []
        for bsn in _bsns(RONDES):
            r = await intake.post("/api/v1/aanmeldingen", json=_aanmelding(bsn), headers=FRONTOFFICE)
            assert r.status_code == 201, r.text
            klanten.append(r.json()["klantId"])

        async def in_audit() -> bool:
            for klant in klanten:
                r = await handhaving.get(f"/api/v1/tijdlijnen/{klant}", headers=RECHERCHEUR)
                if r.status_code != 200:
                    return False
            return True

        await wait_for(in_audit, timeout=60, what="the audit store to know every klant")
        uitkomsten = []
        for klant in klanten:
            onderzoek = {"klantId": klant, "gemeente": "GM0014", "aanleiding": "Anonieme melding samenwonen"}
            gewist, geopend = await asyncio.gather(
                intake.post(f"/api/v1/klanten/{klant}/wissingen", json={"grond": "verzoek-avg-17"}, headers=BEHEERDER),
                handhaving.post("/api/v1/onderzoeken", json=onderzoek, headers=RECHERCHEUR),
            )
            assert gewist.status_code == 202, gewist.text
            assert geopend.status_code in (201, 409), geopend.text

            async def beantwoord(locatie: str = gewist.headers["Location"]) -> dict[str, Any] | None:
                verzoek: dict[str, Any] = (await intake.get(locatie, headers=BEHEERDER)).json()
                return verzoek if verzoek["status"] in ("geweigerd", "uitgevoerd") else None

            verzoek = await wait_for(beantwoord, timeout=60, what="handhaving to answer the wisverzoek")
            persoon = await intake.get(f"/api/v1/klanten/{klant}/persoonsgegevens?doel=handhaving", headers=RECHERCHEUR)
            uitkomsten.append((geopend.status_code, verzoek["besluit"], persoon.status_code))
        for status, besluit, persoon in uitkomsten:
            if status == 201:  # the onderzoek holds: never erased
                assert (besluit, persoon) == ("wisblokkade", 200), uitkomsten
            else:  # erasing was allowed first: the onderzoek was refused, not opened on data about to go
                assert besluit == "toegestaan", uitkomsten
        assert any(status == 201 for status, _, _ in uitkomsten), uitkomsten


def _bsns(aantal: int, vanaf: int = 900_100_000) -> list[str]:
    """Valid BSNs (elfproef) of test persons no other test uses."""
    uit, nummer = [], vanaf
    while len(uit) < aantal:
        nummer += 1
        if bsn.is_valid(f"{nummer:09d}"):
            uit.append(f"{nummer:09d}")
    return uit
