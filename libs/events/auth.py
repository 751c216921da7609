"""JWT bearer authentication: HS256 with a local secret, or JWKS (OIDC) in production."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict

from libs.gebieden import opgeheven, regio

from . import verwerkingen
from .settings import CommonSettings


class Role(StrEnum):
    """Roles a token can carry (DESIGN §5)."""

    TOEGANG = "toegang"
    KLANTMANAGER = "klantmanager"
    MATCHER = "matcher"
    WERKGEVERSADVISEUR = "werkgeversadviseur"
    UITKERINGSCONSULENT = "uitkeringsconsulent"
    HANDHAVER = "handhaver"
    SOCIAAL_RECHERCHEUR = "sociaal_rechercheur"
    BEHEERDER = "beheerder"


# Roles of the regional team: they work on the whole region of the deployment, whatever gemeenten
# their token names (DESIGN §5). Local roles stay scoped to the token's gemeenten.
REGIONALE_ROLLEN = frozenset({Role.MATCHER.value, Role.WERKGEVERSADVISEUR.value, Role.KLANTMANAGER.value})


class Principal(BaseModel):
    """The authenticated caller and its scope: who, in which roles, for which gemeenten of the region.

    `gemeenten` is the scope of the request: the token's gemeenten, or the whole region when the route
    is used in a regional role (`requires` widens it). `token_gemeenten` stays what the token names:
    a local role acts only there. Neither is ever empty or outside the deployment's region.
    """

    model_config = ConfigDict(frozen=True)

    sub: str
    roles: frozenset[str]
    gemeenten: frozenset[str]
    regionaal: bool = False
    token_gemeenten: frozenset[str] = frozenset()

    def regionaal_in(self, regio: frozenset[str]) -> Principal:
        """The same caller acting in a regional role: scoped to the whole region."""
        return self.model_copy(update={"gemeenten": regio, "regionaal": True})

    def has_any(self, roles: Iterable[str]) -> bool:
        """True when the caller has at least one of `roles`."""
        return not self.roles.isdisjoint(roles)

    def may_act_for(self, gemeente: str) -> bool:
        """True when the caller may act for this gemeente."""
        return gemeente in self.gemeenten

    def scope(self, requested: Iterable[str] | None = None) -> list[str]:
        """The caller's gemeenten, narrowed to `requested` when given (never widened): for scoped reads."""
        return sorted(self.gemeenten if requested is None else self.gemeenten.intersection(requested))


class AuthenticationFailed(Exception):
    """No token, or a token that is expired, malformed or wrongly signed."""


class NotAuthorized(Exception):
    """A valid token without a role that this endpoint requires."""


class Authenticator:
    """Verifies bearer tokens and turns their claims into a Principal."""

    def __init__(self, settings: CommonSettings) -> None:
        self._secret = settings.auth_jwt_secret
        self._issuer = settings.auth_issuer
        self._audience = settings.auth_audience
        self._regio = settings.regio_gemeenten()
        self._regio_naam = f"{settings.arbeidsmarktregio} {regio(settings.arbeidsmarktregio).naam}"
        self._jwks = jwt.PyJWKClient(settings.auth_jwks_url, cache_keys=True) if settings.auth_jwks_url else None

    async def verify(self, token: str) -> Principal:
        """Validate signature, expiry, issuer and audience; return the caller."""
        try:
            if self._jwks is not None:
                signing_key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
                key: Any = signing_key.key
                algorithms = ["RS256", "ES256", "PS256"]
            else:
                key, algorithms = self._secret, ["HS256"]
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                issuer=self._issuer,
                audience=self._audience,
                options={"require": ["sub", "exp"], "verify_aud": self._audience is not None},
            )
        except jwt.PyJWTError as exc:
            raise AuthenticationFailed(f"Het token is ongeldig of verlopen ({exc}).") from exc
        roles = claims.get("roles", [])
        gemeenten = claims.get("gemeenten", [])
        if not isinstance(roles, list) or not isinstance(gemeenten, list):
            raise AuthenticationFailed("De claims roles en gemeenten moeten lijsten zijn.")
        if not gemeenten or not all(isinstance(g, str) for g in gemeenten):
            raise AuthenticationFailed("Het token noemt geen gemeente om namens te handelen.")
        if not isinstance(claims["sub"], str) or not claims["sub"] or not all(isinstance(r, str) for r in roles):
            raise AuthenticationFailed("De claims sub en roles moeten tekst zijn.")
        buiten = sorted(set(gemeenten) - self._regio)
        if buiten:
            # An abolished code is named with its successor, as everywhere else a gemeente code is checked.
            genoemd = [oud.melding() if (oud := opgeheven().get(code)) else code for code in buiten]
            raise NotAuthorized(
                f"Het token noemt gemeenten buiten arbeidsmarktregio {self._regio_naam}: {'; '.join(genoemd)}."
            )
        scope = frozenset(gemeenten)
        return Principal(
            sub=claims["sub"],
            roles=frozenset(roles),
            gemeenten=scope,
            regionaal=scope == self._regio,
            token_gemeenten=scope,
        )

    @property
    def regio(self) -> frozenset[str]:
        """The gemeenten of the deployment's region."""
        return self._regio


