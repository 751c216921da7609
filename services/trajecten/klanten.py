"""What other services said about each klant, as far as trajecten needs it, and who may write the klant's traject.

From intake: the woongemeente, the responsible team (the warme overdracht decides it) and the diagnose route; from
matching: when the klant started work (for the keuzes); from uitkering: ontheffingen of art. 9 lid 2, 5 and 9a,
which hold for the tegenprestatie too; from werkgevers: the werkgevers a Wsw detachering can name as inlener. Each
handler writes only its own columns or rows, so events of different streams may arrive in any order between
partitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Role
from libs.events.commands import UnitOfWork
from libs.events.contracts.intake import (
    DiagnoseVastgesteld,
    EDienstverleningVerlopen,
    KlantGeregistreerd,
    KlantVerhuisd,
    OverdrachtGeaccepteerd,
    Route,
)
from libs.events.contracts.matching import PlaatsingGerealiseerd
from libs.events.contracts.uitkering import OntheffingBeeindigd, OntheffingVerleend
from libs.events.contracts.werkgevers import WerkgeverGeregistreerd
from libs.events.db import Sql
from libs.events.errors import NietGevonden, Verboden
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

REGIONAAL = "regionaal"


class KlantOnbekend(NietGevonden):
    """Trajecten does not (yet) know this klant in the caller's gemeenten."""

    title = "Klant onbekend"


class NietVerantwoordelijk(Verboden):
    """Another team is responsible for the klant: it writes the plan and the traject."""

    title = "Ander team verantwoordelijk"


@dataclass(frozen=True)
class Klantfeiten:
    """The klant as trajecten knows it."""

    klant_id: UUID
    gemeente: str
    team: str
    route: Route | None


@dataclass(frozen=True)
class Ontheffing:
    """An ontheffing of art. 9 from uitkering, as far as it runs."""

    ontheffing_id: UUID
    grond: str
    van: date
    tot: date


_KLANT = Sql("SELECT gemeente, team, route FROM trajecten_klanten WHERE klant_id = :klant")
_ONTHEFFING_OP = Sql(
    "SELECT ontheffing_id, grond, van, LEAST(tot, COALESCE(beeindigd_per - 1, tot)) FROM trajecten_ontheffingen "
    "WHERE klant_id = :klant AND van <= :dag AND :dag <= LEAST(tot, COALESCE(beeindigd_per - 1, tot)) "
    "ORDER BY van LIMIT 1"
)


async def feiten(uow: UnitOfWork, klant_id: UUID) -> Klantfeiten:
    """The klant in the caller's gemeenten: 404 otherwise (unknown and elsewhere are never told apart)."""
    row = await _KLANT.fetchrow(uow.conn, klant=klant_id)
    onbekend = KlantOnbekend(f"klant {klant_id} is hier (nog) niet bekend")
    if row is None or row[0] is None or row[1] is None:
        raise onbekend
    uow.see([row[0]], onbekend)
    return Klantfeiten(klant_id, row[0], row[1], Route(row[2]) if row[2] else None)


async def verantwoordelijk(uow: UnitOfWork, klant_id: UUID) -> Klantfeiten:
    """The klant, when the caller works in the team responsible for it (regional: klantmanager; local: toegang)."""
    klant = await feiten(uow, klant_id)
    rollen = uow.principal.roles
    if klant.team == REGIONAAL and Role.KLANTMANAGER.value not in rollen:
        raise NietVerantwoordelijk("het regionale team is verantwoordelijk voor deze klant (rol klantmanager)")
    if klant.team != REGIONAAL and Role.TOEGANG.value not in rollen:
        raise NietVerantwoordelijk("het lokale team van de gemeente is verantwoordelijk voor deze klant (rol toegang)")
    uow.act_for(klant.gemeente)
    return klant


async def ontheffing_op(uow: UnitOfWork, klant_id: UUID, dag: date) -> Ontheffing | None:
    """The ontheffing of art. 9 that covers `dag`, if any."""
    row = await _ONTHEFFING_OP.fetchrow(uow.conn, klant=klant_id, dag=dag)
    return Ontheffing(row[0], row[1], row[2], row[3]) if row else None


