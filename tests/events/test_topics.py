"""A service that starts before its broker keeps creating its topics, and is not ready until they exist."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient

from deploy.local.infra import TansuBroker, free_port
from services.werkgevers.app import build_app
from services.werkgevers.settings import Settings
from tests.support import FAST_KAFKA, running, wait_for


async def test_topics_are_retried_until_the_broker_takes_them(werkgevers_db: str, tmp_path: Path) -> None:
    port = free_port()
    broker = TansuBroker(port=port, log_file=tmp_path / "tansu.log")
    settings = Settings(database_url=werkgevers_db, kafka_bootstrap_servers=f"127.0.0.1:{port}", **FAST_KAFKA)
    async with running(build_app(settings)) as client:
        waiting = await client.get("/ready")
        assert waiting.status_code == 503 and waiting.json()["checks"]["topics"]["ok"] is False
        broker.start()
        try:

            async def topics_ready() -> dict[str, Any] | None:
                topics: dict[str, Any] = (await client.get("/ready")).json()["checks"]["topics"]
                return topics if topics["ok"] else None

            ready = await wait_for(topics_ready, timeout=30, what="topics created once the broker is up")
            assert ready["topics"] == ["matching.events", "werkgevers.events"]
            admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap_servers)
            await admin.start()
            try:
                existing = set(await admin.list_topics())
            finally:
                await admin.close()
            assert {"werkgevers.events", "werkgevers.events.dlq", "matching.events", "matching.events.dlq"} <= existing
        finally:
            broker.stop()
