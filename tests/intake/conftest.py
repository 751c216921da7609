"""A running intake app on a fresh database and broker."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from deploy.local.infra import TansuBroker
from services.intake.app import build_app
from services.intake.settings import Settings
from tests.support import broker_settings, running


@pytest.fixture
def intake_settings(intake_db: str, broker: TansuBroker) -> Settings:
    return Settings(database_url=intake_db, **broker_settings(broker))


@pytest.fixture
async def intake(intake_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running(build_app(intake_settings)) as client:
        yield client


@pytest.fixture
def count_rows(intake_db: str):  # type: ignore[no-untyped-def]
    """Count rows of intake tables: proves that refused requests stored nothing."""

    async def count(table: str) -> int:
        engine = create_async_engine(intake_db)
        try:
            async with engine.connect() as conn:
                return int((await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())
        finally:
            await engine.dispose()

    return count