_bearer = HTTPBearer(auto_error=False, description="JWT with claims sub, roles and gemeenten")


async def authenticated(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    """FastAPI dependency: the verified caller, or 401."""
    if credentials is None:
        raise AuthenticationFailed("Stuur een bearer token mee.")
    authenticator: Authenticator = request.app.state.authenticator
    principal = await authenticator.verify(credentials.credentials)
    verwerkingen.ken_principal(principal)  # named in the audit record if a processing is refused later
    return principal


# Every role check `requires` made, with its roles: the one declaration the OpenAPI summaries are written from.
_ROLLEN: dict[Callable[..., Any], frozenset[str]] = {}


def rollen_van(dependency: Callable[..., Any]) -> frozenset[str] | None:
    """The roles a dependency made by `requires` admits, or None for any other dependency."""
    return _ROLLEN.get(dependency)


def requires(*roles: Role) -> Callable[[Request, Principal], Awaitable[Principal]]:
    """FastAPI dependency factory: the caller, who must hold one of `roles` (else 403).

    A caller who uses the route in a regional role (REGIONALE_ROLLEN) gets the whole region as scope. The roles
    are also what the route's OpenAPI summary names (`libs.events.openapi`), so the two cannot differ.
    """
    allowed = {r.value for r in roles}

    async def check(request: Request, principal: Annotated[Principal, Depends(authenticated)]) -> Principal:
        if not principal.has_any(allowed):
            raise NotAuthorized(f"Hiervoor is een van deze rollen nodig: {', '.join(sorted(allowed))}.")
        if not principal.roles.isdisjoint(allowed & REGIONALE_ROLLEN):
            authenticator: Authenticator = request.app.state.authenticator
            principal = principal.regionaal_in(authenticator.regio)
            verwerkingen.ken_principal(principal)
        return principal

    _ROLLEN[check] = frozenset(allowed)
    return check


def mint_token(
    secret: str,
    *,
    sub: str,
    roles: Iterable[str],
    gemeenten: Iterable[str],
    ttl_seconds: int = 8 * 3600,
    issuer: str | None = None,
    audience: str | None = None,
) -> str:
    """Create an HS256 token (development and tests only)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": sub,
        "roles": list(roles),
        "gemeenten": list(gemeenten),
        "iat": now,
        "exp": now + ttl_seconds,
    }
    if issuer:
        claims["iss"] = issuer
    if audience:
        claims["aud"] = audience
    return jwt.encode(claims, secret, algorithm="HS256")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(" ", ",").split(",") if part.strip()]


def main() -> None:
    """Print a development token (HS256 with AUTH_JWT_SECRET) as the last line."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--roles", default="toegang", help="comma separated, e.g. toegang,klantmanager")
    parser.add_argument("--gemeenten", default="GM0014", help="comma separated CBS codes")
    parser.add_argument("--sub", default="dev-gebruiker")
    parser.add_argument("--ttl", type=int, default=8 * 3600, help="seconds")
    args = parser.parse_args()
    settings = CommonSettings()
    print(
        mint_token(
            settings.auth_jwt_secret,
            sub=args.sub,
            roles=_split(args.roles),
            gemeenten=_split(args.gemeenten),
            ttl_seconds=args.ttl,
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
        )
    )


if __name__ == "__main__":
    main()
