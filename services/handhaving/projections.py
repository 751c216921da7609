"""The audit store: every event of every topic, as it came, with its hash chain checked on arrival.

A topic projection, so `replay rebuild handhaving` refills it from the topics and must arrive at the same
store. Each stream's head (version and hash) is kept; an event whose `prevhash` is not that head, or whose
content does not hash to its `hash`, is stored anyway (never repaired) and recorded as a break with the
first bad link. The policy `KetenbreukMelden` turns each unreported break into an alert event.
"""

from __future__ import annotations

from collections.abc import Sequence

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
from libs.events.envelope import dumps
from libs.events.registry import EventData, Recorded

from .keten import fout_in_schakel

BREUKEN = Counter("audit_ketenbreuken_total", "Hash-chain breaks found by the audit store on ingest", ["topic"])

_EVENT = Sql(
    "INSERT INTO audit_events (event_id, topic, stream_id, streamversie, streamtype, type, subject, gemeente, actor, "
    "tijd, hash, envelope) VALUES (:id, :topic, :stream, :versie, :streamtype, :type, :subject, :gemeente, :actor, "
    ":tijd, :hash, CAST(:envelope AS jsonb)) ON CONFLICT DO NOTHING"
)
_GEWIST = Sql("INSERT INTO audit_gewist (klant_id, gewist_op) VALUES (:klant, :op) ON CONFLICT DO NOTHING")
_VERWIJZING = Sql(
    "INSERT INTO audit_verwijzingen (klant_id, stream_id) VALUES (:klant, :stream) ON CONFLICT DO NOTHING"
)
# Ids in a klant's events that name another stream whose events belong in the klant's tijdlijn.
VERWIJZINGEN = ("vacature_id",)
_KOP = Sql("SELECT streamversie, hash FROM audit_koppen WHERE topic = :topic AND stream_id = :stream")
_KOP_ZET = Sql(
    "INSERT INTO audit_koppen (topic, stream_id, streamversie, hash) VALUES (:topic, :stream, :versie, :hash) "
    "ON CONFLICT (topic, stream_id) DO UPDATE SET streamversie = EXCLUDED.streamversie, hash = EXCLUDED.hash"
)
_BREUK = Sql(
    "INSERT INTO audit_breuken (topic, stream_id, streamversie, event_id, gemeente, reden) "
    "VALUES (:topic, :stream, :versie, :id, :gemeente, :reden) ON CONFLICT (topic, stream_id) DO NOTHING"
)


def _topic(source: str) -> str:
    """The producing service's topic from the envelope's source (`/regio/<service>`)."""
    return f"{source.rsplit('/', 1)[-1]}.events"


class AuditStore:
    """Every event of the platform's topics, append-only, with each stream's chain verified on arrival."""

    name = "auditstore"
    tables = ("audit_events", "audit_koppen", "audit_breuken", "audit_gewist", "audit_verwijzingen")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Store each event as it came and check its link to the stream's head."""
        for recorded in events:
            env = recorded.envelope
            topic = _topic(env.source)
            row = await _KOP.fetchrow(conn, topic=topic, stream=env.streamid)
            vorige_versie, vorige_hash = (0, None) if row is None else (int(row[0]), str(row[1]))
            inhoud = env.model_dump(mode="json")
            reden = fout_in_schakel(inhoud, vorige_versie, vorige_hash)
            await _EVENT.execute(
                conn,
                id=env.id,
                topic=topic,
                stream=env.streamid,
                versie=env.streamversion,
                streamtype=env.streamtype,
                type=env.type,
                subject=env.subject,
                gemeente=env.gemeente,
                actor=env.actor,
                tijd=env.time,
                hash=env.hash,
                envelope=dumps(inhoud),
            )
            await _KOP_ZET.execute(conn, topic=topic, stream=env.streamid, versie=env.streamversion, hash=env.hash)
            data = inhoud["data"]
            klant = data.get("klant_id")
            for veld in VERWIJZINGEN:
                if klant and data.get(veld):
                    await _VERWIJZING.execute(conn, klant=str(klant), stream=str(data[veld]))
            if isinstance(recorded.data, PersoonsgegevensGewist):
                await _GEWIST.execute(conn, klant=str(recorded.data.klant_id), op=recorded.data.gewist_op)
            if reden is not None:
                BREUKEN.labels(topic).inc()
                await _BREUK.execute(
                    conn,
                    topic=topic,
                    stream=env.streamid,
                    versie=env.streamversion,
                    id=env.id,
                    gemeente=env.gemeente,
                    reden=reden,
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
