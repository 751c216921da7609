"""Handhaving against real servers: the audit store receives every topic and shows a klant's tijdlijn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from libs.events import ondertekening
from libs.events.envelope import new_event_id, seal
from tests.support import token, wait_for

from .conftest import Platform
from .test_isolation import EIGENAAR, _journey, _uitkering_journey

RECHERCHEUR = token(["sociaal_rechercheur"], ["GM0014"], sub="rechercheur-0014")
ANDERE = token(["sociaal_rechercheur"], ["GM0037"], sub="rechercheur-0037")


async def test_the_tijdlijn_shows_a_klant_across_services_in_order_with_encrypted_fields_hidden(
    platform: Platform,
) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        await _uitkering_journey(clients["uitkering"], journey)
        klant = journey.ids["klant_id"]
        handhaving = clients["handhaving"]

        async def compleet() -> list[dict[str, Any]] | None:
            response = await handhaving.get(f"/api/v1/tijdlijnen/{klant}?limit=200", headers=RECHERCHEUR)
            if response.status_code != 200:
                return None
            items: list[dict[str, Any]] = response.json()["items"]
            diensten = {i["dienst"] for i in items}
            return (
                items
                if {"intake", "matching", "werkgevers", "uitkering"} <= diensten
                and any(i["type"] == "BetaalrunGestart" or i["type"] == "BetalingVerricht" for i in items)
                else None
            )

        items = await wait_for(compleet, timeout=60, what="the audit store to hold the journey")
        tijden = [i["tijd"] for i in items]
        assert tijden == sorted(tijden)
        types = [i["type"] for i in items]
        assert types.index("AanmeldingOntvangen") < types.index("AanvraagIngediend") < types.index("BijstandToegekend")
        persoon = next(i for i in items if i["type"] == "PersoonsgegevensVastgelegd")
        assert persoon["gegevens"]["versleuteld"] == "[versleuteld]"
        toegekend = next(i for i in items if i["type"] == "BijstandToegekend")
        # The line reads as the fact, whatever form the event's type has on the wire (nl.participatiewet.…).
        assert toegekend["regelset"] == "participatiewet-2026.3"
        assert toegekend["regel"].startswith("bijstand toegekend (uitkering) door ")
        # Who did it, in which role (the roles the token named when the event was recorded).
        assert "door medewerker-0014 als " in toegekend["regel"] and "uitkeringsconsulent" in toegekend["regel"]
        assert all(i["ketenIntact"] for i in items)
        # The vacature the klant was placed on is in the tijdlijn, with what werkgevers recorded about it.
        assert types.index("VacatureGeregistreerd") < types.index("PlaatsingGerealiseerd")
        # Who looked: reading the tijdlijn is itself logged, and comes back in it as a line with who and why.

        async def gezien() -> dict[str, Any] | None:
            url = f"/api/v1/tijdlijnen/{klant}?dienst=handhaving&type=VerwerkingGelogd"
            r = await handhaving.get(url, headers=RECHERCHEUR)
            return next(iter(r.json()["items"]), None)

        gekeken = await wait_for(gezien, timeout=60, what="the tijdlijn read to come back as who looked")
        assert gekeken["door"] == "rechercheur-0014"
        assert gekeken["regel"].startswith(
            "gekeken: tijdlijn van een klant raadplegen (handhaving) door rechercheur-0014"
        )
        # Only uitkering's own filter, and nothing for another gemeente (never told apart from absent).
        alleen = (await handhaving.get(f"/api/v1/tijdlijnen/{klant}?dienst=uitkering", headers=RECHERCHEUR)).json()
        assert {i["dienst"] for i in alleen["items"]} == {"uitkering"}
        assert (await handhaving.get(f"/api/v1/tijdlijnen/{klant}", headers=ANDERE)).status_code == 404

        # AVG art. 15 at handhaving: what was done with the klant's data there, and why; never who.
        inzage = await handhaving.get(f"/api/v1/tijdlijnen/{klant}/verwerkingen", headers=RECHERCHEUR)
        activiteiten = {i["verwerkingsactiviteit"] for i in inzage.json()["items"]}
        assert "handhaving-tijdlijn-raadplegen" in activiteiten and "rechercheur-0014" not in inzage.text
        assert (await handhaving.get(f"/api/v1/tijdlijnen/{klant}/verwerkingen", headers=ANDERE)).status_code == 404


async def broer_komt_inwonen(uitkering: httpx.AsyncClient, uid: str) -> None:
    """A late household fact: a brother (a kostendeler) lives in since October, a month already paid."""
    wijziging = {
        "per": "2026-10-01",
        "huishouden": {
            "leefvorm": "alleenstaande",
            "geboortedatum": "1985-03-14",
            "medebewoners": [{"geboortedatum": "1960-01-01", "status": "familie"}],
        },
        "reden": "Broer woont er sinds oktober",
    }
    response = await uitkering.post(f"/api/v1/uitkeringen/{uid}/huishoudwijzigingen", json=wijziging, headers=EIGENAAR)
    assert response.status_code == 200, response.text


async def test_what_was_known_before_and_after_a_late_household_fact(platform: Platform, tmp_path: Path) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        await _uitkering_journey(clients["uitkering"], journey)
        klant, uid = journey.ids["klant_id"], journey.ids["uitkering_id"]
        handhaving = clients["handhaving"]
        voor = datetime.now(UTC)
        await broer_komt_inwonen(clients["uitkering"], uid)

        async def binnen() -> bool:
            url = f"/api/v1/tijdlijnen/{klant}?type=HerberekeningVastgesteld&van={voor.isoformat()}"
            r = await handhaving.get(url.replace("+", "%2B"), headers=RECHERCHEUR)
            return r.status_code == 200 and bool(r.json()["items"])

        await wait_for(binnen, timeout=60, what="the late fact to reach the audit store")
        na = datetime.now(UTC)
        params = {"van": voor.isoformat(), "tot": na.isoformat()}
        verschil = (
            await handhaving.get(f"/api/v1/tijdlijnen/{klant}/verschil", params=params, headers=RECHERCHEUR)
        ).json()
        uitkering = next(w for w in verschil["wijzigingen"] if w["stream"] == f"uitkering:{uid}")
        velden = {v["veld"] for v in uitkering["velden"]}
        # The October payment was made on the old facts; now it is vastgesteld lower (a kostendeler).
        assert "vastgesteld.2026-10-01" in velden and uitkering["versieWerd"] > uitkering["versieWas"]
        was = (
            await handhaving.get(
                f"/api/v1/tijdlijnen/{klant}/stand", params={"op": voor.isoformat()}, headers=RECHERCHEUR
            )
        ).json()
        stand = next(s for s in was["streams"] if s["streamType"] == "uitkering")["stand"]
        assert stand["status"] == "toegekend" and len(stand["feiten"]) == 1  # the household as it was known
        # Matching keeps a kandidaat in SQL, with no fold of its own: its events as they were known.
        kandidaat = next(s for s in was["streams"] if s["streamType"] == "kandidaat")
        assert kandidaat["stand"]["gebeurtenissen"] and not any(s["streamType"] == "verwerking" for s in was["streams"])

        # Valid time: what applied in October, as known before and after the late fact.
        async def oktober(op: datetime) -> dict[str, Any]:
            params = {"op": op.isoformat(), "geldig": "2026-10-15"}
            r = await handhaving.get(f"/api/v1/tijdlijnen/{klant}/stand", params=params, headers=RECHERCHEUR)
            return next(s for s in r.json()["streams"] if s["streamType"] == "uitkering")["geldig"]  # type: ignore[no-any-return]

        toen, nu = await oktober(voor), await oktober(na)
        assert toen["status"] == nu["status"] == "bijstand"
        assert toen["huishouden"]["medebewoners"] == [] and len(nu["huishouden"]["medebewoners"]) == 1
        assert toen["betaald"] == nu["betaald"]  # what was paid for October does not change afterwards
        assert toen["herberekeningen"] == [] and len(nu["herberekeningen"]) == 1
        assert toen["vastgesteld"] is not None and float(nu["vastgesteld"]) < float(toen["vastgesteld"])

        # The dossier is signed with handhaving's key (detached JWS), its public key published without a token.
        ondertekend = (await handhaving.get(f"/api/v1/dossiers/{klant}", headers=RECHERCHEUR)).json()
        jwks = (await handhaving.get("/.well-known/jwks.json")).json()
        map_ = tmp_path / "dossier"
        map_.mkdir()
        (map_ / "jwks.json").write_text(json.dumps(jwks))
        (map_ / "dossier.json").write_text(json.dumps(ondertekend))
        assert _verify(map_ / "dossier.json", map_ / "jwks.json") == (0, "geldig")
        # One "who looked" line less, a hash put back by hand: the signature no longer holds.
        ondertekend["dossier"]["wieKeek"] = ondertekend["dossier"]["wieKeek"][1:]
        (map_ / "dossier.json").write_text(json.dumps(ondertekend))
        assert _verify(map_ / "dossier.json", map_ / "jwks.json") == (1, "ONGELDIG")
        html = await handhaving.get(f"/api/v1/dossiers/{klant}?formaat=html", headers=RECHERCHEUR)
        assert jwks["keys"][0]["kid"] in html.text and "EdDSA" in html.text


def _verify(dossier: Path, jwks: Path) -> tuple[int, str]:
    """Run the documented command; its exit code and the first word it prints."""
    klaar = subprocess.run(
        [sys.executable, "-m", "services.handhaving.dossier", "verify", str(dossier), "--jwks", str(jwks)],
        capture_output=True,
        text=True,
        env={**os.environ, "DEV_MODE": "true"},
        check=False,
    )
    return klaar.returncode, klaar.stdout.split(":")[0]


async def _laatste(platform: Platform, stream_id: str) -> dict[str, Any]:
    engine = create_async_engine(platform.intake_settings.database_url)
    try:
        async with engine.connect() as conn:
            sql = text(
                "SELECT envelope::text FROM event_store WHERE stream_id = :s ORDER BY stream_version DESC LIMIT 1"
            )
            return json.loads((await conn.execute(sql, {"s": stream_id})).scalar_one())  # type: ignore[no-any-return]
    finally:
        await engine.dispose()


async def _in_de_tijdlijn(handhaving: httpx.AsyncClient, klant: str, ids: set[str]) -> None:
    async def binnen() -> bool | None:
        r = await handhaving.get(f"/api/v1/tijdlijnen/{klant}?limit=200", headers=RECHERCHEUR)
        return True if r.status_code == 200 and ids <= {i["eventId"] for i in r.json()["items"]} else None

    await wait_for(binnen, timeout=60, what="the audit store to hold the genuine links")


def _verhuisd(klant: str) -> dict[str, str]:
    """The data of a KlantVerhuisd a forger makes up: the klant moved to GM0037."""
    return {
        "klant_id": klant,
        "van_gemeente": "GM0014",
        "naar_gemeente": "GM0037",
        "per": "2026-11-01",
        "aanleiding": "correctie",
    }


def _velden(envelope: dict[str, Any]) -> dict[str, Any]:
    """What a forger seals anew: every field but the chain and the signature."""
    return {k: v for k, v in envelope.items() if k not in ("hash", "prevhash", "signature", "keyid")}


# Intake's key in development mode (the tests run in it): the test plays intake itself, so its events verify.
INTAKE_SLEUTEL = ondertekening.Sleutel(ondertekening.dev_sleutel("intake"))


async def _publiceer(producer: AIOKafkaProducer, envelope: dict[str, Any]) -> None:
    """Put a copy on intake's topic keyed as the relay keys it (by its subject): it queues behind the genuine."""
    await producer.send_and_wait(
        "intake.events",
        value=json.dumps(envelope).encode(),
        key=str(envelope.get("subject") or envelope["streamid"]).encode(),
        headers=[("content-type", b"application/cloudevents+json")],
    )


