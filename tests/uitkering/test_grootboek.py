"""A year through the real service and database: a late first run over June, a late fact after the VT was paid,
terugvordering of what was paid, a correction paid back by nabetaling, a run posted twice. After every step the
run's totals, its ledger rows and its payment file agree. And a voorlopig month set by the timer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from libs.events.commands import Idempotency, handle
from libs.events.contracts.uitkering import Beeindigingsreden, InkomenBron
from libs.events.runtime import Runtime
from services.uitkering import normen
from services.uitkering.aanvraag import queries as aanvraag_queries
from services.uitkering.aanvraag.domain import Beeindig
from services.uitkering.aanvraag.recht import GeefInkomstenOp
from services.uitkering.app import DEFINITION
from services.uitkering.betaling import betaalrun
from services.uitkering.settings import Settings
from services.uitkering.timers import Termijnbewaking
from services.uitkering.vordering.domain import VorderTerug
from services.uitkering.vordering.queries import lees_vordering

from .test_betaalrun import _seed
from .test_keten import _drie_kanten

GEEN = Idempotency(None, "t", None)
APRIL = date(2026, 4, 1)


async def _loonstrook(runtime: Runtime, uitkering_id: UUID, netto: str) -> None:
    command = GeefInkomstenOp(
        periode=APRIL,
        werkgever="Stad Logistiek B.V.",
        uren=Decimal(40),
        bruto=Decimal(netto) + 100,
        netto=Decimal(netto),
        loonstrook_van=APRIL,
        loonstrook_tot=date(2026, 4, 30),
        bron=InkomenBron.OPGAVE,
        uitkering_id=uitkering_id,
    )
    await handle(runtime, runtime.systeem, command)


async def _run(runtime: Runtime, periode: date) -> tuple[betaalrun.Uitkomst, dict[str, Decimal]]:
    """Run (or rerun) a month; check its three sides agree; return what it paid per soort."""
    uitkomst = await betaalrun.voer_uit(runtime, runtime.systeem, "GM0014", periode)
    run, ledger, bestand = await _drie_kanten(runtime, uitkomst.betaalrun_id)
    assert run == ledger and ledger[0] == bestand
    per_soort: dict[str, Decimal] = {}
    async with runtime.engine.connect() as conn:
        for soort, netto in (
            await conn.exec_driver_sql(
                "SELECT soort, sum(netto) FROM uitkering_betalingen WHERE betaalrun_id = $1 GROUP BY soort",
                (uitkomst.betaalrun_id,),
            )
        ).all():
            per_soort[soort] = Decimal(netto)
    return uitkomst, per_soort


async def test_a_year_with_june_a_late_fact_a_terugvordering_and_a_nabetaling(uitkering_db: str) -> None:
    runtime = Runtime(DEFINITION, Settings(database_url=uitkering_db))
    try:
        [uid] = await _seed(uitkering_db, aantal=1, melding=date(2026, 1, 1))
        # The first run is August's: January-August (6 x 1,331.43 + 2 x 1,348.49) and the VT of January-May.
        augustus, betaald = await _run(runtime, date(2026, 8, 1))
        assert betaald == {
            "maand": 6 * Decimal("1331.43") + 2 * Decimal("1348.49"),
            "vakantietoeslag": Decimal("350.35"),
        }
        # Posted again: closed, nothing changes (the three sides are compared again inside _run).
        opnieuw, _ = await _run(runtime, date(2026, 8, 1))
        assert (opnieuw.nieuw_betaald, opnieuw.totaal) == (0, augustus.totaal)

        # April's payslip arrives after April's VT was paid: the whole 450.00 counted is claimed back, once.
        await _loonstrook(runtime, uid, "600.00")
        vordering_id = uuid4()
        await handle(runtime, runtime.systeem, VorderTerug(vordering_id, "58.1", None, uitkering_id=uid))
        vordering = await lees_vordering(runtime, runtime.systeem, vordering_id, None)
        assert Decimal(vordering["bedrag"]) == Decimal("450.00")
        _, betaald = await _run(runtime, date(2026, 9, 1))
        assert betaald == {"maand": Decimal("1348.49")}  # no nabetaling, no verrekening below the voet

        # The payslip was wrong: nothing was earned in April after all. April is owed in full again; the
        # vordering still claims 450.00 of it, so the next run pays 450.00 back (the consulent may correct
        # the vordering instead; either way the money adds up).
        await _loonstrook(runtime, uid, "0")
        _, betaald = await _run(runtime, date(2026, 10, 1))
        assert betaald == {"maand": Decimal("1348.49"), "nabetaling": Decimal("450.00")}
        _, betaald = await _run(runtime, date(2026, 11, 1))
        assert betaald == {"maand": Decimal("1348.49")}  # paid once
    finally:
        await runtime.engine.dispose()


async def test_a_voorlopig_month_is_recalculated_by_the_timer_when_its_table_arrives(
    uitkering_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # January 2027 may be paid from 1 December 2026 here; no 2027 table is carried yet.
    runtime = Runtime(DEFINITION, Settings(database_url=uitkering_db, betaalrun_vanaf_dag=1))
    try:
        [uid] = await _seed(uitkering_db, aantal=1, melding=date(2026, 1, 1))
        await betaalrun.voer_uit(runtime, runtime.systeem, "GM0014", date(2026, 12, 1))
        await _run(runtime, JANUARI)
        timer = Termijnbewaking(runtime, interval=3600)
        assert await _voorlopig(runtime) == [(uid, JANUARI)]
        assert await timer.stel_voorlopig_vast() == 0  # the table has not arrived: nothing to do

        laatste = normen.NORMEN[-1]
        tabel = replace(laatste, geldig_vanaf=JANUARI, bron="test: 1-1-2027")
        tabel = replace(tabel, normen={**laatste.normen, normen.Categorie.ALLEENSTAANDE_21: Decimal("1440.00")})
        monkeypatch.setattr(normen, "NORMEN", (*normen.NORMEN, tabel))
        assert await timer.stel_voorlopig_vast() == 1
        assert await _voorlopig(runtime) == []
        maand = await aanvraag_queries.maand(runtime, runtime.systeem, uid, JANUARI)
        assert [(h.soort, h.verschil, h.aanleiding) for h in maand.herberekeningen] == [
            ("te_weinig_betaald", Decimal("20.54"), "Normtabel")
        ]
        assert maand.rekening is not None and maand.rekening.verschil == Decimal("1368.00") - Decimal("1348.49")
        assert await timer.stel_voorlopig_vast() == 0  # once
    finally:
        await runtime.engine.dispose()


JANUARI = date(2027, 1, 1)


async def _voorlopig(runtime: Runtime) -> list[tuple[UUID, date]]:
    async with runtime.engine.connect() as conn:
        rows = (await conn.exec_driver_sql("SELECT uitkering_id, periode FROM uitkering_voorlopig")).all()
    return [(r[0], r[1]) for r in rows]


async def test_an_ended_uitkering_is_visited_three_months_on_for_its_vakantietoeslag(uitkering_db: str) -> None:
    runtime = Runtime(DEFINITION, Settings(database_url=uitkering_db))
    try:
        [uid] = await _seed(uitkering_db, aantal=1, melding=date(2026, 7, 1))
        await _run(runtime, date(2026, 8, 1))  # July and August, their VT reserved for June 2027
        einde = Beeindig(Beeindigingsreden.WERK, date(2026, 8, 31), "werk gevonden", uitkering_id=uid)
        await handle(runtime, runtime.systeem, einde)
        async with runtime.engine.connect() as conn:
            venster = (
                await conn.exec_driver_sql(
                    "SELECT betalen, betalen_tot FROM uitkering_overzicht WHERE uitkering_id = $1", (uid,)
                )
            ).one()
        assert tuple(venster) == (True, date(2026, 11, 1))  # the domain's betaalvenster: 3 months on (art. 45)
        # No run in September or October: November's run still visits it and pays July's and August's VT.
        _, betaald = await _run(runtime, date(2026, 11, 1))
        assert betaald == {"vakantietoeslag": 2 * Decimal("70.97")}
        _, betaald = await _run(runtime, date(2026, 12, 1))
        assert betaald == {}  # after the window: not visited, and nothing is left to pay
    finally:
        await runtime.engine.dispose()
