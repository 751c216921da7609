"""The persoonsgegevens store: the one place personal data lives (data bij de bron)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.envelope import new_event_id

from .schemas import Persoon


async def klant_voor_bsn(conn: AsyncConnection, persoon: Persoon) -> tuple[UUID, bool]:
    """The klant_id for this BSN in the region, created if new; and whether it already existed.

    Concurrent first aanmeldingen for one BSN meet on the unique index: exactly one creates it.
    """
    created = await conn.execute(
        text(
            "INSERT INTO personen (klant_id, bsn, naam, geboortedatum, postcode) "
            "VALUES (:klant_id, :bsn, :naam, :geboortedatum, :postcode) "
            "ON CONFLICT (bsn) DO NOTHING RETURNING klant_id"
        ),
        {
            "klant_id": new_event_id(),
            "bsn": persoon.bsn,
            "naam": persoon.naam,
            "geboortedatum": persoon.geboortedatum,
            "postcode": persoon.postcode,
        },
    )
    row = created.first()
    if row is not None:
        return row[0], False
    existing = await conn.execute(
        text("SELECT klant_id FROM personen WHERE bsn = :bsn"), {"bsn": persoon.bsn}
    )
    return existing.scalar_one(), True
