"""Trajecten settings (environment variables)."""

from pydantic import AliasChoices, Field

from libs.events.runtime import ServiceSettings


class Settings(ServiceSettings):
    """Trajecten's own database, and where intake and UWV are."""

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:54320/trajecten",
        validation_alias=AliasChoices("TRAJECTEN_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of trajecten's own database",
    )
    intake_url: str = Field(
        default="http://127.0.0.1:8001",
        validation_alias=AliasChoices("INTAKE_URL", "intake_url"),
        description="Where the BSN is read at the source (intake), for a request to UWV",
    )
    uwv_url: str = Field(
        default="http://127.0.0.1:8011",
        validation_alias=AliasChoices("UWV_URL", "uwv_url"),
        description="UWV's exchange for an advies beschut werk (`make run`: the local stand-in, deploy/uwv/fake.py)",
    )
    uwv_interval_s: float = Field(
        default=60.0,
        gt=0,
        validation_alias=AliasChoices("UWV_INTERVAL_S", "uwv_interval_s"),
        description="How often trajecten asks UWV for the adviezen it waits for",
    )
