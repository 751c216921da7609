"""The persoonsgegevens store: the one place personal data lives (data bij de bron), and its access log."""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Principal
from libs.events.envelope import new_event_id

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
    """Purposes for which personal data may be processed (doelbinding), recorded with every access."""

    INTAKE = "intake"
    DIAGNOSE = "diagnose"
    OVERDRACHT = "overdracht"
    BEMIDDELING = "bemiddeling"
    UITKERINGSVERSTREKKING = "uitkeringsverstrekking"
    HANDHAVING = "handhaving"
    OPSPORING = "opsporing"


class Handeling(StrEnum):
    """What was done with the data."""

    RAADPLEGEN = "raadplegen"
    VASTLEGGEN = "vastleggen"
    CORRIGEREN = "corrigeren"


async def klant_voor_bsn(conn: AsyncConnection, persoon: dict[str, Any]) -> tuple[UUID, bool]:
    """The klant_id for this BSN in the region, created if new; and whether it already existed.

    Concurrent first aanmeldingen for one BSN meet on the unique index: exactly one creates it.
    """
    columns = ", ".join(VELDEN)
    values = ", ".join(f":{v}" for v in VELDEN)
    created = await conn.execute(
        text(
            f"INSERT INTO personen (klant_id, {columns}) VALUES (:klant_id, {values}) "
            "ON CONFLICT (bsn) DO NOTHING RETURNING klant_id"
        ),
        {"klant_id": new_event_id(), **{v: persoon.get(v) for v in VELDEN}},
    )
    row = created.first()
    if row is not None:
        return row[0], False
    existing = await conn.execute(text("SELECT klant_id FROM personen WHERE bsn = :bsn"), {"bsn": persoon["bsn"]})
    return existing.scalar_one(), True


async def lees(conn: AsyncConnection, klant_id: UUID) -> dict[str, Any] | None:
    """Current personal data of a klant."""
    row = (
        await conn.execute(text(f"SELECT {', '.join(VELDEN)} FROM personen WHERE klant_id = :k"), {"k": klant_id})
    ).first()
    return None if row is None else dict(zip(VELDEN, row, strict=True))


async def corrigeer(conn: AsyncConnection, klant_id: UUID, nieuw: dict[str, Any]) -> None:
    """Overwrite the current values (the correction itself is recorded as an event by the caller)."""
    sets = ", ".join(f"{veld} = :{veld}" for veld in nieuw)
    await conn.execute(
        text(f"UPDATE personen SET {sets}, gewijzigd_op = now() WHERE klant_id = :klant_id"),
        {**nieuw, "klant_id": klant_id},
    )


async def log_verwerking(
    conn: AsyncConnection,
    principal: Principal,
    klant_id: UUID,
    handeling: Handeling,
    doel: Doel,
    trace_id: str,
) -> None:
    """Record one processing of personal data (after the Logboek Dataverwerkingen standard)."""
    await conn.execute(
        text(
            "INSERT INTO verwerkingen (verwerking_id, actor, rollen, klant_id, handeling, doel, trace_id) "
            "VALUES (:id, :actor, :rollen, :klant, :handeling, :doel, :trace)"
        ),
        {
            "id": new_event_id(),
            "actor": principal.sub,
            "rollen": sorted(principal.roles),
            "klant": klant_id,
            "handeling": handeling.value,
            "doel": doel.value,
            "trace": trace_id,
        },
    )
