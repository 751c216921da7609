"""Uitkering's reads: every one runs through the scoped query path and sees only the caller's gemeenten."""

from __future__ import annotations

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
from libs.events.csvbestand import csv_tekst
from libs.events.db import Sql
from libs.events.inzage import VerwerkingInzage, inzage
from libs.events.pagination import Page, after, paginate
from libs.events.registry import EventData
from libs.events.runtime import Runtime
from libs.gebieden import kerncijfers

from . import beschikking, sepa
from .aanvraag.domain import NogGeenBesluit, RekeningOntbreekt
from .aanvraag.recht import bereken_maand
from .berekening import centen, laatste_dag, maanden
from .betaling import grootboek
from .betaling.betaalrun import betalingen_voor_bestand
from .betaling.domain import BETAALRUNS, BetaalrunNietAfgerond, rekeningen
from .schemas import (
    BerekeningUit,
    BetaalrunResponse,
    BetalingUit,
    DeelvorderingUit,
    HerberekeningUit,
    MaandrekeningUit,
    MaandResponse,
    MaandverlagingUit,
    MaatregelUit,
    MutatieUit,
    OntheffingUit,
    TermijnUit,
    UitkeringResponse,
    VerordeningResponse,
    VorderingRegel,
    VorderingResponse,
)
from .stand import UITKERINGEN, Maatregel, Uitkering, UitkeringNietGevonden
from .verordening import verordening
from .vordering import domain as vordering

# Logboek Dataverwerkingen activities (libs/events/verwerkingsactiviteiten.csv).
BEREKENING_RAADPLEGEN = "uitkering-berekening-raadplegen"
BETAALBESTAND = "uitkering-betaalbestand-maken"
LOONHEFFING = "uitkering-loonheffing-export"
UITKERING_RAADPLEGEN = "uitkering-raadplegen"
INZAGE = "inzage-verwerkingen"


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
        versie=state.versie,
    ).model_dump(mode="json")


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


