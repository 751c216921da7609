"""A running matching app, and a way to publish intake events to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from deploy.local.infra import TansuBroker
from libs.events.contracts.intake import TOPIC, AanmeldingOntvangen, DiagnoseVastgesteld, KlantGeregistreerd
from libs.events.contracts.werkgevers import TOPIC as WERKGEVERS_TOPIC
from libs.events.contracts.werkgevers import Contractvorm, VacatureGeregistreerd
from libs.events.envelope import Envelope, new_event_id
from libs.events.registry import EventData
from libs.events.store import NEW_STREAM, EventContext, seal_events
from services.matching.app import build_app
from services.matching.settings import Settings
from tests.support import broker_settings, running

Publish = Callable[..., Awaitable[UUID]]


@pytest.fixture
def matching_settings(matching_db: str, broker: TansuBroker) -> Settings:
    return Settings(database_url=matching_db, **broker_settings(broker))


@pytest.fixture
async def matching(matching_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running(build_app(matching_settings)) as client:
        yield client


def _envelopes(
    stream: str, klant: str, gemeente: str, events: list[EventData], stream_type: str = "aanmelding"
) -> list[Envelope]:
    return seal_events(
        events,
        head=NEW_STREAM,
        source="/regio/intake",
        stream_type=stream_type,
        stream_id=stream,
        subject=klant,
        gemeente=gemeente,
        context=EventContext("t", "c"),
    )[0]


@pytest.fixture
async def publish(broker: TansuBroker) -> AsyncIterator[Publish]:
    """Publish a klant with its team, an aanmelding and optionally its diagnose as intake would; return the klant_id."""
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
    await producer.start()
    clock = [datetime(2026, 11, 1, tzinfo=UTC)]

    async def _publish(gemeente: str, route: str, with_diagnose: bool = True, team: str = "regionaal") -> UUID:
        aanmelding, klant = new_event_id(), new_event_id()
        clock[0] += timedelta(minutes=1)
        registratie = KlantGeregistreerd(
            klant_id=klant, gemeente=gemeente, verantwoordelijk_team=team, geregistreerd_op=clock[0]
        )
        for env in _envelopes(str(klant), str(klant), gemeente, [registratie], "klant"):
            await producer.send_and_wait(TOPIC, env.to_json(), key=env.streamid.encode())
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


PublishVacature = Callable[..., Awaitable[UUID]]


@pytest.fixture
async def publish_vacature(broker: TansuBroker) -> AsyncIterator[PublishVacature]:
    """Publish a vacature as werkgevers would; return its id."""
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
    await producer.start()

    async def _publish(
        *,
        gemeente: str = "GM0014",
        postcode: str = "9711AB",
        vereist: list[str] | None = None,
        gewenst: list[str] | None = None,
        isco08: str = "8344",
        uren: int = 32,
        banenafspraak: bool = False,
        aanpassingen: list[str] | None = None,
        plaatsen: int = 1,
        start: date = date(2026, 12, 1),
        werkgever_id: UUID | None = None,
    ) -> UUID:
        vacature = new_event_id()
        event = VacatureGeregistreerd(
            vacature_id=vacature,
            werkgever_id=werkgever_id or new_event_id(),
            titel="Heftruckchauffeur",
            isco08=isco08,
            vereiste_vaardigheden=vereist if vereist is not None else ["heftruck rijden", "orderpicken"],
            gewenste_vaardigheden=gewenst or [],
            uren_per_week=uren,
            postcode=postcode,
            gemeente=gemeente,
            startdatum=start,
            contractvorm=Contractvorm.BEPAALDE_TIJD,
            banenafspraak=banenafspraak,
            aanpassingen=aanpassingen or [],
            aantal_plaatsen=plaatsen,
            geregistreerd_op=datetime.now(UTC),
        )
        envelopes = seal_events(
            [event],
            head=NEW_STREAM,
            source="/regio/werkgevers",
            stream_type="vacature",
            stream_id=str(vacature),
            subject=str(vacature),
            gemeente=gemeente,
            context=EventContext("t", "c"),
        )[0]
        for env in envelopes:
            await producer.send_and_wait(WERKGEVERS_TOPIC, env.to_json(), key=env.streamid.encode())
        return vacature

    try:
        yield _publish
    finally:
        await producer.stop()
