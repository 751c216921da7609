"""Trajecten settings (environment variables)."""

from pydantic import AliasChoices, Field

from libs.events.runtime import ServiceSettings


class Settings(ServiceSettings):
    """Trajecten's own database."""

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:54320/trajecten",
        validation_alias=AliasChoices("TRAJECTEN_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of trajecten's own database",
    )
