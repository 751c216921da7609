"""Reads of betaalruns: the run with its totals, its payment ledger, the pain.001 file and the payroll export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.csvbestand import csv_tekst
from libs.events.db import Sql
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime

from .. import sepa
from ..aanvraag.domain import RekeningOntbreekt
from ..activiteiten import BETAALBESTAND, LOONHEFFING
from .betaalrun import betalingen_voor_bestand
from .domain import BETAALRUNS, BetaalrunNietAfgerond
from .schemas import BetaalrunResponse, BetalingUit

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
