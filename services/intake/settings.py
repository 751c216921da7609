"""Intake settings (environment variables)."""

from pydantic import AliasChoices, Field, field_validator

from libs.events.runtime import ServiceSettings
from libs.gebieden import gemeenten_in_regio


class Settings(ServiceSettings):
    """Intake's database and the region it serves."""

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:54320/intake",
        validation_alias=AliasChoices("INTAKE_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of intake's own database",
    )
    arbeidsmarktregio: str = Field(
        default="AM01", description="Code of the arbeidsmarktregio this deployment serves (AM01 = Groningen)"
    )

    overdracht_termijn_werkdagen: int = Field(
        default=5,
        ge=1,
        le=30,
        description="Working days a receiving team has to accept or refuse an overdracht",
    )
    timer_interval_s: float = Field(
        default=60.0, gt=0, description="How often due overdracht/e-dienstverlening checks run"
    )

    @field_validator("arbeidsmarktregio")
    @classmethod
    def _bestaande_regio(cls, value: str) -> str:
        gemeenten_in_regio(value)  # raises UnknownRegio (a ValueError) for a code that does not exist
        return value

    def regio_gemeenten(self) -> frozenset[str]:
        """CBS codes of the gemeenten this deployment serves."""
        return gemeenten_in_regio(self.arbeidsmarktregio)
