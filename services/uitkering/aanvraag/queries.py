"""Reads of aanvragen and uitkeringen: the uitkering, its months explained, its beschikking, the worklists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.contracts.uitkering import (
    BijstandToegekend,
    MaatregelOpgelegd,
)
from libs.events.db import Sql
from libs.events.inzage import VerwerkingInzage, inzage
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from .. import beschikking
from ..activiteiten import BEREKENING_RAADPLEGEN, INZAGE, UITKERING_RAADPLEGEN
from ..betaling import grootboek
from ..betaling.domain import rekeningen
from ..schemas import (
    BerekeningUit,
    MaandverlagingUit,
    MaatregelUit,
    OntheffingUit,
    PlanUit,
    PremieUit,
    UitkeringResponse,
)
from ..stand import UITKERINGEN, Maatregel, Uitkering
from ..vordering.queries import AL_GEVORDERD
from .domain import NogGeenBesluit
from .recht import bereken_maand
from .schemas import (
    AanvraagSamenvatting,
    HerberekeningUit,
    MaandrekeningUit,
    MaandResponse,
    Status,
    UitkeringSamenvatting,
)

# Every read of uitkering_overzicht (written by UitkeringenProjection) is in this module.
# Which uitkeringen a betaalrun visits: the payable window the projection stored (betaling.betaalvenster),
# in chunks and in shares of the run's processes.
TE_BETALEN = Sql(
    "SELECT uitkering_id FROM uitkering_overzicht WHERE gemeente = :gemeente AND uitkering_id > :na "
    "AND (hashtext(uitkering_id::text) & 2147483647) % :delen = :deel "
    "AND betalen AND (betalen_tot IS NULL OR betalen_tot >= CAST(:periode AS date)) "
    "ORDER BY uitkering_id LIMIT :limit"
)
# The running uitkeringen of a klant.
PLAN_VAN_KLANT = Sql("SELECT plan_id, versie, besproken_op FROM uitkering_plannen WHERE klant_id = :klant")
LOPEND_VAN_KLANT = Sql("SELECT uitkering_id FROM uitkering_overzicht WHERE klant_id = :klant AND status = 'toegekend'")
# Aanvragen whose voorschot date has come (art. 52), locked for one timer round.
VOORSCHOT_DUE = Sql(
    "SELECT uitkering_id FROM uitkering_overzicht WHERE status = 'aangevraagd' AND voorschot_uiterlijk <= :vandaag "
    "AND uitkering_id > :na ORDER BY uitkering_id LIMIT :limit FOR UPDATE SKIP LOCKED"
)
# Whose and where an uitkering is.
KLANT_EN_GEMEENTE = Sql("SELECT klant_id, gemeente FROM uitkering_overzicht WHERE uitkering_id = :uitkering")


def uitkering_body(state: Uitkering) -> dict[str, Any]:
    """An uitkering as the API shows it (no personal data: no birth dates, no IBAN)."""
    a = state.aanvraag
    besluit = None
    if state.besluit is not None:
        besluit = "toekenning" if isinstance(state.besluit, BijstandToegekend) else "afwijzing"
    return UitkeringResponse(
        uitkering_id=a.uitkering_id,
        klant_id=a.klant_id,
        gemeente=a.gemeente,
        status=state.status.value,
        meldingsdatum=a.meldingsdatum,
        aanvraagdatum=a.aanvraagdatum,
        beslistermijn=a.beslistermijn,
        voorschot_uiterlijk=a.voorschot_uiterlijk,
        ingangsdatum=state.ingangsdatum,
        laatste_dag=state.laatste_dag,
        opgeschort=state.opgeschort is not None,
        rekening_vastgelegd=state.rekening is not None,
        besluit=besluit,
        betaalde_maanden=sorted(state.betalingen),
        voorschotten=[v.bedrag for v in state.voorschotten],
        maatregelen=[_maatregel(m) for m in state.maatregelen.values()],
        ontheffingen=[
            OntheffingUit(
                ontheffing_id=o.ontheffing_id,
                grond=o.grond,
                van=o.van,
                tot=o.tot,
                beeindigd_per=state.ontheffing_einde.get(o.ontheffing_id),
            )
            for o in state.ontheffingen
        ],
        volgend_heronderzoek=state.heronderzoeken[-1].volgende if state.heronderzoeken else None,
        plan_van_aanpak=_plan(state),
        lks_doelgroep=any(p.lks_doelgroep for p in state.plaatsingen),
        premies=[
            PremieUit(
                premie_id=p.premie_id,
                toegekend=p.toegekend,
                bedrag=p.bedrag,
                reden=p.reden,
                betaald=p.premie_id in state.premies_betaald,
            )
            for p in state.premies
        ],
        versie=state.versie,
    ).model_dump(mode="json")


def _plan(state: Uitkering) -> PlanUit | None:
    plan = state.besluit.plan_van_aanpak if isinstance(state.besluit, BijstandToegekend) else None
    return PlanUit.model_validate(plan.model_dump()) if plan else None


def _maatregel(m: Maatregel) -> MaatregelUit:
    b = m.besluit
    opgelegd = b if isinstance(b, MaatregelOpgelegd) else None
    return MaatregelUit(
        maatregel_id=m.voornemen.maatregel_id,
        verplichting=m.voornemen.verplichting,
        status="voorgenomen" if b is None else "opgelegd" if opgelegd else "afgezien",
        feitdatum=m.voornemen.feitdatum,
        zienswijze_uiterlijk=m.voornemen.zienswijze_uiterlijk,
        zienswijze=m.zienswijze is not None,
        percentage=opgelegd.percentage if opgelegd else None,
        maanden=opgelegd.maanden if opgelegd else None,
        verlagingen=[MaandverlagingUit(periode=v.periode, percentage=v.percentage) for v in opgelegd.verlagingen]
        if opgelegd
        else [],
        heroverweging_uiterlijk=opgelegd.heroverweging_uiterlijk if opgelegd else None,
        gehandhaafd=m.heroverweging.gehandhaafd if m.heroverweging else None,
        artikelen=opgelegd.artikelen if opgelegd else (b.artikel if b else None),  # type: ignore[union-attr]
    )


async def lees_uitkering(runtime: Runtime, principal: Principal, uitkering_id: UUID) -> dict[str, Any]:
    """An uitkering in the caller's gemeenten (404 otherwise)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        state = (await uow.load(UITKERINGEN, uitkering_id)).state
        uow.verwerk(UITKERING_RAADPLEGEN, [state.aanvraag.klant_id])
        return uitkering_body(state)

    return await query(runtime, principal, read)


