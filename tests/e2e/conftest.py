"""Both services as real HTTP servers on loopback, on fresh databases and a fresh broker."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from deploy.local.infra import TansuBroker, free_port
from services.intake.app import build_app as build_intake
from services.intake.settings import Settings as IntakeSettings
from services.matching.app import build_app as build_matching
from services.matching.settings import Settings as MatchingSettings
from tests.support import broker_settings


@contextlib.asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on a free loopback port; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("server exited during start-up")
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@dataclass
class Platform:
    """Settings of both services; start them with `up()`."""

    broker: TansuBroker
    intake_settings: IntakeSettings
    matching_settings: MatchingSettings

    @contextlib.asynccontextmanager
    async def up(self) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
        """Run intake and matching; yield an HTTP client for each."""
        async with (
            serve(build_intake(self.intake_settings)) as intake_url,
            serve(build_matching(self.matching_settings)) as matching_url,
            httpx.AsyncClient(base_url=intake_url, timeout=30) as intake,
            httpx.AsyncClient(base_url=matching_url, timeout=30) as matching,
        ):
            yield intake, matching


@pytest.fixture
def platform(broker: TansuBroker, intake_db: str, matching_db: str) -> Platform:
    kafka = broker_settings(broker)
    return Platform(
        broker,
        IntakeSettings(database_url=intake_db, **kafka),
        MatchingSettings(database_url=matching_db, **kafka),
    )
