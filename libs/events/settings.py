"""Settings every service shares; each service's settings.py extends them. All come from env vars."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from libs.events import ondertekening
from libs.gebieden import gemeenten_in_regio

DEV_JWT_SECRET = "dev-only-secret-change-me-in-production-0123456789"
# RFC 7518 §3.2: an HS256 key has at least as many bits as the hash, 256.
MIN_SECRET_BYTES = 32


class UnsafeSettings(RuntimeError):
    """A setting that must never reach production still has its published development value."""


def weak_secret(name: str, value: str, published: str) -> str | None:
    """Why `value` may not sign anything outside development mode, or None when it may."""
    if value == published:
        return f"{name} is the development secret that stands in the repository"
    if len(value.encode()) < MIN_SECRET_BYTES:
        return f"{name} is shorter than {MIN_SECRET_BYTES} bytes"
    return None


class CommonSettings(BaseSettings):
    """Broker, auth and logging settings (environment variables, case-insensitive)."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:19092", description="Kafka bootstrap servers, comma separated"
    )
    kafka_topic_prefix: str = Field(
        default="", description="Prefix for every topic name (separates regions or test runs)"
    )
    kafka_topic_partitions: int = Field(default=4, description="Partitions for topics this service creates")
    kafka_replication_factor: int = Field(
        default=1, ge=1, description="Replicas of every topic this service creates (3 in production)"
    )
    kafka_min_insync_replicas: int = Field(
        default=1,
        ge=1,
        description="min.insync.replicas of those topics: with acks=all a write needs this many replicas (2 in "
        "production, so one broker may fail without losing an acknowledged event)",
    )
    kafka_session_timeout_ms: int = 10_000
    kafka_heartbeat_interval_ms: int = 3_000
    kafka_fetch_max_wait_ms: int = 100
    kafka_request_timeout_ms: int = 15_000
    kafka_security_protocol: str = "PLAINTEXT"
    kafka_sasl_mechanism: str | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: str | None = None

    relay_batch_size: int = 500
    relay_poll_interval_s: float = 0.02
    relay_lease_s: float = Field(
        default=30.0,
        gt=0,
        description="A relay publishes nothing later than this after it last confirmed its leadership, and a new "
        "leader waits this long after the previous one's last confirmation; keep it above the Kafka request timeout",
    )
    consumer_batch_size: int = 1000
    consumer_stall_s: float = Field(
        default=60.0, gt=0, description="A consumer with lag that applied nothing for this long is not ready"
    )
    consumer_probe_interval_s: float = Field(
        default=5.0, gt=0, description="How often an idle consumer checks that the broker answers"
    )
    consumer_probe_timeout_s: float = Field(default=3.0, gt=0, description="How long that check may take")

    dev_mode: bool = Field(
        default=False,
        description="Development mode (`make run` and the tests set DEV_MODE=true): only then may the published "
        "development secrets sign tokens and cursors",
    )
    auth_jwt_secret: str = Field(default=DEV_JWT_SECRET, description="HS256 secret (local development)")
    cursor_secret: str | None = Field(
        default=None,
        description="Signs pagination cursors (HMAC-SHA256); unset: AUTH_JWT_SECRET. Set it when tokens come "
        "from JWKS, at least 32 bytes, the same on every instance of a service",
    )
    auth_jwks_url: str | None = Field(default=None, description="JWKS URL of the OIDC provider (production)")
    signing_key: str | None = Field(
        default=None,
        description="The service's Ed25519 signing key, PEM (from a Secret); see libs/events/ondertekening",
    )
    signing_key_file: str | None = Field(default=None, description="The same key from a PEM file (make run)")
    signing_previous_keys: str | None = Field(
        default=None,
        description="Public keys (PEM, blank-line separated) of earlier signing keys, still published after a "
        "rotation so what they signed verifies",
    )
    auth_issuer: str | None = None
    auth_audience: str | None = None

    arbeidsmarktregio: str = Field(
        default="AM01",
        description="Code of the arbeidsmarktregio this deployment serves (AM01 = Groningen); tokens may only "
        "name its gemeenten",
    )

    public_base_url: str = Field(
        default="",
        description="Where clients reach this service (https://intake.regio.example); the OpenAPI server is this "
        "plus /api/v1. Empty: relative to the document",
    )
    api_contact_name: str = Field(default="Beheer regionaal platform Participatiewet", description="OpenAPI contact")
    api_contact_email: str = Field(default="beheer@regio.example", description="OpenAPI contact e-mail")
    api_contact_url: str = Field(default="https://regio.example/api", description="OpenAPI contact page")
    cors_allow_origins: list[str] = Field(
        default_factory=list,
        description="Browser origins allowed to call the API (CORS); empty turns CORS off",
    )

    otel_exporter_otlp_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP endpoint to export spans to (needs the `otlp` extra); trace ids flow without it",
    )

    log_level: str = "INFO"
    log_json: bool = True
    max_body_bytes: int = 64 * 1024

    @model_validator(mode="after")
    def _insync_fits_replicas(self) -> CommonSettings:
        if self.kafka_min_insync_replicas > self.kafka_replication_factor:
            raise ValueError("kafka_min_insync_replicas cannot exceed kafka_replication_factor")
        return self

    @model_validator(mode="after")
    def _lease_outlasts_requests(self) -> CommonSettings:
        if self.relay_lease_s * 1000 <= self.kafka_request_timeout_ms:
            raise ValueError("relay_lease_s must be longer than the Kafka request timeout")
        return self

    @field_validator("arbeidsmarktregio")
    @classmethod
    def _bestaande_regio(cls, value: str) -> str:
        gemeenten_in_regio(value)  # raises UnknownRegio (a ValueError) for a code that does not exist
        return value

    def sleutel(self, dienst: str) -> ondertekening.Sleutel:
        """The key `dienst` signs its events (and handhaving its dossiers) with; its development key in dev mode."""
        return ondertekening.laad(
            self.signing_key, self.signing_key_file, self.signing_previous_keys, dev_mode=self.dev_mode, dienst=dienst
        )

    def cursor_key(self) -> bytes:
        """The key pagination cursors are signed with."""
        return (self.cursor_secret or self.auth_jwt_secret).encode()

    def refuse_unsafe(self) -> None:
        """Refuse to start outside development mode while a published secret would sign tokens or cursors."""
        if self.dev_mode:
            return
        problems = []
        if self.auth_jwks_url is None:
            problems.append(weak_secret("AUTH_JWT_SECRET", self.auth_jwt_secret, DEV_JWT_SECRET))
        cursor_name = "CURSOR_SECRET" if self.cursor_secret else "AUTH_JWT_SECRET (signing cursors)"
        problems.append(weak_secret(cursor_name, self.cursor_secret or self.auth_jwt_secret, DEV_JWT_SECRET))
        if not (self.signing_key or self.signing_key_file):
            problems.append("SIGNING_KEY or SIGNING_KEY_FILE is not set (every service signs the events it records)")
        found = sorted({p for p in problems if p})
        if found:
            raise UnsafeSettings(
                "refusing to start: " + "; ".join(found) + ". Set a long random secret (or AUTH_JWKS_URL and "
                "CURSOR_SECRET), or DEV_MODE=true on a development machine."
            )

    def regio_gemeenten(self) -> frozenset[str]:
        """CBS codes of the gemeenten this deployment serves."""
        return gemeenten_in_regio(self.arbeidsmarktregio)

    def topic(self, name: str) -> str:
        """Full topic name with the configured prefix."""
        return f"{self.kafka_topic_prefix}{name}"
