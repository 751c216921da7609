"""Intake's reads: worklists and lookups from its read models, each through the scoped query path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import Field
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.db import Sql
from libs.events.inzage import ALTIJD, VerwerkingInzage, inzage
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime
from libs.events.schemas import Uitvoer

from . import klant
from .domain import AANMELDINGEN
from .klant import KLANTEN, KlantNietGevonden
from .persoonsgegevens import CONTACT, Doel, contact_van, lees
from .schemas import (
    AanmeldingResponse,
    Gevonden,
    KlantResponse,
    OpvragingResponse,
    OverdrachtHistorie,
    PersoonBasis,
    PersoonsgegevensResponse,
    ZoekresultatenResponse,
)

_VERHUISD_OP = Sql("SELECT max(recorded_at) FROM event_store WHERE stream_id = :k AND event_type = 'KlantVerhuisd'")


def _volledig(principal: Principal, state: klant.Klant) -> bool:
    """Whether the caller sees the klant's whole history (not only what arrived with a move into its gemeente)."""
    return principal.regionaal or bool(principal.gemeenten & klant.volle_historie(state))


class Werklijst(StrEnum):
    """The worklists intake offers."""

    OPEN_AANMELDINGEN = "open-aanmeldingen"
    TE_BEVESTIGEN_DIAGNOSES = "te-bevestigen-diagnoses"
    OPENSTAANDE_OVERDRACHTEN = "openstaande-overdrachten"
    ESCALATIES = "escalaties"