# What vorderingen claim back per month of one uitkering.
AL_GEVORDERD = Sql(
    "SELECT periode, sum(bedrag) FROM vordering_deelvorderingen WHERE uitkering_id = :uitkering "
    "AND periode IS NOT NULL GROUP BY periode"
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


_RUN = Sql(
    "SELECT betaalrun_id, gemeente, periode, gestart_op, afgerond_op, betalingen, totaal FROM betaalruns "
    "WHERE betaalrun_id = :id"
)


_WEIGERINGEN = Sql(
    "SELECT uitkering_id, reden, geweigerd_op FROM betaalrun_weigeringen WHERE betaalrun_id = :id ORDER BY uitkering_id"
)


async def betaalrun_body(uow: UnitOfWork, betaalrun_id: UUID) -> dict[str, Any]:
    """A betaalrun in the caller's gemeenten, with its ledger totals."""
    await uow.load(BETAALRUNS, betaalrun_id)
    row = await _RUN.fetchrow(uow.conn, id=betaalrun_id)
    assert row is not None
    velden = ("betaalrun_id", "gemeente", "periode", "gestart_op", "afgerond_op", "betalingen", "totaal")
    geweigerd = [
        {"uitkering_id": r[0], "reden": r[1], "geweigerd_op": r[2]}
        for r in await _WEIGERINGEN.fetch(uow.conn, id=betaalrun_id)
    ]
    body = {**dict(zip(velden, row, strict=True)), "geweigerd": geweigerd}
    return BetaalrunResponse.model_validate(body).model_dump(mode="json")


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
        await uow.load(BETAALRUNS, betaalrun_id)
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

    async def read(uow: UnitOfWork) -> bytes:
        run = (await uow.load(BETAALRUNS, betaalrun_id)).state
        if run.afgerond is None:
            raise BetaalrunNietAfgerond("de betaalrun is nog niet afgerond; start haar opnieuw om af te ronden")
        inhoud = await betalingen_voor_bestand(uow.conn, betaalrun_id)
        uow.verwerk(BETAALBESTAND, inhoud.klanten)
        if inhoud.zonder_rekening:
            raise RekeningOntbreekt(
                f"{len(inhoud.zonder_rekening)} uitkering(en) zonder (leesbare) rekening, "
                f"o.a. {inhoud.zonder_rekening[0]}"
            )
        if not inhoud.betalingen:
            raise RekeningOntbreekt("deze betaalrun heeft geen overboekingen")
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
        await uow.load(BETAALRUNS, betaalrun_id)
        rows = await _LOONHEFFING.fetch(uow.conn, run=betaalrun_id)
        uow.verwerk(LOONHEFFING, sorted({r[0] for r in rows}))
        return list(rows)

    rows = await query(runtime, principal, read)
    bsns = await bsn_van(sorted({r[0] for r in rows}))
    # A klant whose data is gone (or intake cannot give) keeps its line, without BSN, for the loonadministratie.
    zonder = "persoonsgegevens niet beschikbaar (gewist): handmatig afhandelen"
    toelichting = "netto; brutering (loonheffing, premies volksverzekeringen) door de loonadministratie (art. 19 lid 4)"
    return csv_tekst(
        ["klant_id", "bsn", "periode", "soort", "netto", "vakantietoeslag_gereserveerd", "bruto", "toelichting"],
        (
            [
                klant_id,
                bsns.get(klant_id, ""),
                periode.isoformat(),
                soort,
                f"{Decimal(netto):.2f}",
                f"{Decimal(vt):.2f}",
                "",
                toelichting if klant_id in bsns else zonder,
            ]
            for klant_id, periode, soort, netto, vt in rows
        ),
    )


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


_VORDERINGEN_VAN = Sql(
    "SELECT vordering_id, soort, grond, bedrag, saldo, per_maand, opgelegd_op FROM vorderingen_overzicht "
    "WHERE uitkering_id = :uitkering ORDER BY opgelegd_op, vordering_id"
)


async def vorderingen_van(runtime: Runtime, principal: Principal, uitkering_id: UUID) -> list[VorderingRegel]:
    """The vorderingen of an uitkering in the caller's gemeenten, oldest first, with their saldo."""

    async def read(uow: UnitOfWork) -> list[VorderingRegel]:
        loaded = await uow.load(UITKERINGEN, uitkering_id)
        uow.verwerk(BEREKENING_RAADPLEGEN, [loaded.state.aanvraag.klant_id])
        velden = ("vordering_id", "soort", "grond", "bedrag", "saldo", "aflossing_per_maand", "opgelegd_op")
        rows = await _VORDERINGEN_VAN.fetch(uow.conn, uitkering=uitkering_id)
        return [VorderingRegel.model_validate(dict(zip(velden, r, strict=True))) for r in rows]

    return await query(runtime, principal, read)


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


# --- figures and budgets per gemeente (from the read models, so a rebuild gives the same) ------------------

_BESTAND = Sql(
    "SELECT count(*) FILTER (WHERE ingangsdatum <= :eind AND (laatste_dag IS NULL OR laatste_dag >= :eind)), "
    "count(*) FILTER (WHERE ingangsdatum BETWEEN :begin AND :eind), "
    "count(*) FILTER (WHERE laatste_dag BETWEEN :begin AND :eind), "
    "count(*) FILTER (WHERE laatste_dag BETWEEN :begin AND :eind AND reden_einde = 'werk'), "
    "count(*) FILTER (WHERE ingangsdatum <= :eind AND (laatste_dag IS NULL OR laatste_dag >= :eind) "
    "AND ingangsdatum > CAST(:eind AS date) - interval '1 year'), "
    "count(*) FILTER (WHERE ingangsdatum <= :eind AND (laatste_dag IS NULL OR laatste_dag >= :eind) "
    "AND ingangsdatum <= CAST(:eind AS date) - interval '1 year' "
    "AND ingangsdatum > CAST(:eind AS date) - interval '3 years'), "
    "count(*) FILTER (WHERE ingangsdatum <= :eind AND (laatste_dag IS NULL OR laatste_dag >= :eind) "
    "AND ingangsdatum <= CAST(:eind AS date) - interval '3 years' "
    "AND ingangsdatum > CAST(:eind AS date) - interval '5 years'), "
    "count(*) FILTER (WHERE ingangsdatum <= :eind AND (laatste_dag IS NULL OR laatste_dag >= :eind) "
    "AND ingangsdatum <= CAST(:eind AS date) - interval '5 years'), "
    "count(*) FILTER (WHERE CAST(besloten_op AS date) BETWEEN :begin AND :eind), "
    "avg(CAST(besloten_op AS date) - meldingsdatum) FILTER (WHERE CAST(besloten_op AS date) BETWEEN :begin AND :eind), "
    "count(*) FILTER (WHERE CAST(besloten_op AS date) BETWEEN :begin AND :eind "
    "AND CAST(besloten_op AS date) <= beslistermijn) "
    "FROM uitkering_overzicht WHERE gemeente = :gemeente AND status <> 'aangevraagd'"
)
_HANDHAVING = Sql(
    "SELECT (SELECT count(*) FROM maatregelen_overzicht WHERE gemeente = :gemeente AND status = 'opgelegd' "
    "AND CAST(besloten_op AS date) BETWEEN :begin AND :eind), "
    "(SELECT count(*) FROM vorderingen_overzicht WHERE gemeente = :gemeente AND soort = 'boete' "
    "AND CAST(opgelegd_op AS date) BETWEEN :begin AND :eind), "
    "(SELECT count(*) FROM uitkering_ontheffingen WHERE gemeente = :gemeente AND van <= :eind AND tot >= :eind "
    "AND (beeindigd_per IS NULL OR beeindigd_per > :eind))"
)
# LKS running at month end for klanten living in the gemeente (their current woongemeente).
_LKS = Sql(
    "SELECT count(DISTINCT i.plaatsing_id), avg(i.loonwaarde_procent) FROM uitkering_instrumenten i "
    "JOIN uitkering_klanten k ON k.klant_id = i.klant_id WHERE k.gemeente = :gemeente AND i.soort = 'lks' "
    "AND i.loonwaarde_procent IS NOT NULL AND i.van <= :eind AND (i.tot IS NULL OR i.tot >= :eind)"
)
CIJFERS_KOLOMMEN = (
    "gemeente",
    "periode",
    "bestand",
    "instroom",
    "uitstroom",
    "uitstroom_naar_werk",
    "duur_korter_dan_1_jaar",
    "duur_1_tot_3_jaar",
    "duur_3_tot_5_jaar",
    "duur_5_jaar_of_langer",
    "besluiten",
    "doorlooptijd_gemiddeld_dagen",
    "besluiten_binnen_8_weken",
    "maatregelen",
    "maatregelen_per_1000",
    "boetes",
    "boetes_per_1000",
    "ontheffingen",
    "lks_lopend",
    "lks_loonwaarde_gemiddeld",
    "bijstandsdichtheid_per_1000",
    "cbs_dichtheid_2021_per_1000",
)


def _per_1000(teller: int, noemer: int) -> Decimal | None:
    return None if noemer == 0 else (Decimal(teller) * 1000 / noemer).quantize(Decimal("0.01"))


async def cijfers_maand(conn: Any, gemeente: str, periode: date) -> dict[str, Any]:
    """The figures of one gemeente for one month (column names are stable: `CIJFERS_KOLOMMEN`)."""

    eind = laatste_dag(periode)
    b = await _BESTAND.fetchrow(conn, gemeente=gemeente, begin=periode, eind=eind)
    h = await _HANDHAVING.fetchrow(conn, gemeente=gemeente, begin=periode, eind=eind)
    lks = await _LKS.fetchrow(conn, gemeente=gemeente, eind=eind)
    assert b is not None and h is not None and lks is not None
    bestand = int(b[0])
    cbs = kerncijfers().get(gemeente)
    return {
        "gemeente": gemeente,
        "periode": f"{periode:%Y-%m}",
        "bestand": bestand,
        "instroom": int(b[1]),
        "uitstroom": int(b[2]),
        "uitstroom_naar_werk": int(b[3]),
        "duur_korter_dan_1_jaar": int(b[4]),
        "duur_1_tot_3_jaar": int(b[5]),
        "duur_3_tot_5_jaar": int(b[6]),
        "duur_5_jaar_of_langer": int(b[7]),
        "besluiten": int(b[8]),
        "doorlooptijd_gemiddeld_dagen": None if b[9] is None else Decimal(b[9]).quantize(Decimal("0.1")),
        "besluiten_binnen_8_weken": int(b[10]),
        "maatregelen": int(h[0]),
        "maatregelen_per_1000": _per_1000(int(h[0]), bestand),
        "boetes": int(h[1]),
        "boetes_per_1000": _per_1000(int(h[1]), bestand),
        "ontheffingen": int(h[2]),
        "lks_lopend": int(lks[0]),
        "lks_loonwaarde_gemiddeld": None if lks[1] is None else Decimal(lks[1]).quantize(Decimal("0.1")),
        "bijstandsdichtheid_per_1000": _per_1000(bestand, cbs.inwoners_15_tot_65_schatting) if cbs else None,
        "cbs_dichtheid_2021_per_1000": _per_1000(cbs.bijstand_personen, cbs.inwoners_15_tot_65_2021)
        if cbs and cbs.bijstand_personen and cbs.inwoners_15_tot_65_2021
        else None,
    }


async def cijfers(runtime: Runtime, principal: Principal, gemeente: str, van: date, tot: date) -> list[dict[str, Any]]:
    """The figures per month of a gemeente in the caller's scope (aggregates: no personal data)."""

    async def read(uow: UnitOfWork) -> list[dict[str, Any]]:
        uow.see({gemeente}, UitkeringNietGevonden(f"geen cijfers voor {gemeente}"))
        return [await cijfers_maand(uow.conn, gemeente, m) for m in maanden(van, tot)]

    return await query(runtime, principal, read)


def cijfers_csv(rijen: list[dict[str, Any]]) -> str:
    """The figures as CSV with the stable column names."""
    kolommen = list(CIJFERS_KOLOMMEN)
    return csv_tekst(kolommen, ([rij.get(k) for k in kolommen] for rij in rijen))


# A month's bijstand is what was transferred plus what verrekening kept of it for a vordering; what verrekening
# and payments brought back is its own (negative) line, so the total is what left the gemeente's account.
_BUIG = Sql(
    "SELECT b.periode, b.soort, sum(b.netto) + CASE WHEN b.soort = 'maand' THEN COALESCE((SELECT sum(a.bedrag) "
    "FROM vordering_aflossingen a WHERE a.gemeente = :gemeente AND a.wijze = 'verrekening' "
    "AND a.periode = b.periode), 0) ELSE 0 END, count(*) FROM uitkering_betalingen b "
    "WHERE b.gemeente = :gemeente AND b.periode BETWEEN :van AND :tot GROUP BY b.periode, b.soort"
)
_VERREKEND = Sql(
    "SELECT date_trunc('month', datum)::date, wijze, sum(bedrag), count(*) FROM vordering_aflossingen "
    "WHERE gemeente = :gemeente AND datum BETWEEN :van AND :tot GROUP BY 1, 2"
)
_INSTRUMENTEN = Sql(
    "SELECT m.maand, i.soort, i.bedrag_per_maand, i.uren, i.plaatsing_id, i.van FROM uitkering_instrumenten i "
    "JOIN uitkering_klanten k ON k.klant_id = i.klant_id "
    "CROSS JOIN generate_series(CAST(:van AS date), CAST(:tot AS date), interval '1 month') AS m(maand) "
    "WHERE k.gemeente = :gemeente AND i.van <= (m.maand + interval '1 month' - interval '1 day') "
    "AND (i.tot IS NULL OR i.tot >= m.maand) ORDER BY m.maand, i.plaatsing_id, i.van"
)
_REGIO_BUIG = Sql(
    "SELECT gemeente, sum(netto) FROM uitkering_betalingen WHERE periode BETWEEN :van AND :tot GROUP BY gemeente"
)


async def budget(runtime: Runtime, principal: Principal, gemeente: str, jaar: int) -> dict[str, Any]:
    """The BUIG and participatie ledgers of a gemeente per month of a year, and its share of the region's BUIG."""
    van, tot = date(jaar, 1, 1), date(jaar, 12, 1)

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        uow.see({gemeente}, UitkeringNietGevonden(f"geen budget voor {gemeente}"))
        regels: list[dict[str, Any]] = []
        for periode, soort, bedrag, aantal in await _BUIG.fetch(uow.conn, gemeente=gemeente, van=van, tot=tot):
            regels.append(_regel("BUIG", periode, soort, Decimal(bedrag), int(aantal), "uitkering_betalingen"))
        for maand, wijze, bedrag, aantal in await _VERREKEND.fetch(
            uow.conn, gemeente=gemeente, van=van, tot=laatste_dag(tot)
        ):
            regels.append(
                _regel(
                    "BUIG", maand, f"terugontvangen ({wijze})", -Decimal(bedrag), int(aantal), "vordering_aflossingen"
                )
            )
        laatste: dict[tuple[date, Any], tuple[str, Any, Any]] = {}
        for maand, soort, bedrag, uren, plaatsing, _ in await _INSTRUMENTEN.fetch(
            uow.conn, gemeente=gemeente, van=van, tot=tot
        ):
            laatste[(maand.date() if hasattr(maand, "date") else maand, plaatsing)] = (soort, bedrag, uren)
        per: dict[tuple[date, str], list[Decimal]] = {}
        tarief = verordening(gemeente, van).jobcoach_uurtarief
        for (maand, _), (soort, bedrag, uren) in laatste.items():
            if soort == "lks" and bedrag is not None:
                per.setdefault((maand, "loonkostensubsidie"), []).append(Decimal(bedrag))
            elif soort == "jobcoach" and uren is not None and tarief is not None:
                per.setdefault((maand, "jobcoach"), []).append(Decimal(uren) / 12 * tarief)
        for (maand, soort), bedragen in sorted(per.items()):
            budgetsoort = "BUIG" if soort == "loonkostensubsidie" else "participatie"
            regels.append(
                _regel(
                    budgetsoort,
                    maand,
                    soort,
                    centen(sum(bedragen, Decimal(0))),
                    len(bedragen),
                    "uitkering_instrumenten",
                )
            )
        regels.sort(key=lambda r: (r["periode"], r["budget"], r["soort"]))
        regio = {g: Decimal(s) for g, s in await _REGIO_BUIG.fetch(uow.conn, van=van, tot=tot)}
        eigen = regio.get(gemeente, Decimal(0))
        totaal_regio = sum(regio.values(), Decimal(0))
        return {
            "gemeente": gemeente,
            "jaar": jaar,
            "regels": regels,
            "totaal_buig": sum((r["bedrag"] for r in regels if r["budget"] == "BUIG"), Decimal(0)),
            "totaal_participatie": sum((r["bedrag"] for r in regels if r["budget"] == "participatie"), Decimal(0)),
            "regio_bijstand_betaald": totaal_regio,
            "aandeel_in_regio": None if totaal_regio == 0 else (eigen / totaal_regio).quantize(Decimal("0.0001")),
            "jobcoach_uurtarief": tarief,
        }

    return await query(runtime, principal, read)


def _regel(budget: str, periode: date, soort: str, bedrag: Decimal, aantal: int, bron: str) -> dict[str, Any]:
    return {"budget": budget, "periode": periode, "soort": soort, "bedrag": bedrag, "aantal": aantal, "bron": bron}
