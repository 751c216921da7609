"""Handhaving's reads: the tijdlijn of a klant and the ketenbreuken, scoped to the caller's gemeenten."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from libs.events.aggregate import Aggregate
from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.db import Sql
from libs.events.envelope import content_hash, dienst_van, event_type_of
from libs.events.errors import NietGevonden
from libs.events.inzage import VerwerkingInzage, inzage
from libs.events.pagination import Page, after, paginate
from libs.events.runtime import Runtime
from libs.events.shredding import GEWIST

from . import domain, stand, steekproef
from .schemas import (
    BevindingUit,
    ControleUit,
    KetenbreukUit,
    OnderzoekRegel,
    OnderzoekUit,
    SignaalUit,
    SteekproefUit,
    TijdlijnRegel,
)

S = TypeVar("S")

TIJDLIJN_RAADPLEGEN = "handhaving-tijdlijn-raadplegen"
INZAGE = "inzage-verwerkingen"
VERSLEUTELD = "[versleuteld]"
# Fields that carry encrypted personal data (crypto-shredding): shown as such, never decrypted here.
_VERSLEUTELDE_VELDEN = frozenset({"versleuteld", "persoonlijk", "versleutelde_scores"})

# Onderzoeken and steekproeven are need-to-know: they never show in a tijdlijn, only to an onderzoek's leden; so
# is handhaving's answer to a wisverzoek (a refusal may name a wisblokkade). The erasure itself shows, in intake.
BESLOTEN = ("onderzoek", "steekproef", "wisverzoek")
OPENBAAR = "NOT (e.topic = 'handhaving.events' AND e.streamtype = ANY(CAST(:besloten AS text[]))) "
# A refused erasure would tell that a wisblokkade, so an onderzoek, holds the klant: only its leden see one.
GEEN_WISBLOKKADE = (
    "AND NOT (e.type = 'VerwerkingGelogd' AND e.envelope->'data'->>'activiteit' = 'intake-persoonsgegevens-wissen' "
    "AND e.envelope->'data'->>'status' <> '1' AND NOT EXISTS (SELECT 1 FROM onderzoeken o JOIN onderzoek_leden l "
    "USING (onderzoek_id) WHERE o.klant_id::text = :subject AND l.lid = :lid)) "
)
# The klant's own events and those of the streams they name (a vacature), in one set to filter and order.
VAN_KLANT = (
    "WITH e AS (SELECT * FROM audit_events WHERE subject = :subject UNION ALL "
    "SELECT a.* FROM audit_verwijzingen v JOIN audit_events a ON a.stream_id = v.stream_id "
    "WHERE v.klant_id = :subject AND a.subject <> :subject) "
)
_TIJDLIJN = Sql(
    VAN_KLANT + "SELECT e.event_id, e.tijd, e.topic, e.type, e.actor, e.gemeente, e.envelope, "
    "(b.event_id IS NULL), e.echtheid FROM e LEFT JOIN audit_breuken b ON b.event_id = e.event_id "
    "WHERE e.gemeente = ANY(CAST(:gemeenten AS text[])) AND "
    + OPENBAAR
    + GEEN_WISBLOKKADE
    + "AND (CAST(:dienst AS text) IS NULL OR e.topic = :dienst || '.events') "
    "AND (CAST(:type AS text) IS NULL OR e.type = :type) "
    "AND (CAST(:van AS timestamptz) IS NULL OR e.tijd >= :van) "
    "AND (CAST(:tot AS timestamptz) IS NULL OR e.tijd < :tot) "
    "AND (e.tijd, e.event_id::text) > (:na_op, :na_id) ORDER BY e.tijd, e.event_id::text LIMIT :limit"
)
_GEMEENTEN_VAN = Sql("SELECT DISTINCT gemeente FROM audit_events WHERE subject = :subject AND gemeente IS NOT NULL")
_GEWIST = Sql("SELECT 1 FROM audit_gewist WHERE klant_id = :subject")


class KlantNietGevonden(NietGevonden):
    """No events about this klant in the caller's gemeenten."""

    title = "Klant niet gevonden"


async def zie_klant(uow: UnitOfWork, principal: Principal, klant_id: UUID) -> list[str]:
    """The caller's gemeenten, once the klant has events there (404 otherwise); the read is logged."""
    uow.verwerk(TIJDLIJN_RAADPLEGEN, [klant_id])
    van_klant = {str(r[0]) for r in await _GEMEENTEN_VAN.fetch(uow.conn, subject=str(klant_id))}
    uow.see(van_klant, KlantNietGevonden(f"klant {klant_id} niet gevonden"))
    return sorted(principal.scope(None))


