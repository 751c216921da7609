"""Handhaving against real servers: the audit store receives every topic and shows a klant's tijdlijn."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

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
                if {"intake", "matching", "uitkering"} <= diensten
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
        assert (
            toegekend["regelset"] == "participatiewet-2026.2" and "bijstand toegekend (uitkering)" in toegekend["regel"]
        )
        assert all(i["ketenIntact"] for i in items)
        # Only uitkering's own filter, and nothing for another gemeente (never told apart from absent).
        alleen = (await handhaving.get(f"/api/v1/tijdlijnen/{klant}?dienst=uitkering", headers=RECHERCHEUR)).json()
        assert {i["dienst"] for i in alleen["items"]} == {"uitkering"}
        assert (await handhaving.get(f"/api/v1/tijdlijnen/{klant}", headers=ANDERE)).status_code == 404


async def test_what_was_known_before_and_after_a_late_household_fact(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        await _uitkering_journey(clients["uitkering"], journey)
        klant, uid = journey.ids["klant_id"], journey.ids["uitkering_id"]
        handhaving = clients["handhaving"]
        voor = datetime.now(UTC)
        wijziging = {
            "per": "2026-10-01",
            "huishouden": {
                "leefvorm": "alleenstaande",
                "geboortedatum": "1985-03-14",
                "medebewoners": [{"geboortedatum": "1960-01-01", "status": "familie"}],
            },
            "reden": "Broer woont er sinds oktober",
        }
        response = await clients["uitkering"].post(
            f"/api/v1/uitkeringen/{uid}/huishoudwijzigingen", json=wijziging, headers=EIGENAAR
        )
        assert response.status_code == 200, response.text

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
