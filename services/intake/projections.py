"""Intake's read models (worklists, overviews, timers), applied in the same transaction as the events.

Front offices read their own writes at once; the tables can still be dropped and rebuilt from the
event store (`rebuild`), like any projection.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
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
from libs.events.registry import EventData, Recorded

from . import wissing

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


async def _apply_one(conn: AsyncConnection, event: EventData) -> None:
    match event:
        case AanmeldingOntvangen():
            await _AANMELDING.execute(
                conn,
                id=event.aanmelding_id,
                klant=event.klant_id,
                gemeente=event.gemeente,
                kanaal=event.kanaal.value,
                ref=event.kanaal_referentie,
                hulpvraag=event.hulpvraag.value,
                op=event.ontvangen_op,
            )
        case ZoektermijnGestart() | ZoektermijnIngekort():
            await _ZOEKTERMIJN.execute(conn, tot=event.einddatum, id=event.aanmelding_id)
        case LeefgebiedenGescreend():
            await _STATUS.execute(
                conn,
                id=event.aanmelding_id,
                status="gescreend",
                op=event.gescreend_op,
                voorgesteld=None,
                route=None,
                urgentie=None,
            )
            await _MEERVOUDIG.execute(conn, m=event.meervoudige_problematiek, id=event.aanmelding_id)
        case DiagnoseVoorgesteld():
            await _STATUS.execute(
                conn,
                id=event.aanmelding_id,
                status="voorgesteld",
                op=event.voorgesteld_op,
                voorgesteld=event.route.value,
                route=None,
                urgentie=event.urgentie.value,
            )
        case DiagnoseVastgesteld():
            await _STATUS.execute(
                conn,
                id=event.aanmelding_id,
                status="gediagnosticeerd",
                op=event.vastgesteld_op,
                voorgesteld=None,
                route=event.route.value,
                urgentie=event.urgentie.value,
            )
        case KlantGeregistreerd():
            await _KLANT.execute(
                conn, k=event.klant_id, g=event.gemeente, t=event.verantwoordelijk_team, op=event.geregistreerd_op
            )
        case OverdrachtAangeboden():
            await _OVERDRACHT.execute(
                conn,
                id=event.overdracht_id,
                k=event.klant_id,
                g=event.gemeente,
                r=event.richting.value,
                van=event.van_team,
                naar=event.naar_team,
                stap=event.vervolgstap,
                contact=event.contactpersoon,
                voor=event.reageren_voor,
                op=event.aangeboden_op,
            )
            await _timer(
                conn, TIMER_OVERDRACHT, event.klant_id, event.overdracht_id, event.reageren_voor + timedelta(days=1)
            )
            if event.richting is Richting.LOKAAL_NAAR_LOKAAL:
                # The old gemeente's team is told on its worklist until the new team answers.
                await _ESCALATIE.execute(
                    conn,
                    id=f"verhuisd:{event.overdracht_id}",
                    s="klant_verhuisd",
                    k=event.klant_id,
                    g=event.van_team.removeprefix("lokaal:"),
                    t=event.van_team,
                    o=event.overdracht_id,
                    op=event.aangeboden_op,
                )
        case OverdrachtGeaccepteerd():
            await _BEANTWOORD.execute(
                conn, s="geaccepteerd", op=event.geaccepteerd_op, reden=None, id=event.overdracht_id
            )
            await _ESCALATIE_AF.execute(conn, op=event.geaccepteerd_op, id=event.overdracht_id)
            await _TEAM.execute(conn, t=event.door_team, k=event.klant_id)
        case OverdrachtGeweigerd():
            await _BEANTWOORD.execute(
                conn, s="geweigerd", op=event.geweigerd_op, reden=event.reden, id=event.overdracht_id
            )
            await _ESCALATIE_AF.execute(conn, op=event.geweigerd_op, id=event.overdracht_id)
        case OverdrachtVerlopen():
            await _VERLOPEN.execute(conn, id=event.overdracht_id)
            await _ESCALATIE.execute(
                conn,
                id=f"overdracht:{event.overdracht_id}",
                s="overdracht_verlopen",
                k=event.klant_id,
                g=event.gemeente,
                t=event.naar_team,
                o=event.overdracht_id,
                op=event.verlopen_op,
            )
        case KlantVerhuisd():
            await _WOONGEMEENTE.execute(conn, g=event.naar_gemeente, k=event.klant_id)
        case EDienstverleningGestart():
            await _E_TOT.execute(conn, d=event.einddatum, k=event.klant_id)
            await _timer(conn, TIMER_E_DIENSTVERLENING, event.klant_id, None, event.einddatum)
        case EDienstverleningBeeindigd():
            await _E_TOT.execute(conn, d=None, k=event.klant_id)
        case EDienstverleningVerlopen():
            await _E_TOT.execute(conn, d=None, k=event.klant_id)
            await _TEAM.execute(conn, t=event.naar_team, k=event.klant_id)
            await _ESCALATIE.execute(
                conn,
                id=f"e-dienstverlening:{event.klant_id}:{event.verlopen_op.date()}",
                s="e_dienstverlening_verlopen",
                k=event.klant_id,
                g=event.gemeente,
                t=event.naar_team,
                o=None,
                op=event.verlopen_op,
            )


async def _timer(conn: AsyncConnection, soort: str, klant_id: Any, ref: Any, due: Any) -> None:
    await _TIMER.execute(conn, id=f"{soort}:{klant_id}:{ref or due}", s=soort, k=klant_id, r=ref, d=due)


class IntakeProjection:
    """All intake read models; `apply` runs inside the command's (or rebuild's) transaction."""

    name = "intake-overzichten"
    tables = ("aanmeldingen_overzicht", "klanten_overzicht", "overdrachten", "escalaties", "timers", "wisverzoeken")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order."""
        for event in events:
            await _apply_one(conn, event.data)
            await wissing.apply_eigen(conn, event.data)
