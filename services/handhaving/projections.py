"""The audit store: every event of every topic, as it came, with its signature and hash chain checked on arrival.

A topic projection, so `replay rebuild handhaving` refills it from the topics and must arrive at the same
store. Each copy that arrives is kept (never repaired) with its echtheid:

- `getekend`: its signature verifies with a key its producer published, and its content hashes to its hash;
- `ongetekend`: sealed before its producer signed (its time is before the first signed event of that producer
  and its stream's head is not signed), content intact: valid, and every view says it is unsigned;
- `afgewezen`: no valid signature where one is due, an unknown key, or content that does not hash to its hash;
  it never becomes the stream's head, so the genuine event that comes after it is judged on its own;
- `betwist`: a second valid event for a version already taken (or the first, once challenged); the producer's
  own store decides which is genuine (`replay verify --all`).

Each stream's head (version, hash, signed or not) is kept; a rejected copy, a rival and a link that does not
follow its head (a gap, another prevhash) is recorded as a break. The policy `KetenbreukMelden` turns each break
into an alert event. A copy with an id and hash already stored is a redelivery, dropped quietly: the audit store
is the consumer's gate and passes on only what is new.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

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
from libs.events.contracts.uitkering import (
    AanvraagIngediend,
    AflossingOntvangen,
    BijstandToegekend,
    UitkeringBeeindigd,
    VanVorderingAfgezien,
    VorderingGecorrigeerd,
    VorderingOpgelegd,
)
from libs.events.db import Sql
from libs.events.envelope import Envelope, content_hash, dienst_van, dumps, event_type_of
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

from .keten import fout_in_schakel
from .sleutels import ProducentSleutels

BREUKEN = Counter("audit_ketenbreuken_total", "Hash-chain breaks found by the audit store on ingest", ["topic"])
AFGEWEZEN = Counter("audit_afgewezen_total", "Copies the audit store rejected (signature, key or content)", ["topic"])

GETEKEND, ONGETEKEND, AFGEWEZEN_, BETWIST = "getekend", "ongetekend", "afgewezen", "betwist"
# What a view shows as a fact of the klant's history: not a rejected copy.
GELDIG = (GETEKEND, ONGETEKEND, BETWIST)

# One statement per table for a whole batch: the consumer hands events over in batches of thousands.
_EVENTS = Sql(
    "INSERT INTO audit_events (event_id, topic, stream_id, streamversie, streamtype, type, subject, gemeente, actor, "
    "tijd, hash, envelope, echtheid) SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:topics AS text[]), "
    "CAST(:streams AS text[]), CAST(:versies AS int[]), CAST(:streamtypes AS text[]), CAST(:types AS text[]), "
    "CAST(:subjects AS text[]), CAST(:gemeenten AS text[]), CAST(:actors AS text[]), CAST(:tijden AS timestamptz[]), "
    "CAST(:hashes AS text[]), CAST(:envelopes AS jsonb[]), CAST(:echtheden AS text[])) ON CONFLICT DO NOTHING"
)
_AL_BINNEN = Sql("SELECT event_id, hash FROM audit_events WHERE event_id = ANY(CAST(:ids AS uuid[]))")
_KOPPEN = Sql(
    "SELECT k.topic, k.stream_id, k.streamversie, k.hash, k.getekend FROM audit_koppen k "
    "JOIN unnest(CAST(:topics AS text[]), CAST(:streams AS text[])) AS u(topic, stream_id) "
    "ON k.topic = u.topic AND k.stream_id = u.stream_id"
)
_KOPPEN_ZET = Sql(
    "INSERT INTO audit_koppen (topic, stream_id, streamversie, hash, getekend) SELECT * FROM "
    "unnest(CAST(:topics AS text[]), CAST(:streams AS text[]), CAST(:versies AS int[]), CAST(:hashes AS text[]), "
    "CAST(:getekend AS boolean[])) ON CONFLICT (topic, stream_id) DO UPDATE SET streamversie = EXCLUDED.streamversie, "
    "hash = EXCLUDED.hash, getekend = EXCLUDED.getekend"
)
_BREUKEN = Sql(
    "INSERT INTO audit_breuken (topic, stream_id, streamversie, event_id, gemeente, reden) "
    "SELECT * FROM unnest(CAST(:topics AS text[]), CAST(:streams AS text[]), CAST(:versies AS int[]), "
    "CAST(:ids AS uuid[]), CAST(:gemeenten AS text[]), CAST(:redenen AS text[])) ON CONFLICT DO NOTHING"
)
_PRODUCENTEN = Sql("SELECT bron, getekend_sinds FROM audit_producenten")
_PRODUCENT_ZET = Sql(
    "INSERT INTO audit_producenten (bron, getekend_sinds) VALUES (:bron, :sinds) ON CONFLICT (bron) DO UPDATE "
    "SET getekend_sinds = LEAST(audit_producenten.getekend_sinds, EXCLUDED.getekend_sinds)"
)
_OP_PLAATS = Sql(
    "SELECT event_id, hash, echtheid FROM audit_events WHERE topic = :topic AND stream_id = :stream "
    "AND streamversie = :versie AND echtheid <> 'afgewezen' ORDER BY tijd LIMIT 1"
)
_ECHTHEID_ZET = Sql("UPDATE audit_events SET echtheid = :echtheid WHERE event_id = :id AND hash = :hash")
_NIET_GELDIG = Sql(
    "SELECT DISTINCT event_id FROM audit_events WHERE event_id = ANY(CAST(:ids AS uuid[])) AND echtheid = 'afgewezen'"
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


async def geldige(conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> list[Recorded[EventData]]:
    """The events of a batch the audit store did not reject (what read models and policies may act on)."""
    if not events:
        return []
    afgewezen = {row[0] for row in await _NIET_GELDIG.fetch(conn, ids=[e.envelope.id for e in events])}
    return [e for e in events if e.envelope.id not in afgewezen]


@dataclass
class Kop:
    """A stream's head in the audit store."""

    versie: int
    hash: str | None
    getekend: bool


