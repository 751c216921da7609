"""Logging in: OIDC authorization-code against an issuer of the test's own (real RS256 tokens), the session cookie
and the CSRF token on every form."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Form
from fastapi.responses import RedirectResponse

from services.werkplek.app import build_app
from services.werkplek.settings import Settings
from tests.support import serve

SLEUTEL = rsa.generate_private_key(public_exponent=65537, key_size=2048)
CLIENT = "werkplek"


def _issuer(basis: dict[str, str]) -> FastAPI:
    """Discovery, authorize (consent skipped), token and JWKS: what the authorization-code flow touches."""
    app = FastAPI()
    codes: dict[str, str] = {}

    @app.get("/.well-known/openid-configuration")
    async def discovery() -> dict[str, Any]:
        url = basis["url"]
        return {
            "issuer": url,
            "authorization_endpoint": f"{url}/authorize",
            "token_endpoint": f"{url}/token",
            "jwks_uri": f"{url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    @app.get("/authorize")
    async def authorize(redirect_uri: str, state: str, nonce: str = "") -> RedirectResponse:
        code = f"code-{len(codes)}"
        codes[code] = nonce
        return RedirectResponse(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")

    @app.post("/token")
    async def token(code: str = Form(), client_id: str = Form(default=CLIENT)) -> dict[str, Any]:
        nu = int(time.time())
        claims = {
            "iss": basis["url"],
            "sub": "rechercheur-0014",
            "aud": CLIENT,
            "iat": nu,
            "exp": nu + 300,
            "nonce": codes[code],
            "roles": ["sociaal_rechercheur"],
            "gemeenten": ["GM0014"],
        }
        id_token = jwt.encode(claims, SLEUTEL, algorithm="RS256", headers={"kid": "k1"})
        return {"access_token": "toegangstoken-van-de-issuer", "token_type": "Bearer", "id_token": id_token}

    @app.get("/jwks")
    async def jwks() -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(SLEUTEL.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}

    return app


async def test_oidc_login_puts_the_issuers_token_and_claims_in_the_session() -> None:
    basis: dict[str, str] = {}
    async with serve(_issuer(basis)) as issuer_url:
        basis["url"] = issuer_url
        settings = Settings(oidc_issuer=issuer_url, oidc_client_id=CLIENT, oidc_client_secret="geheim")
        async with serve(build_app(settings)) as url, httpx.AsyncClient(base_url=url) as browser:
            inloggen = await browser.get("/inloggen")
            assert "Inloggen via uw organisatie" in inloggen.text and "Ontwikkel-login" not in inloggen.text
            naar_issuer = await browser.get("/inloggen/oidc")
            assert naar_issuer.status_code == 302
            doel = urlparse(naar_issuer.headers["location"])
            assert f"{doel.scheme}://{doel.netloc}" == issuer_url
            assert parse_qs(doel.query)["response_type"] == ["code"]
            async with httpx.AsyncClient() as issuer:
                terug = await issuer.get(naar_issuer.headers["location"])
            terug_url = urlparse(terug.headers["location"])
            klaar = await browser.get(f"{terug_url.path}?{terug_url.query}")
            assert klaar.status_code == 303 and klaar.headers["location"] == "/"
            start = await browser.get("/")
            assert "Goedendag, rechercheur-0014" in start.text and "Groningen" in start.text
            # A callback with another state than the one the session started is refused.
            vals = await browser.get(f"{terug_url.path}?code=code-0&state=vervalst")
            assert vals.status_code == 401 and "Inloggen mislukt" in vals.text


async def test_a_form_without_a_csrf_token_or_with_missing_fields_gets_a_clear_page() -> None:
    async with serve(build_app(Settings(dev_login=True))) as url, httpx.AsyncClient(base_url=url) as browser:
        pagina = await browser.get("/inloggen")
        assert pagina.headers["X-Frame-Options"] == "DENY"  # no other site frames the screens (clickjacking)
        assert pagina.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
        token = pagina.text.split('name="csrf" value="')[1].split('"')[0]
        zonder = await browser.post("/inloggen", data={"sub": "x", "rollen": "toegang", "gemeenten": "GM0014"})
        assert zonder.status_code == 403 and "Formulier verlopen" in zonder.text
        onvolledig = await browser.post("/inloggen", data={"csrf": token, "sub": "x", "gemeenten": "GM0014"})
        assert onvolledig.status_code == 400 and "Rollen: Vul dit in." in onvolledig.text
        goed = await browser.post(
            "/inloggen", data={"csrf": token, "sub": "x", "rollen": "toegang", "gemeenten": "GM0014"}
        )
        assert goed.status_code == 303
        cookie = goed.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
