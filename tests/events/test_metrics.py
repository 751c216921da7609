"""The /metrics exposition passes `promtool check metrics` (Prometheus' own linter) with every family filled."""

from __future__ import annotations

import asyncio
import shutil
import subprocess

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.events.test_edge import ADVISEUR, client  # noqa: F401  (the werkgevers service fixture)
from tests.werkgevers.test_werkgevers_api import werkgever

WANTED = {
    "http_request_duration_seconds",
    "http_requests",
    "outbox_backlog_events",
    "outbox_oldest_unpublished_seconds",
    "db_pool_connections_in_use",
    "db_pool_connections_size",
    "db_pool_waiting",
    "consumer_lag_events",
    "consumer_dead_lettered",
}


async def test_metrics_pass_promtool_and_name_what_operations_alert_on(client: httpx.AsyncClient) -> None:  # noqa: F811
    promtool = shutil.which("promtool")
    assert promtool, "promtool is missing: `make test` installs Debian's prometheus package"
    assert (await client.post("/api/v1/werkgevers", json=werkgever(), headers=ADVISEUR)).status_code == 201
    exposition = (await client.get("/metrics")).text
    families = {family.name for family in text_string_to_metric_families(exposition)}
    assert families >= WANTED, WANTED - families
    checked = await asyncio.to_thread(
        subprocess.run,
        [promtool, "check", "metrics"],
        input=exposition,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("route", ["/api/v1/werkgevers/{werkgever_id}"])
async def test_latency_is_recorded_by_route_template_not_by_path(client: httpx.AsyncClient, route: str) -> None:  # noqa: F811
    created = (await client.post("/api/v1/werkgevers", json=werkgever(kvkNummer="69599084"), headers=ADVISEUR)).json()
    await client.get(f"/api/v1/werkgevers/{created['werkgeverId']}", headers=ADVISEUR)
    exposition = (await client.get("/metrics")).text
    assert f'route="{route}"' in exposition and created["werkgeverId"] not in exposition