@dataclass
class _Batch:
    """What one batch writes, gathered per table."""

    kolommen: dict[str, list[Any]]
    breuken: dict[str, list[Any]]

    @classmethod
    def leeg(cls) -> _Batch:
        return cls(
            {k: [] for k in _KOLOMMEN},
            {k: [] for k in ("topics", "streams", "versies", "ids", "gemeenten", "redenen")},
        )

    def breuk(self, topic: str, env: Envelope, reden: str) -> None:
        BREUKEN.labels(topic).inc()
        for kolom, waarde in zip(
            self.breuken, (topic, env.streamid, env.streamversion, env.id, env.gemeente, reden), strict=True
        ):
            self.breuken[kolom].append(waarde)


class AuditStore:
    """Every event of the platform's topics, append-only, each copy's signature and chain link verified on arrival."""

    name = "auditstore"
    tables = (
        "audit_events",
        "audit_koppen",
        "audit_breuken",
        "audit_gewist",
        "audit_verwijzingen",
        "audit_producenten",
    )
    # It tells a redelivery from a rival copy itself (by id and hash), and passes on only what is new.
    gate = True

    def __init__(self, sleutels: ProducentSleutels | None = None) -> None:
        if sleutels is None:
            from .settings import Settings  # the settings of this process, when the runtime makes the projection

            sleutels = Settings().producent_sleutels()
        self.sleutels = sleutels

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> list[Recorded[EventData]]:
        """Store each new copy with its echtheid and check its link to its stream's head; return the new ones."""
        if not events:
            return []
        binnen = {(r[0], r[1]) for r in await _AL_BINNEN.fetch(conn, ids=[r.envelope.id for r in events])}
        sleutels = {(_topic(r.envelope.source), r.envelope.streamid) for r in events}
        koppen: dict[tuple[str, str], Kop] = {
            (str(t), str(s)): Kop(int(v), str(h), bool(g))
            for t, s, v, h, g in await _KOPPEN.fetch(
                conn, topics=[k[0] for k in sleutels], streams=[k[1] for k in sleutels]
            )
        }
        sinds: dict[str, datetime] = {str(b): t for b, t in await _PRODUCENTEN.fetch(conn)}
        handtekeningen = await self._handtekeningen(conn, events)
        batch = _Batch.leeg()
        nieuw: list[Recorded[EventData]] = []
        verwijzingen: set[tuple[str, str]] = set()
        gewijzigd: set[tuple[str, str]] = set()
        for recorded in events:
            env = recorded.envelope
            if (env.id, env.hash) in binnen:
                continue  # a redelivery of a copy already kept
            binnen.add((env.id, env.hash))
            nieuw.append(recorded)
            sleutel = (_topic(env.source), env.streamid)
            kop = koppen.get(sleutel, Kop(0, None, False))
            inhoud = env.model_dump(mode="json")
            echtheid, reden = await self._echtheid(conn, env, inhoud, kop, sinds, handtekeningen)
            if echtheid != AFGEWEZEN_ and env.streamversion <= kop.versie:
                echtheid, reden, kop = await self._rivaal(conn, sleutel, env, echtheid, kop)
            elif echtheid != AFGEWEZEN_:
                reden = fout_in_schakel(inhoud, kop.versie, kop.hash, inhoud=False)
                kop = Kop(env.streamversion, env.hash, echtheid == GETEKEND)
            if echtheid == AFGEWEZEN_:
                AFGEWEZEN.labels(sleutel[0]).inc()
            else:  # a rejected copy moves no head (and a new stream's first copy rejected leaves it without one)
                koppen[sleutel] = kop
                gewijzigd.add(sleutel)
            if reden is not None:
                batch.breuk(sleutel[0], env, reden)
            for kolom, waarde in zip(_KOLOMMEN, _rij(sleutel[0], env, inhoud, echtheid), strict=True):
                batch.kolommen[kolom].append(waarde)
            if echtheid == AFGEWEZEN_:
                continue
            data = inhoud["data"]
            if klant := data.get("klant_id"):
                verwijzingen |= {(str(klant), str(data[v])) for v in VERWIJZINGEN if data.get(v)}
            if isinstance(recorded.data, PersoonsgegevensGewist):
                await _GEWIST.execute(conn, klant=str(recorded.data.klant_id), op=recorded.data.gewist_op)
        if not nieuw:
            return []
        await _EVENTS.execute(conn, **batch.kolommen)
        await _KOPPEN_ZET.execute(
            conn,
            topics=[k[0] for k in gewijzigd],
            streams=[k[1] for k in gewijzigd],
            versies=[koppen[k].versie for k in gewijzigd],
            hashes=[koppen[k].hash for k in gewijzigd],
            getekend=[koppen[k].getekend for k in gewijzigd],
        )
        if batch.breuken["ids"]:
            await _BREUKEN.execute(conn, **batch.breuken)
        if verwijzingen:
            await _VERWIJZINGEN.execute(
                conn, klanten=[k for k, _ in verwijzingen], streams=[s for _, s in verwijzingen]
            )
        return nieuw

    async def _handtekeningen(
        self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]
    ) -> dict[tuple[UUID, str], bool]:
        """Every signature of the batch checked at once, on every core (keys not yet known are looked up first)."""
        getekend = [r.envelope for r in events if r.envelope.signature and r.envelope.keyid]
        for dienst, kid in {(dienst_van(e.source), str(e.keyid)) for e in getekend}:
            await self.sleutels.kent(conn, dienst, kid)
        controles = [(dienst_van(e.source), str(e.keyid), str(e.signature), e.hash) for e in getekend]
        uitkomsten = await asyncio.to_thread(self.sleutels.ring.klopt_veel, controles)
        return {(e.id, e.hash): ok for e, ok in zip(getekend, uitkomsten, strict=True)}

    async def _echtheid(
        self,
        conn: AsyncConnection,
        env: Envelope,
        inhoud: dict[str, Any],
        kop: Kop,
        sinds: dict[str, datetime],
        handtekeningen: dict[tuple[UUID, str], bool],
    ) -> tuple[str, str | None]:
        """Signed, unsigned from before signing, or rejected (with why), judged on the copy alone."""
        dienst = dienst_van(env.source)
        if content_hash(inhoud) != env.hash:
            return AFGEWEZEN_, "de inhoud past niet bij de hash (event gewijzigd)"
        if env.signature is None or env.keyid is None:
            begonnen = sinds.get(dienst)
            if kop.getekend or (begonnen is not None and env.time >= begonnen):
                return AFGEWEZEN_, f"niet ondertekend, terwijl {dienst} zijn events ondertekent"
            return ONGETEKEND, None
        if not await self.sleutels.kent(conn, dienst, env.keyid):
            return AFGEWEZEN_, f"ondertekend met een sleutel die {dienst} niet publiceert ({env.keyid})"
        if not handtekeningen.get((env.id, env.hash), False):
            return AFGEWEZEN_, f"de handtekening klopt niet (sleutel {env.keyid} van {dienst})"
        if dienst not in sinds or env.time < sinds[dienst]:
            sinds[dienst] = env.time
            await _PRODUCENT_ZET.execute(conn, bron=dienst, sinds=env.time)
        return GETEKEND, None

    async def _rivaal(
        self, conn: AsyncConnection, sleutel: tuple[str, str], env: Envelope, echtheid: str, kop: Kop
    ) -> tuple[str, str, Kop]:
        """A valid copy for a version already taken: a signed one displaces an unsigned one, else both are betwist."""
        row = await _OP_PLAATS.fetchrow(conn, topic=sleutel[0], stream=sleutel[1], versie=env.streamversion)
        if row is None:  # the place was only ever taken by rejected copies... or by an earlier copy in this batch
            return BETWIST, f"versie {env.streamversion} is al bezet", kop
        bestaand, bestaande_hash, bestaande_echtheid = row
        if echtheid == GETEKEND and bestaande_echtheid == ONGETEKEND:
            await _ECHTHEID_ZET.execute(conn, echtheid=AFGEWEZEN_, id=bestaand, hash=bestaande_hash)
            reden = f"versie {env.streamversion}: ongetekend {bestaand} verdrongen door getekend {env.id}"
            nieuwe_kop = Kop(env.streamversion, env.hash, True) if env.streamversion == kop.versie else kop
            return GETEKEND, reden, nieuwe_kop
        await _ECHTHEID_ZET.execute(conn, echtheid=BETWIST, id=bestaand, hash=bestaande_hash)
        return BETWIST, f"versie {env.streamversion} twee keer: {bestaand} en {env.id}", kop


