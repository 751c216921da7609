"""Uitkering's read models: the overview and worklist, the netto payment ledger, accounts, runs, and what
intake said about each klant. The own-event ones are applied in the command's transaction; all rebuild."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.intake import (
    AanmeldingOntvangen,
    DiagnoseVastgesteld,
    KlantGeregistreerd,
    KlantVerhuisd,
    KlantVertrokkenUitRegio,
    ZoektermijnGestart,
    ZoektermijnIngekort,
    ZoektermijnNietVanToepassing,
)
from libs.events.contracts.trajecten import PlanVanAanpakVastgesteld
from libs.events.contracts.uitkering import (
    AanvraagAfgewezen,
    AanvraagIngediend,
    BetaalrunAfgerond,
    BetaalrunGestart,
    BetalingGeweigerd,
    BetalingHervat,
    BetalingOpgeschort,
    BetalingVerricht,
    BijstandToegekend,
    HerberekeningVastgesteld,
    NabetalingVerricht,
    Ontvanger,
    PremieUitbetaald,
    RekeningVastgelegd,
    UitkeringBeeindigd,
    VakantietoeslagUitbetaald,
    VoorschotUitbetaald,
    VoorschotVerleend,
)
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

from .betaling.domain import betaalvenster

_AANVRAAG = Sql(
    "INSERT INTO uitkering_overzicht (uitkering_id, klant_id, gemeente, status, meldingsdatum, aanvraagdatum, "
    "beslistermijn, voorschot_uiterlijk, ingediend_op) VALUES (:id, :klant, :gemeente, 'aangevraagd', :melding, "
    ":aanvraag, :termijn, :voorschot, :op) ON CONFLICT DO NOTHING"
)
_BESLUIT = Sql(
    "UPDATE uitkering_overzicht SET status = :status, besloten_op = :op, ingangsdatum = :ingang, "
    "voorschot_open = false WHERE uitkering_id = :id"
)
_VOORSCHOT = Sql(
    "UPDATE uitkering_overzicht SET voorschot_verleend = true, voorschot_open = :open WHERE uitkering_id = :id"
)
_OPGESCHORT = Sql("UPDATE uitkering_overzicht SET opgeschort = :opgeschort WHERE uitkering_id = :id")
_VENSTER = Sql("UPDATE uitkering_overzicht SET betalen = :open, betalen_tot = :tot WHERE uitkering_id = :id")
_EINDE = Sql(
    "UPDATE uitkering_overzicht SET status = 'beeindigd', laatste_dag = :dag, reden_einde = :reden "
    "WHERE uitkering_id = :id"
)
# No ON CONFLICT: a second payment of the same month, kind and receiver fails the transaction loudly.
# One statement for all ledger rows of a batch (a betaalrun chunk writes hundreds at once).
_BETALINGEN = Sql(
    "INSERT INTO uitkering_betalingen (uitkering_id, klant_id, gemeente, betaalrun_id, periode, soort, aan, netto, "
    "bijstand, vakantietoeslag, betaald_op, event_id) SELECT * FROM unnest(CAST(:ids AS uuid[]), "
    "CAST(:klanten AS uuid[]), CAST(:gemeenten AS text[]), CAST(:runs AS uuid[]), CAST(:perioden AS date[]), "
    "CAST(:soorten AS text[]), CAST(:aan AS text[]), CAST(:netto AS numeric[]), CAST(:bijstand AS numeric[]), "
    "CAST(:vt AS numeric[]), CAST(:op AS timestamptz[]), CAST(:events AS uuid[]))"
)
_LEDGER = (
    "ids",
    "klanten",
    "gemeenten",
    "runs",
    "perioden",
    "soorten",
    "aan",
    "netto",
    "bijstand",
    "vt",
    "op",
    "events",
)
_REKENING = Sql(
    "INSERT INTO uitkering_rekeningen (uitkering_id, klant_id, versleuteld, uitbetaling) VALUES (:id, :klant, "
    ":versleuteld, :wijze) ON CONFLICT (uitkering_id) DO UPDATE SET versleuteld = EXCLUDED.versleuteld, "
    "uitbetaling = EXCLUDED.uitbetaling"
)
_HERBEREKENING = Sql(
    "INSERT INTO uitkering_herberekeningen (uitkering_id, klant_id, gemeente, periode, verschil, soort, aanleiding, "
    "vastgesteld_op) VALUES (:id, :klant, :gemeente, :periode, :verschil, :soort, :aanleiding, :op) "
    "ON CONFLICT DO NOTHING"
)
_VOORLOPIG = Sql(
    "INSERT INTO uitkering_voorlopig (uitkering_id, periode) VALUES (:id, :periode) ON CONFLICT DO NOTHING"
)
_VOORLOPIGE = Sql(
    "INSERT INTO uitkering_voorlopig (uitkering_id, periode) SELECT * FROM unnest(CAST(:ids AS uuid[]), "
    "CAST(:perioden AS date[])) ON CONFLICT DO NOTHING"
)
_DEFINITIEF = Sql("DELETE FROM uitkering_voorlopig WHERE uitkering_id = :id AND periode = :periode")
_RUN = Sql(
    "INSERT INTO betaalruns (betaalrun_id, gemeente, periode, gestart_op) VALUES (:id, :gemeente, :periode, :op) "
    "ON CONFLICT DO NOTHING"
)
_WEIGERING = Sql(
    "INSERT INTO betaalrun_weigeringen (betaalrun_id, uitkering_id, reden, geweigerd_op) "
    "VALUES (:run, :uitkering, :reden, :op) ON CONFLICT DO NOTHING"
)
_RUN_AF = Sql("UPDATE betaalruns SET afgerond_op = :op, betalingen = :n, totaal = :totaal WHERE betaalrun_id = :id")


def _betaling(
    ledger: dict[str, list[Any]],
    recorded: Recorded[EventData],
    event: BetalingVerricht | VoorschotUitbetaald | VakantietoeslagUitbetaald | NabetalingVerricht | PremieUitbetaald,
    soort: str,
    ontvangers: Sequence[Ontvanger],
) -> None:
    bijstand = event.berekening.bijstand if isinstance(event, BetalingVerricht) else None
    vt = event.berekening.vakantietoeslag if isinstance(event, BetalingVerricht) else None
    for ontvanger in ontvangers or [Ontvanger(aan="geen", bedrag=Decimal(0))]:
        for key, value in zip(
            _LEDGER,
            (
                event.uitkering_id,
                event.klant_id,
                event.gemeente,
                event.betaalrun_id,
                event.periode,
                soort,
                ontvanger.aan,
                ontvanger.bedrag,
                bijstand,
                vt,
                event.betaald_op,
                recorded.envelope.id,
            ),
            strict=True,
        ):
            ledger[key].append(value)


async def _venster(conn: AsyncConnection, e: Any) -> None:
    """Store which runs visit the uitkering, as the domain says for this event."""
    venster = betaalvenster(e)
    if venster is not None:
        await _VENSTER.execute(conn, open=venster.open, tot=venster.tot, id=e.uitkering_id)


@dataclass
class _Batch:
    """What a batch writes at once: the ledger rows and the voorlopige maanden (one statement each)."""

    ledger: dict[str, list[Any]] = field(default_factory=lambda: {key: [] for key in _LEDGER})
    voorlopig: list[tuple[Any, Any]] = field(default_factory=list)

    async def schrijf(self, conn: AsyncConnection) -> None:
        """Write what the batch collected."""
        if self.ledger["ids"]:
            await _BETALINGEN.execute(conn, **self.ledger)
        if self.voorlopig:
            ids, perioden = [u for u, _ in self.voorlopig], [p for _, p in self.voorlopig]
            await _VOORLOPIGE.execute(conn, ids=ids, perioden=perioden)


_UITKERINGEN: PerEvent[_Batch] = PerEvent()
on = _UITKERINGEN.on


@on(AanvraagIngediend)
async def _aanvraag(conn: AsyncConnection, e: AanvraagIngediend, _: Recorded[EventData], b: _Batch) -> None:
    await _AANVRAAG.execute(
        conn,
        id=e.uitkering_id,
        klant=e.klant_id,
        gemeente=e.gemeente,
        melding=e.meldingsdatum,
        aanvraag=e.aanvraagdatum,
        termijn=e.beslistermijn,
        voorschot=e.voorschot_uiterlijk,
        op=e.ingediend_op,
    )


@on(BijstandToegekend)
async def _toegekend(conn: AsyncConnection, e: BijstandToegekend, _: Recorded[EventData], b: _Batch) -> None:
    await _BESLUIT.execute(conn, status="toegekend", op=e.besloten_op, ingang=e.ingangsdatum, id=e.uitkering_id)
    await _venster(conn, e)


@on(AanvraagAfgewezen)
async def _afgewezen(conn: AsyncConnection, e: AanvraagAfgewezen, _: Recorded[EventData], b: _Batch) -> None:
    await _BESLUIT.execute(conn, status="afgewezen", op=e.besloten_op, ingang=None, id=e.uitkering_id)
    await _venster(conn, e)


@on(VoorschotVerleend)
async def _voorschot(conn: AsyncConnection, e: VoorschotVerleend, _: Recorded[EventData], b: _Batch) -> None:
    await _VOORSCHOT.execute(conn, open=True, id=e.uitkering_id)
    await _venster(conn, e)


@on(VoorschotUitbetaald)
async def _voorschot_betaald(
    conn: AsyncConnection, e: VoorschotUitbetaald, recorded: Recorded[EventData], b: _Batch
) -> None:
    await _VOORSCHOT.execute(conn, open=False, id=e.uitkering_id)
    _betaling(b.ledger, recorded, e, "voorschot", e.ontvangers)
    await _venster(conn, e)


@on(BetalingVerricht)
async def _betaald(conn: AsyncConnection, e: BetalingVerricht, recorded: Recorded[EventData], b: _Batch) -> None:
    _betaling(b.ledger, recorded, e, "maand", e.ontvangers)
    if e.berekening.voorlopig:
        b.voorlopig.append((e.uitkering_id, e.periode))


@on(VakantietoeslagUitbetaald)
async def _vakantietoeslag(
    conn: AsyncConnection, e: VakantietoeslagUitbetaald, recorded: Recorded[EventData], b: _Batch
) -> None:
    _betaling(b.ledger, recorded, e, "vakantietoeslag", e.ontvangers)


@on(NabetalingVerricht)
async def _nabetaald(conn: AsyncConnection, e: NabetalingVerricht, recorded: Recorded[EventData], b: _Batch) -> None:
    _betaling(b.ledger, recorded, e, "nabetaling", e.ontvangers)


@on(PremieUitbetaald)
async def _premie(conn: AsyncConnection, e: PremieUitbetaald, recorded: Recorded[EventData], b: _Batch) -> None:
    _betaling(b.ledger, recorded, e, "premie", e.ontvangers)


@on(RekeningVastgelegd)
async def _rekening(conn: AsyncConnection, e: RekeningVastgelegd, _: Recorded[EventData], b: _Batch) -> None:
    await _REKENING.execute(conn, id=e.uitkering_id, klant=e.klant_id, versleuteld=e.versleuteld, wijze=e.uitbetaling)


@on(HerberekeningVastgesteld)
async def _herberekend(conn: AsyncConnection, e: HerberekeningVastgesteld, _: Recorded[EventData], b: _Batch) -> None:
    b.voorlopig = [v for v in b.voorlopig if v != (e.uitkering_id, e.periode)]  # this one is later
    stand = _VOORLOPIG if e.berekening.voorlopig else _DEFINITIEF
    await stand.execute(conn, id=e.uitkering_id, periode=e.periode)
    await _HERBEREKENING.execute(
        conn,
        id=e.uitkering_id,
        klant=e.klant_id,
        gemeente=e.gemeente,
        periode=e.periode,
        verschil=e.verschil,
        soort=e.soort,
        aanleiding=e.aanleiding,
        op=e.vastgesteld_op,
    )


@on(BetalingOpgeschort, BetalingHervat)
async def _opschorting(
    conn: AsyncConnection, e: BetalingOpgeschort | BetalingHervat, _: Recorded[EventData], b: _Batch
) -> None:
    await _OPGESCHORT.execute(conn, opgeschort=isinstance(e, BetalingOpgeschort), id=e.uitkering_id)


@on(UitkeringBeeindigd)
async def _beeindigd(conn: AsyncConnection, e: UitkeringBeeindigd, _: Recorded[EventData], b: _Batch) -> None:
    await _EINDE.execute(conn, dag=e.laatste_dag, reden=e.reden.value, id=e.uitkering_id)
    await _venster(conn, e)


@on(BetaalrunGestart)
async def _run_gestart(conn: AsyncConnection, e: BetaalrunGestart, _: Recorded[EventData], b: _Batch) -> None:
    await _RUN.execute(conn, id=e.betaalrun_id, gemeente=e.gemeente, periode=e.periode, op=e.gestart_op)


@on(BetalingGeweigerd)
async def _geweigerd(conn: AsyncConnection, e: BetalingGeweigerd, _: Recorded[EventData], b: _Batch) -> None:
    await _WEIGERING.execute(conn, run=e.betaalrun_id, uitkering=e.uitkering_id, reden=e.reden, op=e.geweigerd_op)


@on(BetaalrunAfgerond)
async def _run_afgerond(conn: AsyncConnection, e: BetaalrunAfgerond, _: Recorded[EventData], b: _Batch) -> None:
    await _RUN_AF.execute(conn, op=e.afgerond_op, n=e.betalingen, totaal=e.totaal, id=e.betaalrun_id)


class UitkeringenProjection:
    """Aanvragen and uitkeringen (worklist), the netto payment ledger, accounts, herberekeningen and runs."""

    name = "uitkeringen"
    tables = (
        "uitkering_overzicht",
        "uitkering_betalingen",
        "uitkering_rekeningen",
        "uitkering_herberekeningen",
        "betaalruns",
        "betaalrun_weigeringen",
        "uitkering_voorlopig",
    )

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler each; the ledger rows of the batch go in with one statement."""
        batch = _Batch()
        await _UITKERINGEN.apply(conn, events, batch)
        await batch.schrijf(conn)