async def test_an_altered_or_missing_link_is_marked_in_the_tijdlijn_and_reported(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        klant, aanmelding = journey.ids["klant_id"], journey.ids["aanmelding_id"]
        handhaving = clients["handhaving"]
        laatste = await _laatste(platform, klant)
        # The next link, sealed properly, then altered: its content no longer hashes to its `hash`.
        volgende = {
            **laatste,
            "id": str(new_event_id()),
            "type": "KlantVerhuisd",
            "data": _verhuisd(klant),
            "streamversion": laatste["streamversion"] + 1,
        }
        echt = seal(_velden(volgende), laatste["hash"], INTAKE_SLEUTEL)
        vervalst = {**echt.model_dump(mode="json"), "data": {**volgende["data"], "per": "2026-01-01"}}
        # On the aanmelding's stream a link goes missing: the event after it arrives, properly sealed and signed.
        vorige = await _laatste(platform, aanmelding)
        na_gat = {**vorige, "id": str(new_event_id()), "streamversion": vorige["streamversion"] + 2}
        gat = seal(_velden(na_gat), "0" * 64, INTAKE_SLEUTEL).model_dump(mode="json")
        # The forger strikes after the genuine links are in the audit store, not in a race with the relay.
        await _in_de_tijdlijn(handhaving, klant, {laatste["id"], vorige["id"]})
        producer = AIOKafkaProducer(bootstrap_servers=platform.broker.bootstrap_servers)
        await producer.start()
        try:
            for envelope in (vervalst, gat):
                await _publiceer(producer, envelope)
        finally:
            await producer.stop()

        async def gemeld() -> list[dict[str, Any]] | None:
            items = (await handhaving.get("/api/v1/ketenbreuken", headers=RECHERCHEUR)).json()["items"]
            return items if len(items) == 2 else None

        breuken = await wait_for(gemeld, timeout=60, what="both breaks to be reported")
        assert {(b["eventId"], b["reden"]) for b in breuken} == {
            (vervalst["id"], "de inhoud past niet bij de hash (event gewijzigd)"),
            (gat["id"], f"versie {gat['streamversion']} volgt niet op {vorige['streamversion']}"),
        }
        tijdlijn = (await handhaving.get(f"/api/v1/tijdlijnen/{klant}?limit=200", headers=RECHERCHEUR)).json()
        intact = {i["eventId"]: i["ketenIntact"] for i in tijdlijn["items"]}
        assert intact[vervalst["id"]] is False and intact[gat["id"]] is False
        assert sum(not v for v in intact.values()) == 2
        dossier = (await handhaving.get(f"/api/v1/dossiers/{klant}", headers=RECHERCHEUR)).json()
        per_stream = {
            v["streamId"]: v for v in dossier["dossier"]["verificatie"]["perStream"] if v["topic"] == "intake.events"
        }
        # The altered copy was rejected: the klant's genuine chain stands, the copy is listed as rejected.
        assert per_stream[klant]["intact"] is True and per_stream[klant]["afgewezen"] == [vervalst["id"]]
        # The gap is in the aanmelding's chain itself.
        gebroken = per_stream[aanmelding]
        assert gebroken["intact"] is False and gebroken["eersteFout"].startswith(f"versie {gat['streamversion']}")


async def test_forged_events_never_displace_the_genuine_ones(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        klant = journey.ids["klant_id"]
        handhaving = clients["handhaving"]
        laatste = await _laatste(platform, klant)
        plaats = laatste["streamversion"] + 1
        volgende = {
            **laatste,
            "id": str(new_event_id()),
            "actor": "teamleider-vervalst-0014",
            "streamversion": plaats,
            "type": "nl.participatiewet.intake.KlantVerhuisd",
            "data": _verhuisd(klant),
        }
        # The next version of the stream with a correctly computed hash and a made-up actor: unsigned, and signed
        # with a key intake never published; and one whose content does not match its hash.
        ongetekend = seal(_velden(volgende), laatste["hash"]).model_dump(mode="json")
        vreemde_sleutel = ondertekening.Sleutel(ondertekening.dev_sleutel("iemand-anders"))
        vreemd = seal({**_velden(volgende), "id": str(new_event_id())}, laatste["hash"], vreemde_sleutel)
        getekend = seal({**_velden(volgende), "id": str(new_event_id())}, laatste["hash"], INTAKE_SLEUTEL)
        verkeerde_hash = {**getekend.model_dump(mode="json"), "data": {**volgende["data"], "per": "2026-01-01"}}
        # One that names no gemeente: nobody to report it to, but it is kept and stops nothing.
        zonder_gemeente = seal({**_velden(volgende), "id": str(new_event_id()), "gemeente": None}, laatste["hash"])
        await _in_de_tijdlijn(handhaving, klant, {laatste["id"]})
        producer = AIOKafkaProducer(bootstrap_servers=platform.broker.bootstrap_servers)
        await producer.start()
        try:
            for envelope in (
                ongetekend,
                vreemd.model_dump(mode="json"),
                verkeerde_hash,
                zonder_gemeente.model_dump(mode="json"),
            ):
                await _publiceer(producer, envelope)
        finally:
            await producer.stop()
        vervalst = {ongetekend["id"], str(vreemd.id), verkeerde_hash["id"]}

        async def gemeld() -> list[dict[str, Any]] | None:
            items = (await handhaving.get("/api/v1/ketenbreuken", headers=RECHERCHEUR)).json()["items"]
            return items if len(items) == 3 else None

        breuken = await wait_for(gemeld, timeout=60, what="the three forgeries to be reported")
        assert {b["eventId"]: b["reden"] for b in breuken} == {
            ongetekend["id"]: "niet ondertekend, terwijl intake zijn events ondertekent",
            str(vreemd.id): f"ondertekend met een sleutel die intake niet publiceert ({vreemde_sleutel.kid})",
            verkeerde_hash["id"]: "de inhoud past niet bij de hash (event gewijzigd)",
        }
        # Intake now writes the genuine event at that very version.
        correctie = {"reden": "Verhuisd", "postcode": "9711AB"}
        antwoord = await clients["intake"].post(
            f"/api/v1/klanten/{klant}/persoonsgegevens/correcties", json=correctie, headers=EIGENAAR
        )
        assert antwoord.status_code == 200, antwoord.text
        echt = await _laatste(platform, klant)
        assert echt["streamversion"] == plaats and echt["signature"]

        async def in_tijdlijn() -> dict[str, Any] | None:
            tijdlijn = (await handhaving.get(f"/api/v1/tijdlijnen/{klant}?limit=200", headers=RECHERCHEUR)).json()
            return next((i for i in tijdlijn["items"] if i["eventId"] == echt["id"]), None)

        regel = await wait_for(in_tijdlijn, timeout=60, what="the genuine event in the tijdlijn")
        assert regel["ketenIntact"] is True and regel["echtheid"] == "getekend"
        tijdlijn = (await handhaving.get(f"/api/v1/tijdlijnen/{klant}?limit=200", headers=RECHERCHEUR)).json()
        echtheid = {i["eventId"]: (i["echtheid"], i["ketenIntact"]) for i in tijdlijn["items"]}
        assert {echtheid[i] for i in vervalst} == {("afgewezen", False)}
        assert all(intact for i, (_, intact) in echtheid.items() if i not in vervalst)
        dossier = (await handhaving.get(f"/api/v1/dossiers/{klant}", headers=RECHERCHEUR)).json()["dossier"]
        stream = next(
            v for v in dossier["verificatie"]["perStream"] if (v["topic"], v["streamId"]) == ("intake.events", klant)
        )
        assert stream["intact"] is True and stream["laatsteHash"] == echt["hash"]
        assert set(stream["afgewezen"]) == vervalst | {str(zonder_gemeente.id)} and stream["ongetekend"] == 0
        assert echt["id"] in {r["eventId"] for r in dossier["tijdlijn"]}
        # What was known: the genuine fact only; the forged move to GM0037 is nowhere in the stand.
        assert "teamleider-vervalst-0014" not in json.dumps(dossier["standen"])
        engine = create_async_engine(platform.handhaving_settings.database_url)
        try:
            async with engine.connect() as conn:
                sql = text("SELECT echtheid FROM audit_events WHERE event_id = :id")
                assert (await conn.execute(sql, {"id": zonder_gemeente.id})).scalar_one() == "afgewezen"
                dead = (await conn.execute(text("SELECT count(*) FROM dead_letters"))).scalar_one()
        finally:
            await engine.dispose()
        assert dead == 0