_GEREGISTREERD = Sql(
    "INSERT INTO trajecten_klanten (klant_id, gemeente, team) VALUES (:klant, :gemeente, :team) "
    "ON CONFLICT (klant_id) DO UPDATE SET gemeente = COALESCE(trajecten_klanten.gemeente, EXCLUDED.gemeente), "
    "team = COALESCE(trajecten_klanten.team, EXCLUDED.team)"
)
_GEMEENTE = Sql(
    "INSERT INTO trajecten_klanten (klant_id, gemeente) VALUES (:klant, :gemeente) "
    "ON CONFLICT (klant_id) DO UPDATE SET gemeente = EXCLUDED.gemeente, "
    "team = CASE WHEN trajecten_klanten.team LIKE 'lokaal:%' THEN 'lokaal:' || EXCLUDED.gemeente "
    "ELSE trajecten_klanten.team END"
)
_TEAM = Sql(
    "INSERT INTO trajecten_klanten (klant_id, team) VALUES (:klant, :team) "
    "ON CONFLICT (klant_id) DO UPDATE SET team = EXCLUDED.team"
)
_ROUTE = Sql(
    "INSERT INTO trajecten_klanten (klant_id, gemeente, route) VALUES (:klant, :gemeente, :route) "
    "ON CONFLICT (klant_id) DO UPDATE SET route = EXCLUDED.route, "
    "gemeente = COALESCE(trajecten_klanten.gemeente, EXCLUDED.gemeente)"
)
_WERK = Sql(
    "INSERT INTO trajecten_werk (plaatsing_id, klant_id, startdatum) VALUES (:id, :klant, :start) "
    "ON CONFLICT DO NOTHING"
)
_ONTHEFFING = Sql(
    "INSERT INTO trajecten_ontheffingen (ontheffing_id, klant_id, grond, van, tot) "
    "VALUES (:id, :klant, :grond, :van, :tot) ON CONFLICT DO NOTHING"
)
_ONTHEFFING_EINDE = Sql("UPDATE trajecten_ontheffingen SET beeindigd_per = :per WHERE ontheffing_id = :id")

_WERKGEVER = Sql(
    "INSERT INTO trajecten_werkgevers (werkgever_id, naam) VALUES (:id, :naam) ON CONFLICT (werkgever_id) DO NOTHING"
)
WERKGEVER = Sql("SELECT naam FROM trajecten_werkgevers WHERE werkgever_id = :id")

_FEITEN: PerEvent[None] = PerEvent()


@_FEITEN.on(KlantGeregistreerd)
async def _geregistreerd(conn: AsyncConnection, e: KlantGeregistreerd, r: Recorded[EventData], b: None) -> None:
    await _GEREGISTREERD.execute(conn, klant=e.klant_id, gemeente=e.gemeente, team=e.verantwoordelijk_team)


@_FEITEN.on(KlantVerhuisd)
async def _verhuisd(conn: AsyncConnection, e: KlantVerhuisd, r: Recorded[EventData], b: None) -> None:
    await _GEMEENTE.execute(conn, klant=e.klant_id, gemeente=e.naar_gemeente)


@_FEITEN.on(OverdrachtGeaccepteerd)
async def _overgedragen(conn: AsyncConnection, e: OverdrachtGeaccepteerd, r: Recorded[EventData], b: None) -> None:
    await _TEAM.execute(conn, klant=e.klant_id, team=e.door_team)


@_FEITEN.on(EDienstverleningVerlopen)
async def _verlopen(conn: AsyncConnection, e: EDienstverleningVerlopen, r: Recorded[EventData], b: None) -> None:
    await _TEAM.execute(conn, klant=e.klant_id, team=e.naar_team)


@_FEITEN.on(DiagnoseVastgesteld)
async def _diagnose(conn: AsyncConnection, e: DiagnoseVastgesteld, r: Recorded[EventData], b: None) -> None:
    await _ROUTE.execute(conn, klant=e.klant_id, gemeente=e.gemeente, route=e.route.value)


@_FEITEN.on(PlaatsingGerealiseerd)
async def _geplaatst(conn: AsyncConnection, e: PlaatsingGerealiseerd, r: Recorded[EventData], b: None) -> None:
    await _WERK.execute(conn, id=e.plaatsing_id, klant=e.klant_id, start=e.startdatum)


@_FEITEN.on(OntheffingVerleend)
async def _ontheven(conn: AsyncConnection, e: OntheffingVerleend, r: Recorded[EventData], b: None) -> None:
    await _ONTHEFFING.execute(conn, id=e.ontheffing_id, klant=e.klant_id, grond=e.grond, van=e.van, tot=e.tot)


@_FEITEN.on(OntheffingBeeindigd)
async def _ontheffing_einde(conn: AsyncConnection, e: OntheffingBeeindigd, r: Recorded[EventData], b: None) -> None:
    await _ONTHEFFING_EINDE.execute(conn, per=e.per, id=e.ontheffing_id)


@_FEITEN.on(WerkgeverGeregistreerd)
async def _werkgever(conn: AsyncConnection, e: WerkgeverGeregistreerd, r: Recorded[EventData], b: None) -> None:
    await _WERKGEVER.execute(conn, id=e.werkgever_id, naam=e.naam)


class KlantfeitenProjection:
    """Woongemeente, responsible team, route, work and ontheffingen per klant, from intake, matching and uitkering."""

    name = "klantfeiten"
    tables = ("trajecten_klanten", "trajecten_werk", "trajecten_ontheffingen", "trajecten_werkgevers")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply the other services' events in order, one handler per event type."""
        await _FEITEN.apply(conn, events, None)
