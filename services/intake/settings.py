"""Intake settings (environment variables)."""

from datetime import date

from pydantic import AliasChoices, Field

from libs.events.runtime import ServiceSettings


class Settings(ServiceSettings):
    """Intake's database and its terms."""

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:54320/intake",
        validation_alias=AliasChoices("INTAKE_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of intake's own database",
    )
    vandaag: date | None = Field(
        default=None,
        description="Fix the date the statutory terms count from (acceptance tests of terms over Easter or 5 mei); "
        "unset in production, where it is the real date",
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
