"""The monthly betaalrun of one gemeente: pay every uitkering once per month, survive any crash, write pain.001.

The run has a fixed id per (gemeente, periode), so a rerun continues the same run. Uitkeringen are
handled in chunks, each chunk one transaction through the command path: the payment events, the
ledger rows (inline projection) and the outbox commit together or not at all. The domain never pays
a month twice (`domain.betaal` skips months the stream has paid), so after a crash at any point the
rerun pays exactly what is missing. `python -m services.uitkering.betaalrun --gemeente GM0014
--periode 2026-12` runs it without the API (for a large caseload, or from a scheduler).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events import shredding
from libs.events.auth import Principal
from libs.events.commands import Answer, UnitOfWork, execute
from libs.events.contracts.uitkering import BetalingVerricht, VakantietoeslagUitbetaald
from libs.events.db import Sql
from libs.events.errors import DomainError
from libs.events.observability import bind_correlation_id, get_logger, new_correlation_id
from libs.events.registry import EventData
from libs.events.stamps import vandaag_in_nederland

from .. import sepa, settings
from ..aanvraag import queries as aanvraag_queries
from ..stand import UITKERINGEN
from ..vordering import domain as vordering
from . import domain

log = get_logger(__name__)
# This module is imported, never run as __main__ (`betaalrun.py` is the command line): registered once per process.
BETALING_GEWEIGERD = Counter(
    "betaalrun_geweigerd_total", "Uitkeringen a betaalrun did not pay (and reported by name)", ["gemeente"]
)

_TOTAAL = Sql("SELECT count(*), COALESCE(sum(netto), 0) FROM uitkering_betalingen WHERE betaalrun_id = :run")
# A finished run is closed: it pays nothing more, whoever starts it again (a later toekenning is paid by the next).
_AFGEROND = Sql("SELECT 1 FROM betaalruns WHERE betaalrun_id = :run AND afgerond_op IS NOT NULL")
_REGELS = Sql(
    "SELECT b.uitkering_id, b.klant_id, b.periode, b.soort, b.aan, b.netto, r.versleuteld, k.sleutel "
    "FROM uitkering_betalingen b LEFT JOIN uitkering_rekeningen r USING (uitkering_id) "
    "LEFT JOIN klant_sleutels k ON k.klant_id = b.klant_id "
    "WHERE b.betaalrun_id = :run AND b.netto > 0 ORDER BY b.uitkering_id, b.periode, b.soort, b.aan"
)
_NULL = UUID(int=0)


def betaalrun_id(gemeente: str, periode: date) -> UUID:
    """The one id of the betaalrun of this gemeente and month: a rerun is the same run."""
    return uuid5(NAMESPACE_URL, f"urn:regio:betaalrun:{gemeente}:{periode.isoformat()}")


@dataclass(frozen=True)
class Uitkomst:
    """What a (re)run did: the run, how many uitkeringen it paid this time, and the ledger total."""

    betaalrun_id: UUID
    nieuw_betaald: int
    betalingen: int
    totaal: Decimal


async def voer_uit(runtime: Any, principal: Principal, gemeente: str, periode: date, *, chunk: int = 500) -> Uitkomst:
    """Start or continue the betaalrun of `gemeente` for `periode` and finish it, in this process."""
    run_id = await begin(runtime, principal, gemeente, periode)
    nieuw = await betaal_deel(runtime, principal, gemeente, periode, chunk=chunk)
    return await rond_af(runtime, principal, run_id, nieuw)


async def begin(runtime: Any, principal: Principal, gemeente: str, periode: date) -> UUID:
    """Start the run of this gemeente and month, or find it again (a rerun continues the same run)."""
    run_id = betaalrun_id(gemeente, periode)

    async def start(uow: UnitOfWork) -> Answer:
        bestaand = await uow.find(domain.BETAALRUNS, run_id)
        if bestaand is None:
            vandaag = vandaag_in_nederland(uow.now)
            eerste = settings.van(runtime).eerste_betaaldag(periode)
            events = domain.start_betaalrun(run_id, gemeente, periode, uow.now, vandaag, eerste)
            await uow.start(domain.BETAALRUNS, run_id, events, gemeente=gemeente)
        else:
            uow.see(bestaand.gemeenten, domain.BetaalrunNietGevonden())
        return Answer({})

    await execute(runtime, principal, start)
    return run_id


async def betaal_deel(
    runtime: Any,
    principal: Principal,
    gemeente: str,
    periode: date,
    *,
    chunk: int = 500,
    deel: tuple[int, int] = (0, 1),
) -> int:
    """Pay the uitkeringen of part `deel[0]` of `deel[1]` (by a hash of the id); return how many got payments.

    Parts are disjoint, so processes can each take one; the domain's once-per-month rule holds regardless. A run
    that is afgerond pays nothing: each chunk checks that in its own transaction.
    """
    run_id = betaalrun_id(gemeente, periode)
    na = _NULL
    nieuw = 0
    while True:
        bind_correlation_id(new_correlation_id())

        async def stap(uow: UnitOfWork, na: UUID = na) -> Answer:
            uow.act_for(gemeente)
            if await _AFGEROND.fetchrow(uow.conn, run=run_id) is not None:
                return Answer({"laatste": None, "aantal": 0, "betaald": 0})
            rows = await aanvraag_queries.TE_BETALEN.fetch(
                uow.conn, gemeente=gemeente, na=na, periode=periode, limit=chunk, deel=deel[0], delen=deel[1]
            )
            ids = [r[0] for r in rows]
            open_ = await open_vorderingen(uow, ids)
            gevorderd = await gevorderd_per_maand(uow, ids)
            uitkeringen, geweigerd = await uow.load_many(UITKERINGEN, ids)
            betalen = []
            for uitkering in uitkeringen:
                u = uitkering.stream_id
                try:
                    opdracht = domain.Betaal(run_id, periode, uow.now)
                    betalen.append(
                        (uitkering, domain.betaal(uitkering.state, opdracht, open_.get(u, ()), gevorderd.get(u)))
                    )
                except DomainError as fout:
                    geweigerd[uitkering.stream_id] = str(fout)
            await weiger(uow, run_id, gemeente, periode, geweigerd)
            betaald = len(await uow.append_many(betalen))
            await boek_verrekeningen(uow, [e for _, events in betalen for e in events], run_id, open_)
            return Answer({"laatste": str(rows[-1][0]) if rows else None, "aantal": len(rows), "betaald": betaald})

        body = (await execute(runtime, principal, stap)).body
        nieuw += int(body["betaald"])
        if body["aantal"] < chunk:
            return nieuw
        na = UUID(body["laatste"])


async def weiger(uow: UnitOfWork, run_id: UUID, gemeente: str, periode: date, geweigerd: dict[UUID, str]) -> None:
    """Record each uitkering this run does not pay, once per run, and raise the alert."""
    for uitkering_id, reden in geweigerd.items():
        BETALING_GEWEIGERD.labels(gemeente).inc()
        log.error("betaalrun.betaling_geweigerd", betaalrun_id=str(run_id), uitkering_id=str(uitkering_id), reden=reden)
        weigering = domain.weigeringsid(run_id, uitkering_id)
        if await uow.find(domain.BETAALWEIGERINGEN, weigering) is None:
            events = domain.weiger_betaling(run_id, periode, uitkering_id, gemeente, reden, uow.now)
            await uow.start(domain.BETAALWEIGERINGEN, weigering, events, gemeente=gemeente)


async def rond_af(runtime: Any, principal: Principal, run_id: UUID, nieuw: int) -> Uitkomst:
    """Record the run as finished with the ledger's count and total."""

    async def afronden(uow: UnitOfWork) -> Answer:
        run = await uow.load(domain.BETAALRUNS, run_id)
        row = await _TOTAAL.fetchrow(uow.conn, run=run_id)
        assert row is not None
        await uow.append(run, domain.rond_betaalrun_af(run.state, int(row[0]), Decimal(row[1]), uow.now))
        return Answer({"betalingen": int(row[0]), "totaal": str(row[1])})

    totaal = (await execute(runtime, principal, afronden)).body
    log.info("betaalrun.afgerond", betaalrun_id=str(run_id), nieuw=nieuw, **totaal)
    return Uitkomst(run_id, nieuw, totaal["betalingen"], Decimal(totaal["totaal"]))


