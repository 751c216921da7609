"""Login (OIDC in production, the development login locally), logout, and the start page per role."""

from __future__ import annotations

from typing import Annotated

from authlib.integrations.starlette_client import OAuthError  # type: ignore[import-untyped]
from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from libs.events.auth import Role, mint_token

from .diensten import Weigering
from .settings import Settings
from .web import naam_van_gemeente, pagina, routers

pages, posts = routers()

# Where each role starts.
STARTPAGINA = {
    Role.MATCHER.value: ("/vacatures", "Vacatures en kandidaten"),
    Role.WERKGEVERSADVISEUR.value: ("/vacatures", "Vacatures en voorstellen"),
    Role.TOEGANG.value: ("/werklijsten", "Werklijsten"),
    Role.KLANTMANAGER.value: ("/werklijsten", "Werklijsten"),
    Role.UITKERINGSCONSULENT.value: ("/uitkeringen", "Uitkeringen"),
    Role.HANDHAVER.value: ("/signalen", "Signalen"),
    Role.SOCIAAL_RECHERCHEUR.value: ("/onderzoeken", "Onderzoeken en signalen"),
    Role.BEHEERDER.value: ("/cijfers", "Cijfers van uw gemeente"),
}


@pages.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@pages.get("/", response_class=HTMLResponse)
async def start(request: Request) -> Response:
    gebruiker = request.session.get("gebruiker")
    if not gebruiker:
        return RedirectResponse("/inloggen", status_code=303)
    links = sorted({STARTPAGINA[r] for r in gebruiker["rollen"] if r in STARTPAGINA})
    return pagina(request, "start.html", links=links)


@pages.get("/inloggen", response_class=HTMLResponse)
async def inloggen(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    return pagina(
        request,
        "inloggen.html",
        dev=settings.dev_login,
        oidc=request.app.state.oidc is not None,
        rollen=[r.value for r in Role],
        gemeenten=[(code, naam_van_gemeente(code)) for code in sorted(request.app.state.regio)],
    )


@posts.post("/inloggen")
async def dev_inloggen(
    request: Request,
    sub: Annotated[str, Form(min_length=1, max_length=100)],
    gemeenten: Annotated[list[str], Form()],
    rollen: Annotated[list[str], Form()],
) -> Response:
    settings: Settings = request.app.state.settings
    if not settings.dev_login:
        raise Weigering(404, "Niet gevonden", "De ontwikkel-login staat uit; log in via uw organisatie.")
    token = mint_token(settings.dev_jwt_secret, sub=sub, roles=rollen, gemeenten=gemeenten)
    request.session.clear()
    request.session.update(
        {"token": token, "gebruiker": {"sub": sub, "rollen": sorted(rollen), "gemeenten": sorted(gemeenten)}}
    )
    return RedirectResponse("/", status_code=303)


@pages.get("/inloggen/oidc")
async def oidc_inloggen(request: Request) -> Response:
    if request.app.state.oidc is None:
        raise Weigering(404, "Niet gevonden", "Er is geen OIDC-provider ingesteld.")
    return await request.app.state.oidc.regio.authorize_redirect(request, str(request.url_for("oidc_terug")))  # type: ignore[no-any-return]


@pages.get("/inloggen/terug", name="oidc_terug")
async def oidc_terug(request: Request) -> Response:
    if request.app.state.oidc is None:
        raise Weigering(404, "Niet gevonden", "Er is geen OIDC-provider ingesteld.")
    try:
        antwoord = await request.app.state.oidc.regio.authorize_access_token(request)
    except OAuthError as fout:
        raise Weigering(
            401, "Inloggen mislukt", f"De inlog bij uw organisatie is niet gelukt ({fout.error})."
        ) from fout
    claims = antwoord.get("userinfo") or {}
    request.session.clear()
    request.session.update(
        {
            "token": antwoord["access_token"],
            "gebruiker": {
                "sub": claims.get("sub", ""),
                "rollen": sorted(claims.get("roles", [])),
                "gemeenten": sorted(claims.get("gemeenten", [])),
            },
        }
    )
    return RedirectResponse("/", status_code=303)


@posts.post("/uitloggen")
async def uitloggen(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/inloggen", status_code=303)
