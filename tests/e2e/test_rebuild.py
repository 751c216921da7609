"""One rebuild and one verify for every service: after a journey through all of them, rebuild == live."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from libs.events.replay import rebuild, rebuild_from_topics, verify, verify_all
from libs.events.runtime import Runtime, ServiceDefinition, ServiceSettings
from services.handhaving.app import DEFINITION as HANDHAVING
from services.handhaving.reconciliatie import Reconciliatie
from services.intake.app import DEFINITION as INTAKE
from services.matching.app import DEFINITION as MATCHING
from services.trajecten.app import DEFINITION as TRAJECTEN
from services.uitkering.app import DEFINITION as UITKERING
from services.uitkering.cijfers.queries import cijfers_maand
from services.werkgevers.app import DEFINITION as WERKGEVERS
from tests.support import wait_for

from .conftest import Platform
from .test_isolation import EIGENAAR, _handhaving_journey, _journey, _trajecten_journey, _uitkering_journey

# Rebuilt in two processes as well: the audit store (every topic) and matching (a kandidaat folded from two streams).
PARALLEL = {"handhaving", "matching"}
# Operational state, not derived from events: when a due timer fired.
_NIET_AFGELEID = {"timers"}
# Empty in a healthy journey (and compared all the same): hash-chain breaks.
# A healthy journey breaks no chain, refuses no payment and erases nobody.
_LEEG_VERWACHT = {"audit_breuken", "ketenbreuken", "betaalrun_weigeringen", "hh_wissingen"}


def _tables(definition: ServiceDefinition) -> list[str]:
    makers = [*definition.inline_projections, *definition.topic_projections]
    return [t for make in makers for t in make().tables if t not in _NIET_AFGELEID]


async def _snapshot(url: str, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return {t: sorted(map(tuple, await conn.execute(text(f"SELECT * FROM {t}"))), key=repr) for t in tables}
    finally:
        await engine.dispose()


async def _tel(url: str, sql: str) -> int:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return int((await conn.execute(text(sql))).scalar() or 0)
    finally:
        await engine.dispose()


async def _audit_compleet(platform: Platform) -> bool:
    """Every event of every service's store (handhaving's own included) has reached handhaving's audit store."""
    bronnen = [
        platform.intake_settings,
        platform.matching_settings,
        platform.werkgevers_settings,
        platform.uitkering_settings,
        platform.trajecten_settings,
        platform.handhaving_settings,
    ]
    totaal = sum([await _tel(s.database_url, "SELECT count(*) FROM event_store") for s in bronnen])
    return await _tel(platform.handhaving_settings.database_url, "SELECT count(*) FROM audit_events") == totaal


async def _figures(url: str) -> list[dict[str, Any]]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return [await cijfers_maand(conn, "GM0014", date(2026, m, 1)) for m in (9, 10, 11)]
    finally:
        await engine.dispose()


