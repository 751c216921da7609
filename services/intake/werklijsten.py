"""Worklists for front office and teams, read from intake's read models, scoped and keyset-paginated."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


class Werklijst(StrEnum):
    """The worklists intake offers."""

    OPEN_AANMELDINGEN = "open-aanmeldingen"
    TE_BEVESTIGEN_DIAGNOSES = "te-bevestigen-diagnoses"
    OPENSTAANDE_OVERDRACHTEN = "openstaande-overdrachten"
    ESCALATIES = "escalaties"


class WerklijstItem(BaseModel):
    """One thing to act on. Which fields are filled depends on the worklist."""

    soort: str = Field(
        description="aanmelding, diagnose, overdracht, overdracht_verlopen or e_dienstverlening_verlopen"
    )
    id: str = Field(description="Aanmelding id, overdracht id or escalation id")
    klant_id: UUID
    gemeente: str
    team: str | None = Field(default=None, description="Team that must act (overdrachten, escalaties)")
    sinds: datetime = Field(description="Since when it waits (sort key, oldest first)")
    leeftijd_dagen: int = Field(description="Whole days it has been waiting")
    status: str | None = None
    kanaal: str | None = None
    kanaal_referentie: str | None = None
    hulpvraag: str | None = None
    voorgestelde_route: str | None = None
    urgentie: str | None = None
    van_team: str | None = None
    richting: str | None = None
    reageren_voor: date | None = None
    verlopen: bool | None = None


# (query returning rows with the columns of WerklijstItem, sort column, id column)
_QUERIES: dict[Werklijst, str] = {
    Werklijst.OPEN_AANMELDINGEN: """
        SELECT 'aanmelding' AS soort, aanmelding_id::text AS id, klant_id, gemeente, NULL AS team,
               ontvangen_op AS sinds, status, kanaal, kanaal_referentie, hulpvraag, voorgestelde_route, urgentie,
               NULL AS van_team, NULL AS richting, NULL::date AS reageren_voor, NULL::boolean AS verlopen
        FROM aanmeldingen_overzicht WHERE status IN ('ontvangen', 'gescreend')""",
    Werklijst.TE_BEVESTIGEN_DIAGNOSES: """
        SELECT 'diagnose', aanmelding_id::text, klant_id, gemeente, NULL, bijgewerkt_op, status, kanaal,
               kanaal_referentie, hulpvraag, voorgestelde_route, urgentie, NULL, NULL, NULL::date, NULL::boolean
        FROM aanmeldingen_overzicht WHERE status = 'voorgesteld'""",
    Werklijst.OPENSTAANDE_OVERDRACHTEN: """
        SELECT 'overdracht', overdracht_id::text, klant_id, gemeente, naar_team, aangeboden_op, status, NULL,
               NULL, NULL, NULL, NULL, van_team, richting, reageren_voor, verlopen
        FROM overdrachten WHERE status = 'aangeboden'""",
    Werklijst.ESCALATIES: """
        SELECT soort, escalatie_id, klant_id, gemeente, team, ontstaan_op, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL::date, NULL::boolean
        FROM escalaties WHERE afgehandeld_op IS NULL""",
}
_COLUMNS = (
    "soort",
    "id",
    "klant_id",
    "gemeente",
    "team",
    "sinds",
    "status",
    "kanaal",
    "kanaal_referentie",
    "hulpvraag",
    "voorgestelde_route",
    "urgentie",
    "van_team",
    "richting",
    "reageren_voor",
    "verlopen",
)


async def lees_werklijst(
    conn: AsyncConnection,
    lijst: Werklijst,
    *,
    gemeenten: Sequence[str],
    team: str | None,
    after: tuple[datetime, str] | None,
    limit: int,
    nu: datetime,
) -> list[WerklijstItem]:
    """A page of a worklist for these gemeenten (and team), oldest first."""
    params: dict[str, Any] = {"gemeenten": list(gemeenten), "limit": limit}
    where = ["gemeente = ANY(CAST(:gemeenten AS text[]))"]
    if team is not None:
        where.append("team = :team")
        params["team"] = team
    if after is not None:
        where.append("(sinds, id) > (:after_sinds, :after_id)")
        params.update(after_sinds=after[0], after_id=after[1])
    query = text(
        f"SELECT * FROM ({_QUERIES[lijst]}) AS w({', '.join(_COLUMNS)}) "
        f"WHERE {' AND '.join(where)} ORDER BY sinds, id LIMIT :limit"
    )
    items = []
    for row in await conn.execute(query, params):
        values = dict(zip(_COLUMNS, row, strict=True))
        values["leeftijd_dagen"] = (nu - values["sinds"]).days
        items.append(WerklijstItem(**values))
    return items


async def zoek_op_referentie(
    conn: AsyncConnection, *, kanaal: str, referentie: str, gemeenten: Sequence[str]
) -> list[WerklijstItem]:
    """Aanmeldingen with this channel reference, among the caller's gemeenten."""
    rows = await conn.execute(
        text(
            f"SELECT * FROM (SELECT 'aanmelding', aanmelding_id::text, klant_id, gemeente, NULL, ontvangen_op, status, "
            "kanaal, kanaal_referentie, hulpvraag, voorgestelde_route, urgentie, NULL, NULL, NULL::date, "
            f"NULL::boolean FROM aanmeldingen_overzicht) AS w({', '.join(_COLUMNS)}) "
            "WHERE kanaal = :kanaal AND kanaal_referentie = :ref AND gemeente = ANY(CAST(:gemeenten AS text[])) "
            "ORDER BY sinds"
        ),
        {"kanaal": kanaal, "ref": referentie, "gemeenten": list(gemeenten)},
    )
    now = datetime.now().astimezone()
    return [WerklijstItem(**dict(zip(_COLUMNS, r, strict=True)), leeftijd_dagen=(now - r[5]).days) for r in rows]
