"""Fixtures for backbone tests: an engine on a fresh database with the event tables."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


@pytest.fixture
async def engine(matching_db: str) -> AsyncIterator[AsyncEngine]:
    """Engine on a fresh database that has the shared event tables."""
    eng = create_async_engine(matching_db, pool_size=20, max_overflow=10)
    try:
        yield eng
    finally:
        await eng.dispose()