async def verwerkingen_van_uitkering(
    runtime: Runtime, principal: Principal, uitkering_id: UUID, cursor: str | None, limit: int
) -> Page[VerwerkingInzage]:
    """AVG art. 15 for uitkering: how uitkering processed the data of the klant behind an uitkering, oldest first."""

    async def read(uow: UnitOfWork) -> Page[VerwerkingInzage]:
        state = (await uow.load(UITKERINGEN, uitkering_id)).state
        uow.verwerk(INZAGE, [state.aanvraag.klant_id])
        return await inzage(uow.conn, state.aanvraag.klant_id, cursor, limit)

    return await query(runtime, principal, read)


async def maand(runtime: Runtime, principal: Principal, uitkering_id: UUID, periode: date) -> MaandResponse:
    """A month explained component by component: as now known, as paid, and the herberekeningen."""

    async def read(uow: UnitOfWork) -> MaandResponse:
        state = (await uow.load(UITKERINGEN, uitkering_id)).state
        uow.verwerk(BEREKENING_RAADPLEGEN, [state.aanvraag.klant_id])
        nu = bereken_maand(state, periode)
        betaling = state.betalingen.get(periode)
        herberekeningen = [
            HerberekeningUit.model_validate(h.model_dump()) for h in state.herberekeningen if h.periode == periode
        ]
        gevorderd = {r[0]: Decimal(r[1]) for r in await AL_GEVORDERD.fetch(uow.conn, uitkering=uitkering_id)}
        rekening = next((r for r in rekeningen(state, gevorderd) if r.periode == periode), None)
        return MaandResponse(
            uitkering_id=uitkering_id,
            periode=periode,
            berekening=BerekeningUit.model_validate(nu.model_dump()),
            betaald=BerekeningUit.model_validate(betaling.berekening.model_dump()) if betaling else None,
            netto_betaald=betaling.netto if betaling else None,
            voorschot_verrekend=betaling.voorschot_verrekend if betaling else None,
            herberekeningen=herberekeningen,
            rekening=_maandrekening(rekening) if rekening else None,
        )

    return await query(runtime, principal, read)