class WerklijstItem(Uitvoer):
    """One thing to act on. Which fields are filled depends on the worklist."""

    soort: str = Field(
        description="aanmelding, diagnose, overdracht, overdracht_verlopen, e_dienstverlening_verlopen or "
        "klant_verhuisd (the klant moved away; the new gemeente's team has not answered the overdracht yet)"
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
    zoektermijn_tot: date | None = Field(
        default=None,
        description="Aanmeldingen: the last day of the zoektermijn (art. 41 lid 4 Pw); the aanvraag is taken into "
        "behandeling after it. Absent when none runs",
    )


# (query returning rows with the columns of WerklijstItem, sort column, id column)
_QUERIES: dict[Werklijst, str] = {
    Werklijst.OPEN_AANMELDINGEN: """
        SELECT 'aanmelding' AS soort, aanmelding_id::text AS id, klant_id, gemeente, NULL AS team,
               ontvangen_op AS sinds, status, kanaal, kanaal_referentie, hulpvraag, voorgestelde_route, urgentie,
               NULL AS van_team, NULL AS richting, NULL::date AS reageren_voor, NULL::boolean AS verlopen,
               zoektermijn_tot
        FROM aanmeldingen_overzicht WHERE status IN ('ontvangen', 'gescreend')""",
    Werklijst.TE_BEVESTIGEN_DIAGNOSES: """
        SELECT 'diagnose', aanmelding_id::text, klant_id, gemeente, NULL, bijgewerkt_op, status, kanaal,
               kanaal_referentie, hulpvraag, voorgestelde_route, urgentie, NULL, NULL, NULL::date, NULL::boolean,
               zoektermijn_tot
        FROM aanmeldingen_overzicht WHERE status = 'voorgesteld'""",
    Werklijst.OPENSTAANDE_OVERDRACHTEN: """
        SELECT 'overdracht', overdracht_id::text, klant_id, gemeente, naar_team, aangeboden_op, status, NULL,
               NULL, NULL, NULL, NULL, van_team, richting, reageren_voor, verlopen, NULL::date
        FROM overdrachten WHERE status = 'aangeboden'""",
    Werklijst.ESCALATIES: """
        SELECT soort, escalatie_id, klant_id, gemeente, team, ontstaan_op, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL::date, NULL::boolean, NULL::date
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
    "zoektermijn_tot",
)


async def werklijst(
    runtime: Runtime,
    principal: Principal,
    lijst: Werklijst,
    *,
    gemeenten: list[str] | None,
    team: str | None,
    cursor: str | None,
    limit: int,
) -> Page[WerklijstItem]:
    """A page of a worklist for the caller's gemeenten (narrowed, never widened), oldest first."""
    na = after(cursor) if cursor is not None else None
    nu = datetime.now(UTC)

    async def read(uow: UnitOfWork) -> Page[WerklijstItem]:
        rows = await _werklijst(
            uow.conn, lijst, gemeenten=principal.scope(gemeenten), team=team, after=na, limit=limit + 1, nu=nu
        )
        items, next_cursor = paginate(rows, limit, lambda i: (i.sinds, i.id))
        return Page[WerklijstItem](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


async def zoek_aanmeldingen(
    runtime: Runtime, principal: Principal, *, kanaal: str, referentie: str
) -> list[WerklijstItem]:
    """Aanmeldingen with this channel reference, among the caller's gemeenten."""

    async def read(uow: UnitOfWork) -> list[WerklijstItem]:
        return await _zoek_op_referentie(uow.conn, kanaal=kanaal, referentie=referentie, gemeenten=principal.scope())

    return await query(runtime, principal, read)


async def _werklijst(
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


async def _zoek_op_referentie(
    conn: AsyncConnection, *, kanaal: str, referentie: str, gemeenten: Sequence[str]
) -> list[WerklijstItem]:
    """Aanmeldingen with this channel reference, among the caller's gemeenten."""
    rows = await conn.execute(
        text(
            f"SELECT * FROM (SELECT 'aanmelding', aanmelding_id::text, klant_id, gemeente, NULL, ontvangen_op, status, "
            "kanaal, kanaal_referentie, hulpvraag, voorgestelde_route, urgentie, NULL, NULL, NULL::date, "
            f"NULL::boolean, zoektermijn_tot FROM aanmeldingen_overzicht) AS w({', '.join(_COLUMNS)}) "
            "WHERE kanaal = :kanaal AND kanaal_referentie = :ref AND gemeente = ANY(CAST(:gemeenten AS text[])) "
            "ORDER BY sinds"
        ),
        {"kanaal": kanaal, "ref": referentie, "gemeenten": list(gemeenten)},
    )
    now = datetime.now().astimezone()
    return [WerklijstItem(**dict(zip(_COLUMNS, r, strict=True)), leeftijd_dagen=(now - r[5]).days) for r in rows]


async def lees_aanmelding(runtime: Runtime, principal: Principal, aanmelding_id: UUID) -> AanmeldingResponse:
    """Current state of an aanmelding the caller may see."""

    async def read(uow: UnitOfWork) -> AanmeldingResponse:
        return AanmeldingResponse.of((await uow.load(AANMELDINGEN, aanmelding_id)).state)

    return await query(runtime, principal, read)


async def verwerkingen_van_klant(
    runtime: Runtime, principal: Principal, klant_id: UUID, cursor: str | None, limit: int
) -> Page[VerwerkingInzage]:
    """AVG art. 15 for intake: the klant's processings, oldest first, only for who may see the klant."""

    async def read(uow: UnitOfWork) -> Page[VerwerkingInzage]:
        state = (await uow.load(KLANTEN, klant_id)).state
        if _volledig(principal, state):
            return await inzage(uow.conn, klant_id, cursor, limit)
        # A gemeente the klant moved into sees the processings since the move was recorded, not before.
        sinds = await _VERHUISD_OP.fetchrow(uow.conn, k=str(klant_id))
        return await inzage(uow.conn, klant_id, cursor, limit, sinds=sinds[0] if sinds and sinds[0] else ALTIJD)

    return await query(runtime, principal, read)


async def lees_klant(runtime: Runtime, principal: Principal, klant_id: UUID) -> KlantResponse:
    """Responsibility and running periods of a klant."""

    async def read(uow: UnitOfWork) -> KlantResponse:
        return KlantResponse.of((await uow.load(KLANTEN, klant_id)).state)

    return await query(runtime, principal, read)


async def overdrachten(runtime: Runtime, principal: Principal, klant_id: UUID) -> list[OverdrachtHistorie]:
    """Every warme overdracht of a klant, oldest first, with how it ended."""

    async def read(uow: UnitOfWork) -> list[OverdrachtHistorie]:
        loaded = await uow.load(KLANTEN, klant_id)
        alle = klant.overdrachten(loaded.events)
        if not _volledig(principal, loaded.state):
            # A gemeente the klant moved into sees the overdrachten it is party to, not the old gemeente's.
            eigen = {f"lokaal:{g}" for g in principal.gemeenten}
            alle = [o for o in alle if eigen & {o.van_team, o.naar_team}]
        return [OverdrachtHistorie.model_validate(asdict(o)) for o in alle]

    return await query(runtime, principal, read)


async def lees_persoonsgegevens(
    runtime: Runtime, principal: Principal, klant_id: UUID, doel: Doel
) -> PersoonsgegevensResponse:
    """Personal data at the source, for a stated purpose; the access is logged in the same transaction."""

    async def read(uow: UnitOfWork) -> PersoonsgegevensResponse:
        state = (await uow.load(KLANTEN, klant_id)).state
        persoon = await lees(uow.conn, klant_id)
        if persoon is None:
            raise KlantNietGevonden(f"klant {klant_id} niet gevonden")
        if not _volledig(principal, state) and await contact_van(uow.conn, klant_id) not in principal.gemeenten:
            # What the BRP says, yes; the contact data another gemeente recorded only after the warme overdracht.
            persoon |= dict.fromkeys(CONTACT)
        return PersoonsgegevensResponse(klant_id=klant_id, **persoon)

    return await query(runtime, principal, read)


_ZICHTBAAR = Sql(
    "SELECT k.klant_id FROM klanten_overzicht k WHERE k.klant_id = ANY(CAST(:ids AS uuid[])) "
    "AND (:regionaal OR k.gemeente = ANY(CAST(:gemeenten AS text[])) "
    "OR k.verantwoordelijk_team = ANY(CAST(:teams AS text[])) "
    "OR EXISTS (SELECT 1 FROM overdrachten o WHERE o.klant_id = k.klant_id AND o.status = 'aangeboden' "
    "AND (o.van_team = ANY(CAST(:teams AS text[])) OR o.naar_team = ANY(CAST(:teams AS text[])))))"
)
_BASIS = Sql(
    "SELECT klant_id, bsn, naam, geboortedatum, straat, huisnummer, postcode, woonplaats FROM personen "
    "WHERE klant_id = ANY(CAST(:ids AS uuid[]))"
)


async def vraag_op(runtime: Runtime, principal: Principal, klant_ids: list[UUID], doel: str) -> OpvragingResponse:
    """What the BRP says of many klanten, in two statements; each klant the caller may see is logged as a read.

    Visibility is `klant.zichtbaar_in` over the read models: the woongemeente, the responsible local team, and
    the local teams of an open overdracht; regional roles see the region.
    """

    async def read(uow: UnitOfWork) -> OpvragingResponse:
        gevraagd = list(dict.fromkeys(klant_ids))
        gemeenten = sorted(principal.gemeenten)
        zichtbaar = await _ZICHTBAAR.fetch(
            uow.conn,
            ids=gevraagd,
            regionaal=principal.regionaal,
            gemeenten=gemeenten,
            teams=[f"lokaal:{g}" for g in gemeenten],
        )
        ids = [row[0] for row in zichtbaar]
        uow.verwerk(f"intake-persoonsgegevens-raadplegen-{doel}", ids)
        uow.touched |= principal.gemeenten
        rows = await _BASIS.fetch(uow.conn, ids=ids)
        if not rows:
            raise KlantNietGevonden("geen van de gevraagde klanten is gevonden in uw gemeenten")
        items = [
            PersoonBasis(
                klant_id=r[0],
                bsn=str(r[1]).strip(),
                naam=r[2],
                geboortedatum=r[3],
                straat=r[4],
                huisnummer=r[5],
                postcode=r[6],
                woonplaats=r[7],
            )
            for r in rows
        ]
        gevonden = {r[0] for r in rows}
        return OpvragingResponse(items=items, niet_gevonden=[k for k in gevraagd if k not in gevonden])

    return await query(runtime, principal, read)


_KLANTEN_VAN_BSNS = Sql("SELECT bsn, klant_id FROM personen WHERE bsn = ANY(CAST(:bsns AS text[]))")


async def zoek_klanten(runtime: Runtime, principal: Principal, bsns: list[str], doel: str) -> ZoekresultatenResponse:
    """The klanten behind many BSNs that the caller may see, in two statements; each one found is logged."""

    async def read(uow: UnitOfWork) -> ZoekresultatenResponse:
        per_klant = {row[1]: str(row[0]).strip() for row in await _KLANTEN_VAN_BSNS.fetch(uow.conn, bsns=bsns)}
        gemeenten = sorted(principal.gemeenten)
        zichtbaar = await _ZICHTBAAR.fetch(
            uow.conn,
            ids=list(per_klant),
            regionaal=principal.regionaal,
            gemeenten=gemeenten,
            teams=[f"lokaal:{g}" for g in gemeenten],
        )
        ids = [row[0] for row in zichtbaar]
        if not ids:
            raise KlantNietGevonden("geen van deze BSN's is een klant in uw gemeenten")
        uow.verwerk(f"intake-persoonsgegevens-raadplegen-{doel}", ids)
        uow.touched |= principal.gemeenten
        return ZoekresultatenResponse(items=[Gevonden(bsn=per_klant[k], klant_id=k) for k in ids])

    return await query(runtime, principal, read)
