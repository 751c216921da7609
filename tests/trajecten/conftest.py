"""A running trajecten app, and klanten as intake (and uitkering's ontheffingen) would publish them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import httpx
import pytest

from deploy.local.infra import TansuBroker
from libs.events.contracts import intake, uitkering
from libs.events.contracts.intake import DiagnoseVastgesteld, KlantGeregistreerd
from libs.events.contracts.uitkering import OntheffingVerleend
from libs.events.envelope import new_event_id
from services.trajecten.app import build_app
from services.trajecten.settings import Settings
from tests.support import broker_settings, publisher, running, token, wait_for

KLANTMANAGER = token(["klantmanager"], ["GM0014"], sub="km-1")
TOEGANG = token(["toegang"], ["GM0014"], sub="wijkteam-1")
TOEGANG_0037 = token(["toegang", "beheerder", "uitkeringsconsulent"], ["GM0037"], sub="wijkteam-37")
BEHEERDER = token(["beheerder"], ["GM0014"], sub="beheer-1")
CONSULENT = token(["uitkeringsconsulent"], ["GM0014"], sub="consulent-1")
OP = datetime(2025, 1, 2, tzinfo=UTC)

Klant = Callable[..., Awaitable[UUID]]


@pytest.fixture
async def trajecten(trajecten_db: str, broker: TansuBroker) -> AsyncIterator[httpx.AsyncClient]:
    async with running(build_app(Settings(database_url=trajecten_db, **broker_settings(broker)))) as client:
        yield client


async def _bekend(db: str, klant: UUID, what: str, sql: str) -> None:
    url = db.replace("postgresql+asyncpg", "postgresql")

    async def gezien() -> bool:
        conn = await asyncpg.connect(url)
        try:
            return bool(await conn.fetchval(sql, klant))
        finally:
            await conn.close()

    await wait_for(gezien, timeout=30, what=what)


@pytest.fixture
async def klant(broker: TansuBroker, trajecten_db: str) -> AsyncIterator[Klant]:
    """A klant of a gemeente with its responsible team (and route), as intake publishes it; known once it returns."""
    async with publisher(broker) as publiceer:

        async def maak(gemeente: str = "GM0014", team: str = "regionaal", route: str | None = "ontwikkeling") -> UUID:
            klant_id = new_event_id()
            registratie = KlantGeregistreerd(
                klant_id=klant_id, gemeente=gemeente, verantwoordelijk_team=team, geregistreerd_op=OP
            )
            kwargs: dict[str, Any] = {"subject": str(klant_id), "gemeente": gemeente, "bron": "intake"}
            await publiceer(intake.TOPIC, [registratie], stream=str(klant_id), stream_type="klant", **kwargs)
            if route is not None:
                diagnose = DiagnoseVastgesteld(
                    aanmelding_id=new_event_id(),
                    klant_id=klant_id,
                    gemeente=gemeente,
                    route=route,
                    uitkering_nodig=True,
                    urgentie="normaal",
                    regelset_versie="primaire-diagnose-2026.1",
                    voorstel_gevolgd=True,
                    vastgesteld_op=OP,
                )
                aanmelding = str(new_event_id())
                await publiceer(intake.TOPIC, [diagnose], stream=aanmelding, stream_type="aanmelding", **kwargs)
            sql = "SELECT team IS NOT NULL FROM trajecten_klanten WHERE klant_id = $1"
            if route is not None:
                sql = "SELECT team IS NOT NULL AND route IS NOT NULL FROM trajecten_klanten WHERE klant_id = $1"
            await _bekend(trajecten_db, klant_id, "trajecten to know the klant", sql)
            return klant_id

        yield maak


Ontheffing = Callable[..., Awaitable[UUID]]


@pytest.fixture
async def ontheffing(broker: TansuBroker, trajecten_db: str) -> AsyncIterator[Ontheffing]:
    """An ontheffing of art. 9 as uitkering publishes it; known once it returns."""
    async with publisher(broker) as publiceer:

        async def verleen(klant_id: UUID, van: date, tot: date, grond: str = "9.2") -> UUID:
            uitkering_id, ontheffing_id = new_event_id(), new_event_id()
            event = OntheffingVerleend(
                uitkering_id=uitkering_id,
                klant_id=klant_id,
                gemeente="GM0014",
                ontheffing_id=ontheffing_id,
                grond=grond,
                van=van,
                tot=tot,
                eerder_genoten_dagen=0,
                reden="Mantelzorg",
                verleend_op=OP,
            )
            await publiceer(
                uitkering.TOPIC,
                [event],
                stream=str(uitkering_id),
                subject=str(klant_id),
                gemeente="GM0014",
                stream_type="uitkering",
                bron="uitkering",
            )
            sql = "SELECT count(*) > 0 FROM trajecten_ontheffingen WHERE klant_id = $1"
            await _bekend(trajecten_db, klant_id, "trajecten to know the ontheffing", sql)
            return ontheffing_id

        yield verleen


def plan(klant_id: UUID | None = None, **overrides: Any) -> dict[str, Any]:
    """A complete plan van aanpak body."""
    body: dict[str, Any] = {
        "doelen": ["Binnen een jaar betaald werk in de logistiek"],
        "afspraken": [
            {"soort": "ondersteuning", "omschrijving": "Werkervaringsplaats met jobcoach"},
            {
                "soort": "arbeidsverplichting",
                "omschrijving": "Komt op de werkervaringsplaats",
                "gevolg": "Een maatregel volgens de afstemmingsverordening",
            },
        ],
        "evaluatiemomenten": ["2025-04-01", "2025-10-01"],
        "startkwalificatie": False,
        "besprokenOp": "2025-01-03",
        "instemming": True,
    }
    if klant_id is not None:
        body["klantId"] = str(klant_id)
    body.update(overrides)
    return body


async def ok(response: httpx.Response, status: int = 200) -> Any:
    """The JSON of an answer that must have `status`."""
    assert response.status_code == status, response.text
    return response.json()
