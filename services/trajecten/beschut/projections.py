"""The beschut werk read model: each advies with its decision and dienstbetrekking, and the taakstellingen."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.trajecten import (
    AdviesBeschutWerkAangevraagd,
    AdviesBeschutWerkUitgebracht,
    AdviesBeschutWerkVerzonden,
    BeschutteDienstbetrekkingBeeindigd,
    BeschutteDienstbetrekkingGestart,
    BeschutWerkVastgesteld,
    TaakstellingBeschutWerkVastgesteld,
)
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded
from libs.events.stamps import vandaag_in_nederland

_AANGEVRAAGD = Sql(
    "INSERT INTO trajecten_beschut (aanvraag_id, klant_id, gemeente, aangevraagd_op, aangevraagd_dag, uiterlijk) "
    "VALUES (:id, :klant, :gemeente, :op, :dag, :uiterlijk) ON CONFLICT DO NOTHING"
)
_VERZONDEN = Sql("UPDATE trajecten_beschut SET verzonden_op = :op WHERE aanvraag_id = :id")
_ADVIES = Sql(
    "UPDATE trajecten_beschut SET advies_aangewezen = :ja, advies_op = :op, binnen_termijn = :tijdig "
    "WHERE aanvraag_id = :id"
)
_BESLUIT = Sql(
    "UPDATE trajecten_beschut SET aangewezen = :ja, indicatie_van = :van, indicatie_tot = :tot WHERE aanvraag_id = :id"
)
_GESTART = Sql("UPDATE trajecten_beschut SET startdatum = :start, einddatum = NULL WHERE aanvraag_id = :id")
_EINDE = Sql("UPDATE trajecten_beschut SET einddatum = :einde WHERE aanvraag_id = :id")
_TAAKSTELLING = Sql(
    "INSERT INTO trajecten_taakstellingen (gemeente, jaar, aantal, bron) VALUES (:gemeente, :jaar, :aantal, :bron) "
    "ON CONFLICT (gemeente, jaar) DO UPDATE SET aantal = EXCLUDED.aantal, bron = EXCLUDED.bron"
)

_BESCHUT: PerEvent[None] = PerEvent()


@_BESCHUT.on(AdviesBeschutWerkAangevraagd)
async def _aangevraagd(conn: AsyncConnection, e: AdviesBeschutWerkAangevraagd, r: Recorded[EventData], b: None) -> None:
    await _AANGEVRAAGD.execute(
        conn,
        id=e.aanvraag_id,
        klant=e.klant_id,
        gemeente=e.gemeente,
        op=e.aangevraagd_op,
        dag=vandaag_in_nederland(e.aangevraagd_op),
        uiterlijk=e.uiterlijk,
    )


@_BESCHUT.on(AdviesBeschutWerkVerzonden)
async def _verzonden(conn: AsyncConnection, e: AdviesBeschutWerkVerzonden, r: Recorded[EventData], b: None) -> None:
    await _VERZONDEN.execute(conn, op=e.verzonden_op, id=e.aanvraag_id)


@_BESCHUT.on(AdviesBeschutWerkUitgebracht)
async def _advies(conn: AsyncConnection, e: AdviesBeschutWerkUitgebracht, r: Recorded[EventData], b: None) -> None:
    await _ADVIES.execute(conn, ja=e.aangewezen, op=e.uitgebracht_op, tijdig=e.binnen_termijn, id=e.aanvraag_id)


@_BESCHUT.on(BeschutWerkVastgesteld)
async def _besluit(conn: AsyncConnection, e: BeschutWerkVastgesteld, r: Recorded[EventData], b: None) -> None:
    await _BESLUIT.execute(conn, ja=e.aangewezen, van=e.van, tot=e.tot, id=e.aanvraag_id)


@_BESCHUT.on(BeschutteDienstbetrekkingGestart)
async def _gestart(conn: AsyncConnection, e: BeschutteDienstbetrekkingGestart, r: Recorded[EventData], b: None) -> None:
    await _GESTART.execute(conn, start=e.startdatum, id=e.aanvraag_id)


@_BESCHUT.on(BeschutteDienstbetrekkingBeeindigd)
async def _einde(conn: AsyncConnection, e: BeschutteDienstbetrekkingBeeindigd, r: Recorded[EventData], b: None) -> None:
    await _EINDE.execute(conn, einde=e.einddatum, id=e.aanvraag_id)


@_BESCHUT.on(TaakstellingBeschutWerkVastgesteld)
async def _taakstelling(
    conn: AsyncConnection, e: TaakstellingBeschutWerkVastgesteld, r: Recorded[EventData], b: None
) -> None:
    await _TAAKSTELLING.execute(conn, gemeente=e.gemeente, jaar=e.jaar, aantal=e.aantal, bron=e.bron)


class BeschutWerkProjection:
    """Adviezen beschut werk by gemeente with decision and dienstbetrekking; taakstellingen per gemeente and year."""

    name = "beschut-werk"
    tables = ("trajecten_beschut", "trajecten_taakstellingen")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler per event type."""
        await _BESCHUT.apply(conn, events, None)