async def verwerkingen_van_klant(
    runtime: Runtime, principal: Principal, klant_id: UUID, cursor: str | None, limit: int
) -> Page[VerwerkingInzage]:
    """AVG art. 15 for handhaving: how handhaving processed the klant's data (its tijdlijn reads), oldest first."""

    async def read(uow: UnitOfWork) -> Page[VerwerkingInzage]:
        uow.verwerk(INZAGE, [klant_id])
        van_klant = {str(r[0]) for r in await _GEMEENTEN_VAN.fetch(uow.conn, subject=str(klant_id))}
        uow.see(van_klant, KlantNietGevonden(f"klant {klant_id} niet gevonden"))
        return await inzage(uow.conn, klant_id, cursor, limit)

    return await query(runtime, principal, read)


async def gewist(uow: UnitOfWork, klant_id: UUID) -> bool:
    """Whether the klant's personal data was erased (its encrypted fields read "gewist")."""
    return await _GEWIST.fetchrow(uow.conn, subject=str(klant_id)) is not None


def intact(env: dict[str, Any], zonder_breuk: bool, echtheid: str) -> bool:
    """Whether a copy stands in an unbroken chain: no break there, not rejected or contested, content unaltered."""
    return bool(zonder_breuk) and echtheid in ("getekend", "ongetekend") and content_hash(env) == env["hash"]


def envelope(waarde: Any) -> dict[str, Any]:
    """A stored envelope as a dict (asyncpg gives jsonb as text unless a codec says otherwise)."""
    return waarde if isinstance(waarde, dict) else json.loads(waarde)


