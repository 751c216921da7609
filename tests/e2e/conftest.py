"""The services as real HTTP servers on loopback, on fresh databases and a fresh broker."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from fastapi import FastAPI

from deploy.local.infra import TansuBroker
from deploy.uwv.fake import Register as UwvRegister
from deploy.uwv.fake import build_app as build_uwv
from libs.events.services import SERVICES
from services.handhaving.app import build_app as build_handhaving
from services.handhaving.settings import Settings as HandhavingSettings
from services.intake.app import build_app as build_intake
from services.intake.settings import Settings as IntakeSettings
from services.matching.app import build_app as build_matching
from services.matching.settings import Settings as MatchingSettings
from services.trajecten.app import build_app as build_trajecten
from services.trajecten.settings import Settings as TrajectenSettings
from services.uitkering.app import build_app as build_uitkering
from services.uitkering.settings import Settings as UitkeringSettings
from services.werkgevers.app import build_app as build_werkgevers
from services.werkgevers.settings import Settings as WerkgeversSettings
from tests.support import broker_settings, serve


@dataclass
class Platform:
    """Settings of the services; start intake and matching with `up()`, with werkgevers `up_all()`, every one
    `up_every()`."""

    broker: TansuBroker
    intake_settings: IntakeSettings
    matching_settings: MatchingSettings
    werkgevers_settings: WerkgeversSettings
    uitkering_settings: UitkeringSettings
    handhaving_settings: HandhavingSettings
    trajecten_settings: TrajectenSettings
    uwv: UwvRegister = field(default_factory=UwvRegister)
    intake_app: FastAPI | None = None
    intake_url: str | None = None
    uitkering_app: FastAPI | None = None
    trajecten_app: FastAPI | None = None

    @contextlib.asynccontextmanager
    async def up(self) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
        """Run intake and matching; yield an HTTP client for each."""
        self.intake_app = build_intake(self.intake_settings)
        async with (
            serve(self.intake_app) as intake_url,
            serve(build_matching(self.matching_settings)) as matching_url,
            httpx.AsyncClient(base_url=intake_url, timeout=30) as intake,
            httpx.AsyncClient(base_url=matching_url, timeout=30) as matching,
        ):
            self.intake_url = intake_url
            yield intake, matching

    @contextlib.asynccontextmanager
    async def up_all(self) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, httpx.AsyncClient]]:
        """Run intake, matching and werkgevers; yield an HTTP client for each."""
        async with (
            self.up() as (intake, matching),
            serve(build_werkgevers(self.werkgevers_settings)) as werkgevers_url,
            httpx.AsyncClient(base_url=werkgevers_url, timeout=30) as werkgevers,
        ):
            yield intake, matching, werkgevers

    @contextlib.asynccontextmanager
    async def up_uitkering(self) -> AsyncIterator[httpx.AsyncClient]:
        """Run uitkering next to a running intake (it reads personal data there); yield its client."""
        assert self.intake_url is not None, "start intake first (up() or up_all())"
        settings = self.uitkering_settings.model_copy(update={"intake_url": self.intake_url})
        self.uitkering_app = build_uitkering(settings)
        async with (
            serve(self.uitkering_app) as url,
            httpx.AsyncClient(base_url=url, timeout=60) as uitkering,
        ):
            yield uitkering

    @contextlib.asynccontextmanager
    async def up_every(self) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
        """Run every registered service; yield a client per service name."""
        async with (
            self.up_all() as (intake, matching, werkgevers),
            self.up_uitkering() as uitkering,
            serve(build_uwv(self.uwv)) as uwv_url,
            serve(self._trajecten(uwv_url)) as trajecten_url,
            httpx.AsyncClient(base_url=trajecten_url, timeout=30) as trajecten,
            serve(build_handhaving(self._handhaving())) as handhaving_url,
            httpx.AsyncClient(base_url=handhaving_url, timeout=30) as handhaving,
        ):
            clients = {
                "intake": intake,
                "matching": matching,
                "werkgevers": werkgevers,
                "uitkering": uitkering,
                "trajecten": trajecten,
                "handhaving": handhaving,
            }
            assert set(clients) == {s.name for s in SERVICES}, "a registered service is not started here"
            yield clients

    def _trajecten(self, uwv_url: str) -> FastAPI:
        assert self.intake_url is not None
        settings = self.trajecten_settings.model_copy(update={"intake_url": self.intake_url, "uwv_url": uwv_url})
        self.trajecten_app = build_trajecten(settings)
        return self.trajecten_app

    def uwv_adviezen(self) -> Any:
        """The running trajecten's UWV timer (call `fire_due()` to fetch the adviezen UWV gave)."""
        assert self.trajecten_app is not None
        return self.trajecten_app.state.runtime.timers["uwv"]

    def _handhaving(self) -> HandhavingSettings:
        assert self.intake_url is not None
        return self.handhaving_settings.model_copy(update={"intake_url": self.intake_url})

    def scheduler(self) -> Any:
        """The running intake's timer scheduler (call `fire_due(date)` to act as that day)."""
        assert self.intake_app is not None
        return self.intake_app.state.runtime.timers["tijdbewaking"]


async def published(bootstrap: str, topic: str) -> list[dict[str, Any]]:
    """Every event currently on `topic`, decoded as JSON, in partition order."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=50)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not partitions:
            return []
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        out: list[dict[str, Any]] = []
        while True:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                out.extend(json.loads(r.value) for r in records)
            positions = [await consumer.position(tp) for tp in partitions]
            ends = [consumer.highwater(tp) for tp in partitions]
            if all(end is not None and pos >= end for pos, end in zip(positions, ends, strict=True)):
                return out
    finally:
        await consumer.stop()


@pytest.fixture
def platform(
    broker: TansuBroker,
    intake_db: str,
    matching_db: str,
    werkgevers_db: str,
    uitkering_db: str,
    handhaving_db: str,
    trajecten_db: str,
) -> Platform:
    kafka = broker_settings(broker)
    return Platform(
        broker,
        IntakeSettings(database_url=intake_db, **kafka),
        MatchingSettings(database_url=matching_db, **kafka),
        WerkgeversSettings(database_url=werkgevers_db, **kafka),
        # The voorschot timer is driven by the tests (fire_due), not by the clock.
        UitkeringSettings(database_url=uitkering_db, timer_interval_s=3600, **kafka),
        HandhavingSettings(database_url=handhaving_db, **kafka),
        # The UWV timer is driven by the tests (fire_due), not by the clock.
        TrajectenSettings(database_url=trajecten_db, uwv_interval_s=3600, **kafka),
    )
