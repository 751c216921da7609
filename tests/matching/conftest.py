"""A running matching app, and a way to publish intake events to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from deploy.local.infra import TansuBroker
from libs.events.contracts.intake import TOPIC, AanmeldingOntvangen, DiagnoseVastgesteld
from libs.events.envelope import Envelope, new_event_id
from libs.events.registry import EventData
from libs.events.store import NEW_STREAM, EventContext, seal_events
from services.matching.app import build_app
from services.matching.settings import Settings
from tests.support import broker_settings, running

Publish = Callable[[str, str, bool], Awaitable[UUID]]


@pytest.fixture
def matching_settings(matching_db: str, broker: TansuBroker) -> Settings:
    return Settings(database_url=matching_db, **broker_settings(broker))


@pytest.fixture
async def matching(matching_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running(build_app(matching_settings)) as client:
        yield client


def _envelopes(stream: str, klant: str, gemeente: str, events: list[EventData]) -> list[Envelope]:
    return seal_events(
        events,
        head=NEW_STREAM,
        source="/regio/intake",
        stream_type="aanmelding",
        stream_id=stream,
        subject=klant,
        gemeente=gemeente,
        context=EventContext("t", "c"),
    )[0]


@pytest.fixture
async def publish(broker: TansuBroker) -> AsyncIterator[Publish]:
    """Publish an aanmelding (and optionally its diagnose) as intake would; return the klant_id."""
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
    await producer.start()
    clock = [datetime(2026, 11, 1, tzinfo=UTC)]

    async def _publish(gemeente: str, route: str, with_diagnose: bool = True) -> UUID:
        aanmelding, klant = new_event_id(), new_event_id()
        clock[0] += timedelta(minutes=1)
        events: list[EventData] = [
            AanmeldingOntvangen(
                aanmelding_id=aanmelding,
                klant_id=klant,
                gemeente=gemeente,
                kanaal="kcc",
                hulpvraag="werk",
                ontvangen_op=clock[0],
            )
        ]
        if with_diagnose:
            events.append(
                DiagnoseVastgesteld(
                    urgentie="normaal",
                    regelset_versie="primaire-diagnose-2026.1",
                    voorstel_gevolgd=True,
                    aanmelding_id=aanmelding,
                    klant_id=klant,
                    gemeente=gemeente,
                    route=route,
                    uitkering_nodig=False,
                    vastgesteld_op=clock[0],
                )
            )
        for env in _envelopes(str(aanmelding), str(klant), gemeente, events):
            await producer.send_and_wait(TOPIC, env.to_json(), key=env.streamid.encode())
        return klant

    try:
        yield _publish
    finally:
        await producer.stop()