def _woorden(type_: str) -> str:
    """`AanvraagIngediend` → `aanvraag ingediend`."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type_).lower()


def gegevens(data: dict[str, Any], is_gewist: bool) -> dict[str, Any]:
    """The event's data with encrypted fields shown as such, or as "gewist" once the klant's key is gone."""
    teken = GEWIST if is_gewist else VERSLEUTELD
    return {k: teken if k in _VERSLEUTELDE_VELDEN else v for k, v in data.items()}


def regel(envelope: dict[str, Any]) -> str:
    """The event as one readable Dutch line."""
    dienst = dienst_van(envelope["source"])
    data = envelope["data"]
    if event_type_of(envelope["type"]) == "VerwerkingGelogd":
        uitkomst = {1: "", 0: ", geweigerd", 2: ", mislukt"}.get(data["status"], "")
        rollen = ", ".join(data["rollen"]) or "geen rol"
        tekst = f"gekeken: {data['naam'].lower()} ({dienst}) door {envelope['actor']} als {rollen}{uitkomst}"
        return tekst + (f" voor {envelope['gemeente']}" if envelope.get("gemeente") else "")
    tekst = f"{_woorden(event_type_of(envelope['type']))} ({dienst}) door {envelope['actor']}"
    if envelope.get("actorroles"):
        tekst += f" als {envelope['actorroles'].replace(',', ', ')}"
    if envelope.get("gemeente"):
        tekst += f" voor {envelope['gemeente']}"
    regelset = _regelset(envelope["data"])
    if regelset:
        tekst += f", regels {regelset}"
    if envelope.get("causationid"):
        tekst += f", naar aanleiding van event {envelope['causationid']}"
    return tekst


def _regelset(data: dict[str, Any]) -> str | None:
    waarde = data.get("regelset") or data.get("regelset_versie")
    return str(waarde) if waarde else None


async def tijdlijn(
    runtime: Runtime,
    principal: Principal,
    klant_id: UUID,
    *,
    dienst: str | None,
    type_: str | None,
    van: datetime | None,
    tot: datetime | None,
    cursor: str | None,
    limit: int,
) -> Page[TijdlijnRegel]:
    """Every event about the klant in the caller's gemeenten, oldest first; the read itself is logged."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[TijdlijnRegel]:
        gemeenten = await zie_klant(uow, principal, klant_id)
        rows = await _TIJDLIJN.fetch(
            uow.conn,
            subject=str(klant_id),
            gemeenten=gemeenten,
            besloten=list(BESLOTEN),
            lid=principal.sub,
            dienst=dienst,
            type=type_,
            van=van,
            tot=tot,
            na_op=na_op,
            na_id=na_id,
            limit=limit + 1,
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[1], str(r[0])))
        is_gewist = await gewist(uow, klant_id)
        items = []
        for event_id, tijd, topic, type_naam, actor, _, opgeslagen, zonder_breuk, echtheid in rows:
            env = envelope(opgeslagen)
            items.append(
                TijdlijnRegel(
                    event_id=event_id,
                    tijd=tijd,
                    dienst=topic.removesuffix(".events"),
                    type=type_naam,
                    regel=regel(env),
                    door=actor,
                    regelset=_regelset(env["data"]),
                    oorzaak=env.get("causationid"),
                    gegevens=gegevens(env["data"], is_gewist),
                    keten_intact=intact(env, zonder_breuk, echtheid),
                    echtheid=echtheid,
                )
            )
        return Page[TijdlijnRegel](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


_BREUKEN = Sql(
    "SELECT breuk_id, topic, stream_id, streamversie, event_id, reden, gemeld_op FROM ketenbreuken "
    "WHERE gemeente = ANY(CAST(:gemeenten AS text[])) AND (gemeld_op, breuk_id::text) > (:na_op, :na_id) "
    "ORDER BY gemeld_op, breuk_id::text LIMIT :limit"
)


async def ketenbreuken(
    runtime: Runtime, principal: Principal, *, cursor: str | None, limit: int
) -> Page[KetenbreukUit]:
    """The breaks found in streams of the caller's gemeenten, oldest first."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[KetenbreukUit]:
        rows = await _BREUKEN.fetch(
            uow.conn, gemeenten=list(principal.scope(None)), na_op=na_op, na_id=na_id, limit=limit + 1
        )
        rows, next_cursor = paginate(rows, limit, lambda r: (r[6], str(r[0])))
        velden = ("breuk_id", "topic", "stream_id", "streamversie", "event_id", "reden", "gemeld_op")
        items = [KetenbreukUit.model_validate(dict(zip(velden, r, strict=True))) for r in rows]
        return Page[KetenbreukUit](items=items, next_cursor=next_cursor)

    return await query(runtime, principal, read)


# What was known: rejected copies are evidence, not facts; of two contested copies the earlier one is folded.
_STREAMS_TOT = Sql(
    "SELECT DISTINCT ON (e.topic, e.stream_id, e.streamversie) e.topic, e.stream_id, e.envelope FROM audit_events e "
    "WHERE e.subject = :subject AND e.echtheid <> 'afgewezen' "
    "AND e.gemeente = ANY(CAST(:gemeenten AS text[])) AND e.tijd <= :op AND e.streamtype <> 'verwerking' AND "
    + OPENBAAR
    + "ORDER BY e.topic, e.stream_id, e.streamversie, e.tijd"
)


async def _standen(
    uow: UnitOfWork, klant_id: UUID, op: datetime, gemeenten: list[str], geldig: date | None = None
) -> dict[str, dict[str, Any]]:
    per_stream: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for topic, stream_id, opgeslagen in await _STREAMS_TOT.fetch(
        uow.conn, subject=str(klant_id), gemeenten=gemeenten, op=op, besloten=list(BESLOTEN)
    ):
        env = envelope(opgeslagen)
        per_stream.setdefault((topic, stream_id), []).append(env)
    uit: dict[str, dict[str, Any]] = {}
    for (topic, stream_id), envelopes in per_stream.items():
        stream_type = envelopes[0]["streamtype"]
        state = stand.fold(stream_type, envelopes)
        uit[f"{stream_type}:{stream_id}"] = {
            "dienst": topic.removesuffix(".events"),
            "streamType": stream_type,
            "streamId": stream_id,
            "versie": envelopes[-1]["streamversion"],
            # A stream without a fold of its own (matching keeps a kandidaat in SQL) shows its events as known.
            "stand": stand.jsonable(state)
            if state is not None
            else {
                "gebeurtenissen": [
                    {"type": event_type_of(e["type"]), "gegevens": gegevens(e["data"], False)} for e in envelopes
                ]
            },
        }
        if geldig is not None and state is not None:
            uit[f"{stream_type}:{stream_id}"]["geldig"] = stand.geldig(stream_type, state, geldig)
    return uit


async def stand_op(
    runtime: Runtime, principal: Principal, klant_id: UUID, op: datetime, geldig: date | None = None
) -> dict[str, Any]:
    """What was known about the klant at `op` (registration time), each stream folded with its service's code;
    with `geldig`, also what applied on that day (valid time) by what was known at `op`."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        gemeenten = await zie_klant(uow, principal, klant_id)
        return await stand_van(uow, klant_id, op, gemeenten, geldig)

    return await query(runtime, principal, read)


async def verschil_tussen(
    runtime: Runtime, principal: Principal, klant_id: UUID, van: datetime, tot: datetime
) -> dict[str, Any]:
    """What changed in what was known between two moments: new streams, and the fields of each that differ."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        gemeenten = await zie_klant(uow, principal, klant_id)
        was = await _standen(uow, klant_id, van, gemeenten)
        werd = await _standen(uow, klant_id, tot, gemeenten)
        wijzigingen = []
        for sleutel in sorted(set(was) | set(werd)):
            a, b = was.get(sleutel), werd.get(sleutel)
            velden = stand.verschil(a["stand"] if a else None, b["stand"] if b else None)
            if velden:
                wijzigingen.append(
                    {
                        "stream": sleutel,
                        "versieWas": a["versie"] if a else 0,
                        "versieWerd": b["versie"] if b else 0,
                        "velden": velden,
                    }
                )
        return {"klantId": str(klant_id), "van": van.isoformat(), "tot": tot.isoformat(), "wijzigingen": wijzigingen}

    return await query(runtime, principal, read)


async def stand_van(
    uow: UnitOfWork, klant_id: UUID, op: datetime, gemeenten: list[str], geldig: date | None
) -> dict[str, Any]:
    """Every stream of the klant as known at `op`, and with `geldig` what applied on that day."""
    uit: dict[str, Any] = {
        "klantId": str(klant_id),
        "op": op.isoformat(),
        "gewist": await gewist(uow, klant_id),
        "streams": list((await _standen(uow, klant_id, op, gemeenten, geldig)).values()),
    }
    if geldig is not None:
        uit["geldigOp"] = geldig.isoformat()
    return uit


# --- signalen, onderzoeken, steekproeven -----------------------------------------------------------------


def signaal_body(state: domain.Signaal) -> dict[str, Any]:
    """A signaal as the API shows it."""
    o, b = state.ontvangen, state.beoordeling
    return SignaalUit(
        signaal_id=o.signaal_id,
        klant_id=o.klant_id,
        gemeente=o.gemeente,
        bron=o.bron,
        product=o.product,
        kenmerk=o.kenmerk,
        periode_van=o.periode_van,
        periode_tot=o.periode_tot,
        bedrag=o.bedrag,
        omschrijving=o.omschrijving,
        ontvangen_op=o.ontvangen_op,
        triage=b.triage if b else None,
        reden=b.reden if b else None,
        beoordeeld_op=b.beoordeeld_op if b else None,
    ).model_dump(mode="json", by_alias=True)


def onderzoek_body(state: domain.Onderzoek) -> dict[str, Any]:
    """An onderzoek as its leden see it."""
    g, a = state.geopend, state.afgerond
    return OnderzoekUit(
        onderzoek_id=g.onderzoek_id,
        klant_id=g.klant_id,
        gemeente=g.gemeente,
        aanleiding=g.aanleiding,
        signaal_id=g.signaal_id,
        leden=sorted(state.leden),
        geopend_op=g.geopend_op,
        bevindingen=[
            BevindingUit(
                bevinding_id=b.bevinding_id,
                stap=b.stap,
                omschrijving=b.omschrijving,
                bijlagen=[x.model_dump(mode="json") for x in b.bijlagen],
                vastgelegd_op=b.vastgelegd_op,
            )
            for b in state.bevindingen
        ],
        uitkomst=a.uitkomst if a else None,
        afgerond_op=a.afgerond_op if a else None,
        wisblokkade=a is None,
    ).model_dump(mode="json", by_alias=True)


def steekproef_body(state: domain.Steekproef) -> dict[str, Any]:
    """A steekproef as recorded."""
    return SteekproefUit.model_validate(state.getrokken.model_dump()).model_dump(mode="json", by_alias=True)


async def lees(runtime: Runtime, principal: Principal, aggregate: Aggregate[S], stream_id: UUID) -> S:
    """One stream's state through the scoped load (an onderzoek only for its leden)."""

    async def read(uow: UnitOfWork) -> S:
        return (await uow.load(aggregate, stream_id)).state

    return await query(runtime, principal, read)


_SIGNALEN = Sql(
    "SELECT signaal_id, klant_id, gemeente, bron, product, kenmerk, periode_van, periode_tot, bedrag, omschrijving, "
    "ontvangen_op, triage, reden, beoordeeld_op FROM signalen WHERE gemeente = ANY(CAST(:gemeenten AS text[])) "
    "AND (CAST(:open AS boolean) IS NULL OR (triage IS NULL) = :open) "
    "AND (CAST(:klant AS uuid) IS NULL OR klant_id = :klant) "
    "AND (ontvangen_op, signaal_id::text) > (:na_op, :na_id) ORDER BY ontvangen_op, signaal_id::text LIMIT :limit"
)
_SIGNAAL_VELDEN = (
    "signaal_id",
    "klant_id",
    "gemeente",
    "bron",
    "product",
    "kenmerk",
    "periode_van",
    "periode_tot",
    "bedrag",
    "omschrijving",
    "ontvangen_op",
    "triage",
    "reden",
    "beoordeeld_op",
)


async def signalen(
    runtime: Runtime,
    principal: Principal,
    *,
    open_: bool | None,
    cursor: str | None,
    limit: int,
    klant_id: UUID | None = None,
) -> Page[SignaalUit]:
    """The signalen of the caller's gemeenten, oldest first; `open_` for those still to triage."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[SignaalUit]:
        rows = await _SIGNALEN.fetch(
            uow.conn,
            gemeenten=list(principal.scope(None)),
            open=open_,
            klant=klant_id,
            na_op=na_op,
            na_id=na_id,
            limit=limit + 1,
        )
        rows, volgende = paginate(rows, limit, lambda r: (r[10], str(r[0])))
        items = [SignaalUit.model_validate(dict(zip(_SIGNAAL_VELDEN, r, strict=True))) for r in rows]
        return Page[SignaalUit](items=items, next_cursor=volgende)

    return await query(runtime, principal, read)


_MIJN_ONDERZOEKEN = Sql(
    "SELECT o.onderzoek_id, o.klant_id, o.gemeente, o.aanleiding, o.geopend_op, o.uitkomst FROM onderzoeken o "
    "JOIN onderzoek_leden l ON l.onderzoek_id = o.onderzoek_id AND l.lid = :lid "
    "WHERE o.gemeente = ANY(CAST(:gemeenten AS text[])) AND (o.geopend_op, o.onderzoek_id::text) > (:na_op, :na_id) "
    "ORDER BY o.geopend_op, o.onderzoek_id::text LIMIT :limit"
)


async def mijn_onderzoeken(
    runtime: Runtime, principal: Principal, *, cursor: str | None, limit: int
) -> Page[OnderzoekRegel]:
    """The onderzoeken the caller is a lid of, in the caller's gemeenten."""
    na_op, na_id = after(cursor)

    async def read(uow: UnitOfWork) -> Page[OnderzoekRegel]:
        rows = await _MIJN_ONDERZOEKEN.fetch(
            uow.conn,
            lid=principal.sub,
            gemeenten=list(principal.scope(None)),
            na_op=na_op,
            na_id=na_id,
            limit=limit + 1,
        )
        rows, volgende = paginate(rows, limit, lambda r: (r[4], str(r[0])))
        velden = ("onderzoek_id", "klant_id", "gemeente", "aanleiding", "geopend_op", "uitkomst")
        items = [OnderzoekRegel.model_validate(dict(zip(velden, r, strict=True))) for r in rows]
        return Page[OnderzoekRegel](items=items, next_cursor=volgende)

    return await query(runtime, principal, read)


async def controleer_steekproef(runtime: Runtime, principal: Principal, steekproef_id: UUID) -> ControleUit:
    """Draw the sample again from the population as known at its peildatum, with its recorded seed and strata."""

    async def read(uow: UnitOfWork) -> ControleUit:
        g = (await uow.load(domain.STEEKPROEVEN, steekproef_id)).state.getrokken
        eenheden = await populatie(uow, g.gemeente, g.peildatum)
        dag = g.peildatum.date()
        opnieuw = steekproef.trek(eenheden, g.omvang, g.seed, g.strata, dag)
        hash_ = steekproef.populatie_hash(eenheden, g.strata, dag)
        return ControleUit(
            steekproef_id=steekproef_id,
            populatie_hash=hash_,
            populatie_gelijk=hash_ == g.populatie_hash,
            trekking_gelijk=opnieuw == list(g.getrokken),
        )

    return await query(runtime, principal, read)


_POPULATIE = Sql(
    "SELECT uitkering_id, leefvorm, ingangsdatum FROM hh_uitkeringen WHERE gemeente = :gemeente "
    "AND toegekend_tijd <= :peil AND (beeindigd_tijd IS NULL OR beeindigd_tijd > :peil)"
)


async def populatie(uow: UnitOfWork, gemeente: str, peildatum: datetime) -> list[steekproef.Eenheid]:
    """The running uitkeringen of the gemeente as known at the peildatum (registration time)."""
    rows = await _POPULATIE.fetch(uow.conn, gemeente=gemeente, peil=peildatum)
    return [steekproef.Eenheid(r[0], str(r[1]), r[2]) for r in rows]
