"""Handhaving's command handlers (the table is in api.py), and the IB import that spans two transactions."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar
from uuid import UUID

from libs.events.auth import Principal
from libs.events.commands import Answer, Handler, UnitOfWork, execute, on_stream, query
from libs.events.contracts.handhaving import Signaalbron, Uitkomst
from libs.events.db import Sql
from libs.events.envelope import new_event_id
from libs.events.registry import EventData
from libs.events.runtime import Runtime

from . import domain, queries, signalen, wissing
from .schemas import ImportUit, NietGekoppeld

_KLANT_IN = Sql("SELECT 1 FROM audit_events WHERE subject = :klant AND gemeente = :gemeente LIMIT 1")
_UITKERING_VAN = Sql("SELECT 1 FROM hh_uitkeringen WHERE uitkering_id = :id AND klant_id = :klant AND gemeente = :g")
_BESTAAND = Sql("SELECT signaal_id FROM signalen WHERE signaal_id = ANY(CAST(:ids AS uuid[]))")


class OpOnderzoek(Protocol):
    """A command on one onderzoek."""

    @property
    def onderzoek_id(self) -> UUID: ...


C = TypeVar("C", bound=OpOnderzoek)
ZoekKlanten = Callable[[list[str]], Awaitable[dict[str, UUID]]]


async def importeer_ib(
    runtime: Runtime, principal: Principal, gemeente: str, records: list[signalen.IbRecord], zoek: ZoekKlanten
) -> ImportUit:
    """Import an IB file: each record once (its kenmerk decides), matched to a klant through intake.

    Records already known are counted, not stored again; a record whose BSN is no klant of the gemeente,
    or whose product is not accepted, is reported with its position. Nothing is written when intake fails.
    """
    ids = [signalen.signaal_id(Signaalbron.INLICHTINGENBUREAU, s.kenmerk) for s in records]

    async def bekend(uow: UnitOfWork) -> set[UUID]:
        uow.act_for(gemeente)
        return {row[0] for row in await _BESTAAND.fetch(uow.conn, ids=ids)}

    al = await query(runtime, principal, bekend)
    niet: list[NietGekoppeld] = []
    nieuw: list[domain.OntvangSignaal] = []
    gezien: dict[UUID, int] = {}
    te_zoeken: list[tuple[int, signalen.IbRecord, UUID]] = []
    for regel, (record, signaal_id) in enumerate(zip(records, ids, strict=True), start=1):
        if signaal_id in gezien:
            # The IB names each signal once: the same kenmerk twice in one file is an error in the file.
            reden = f"kenmerk staat al op regel {gezien[signaal_id]} van dit bestand"
            niet.append(NietGekoppeld(regel=regel, kenmerk=record.kenmerk, reden=reden))
            continue
        gezien[signaal_id] = regel
        if signaal_id in al:
            continue
        if record.product not in signalen.IB_PRODUCTEN:
            niet.append(NietGekoppeld(regel=regel, kenmerk=record.kenmerk, reden=f"onbekend product {record.product}"))
            continue
        te_zoeken.append((regel, record, signaal_id))
    # One search at intake per 1,000 BSNs, not one per record: a monthly file has thousands.
    klanten = await zoek([record.bsn for _, record, _ in te_zoeken]) if te_zoeken else {}
    for regel, record, signaal_id in te_zoeken:
        klant_id = klanten.get(record.bsn)
        if klant_id is None:
            niet.append(NietGekoppeld(regel=regel, kenmerk=record.kenmerk, reden="geen klant van deze gemeente"))
            continue
        nieuw.append(
            domain.OntvangSignaal(
                signaal_id=signaal_id,
                klant_id=klant_id,
                gemeente=gemeente,
                bron=Signaalbron.INLICHTINGENBUREAU,
                product=record.product,
                kenmerk=record.kenmerk,
                periode_van=record.van,
                periode_tot=record.tot,
                bedrag=record.bedrag,
                omschrijving=record.omschrijving or signalen.IB_PRODUCTEN[record.product],
            )
        )
    niet.sort(key=lambda n: n.regel)

    async def action(uow: UnitOfWork) -> Answer:
        for command in nieuw:
            if (await runtime.store.head(uow.conn, str(command.signaal_id))).version:
                continue  # a concurrent import of the same file got there first
            events = domain.ontvang(uow.stamp(command))
            await uow.start(domain.SIGNALEN, command.signaal_id, events, gemeente=command.gemeente)
        uit = ImportUit(
            ontvangen=len(records),
            nieuw=len(nieuw),
            al_bekend=len(records) - len(nieuw) - len(niet),
            niet_gekoppeld=niet,
        )
        return Answer(uit.model_dump(mode="json", by_alias=True))

    answer = await execute(runtime, principal, action)
    return ImportUit.model_validate(answer.body)


def op_onderzoek(decide: Callable[[domain.Onderzoek, C], Sequence[EventData]]) -> Handler:
    """A lid's command on an onderzoek (`command.onderzoek_id`): load (leden only), decide, append, answer."""

    return on_stream(domain.ONDERZOEKEN, lambda c: c.onderzoek_id, decide, lambda o: queries.onderzoek_body(o.state))