_KLANT = Sql(
    "INSERT INTO uitkering_klanten (klant_id, gemeente) VALUES (:klant, :gemeente) "
    "ON CONFLICT (klant_id) DO UPDATE SET gemeente = EXCLUDED.gemeente"
)
_KLANT_ALS_NIEUW = Sql(
    "INSERT INTO uitkering_klanten (klant_id, gemeente) VALUES (:klant, :gemeente) ON CONFLICT DO NOTHING"
)
_HULPVRAAG = Sql("UPDATE uitkering_klanten SET hulpvraag = :hulpvraag WHERE klant_id = :klant")
_ZOEKTERMIJN = Sql("UPDATE uitkering_klanten SET zoektermijn_einde = :einde WHERE klant_id = :klant")
_UITZONDERING = Sql("UPDATE uitkering_klanten SET zoektermijn_uitzondering = :reden WHERE klant_id = :klant")
_DIAGNOSE = Sql("UPDATE uitkering_klanten SET uitkering_nodig = :nodig WHERE klant_id = :klant")


_KLANTEN: PerEvent[None] = PerEvent()


@_KLANTEN.on(KlantGeregistreerd)
async def _geregistreerd(conn: AsyncConnection, e: KlantGeregistreerd, r: Recorded[EventData], b: None) -> None:
    await _KLANT.execute(conn, klant=e.klant_id, gemeente=e.gemeente)


