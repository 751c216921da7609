"""Intake domain: aanmelding and primaire diagnose. Pure: commands in, events out, fold events to state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from libs.events.contracts.intake import AanmeldingOntvangen, DiagnoseVastgesteld, Hulpvraag, Kanaal, Route
from libs.events.registry import EventData

STREAM_TYPE = "aanmelding"


class IntakeError(Exception):
    """Base for intake's domain errors."""


class GemeenteBuitenRegio(IntakeError):
    """The gemeente exists but is not part of the arbeidsmarktregio this deployment serves."""


class DiagnoseAlVastgesteld(IntakeError):
    """The aanmelding already has a diagnose."""


class AanmeldingStatus(StrEnum):
    """Where an aanmelding stands."""

    ONTVANGEN = "ontvangen"
    GEDIAGNOSTICEERD = "gediagnosticeerd"


@dataclass(frozen=True)
class MeldAan:
    """Command: register a question for help."""

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str
    kanaal: Kanaal
    hulpvraag: Hulpvraag
    kanaal_referentie: str | None
    ontvangen_op: datetime


@dataclass(frozen=True)
class StelDiagnoseVast:
    """Command: record the primaire diagnose."""

    route: Route
    uitkering_nodig: bool
    toelichting: str | None
    vastgesteld_op: datetime


@dataclass(frozen=True)
class Aanmelding:
    """State of one aanmelding, folded from its events."""

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str
    kanaal: Kanaal
    hulpvraag: Hulpvraag
    kanaal_referentie: str | None
    ontvangen_op: datetime
    status: AanmeldingStatus = AanmeldingStatus.ONTVANGEN
    route: Route | None = None
    uitkering_nodig: bool | None = None
    toelichting: str | None = None
    diagnose_op: datetime | None = None
    versie: int = 0


def meld_aan(command: MeldAan, regio_gemeenten: frozenset[str]) -> list[EventData]:
    """Accept an aanmelding for a gemeente of the served region."""
    if command.gemeente not in regio_gemeenten:
        raise GemeenteBuitenRegio(
            f"gemeente {command.gemeente} hoort niet bij de arbeidsmarktregio van deze omgeving"
        )
    return [
        AanmeldingOntvangen(
            aanmelding_id=command.aanmelding_id,
            klant_id=command.klant_id,
            gemeente=command.gemeente,
            kanaal=command.kanaal,
            hulpvraag=command.hulpvraag,
            kanaal_referentie=command.kanaal_referentie,
            ontvangen_op=command.ontvangen_op,
        )
    ]


def stel_diagnose_vast(state: Aanmelding, command: StelDiagnoseVast) -> list[EventData]:
    """Record the diagnose of an aanmelding that has none yet."""
    if state.status is not AanmeldingStatus.ONTVANGEN:
        raise DiagnoseAlVastgesteld(f"aanmelding {state.aanmelding_id} heeft al een diagnose")
    return [
        DiagnoseVastgesteld(
            aanmelding_id=state.aanmelding_id,
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            route=command.route,
            uitkering_nodig=command.uitkering_nodig,
            toelichting=command.toelichting,
            vastgesteld_op=command.vastgesteld_op,
        )
    ]


def evolve(state: Aanmelding | None, event: EventData) -> Aanmelding | None:
    """Apply one event to the state."""
    match event:
        case AanmeldingOntvangen():
            return Aanmelding(
                aanmelding_id=event.aanmelding_id,
                klant_id=event.klant_id,
                gemeente=event.gemeente,
                kanaal=event.kanaal,
                hulpvraag=event.hulpvraag,
                kanaal_referentie=event.kanaal_referentie,
                ontvangen_op=event.ontvangen_op,
                versie=1,
            )
        case DiagnoseVastgesteld() if state is not None:
            return replace(
                state,
                status=AanmeldingStatus.GEDIAGNOSTICEERD,
                route=event.route,
                uitkering_nodig=event.uitkering_nodig,
                toelichting=event.toelichting,
                diagnose_op=event.vastgesteld_op,
                versie=state.versie + 1,
            )
    return state


def fold(events: Iterable[EventData]) -> Aanmelding | None:
    """State after all events, or None for an empty stream."""
    state: Aanmelding | None = None
    for event in events:
        state = evolve(state, event)
    return state


class AanmeldingNietGevonden(IntakeError):
    """No aanmelding with this id is visible to the caller."""
