"""Uitkering settings (environment variables)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import AliasChoices, Field

from libs.events.runtime import ServiceSettings

from . import termijnen


@dataclass(frozen=True)
class Betaalrekening:
    """The gemeente's account the betaalrun pays from."""

    naam: str
    iban: str
    bic: str


class Settings(ServiceSettings):
    """Uitkering's own database, the gemeenten's accounts and where intake is."""

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:54320/uitkering",
        validation_alias=AliasChoices("UITKERING_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of uitkering's own database",
    )
    intake_url: str = Field(
        default="http://127.0.0.1:8001",
        validation_alias=AliasChoices("INTAKE_URL", "intake_url"),
        description="Base URL of intake, for personal data at the source (BSN for the payroll export)",
    )
    betaalrekeningen: dict[str, str] = Field(
        default_factory=dict,
        validation_alias=AliasChoices("UITKERING_BETAALREKENINGEN", "betaalrekeningen"),
        description='Per gemeente "naam|IBAN|BIC" of the account the bijstand is paid from (JSON object)',
    )
    # The development account (a published example IBAN): set the real ones per gemeente in production.
    standaard_betaalrekening: str = Field(
        default="Gemeente {gemeente}|NL91ABNA0417164300|ABNANL2A",
        validation_alias=AliasChoices("UITKERING_STANDAARD_BETAALREKENING", "standaard_betaalrekening"),
        description='"naam|IBAN|BIC" for a gemeente without its own entry; {gemeente} is replaced by its code',
    )

    betaalrun_vanaf_dag: int = Field(
        default=20,
        ge=1,
        le=28,
        validation_alias=AliasChoices("UITKERING_BETAALRUN_VANAF_DAG", "betaalrun_vanaf_dag"),
        description="Day of the month before from which a month may be paid (betaalrun, voorschot): 20 pays "
        "January from 20 December; a later month is refused with the first day it can run",
    )

    def eerste_betaaldag(self, periode: date) -> date:
        """The first day the money for `periode` may leave."""
        return termijnen.eerste_betaaldag(periode, self.betaalrun_vanaf_dag)

    timer_interval_s: float = Field(
        default=60.0,
        gt=0,
        validation_alias=AliasChoices("UITKERING_TIMER_INTERVAL_S", "timer_interval_s"),
        description="Seconds between checks for due voorschotten (art. 52)",
    )

    def betaalrekening(self, gemeente: str) -> Betaalrekening:
        """The account the gemeente pays from."""
        naam, iban, bic = self.betaalrekeningen.get(gemeente, self.standaard_betaalrekening).split("|")
        return Betaalrekening(naam.replace("{gemeente}", gemeente), iban, bic)


def van(runtime: Any) -> Settings:
    """The uitkering settings a runtime was started with."""
    settings = runtime.settings
    if not isinstance(settings, Settings):
        raise TypeError("uitkering runs with services.uitkering.settings.Settings")
    return settings
