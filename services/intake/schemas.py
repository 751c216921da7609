"""Request and response bodies of the intake API (snake_case JSON, ISO 8601 dates)."""

from __future__ import annotations

import re
from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator
from stdnum.nl import bsn as stdnum_bsn

from libs.events.contracts.intake import GEMEENTE_PATTERN, Hulpvraag, Kanaal, Route
from libs.gebieden import gemeenten

from .domain import Aanmelding, AanmeldingStatus

_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")


class Persoon(BaseModel):
    """Personal data of the person asking for help. Stored only in intake."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    bsn: str = Field(
        description="Burgerservicenummer, 9 digits, checked with the elfproef", examples=["111222333"]
    )
    naam: str = Field(
        min_length=1,
        max_length=200,
        description="Full name as the person gives it",
        examples=["Jan de Vries"],
    )
    geboortedatum: date = Field(description="Date of birth (ISO 8601)", examples=["1990-05-17"])
    postcode: str = Field(
        description="Dutch postcode of the home address; stored as 1234AB", examples=["9711AB"]
    )

    @field_validator("bsn")
    @classmethod
    def _bsn(cls, value: str) -> str:
        if not stdnum_bsn.is_valid(value):
            raise ValueError("geen geldig BSN (9 cijfers, elfproef)")
        return str(stdnum_bsn.compact(value))

    @field_validator("geboortedatum")
    @classmethod
    def _geboortedatum(cls, value: date) -> date:
        if value >= date.today() or value.year < 1900:
            raise ValueError("geboortedatum moet in het verleden liggen (na 1900)")
        return value

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        match = _POSTCODE.match(value)
        if match is None:
            raise ValueError("postcode moet de vorm 1234AB hebben")
        return f"{match.group(1)}{match.group(2).upper()}"


class AanmeldingRequest(BaseModel):
    """A question for help with work or income, from any front-office channel."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    gemeente: str = Field(
        pattern=GEMEENTE_PATTERN, description="CBS code of the gemeente of residence", examples=["GM0014"]
    )
    kanaal: Kanaal = Field(description="Channel the question came in through", examples=["kcc"])
    hulpvraag: Hulpvraag = Field(description="What the person asks help with", examples=["werk"])
    kanaal_referentie: str | None = Field(
        default=None,
        max_length=100,
        description="The channel's own reference (e.g. KCC ticket number)",
        examples=["KCC-2026-000123"],
    )
    persoon: Persoon

    @field_validator("gemeente")
    @classmethod
    def _gemeente_bestaat(cls, value: str) -> str:
        if value not in gemeenten():
            raise ValueError("onbekende gemeentecode (CBS-lijst 2025/2026)")
        return value


class DiagnoseRequest(BaseModel):
    """Outcome of the primaire diagnose."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    route: Route = Field(description="werk, ontwikkeling or participatie", examples=["werk"])
    uitkering_nodig: bool = Field(description="Does the person need an uitkering?", examples=[False])
    toelichting: str | None = Field(default=None, max_length=2000, description="Motivation in free text")


class AanmeldingResponse(BaseModel):
    """Current state of an aanmelding. Carries the pseudonymous klant_id, no personal data."""

    id: UUID = Field(description="Aanmelding id")
    klant_id: UUID = Field(description="Pseudonymous id of the person in the whole region")
    klant_bestond_al: bool | None = Field(
        default=None, description="On creation: true when this BSN was already known as a klant in the region"
    )
    gemeente: str
    kanaal: Kanaal
    hulpvraag: Hulpvraag
    kanaal_referentie: str | None
    status: AanmeldingStatus
    route: Route | None
    uitkering_nodig: bool | None
    toelichting: str | None
    ontvangen_op: datetime
    diagnose_op: datetime | None
    versie: int = Field(description="Stream version: number of events recorded for this aanmelding")

    @classmethod
    def of(cls, state: Aanmelding, klant_bestond_al: bool | None = None) -> AanmeldingResponse:
        """Response body for a folded aanmelding."""
        return cls(
            id=state.aanmelding_id,
            klant_id=state.klant_id,
            klant_bestond_al=klant_bestond_al,
            gemeente=state.gemeente,
            kanaal=state.kanaal,
            hulpvraag=state.hulpvraag,
            kanaal_referentie=state.kanaal_referentie,
            status=state.status,
            route=state.route,
            uitkering_nodig=state.uitkering_nodig,
            toelichting=state.toelichting,
            ontvangen_op=state.ontvangen_op,
            diagnose_op=state.diagnose_op,
            versie=state.versie,
        )
