"""Matching settings (environment variables)."""

from pydantic import AliasChoices, Field, field_validator

from libs.events.runtime import ServiceSettings

from .caseload import STANDAARD_NORM
from .scoring import STANDAARD_GEWICHTEN, controleer_gewichten


class Settings(ServiceSettings):
    """Matching's own database, the score weights and the caseload norm."""

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:54320/matching",
        validation_alias=AliasChoices("MATCHING_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of matching's own database",
    )
    matching_gewichten: dict[str, int] = Field(
        default_factory=lambda: dict(STANDAARD_GEWICHTEN),
        description="Weight per score component as JSON, e.g. "
        '{"vaardigheden": 35, "afstand": 20, ...}; recorded with every voorstel',
    )
    matching_weging_versie: str = Field(
        default="weging-2026.1", description="Name of this set of weights, recorded with every voorstel"
    )
    caseload_norm: int = Field(
        default=STANDAARD_NORM, ge=1, description="Kandidaten per full-time klantmanager before rebalancing"
    )

    @field_validator("matching_gewichten")
    @classmethod
    def _gewichten(cls, value: dict[str, int]) -> dict[str, int]:
        return controleer_gewichten(value)
