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

    # The BRP (Haal Centraal BRP Personen and the BRP Update API). `make run` serves deploy/brp/fake.py here.
    brp_url: str = Field(
        default="http://127.0.0.1:8010/haalcentraal/api/brp",
        description="Base URL of BRP API Personen (…/personen is appended); production: the gemeente's gateway",
    )
    brp_update_url: str = Field(
        default="http://127.0.0.1:8010/haalcentraal/api/brpupdate",
        description="Base URL of the BRP Update API (volgindicaties, wijzigingen)",
    )
    brp_api_key: str | None = Field(
        default=None, description="X-API-KEY header (the older Haal Centraal proefomgeving)"
    )
    brp_token_url: str | None = Field(
        default=None, description="OAuth2 token endpoint for client credentials (RvIG's …/nidp/oauth/nam/token)"
    )
    brp_client_id: str | None = Field(default=None, description="OAuth2 client id issued by RvIG")
    brp_client_secret: str | None = Field(default=None, description="OAuth2 client secret issued by RvIG")
    brp_scope: str | None = Field(default=None, description="OAuth2 scope: <afnemersindicatie>-<OIN>")
    brp_resource_server: str | None = Field(
        default=None, description="Extra token request parameter resourceServer (RvIG: ResourceServer01)"
    )
    brp_client_cert: str | None = Field(default=None, description="PKIoverheid client certificate (PEM file) for mTLS")
    brp_client_key: str | None = Field(default=None, description="Private key of that certificate (PEM file)")
    brp_ca_bundle: str | None = Field(default=None, description="CA bundle to verify the BRP's server certificate")
    brp_timeout_s: float = Field(default=10.0, gt=0, description="Timeout of one BRP request")
    brp_volg_interval_s: float = Field(
        default=300.0,
        gt=0,
        description="How often intake asks the BRP Update API which followed persons changed (moves)",
    )
