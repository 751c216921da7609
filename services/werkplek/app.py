"""Werkplek wiring: `uvicorn services.werkplek.app:app` (port 8000 under `make run`).

Pages are rendered on the server and call the services' APIs with the user's own token (`diensten.py`), so
every authorization and access-log rule of the APIs holds here too. No JavaScript is needed. Every form
carries a CSRF token bound to the session; the session cookie is HttpOnly, SameSite=Lax, Secure over TLS.
The screens live per area (`toegang`, `bemiddeling`, `traject`, `wsw`, `inkomen`, `recherche`, `beleid`, `klantbeeld`);
plumbing in `web.py`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

from authlib.integrations.starlette_client import OAuth  # type: ignore[import-untyped]
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from libs.events.observability import get_logger
from libs.events.settings import CommonSettings

from . import beleid, bemiddeling, inkomen, inloggen, klantbeeld, recherche, toegang, traject, wsw
from .diensten import NietIngelogd, Verbindingen, Weigering, reden_in_het_nederlands
from .settings import Settings
from .web import HIER, pagina, terug_naar_formulier

log = get_logger(__name__)
SCHERMEN = (inloggen, toegang, klantbeeld, bemiddeling, traject, wsw, inkomen, recherche, beleid)

# HTML in the werkplek's layout instead of the framework's JSON for a wrong address or method.
_HTTP_FOUTEN = {
    404: ("Pagina niet gevonden", "Dit adres bestaat niet (meer). Controleer het adres of ga terug naar de start."),
    405: ("Dit kan hier niet", "Deze pagina is een formulieractie; open de pagina waar het formulier op staat."),
}


def _formulierfout(fout: RequestValidationError) -> Weigering:
    """A form this site checks itself (a number that is not one, a missing field), per field and in Dutch."""
    velden: dict[str, str] = {}
    for e in fout.errors():
        velden.setdefault(str(e["loc"][-1]), reden_in_het_nederlands({"code": e.get("type"), "reason": e.get("msg")}))
    return Weigering(400, "Controleer het formulier", "Niet alles is goed ingevuld; zie de velden hieronder.", velden)


def build_app(settings: Settings | None = None) -> FastAPI:
    """The werkplek app (tests pass their own settings)."""
    settings = settings or Settings()
    settings.refuse_unsafe()
    verbindingen = Verbindingen(settings)

    @contextlib.asynccontextmanager
    async def levensduur(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await verbindingen.sluit()

    app = FastAPI(title="Werkplek", docs_url=None, redoc_url=None, openapi_url=None, lifespan=levensduur)
    app.state.settings = settings
    app.state.verbindingen = verbindingen
    app.state.regio = CommonSettings().regio_gemeenten()
    app.state.oidc = None
    if settings.oidc_issuer and settings.oidc_client_id:
        oauth = OAuth()
        oauth.register(
            "regio",
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret,
            server_metadata_url=f"{settings.oidc_issuer.rstrip('/')}/.well-known/openid-configuration",
            client_kwargs={"scope": "openid profile"},
        )
        app.state.oidc = oauth
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        session_cookie="werkplek",
        same_site="lax",
        https_only=settings.secure_cookies,
        max_age=8 * 3600,
    )
    app.mount("/static", StaticFiles(directory=HIER / "static"), name="static")

    @app.middleware("http")
    async def niet_in_een_frame(request: Request, call_next: Any) -> Response:
        begin = time.perf_counter()
        response: Response = await call_next(request)
        # Clickjacking: no other site may show these screens in a frame.
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
        # The page's server time (its API calls included), for the browser's developer tools and bench.werkplek.
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - begin) * 1000:.1f}"
        return response

    @app.exception_handler(NietIngelogd)
    async def niet_ingelogd(request: Request, _: NietIngelogd) -> Response:
        request.session.pop("token", None)
        return RedirectResponse("/inloggen", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def ongeldig(request: Request, fout: RequestValidationError) -> Response:
        weigering = _formulierfout(fout)
        terug = terug_naar_formulier(request, weigering)
        return terug or pagina(
            request,
            "fout.html",
            status=400,
            titel=weigering.titel,
            detail=weigering.detail,
            veldfouten=weigering.velden,
        )

    @app.exception_handler(Weigering)
    async def weigering(request: Request, fout: Weigering) -> Response:
        terug = terug_naar_formulier(request, fout)
        return terug or pagina(
            request, "fout.html", status=fout.status, titel=fout.titel, detail=fout.detail, veldfouten=fout.velden
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_fout(request: Request, fout: StarletteHTTPException) -> Response:
        titel, detail = _HTTP_FOUTEN.get(fout.status_code, ("Er ging iets mis", "Probeer het later opnieuw."))
        return pagina(request, "fout.html", status=fout.status_code, titel=titel, detail=detail)

    @app.exception_handler(Exception)
    async def onverwacht(request: Request, fout: Exception) -> Response:
        log.exception("werkplek.onverwachte_fout", path=request.url.path)
        detail = "Er ging iets mis aan onze kant. Uw gegevens zijn niet gewijzigd; probeer het later opnieuw."
        return pagina(request, "fout.html", status=500, titel="Er ging iets mis", detail=detail)

    for scherm in SCHERMEN:
        app.include_router(scherm.pages)
        app.include_router(scherm.posts)
    return app


app = build_app()