_OPEN = Sql(
    "SELECT uitkering_id, vordering_id, saldo, per_maand FROM vorderingen_overzicht "
    "WHERE uitkering_id = ANY(CAST(:ids AS uuid[])) AND verrekenbaar AND saldo > 0 ORDER BY opgelegd_op, vordering_id"
)


async def open_vorderingen(uow: UnitOfWork, ids: list[UUID]) -> dict[UUID, list[domain.OpenVordering]]:
    """The vorderingen set off against each uitkering (art. 60 lid 3), oldest first."""
    uit: dict[UUID, list[domain.OpenVordering]] = {}
    for uitkering_id, vordering_id, saldo, per_maand in await _OPEN.fetch(uow.conn, ids=ids):
        uit.setdefault(uitkering_id, []).append(domain.OpenVordering(vordering_id, Decimal(saldo), per_maand))
    return uit


_GEVORDERD = Sql(
    "SELECT uitkering_id, periode, sum(bedrag) FROM vordering_deelvorderingen "
    "WHERE uitkering_id = ANY(CAST(:ids AS uuid[])) AND periode IS NOT NULL GROUP BY uitkering_id, periode"
)


async def gevorderd_per_maand(uow: UnitOfWork, ids: list[UUID]) -> dict[UUID, dict[date, Decimal]]:
    """What vorderingen already claim back per uitkering and month (so nothing is paid or claimed twice)."""
    uit: dict[UUID, dict[date, Decimal]] = {}
    for uitkering_id, maand, bedrag in await _GEVORDERD.fetch(uow.conn, ids=ids):
        uit.setdefault(uitkering_id, {})[maand] = Decimal(bedrag)
    return uit