def _maandrekening(r: grootboek.Maandrekening) -> MaandrekeningUit:
    return MaandrekeningUit(
        vastgesteld=r.vastgesteld,
        ontvangen=r.ontvangen,
        vakantietoeslag_betaald=r.vt_betaald,
        vakantietoeslag_gereserveerd=Decimal(0) if r.vt_betaald is not None else r.vakantietoeslag,
        teruggevorderd=r.gevorderd,
        verschil=r.verschil,
    )


async def beschikking_html(runtime: Runtime, principal: Principal, uitkering_id: UUID) -> str:
    """The beschikking, rendered from the decision event (never stored as text)."""

    async def read(uow: UnitOfWork) -> str:
        state = (await uow.load(UITKERINGEN, uitkering_id)).state
        if state.besluit is None:
            raise NogGeenBesluit(f"op aanvraag {uitkering_id} is nog niet besloten")
        uow.verwerk(BEREKENING_RAADPLEGEN, [state.aanvraag.klant_id])
        return beschikking.render(state.aanvraag, state.besluit)

    return await query(runtime, principal, read)


_WERKLIJST = Sql(
    "SELECT uitkering_id, klant_id, gemeente, aanvraagdatum, beslistermijn, voorschot_uiterlijk, voorschot_verleend "
    "FROM uitkering_overzicht WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND status = 'aangevraagd' "
    "AND (beslistermijn, uitkering_id::text) > (CAST(:na_op AS date), :na_id) "
    "ORDER BY beslistermijn, uitkering_id::text LIMIT :limit"
)


_UITKERINGEN = Sql(
    "SELECT uitkering_id, klant_id, gemeente, status, opgeschort, aanvraagdatum, ingangsdatum, laatste_dag "
    "FROM uitkering_overzicht WHERE gemeente = ANY(CAST(:gemeenten AS text[])) "
    "AND (CAST(:status AS text) IS NULL OR status = :status) AND (CAST(:klant AS uuid) IS NULL OR klant_id = :klant) "
    "AND uitkering_id::text > :na_id ORDER BY uitkering_id::text LIMIT :limit"
)


async def werklijst(
    runtime: Runtime,
    principal: Principal,
    *,
    gemeenten: list[str] | None,
    vandaag: date,
    cursor: str | None,
    limit: int,
) -> Page[AanvraagSamenvatting]:
    """Open aanvragen by beslistermijn: which need a voorschot and which are past their term."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[AanvraagSamenvatting]:
        rows = await _WERKLIJST.fetch(
            uow.conn, gemeenten=principal.scope(gemeenten), na_op=na_op.date(), na_id=na_id, limit=limit + 1
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[4], r[0]))
        items = [
            AanvraagSamenvatting(
                uitkering_id=r[0],
                klant_id=r[1],
                gemeente=r[2],
                status=Status.AANGEVRAAGD,
                aanvraagdatum=r[3],
                beslistermijn=r[4],
                voorschot_uiterlijk=r[5],
                voorschot_verleend=r[6],
                voorschot_nodig=not r[6] and r[5] <= vandaag,
                termijn_overschreden=r[4] < vandaag,
            )
            for r in rows
        ]
        return Page[AanvraagSamenvatting](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


async def uitkeringen(
    runtime: Runtime,
    principal: Principal,
    *,
    gemeenten: list[str] | None,
    status: Status | None,
    klant_id: UUID | None = None,
    cursor: str | None,
    limit: int,
) -> Page[UitkeringSamenvatting]:
    """Every aanvraag and uitkering of the caller's gemeenten with its status, by id."""
    _, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[UitkeringSamenvatting]:
        rows = await _UITKERINGEN.fetch(
            uow.conn,
            gemeenten=principal.scope(gemeenten),
            status=status.value if status else None,
            klant=klant_id,
            na_id=na_id,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (date.min, str(r[0])))
        velden = ("uitkering_id", "klant_id", "gemeente", "status", "opgeschort", "aanvraagdatum", "ingangsdatum")
        items = [
            UitkeringSamenvatting.model_validate({**dict(zip(velden, r, strict=False)), "laatste_dag": r[7]})
            for r in rows
        ]
        return Page[UitkeringSamenvatting](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)
