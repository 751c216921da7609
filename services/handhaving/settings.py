"""Handhaving settings (environment variables)."""

from functools import cached_property

from pydantic import AliasChoices, Field

from libs.events import ondertekening
from libs.events.runtime import ServiceSettings
from libs.events.settings import UnsafeSettings


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

    @cached_property
    def sleutel(self) -> ondertekening.Sleutel:
        """The key dossiers are signed with (one per process in development mode when none is set)."""
        return ondertekening.laad(
            self.signing_key, self.signing_key_file, self.signing_previous_keys, dev_mode=self.dev_mode
        )

    def refuse_unsafe(self) -> None:
        """Also refuse to start without a signing key outside development mode: a dossier must stay verifiable."""
        super().refuse_unsafe()
        if not self.dev_mode and not (self.signing_key or self.signing_key_file):
            raise UnsafeSettings("refusing to start: SIGNING_KEY or SIGNING_KEY_FILE is not set (dossiers are signed)")
