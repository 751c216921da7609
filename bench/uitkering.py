"""Uitkering at a G4 city's caseload: the recht of 100,000 klanten, and a monthly betaalrun with its pain.001.

1. `recht`: `bereken_maand` for 100,000 uitkeringen of mixed households (alleenstaande, ouders,
   couples, kostendelers, a third with income from work and its vrijlating), in one process. Target
   ≥ 5,000/s.
2. `betaalrun`: 100,000 toegekende uitkeringen in PostgreSQL (written through the command path in
   chunks, not timed), then `betaalrun.voer_uit` for one month (every uitkering paid through the command
   path, ledger and outbox in the same transactions) and the pain.001 of the run, built and XSD-validated.
   Target: both under 60 s together.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from dateutil.relativedelta import relativedelta

from libs.events import shredding
from libs.events.aggregate import Loaded
from libs.events.commands import Answer, UnitOfWork, execute
from libs.events.contracts.uitkering import (
    AanvraagIngediend,
    Beeindigingsreden,
    Huishouden,
    InkomenBron,
    Leefvorm,
    Medebewoner,
    MedebewonerStatus,
    PlanVerwijzing,
)
from libs.events.db import Sql
from libs.events.envelope import new_event_id
from libs.events.registry import EventData
from libs.events.runtime import Runtime
from libs.events.store import NEW_STREAM
from services.uitkering import sepa
from services.uitkering.aanvraag.domain import (
    PLAN_VERPLICHT_TOT,
    Beeindig,
    DienAanvraagIn,
    KlantFeiten,
    LegRekeningVast,
    NeemBesluit,
    beeindig,
    dien_aanvraag_in,
    leg_rekening_vast,
    neem_besluit,
)
from services.uitkering.aanvraag.recht import GeefInkomstenOp, bereken_maand, geef_inkomsten_op
from services.uitkering.app import DEFINITION
from services.uitkering.berekening import Geboortedata
from services.uitkering.betaling import betaalrun
from services.uitkering.betaling.domain import Betaal, betaal
from services.uitkering.cijfers import queries
from services.uitkering.normen import leeftijd
from services.uitkering.settings import Settings
from services.uitkering.stand import UITKERINGEN, Uitkering, bekende_geboortedata, evolve, geboortedata_json
from services.uitkering.vordering import domain as vordering

UITKERING_ID = UUID(int=1)  # pure decisions do not look at which stream a command names

OP = datetime(2026, 11, 1, 9, tzinfo=UTC)
INGANG = date(2026, 11, 1)
PERIODE = date(2026, 11, 1)
GEMEENTE = "GM0014"
# One process per core (issue 31): 20,000 uitkeringen took 16.7 s in one process and 10.6 s in two on this
# 2-core machine (2026-12-07), PostgreSQL sharing the cores.
PROCESSEN = os.cpu_count() or 1
ROOT = Path(__file__).resolve().parents[1]


def _household(rng: random.Random) -> tuple[Huishouden, Geboortedata]:
    soort = rng.random()
    geboren = date(rng.randint(1960, 1998), rng.randint(1, 12), rng.randint(1, 28))
    leefvorm, partner, kinderen, medebewoners = Leefvorm.ALLEENSTAANDE, None, 0, 0
    if soort < 0.2:
        leefvorm, kinderen = Leefvorm.ALLEENSTAANDE_OUDER, rng.randint(1, 3)
    elif soort < 0.4:
        leefvorm, partner = Leefvorm.GEHUWD, date(rng.randint(1960, 1998), rng.randint(1, 12), 15)
    elif soort < 0.6:
        medebewoners = rng.randint(1, 3)
    huishouden = Huishouden(
        leefvorm=leefvorm,
        kinderen=kinderen,
        kind_onder_12=kinderen > 0,
        medebewoners=[Medebewoner(status=MedebewonerStatus.FAMILIE) for _ in range(medebewoners)],
        partner_heeft_recht=True,
        aangetoond=True,
        medisch_urenbeperkt=False,
        overig_inkomen_per_maand=Decimal(0),
    )
    return huishouden, Geboortedata(geboren, partner, tuple(date(1970, 1, 1) for _ in range(medebewoners)))


def _events(
    rng: random.Random,
    persoonlijk: str,
    rekening: str,
    *,
    ingang: date = INGANG,
    gemeente: str = GEMEENTE,
    inkomsten: float = 0.33,
    einde: date | None = None,
) -> tuple[list[EventData], Geboortedata]:
    huishouden, geboortedata = _household(rng)
    command = DienAanvraagIn(
        uitkering_id=new_event_id(),
        klant_id=new_event_id(),
        gemeente=gemeente,
        meldingsdatum=ingang,
        aanvraagdatum=ingang,
        huishouden=huishouden,
        geboortedata=geboortedata,
        persoonlijk=persoonlijk,
        vermogen=(),
        woning_overwaarde=Decimal(0),
        op=OP,
    )
    events: list[EventData] = dien_aanvraag_in(command, KlantFeiten(gemeente, None, None))

    def fold(evs: list[EventData]) -> Uitkering:
        state = None
        for e in evs:
            state = evolve(state, e, bekende_geboortedata(geboortedata))
        assert state is not None
        return state

    state = fold(events)
    # Art. 44 lid 4: someone under 27 at the ingang is granted with their plan van aanpak (the cijfers go back
    # two years, so some households of the draw are that young there).
    jong = leeftijd(geboortedata.aanvrager, ingang) < PLAN_VERPLICHT_TOT
    plan = PlanVerwijzing(plan_id=uuid4(), versie=1, besproken_op=ingang) if jong else None
    besluit = NeemBesluit(ingang, "bench", None, OP, "bench", uitkering_id=UITKERING_ID, plan=plan)
    events += neem_besluit(state, besluit)
    state = fold(events)
    events += leg_rekening_vast(state, LegRekeningVast(rekening, "aanvrager", False, OP, uitkering_id=UITKERING_ID))
    if einde is not None:
        state = fold(events)
        events += beeindig(state, Beeindig(Beeindigingsreden.WERK, einde, "bench", OP, uitkering_id=UITKERING_ID))
    if rng.random() < inkomsten:  # the share of households with an income of their own
        state = fold(events)
        netto = Decimal(rng.randint(100, 900))
        opgave = GeefInkomstenOp(
            PERIODE,
            "Werkgever",
            Decimal(40),
            netto + 100,
            netto,
            PERIODE,
            date(2026, 11, 30),
            InkomenBron.OPGAVE,
            OP,
            uitkering_id=UITKERING_ID,
        )
        events += geef_inkomsten_op(state, opgave)
    return events, geboortedata


VARIANTEN = 2000  # distinct households; the measured work is the same for every copy (nothing is cached)


def measure_recht(aantal: int = 100_000) -> dict[str, Any]:
    """The recht of `aantal` uitkeringen for one month, in one process."""
    rng = random.Random(12)
    varianten = []
    for _ in range(VARIANTEN):
        events, geboortedata = _events(rng, "", "")
        state = None
        for e in events:
            state = evolve(state, e, bekende_geboortedata(geboortedata))
        varianten.append(state)
    states = [varianten[i % VARIANTEN] for i in range(aantal)]
    start = time.perf_counter()
    totaal = Decimal(0)
    for state in states:
        assert state is not None
        totaal += bereken_maand(state, PERIODE).bijstand
    seconds = time.perf_counter() - start
    return {
        "uitkeringen": aantal,
        "seconds": round(seconds, 2),
        "per_s": round(aantal / seconds),
        "target_per_s": 5000,
        "totaal_bijstand": str(totaal),
    }


def measure_lange_historie(aantal: int = 5_000) -> dict[str, Any]:
    """`betaal` for the 25th month of an uitkering with 24 paid months: the run's per-uitkering cost once a
    caseload has years of history (the VT ledger and the nabetaling look back over them)."""
    rng = random.Random(13)
    events, geboortedata = _events(rng, "", "", ingang=date(2025, 1, 1))
    state = None
    for e in events:
        state = evolve(state, e, bekende_geboortedata(geboortedata))
    assert state is not None
    periode = date(2025, 1, 1)
    for _ in range(24):
        for e in betaal(state, Betaal(uuid4(), periode, OP)):
            state = evolve(state, e, bekende_geboortedata(geboortedata))
        periode = date(periode.year + periode.month // 12, periode.month % 12 + 1, 1)
    assert state is not None
    opdracht = Betaal(uuid4(), periode, OP)
    start = time.perf_counter()
    for _ in range(aantal):
        betaal(state, opdracht)
    seconds = time.perf_counter() - start
    return {"uitkeringen": aantal, "per_s": round(aantal / seconds), "us_per_uitkering": round(seconds / aantal * 1e6)}


async def _seed(
    runtime: Runtime,
    aantal: int,
    chunk: int = 1000,
    varianten: list[tuple[list[EventData], Geboortedata]] | None = None,
) -> list[UUID]:
    """Write `aantal` toegekende uitkeringen with their keys, a chunk per transaction (not part of the timing)."""
    rng = random.Random(7)
    varianten = varianten or [_events(rng, "", "") for _ in range(VARIANTEN)]
    ids: list[UUID] = []
    for begin in range(0, aantal, chunk):

        async def action(uow: UnitOfWork, begin: int = begin, n: int = min(chunk, aantal - begin)) -> Answer:
            batch: list[tuple[Loaded[Any], list[EventData]]] = []
            keys: dict[UUID, bytes] = {}
            for i in range(begin, begin + n):
                variant, geboortedata = varianten[i % len(varianten)]
                nieuw = {"uitkering_id": new_event_id(), "klant_id": new_event_id()}
                events = [e.model_copy(update=nieuw) for e in variant]
                aanvraag = events[0]
                assert isinstance(aanvraag, AanvraagIngediend)
                key = keys[aanvraag.klant_id] = AESGCM.generate_key(bit_length=256)
                persoonlijk = shredding.versleutel(key, aanvraag.klant_id, geboortedata_json(geboortedata))
                rekening = {"aanvrager": {"iban": "NL44RABO0123456789", "naam": "K. Lant"}, "partner": None}
                events[0] = aanvraag.model_copy(update={"persoonlijk": persoonlijk})
                ids.append(aanvraag.uitkering_id)
                events[2] = events[2].model_copy(
                    update={"versleuteld": shredding.versleutel(key, aanvraag.klant_id, rekening)}
                )
                batch.append((Loaded(UITKERINGEN, aanvraag.uitkering_id, None, NEW_STREAM, ()), events))
            await _SLEUTELS.execute(uow.conn, klanten=list(keys), sleutels=list(keys.values()))
            await uow.append_many(batch)
            return Answer({})

        await execute(runtime, runtime.systeem, action)
    return ids


_SLEUTELS = Sql(
    "INSERT INTO klant_sleutels (klant_id, sleutel) SELECT * FROM unnest(CAST(:klanten AS uuid[]), "
    "CAST(:sleutels AS bytea[]))"
)


async def betaalrun_cli(database_url: str, processen: int) -> None:
    """The month's betaalrun of the bench's gemeente through its command line, in `processen` processes."""
    env = {**os.environ, "UITKERING_DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "services.uitkering.betaalrun",
        "--gemeente",
        GEMEENTE,
        "--periode",
        f"{PERIODE:%Y-%m}",
        "--processen",
        str(processen),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
    )
    await child.communicate()
    assert child.returncode == 0, "the betaalrun failed"


async def measure_betaalrun(settings: Settings, aantal: int = 100_000, processen: int = PROCESSEN) -> dict[str, Any]:
    """Seed `aantal` toegekende uitkeringen, then time the betaalrun (in `processen` processes) and its pain.001."""
    runtime = Runtime(DEFINITION, settings)
    try:
        seed_start = time.perf_counter()
        await _seed(runtime, aantal)
        seeded = time.perf_counter() - seed_start
        # As a G4 city would run it: the command line, one process per core (this machine: 2).
        start = time.perf_counter()
        await betaalrun_cli(settings.database_url, processen)
        run_s = time.perf_counter() - start
        run_id = betaalrun.betaalrun_id(GEMEENTE, PERIODE)

        async def totaal(uow: UnitOfWork) -> Answer:
            row = await Sql("SELECT betalingen, totaal FROM betaalruns WHERE betaalrun_id = :id").fetchrow(
                uow.conn, id=run_id
            )
            return Answer({"betalingen": row[0], "totaal": str(row[1])})

        uitkomst = (await execute(runtime, runtime.systeem, totaal)).body

        async def bestand(uow: UnitOfWork) -> Answer:
            inhoud = await betaalrun.betalingen_voor_bestand(uow.conn, run_id)
            rekening = settings.betaalrekening(GEMEENTE)
            xml = sepa.pain001(
                opdrachtgever=rekening.naam,
                iban=rekening.iban,
                bic=rekening.bic,
                uitvoerdatum=PERIODE,
                betalingen=inhoud.betalingen,
            )
            return Answer({"bytes": len(xml), "transacties": len(inhoud.betalingen)})

        file_start = time.perf_counter()
        file = (await execute(runtime, runtime.systeem, bestand)).body
        file_s = time.perf_counter() - file_start
    finally:
        await runtime.engine.dispose()
    return {
        "uitkeringen": aantal,
        "seed_seconds": round(seeded, 1),
        "betaalrun_seconds": round(run_s, 1),
        "processen": processen,
        "betalingen": uitkomst["betalingen"],
        "totaal": uitkomst["totaal"],
        "pain001_seconds": round(file_s, 1),
        "pain001_bytes": file["bytes"],
        "pain001_transacties": file["transacties"],
        "total_seconds": round(run_s + file_s, 1),
        "target_seconds": 60,
    }


async def measure_cijfers(settings: Settings, aantal: int = 100_000) -> dict[str, Any]:
    """Seed `aantal` uitkeringen starting over 24 months (a quarter ended for work), then time the figures of
    every one of those months for the gemeente. Target: under 10 s.
    """
    rng = random.Random(24)
    # 2024 and 2026: the reference carries no vermogensgrenzen for 2025, so aanvragen then cannot be decided.
    maanden = [date(jaar, m, 1) for jaar in (2024, 2026) for m in range(1, 13)]
    varianten = []
    for i in range(VARIANTEN):
        ingang = maanden[i % 24]
        einde = ingang + relativedelta(months=rng.randint(1, 18)) - relativedelta(days=1) if i % 4 == 0 else None
        varianten.append(_events(rng, "", "", ingang=ingang, inkomsten=0, einde=einde))
    runtime = Runtime(DEFINITION, settings)
    try:
        seed_start = time.perf_counter()
        await _seed(runtime, aantal, varianten=varianten)
        seeded = time.perf_counter() - seed_start

        async def alle(uow: UnitOfWork) -> Answer:
            return Answer({"rijen": [await queries.cijfers_maand(uow.conn, GEMEENTE, m) for m in maanden]})

        start = time.perf_counter()
        rijen = (await execute(runtime, runtime.systeem, alle)).body["rijen"]
        seconds = time.perf_counter() - start
    finally:
        await runtime.engine.dispose()
    return {
        "uitkeringen": aantal,
        "maanden": len(maanden),
        "seed_seconds": round(seeded, 1),
        "seconds": round(seconds, 2),
        "target_seconds": 10,
        "bestand_laatste_maand": rijen[-1]["bestand"],
    }


async def measure_verrekening(
    zonder: Sequence[Settings], met: Sequence[Settings], aantal: int = 10_000
) -> dict[str, Any]:
    """Betaalruns of `aantal` uitkeringen with a verrekenbare vordering each, against runs without any.

    The peer pays the same households of the same gemeente in the same month (drawn once), in a
    database of its own: the only difference between the two runs is the vordering on every uitkering. With two
    databases of each the runs go zonder, met, met, zonder, so a drift of the machine's speed cancels out.
    Target: the verrekening slows the run by at most 20%.
    """
    # Every household has an income of its own, so every payment has room above the beslagvrije voet and sets its
    # vordering off (bijstand alone is below the voet).
    rng = random.Random(60)
    huishoudens = [_events(random.Random(rng.randrange(2**32)), "", "", inkomsten=1) for _ in range(VARIANTEN // 4)]
    volgorde = [("zonder", zonder[0]), ("met", met[0])]
    volgorde += [("met", m) for m in met[1:]] + [("zonder", z) for z in zonder[1:]]
    tijden: dict[str, float] = {"zonder": 0.0, "met": 0.0}
    verrekend = 0
    for naam, settings in volgorde:
        runtime = Runtime(DEFINITION, settings)
        try:
            ids = await _seed(runtime, aantal, varianten=huishoudens)
            if naam == "met":
                await _vorderingen(runtime, ids)
            await _rustig(runtime)
            start = time.perf_counter()
            await betaalrun.voer_uit(runtime, runtime.systeem, GEMEENTE, PERIODE)
            tijden[naam] += time.perf_counter() - start
            async with runtime.engine.connect() as conn:
                sql = "SELECT count(*) FROM event_store WHERE event_type = 'AflossingOntvangen'"
                verrekend += int((await conn.exec_driver_sql(sql)).scalar() or 0)
        finally:
            await runtime.engine.dispose()
    basis, met_v = tijden["zonder"] / len(zonder), tijden["met"] / len(met)
    return {
        "uitkeringen": aantal,
        "runs_each": len(met),
        # A vordering is set off only where the household's means leave room (art. 60 lid 3 with the beslagvrije voet).
        "verrekeningen": verrekend,
        "zonder_seconds": round(basis, 1),
        "met_seconds": round(met_v, 1),
        "vertraging": f"{(met_v / basis - 1) * 100:.0f}%",
        "vertraging_pct": round((met_v / basis - 1) * 100, 1),
        "target": "≤ 20%",
    }


async def _rustig(runtime: Runtime) -> None:
    """After seeding: vacuum, analyse and checkpoint, so the timed run does not pay for what seeding left behind."""
    async with runtime.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql("VACUUM ANALYZE")
        await conn.exec_driver_sql("CHECKPOINT")


async def _vorderingen(runtime: Runtime, ids: list[UUID], chunk: int = 1000) -> None:
    """One art. 58 lid 1 vordering of 300 per uitkering, through the command path in chunks."""
    for begin in range(0, len(ids), chunk):

        async def action(uow: UnitOfWork, deel: list[UUID] = ids[begin : begin + chunk]) -> Answer:
            batch = []
            for uitkering in (await uow.load_many(UITKERINGEN, deel))[0]:
                events = vordering.leg_op(
                    vordering_id=new_event_id(),
                    uitkering_id=uitkering.stream_id,
                    klant_id=uitkering.state.aanvraag.klant_id,
                    gemeente=GEMEENTE,
                    soort="terugvordering",
                    grond=vordering.GRONDEN["58.1"],
                    deelvorderingen=[
                        vordering.Deelvordering(periode=INGANG, bedrag=Decimal(300), omschrijving="bench")
                    ],
                    debiteuren=["aanvrager"],
                    berekening={},
                    op=OP,
                    door="bench",
                )
                nieuw = Loaded(vordering.VORDERINGEN, events[0].vordering_id, None, NEW_STREAM, ())  # type: ignore[attr-defined]
                batch.append((nieuw, events))
            await uow.append_many(batch)
            return Answer({})

        await execute(runtime, runtime.systeem, action)


def main() -> None:
    """`python -m bench.uitkering [AANTAL [PROCESSEN]]`: only these measurements, on a fresh embedded PostgreSQL."""
    import json
    import shutil
    import tempfile

    from deploy.local.infra import EmbeddedPostgres, free_port
    from libs.events import migrate
    from libs.events.observability import configure_logging

    aantal = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    processen = int(sys.argv[2]) if len(sys.argv) > 2 else PROCESSEN  # 1: the run as it was before issue 31
    configure_logging("bench", "WARNING")
    data_dir = Path(tempfile.mkdtemp(prefix="regio-bench-uitkering-"))
    pg = EmbeddedPostgres(data_dir, port=free_port(), durable=True)
    pg.start()
    try:
        pg.create_database("bench_uitkering")
        migrate.upgrade("uitkering", pg.url("bench_uitkering"))
        settings = Settings(database_url=pg.url("bench_uitkering"), log_level="WARNING")
        paren = ("bench_uitkering_zonder", "bench_uitkering_met", "bench_uitkering_zonder2", "bench_uitkering_met2")
        for naam in ("bench_uitkering_cijfers", *paren):
            pg.create_database(naam)
            migrate.upgrade("uitkering", pg.url(naam))
        results = {
            "recht": measure_recht(aantal),
            "betaalrun": asyncio.run(measure_betaalrun(settings, aantal, processen)),
            "cijfers": asyncio.run(
                measure_cijfers(Settings(database_url=pg.url("bench_uitkering_cijfers"), log_level="WARNING"), aantal)
            ),
            "verrekening": asyncio.run(
                measure_verrekening(
                    [Settings(database_url=pg.url(n), log_level="WARNING") for n in paren[0::2]],
                    [Settings(database_url=pg.url(n), log_level="WARNING") for n in paren[1::2]],
                    aantal // 10,
                )
            ),
        }
    finally:
        pg.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
