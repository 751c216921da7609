"""The ontheffingen read model: which ontheffing runs, for the termijnen and the figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.uitkering import (
    BetalingHervat,
    BetalingOpgeschort,
    BijstandToegekend,
    HeronderzoekUitgevoerd,
    MaatregelHeroverwogen,
    MaatregelOpgelegd,
    OntheffingBeeindigd,
    OntheffingVerleend,
    UitkeringBeeindigd,
)
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

from ..aanvraag import queries as aanvraag_queries
from . import domain

_ONTHEFFING = Sql(
    "INSERT INTO uitkering_ontheffingen (ontheffing_id, uitkering_id, gemeente, grond, van, tot) "
    "VALUES (:id, :uitkering, :gemeente, :grond, :van, :tot) ON CONFLICT DO NOTHING"
)
_ONTHEFFING_EINDE = Sql("UPDATE uitkering_ontheffingen SET beeindigd_per = :per WHERE ontheffing_id = :id")

_ONTHEFFINGEN: PerEvent[None] = PerEvent()


@_ONTHEFFINGEN.on(OntheffingVerleend)
async def _verleend(conn: AsyncConnection, e: OntheffingVerleend, _: Recorded[EventData], b: None) -> None:
    await _ONTHEFFING.execute(
        conn, id=e.ontheffing_id, uitkering=e.uitkering_id, gemeente=e.gemeente, grond=e.grond, van=e.van, tot=e.tot
    )


@_ONTHEFFINGEN.on(OntheffingBeeindigd)
async def _beeindigd(conn: AsyncConnection, e: OntheffingBeeindigd, _: Recorded[EventData], b: None) -> None:
    await _ONTHEFFING_EINDE.execute(conn, per=e.per, id=e.ontheffing_id)


class OntheffingenProjection:
    """Ontheffingen and when they end."""

    name = "ontheffingen"
    tables = ("uitkering_ontheffingen",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler each."""
        await _ONTHEFFINGEN.apply(conn, events, None)


_TERMIJN = Sql(
    "INSERT INTO uitkering_termijnen (uitkering_id, klant_id, gemeente, soort, ref, datum, toelichting) VALUES "
    "(:uitkering, :klant, :gemeente, :soort, :ref, :datum, :toelichting) ON CONFLICT (uitkering_id, soort, ref) "
    "DO UPDATE SET datum = EXCLUDED.datum, toelichting = EXCLUDED.toelichting"
)
_TERMIJN_WEG = Sql("DELETE FROM uitkering_termijnen WHERE uitkering_id = :uitkering AND soort = :soort AND ref = :ref")
_TERMIJNEN_WEG = Sql("DELETE FROM uitkering_termijnen WHERE uitkering_id = :uitkering")
_GEEN = "-"
_TERMIJNEN: PerEvent[None] = PerEvent()


async def _zet(conn: AsyncConnection, uitkering_id: UUID, soort: str, ref: str, datum: date, toelichting: str) -> None:
    row = await aanvraag_queries.KLANT_EN_GEMEENTE.fetchrow(conn, uitkering=uitkering_id)
    assert row is not None
    await _TERMIJN.execute(
        conn,
        uitkering=uitkering_id,
        klant=row[0],
        gemeente=row[1],
        soort=soort,
        ref=ref,
        datum=datum,
        toelichting=toelichting,
    )


@_TERMIJNEN.on(BijstandToegekend)
async def _toegekend(conn: AsyncConnection, e: BijstandToegekend, r: Recorded[EventData], b: None) -> None:
    eerste = domain.eerste_heronderzoek(e.gemeente, e.ingangsdatum)
    await _zet(conn, e.uitkering_id, "heronderzoek", _GEEN, eerste, "periodiek heronderzoek")


@_TERMIJNEN.on(HeronderzoekUitgevoerd)
async def _heronderzocht(conn: AsyncConnection, e: HeronderzoekUitgevoerd, r: Recorded[EventData], b: None) -> None:
    await _zet(conn, e.uitkering_id, "heronderzoek", _GEEN, e.volgende, f"na heronderzoek ({e.selectie})")


@_TERMIJNEN.on(MaatregelOpgelegd)
async def _maatregel(conn: AsyncConnection, e: MaatregelOpgelegd, r: Recorded[EventData], b: None) -> None:
    toelichting = f"maatregel {e.verplichting} (art. 18 lid 3)"
    await _zet(conn, e.uitkering_id, "heroverweging", str(e.maatregel_id), e.heroverweging_uiterlijk, toelichting)


@_TERMIJNEN.on(MaatregelHeroverwogen)
async def _heroverwogen(conn: AsyncConnection, e: MaatregelHeroverwogen, r: Recorded[EventData], b: None) -> None:
    await _TERMIJN_WEG.execute(conn, uitkering=e.uitkering_id, soort="heroverweging", ref=str(e.maatregel_id))


@_TERMIJNEN.on(OntheffingVerleend)
async def _ontheffing(conn: AsyncConnection, e: OntheffingVerleend, r: Recorded[EventData], b: None) -> None:
    await _zet(conn, e.uitkering_id, "ontheffing", str(e.ontheffing_id), e.tot, e.grond)
    if e.grond == "9a":  # met as soon as trajecten's plan is known (the termijnen query looks it up)
        uiterlijk = e.van + domain.PLAN_9A
        toelichting = "plan van aanpak binnen 6 maanden (art. 9a lid 7)"
        await _zet(conn, e.uitkering_id, "plan_van_aanpak", str(e.ontheffing_id), uiterlijk, toelichting)


@_TERMIJNEN.on(OntheffingBeeindigd)
async def _ontheffing_einde(conn: AsyncConnection, e: OntheffingBeeindigd, r: Recorded[EventData], b: None) -> None:
    await _TERMIJN_WEG.execute(conn, uitkering=e.uitkering_id, soort="ontheffing", ref=str(e.ontheffing_id))
    await _TERMIJN_WEG.execute(conn, uitkering=e.uitkering_id, soort="plan_van_aanpak", ref=str(e.ontheffing_id))


@_TERMIJNEN.on(BetalingOpgeschort)
async def _opgeschort(conn: AsyncConnection, e: BetalingOpgeschort, r: Recorded[EventData], b: None) -> None:
    if e.herstel_uiterlijk is not None:  # only a suspension for verzuim (art. 54) has a term to repair
        await _zet(conn, e.uitkering_id, "herstel", _GEEN, e.herstel_uiterlijk, e.reden + " (art. 54)")


@_TERMIJNEN.on(BetalingHervat)
async def _hervat(conn: AsyncConnection, e: BetalingHervat, r: Recorded[EventData], b: None) -> None:
    await _TERMIJN_WEG.execute(conn, uitkering=e.uitkering_id, soort="herstel", ref=_GEEN)


@_TERMIJNEN.on(UitkeringBeeindigd)
async def _uitkering_beeindigd(conn: AsyncConnection, e: UitkeringBeeindigd, r: Recorded[EventData], b: None) -> None:
    await _TERMIJNEN_WEG.execute(conn, uitkering=e.uitkering_id)


class TermijnenProjection:
    """The worklist of dates: heronderzoek, heroverweging of a maatregel, ontheffing ends, herstel (art. 54)."""

    name = "termijnen"
    tables = ("uitkering_termijnen",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order (after UitkeringenProjection, which knows each uitkering's gemeente)."""
        await _TERMIJNEN.apply(conn, events, None)
