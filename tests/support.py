"""Helpers for tests: real servers, fresh databases, running apps, tokens, waiting on conditions."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import asyncpg
import httpx
import uvicorn
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI

from deploy.brp import gba
from deploy.brp.fake import Register
from deploy.local.infra import EmbeddedPostgres, TansuBroker, free_port
from libs.events.auth import mint_token
from libs.events.envelope import event_type_of
from libs.events.registry import EventData
from libs.events.settings import DEV_JWT_SECRET
from libs.events.store import NEW_STREAM, EventContext, seal_events
from libs.gebieden import gemeenten

T = TypeVar("T")

# Short group timings: tansu's group join waits about half the session timeout.
FAST_KAFKA: dict[str, Any] = {
    "kafka_session_timeout_ms": 2000,
    "kafka_heartbeat_interval_ms": 500,
    "kafka_fetch_max_wait_ms": 50,
    "kafka_request_timeout_ms": 5000,
    "relay_lease_s": 8.0,
    "log_json": True,
    "log_level": "INFO",
}


async def wait_for(
    condition: Callable[[], Awaitable[T]],
    timeout: float = 20.0,
    interval: float = 0.05,
    what: str = "condition",
) -> T:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while True:
        last = await condition()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}; last value: {last!r}")
        await asyncio.sleep(interval)


def token(roles: list[str], gemeenten: list[str], sub: str = "tester") -> dict[str, str]:
    """Authorization header with a dev token."""
    return {"Authorization": f"Bearer {mint_token(DEV_JWT_SECRET, sub=sub, roles=roles, gemeenten=gemeenten)}"}


async def create_database(pg: EmbeddedPostgres, name: str, template: str) -> str:
    """Create database `name` as a copy of `template`; return its SQLAlchemy URL."""
    conn = await asyncpg.connect(host=pg.host, port=pg.port, user="postgres", database="postgres")
    try:
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    finally:
        await conn.close()
    return pg.url(name)


@contextlib.asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run an app's lifespan (relay, consumer) and give an HTTP client for it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


def broker_settings(broker: TansuBroker, prefix: str = "") -> dict[str, Any]:
    """Settings pointing at a test broker."""
    return {"kafka_bootstrap_servers": broker.bootstrap_servers, "kafka_topic_prefix": prefix, **FAST_KAFKA}


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


# The fake BRP of this test session (tests/conftest.py starts it): the register the tests' residents go into.
BRP = Register()


def inwoner(
    bsn: str,
    naam: str,
    geboortedatum: str,
    gemeente: str = "GM0014",
    postcode: str | None = None,
    straat: str = "Teststraat",
    huisnummer: int = 1,
    woont_sinds: str = "2020-01-01",
) -> None:
    """Register (or move) a resident in the fake BRP: the person the tests' aanmelding is about, living there."""
    *voor, achternaam = naam.split()
    voornamen, voorvoegsel = (voor[0], " ".join(voor[1:]) or None) if voor else (None, None)
    BRP.personen[bsn] = gba.testpersoon(
        {
            "burgerservicenummer": bsn,
            "voornamen": voornamen,
            "voorvoegsel": voorvoegsel,
            "geslachtsnaam": achternaam,
            "geboortedatum": geboortedatum,
            "gemeente": gemeente.removeprefix("GM"),
            "straat": straat,
            "huisnummer": huisnummer,
            "postcode": (postcode or "9711AA").replace(" ", "").upper(),
            "woonplaats": gemeenten()[gemeente].naam if gemeente in gemeenten() else gemeente,
            "datumVan": woont_sinds,
        }
    )


def feit(envelope: dict[str, Any]) -> str:
    """The domain fact of an event read off a topic (its `type` is reverse-DNS: nl.participatiewet.intake.X)."""
    return event_type_of(str(envelope["type"]))


@contextlib.asynccontextmanager
async def publisher(broker: TansuBroker) -> AsyncIterator[Callable[..., Awaitable[None]]]:
    """Publish events on a topic as their producing service would: sealed into one stream, keyed by its id."""
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
    await producer.start()

    async def publiceer(
        topic: str, events: list[EventData], *, stream: str, subject: str, gemeente: str, stream_type: str, bron: str
    ) -> None:
        envelopes = seal_events(
            events,
            head=NEW_STREAM,
            source=f"/regio/{bron}",
            stream_type=stream_type,
            stream_id=stream,
            subject=subject,
            gemeente=gemeente,
            context=EventContext("t", "c"),
        )[0]
        for env in envelopes:
            await producer.send_and_wait(topic, env.to_json(), key=(env.subject or env.streamid).encode())

    try:
        yield publiceer
    finally:
        await producer.stop()
