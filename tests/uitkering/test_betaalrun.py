"""The betaalrun survives a crash: killed mid-way and run again, it pays every uitkering once, none twice.

A real PostgreSQL and the betaalrun as a real process (`python -m services.uitkering.betaalrun`). To kill
it at a known point without guessing at timing, the test holds the ledger row of one uitkering in the
middle in an open transaction: the process blocks on that row (a unique-index wait PostgreSQL reports
as a lock wait), the test kills it with SIGKILL, then releases the row. What committed before is paid;
the chunk it was in is not; the rerun pays the rest.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import asyncpg

from libs.events.commands import handle
from libs.events.contracts.uitkering import Huishouden, Leefvorm
from libs.events.envelope import new_event_id, utcnow
from libs.events.runtime import Runtime
from services.uitkering.aanvraag.domain import DienAanvraagIn, LegRekeningVast, NeemBesluit
from services.uitkering.app import DEFINITION
from services.uitkering.berekening import Geboortedata
from services.uitkering.settings import Settings
from tests.support import wait_for

ROOT = Path(__file__).resolve().parents[2]
AANTAL = 120
CHUNK = 10
SLACHTOFFER = 65  # in the 7th chunk: 60 uitkeringen are committed when the run blocks on this one
PERIODE = "2026-10"
# September from the 7th (1,419.46 x 24/30 = 1,135.57) and October (1,419.46), each minus 5% VT.
PER_UITKERING = Decimal("1078.79") + Decimal("1348.49")


async def _seed(url: str, aantal: int = AANTAL, melding: date = date(2026, 9, 7)) -> list[UUID]:
    """`aantal` alleenstaanden of 41 with bijstand from `melding` and an account, each known from intake."""
    runtime = Runtime(DEFINITION, Settings(database_url=url))
    ids = []
    try:
        async with runtime.engine.begin() as conn:
            klanten = [new_event_id() for _ in range(aantal)]
            # Intake's KlantGeregistreerd, as the topic projection records it (this test runs no broker).
            await conn.exec_driver_sql(
                "INSERT INTO uitkering_klanten (klant_id, gemeente) SELECT unnest($1::uuid[]), 'GM0014'", (klanten,)
            )
        huishouden = Huishouden(
            leefvorm=Leefvorm.ALLEENSTAANDE,
            kinderen=0,
            kind_onder_12=False,
            medebewoners=[],
            partner_heeft_recht=True,
            aangetoond=True,
            medisch_urenbeperkt=False,
            overig_inkomen_per_maand=Decimal(0),
        )
        for klant in klanten:
            command = DienAanvraagIn(
                uitkering_id=new_event_id(),
                klant_id=klant,
                gemeente="GM0014",
                meldingsdatum=melding,
                aanvraagdatum=melding,
                huishouden=huishouden,
                geboortedata=Geboortedata(date(1985, 3, 14), None, ()),
                persoonlijk="",
                vermogen=(),
                woning_overwaarde=Decimal(0),
                op=utcnow(),
            )
            await handle(runtime, runtime.systeem, command)
            uid = command.uitkering_id
            await handle(runtime, runtime.systeem, NeemBesluit(melding, "ok", None, uitkering_id=uid))
            rekening = {"aanvrager": {"iban": "NL44RABO0123456789", "naam": "K. Lant"}, "partner": None}
            vast = LegRekeningVast("", "aanvrager", False, rekeningen=rekening, uitkering_id=uid)
            await handle(runtime, runtime.systeem, vast)
            ids.append(uid)
    finally:
        await runtime.engine.dispose()
    return sorted(ids, key=str)


def _betaalrun_args(*extra: str) -> list[str]:
    command = [sys.executable, "-m", "services.uitkering.betaalrun", "--gemeente", "GM0014", "--periode", PERIODE]
    return [*command, "--chunk", str(CHUNK), *extra]


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "UITKERING_DATABASE_URL": url, "LOG_LEVEL": "WARNING"}


async def _start(url: str, *extra: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *_betaalrun_args(*extra), cwd=ROOT, env=_env(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


async def _run(url: str, *extra: str) -> tuple[int, str]:
    process = await _start(url, *extra)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, stderr.decode()
    return process.returncode, stdout.decode()


async def _paid(conn: asyncpg.Connection) -> list[tuple[UUID, date]]:
    rows = await conn.fetch(
        "SELECT (envelope->'data'->>'uitkering_id')::uuid, (envelope->'data'->>'periode')::date FROM event_store "
        "WHERE event_type = 'BetalingVerricht' ORDER BY 1, 2"
    )
    return [(r[0], r[1]) for r in rows]


async def test_a_betaalrun_killed_mid_way_and_run_again_pays_everyone_exactly_once(uitkering_db: str) -> None:
    ids = await _seed(uitkering_db)
    dsn = uitkering_db.replace("postgresql+asyncpg://", "postgresql://")
    blokkade = await asyncpg.connect(dsn)
    kijker = await asyncpg.connect(dsn)
    try:
        tx = blokkade.transaction()
        await tx.start()
        await blokkade.execute(
            "INSERT INTO uitkering_betalingen (uitkering_id, klant_id, gemeente, betaalrun_id, periode, soort, aan, "
            "netto, betaald_op) VALUES ($1, $1, 'GM0014', $1, '2026-09-01', 'maand', 'aanvrager', 0, now())",
            ids[SLACHTOFFER],
        )
        process = await _start(uitkering_db)
        try:

            async def blocked() -> bool:
                waiting = await kijker.fetchval(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
                assert process.returncode is None, "the betaalrun ended before it reached the held row"
                return bool(waiting)

            await wait_for(blocked, timeout=60, what="the betaalrun to block on the held ledger row")
            process.send_signal(signal.SIGKILL)
            await asyncio.wait_for(process.wait(), timeout=30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        await tx.rollback()

        # What committed before the crash: the chunks before the held row, each uitkering's two months.
        betaald = await _paid(kijker)
        eerste = ids[: SLACHTOFFER - SLACHTOFFER % CHUNK]
        assert sorted({u for u, _ in betaald}, key=str) == eerste
        assert len(betaald) == 2 * len(eerste)

        _, uitvoer = await _run(uitkering_db)
        assert f"{AANTAL - len(eerste)} nieuw" in uitvoer
        betaald = await _paid(kijker)
        assert betaald == sorted({(u, p) for u in ids for p in (date(2026, 9, 1), date(2026, 10, 1))})

        # Once finished, another run changes nothing.
        _, uitvoer = await _run(uitkering_db)
        assert "0 nieuw" in uitvoer
        assert await _paid(kijker) == betaald
        totaal = await kijker.fetchval("SELECT totaal FROM betaalruns")
        assert totaal == PER_UITKERING * AANTAL
        ledger = await kijker.fetchval("SELECT count(*) FROM uitkering_betalingen WHERE soort = 'maand'")
        assert ledger == 2 * AANTAL
    finally:
        await blokkade.close()
        await kijker.close()


async def test_processes_sharing_a_betaalrun_pay_each_uitkering_once(uitkering_db: str) -> None:
    ids = await _seed(uitkering_db, 30)
    _, uitvoer = await _run(uitkering_db, "--processen", "3")
    assert "30 nieuw" in uitvoer
    kijker = await asyncpg.connect(uitkering_db.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        assert await _paid(kijker) == sorted({(u, p) for u in ids for p in (date(2026, 9, 1), date(2026, 10, 1))})
        assert await kijker.fetchval("SELECT totaal FROM betaalruns") == PER_UITKERING * 30
    finally:
        await kijker.close()
