"""Beschut werk handlers: they gather who is responsible, the plaatsing and the begeleiding, and send the request
to UWV; the domain decides."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events import shredding
from libs.events.commands import Answer, Handler, UnitOfWork
from libs.events.contracts.trajecten import Voorzieningsoort
from libs.events.db import Sql
from libs.events.registry import EventData
from libs.events.runtime import Runtime
from libs.events.stamps import vandaag_in_nederland

from .. import klanten
from ..voorziening import domain as voorziening
from . import domain, queries
from .uwv import Adviesvraag, Uwv, UwvHttp

_PLAATSING_VAN = Sql("SELECT 1 FROM trajecten_werk WHERE plaatsing_id = :id AND klant_id = :klant")


def uwv_van(runtime: Runtime) -> Uwv:
    """The adapter to UWV this service is configured with."""
    return UwvHttp(str(getattr(runtime.settings, "uwv_url")))  # noqa: B009  (trajecten's Settings has it)


async def vraag_advies_aan(uow: UnitOfWork, command: domain.VraagAdviesAan) -> Answer:
    """Record the request with the BSN encrypted with this service's key for the klant; the `uwv` timer sends it
    (an outbox: the request is kept when UWV is down, and sent again until UWV took it)."""
    klant = await klanten.verantwoordelijk(uow, command.klant_id)
    sleutel = await shredding.sleutel(uow.conn, command.klant_id, aanmaken=True)
    if sleutel is None:
        raise klanten.KlantOnbekend("de gegevens van deze klant zijn gewist; er gaat niets meer naar UWV")
    versleuteld = shredding.versleutel(sleutel, command.klant_id, {"bsn": command.bsn})
    events = domain.vraag_aan(replace(command, versleuteld=versleuteld), klant.gemeente)
    loaded = await uow.start(domain.BESCHUT_WERK, command.aanvraag_id, events, gemeente=klant.gemeente)
    return Answer(queries.aanvraag_body(loaded.state), 201, f"/api/v1/adviesaanvragen/{command.aanvraag_id}")


async def adviesvraag(conn: AsyncConnection, state: domain.BeschutWerk) -> Adviesvraag | None:
    """The message to UWV for a recorded request, the BSN decrypted; None once the klant's key is erased."""
    a = state.aanvraag
    waarde = shredding.ontsleutel(await shredding.sleutel(conn, a.klant_id), a.klant_id, a.versleuteld)
    if not isinstance(waarde, dict):
        return None
    return Adviesvraag(
        kenmerk=a.aanvraag_id,
        bsn=str(waarde["bsn"]),
        gemeente=a.gemeente,
        aangevraagd_door=a.aangevraagd_door.value,
        nieuwe_feiten=a.nieuwe_feiten,
        ontvangen_op=vandaag_in_nederland(a.aangevraagd_op),
    )


def op_aanvraag(decide: Callable[[domain.BeschutWerk, Any], Sequence[EventData]]) -> Handler:
    """The handler of a command that one decision on an advies beschut werk carries out, by the responsible team."""

    async def handler(uow: UnitOfWork, command: Any) -> Answer:
        loaded = await uow.load(domain.BESCHUT_WERK, command.aanvraag_id)
        await klanten.verantwoordelijk(uow, loaded.state.aanvraag.klant_id)
        loaded = await uow.append(loaded, decide(loaded.state, command))
        return Answer(queries.aanvraag_body(loaded.state))

    return handler


async def start_dienstbetrekking(uow: UnitOfWork, command: domain.StartDienstbetrekking) -> Answer:
    """A dienstbetrekking whose plaatsing (LKS) and begeleiding, when named, are the klant's own."""
    loaded = await uow.load(domain.BESCHUT_WERK, command.aanvraag_id)
    klant_id = loaded.state.aanvraag.klant_id
    await klanten.verantwoordelijk(uow, klant_id)
    if (
        command.plaatsing_id
        and await _PLAATSING_VAN.fetchrow(uow.conn, id=command.plaatsing_id, klant=klant_id) is None
    ):
        raise domain.OngeldigBeschutWerk(
            "die plaatsing is (nog) niet bekend voor deze klant", velden={"plaatsingId": "een plaatsing van de klant"}
        )
    if command.begeleiding_id:
        begeleiding = await uow.find(voorziening.VOORZIENINGEN, command.begeleiding_id)
        if (
            begeleiding is None
            or begeleiding.state.gestart.klant_id != klant_id
            or begeleiding.state.gestart.soort is not Voorzieningsoort.BEGELEIDING_BESCHUT_WERK
        ):
            raise domain.OngeldigBeschutWerk(
                "de begeleiding is een voorziening 'begeleiding bij beschut werk' van deze klant",
                velden={"begeleidingId": "een voorziening begeleiding bij beschut werk van de klant"},
            )
    loaded = await uow.append(loaded, domain.start_dienstbetrekking(loaded.state, command))
    return Answer(queries.aanvraag_body(loaded.state))


async def stel_taakstelling_vast(uow: UnitOfWork, command: domain.StelTaakstellingVast) -> Answer:
    """The taakstelling of a gemeente the caller acts for."""
    uow.act_for(command.gemeente)
    stream = domain.taakstelling_id(command.gemeente, command.jaar)
    bestaand = await uow.find(domain.TAAKSTELLINGEN, stream)
    events = domain.stel_taakstelling_vast(bestaand.state if bestaand else None, command)
    if bestaand is None:
        await uow.start(domain.TAAKSTELLINGEN, stream, events, gemeente=command.gemeente)
    else:
        await uow.append(bestaand, events)
    body = await queries.realisatie(uow.conn, command.gemeente, command.jaar, None)
    return Answer(body)