@_KLANTEN.on(KlantVerhuisd, KlantVertrokkenUitRegio)
async def _verhuisd(
    conn: AsyncConnection, e: KlantVerhuisd | KlantVertrokkenUitRegio, r: Recorded[EventData], b: None
) -> None:
    await _KLANT.execute(conn, klant=e.klant_id, gemeente=e.naar_gemeente)


@_KLANTEN.on(AanmeldingOntvangen)
async def _aangemeld(conn: AsyncConnection, e: AanmeldingOntvangen, r: Recorded[EventData], b: None) -> None:
    await _KLANT_ALS_NIEUW.execute(conn, klant=e.klant_id, gemeente=e.gemeente)
    await _HULPVRAAG.execute(conn, hulpvraag=e.hulpvraag.value, klant=e.klant_id)


@_KLANTEN.on(ZoektermijnGestart, ZoektermijnIngekort)
async def _zoektermijn(
    conn: AsyncConnection, e: ZoektermijnGestart | ZoektermijnIngekort, r: Recorded[EventData], b: None
) -> None:
    await _KLANT_ALS_NIEUW.execute(conn, klant=e.klant_id, gemeente=e.gemeente)
    await _ZOEKTERMIJN.execute(conn, einde=e.einddatum, klant=e.klant_id)


