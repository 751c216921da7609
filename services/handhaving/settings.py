"""Handhaving settings (environment variables)."""

from pydantic import AliasChoices, Field

from libs.events.runtime import ServiceSettings


class Settings(ServiceSettings):
    """Handhaving's own database (the audit store) and where intake is."""

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:54320/handhaving",
        validation_alias=AliasChoices("HANDHAVING_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of handhaving's own database",
    )
    intake_url: str = Field(
        default="http://127.0.0.1:8001",
        validation_alias=AliasChoices("INTAKE_URL", "intake_url"),
        description="Base URL of intake, to match a signal's BSN to a klant (purpose handhaving)",
    )
