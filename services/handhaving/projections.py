"""The audit store: every event of every topic, as it came, with its hash chain checked on arrival.

A topic projection, so `replay rebuild handhaving` refills it from the topics and must arrive at the same
store. Each stream's head (version and hash) is kept; an event whose `prevhash` is not that head, or whose
content does not hash to its `hash`, is stored anyway (never repaired) and recorded as a break with the
first bad link. The policy `KetenbreukMelden` turns each unreported break into an alert event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.handhaving import (
    KetenbreukGemeld,
    OnderzoekAfgerond,
    OnderzoekGeopend,
    OnderzoekLidToegevoegd,
    SignaalBeoordeeld,
    SignaalOntvangen,
    SteekproefGetrokken,
)
from libs.events.contracts.intake import PersoonsgegevensGewist
from libs.events.contracts.uitkering import AanvraagIngediend, BijstandToegekend, UitkeringBeeindigd
from libs.events.db import Sql
from libs.events.envelope import dienst_van, dumps, event_type_of
from libs.events.registry import EventData, Recorded

from .keten import fout_in_schakel

BREUKEN = Counter("audit_ketenbreuken_total", "Hash-chain breaks found by the audit store on ingest", ["topic"])

# One statement per table for a whole batch: the consumer hands events over in batches of thousands.
_EVENTS = Sql(
    "INSERT INTO audit_events (event_id, topic, stream_id, streamversie, streamtype, type, subject, gemeente, actor, "
    "tijd, hash, envelope) SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:topics AS text[]), "
    "CAST(:streams AS text[]), CAST(:versies AS int[]), CAST(:streamtypes AS text[]), CAST(:types AS text[]), "
    "CAST(:subjects AS text[]), CAST(:gemeenten AS text[]), CAST(:actors AS text[]), CAST(:tijden AS timestamptz[]), "
    "CAST(:hashes AS text[]), CAST(:envelopes AS jsonb[])) ON CONFLICT DO NOTHING"
)
_KOPPEN = Sql(
    "SELECT k.topic, k.stream_id, k.streamversie, k.hash FROM audit_koppen k "
    "JOIN unnest(CAST(:topics AS text[]), CAST(:streams AS text[])) AS u(topic, stream_id) "
    "ON k.topic = u.topic AND k.stream_id = u.stream_id"
)
_KOPPEN_ZET = Sql(
    "INSERT INTO audit_koppen (topic, stream_id, streamversie, hash) SELECT * FROM unnest(CAST(:topics AS text[]), "
    "CAST(:streams AS text[]), CAST(:versies AS int[]), CAST(:hashes AS text[])) "
    "ON CONFLICT (topic, stream_id) DO UPDATE SET streamversie = EXCLUDED.streamversie, hash = EXCLUDED.hash"
)
_BREUKEN = Sql(
    "INSERT INTO audit_breuken (topic, stream_id, streamversie, event_id, gemeente, reden) "
    "SELECT * FROM unnest(CAST(:topics AS text[]), CAST(:streams AS text[]), CAST(:versies AS int[]), "
    "CAST(:ids AS uuid[]), CAST(:gemeenten AS text[]), CAST(:redenen AS text[])) "
    "ON CONFLICT (topic, stream_id) DO NOTHING"
)
_GEWIST = Sql("INSERT INTO audit_gewist (klant_id, gewist_op) VALUES (:klant, :op) ON CONFLICT DO NOTHING")
_VERWIJZINGEN = Sql(
    "INSERT INTO audit_verwijzingen (klant_id, stream_id) SELECT * FROM unnest(CAST(:klanten AS text[]), "
    "CAST(:streams AS text[])) ON CONFLICT DO NOTHING"
)
# Ids in a klant's events that name another stream whose events belong in the klant's tijdlijn.
VERWIJZINGEN = ("vacature_id",)


def _topic(source: str) -> str:
    """The producing service's topic from the envelope's source (`/regio/<service>`)."""
    return f"{dienst_van(source)}.events"


class AuditStore:
    """Every event of the platform's topics, append-only, with each stream's chain verified on arrival."""

    name = "auditstore"
    tables = ("audit_events", "audit_koppen", "audit_breuken", "audit_gewist", "audit_verwijzingen")
    # The consumer passes on an event after a gap in its stream: a missing link is reported, not skipped.
    keeps_gaps = True

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Store each event as it came and check its link to its stream's head, a batch at a time."""
        if not events:
            return
        sleutels = {(_topic(r.envelope.source), r.envelope.streamid) for r in events}
        koppen: dict[tuple[str, str], tuple[int, str | None]] = {
            (str(t), str(s)): (int(v), str(h))
            for t, s, v, h in await _KOPPEN.fetch(
                conn, topics=[k[0] for k in sleutels], streams=[k[1] for k in sleutels]
            )
        }
        kolommen: dict[str, list[Any]] = {k: [] for k in _KOLOMMEN}
        breuken: dict[str, list[Any]] = {k: [] for k in ("topics", "streams", "versies", "ids", "gemeenten", "redenen")}
        gebroken: set[tuple[str, str]] = set()
        verwijzingen: set[tuple[str, str]] = set()
        for recorded in events:
            env = recorded.envelope
            sleutel = (_topic(env.source), env.streamid)
            vorige_versie, vorige_hash = koppen.get(sleutel, (0, None))
            inhoud = env.model_dump(mode="json")
            reden = fout_in_schakel(inhoud, vorige_versie, vorige_hash)
            for kolom, waarde in zip(
                _KOLOMMEN,
                (
                    env.id,
                    sleutel[0],
                    env.streamid,
                    env.streamversion,
                    env.streamtype,
                    event_type_of(env.type),
                    env.subject,
                    env.gemeente,
                    env.actor,
                    env.time,
                    env.hash,
                    dumps(inhoud),
                ),
                strict=True,
            ):
                kolommen[kolom].append(waarde)
            koppen[sleutel] = (env.streamversion, env.hash)
            if reden is not None and sleutel not in gebroken:
                gebroken.add(sleutel)  # the first bad link of the stream is the one reported
                BREUKEN.labels(sleutel[0]).inc()
                for kolom, waarde in zip(
                    breuken, (*sleutel, env.streamversion, env.id, env.gemeente, reden), strict=True
                ):
                    breuken[kolom].append(waarde)
            data = inhoud["data"]
            if klant := data.get("klant_id"):
                verwijzingen |= {(str(klant), str(data[v])) for v in VERWIJZINGEN if data.get(v)}
            if isinstance(recorded.data, PersoonsgegevensGewist):
                await _GEWIST.execute(conn, klant=str(recorded.data.klant_id), op=recorded.data.gewist_op)
        await _EVENTS.execute(conn, **kolommen)
        await _KOPPEN_ZET.execute(
            conn,
            topics=[k[0] for k in koppen],
            streams=[k[1] for k in koppen],
            versies=[v[0] for v in koppen.values()],
            hashes=[v[1] for v in koppen.values()],
        )
        if breuken["ids"]:
            await _BREUKEN.execute(conn, **breuken)
        if verwijzingen:
            await _VERWIJZINGEN.execute(
                conn, klanten=[k for k, _ in verwijzingen], streams=[s for _, s in verwijzingen]
            )


