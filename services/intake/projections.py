"""Intake's read models (worklists, overviews, timers), applied in the same transaction as the events.

Front offices read their own writes at once; the tables can still be dropped and rebuilt from the
event store (`rebuild`), like any projection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.intake import (
    AanmeldingOntvangen,
    DiagnoseVastgesteld,
    DiagnoseVoorgesteld,
    EDienstverleningBeeindigd,
    EDienstverleningGestart,
    EDienstverleningVerlopen,
    KlantGeregistreerd,
    KlantVerhuisd,
    LeefgebiedenGescreend,
    OverdrachtAangeboden,
    OverdrachtGeaccepteerd,
    OverdrachtGeweigerd,
    OverdrachtVerlopen,
    Richting,
    ZoektermijnGestart,
    ZoektermijnIngekort,
)
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

from . import klant, wissing

TIMER_OVERDRACHT = "overdracht_termijn"
TIMER_E_DIENSTVERLENING = "e_dienstverlening_einde"

_STATUS = Sql(
    "UPDATE aanmeldingen_overzicht SET status = :status, bijgewerkt_op = :op, "
    "voorgestelde_route = COALESCE(:voorgesteld, voorgestelde_route), route = COALESCE(:route, route), "
    "urgentie = COALESCE(:urgentie, urgentie) WHERE aanmelding_id = :id"
)
_AANMELDING = Sql(
    "INSERT INTO aanmeldingen_overzicht (aanmelding_id, klant_id, gemeente, kanaal, kanaal_referentie, "
    "hulpvraag, status, ontvangen_op, bijgewerkt_op) VALUES (:id, :klant, :gemeente, :kanaal, :ref, "
    ":hulpvraag, 'ontvangen', :op, :op) ON CONFLICT DO NOTHING"
)
_ZOEKTERMIJN = Sql("UPDATE aanmeldingen_overzicht SET zoektermijn_tot = :tot WHERE aanmelding_id = :id")
_MEERVOUDIG = Sql("UPDATE aanmeldingen_overzicht SET meervoudige_problematiek = :m WHERE aanmelding_id = :id")
_KLANT = Sql(
    "INSERT INTO klanten_overzicht (klant_id, gemeente, verantwoordelijk_team, geregistreerd_op) VALUES "
    "(:k, :g, :t, :op) ON CONFLICT DO NOTHING"
)
_OVERDRACHT = Sql(
    "INSERT INTO overdrachten (overdracht_id, klant_id, gemeente, richting, van_team, naar_team, status, "
    "vervolgstap, contactpersoon, reageren_voor, aangeboden_op) VALUES (:id, :k, :g, :r, :van, :naar, "
    "'aangeboden', :stap, :contact, :voor, :op) ON CONFLICT DO NOTHING"
)
_BEANTWOORD = Sql("UPDATE overdrachten SET status = :s, beantwoord_op = :op, reden = :reden WHERE overdracht_id = :id")
_ESCALATIE_AF = Sql("UPDATE escalaties SET afgehandeld_op = :op WHERE overdracht_id = :id AND afgehandeld_op IS NULL")
_VERLOPEN = Sql("UPDATE overdrachten SET verlopen = true WHERE overdracht_id = :id")
_E_TOT = Sql("UPDATE klanten_overzicht SET e_dienstverlening_tot = :d WHERE klant_id = :k")
_TEAM = Sql("UPDATE klanten_overzicht SET verantwoordelijk_team = :t WHERE klant_id = :k")
_WOONGEMEENTE = Sql("UPDATE klanten_overzicht SET gemeente = :g WHERE klant_id = :k")
_TIMER = Sql(
    "INSERT INTO timers (timer_id, soort, klant_id, ref, due) VALUES (:id, :s, :k, :r, :d) ON CONFLICT DO NOTHING"
)
_ESCALATIE = Sql(
    "INSERT INTO escalaties (escalatie_id, soort, klant_id, gemeente, team, overdracht_id, ontstaan_op) "
    "VALUES (:id, :s, :k, :g, :t, :o, :op) ON CONFLICT DO NOTHING"
)


_INTAKE: PerEvent[None] = PerEvent()


@_INTAKE.on(AanmeldingOntvangen)
async def _ontvangen(conn: AsyncConnection, e: AanmeldingOntvangen, r: Recorded[EventData], b: None) -> None:
    await _AANMELDING.execute(
        conn,
        id=e.aanmelding_id,
        klant=e.klant_id,
        gemeente=e.gemeente,
        kanaal=e.kanaal.value,
        ref=e.kanaal_referentie,
        hulpvraag=e.hulpvraag.value,
        op=e.ontvangen_op,
    )


@_INTAKE.on(ZoektermijnGestart, ZoektermijnIngekort)
async def _zoektermijn(
    conn: AsyncConnection, e: ZoektermijnGestart | ZoektermijnIngekort, r: Recorded[EventData], b: None
) -> None:
    await _ZOEKTERMIJN.execute(conn, tot=e.einddatum, id=e.aanmelding_id)


@_INTAKE.on(LeefgebiedenGescreend)
async def _gescreend(conn: AsyncConnection, e: LeefgebiedenGescreend, r: Recorded[EventData], b: None) -> None:
    await _status(conn, e.aanmelding_id, "gescreend", e.gescreend_op)
    await _MEERVOUDIG.execute(conn, m=e.meervoudige_problematiek, id=e.aanmelding_id)


@_INTAKE.on(DiagnoseVoorgesteld)
async def _voorgesteld(conn: AsyncConnection, e: DiagnoseVoorgesteld, r: Recorded[EventData], b: None) -> None:
    await _status(
        conn, e.aanmelding_id, "voorgesteld", e.voorgesteld_op, voorgesteld=e.route.value, urgentie=e.urgentie
    )


@_INTAKE.on(DiagnoseVastgesteld)
async def _vastgesteld(conn: AsyncConnection, e: DiagnoseVastgesteld, r: Recorded[EventData], b: None) -> None:
    await _status(conn, e.aanmelding_id, "gediagnosticeerd", e.vastgesteld_op, route=e.route.value, urgentie=e.urgentie)


async def _status(
    conn: AsyncConnection,
    aanmelding_id: Any,
    status: str,
    op: Any,
    *,
    voorgesteld: str | None = None,
    route: str | None = None,
    urgentie: Any = None,
) -> None:
    urgentie_ = urgentie.value if urgentie is not None else None
    await _STATUS.execute(
        conn, id=aanmelding_id, status=status, op=op, voorgesteld=voorgesteld, route=route, urgentie=urgentie_
    )


@_INTAKE.on(KlantGeregistreerd)
async def _geregistreerd(conn: AsyncConnection, e: KlantGeregistreerd, r: Recorded[EventData], b: None) -> None:
    await _KLANT.execute(conn, k=e.klant_id, g=e.gemeente, t=e.verantwoordelijk_team, op=e.geregistreerd_op)


@_INTAKE.on(OverdrachtAangeboden)
async def _aangeboden(conn: AsyncConnection, e: OverdrachtAangeboden, r: Recorded[EventData], b: None) -> None:
    await _OVERDRACHT.execute(
        conn,
        id=e.overdracht_id,
        k=e.klant_id,
        g=e.gemeente,
        r=e.richting.value,
        van=e.van_team,
        naar=e.naar_team,
        stap=e.vervolgstap,
        contact=e.contactpersoon,
        voor=e.reageren_voor,
        op=e.aangeboden_op,
    )
    await _timer(conn, TIMER_OVERDRACHT, e.klant_id, e.overdracht_id, klant.overdracht_verloopt_op(e))
    if e.richting is Richting.LOKAAL_NAAR_LOKAAL:
        # The old gemeente's team is told on its worklist until the new team answers.
        await _escalatie(
            conn,
            f"verhuisd:{e.overdracht_id}",
            "klant_verhuisd",
            e.klant_id,
            e.van_team,
            e.aangeboden_op,
            gemeente=klant.gemeente_van_team(e.van_team),
            overdracht=e.overdracht_id,
        )


@_INTAKE.on(OverdrachtGeaccepteerd)
async def _geaccepteerd(conn: AsyncConnection, e: OverdrachtGeaccepteerd, r: Recorded[EventData], b: None) -> None:
    await _BEANTWOORD.execute(conn, s="geaccepteerd", op=e.geaccepteerd_op, reden=None, id=e.overdracht_id)
    await _ESCALATIE_AF.execute(conn, op=e.geaccepteerd_op, id=e.overdracht_id)
    await _TEAM.execute(conn, t=e.door_team, k=e.klant_id)


@_INTAKE.on(OverdrachtGeweigerd)
async def _geweigerd(conn: AsyncConnection, e: OverdrachtGeweigerd, r: Recorded[EventData], b: None) -> None:
    await _BEANTWOORD.execute(conn, s="geweigerd", op=e.geweigerd_op, reden=e.reden, id=e.overdracht_id)
    await _ESCALATIE_AF.execute(conn, op=e.geweigerd_op, id=e.overdracht_id)


@_INTAKE.on(OverdrachtVerlopen)
async def _verlopen(conn: AsyncConnection, e: OverdrachtVerlopen, r: Recorded[EventData], b: None) -> None:
    await _VERLOPEN.execute(conn, id=e.overdracht_id)
    await _escalatie(
        conn,
        f"overdracht:{e.overdracht_id}",
        "overdracht_verlopen",
        e.klant_id,
        e.naar_team,
        e.verlopen_op,
        gemeente=e.gemeente,
        overdracht=e.overdracht_id,
    )


@_INTAKE.on(KlantVerhuisd)
async def _verhuisd(conn: AsyncConnection, e: KlantVerhuisd, r: Recorded[EventData], b: None) -> None:
    await _WOONGEMEENTE.execute(conn, g=e.naar_gemeente, k=e.klant_id)


@_INTAKE.on(EDienstverleningGestart)
async def _e_gestart(conn: AsyncConnection, e: EDienstverleningGestart, r: Recorded[EventData], b: None) -> None:
    await _E_TOT.execute(conn, d=e.einddatum, k=e.klant_id)
    await _timer(conn, TIMER_E_DIENSTVERLENING, e.klant_id, None, e.einddatum)


@_INTAKE.on(EDienstverleningBeeindigd)
async def _e_beeindigd(conn: AsyncConnection, e: EDienstverleningBeeindigd, r: Recorded[EventData], b: None) -> None:
    await _E_TOT.execute(conn, d=None, k=e.klant_id)


@_INTAKE.on(EDienstverleningVerlopen)
async def _e_verlopen(conn: AsyncConnection, e: EDienstverleningVerlopen, r: Recorded[EventData], b: None) -> None:
    await _E_TOT.execute(conn, d=None, k=e.klant_id)
    await _TEAM.execute(conn, t=e.naar_team, k=e.klant_id)
    escalatie = f"e-dienstverlening:{e.klant_id}:{e.verlopen_op.date()}"
    await _escalatie(
        conn,
        escalatie,
        "e_dienstverlening_verlopen",
        e.klant_id,
        e.naar_team,
        e.verlopen_op,
        gemeente=e.gemeente,
        overdracht=None,
    )


async def _timer(conn: AsyncConnection, soort: str, klant_id: Any, ref: Any, due: Any) -> None:
    await _TIMER.execute(conn, id=f"{soort}:{klant_id}:{ref or due}", s=soort, k=klant_id, r=ref, d=due)


async def _escalatie(
    conn: AsyncConnection, id_: str, soort: str, klant_id: Any, team: str, op: Any, *, gemeente: str, overdracht: Any
) -> None:
    await _ESCALATIE.execute(conn, id=id_, s=soort, k=klant_id, g=gemeente, t=team, o=overdracht, op=op)


class IntakeProjection:
    """All intake read models; `apply` runs inside the command's (or rebuild's) transaction."""

    name = "intake-overzichten"
    tables = ("aanmeldingen_overzicht", "klanten_overzicht", "overdrachten", "escalaties", "timers", "wisverzoeken")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler per event type."""
        for event in events:
            await _INTAKE.apply(conn, [event], None)
            await wissing.apply_eigen(conn, event.data)
