"""Uitkering's reads: every one runs through the scoped query path and sees only the caller's gemeenten."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.contracts.uitkering import (
    AflossingOntvangen,
    BijstandToegekend,
    MaatregelOpgelegd,
    VanVorderingAfgezien,
    VorderingGecorrigeerd,
)
from libs.events.db import Sql
from libs.events.pagination import Page, after, paginate
from libs.events.registry import EventData
from libs.events.runtime import Runtime

from . import beschikking, domain, sepa, vordering
from .schemas import (
    AanvraagSamenvatting,
    BerekeningUit,
    BetaalrunResponse,
    BetalingUit,
    DeelvorderingUit,
    HerberekeningUit,
    MaandResponse,
    MaandverlagingUit,
    MaatregelUit,
    MutatieUit,
    OntheffingUit,
    TermijnUit,
    UitkeringResponse,
    VerordeningResponse,
    VorderingResponse,
)
from .verordening import verordening

# Logboek Dataverwerkingen activities (libs/events/verwerkingsactiviteiten.csv).
BEREKENING_RAADPLEGEN = "uitkering-berekening-raadplegen"
BETAALBESTAND = "uitkering-betaalbestand-maken"
LOONHEFFING = "uitkering-loonheffing-export"


def uitkering_body(state: domain.Uitkering) -> dict[str, Any]:
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
        versie=state.versie,
    ).model_dump(mode="json")


def _maatregel(m: domain.Maatregel) -> MaatregelUit:
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
        artikelen=opgelegd.artikelen if opgelegd else (b.artikel if b else None),  # type: ignore[union-attr]
    )


async def lees_uitkering(runtime: Runtime, principal: Principal, uitkering_id: UUID) -> dict[str, Any]:
    """An uitkering in the caller's gemeenten (404 otherwise)."""
    from .service import UITKERINGEN

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return uitkering_body((await uow.load(UITKERINGEN, uitkering_id)).state)

    return await query(runtime, principal, read)


async def maand(runtime: Runtime, principal: Principal, uitkering_id: UUID, periode: date) -> MaandResponse:
    """A month explained component by component: as now known, as paid, and the herberekeningen."""
    from .service import UITKERINGEN

    async def read(uow: UnitOfWork) -> MaandResponse:
        state = (await uow.load(UITKERINGEN, uitkering_id)).state
        uow.verwerk(BEREKENING_RAADPLEGEN, [state.aanvraag.klant_id])
        nu = domain.bereken_maand(state, periode)
        betaling = state.betalingen.get(periode)
        herberekeningen = [
            HerberekeningUit.model_validate(h.model_dump()) for h in state.herberekeningen if h.periode == periode
        ]
        return MaandResponse(
            uitkering_id=uitkering_id,
            periode=periode,
            berekening=BerekeningUit.model_validate(nu.model_dump()),
            betaald=BerekeningUit.model_validate(betaling.berekening.model_dump()) if betaling else None,
            netto_betaald=betaling.netto if betaling else None,
            voorschot_verrekend=betaling.voorschot_verrekend if betaling else None,
            herberekeningen=herberekeningen,
        )

    return await query(runtime, principal, read)


async def beschikking_html(runtime: Runtime, principal: Principal, uitkering_id: UUID) -> str:
    """The beschikking, rendered from the decision event (never stored as text)."""
    from .service import UITKERINGEN

    async def read(uow: UnitOfWork) -> str:
        state = (await uow.load(UITKERINGEN, uitkering_id)).state
        if state.besluit is None:
            raise domain.NogGeenBesluit(f"op aanvraag {uitkering_id} is nog niet besloten")
        uow.verwerk(BEREKENING_RAADPLEGEN, [state.aanvraag.klant_id])
        return beschikking.render(state.aanvraag, state.besluit)

    return await query(runtime, principal, read)


