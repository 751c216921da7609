"""Events produced by intake (topic `intake.events`). Personal data never appears here: only klant_id."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from ..registry import EventData

TOPIC = "intake.events"
GEMEENTE_PATTERN = r"^GM\d{4}$"


class Kanaal(StrEnum):
    """Where the question came in."""

    KCC = "kcc"
    WIJKTEAM = "wijkteam"
    KEUKENTAFELGESPREK = "keukentafelgesprek"
    WERKPLEIN = "werkplein"
    E_FORMULIER = "e-formulier"


class Hulpvraag(StrEnum):
    """What the person asks help with."""

    WERK = "werk"
    INKOMEN = "inkomen"
    BEIDE = "beide"


class Route(StrEnum):
    """Route chosen by the primaire diagnose."""

    WERK = "werk"
    ONTWIKKELING = "ontwikkeling"
    PARTICIPATIE = "participatie"


class AanmeldingOntvangen(EventData):
    """A question for help with work or income was registered."""

    event_type = "AanmeldingOntvangen"
    schema_version = 1

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    kanaal: Kanaal
    hulpvraag: Hulpvraag
    kanaal_referentie: str | None = None
    ontvangen_op: datetime


class DiagnoseVastgesteld(EventData):
    """The primaire diagnose chose a route and whether an uitkering is needed."""

    event_type = "DiagnoseVastgesteld"
    schema_version = 1

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    route: Route
    uitkering_nodig: bool
    toelichting: str | None = None
    vastgesteld_op: datetime
