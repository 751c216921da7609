"""The plans read model: one row per klant's plan, its version in force and the next evaluatie."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.trajecten import PlanVanAanpakGeevalueerd, PlanVanAanpakVastgesteld
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

_VERSIE = Sql(
    "INSERT INTO trajecten_plannen (plan_id, klant_id, gemeente, versie, besproken_op, instemming, startkwalificatie, "
    "volgende_evaluatie, team, bijgewerkt_op) VALUES (:id, :klant, :gemeente, :versie, :besproken, :instemming, "
    ":startkwalificatie, :volgende, :team, :op) ON CONFLICT (plan_id) DO UPDATE SET versie = EXCLUDED.versie, "
    "besproken_op = EXCLUDED.besproken_op, instemming = EXCLUDED.instemming, "
    "startkwalificatie = EXCLUDED.startkwalificatie, volgende_evaluatie = EXCLUDED.volgende_evaluatie, "
    "team = EXCLUDED.team, bijgewerkt_op = EXCLUDED.bijgewerkt_op"
)
_EVALUATIE = Sql("UPDATE trajecten_plannen SET volgende_evaluatie = :volgende, bijgewerkt_op = :op WHERE plan_id = :id")

_PLANNEN: PerEvent[None] = PerEvent()


@_PLANNEN.on(PlanVanAanpakVastgesteld)
async def _vastgesteld(conn: AsyncConnection, e: PlanVanAanpakVastgesteld, r: Recorded[EventData], b: None) -> None:
    await _VERSIE.execute(
        conn,
        id=e.plan_id,
        klant=e.klant_id,
        gemeente=e.gemeente,
        versie=e.versie,
        besproken=e.besproken_op,
        instemming=e.instemming,
        startkwalificatie=e.startkwalificatie,
        volgende=min(e.evaluatiemomenten, default=None),
        team=e.team,
        op=e.vastgesteld_op,
    )


@_PLANNEN.on(PlanVanAanpakGeevalueerd)
async def _geevalueerd(conn: AsyncConnection, e: PlanVanAanpakGeevalueerd, r: Recorded[EventData], b: None) -> None:
    await _EVALUATIE.execute(conn, volgende=e.volgende_evaluatie, op=e.geevalueerd_op, id=e.plan_id)


class PlannenProjection:
    """Each klant's plan: the version in force, whether the klant agreed, the next evaluatie."""

    name = "plannen"
    tables = ("trajecten_plannen",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler per event type."""
        await _PLANNEN.apply(conn, events, None)
