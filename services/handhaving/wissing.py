"""Handhaving decides a wisverzoek: erasure is a request that handhaving answers, against its own holds.

Intake records the request (`WisverzoekIngediend`); the policy `WisverzoekBeoordelen` decides it in one
transaction that first takes the klant's advisory lock, the same lock opening an onderzoek takes, so an onderzoek
opened in the same millisecond is either seen or opened after the decision (never in between). Only a
`WisverzoekBeoordeeld` with `toegestaan` makes intake erase.

The rules (`beoordeel`), in order:

1. an open onderzoek holds the klant (wisblokkade);
2. a running uitkering, or an open vordering, holds it on either grond (AVG art. 17 lid 3 b: the data is needed
   for a legal obligation);
3. `bewaartermijn-verstreken` only once the bewaartermijn has passed since the end of the last uitkering or
   vordering: 10 years (Selectielijst gemeenten en intergemeentelijke organen 2017/2020; participatiewet.md §6).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from dateutil.relativedelta import relativedelta
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.aggregate import Aggregate
from libs.events.commands import UnitOfWork
from libs.events.contracts.handhaving import Wisbesluit, WisverzoekBeoordeeld
from libs.events.contracts.intake import Wisgrond, WisverzoekIngediend
from libs.events.db import Sql
from libs.events.errors import Conflict, NietGevonden
from libs.events.registry import EventData, Recorded

WISVERZOEK = "wisverzoek"
BEWAARTERMIJN = relativedelta(years=10)
BEWAARTERMIJN_BRON = "Selectielijst gemeenten en intergemeentelijke organen 2017/2020: 10 jaar na het einde"


@dataclass(frozen=True)
class Bewaarfeiten:
    """What holds a klant's data, as handhaving knows it at the moment of deciding."""

    onderzoek_open: bool
    uitkering_loopt: bool
    vordering_open: bool
    laatste_einde: datetime | None


@dataclass(frozen=True)
class BeoordeelWisverzoek:
    """Command (policy): decide a wisverzoek."""

    verzoek_id: UUID
    klant_id: UUID
    gemeente: str
    grond: Wisgrond
    op: datetime


def beoordeel(c: BeoordeelWisverzoek, feiten: Bewaarfeiten) -> list[EventData]:
    """Allow the erasure, or refuse it with the first hold that applies."""
    bewaren_tot = None
    if feiten.onderzoek_open:
        besluit = Wisbesluit.WISBLOKKADE
    elif feiten.uitkering_loopt:
        besluit = Wisbesluit.UITKERING_LOOPT
    elif feiten.vordering_open:
        besluit = Wisbesluit.VORDERING_OPEN
    elif (
        c.grond is Wisgrond.BEWAARTERMIJN
        and feiten.laatste_einde is not None
        and feiten.laatste_einde + BEWAARTERMIJN > c.op
    ):
        besluit = Wisbesluit.BEWAARTERMIJN_LOOPT
        bewaren_tot = (feiten.laatste_einde + BEWAARTERMIJN).date()
    else:
        besluit = Wisbesluit.TOEGESTAAN
    return [
        WisverzoekBeoordeeld(
            verzoek_id=c.verzoek_id,
            klant_id=c.klant_id,
            gemeente=c.gemeente,
            grond=c.grond.value,
            besluit=besluit,
            bewaren_tot=bewaren_tot,
            beoordeeld_op=c.op,
        )
    ]


class WisverzoekNietGevonden(NietGevonden):
    """No such wisverzoek."""


class WordtGewist(Conflict):
    """Handhaving allowed erasing this klant's data before the onderzoek came: there is nothing left to hold."""

    title = "Persoonsgegevens worden gewist"


WISVERZOEKEN: Aggregate[WisverzoekBeoordeeld] = Aggregate(
    WISVERZOEK,
    lambda state, event, _: event if isinstance(event, WisverzoekBeoordeeld) else state,
    gemeente=lambda w: w.gemeente,
    not_found=WisverzoekNietGevonden,
    subject=lambda w: w.klant_id,
)

