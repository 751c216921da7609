"""The werkplek's plumbing shared by every screen: templates, the page and its banners, CSRF, the APIs as the user.

A screen module (`toegang`, `bemiddeling`, `inkomen`, `recherche`, `beleid`) only declares its routes with
`routers()` and renders with `pagina`; a refusal of the APIs becomes a page or goes back to its form here.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Awaitable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from libs.gebieden import gemeenten as alle_gemeenten

from . import opmaak
from .diensten import Diensten, NietIngelogd, Weigering

HIER = Path(__file__).parent
templates = Jinja2Templates(directory=HIER / "templates")


def naam_van_gemeente(code: str) -> str:
    """A gemeente's name from its CBS code (the code itself when unknown)."""
    gemeente = alle_gemeenten().get(code)
    return gemeente.naam if gemeente else code


# `LoonkostensubsidieToegekend` → `Loonkostensubsidie toegekend`.
templates.env.filters["woorden"] = lambda naam: re.sub(r"(?<!^)(?=[A-Z])", " ", str(naam)).capitalize()
templates.env.filters.update(bedrag=opmaak.bedrag, datum=opmaak.datum, moment=opmaak.moment, getal=opmaak.getal)
templates.env.filters.update(waarde=opmaak.waarde, label=opmaak.label, maand=opmaak.maand)
templates.env.filters.update(stroom=opmaak.stroom, veldpad=opmaak.veldpad)
templates.env.filters["gemeente"] = lambda code: naam_van_gemeente(str(code)) if code else opmaak.LEEG
templates.env.filters["team"] = lambda code: opmaak.team(code, naam_van_gemeente)
templates.env.filters["gemeente_optie"] = lambda code: (code, naam_van_gemeente(str(code)))


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use); every form carries it."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


async def controleer_csrf(request: Request) -> None:
    """Every POST must carry the session's CSRF token in its form."""
    form = await request.form()
    # Kept for the page the form came from, should the action be refused (request.state lives in the scope).
    request.state.invoer = {k: str(v) for k, v in form.items() if k not in ("csrf", "sleutel")}
    verwacht = request.session.get("csrf", "")
    gekregen = str(form.get("csrf", ""))
    if not verwacht or not hmac.compare_digest(verwacht, gekregen):
        raise Weigering(
            403, "Formulier verlopen", "Dit formulier is verlopen of niet van deze site. Probeer het opnieuw."
        )


def routers() -> tuple[APIRouter, APIRouter]:
    """A screen module's two routers: its pages, and its form actions (each checked for the CSRF token)."""
    return APIRouter(), APIRouter(dependencies=[Depends(controleer_csrf)])


def diensten(request: Request) -> Diensten:
    """The APIs as the logged-in user; not logged in: to the login page."""
    token = request.session.get("token")
    if not token:
        raise NietIngelogd
    return Diensten(str(token), request.app.state.verbindingen)


Api = Annotated[Diensten, Depends(diensten)]


def gebruiker(request: Request) -> dict[str, Any]:
    """The logged-in user as the session holds it (sub, rollen, gemeenten)."""
    return dict(request.session.get("gebruiker") or {})


def pagina(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page with the user, the CSRF token, and a banner or refusal left by the last action."""
    gelukt = request.session.pop("gelukt", None)  # shown once, on the page the action led to
    fout = request.session.pop("fout", None)  # a refused form: its message, its fields, and what was typed in it
    invoer = fout.pop("invoer", {}) if fout else {}
    context = {
        "gebruiker": request.session.get("gebruiker"),
        "csrf": csrf_token(request),
        "gelukt": gelukt,
        "fout": fout,
        "veldfouten": (fout or {}).get("velden", {}),
        **context,
    }
    context.setdefault("invoer", invoer)
    return templates.TemplateResponse(request, template, context, status_code=status)


def terug_naar_formulier(request: Request, fout: Weigering) -> RedirectResponse | None:
    """A refused form action goes back to the page of the form, with the refusal on top and what was typed kept.

    Only for a form of this site (the Referer's path on this host); anything else gets the error page.
    """
    invoer = getattr(request.state, "invoer", None)
    herkomst = urlparse(request.headers.get("referer", ""))
    if request.method != "POST" or invoer is None or herkomst.netloc != request.url.netloc or not herkomst.path:
        return None
    request.session["fout"] = {"titel": fout.titel, "detail": fout.detail, "velden": fout.velden, "invoer": invoer}
    return RedirectResponse(herkomst.path + (f"?{herkomst.query}" if herkomst.query else ""), status_code=303)


def klaar(request: Request, naar: str, melding: str) -> RedirectResponse:
    """After an action: on to the page that shows its result, with a banner saying what was done."""
    request.session["gelukt"] = melding
    return RedirectResponse(naar, status_code=303)


def sleutel() -> str:
    """A fresh Idempotency-Key for a form (a double submit of the same form is done once)."""
    return secrets.token_urlsafe(16)


async def als_het_mag(vraag: Awaitable[Any]) -> Any:
    """A part of a page: None when it does not exist (yet) or is not for this user, so the page shows the rest."""
    try:
        return await vraag
    except Weigering as fout:
        if fout.status in (403, 404):
            return None
        raise


def moment(waarde: str | None, standaard: datetime) -> datetime:
    """A moment typed in a filter (a date, or a date and time); a 400 in Dutch when it is not one."""
    if not waarde:
        return standaard
    try:
        gelezen = datetime.fromisoformat(waarde)
    except ValueError:
        raise Weigering(
            400, "Datum niet herkend", f"'{waarde}' is geen datum. Gebruik de vorm jjjj-mm-dd, bijvoorbeeld 2026-12-06."
        ) from None
    return gelezen if gelezen.tzinfo else gelezen.replace(tzinfo=UTC)
