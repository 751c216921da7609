"""Matching domain: the regional candidate pool as a pure fold over intake's events."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from libs.events.contracts.intake import AanmeldingOntvangen, DiagnoseVastgesteld, Hulpvraag, Route
from libs.events.registry import EventData

# Routes whose klanten belong in the regional pool; participatie stays local.
POOL_ROUTES = frozenset({Route.WERK, Route.ONTWIKKELING})


@dataclass(frozen=True)
class Kandidaat:
    """What matching knows of a klant: no personal data, only what matching needs."""

    klant_id: UUID
    aanmelding_id: UUID
    gemeente: str
    hulpvraag: Hulpvraag
    aangemeld_op: datetime
    route: Route | None = None
    uitkering_nodig: bool | None = None
    gediagnosticeerd_op: datetime | None = None

    @property
    def in_pool(self) -> bool:
        """True when the diagnose routed this klant to werk or ontwikkeling."""
        return self.route in POOL_ROUTES


def evolve(state: Kandidaat | None, event: EventData) -> Kandidaat | None:
    """Apply one intake event to a klant's kandidaat state (latest aanmelding wins)."""
    match event:
        case AanmeldingOntvangen():
            if (
                state is not None
                and state.aanmelding_id != event.aanmelding_id
                and state.aangemeld_op > event.ontvangen_op
            ):
                return state
            return Kandidaat(
                klant_id=event.klant_id,
                aanmelding_id=event.aanmelding_id,
                gemeente=event.gemeente,
                hulpvraag=event.hulpvraag,
                aangemeld_op=event.ontvangen_op,
            )
        case DiagnoseVastgesteld() if state is not None and state.aanmelding_id == event.aanmelding_id:
            return replace(
                state,
                route=event.route,
                uitkering_nodig=event.uitkering_nodig,
                gediagnosticeerd_op=event.vastgesteld_op,
            )
    return state
