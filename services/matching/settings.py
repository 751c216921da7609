"""Matching settings (environment variables)."""

from pydantic import AliasChoices, Field

from libs.events.runtime import ServiceSettings


class Settings(ServiceSettings):
    """Matching's own database."""

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:54320/matching",
        validation_alias=AliasChoices("MATCHING_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of matching's own database",
    )
