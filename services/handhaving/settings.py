"""Handhaving settings (environment variables)."""

from pydantic import AliasChoices, Field

from libs.events.runtime import ServiceSettings

from .sleutels import ProducentSleutels, standaard_plaatsen


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
    producer_jwks: dict[str, str] = Field(
        default_factory=dict,
        validation_alias=AliasChoices("PRODUCER_JWKS", "producer_jwks"),
        description="Where each service's JWK Set is, as JSON {service: URL or file}; a service not named is looked "
        "for at http://127.0.0.1:<its port>/.well-known/jwks.json (make run)",
    )
    sleutels_opnieuw_s: float = Field(
        default=30.0,
        gt=0,
        validation_alias=AliasChoices("SLEUTELS_OPNIEUW_S", "sleutels_opnieuw_s"),
        description="At most this often per producer the audit store fetches its JWK Set for a key id it does not know",
    )

    reconciliatie_interval_s: float = Field(
        default=3600.0,
        gt=0,
        validation_alias=AliasChoices("RECONCILIATIE_INTERVAL_S", "reconciliatie_interval_s"),
        description="How often the audit store is reconciled with every service's own store (read access to their "
        "databases through <SERVICE>_DATABASE_URL)",
    )
    reconciliatie_marge_s: float = Field(
        default=300.0,
        ge=0,
        validation_alias=AliasChoices("RECONCILIATIE_MARGE_S", "reconciliatie_marge_s"),
        description="Events younger than this may still be on their way to the audit store: not missed yet",
    )

    def producent_sleutels(self) -> ProducentSleutels:
        """The key ring the audit store checks event signatures with."""
        plaatsen = {**standaard_plaatsen(), **self.producer_jwks}
        return ProducentSleutels(plaatsen, dev_mode=self.dev_mode, opnieuw_s=self.sleutels_opnieuw_s)
