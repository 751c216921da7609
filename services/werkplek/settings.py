"""Werkplek settings (environment variables): where the services are, the session secret, how people log in."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings

from libs.events.settings import DEV_JWT_SECRET


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
    session_secret: str = Field(
        default="werkplek-development-session-secret",
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