async def beoordeel_signaal(uow: UnitOfWork, command: domain.BeoordeelSignaal) -> Answer:
    """Triage a signaal once, with its reason."""
    loaded = await uow.load(domain.SIGNALEN, command.signaal_id)
    loaded = await uow.append(loaded, domain.beoordeel(loaded.state, command))
    return Answer(queries.signaal_body(loaded.state))


async def open_onderzoek(uow: UnitOfWork, command: domain.OpenOnderzoek) -> Answer:
    """Open an onderzoek into a klant of the gemeente (with its wisblokkade); the opener is a lid."""
    uow.act_for(command.gemeente)
    # The same lock as deciding a wisverzoek: an erasure is decided before this onderzoek or sees it.
    await wissing.houd_klant_vast(uow.conn, command.klant_id)
    await wissing.onderzoek_mag(uow.conn, command.klant_id)
    if await _KLANT_IN.fetchrow(uow.conn, klant=str(command.klant_id), gemeente=command.gemeente) is None:
        raise queries.KlantNietGevonden(f"klant {command.klant_id} niet gevonden")
    if command.signaal_id is not None:
        signaal = await uow.load(domain.SIGNALEN, command.signaal_id)
        if signaal.state.ontvangen.klant_id != command.klant_id:
            raise domain.OngeldigeUitkomst("het signaal gaat over een andere klant")
    c = replace(command, leden=command.leden | {uow.principal.sub})
    loaded = await uow.start(domain.ONDERZOEKEN, c.onderzoek_id, domain.open_onderzoek(c), gemeente=c.gemeente)
    return Answer(queries.onderzoek_body(loaded.state), 201, f"/api/v1/onderzoeken/{c.onderzoek_id}")


async def rond_onderzoek_af(uow: UnitOfWork, command: domain.RondAf) -> Answer:
    """The uitkomst; a benadeling names an uitkering of this klant in this gemeente."""
    loaded = await uow.load(domain.ONDERZOEKEN, command.onderzoek_id)
    g = loaded.state.geopend
    if command.uitkomst is Uitkomst.BENADELING and command.uitkering_id is not None:
        eigen = await _UITKERING_VAN.fetchrow(uow.conn, id=command.uitkering_id, klant=g.klant_id, g=g.gemeente)
        if eigen is None:
            raise domain.OngeldigeUitkomst("de uitkering is niet van deze klant in deze gemeente")
    loaded = await uow.append(loaded, domain.rond_af(loaded.state, command))
    return Answer(queries.onderzoek_body(loaded.state))


async def trek_steekproef(uow: UnitOfWork, command: domain.TrekSteekproef) -> Answer:
    """Draw and record a sample with its seed, strata, method version and population hash."""
    uow.act_for(command.gemeente)
    peil = min(command.peildatum or uow.now, uow.now)
    seed = command.seed if command.seed is not None else secrets.randbelow(2**31 - 1)
    eenheden = await queries.populatie(uow, command.gemeente, peil)
    events = domain.trek(replace(command, seed=seed, peildatum=peil), eenheden)
    loaded = await uow.start(domain.STEEKPROEVEN, command.steekproef_id, events, gemeente=command.gemeente)
    return Answer(queries.steekproef_body(loaded.state), 201, f"/api/v1/steekproeven/{command.steekproef_id}")


def voeg_lid_toe(state: domain.Onderzoek, command: domain.VoegLidToe) -> Sequence[EventData]:
    """`domain.voeg_lid_toe` for the command table."""
    return domain.voeg_lid_toe(state, command.lid)


def nieuw_id() -> UUID:
    """A new id for a stream this service starts."""
    return new_event_id()
