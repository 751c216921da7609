"""Werkplek settings (environment variables): where the services are, the session secret, how people log in."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings

from libs.events.settings import DEV_JWT_SECRET, UnsafeSettings, weak_secret

DEV_SESSION_SECRET = "werkplek-development-session-secret"


class Settings(BaseSettings):
    """Where each service's API is, and how a user logs in (OIDC in production, a development login locally)."""

    intake_url: str = Field(default="http://127.0.0.1:8001", validation_alias=AliasChoices("INTAKE_URL", "intake_url"))
    matching_url: str = Field(
        default="http://127.0.0.1:8002", validation_alias=AliasChoices("MATCHING_URL", "matching_url")
    )
    werkgevers_url: str = Field(
        default="http://127.0.0.1:8003", validation_alias=AliasChoices("WERKGEVERS_URL", "werkgevers_url")
    )
    uitkering_url: str = Field(
        default="http://127.0.0.1:8004", validation_alias=AliasChoices("UITKERING_URL", "uitkering_url")
    )
    handhaving_url: str = Field(
        default="http://127.0.0.1:8005", validation_alias=AliasChoices("HANDHAVING_URL", "handhaving_url")
    )
    trajecten_url: str = Field(
        default="http://127.0.0.1:8006", validation_alias=AliasChoices("TRAJECTEN_URL", "trajecten_url")
    )
    session_secret: str = Field(
        default=DEV_SESSION_SECRET,
        validation_alias=AliasChoices("WERKPLEK_SESSION_SECRET", "session_secret"),
        description="Signs the session cookie; set a long random value in production",
    )
    secure_cookies: bool = Field(
        default=False,
        validation_alias=AliasChoices("WERKPLEK_SECURE_COOKIES", "secure_cookies"),
        description="Mark the session cookie Secure (served over TLS)",
    )
    dev_login: bool = Field(
        default=False,
        validation_alias=AliasChoices("WERKPLEK_DEV_LOGIN", "dev_login"),
        description="Offer the development login that mints a dev token (never in production)",
    )
    dev_mode: bool = Field(
        default=False,
        validation_alias=AliasChoices("DEV_MODE", "dev_mode"),
        description="Development mode (`make run` and the tests): the only mode with the development login and "
        "the published development secrets",
    )
    dev_jwt_secret: str = Field(
        default=DEV_JWT_SECRET, validation_alias=AliasChoices("AUTH_JWT_SECRET", "dev_jwt_secret")
    )
    oidc_issuer: str | None = Field(
        default=None,
        validation_alias=AliasChoices("OIDC_ISSUER", "oidc_issuer"),
        description="The issuer the APIs trust; its /.well-known/openid-configuration is read",
    )
    oidc_client_id: str | None = Field(default=None, validation_alias=AliasChoices("OIDC_CLIENT_ID", "oidc_client_id"))
    oidc_client_secret: str | None = Field(
        default=None, validation_alias=AliasChoices("OIDC_CLIENT_SECRET", "oidc_client_secret")
    )

    def refuse_unsafe(self) -> None:
        """Refuse to start outside development mode with the development login or a published secret."""
        if self.dev_mode:
            return
        problems = [weak_secret("WERKPLEK_SESSION_SECRET", self.session_secret, DEV_SESSION_SECRET)]
        if self.dev_login:
            problems.append("WERKPLEK_DEV_LOGIN is on; the development login exists only with DEV_MODE=true")
        found = [p for p in problems if p]
        if found:
            raise UnsafeSettings("refusing to start: " + "; ".join(found) + ".")
