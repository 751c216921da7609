"""Money only from an intact chain: a stream altered in the store stops the one decision on it, never the run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg
import pytest

from libs.events import shredding
from libs.events.commands import UnitOfWork, handle
from libs.events.contracts.uitkering import InkomenBron
from libs.events.errors import KetenGebroken
from libs.events.runtime import Runtime
from services.uitkering import stand
from services.uitkering.aanvraag.recht import GeefInkomstenOp
from services.uitkering.app import DEFINITION
from services.uitkering.betaling import betaalrun, queries
from services.uitkering.settings import Settings

from .test_betaalrun import _paid, _seed

OKTOBER = date(2026, 10, 1)


async def _inkomen(runtime: Runtime, uitkering_id: UUID) -> None:
    command = GeefInkomstenOp(
        periode=OKTOBER,
        werkgever="Stad Logistiek B.V.",
        uren=Decimal(40),
        bruto=Decimal("700.00"),
        netto=Decimal("600.00"),
        loonstrook_van=OKTOBER,
        loonstrook_tot=date(2026, 10, 31),
        bron=InkomenBron.OPGAVE,
        uitkering_id=uitkering_id,
    )
    await handle(runtime, runtime.systeem, command)


async def test_an_altered_income_stops_that_payment_and_the_run_pays_every_other(uitkering_db: str) -> None:
    ids = await _seed(uitkering_db, aantal=3)
    vervalst, *anderen = ids
    runtime = Runtime(DEFINITION, Settings(database_url=uitkering_db))
    try:
        await _inkomen(runtime, vervalst)
        conn = await asyncpg.connect(uitkering_db.replace("+asyncpg", ""))
        try:
            gewijzigd = await conn.execute(
                "UPDATE event_store SET envelope = jsonb_set(envelope, '{data,netto}', '\"60.00\"') "
                "WHERE stream_id = $1 AND event_type = 'InkomstenOpgegeven'",
                str(vervalst),
            )
            assert gewijzigd == "UPDATE 1"
            uitkomst = await betaalrun.voer_uit(runtime, runtime.systeem, "GM0014", OKTOBER)
            betaald = {u for u, _ in await _paid(conn)}
        finally:
            await conn.close()
        assert betaald == set(anderen)
        run = await queries.lees_betaalrun(runtime, runtime.systeem, uitkomst.betaalrun_id)
        assert [w["uitkeringId"] for w in run["geweigerd"]] == [str(vervalst)]
        assert run["geweigerd"][0]["reden"].startswith("keten gebroken: versie ")
        assert "de inhoud past niet bij de hash" in run["geweigerd"][0]["reden"]
        # Every other decision on it stops too, with the stream and the bad link named.
        with pytest.raises(KetenGebroken, match=str(vervalst)):
            await _inkomen(runtime, vervalst)
    finally:
        await runtime.engine.dispose()


async def test_a_klant_whose_data_is_gone_never_stops_another_klants_payment(uitkering_db: str) -> None:
    ids = await _seed(uitkering_db, aantal=3)
    gewist, *anderen = ids
    runtime = Runtime(DEFINITION, Settings(database_url=uitkering_db))
    try:
        async with runtime.engine.begin() as conn:
            uow = UnitOfWork(conn, runtime, runtime.systeem, None)  # type: ignore[arg-type]
            klant = (await uow.load(stand.UITKERINGEN, gewist)).state.aanvraag.klant_id
            await shredding.wis_sleutel(conn, klant)
        uitkomst = await betaalrun.voer_uit(runtime, runtime.systeem, "GM0014", OKTOBER)
        run = await queries.lees_betaalrun(runtime, runtime.systeem, uitkomst.betaalrun_id)
        assert [w["uitkeringId"] for w in run["geweigerd"]] == [str(gewist)]
        assert "gewist" in run["geweigerd"][0]["reden"]
        assert uitkomst.nieuw_betaald == len(anderen)

        # The loonheffing export keeps every line; one intake cannot give a BSN for (erased since) says so.
        async def bsn_van(klant_ids: list[UUID]) -> dict[UUID, str]:
            return {k: "999993653" for k in klant_ids[1:]}

        export = await queries.loonheffing_export(runtime, runtime.systeem, uitkomst.betaalrun_id, bsn_van)
        regels = export.strip().splitlines()[1:]
        zonder = [r for r in regels if ";999993653;" not in r]
        assert len(regels) == 2 * len(anderen) and len(zonder) == 2  # two months each; one klant without BSN
        assert all(";;" in r and "handmatig afhandelen" in r for r in zonder)
    finally:
        await runtime.engine.dispose()


async def _drie_kanten(runtime: Runtime, run_id: UUID) -> tuple[tuple[int, Decimal], tuple[int, Decimal], int]:
    """The run's own totals, its ledger rows, and its payment file (count and sum), to be compared."""
    async with runtime.engine.connect() as conn:
        run = (
            await conn.exec_driver_sql("SELECT betalingen, totaal FROM betaalruns WHERE betaalrun_id = $1", (run_id,))
        ).one()
        ledger = (
            await conn.exec_driver_sql(
                "SELECT count(*), COALESCE(sum(netto), 0) FROM uitkering_betalingen WHERE betaalrun_id = $1", (run_id,)
            )
        ).one()
        bestand = await betaalrun.betalingen_voor_bestand(conn, run_id)
    assert sum(b.bedrag for b in bestand.betalingen) == ledger[1]
    return (int(run[0]), Decimal(run[1])), (int(ledger[0]), Decimal(ledger[1])), len(bestand.betalingen)


async def test_a_closed_run_never_pays_again_and_the_next_run_pays_what_came_later(uitkering_db: str) -> None:
    [eerste] = await _seed(uitkering_db, aantal=1)
    runtime = Runtime(DEFINITION, Settings(database_url=uitkering_db))
    try:
        oktober = await betaalrun.voer_uit(runtime, runtime.systeem, "GM0014", OKTOBER)
        voor = await _drie_kanten(runtime, oktober.betaalrun_id)
        assert voor[0] == voor[1] and voor[1][0] == voor[2] == 2  # September from the 7th and October
        # A toekenning after the October run was closed, and the October run started again.
        [later] = await _seed(uitkering_db, aantal=1)
        opnieuw = await betaalrun.voer_uit(runtime, runtime.systeem, "GM0014", OKTOBER)
        assert (opnieuw.betaalrun_id, opnieuw.nieuw_betaald) == (oktober.betaalrun_id, 0)
        assert await _drie_kanten(runtime, oktober.betaalrun_id) == voor
        # November's run pays the later one's September and October along with November (nabetaling).
        november = await betaalrun.voer_uit(runtime, runtime.systeem, "GM0014", date(2026, 11, 1))
        run, ledger, bestand = await _drie_kanten(runtime, november.betaalrun_id)
        assert run == ledger and ledger[0] == bestand == 4
        conn = await asyncpg.connect(uitkering_db.replace("+asyncpg", ""))
        try:
            maanden = await conn.fetch(
                "SELECT uitkering_id, periode FROM uitkering_betalingen WHERE betaalrun_id = $1 ORDER BY 1, 2",
                november.betaalrun_id,
            )
        finally:
            await conn.close()
        assert sorted((r[0], r[1].month) for r in maanden) == sorted(
            [(eerste, 11), (later, 9), (later, 10), (later, 11)]
        )
    finally:
        await runtime.engine.dispose()
