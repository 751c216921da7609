"""The persoonsgegevens store: the one place personal data lives (data bij de bron)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.db import Sql
from libs.events.envelope import new_event_id

from .domain import Persoon

VELDEN = (
    "bsn",
    "naam",
    "geboortedatum",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
)


class Doel(StrEnum):
    """Purposes for which personal data may be read (doelbinding): each is an activity in the LDV register."""

    INTAKE = "intake"
    DIAGNOSE = "diagnose"
    OVERDRACHT = "overdracht"
    BEMIDDELING = "bemiddeling"
    BESCHUT_WERK = "beschut-werk"  # the BSN in a request for an advies beschut werk to UWV (Pw art. 10b lid 2)
    WSW = "wsw"  # the birth date of a Wsw-medewerker, for the AOW age that ends the indicatie (Wsw art. 12)
    UITKERINGSVERSTREKKING = "uitkeringsverstrekking"
    HANDHAVING = "handhaving"
    OPSPORING = "opsporing"


# What a gemeente records itself, next to what the BRP says: another gemeente sees it after a warme overdracht.
CONTACT = ("telefoon", "email")
_COLUMNS = ", ".join(VELDEN)
_NIEUWE_KLANT = Sql(
    f"WITH p AS (INSERT INTO personen (klant_id, contact_gemeente, {_COLUMNS}) "
    f"VALUES (:klant_id, :contact_gemeente, {', '.join(f':{v}' for v in VELDEN)}) "
    "ON CONFLICT (bsn) DO NOTHING RETURNING klant_id), "
    "k AS (INSERT INTO klant_sleutels (klant_id, sleutel) SELECT klant_id, :sleutel FROM p) "
    "SELECT klant_id FROM p"
)
_BESTAANDE_KLANT = Sql("SELECT klant_id FROM personen WHERE bsn = :bsn")
_LEES = Sql(f"SELECT {_COLUMNS} FROM personen WHERE klant_id = :klant_id")
_CONTACT_VAN = Sql("SELECT contact_gemeente FROM personen WHERE klant_id = :klant_id")
_LEGT_CONTACT_VAST = Sql("UPDATE personen SET contact_gemeente = :gemeente WHERE klant_id = :klant_id")


async def klant_voor_bsn(conn: AsyncConnection, persoon: Persoon, sleutel: bytes, gemeente: str) -> tuple[UUID, bool]:
    """The klant_id for this BSN in the region, created with its encryption key if new; and whether it existed.

    Concurrent first aanmeldingen for one BSN meet on the unique index: exactly one creates it.
    """
    created = await _NIEUWE_KLANT.fetchrow(
        conn,
        klant_id=new_event_id(),
        sleutel=sleutel,
        contact_gemeente=gemeente,
        **{v: getattr(persoon, v) for v in VELDEN},
    )
    if created is not None:
        return created[0], False
    existing = await _BESTAANDE_KLANT.fetchrow(conn, bsn=persoon.bsn)
    assert existing is not None
    return existing[0], True


async def lees(conn: AsyncConnection, klant_id: UUID) -> dict[str, Any] | None:
    """Current personal data of a klant."""
    row = await _LEES.fetchrow(conn, klant_id=klant_id)
    return None if row is None else dict(zip(VELDEN, tuple(row), strict=True))


async def corrigeer(
    conn: AsyncConnection, klant_id: UUID, nieuw: dict[str, Any], contact_gemeente: str | None = None
) -> None:
    """Overwrite the current values (the correction itself is recorded as an event by the caller).

    New contact data becomes `contact_gemeente`'s own (when named).
    """
    sets = ", ".join(f"{veld} = :{veld}" for veld in nieuw if veld in VELDEN)
    await Sql(f"UPDATE personen SET {sets}, gewijzigd_op = now() WHERE klant_id = :klant_id").execute(
        conn, **nieuw, klant_id=klant_id
    )
    if contact_gemeente is not None and set(CONTACT) & set(nieuw):
        await _LEGT_CONTACT_VAST.execute(conn, gemeente=contact_gemeente, klant_id=klant_id)


async def contact_van(conn: AsyncConnection, klant_id: UUID) -> str | None:
    """The gemeente whose contact data the klant's row holds (None: recorded before gemeenten were kept apart)."""
    row = await _CONTACT_VAN.fetchrow(conn, klant_id=klant_id)
    return None if row is None or row[0] is None else str(row[0])


_VERWIJDER = Sql("DELETE FROM personen WHERE klant_id = :klant_id")


async def verwijder(conn: AsyncConnection, klant_id: UUID) -> None:
    """Remove the klant's personal data from the source (erasure); events keep only the klant id."""
    await _VERWIJDER.execute(conn, klant_id=klant_id)


async def zoek_bsn(conn: AsyncConnection, bsn: str) -> UUID | None:
    """The klant id of a BSN, if intake knows it."""
    row = await _BESTAANDE_KLANT.fetchrow(conn, bsn=bsn)
    return None if row is None else UUID(str(row[0]))
