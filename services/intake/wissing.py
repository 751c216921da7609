"""Erasure as a request that handhaving answers: the wisverzoeken read model, and the policy that erases.

`POST /klanten/{id}/wissingen` records `WisverzoekIngediend` (202). Handhaving decides it against its holds in one
transaction (services/handhaving/wissing.py) and answers `WisverzoekBeoordeeld`; only `toegestaan` makes the
policy `Wissen` erase here: the personal data goes, intake's key is destroyed, and `PersoonsgegevensGewist` makes
every other service destroy its own. `GET /klanten/{id}/wissingen/{verzoekId}` shows where a verzoek stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Principal
from libs.events.commands import Answer, UnitOfWork, query
from libs.events.contracts.handhaving import Wisbesluit, WisverzoekBeoordeeld
from libs.events.contracts.intake import PersoonsgegevensGewist, Wisgrond, WisverzoekIngediend
from libs.events.db import Sql
from libs.events.errors import NietGevonden
from libs.events.registry import EventData, Recorded
from libs.events.runtime import Runtime
from libs.events.shredding import wis_sleutel

from . import klant
from .klant import KLANTEN
from .persoonsgegevens import verwijder

_INGEDIEND = Sql(
    "INSERT INTO wisverzoeken (verzoek_id, klant_id, grond, ingediend_op) VALUES (:id, :klant, :grond, :op) "
    "ON CONFLICT DO NOTHING"
)
_GEWIST = Sql("UPDATE wisverzoeken SET gewist_op = :op WHERE klant_id = :klant AND gewist_op IS NULL")
_BESLUIT = Sql(
    "INSERT INTO wisbesluiten (verzoek_id, besluit, bewaren_tot, beoordeeld_op) VALUES (:id, :besluit, :tot, :op) "
    "ON CONFLICT DO NOTHING"
)
_VERZOEK = Sql(
    "SELECT w.verzoek_id, w.klant_id, w.grond, CASE WHEN b.besluit IS NULL THEN 'ingediend' "
    "WHEN b.besluit <> 'toegestaan' THEN 'geweigerd' WHEN w.gewist_op IS NOT NULL THEN 'uitgevoerd' "
    "ELSE 'toegestaan' END, b.besluit, b.bewaren_tot, w.ingediend_op, b.beoordeeld_op, "
    "CASE WHEN b.besluit = 'toegestaan' THEN w.gewist_op END "
    "FROM wisverzoeken w LEFT JOIN wisbesluiten b USING (verzoek_id) WHERE w.verzoek_id = :id AND w.klant_id = :klant"
)
VELDEN = (
    "verzoek_id",
    "klant_id",
    "grond",
    "status",
    "besluit",
    "bewaren_tot",
    "ingediend_op",
    "beoordeeld_op",
    "uitgevoerd_op",
)


class WisverzoekNietGevonden(NietGevonden):
    """No such wisverzoek for this klant."""


async def verzoek_body(conn: AsyncConnection, klant_id: UUID, verzoek_id: UUID) -> dict[str, Any]:
    """Where a wisverzoek stands (the caller's `load` of the klant checked the scope)."""
    row = await _VERZOEK.fetchrow(conn, id=verzoek_id, klant=klant_id)
    if row is None:
        raise WisverzoekNietGevonden(f"geen wisverzoek {verzoek_id} voor klant {klant_id}")
    return {
        k: (v.isoformat() if hasattr(v, "isoformat") else str(v) if isinstance(v, UUID) else v)
        for k, v in zip(VELDEN, row, strict=True)
    }


async def apply_eigen(conn: AsyncConnection, event: EventData) -> None:
    """Intake's own events on a wisverzoek (inline projection)."""
    if isinstance(event, WisverzoekIngediend):
        await _INGEDIEND.execute(
            conn, id=event.verzoek_id, klant=event.klant_id, grond=event.grond, op=event.ingediend_op
        )
    elif isinstance(event, PersoonsgegevensGewist):
        await _GEWIST.execute(conn, klant=event.klant_id, op=event.gewist_op)


class Wisverzoeken:
    """Handhaving's answers to intake's wisverzoeken (topic projection)."""

    name = "wisbesluiten"
    tables = ("wisbesluiten",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Record each WisverzoekBeoordeeld."""
        for recorded in events:
            e = recorded.data
            if isinstance(e, WisverzoekBeoordeeld):
                await _BESLUIT.execute(
                    conn, id=e.verzoek_id, besluit=e.besluit.value, tot=e.bewaren_tot, op=e.beoordeeld_op
                )


async def vraag_wissing_aan(uow: UnitOfWork, command: klant.VraagWissingAan) -> Answer:
    """Ask to erase the klant's personal data: 202, handhaving decides; intake erases only when it allows it."""
    klant_ = await uow.load(KLANTEN, command.klant_id)
    await uow.append(klant_, klant.vraag_wissing(klant_.state, command.verzoek_id, command.grond, uow.now))
    body = await verzoek_body(uow.conn, command.klant_id, command.verzoek_id)
    return Answer(body, 202, f"/api/v1/klanten/{command.klant_id}/wissingen/{command.verzoek_id}")


async def lees_verzoek(runtime: Runtime, principal: Principal, klant_id: UUID, verzoek_id: UUID) -> dict[str, Any]:
    """Where a wisverzoek of a klant in the caller's gemeenten stands."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        await uow.load(KLANTEN, klant_id)
        return await verzoek_body(uow.conn, klant_id, verzoek_id)

    return await query(runtime, principal, read)


async def wis_persoonsgegevens(uow: UnitOfWork, klant_id: UUID, grond: Wisgrond) -> None:
    """Erase the klant's personal data here and, through PersoonsgegevensGewist, every service's key for it."""
    klant_ = await uow.load(KLANTEN, klant_id)
    events = klant.wis(klant_.state, grond, uow.now)
    if events:
        await uow.append(klant_, events)
        await verwijder(uow.conn, klant_id)
        await wis_sleutel(uow.conn, klant_id)


class Wissen:
    """Handhaving allowed a wisverzoek: erase the klant's personal data now (once)."""

    name = "wissen"

    async def select(
        self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]
    ) -> Sequence[Recorded[EventData]]:
        """Only the allowed ones."""
        return [
            e for e in events if isinstance(e.data, WisverzoekBeoordeeld) and e.data.besluit is Wisbesluit.TOEGESTAAN
        ]

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Erase: the personal data, intake's key, and PersoonsgegevensGewist for every other service."""
        e = event.data
        assert isinstance(e, WisverzoekBeoordeeld)
        await wis_persoonsgegevens(uow, e.klant_id, Wisgrond(e.grond))