async def test_every_read_model_of_every_service_rebuilds_to_what_it_was(platform: Platform) -> None:
    async with platform.up_every() as clients:
        intake, matching, werkgevers = clients["intake"], clients["matching"], clients["werkgevers"]
        journey = await _journey(intake, matching, werkgevers)
        await _uitkering_journey(clients["uitkering"], journey)
        # Signalen, an onderzoek with its wisblokkade (intake's topic projection) and a steekproef to rebuild too.
        await _handhaving_journey(clients, journey, platform.intake_settings.database_url)
        inkomsten = journey.bodies[("POST", "/api/v1/uitkeringen/{uitkering_id}/inkomsten")]
        uitkering_pad = f"/api/v1/uitkeringen/{journey.ids['uitkering_id']}"
        response = await clients["uitkering"].post(f"{uitkering_pad}/inkomsten", json=inkomsten, headers=EIGENAAR)
        assert response.status_code == 200, response.text  # a herberekening and a ledger to rebuild too
        aflossing = {"bedrag": "10.00", "datum": "2026-12-01"}
        vordering_pad = f"/api/v1/vorderingen/{journey.ids['vordering_id']}/aflossingen"
        response = await clients["uitkering"].post(vordering_pad, json=aflossing, headers=EIGENAAR)
        assert response.status_code == 200, response.text
        # A plan, a voorziening with its ledger and premie, a tegenprestatie refused: trajecten's models, and
        # uitkering's plan, premie and maatregel (its policies append to the uitkering: wait until they did).
        await _trajecten_journey(clients["trajecten"], journey)

        async def trajecten_verwerkt() -> bool:
            body = (await clients["uitkering"].get(uitkering_pad, headers=EIGENAAR)).json()
            return bool(body["premies"]) and any(m["verplichting"] == "9.1.c" for m in body["maatregelen"])

        await wait_for(trajecten_verwerkt, timeout=30, what="uitkering to take up the premie and the voornemen")
        pad = f"/api/v1/werkgevers/{journey.ids['werkgever_id']}"

        async def plaatsing_counted() -> bool:
            # Werkgevers hears of the plaatsing from matching's topic: the live read models must be complete.
            body = (await werkgevers.get(pad, headers=EIGENAAR)).json()
            return bool(body["socialReturn"][0]["gerealiseerdPlaatsingen"] == 1)

        await wait_for(plaatsing_counted, timeout=30, what="werkgevers to record the plaatsing")

        async def jobcoach_known() -> bool:
            # Uitkering hears of the jobcoaching from matching's topic (for the participatie budget).
            engine = create_async_engine(platform.uitkering_settings.database_url)
            try:
                async with engine.connect() as conn:
                    return bool((await conn.execute(text("SELECT count(*) FROM uitkering_instrumenten"))).scalar())
            finally:
                await engine.dispose()

        await wait_for(jobcoach_known, timeout=30, what="uitkering to record the jobcoaching")
        await wait_for(
            lambda: _audit_compleet(platform), timeout=60, what="the audit store to hold every event of the journey"
        )
    services: list[tuple[ServiceDefinition, ServiceSettings]] = [
        (INTAKE, platform.intake_settings),
        (MATCHING, platform.matching_settings),
        (WERKGEVERS, platform.werkgevers_settings),
        (UITKERING, platform.uitkering_settings),
        (TRAJECTEN, platform.trajecten_settings),
        (HANDHAVING, platform.handhaving_settings),
    ]
    figures_before = await _figures(platform.uitkering_settings.database_url)
    for definition, settings in services:
        tables = _tables(definition)
        live = await _snapshot(settings.database_url, tables)
        gevuld = [t for t in tables if t not in _LEEG_VERWACHT]
        assert sum(bool(live[t]) for t in gevuld) >= len(gevuld) - 1, f"{definition.name}: mostly empty: {live}"
        runtime = Runtime(definition, settings)
        try:
            result = await rebuild(runtime, timeout_s=60)
            checked = await verify(runtime)
        finally:
            await runtime.engine.dispose()
        # Handhaving appends events only when a chain breaks: in a healthy journey its own store is empty.
        eigen_events = definition.name != "handhaving"
        assert result["from_store"] > 0 or not definition.inline_projections or not eigen_events, result
        assert result["from_topics"] > 0 or not definition.topic_projections, result
        assert await _snapshot(settings.database_url, tables) == live, definition.name
        assert checked["ok"] is True and (checked["events"] > 0 or not eigen_events), checked
        if definition.name in PARALLEL:
            # The topics read by two processes, each its own partition numbers: the same read models.
            runtime = Runtime(definition, settings)
            try:
                assert await rebuild_from_topics(runtime, timeout_s=60, processen=2) == result["from_topics"]
            finally:
                await runtime.engine.dispose()
            assert await _snapshot(settings.database_url, tables) == live, f"{definition.name} in two processes"
    # The figures of a month are computed from those read models: after the rebuild they are the same.
    assert await _figures(platform.uitkering_settings.database_url) == figures_before
    assert figures_before[1]["bestand"] == 1 and figures_before[0]["instroom"] == 1


