"""Intake settings (environment variables)."""

from pydantic import AliasChoices, Field

from libs.events.runtime import ServiceSettings


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