def _rij(topic: str, env: Envelope, inhoud: dict[str, Any], echtheid: str) -> tuple[Any, ...]:
    return (
        env.id,
        topic,
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
        echtheid,
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
    "echtheden",
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


_UITKERING_FEITEN = (
    AanvraagIngediend,
    BijstandToegekend,
    UitkeringBeeindigd,
    VorderingOpgelegd,
    AflossingOntvangen,
    VorderingGecorrigeerd,
    VanVorderingAfgezien,
)
_VORDERING = Sql(
    "INSERT INTO hh_vorderingen (vordering_id, klant_id, saldo) VALUES (:id, :klant, :saldo) ON CONFLICT DO NOTHING"
)
# A vordering is closed when its saldo reaches nothing, at the time of that event; more owed opens it again.
_SALDO = Sql(
    "UPDATE hh_vorderingen SET saldo = saldo + :mutatie, gesloten_tijd = CASE WHEN saldo + :mutatie <= 0 "
    "THEN COALESCE(gesloten_tijd, CAST(:tijd AS timestamptz)) END WHERE vordering_id = :id"
)


_UITKERINGEN: PerEvent[None] = PerEvent()


@_UITKERINGEN.on(AanvraagIngediend)
async def _aanvraag(conn: AsyncConnection, e: AanvraagIngediend, r: Recorded[EventData], b: None) -> None:
    await _AANVRAAG.execute(
        conn, id=e.uitkering_id, klant=e.klant_id, gemeente=e.gemeente, leefvorm=e.huishouden.leefvorm
    )


@_UITKERINGEN.on(BijstandToegekend)
async def _toegekend(conn: AsyncConnection, e: BijstandToegekend, r: Recorded[EventData], b: None) -> None:
    await _TOEGEKEND.execute(conn, id=e.uitkering_id, ingang=e.ingangsdatum, tijd=r.envelope.time)


@_UITKERINGEN.on(UitkeringBeeindigd)
async def _beeindigd(conn: AsyncConnection, e: UitkeringBeeindigd, r: Recorded[EventData], b: None) -> None:
    await _BEEINDIGD.execute(conn, id=e.uitkering_id, tijd=r.envelope.time)


@_UITKERINGEN.on(VorderingOpgelegd)
async def _vordering(conn: AsyncConnection, e: VorderingOpgelegd, r: Recorded[EventData], b: None) -> None:
    await _VORDERING.execute(conn, id=e.vordering_id, klant=e.klant_id, saldo=e.bedrag)


@_UITKERINGEN.on(AflossingOntvangen, VanVorderingAfgezien)
async def _minder(
    conn: AsyncConnection, e: AflossingOntvangen | VanVorderingAfgezien, r: Recorded[EventData], b: None
) -> None:
    await _SALDO.execute(conn, id=e.vordering_id, mutatie=-e.bedrag, tijd=r.envelope.time)


@_UITKERINGEN.on(VorderingGecorrigeerd)
async def _gecorrigeerd(conn: AsyncConnection, e: VorderingGecorrigeerd, r: Recorded[EventData], b: None) -> None:
    await _SALDO.execute(conn, id=e.vordering_id, mutatie=e.bedrag, tijd=r.envelope.time)


class Uitkeringen:
    """The uitkeringen of the region with when they were granted and ended (registration time, envelope time),
    and the vorderingen with their saldo and when they closed.

    The population of a steekproef and whether an uitkering runs when a signaal comes in; the leefvorm is the
    one at the aanvraag, a fact that never changes afterwards, so a population can be drawn again.
    """

    name = "uitkeringen"
    tables = ("hh_uitkeringen", "hh_vorderingen")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Record aanvraag, toekenning and einde (of copies the audit store did not reject), one handler each."""
        await _UITKERINGEN.apply(
            conn, await geldige(conn, [e for e in events if isinstance(e.data, _UITKERING_FEITEN)]), None
        )


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


_WERKLIJSTEN: PerEvent[None] = PerEvent()


@_WERKLIJSTEN.on(SignaalOntvangen)
async def _signaal(conn: AsyncConnection, e: SignaalOntvangen, r: Recorded[EventData], b: None) -> None:
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


@_WERKLIJSTEN.on(SignaalBeoordeeld)
async def _triage(conn: AsyncConnection, e: SignaalBeoordeeld, r: Recorded[EventData], b: None) -> None:
    await _TRIAGE.execute(conn, id=e.signaal_id, triage=e.triage, reden=e.reden, op=e.beoordeeld_op)


@_WERKLIJSTEN.on(OnderzoekGeopend)
async def _onderzoek(conn: AsyncConnection, e: OnderzoekGeopend, r: Recorded[EventData], b: None) -> None:
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


@_WERKLIJSTEN.on(OnderzoekLidToegevoegd)
async def _lid(conn: AsyncConnection, e: OnderzoekLidToegevoegd, r: Recorded[EventData], b: None) -> None:
    await _LID.execute(conn, id=e.onderzoek_id, lid=e.lid)


@_WERKLIJSTEN.on(OnderzoekAfgerond)
async def _afgerond(conn: AsyncConnection, e: OnderzoekAfgerond, r: Recorded[EventData], b: None) -> None:
    await _AFGEROND.execute(conn, id=e.onderzoek_id, uitkomst=e.uitkomst, op=e.afgerond_op)


@_WERKLIJSTEN.on(SteekproefGetrokken)
async def _steekproef(conn: AsyncConnection, e: SteekproefGetrokken, r: Recorded[EventData], b: None) -> None:
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


class Werklijsten:
    """Handhaving's own lists: signalen with their triage, onderzoeken with their leden, steekproeven."""

    name = "werklijsten"
    tables = ("signalen", "onderzoek_leden", "onderzoeken", "steekproeven")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Keep the lists up to date, one handler per event type."""
        await _WERKLIJSTEN.apply(conn, events, None)