async def test_verify_all_reconciles_both_ways_and_names_each_difference(platform: Platform) -> None:
    async with platform.up_every() as clients:
        journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
        await wait_for(
            lambda: _audit_compleet(platform), timeout=60, what="the audit store to hold every event of the journey"
        )
    settings = {
        "intake": platform.intake_settings,
        "matching": platform.matching_settings,
        "werkgevers": platform.werkgevers_settings,
        "uitkering": platform.uitkering_settings,
        "trajecten": platform.trajecten_settings,
        "handhaving": platform.handhaving_settings,
    }
    heel = await verify_all(settings)
    assert heel["ok"] is True and heel["verschillen"] == [], heel
    assert all(s["vergeleken_met_audit_store"] == s["events"] for s in heel["services"]), heel
    klant = journey.ids["klant_id"]
    # The tail of a stream truncated at the source, and an audit copy altered after it arrived.
    intake_db = create_async_engine(platform.intake_settings.database_url)
    audit_db = create_async_engine(platform.handhaving_settings.database_url)
    try:
        async with intake_db.begin() as conn:
            laatste = (
                await conn.execute(
                    text(
                        "DELETE FROM event_store WHERE stream_id = :s AND stream_version = "
                        "(SELECT max(stream_version) FROM event_store WHERE stream_id = :s) RETURNING stream_version"
                    ),
                    {"s": klant},
                )
            ).scalar_one()
        async with audit_db.begin() as conn:
            gewijzigd = (
                await conn.execute(
                    text(
                        "UPDATE audit_events SET envelope = jsonb_set(envelope, '{actor}', '\"iemand-anders\"') "
                        "WHERE event_id = (SELECT event_id FROM audit_events WHERE topic = 'matching.events' "
                        "AND gemeente IS NOT NULL "
                        "ORDER BY event_id LIMIT 1) RETURNING stream_id, streamversie"
                    )
                )
            ).one()
    finally:
        await intake_db.dispose()
        await audit_db.dispose()
    env = {**os.environ, **{f"{n.upper()}_DATABASE_URL": s.database_url for n, s in settings.items()}}
    uit = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "libs.events.replay", "verify", "--all"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert uit.returncode == 1, uit.stderr
    verschillen = json.loads(uit.stdout)["verschillen"]
    assert {
        "service": "intake",
        "stream": klant,
        "version": laatste,
        "reden": "staat in de audit store, niet in de eigen store van intake (aan het eind weggehaald)",
    } in verschillen
    assert {
        "service": "matching",
        "stream": gewijzigd[0],
        "version": gewijzigd[1],
        "reden": "de kopie in de audit store is gewijzigd (de inhoud past niet bij de hash)",
    } in verschillen
    assert len(verschillen) == 2, verschillen
    # Handhaving's periodic round finds the same, records each as a break and reports it once.
    runtime = Runtime(HANDHAVING, platform.handhaving_settings)
    try:
        ronde = Reconciliatie(
            runtime,
            3600,
            0,
            platform.handhaving_settings.producent_sleutels(),
            bronnen={n: s.database_url for n, s in settings.items()},
        )
        assert {(v.service, v.stream, v.version) for v in await ronde.ronde()} == {
            ("intake", klant, laatste),
            ("matching", gewijzigd[0], gewijzigd[1]),
        }
        # A second round finds them again and reports nothing new; its own alerts, just written and not yet in the
        # audit store (no consumer runs here), are within the margin and not missed.
        ronde.marge = 60
        assert len(await ronde.ronde()) == 2
        async with runtime.engine.connect() as conn:
            gemeld = (await conn.execute(text("SELECT topic, stream_id, streamversie FROM ketenbreuken"))).all()
    finally:
        await runtime.engine.dispose()
    assert sorted(gemeld) == sorted([("intake.events", klant, laatste), ("matching.events", *gewijzigd)])


async def test_verify_names_the_first_broken_link(platform: Platform) -> None:
    async with platform.up_all() as (intake, matching, werkgevers):
        journey = await _journey(intake, matching, werkgevers)
    klant = journey.ids["klant_id"]
    engine = create_async_engine(platform.intake_settings.database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "UPDATE event_store SET envelope = jsonb_set(envelope, '{gemeente}', '\"GM0037\"') "
                    "WHERE stream_id = :s AND stream_version = 2"
                ),
                {"s": klant},
            )
    finally:
        await engine.dispose()
    runtime = Runtime(INTAKE, platform.intake_settings)
    try:
        verdict = await verify(runtime)
    finally:
        await runtime.engine.dispose()
    assert verdict["ok"] is False and verdict["stream"] == klant and verdict["version"] == 2
    assert verdict["reason"] == "versie 2: de inhoud past niet bij de hash (gewijzigd)"
