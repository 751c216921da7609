"""Real PostgreSQL (embedded) for the whole session; a fresh broker and fresh databases per test."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from deploy.brp.fake import build_app as build_brp
from deploy.brp.fake import gepubliceerde_personen
from deploy.local.infra import EmbeddedPostgres, TansuBroker, free_port
from libs.events import migrate
from libs.events.observability import configure_logging
from libs.events.services import SERVICES as REGISTERED

from . import support
from .support import create_database, serve

# The tests sign with the published development secrets, as `make run` does; production refuses them.
os.environ.setdefault("DEV_MODE", "true")

SERVICES = tuple(s.name for s in REGISTERED)
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg() -> Iterator[EmbeddedPostgres]:
    """One embedded PostgreSQL server for the session, with a migrated template per service."""
    configure_logging("tests", "WARNING")
    data_dir = Path(tempfile.mkdtemp(prefix="regio-test-pg-"))
    server = EmbeddedPostgres(data_dir, port=free_port(), durable=False)
    server.start()
    try:
        for service in SERVICES:
            template = f"{service}_template"
            server.create_database(template)
            migrate.upgrade(service, server.url(template))
        yield server
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
async def brp() -> AsyncIterator[str]:
    """The fake BRP for the whole session, with the published test persons; intake finds it by environment."""
    support.BRP.personen.update(gepubliceerde_personen())
    async with serve(build_brp(support.BRP)) as url:
        os.environ["BRP_URL"] = f"{url}/haalcentraal/api/brp"
        os.environ["BRP_UPDATE_URL"] = f"{url}/haalcentraal/api/brpupdate"
        yield url


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[TansuBroker]:
    """A fresh, empty tansu broker for one test."""
    server = TansuBroker(port=free_port(), log_file=tmp_path / "tansu.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def _fresh(pg: EmbeddedPostgres, service: str) -> str:
    return await create_database(pg, f"{service}_t{next(_counter)}", f"{service}_template")


@pytest.fixture
async def intake_db(pg: EmbeddedPostgres) -> AsyncIterator[str]:
    """URL of a fresh, migrated intake database."""
    yield await _fresh(pg, "intake")


@pytest.fixture
async def matching_db(pg: EmbeddedPostgres) -> AsyncIterator[str]:
    """URL of a fresh, migrated matching database."""
    yield await _fresh(pg, "matching")


@pytest.fixture
async def werkgevers_db(pg: EmbeddedPostgres) -> AsyncIterator[str]:
    """URL of a fresh, migrated werkgevers database."""
    yield await _fresh(pg, "werkgevers")


@pytest.fixture
async def uitkering_db(pg: EmbeddedPostgres) -> AsyncIterator[str]:
    """URL of a fresh, migrated uitkering database."""
    yield await _fresh(pg, "uitkering")


@pytest.fixture
async def trajecten_db(pg: EmbeddedPostgres) -> AsyncIterator[str]:
    """URL of a fresh, migrated trajecten database."""
    yield await _fresh(pg, "trajecten")


@pytest.fixture
async def handhaving_db(pg: EmbeddedPostgres) -> AsyncIterator[str]:
    """URL of a fresh, migrated handhaving database."""
    yield await _fresh(pg, "handhaving")
