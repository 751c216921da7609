"""The right of access (AVG art. 15) over the Logboek Dataverwerkingen: what was done with a person's data, not who."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncConnection

from .db import Sql
from .pagination import BEGIN, Page, after, paginate
from .schemas import Uitvoer
from .verwerkingen import KLANT, activiteit

ALTIJD = BEGIN[0].replace(tzinfo=UTC)  # before every record
_INZAGE = Sql(
    "SELECT processing_activity_id, start_time, record_id FROM ldv_verwerkingen "
    "WHERE data_subject_id_type = :soort AND data_subject_id = :betrokkene "
    "AND (start_time, record_id) > (:na_tijd, CAST(:na_id AS uuid)) AND start_time >= :sinds "
    "ORDER BY start_time, record_id LIMIT :limit"
)


async def inzage(
    conn: AsyncConnection,
    betrokkene: UUID | str,
    cursor: str | None,
    limit: int,
    soort: str = KLANT,
    sinds: datetime = ALTIJD,
) -> Page[VerwerkingInzage]:
    """AVG art. 15: which processing activities touched this data subject, when, why and on what basis (not who).

    The caller checks first that the data subject is visible to whoever asks, and from when (`sinds`).
    """
    na_tijd, na_id = after(cursor)
    rows = await _INZAGE.fetch(
        conn,
        soort=soort,
        betrokkene=str(betrokkene),
        na_tijd=na_tijd,
        na_id=na_id or "00000000-0000-0000-0000-000000000000",
        limit=limit + 1,
        sinds=sinds,
    )
    items, volgende = paginate(rows, limit, lambda row: (row[1], row[2]))
    return Page[VerwerkingInzage](
        items=[
            VerwerkingInzage(
                verwerking_id=record_id,
                tijdstip=tijdstip,
                verwerkingsactiviteit=entry.id,
                naam=entry.naam,
                doel=entry.doel,
                grondslag=entry.grondslag,
            )
            for activiteit_id, tijdstip, record_id in items
            for entry in [activiteit(activiteit_id)]
        ],
        next_cursor=volgende,
    )


class VerwerkingInzage(Uitvoer):
    """One processing of the data subject's personal data, as the right of access shows it (not who)."""

    verwerking_id: UUID = Field(description="Id of the log record")
    tijdstip: datetime = Field(description="When the processing started (ISO 8601, UTC)")
    verwerkingsactiviteit: str = Field(description="Id in the register of processing activities")
    naam: str = Field(description="Name of the processing activity")
    doel: str = Field(description="Purpose of the processing activity")
    grondslag: str = Field(description="Legal basis of the processing activity")