_VAST = Sql("SELECT pg_advisory_xact_lock(hashtextextended('klant:' || :klant, 0))")
_FEITEN = Sql(
    "SELECT EXISTS (SELECT 1 FROM onderzoeken WHERE klant_id = :klant AND afgerond_op IS NULL), "
    "EXISTS (SELECT 1 FROM hh_uitkeringen WHERE klant_id = :klant AND toegekend_tijd IS NOT NULL "
    "AND beeindigd_tijd IS NULL), "
    "EXISTS (SELECT 1 FROM hh_vorderingen WHERE klant_id = :klant AND gesloten_tijd IS NULL), "
    "GREATEST((SELECT max(beeindigd_tijd) FROM hh_uitkeringen WHERE klant_id = :klant), "
    "(SELECT max(gesloten_tijd) FROM hh_vorderingen WHERE klant_id = :klant))"
)


_TOEGESTAAN = Sql("SELECT toegestaan_op FROM hh_wissingen WHERE klant_id = :klant")
_TOESTAAN = Sql("INSERT INTO hh_wissingen (klant_id, toegestaan_op) VALUES (:klant, :op) ON CONFLICT DO NOTHING")


async def houd_klant_vast(conn: AsyncConnection, klant_id: UUID) -> None:
    """Serialise deciding on a klant's data with opening an onderzoek on it (until the transaction ends)."""
    await _VAST.execute(conn, klant=str(klant_id))


async def onderzoek_mag(conn: AsyncConnection, klant_id: UUID) -> None:
    """An onderzoek holds the klant's data from its opening: refused once erasing it was allowed (after the lock)."""
    row = await _TOEGESTAAN.fetchrow(conn, klant=klant_id)
    if row is not None:
        raise WordtGewist(f"het wissen van de persoonsgegevens van klant {klant_id} is op {row[0]:%d-%m-%Y} toegestaan")


class Wissingen:
    """The klanten whose erasure handhaving allowed (inline projection)."""

    name = "wissingen"
    tables = ("hh_wissingen",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Record each allowed erasure."""
        for recorded in events:
            e = recorded.data
            if isinstance(e, WisverzoekBeoordeeld) and e.besluit is Wisbesluit.TOEGESTAAN:
                await _TOESTAAN.execute(conn, klant=e.klant_id, op=e.beoordeeld_op)


async def bewaarfeiten(conn: AsyncConnection, klant_id: UUID) -> Bewaarfeiten:
    """What holds the klant's data now (after `houd_klant_vast`, so nothing is opened meanwhile)."""
    row = await _FEITEN.fetchrow(conn, klant=klant_id)
    assert row is not None
    return Bewaarfeiten(bool(row[0]), bool(row[1]), bool(row[2]), row[3])


class WisverzoekBeoordelen:
    """Intake asks to erase a klant's data: handhaving answers, once per verzoek."""

    name = "wisverzoek-beoordelen"

    async def select(
        self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]
    ) -> Sequence[Recorded[EventData]]:
        """Only the wisverzoeken."""
        return [e for e in events if isinstance(e.data, WisverzoekIngediend)]

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Decide the verzoek against the holds, with the klant locked against a new onderzoek."""
        e = event.data
        if not isinstance(e, WisverzoekIngediend) or await uow.find(WISVERZOEKEN, e.verzoek_id) is not None:
            return
        await houd_klant_vast(uow.conn, e.klant_id)
        command = BeoordeelWisverzoek(e.verzoek_id, e.klant_id, e.gemeente, e.grond, uow.now)
        events = beoordeel(command, await bewaarfeiten(uow.conn, e.klant_id))
        await uow.start(WISVERZOEKEN, e.verzoek_id, events, gemeente=e.gemeente)