_KOLOMMEN = (
    "ids",
    "topics",
    "streams",
    "versies",
    "streamtypes",
    "types",
    "subjects",
    "gemeenten",
    "actors",
    "tijden",
    "hashes",
    "envelopes",
)


_KETENBREUK = Sql(
    "INSERT INTO ketenbreuken (breuk_id, event_id, gemeente, topic, stream_id, streamversie, reden, gemeld_op) "
    "VALUES (:breuk, :event, :gemeente, :topic, :stream, :versie, :reden, :op) ON CONFLICT DO NOTHING"
)


class KetenbreukenProjection:
    """Handhaving's own alerts, for the list and to report each break once."""

    name = "ketenbreuken"
    tables = ("ketenbreuken",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Record each KetenbreukGemeld."""
        for recorded in events:
            e = recorded.data
            if isinstance(e, KetenbreukGemeld):
                await _KETENBREUK.execute(
                    conn,
                    breuk=e.breuk_id,
                    event=e.event_id,
                    gemeente=e.gemeente,
                    topic=e.topic,
                    stream=e.stream_id,
                    versie=e.streamversie,
                    reden=e.reden,
                    op=e.gemeld_op,
                )


_AANVRAAG = Sql(
    "INSERT INTO hh_uitkeringen (uitkering_id, klant_id, gemeente, leefvorm) VALUES (:id, :klant, :gemeente, "
    ":leefvorm) ON CONFLICT DO NOTHING"
)
_TOEGEKEND = Sql(
    "UPDATE hh_uitkeringen SET ingangsdatum = :ingang, toegekend_tijd = :tijd WHERE uitkering_id = :id "
    "AND toegekend_tijd IS NULL"
)
_BEEINDIGD = Sql("UPDATE hh_uitkeringen SET beeindigd_tijd = :tijd WHERE uitkering_id = :id AND beeindigd_tijd IS NULL")


class Uitkeringen:
    """The uitkeringen of the region with when they were granted and ended (registration time, envelope time).

    The population of a steekproef and whether an uitkering runs when a signaal comes in; the leefvorm is the
    one at the aanvraag, a fact that never changes afterwards, so a population can be drawn again.
    """

    name = "uitkeringen"
    tables = ("hh_uitkeringen",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Record aanvraag, toekenning and einde."""
        for recorded in events:
            e = recorded.data
            if isinstance(e, AanvraagIngediend):
                await _AANVRAAG.execute(
                    conn, id=e.uitkering_id, klant=e.klant_id, gemeente=e.gemeente, leefvorm=e.huishouden.leefvorm
                )
            elif isinstance(e, BijstandToegekend):
                await _TOEGEKEND.execute(conn, id=e.uitkering_id, ingang=e.ingangsdatum, tijd=recorded.envelope.time)
            elif isinstance(e, UitkeringBeeindigd):
                await _BEEINDIGD.execute(conn, id=e.uitkering_id, tijd=recorded.envelope.time)


_SIGNAAL = Sql(
    "INSERT INTO signalen (signaal_id, klant_id, gemeente, bron, product, kenmerk, periode_van, periode_tot, bedrag, "
    "omschrijving, ontvangen_op) VALUES (:id, :klant, :gemeente, :bron, :product, :kenmerk, :van, :tot, :bedrag, "
    ":omschrijving, :op) ON CONFLICT DO NOTHING"
)
_TRIAGE = Sql("UPDATE signalen SET triage = :triage, reden = :reden, beoordeeld_op = :op WHERE signaal_id = :id")
_ONDERZOEK = Sql(
    "INSERT INTO onderzoeken (onderzoek_id, klant_id, gemeente, aanleiding, signaal_id, geopend_op) "
    "VALUES (:id, :klant, :gemeente, :aanleiding, :signaal, :op) ON CONFLICT DO NOTHING"
)
_LID = Sql("INSERT INTO onderzoek_leden (onderzoek_id, lid) VALUES (:id, :lid) ON CONFLICT DO NOTHING")
_AFGEROND = Sql("UPDATE onderzoeken SET uitkomst = :uitkomst, afgerond_op = :op WHERE onderzoek_id = :id")
_STEEKPROEF = Sql(
    "INSERT INTO steekproeven (steekproef_id, gemeente, doel, methode, omvang, populatie_omvang, getrokken_op) "
    "VALUES (:id, :gemeente, :doel, :methode, :omvang, :populatie, :op) ON CONFLICT DO NOTHING"
)


class Werklijsten:
    """Handhaving's own lists: signalen with their triage, onderzoeken with their leden, steekproeven."""

    name = "werklijsten"
    tables = ("signalen", "onderzoek_leden", "onderzoeken", "steekproeven")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Keep the lists up to date."""
        for recorded in events:
            e = recorded.data
            if isinstance(e, SignaalOntvangen):
                await _SIGNAAL.execute(
                    conn,
                    id=e.signaal_id,
                    klant=e.klant_id,
                    gemeente=e.gemeente,
                    bron=e.bron,
                    product=e.product,
                    kenmerk=e.kenmerk,
                    van=e.periode_van,
                    tot=e.periode_tot,
                    bedrag=e.bedrag,
                    omschrijving=e.omschrijving,
                    op=e.ontvangen_op,
                )
            elif isinstance(e, SignaalBeoordeeld):
                await _TRIAGE.execute(conn, id=e.signaal_id, triage=e.triage, reden=e.reden, op=e.beoordeeld_op)
            elif isinstance(e, OnderzoekGeopend):
                await _ONDERZOEK.execute(
                    conn,
                    id=e.onderzoek_id,
                    klant=e.klant_id,
                    gemeente=e.gemeente,
                    aanleiding=e.aanleiding,
                    signaal=e.signaal_id,
                    op=e.geopend_op,
                )
                for lid in e.leden:
                    await _LID.execute(conn, id=e.onderzoek_id, lid=lid)
            elif isinstance(e, OnderzoekLidToegevoegd):
                await _LID.execute(conn, id=e.onderzoek_id, lid=e.lid)
            elif isinstance(e, OnderzoekAfgerond):
                await _AFGEROND.execute(conn, id=e.onderzoek_id, uitkomst=e.uitkomst, op=e.afgerond_op)
            elif isinstance(e, SteekproefGetrokken):
                await _STEEKPROEF.execute(
                    conn,
                    id=e.steekproef_id,
                    gemeente=e.gemeente,
                    doel=e.doel,
                    methode=e.methode,
                    omvang=e.omvang,
                    populatie=e.populatie_omvang,
                    op=e.getrokken_op,
                )
