"""Handhaving settings (environment variables)."""

from pydantic import AliasChoices, Field

from libs.events.runtime import ServiceSettings


class Settings(ServiceSettings):
    """Handhaving's own database (the audit store)."""

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:54320/handhaving",
        validation_alias=AliasChoices("HANDHAVING_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of handhaving's own database",
    )