async def boek_verrekeningen(
    uow: UnitOfWork, events: list[EventData], run_id: UUID, open_: dict[UUID, list[domain.OpenVordering]]
) -> None:
    """Book every verrekening of the chunk's payments on its vordering, in the same transaction.

    The saldo comes from the read model the run read in this transaction; the vordering streams are appended
    on their heads without folding them (one read of the heads, one statement).
    """
    saldo = {v.vordering_id: v.saldo for lijst in open_.values() for v in lijst}
    per_vordering: dict[UUID, tuple[list[EventData], str, UUID]] = {}
    for betaling in events:
        if not isinstance(betaling, BetalingVerricht | VakantietoeslagUitbetaald):
            continue
        for v in betaling.verrekeningen:
            nieuw = vordering.verreken(
                v.vordering_id,
                betaling.klant_id,
                saldo[v.vordering_id],
                v.bedrag,
                datum=uow.now.date(),
                op=uow.now,
                betaalrun_id=run_id,
                periode=betaling.periode,
            )
            saldo[v.vordering_id] -= v.bedrag
            lijst, _, _ = per_vordering.setdefault(v.vordering_id, ([], betaling.gemeente, betaling.klant_id))
            lijst.extend(nieuw)
    await uow.record_many(
        vordering.VORDERING, [(vid, lijst, gemeente, klant) for vid, (lijst, gemeente, klant) in per_vordering.items()]
    )


async def betalingen_voor_bestand(conn: AsyncConnection, run_id: UUID) -> Bestandsinhoud:
    """The run's transfers with decrypted IBANs and names, in one read; who has no (readable) account apart."""
    betalingen: list[sepa.Betaling] = []
    zonder_rekening: set[UUID] = set()
    klanten: set[UUID] = set()
    for uitkering_id, klant_id, maand, soort, aan, netto, versleuteld, sleutel in await _REGELS.fetch(conn, run=run_id):
        klanten.add(klant_id)
        waarde = shredding.ontsleutel(sleutel, klant_id, versleuteld) if versleuteld else shredding.GEWIST
        rekening = waarde.get(aan) if isinstance(waarde, dict) else None
        if rekening is None:
            zonder_rekening.add(uitkering_id)
            continue
        betalingen.append(
            sepa.Betaling(
                naam=rekening["naam"],
                iban=rekening["iban"],
                bedrag=Decimal(netto),
                omschrijving=f"Bijstand {soort} {maand:%m-%Y}",
                kenmerk=f"{klant_id.hex[:12]}-{maand:%Y%m}-{soort[:2]}-{aan[:1]}",
            )
        )
    return Bestandsinhoud(betalingen, sorted(zonder_rekening), sorted(klanten))


@dataclass(frozen=True)
class Bestandsinhoud:
    """What goes into the payment file, who is held back for lack of an account, and whose data was read."""

    betalingen: list[sepa.Betaling]
    zonder_rekening: list[UUID]
    klanten: list[UUID]