@_KLANTEN.on(ZoektermijnNietVanToepassing)
async def _geen_zoektermijn(
    conn: AsyncConnection, e: ZoektermijnNietVanToepassing, r: Recorded[EventData], b: None
) -> None:
    await _KLANT_ALS_NIEUW.execute(conn, klant=e.klant_id, gemeente=e.gemeente)
    await _UITZONDERING.execute(conn, reden=e.reden.value, klant=e.klant_id)


@_KLANTEN.on(DiagnoseVastgesteld)
async def _diagnose(conn: AsyncConnection, e: DiagnoseVastgesteld, r: Recorded[EventData], b: None) -> None:
    await _KLANT_ALS_NIEUW.execute(conn, klant=e.klant_id, gemeente=e.gemeente)
    await _DIAGNOSE.execute(conn, nodig=e.uitkering_nodig, klant=e.klant_id)


class KlantenProjection:
    """From intake: each klant's woongemeente (and moves), hulpvraag, zoektermijn and whether an uitkering is needed."""

    name = "klanten"
    tables = ("uitkering_klanten",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply intake's events in order, one handler per event type."""
        await _KLANTEN.apply(conn, events, None)


_PLAN = Sql(
    "INSERT INTO uitkering_plannen (klant_id, plan_id, versie, besproken_op) VALUES (:klant, :plan, :versie, :op) "
    "ON CONFLICT (klant_id) DO UPDATE SET plan_id = EXCLUDED.plan_id, versie = EXCLUDED.versie, "
    "besproken_op = EXCLUDED.besproken_op WHERE uitkering_plannen.versie < EXCLUDED.versie"
)
_PLANNEN: PerEvent[None] = PerEvent()


@_PLANNEN.on(PlanVanAanpakVastgesteld)
async def _plan(conn: AsyncConnection, e: PlanVanAanpakVastgesteld, r: Recorded[EventData], b: None) -> None:
    await _PLAN.execute(conn, klant=e.klant_id, plan=e.plan_id, versie=e.versie, op=e.besproken_op)


class PlannenProjection:
    """From trajecten: each klant's plan van aanpak version in force, which a toekenning refers to (art. 44 lid 4)."""

    name = "plannen"
    tables = ("uitkering_plannen",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Keep the newest version per klant."""
        await _PLANNEN.apply(conn, events, None)
