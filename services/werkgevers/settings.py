"""Werkgevers settings (environment variables)."""

from pydantic import AliasChoices, Field

from libs.events.runtime import ServiceSettings


class Settings(ServiceSettings):
    """Werkgevers' own database."""

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:54320/werkgevers",
        validation_alias=AliasChoices("WERKGEVERS_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of werkgevers' own database",
    )