_WERKLIJST = Sql(
    "SELECT uitkering_id, klant_id, gemeente, aanvraagdatum, beslistermijn, voorschot_uiterlijk, voorschot_verleend "
    "FROM uitkering_overzicht WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND status = 'aangevraagd' "
    "AND (beslistermijn, uitkering_id::text) > (CAST(:na_op AS date), :na_id) "
    "ORDER BY beslistermijn, uitkering_id::text LIMIT :limit"
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


_RUN = Sql(
    "SELECT betaalrun_id, gemeente, periode, gestart_op, afgerond_op, betalingen, totaal FROM betaalruns "
    "WHERE betaalrun_id = :id"
)


async def betaalrun_body(uow: UnitOfWork, betaalrun_id: UUID) -> dict[str, Any]:
    """A betaalrun in the caller's gemeenten, with its ledger totals."""
    await uow.load(domain.BETAALRUNS, betaalrun_id)
    row = await _RUN.fetchrow(uow.conn, id=betaalrun_id)
    assert row is not None
    velden = ("betaalrun_id", "gemeente", "periode", "gestart_op", "afgerond_op", "betalingen", "totaal")
    return BetaalrunResponse.model_validate(dict(zip(velden, row, strict=True))).model_dump(mode="json")


async def lees_betaalrun(runtime: Runtime, principal: Principal, betaalrun_id: UUID) -> dict[str, Any]:
    """A betaalrun (404 outside the caller's gemeenten)."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return await betaalrun_body(uow, betaalrun_id)

    return await query(runtime, principal, read)


_BETALINGEN = Sql(
    "SELECT uitkering_id, klant_id, periode, soort, aan, netto, bijstand, vakantietoeslag FROM uitkering_betalingen "
    "WHERE betaalrun_id = :run AND (periode, uitkering_id::text, soort, aan) > (CAST(:na_periode AS date), :na_id, "
    ":na_soort, :na_aan) ORDER BY periode, uitkering_id::text, soort, aan LIMIT :limit"
)
_BETALING_VELDEN = ("uitkering_id", "klant_id", "periode", "soort", "aan", "netto", "bijstand", "vakantietoeslag")


async def betalingen(
    runtime: Runtime, principal: Principal, betaalrun_id: UUID, *, cursor: str | None, limit: int
) -> Page[BetalingUit]:
    """The run's netto payment ledger, one line per payment and receiver."""
    na_op, na = after(cursor)
    na_id, na_soort, na_aan = [*na.split("|"), "", ""][:3]

    async def read(uow: UnitOfWork) -> Page[BetalingUit]:
        await uow.load(domain.BETAALRUNS, betaalrun_id)
        rows = await _BETALINGEN.fetch(
            uow.conn,
            run=betaalrun_id,
            na_periode=na_op.date(),
            na_id=na_id,
            na_soort=na_soort,
            na_aan=na_aan,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[2], f"{r[0]}|{r[3]}|{r[4]}"))
        items = [BetalingUit.model_validate(dict(zip(_BETALING_VELDEN, r, strict=True))) for r in rows]
        return Page[BetalingUit](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


async def betaalbestand(runtime: Runtime, principal: Principal, betaalrun_id: UUID) -> bytes:
    """The pain.001 credit-transfer file of a finished run, from the ledger and the encrypted accounts."""
    from .betaalrun import betalingen_voor_bestand

    async def read(uow: UnitOfWork) -> bytes:
        run = (await uow.load(domain.BETAALRUNS, betaalrun_id)).state
        if run.afgerond is None:
            raise domain.BetaalrunNietAfgerond("de betaalrun is nog niet afgerond; start haar opnieuw om af te ronden")
        inhoud = await betalingen_voor_bestand(uow.conn, betaalrun_id)
        uow.verwerk(BETAALBESTAND, inhoud.klanten)
        if inhoud.zonder_rekening:
            raise domain.RekeningOntbreekt(
                f"{len(inhoud.zonder_rekening)} uitkering(en) zonder (leesbare) rekening, "
                f"o.a. {inhoud.zonder_rekening[0]}"
            )
        if not inhoud.betalingen:
            raise domain.RekeningOntbreekt("deze betaalrun heeft geen overboekingen")
        rekening = runtime.settings.betaalrekening(run.gestart.gemeente)  # type: ignore[attr-defined]
        return sepa.pain001(
            opdrachtgever=rekening.naam,
            iban=rekening.iban,
            bic=rekening.bic,
            uitvoerdatum=max(run.gestart.periode, uow.now.date()),
            betalingen=inhoud.betalingen,
        )

    return await query(runtime, principal, read)


_LOONHEFFING = Sql(
    "SELECT klant_id, periode, soort, sum(netto), sum(COALESCE(vakantietoeslag, 0)) FROM uitkering_betalingen "
    "WHERE betaalrun_id = :run GROUP BY klant_id, periode, soort ORDER BY klant_id, periode, soort"
)


async def loonheffing_export(runtime: Runtime, principal: Principal, betaalrun_id: UUID, bsn_van: Any) -> str:
    """One line per klant and month for the payroll system: netto amounts and the BSN, no tax computed here."""

    async def read(uow: UnitOfWork) -> list[Any]:
        await uow.load(domain.BETAALRUNS, betaalrun_id)
        rows = await _LOONHEFFING.fetch(uow.conn, run=betaalrun_id)
        uow.verwerk(LOONHEFFING, sorted({r[0] for r in rows}))
        return list(rows)

    rows = await query(runtime, principal, read)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(
        ["klant_id", "bsn", "periode", "soort", "netto", "vakantietoeslag_gereserveerd", "bruto", "toelichting"]
    )
    for klant_id, periode, soort, netto, vt in rows:
        bsn = await bsn_van(klant_id)
        writer.writerow(
            [
                klant_id,
                bsn,
                periode.isoformat(),
                soort,
                f"{Decimal(netto):.2f}",
                f"{Decimal(vt):.2f}",
                "",
                "netto; brutering (loonheffing, premies volksverzekeringen) door de loonadministratie (art. 19 lid 4)",
            ]
        )
    return out.getvalue()


def _mutatie(event: EventData) -> MutatieUit:
    if isinstance(event, AflossingOntvangen):
        omschrijving = f"verrekend in de betaalrun over {event.periode:%m-%Y}" if event.periode else "betaald"
        return MutatieUit(
            datum=event.datum, soort=f"aflossing ({event.wijze})", bedrag=-event.bedrag, omschrijving=omschrijving
        )
    if isinstance(event, VorderingGecorrigeerd):
        return MutatieUit(
            datum=event.gecorrigeerd_op.date(), soort=event.soort, bedrag=event.bedrag, omschrijving=event.reden
        )
    assert isinstance(event, VanVorderingAfgezien)
    return MutatieUit(
        datum=event.afgezien_op.date(),
        soort="afgezien",
        bedrag=-event.bedrag,
        omschrijving=f"{event.reden} ({event.artikel})",
    )


def vordering_body(state: vordering.Vordering, op: date | None) -> dict[str, Any]:
    """A vordering with its ledger; the saldo is a fold up to `op` (or everything)."""
    o = state.opgelegd
    return VorderingResponse(
        vordering_id=o.vordering_id,
        uitkering_id=o.uitkering_id,
        klant_id=o.klant_id,
        gemeente=o.gemeente,
        soort=o.soort,
        grond=o.grond,
        debiteuren=o.debiteuren,
        bedrag=o.bedrag,
        deelvorderingen=[DeelvorderingUit.model_validate(d.model_dump()) for d in o.deelvorderingen],
        berekening=o.berekening,
        aflossing_per_maand=state.per_maand(),
        mutaties=[_mutatie(m) for m in state.mutaties],
        saldo=state.saldo(op),
        saldo_op=op,
        opgelegd_op=o.opgelegd_op,
    ).model_dump(mode="json")


async def lees_vordering(runtime: Runtime, principal: Principal, vordering_id: UUID, op: date | None) -> dict[str, Any]:
    """A vordering in the caller's gemeenten, with its saldo on `op`."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        loaded = await uow.load(vordering.VORDERINGEN, vordering_id)
        uow.verwerk(BEREKENING_RAADPLEGEN, [loaded.state.opgelegd.klant_id])
        return vordering_body(loaded.state, op)

    return await query(runtime, principal, read)


def verordening_body(gemeente: str, dag: date) -> dict[str, Any]:
    """The parameter set that applies to the gemeente on `dag` (public: it is the gemeente's own regulation)."""
    v = verordening(gemeente, dag)
    return VerordeningResponse(
        gemeente=gemeente,
        eigen=v.gemeente == gemeente,
        geldig_vanaf=v.geldig_vanaf,
        bron=v.bron,
        eerste_maanden=v.eerste_maanden,
        overige={k.value: f"{p * 100:.0f}% gedurende {m} maand(en)" for k, (p, m) in v.overige.items()},
        zienswijze_dagen=v.zienswijze_dagen,
        boeteladder=v.ladder,
        waarschuwing_tot=v.waarschuwing_tot,
        heronderzoek_maanden=v.heronderzoek_maanden,
    ).model_dump(mode="json")


_TERMIJNEN = Sql(
    "SELECT uitkering_id, klant_id, gemeente, soort, datum, toelichting, ref FROM uitkering_termijnen "
    "WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND (CAST(:soort AS text) IS NULL OR soort = :soort) "
    "AND (CAST(:tot AS date) IS NULL OR datum <= :tot) "
    "AND (datum, uitkering_id::text || soort || ref) > (CAST(:na_op AS date), :na_id) "
    "ORDER BY datum, uitkering_id::text || soort || ref LIMIT :limit"
)


async def termijnen(
    runtime: Runtime,
    principal: Principal,
    *,
    soort: str | None,
    tot: date | None,
    gemeenten: list[str] | None,
    cursor: str | None,
    limit: int,
) -> Page[TermijnUit]:
    """The dates due in the caller's gemeenten, soonest first."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[TermijnUit]:
        rows = await _TERMIJNEN.fetch(
            uow.conn,
            gemeenten=principal.scope(gemeenten),
            soort=soort,
            tot=tot,
            na_op=na_op.date(),
            na_id=na_id,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[4], f"{r[0]}{r[3]}{r[6]}"))
        velden = ("uitkering_id", "klant_id", "gemeente", "soort", "datum", "toelichting")
        items = [TermijnUit.model_validate(dict(zip(velden, r[:6], strict=True))) for r in rows]
        return Page[TermijnUit](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)
