"""Werkplek wiring and routes: `uvicorn services.werkplek.app:app` (port 8000 under `make run`).

Pages are rendered on the server and call the services' APIs with the user's own token (`diensten.py`), so
every authorization and access-log rule of the APIs holds here too. No JavaScript is needed. Every form
carries a CSRF token bound to the session; the session cookie is HttpOnly, SameSite=Lax, Secure over TLS.
"""

from __future__ import annotations

import asyncio
import hmac
import re
import secrets
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

from authlib.integrations.starlette_client import OAuth, OAuthError  # type: ignore[import-untyped]
from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from libs.events.auth import Role, mint_token
from libs.events.observability import get_logger
from libs.gebieden import gemeenten as alle_gemeenten

from . import grafieken, opmaak
from .diensten import Diensten, NietIngelogd, Weigering
from .settings import Settings

HIER = Path(__file__).parent
log = get_logger(__name__)
templates = Jinja2Templates(directory=HIER / "templates")
# `LoonkostensubsidieToegekend` → `Loonkostensubsidie toegekend`.
templates.env.filters["woorden"] = lambda naam: re.sub(r"(?<!^)(?=[A-Z])", " ", str(naam)).capitalize()
templates.env.filters.update(bedrag=opmaak.bedrag, datum=opmaak.datum, moment=opmaak.moment, getal=opmaak.getal)
templates.env.filters.update(waarde=opmaak.waarde, label=opmaak.label)
templates.env.filters["gemeente"] = lambda code: _naam(str(code)) if code else opmaak.LEEG
templates.env.filters["team"] = lambda code: opmaak.team(code, _naam)

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


def diensten(request: Request) -> Diensten:
    """The APIs as the logged-in user; not logged in: to the login page."""
    token = request.session.get("token")
    if not token:
        raise NietIngelogd
    settings: Settings = request.app.state.settings
    return Diensten(settings, str(token))


Api = Annotated[Diensten, Depends(diensten)]


def pagina(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page with the user and the CSRF token."""
    gebruiker = request.session.get("gebruiker")
    gelukt = request.session.pop("gelukt", None)  # shown once, on the page the action led to
    fout = request.session.pop("fout", None)  # a refused form: its message, and what was typed in it
    invoer = fout.pop("invoer", {}) if fout else {}
    context = {"gebruiker": gebruiker, "csrf": csrf_token(request), "gelukt": gelukt, "fout": fout, **context}
    context.setdefault("invoer", invoer)
    return templates.TemplateResponse(request, template, context, status_code=status)


def _terug_naar_formulier(request: Request, titel: str, detail: str) -> RedirectResponse | None:
    """A refused form action goes back to the page of the form, with the refusal on top and what was typed kept.

    Only for a form of this site (the Referer's path on this host); anything else gets the error page.
    """
    invoer = getattr(request.state, "invoer", None)
    herkomst = urlparse(request.headers.get("referer", ""))
    if request.method != "POST" or invoer is None or herkomst.netloc != request.url.netloc or not herkomst.path:
        return None
    request.session["fout"] = {"titel": titel, "detail": detail, "invoer": invoer}
    return RedirectResponse(herkomst.path + (f"?{herkomst.query}" if herkomst.query else ""), status_code=303)


def klaar(request: Request, naar: str, melding: str) -> RedirectResponse:
    """After an action: on to the page that shows its result, with a banner saying what was done."""
    request.session["gelukt"] = melding
    return RedirectResponse(naar, status_code=303)


def _naam(code: str) -> str:
    gemeente = alle_gemeenten().get(code)
    return gemeente.naam if gemeente else code


def sleutel() -> str:
    """A fresh Idempotency-Key for a form (a double submit of the same form is done once)."""
    return secrets.token_urlsafe(16)


pages = APIRouter()
posts = APIRouter(dependencies=[Depends(controleer_csrf)])


# --- login ------------------------------------------------------------------------------------------------


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
        gemeenten=[(code, _naam(code)) for code in sorted(request.app.state.regio)],
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


# --- matcher -----------------------------------------------------------------------------------------------


@pages.get("/vacatures", response_class=HTMLResponse)
async def vacatures(request: Request, api: Api) -> Response:
    lijst = await api.lees("werkgevers", "/vacatures", limit=100)
    return pagina(request, "vacatures.html", vacatures=lijst["items"])


@pages.get("/vacatures/{vacature_id}", response_class=HTMLResponse)
async def vacature(request: Request, vacature_id: str, api: Api) -> Response:
    v = await api.lees("werkgevers", f"/vacatures/{vacature_id}")
    matches = await api.lees("matching", f"/matches/vacatures/{vacature_id}", limit=20)
    return pagina(request, "vacature.html", vacature=v, matches=matches, sleutel=sleutel())


@posts.post("/voorstellen")
async def stel_voor(
    request: Request,
    api: Api,
    vacature_id: Annotated[str, Form()],
    klant_id: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
) -> Response:
    voorstel = await api.stuur("matching", "/voorstellen", {"vacatureId": vacature_id, "klantId": klant_id}, sleutel)
    return klaar(request, f"/voorstellen/{voorstel['voorstelId']}", "Voorstel gedaan.")


@pages.get("/voorstellen/{voorstel_id}", response_class=HTMLResponse)
async def voorstel(request: Request, voorstel_id: str, api: Api) -> Response:
    v = await api.lees("matching", f"/voorstellen/{voorstel_id}")
    return pagina(request, "voorstel.html", voorstel=v, sleutel=sleutel())


@posts.post("/voorstellen/{voorstel_id}/antwoord")
async def antwoord(
    request: Request,
    voorstel_id: str,
    api: Api,
    geaccepteerd: Annotated[str, Form()],
    sleutel: Annotated[str, Form()],
    reden: Annotated[str, Form()] = "",
) -> Response:
    body: dict[str, Any] = {"geaccepteerd": geaccepteerd == "ja"}
    if reden:
        body["reden"] = reden
    await api.stuur("matching", f"/voorstellen/{voorstel_id}/antwoord", body, sleutel)
    return klaar(request, f"/voorstellen/{voorstel_id}", "Antwoord van de werkgever vastgelegd.")


@posts.post("/voorstellen/{voorstel_id}/plaatsing")
async def plaats(
    request: Request,
    voorstel_id: str,
    api: Api,
    startdatum: Annotated[date, Form()],
    contractvorm: Annotated[str, Form()],
    uren_per_week: Annotated[int, Form()],
    sleutel: Annotated[str, Form()],
    loonkostensubsidie: Annotated[str, Form()] = "",
    leeftijd: Annotated[int | None, Form()] = None,
    loonwaarde_procent: Annotated[int | None, Form()] = None,
    jobcoach_uren: Annotated[int | None, Form()] = None,
) -> Response:
    instrumenten: dict[str, Any] = {}
    if loonkostensubsidie:
        instrumenten |= {"loonkostensubsidie": True, "leeftijd": leeftijd}
        if loonwaarde_procent is not None:
            instrumenten["loonwaardeProcent"] = loonwaarde_procent
    if jobcoach_uren:
        instrumenten["jobcoachUren"] = jobcoach_uren
    body = {
        "startdatum": startdatum.isoformat(),
        "contractvorm": contractvorm,
        "urenPerWeek": uren_per_week,
        "instrumenten": instrumenten,
    }
    await api.stuur("matching", f"/voorstellen/{voorstel_id}/plaatsing", body, sleutel)
    return klaar(request, f"/voorstellen/{voorstel_id}", "Plaatsing vastgelegd.")


@posts.post("/voorstellen/{voorstel_id}/nazorg")
async def nazorg(
    request: Request,
    voorstel_id: str,
    api: Api,
    moment: Annotated[str, Form()],
    bevinding: Annotated[str, Form()],
    verslag: Annotated[str, Form(min_length=1)],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"moment": moment, "bevinding": bevinding, "verslag": verslag}
    await api.stuur("matching", f"/voorstellen/{voorstel_id}/nazorg", body, sleutel)
    return klaar(request, f"/voorstellen/{voorstel_id}", "Nazorg vastgelegd.")


@pages.get("/kandidaten/{klant_id}", response_class=HTMLResponse)
async def kandidaat(request: Request, klant_id: str, api: Api) -> Response:
    k = await api.lees("matching", f"/kandidaten/{klant_id}")
    return pagina(request, "kandidaat.html", kandidaat=k)


# --- toegang en klantmanager ---------------------------------------------------------------------------------

WERKLIJSTEN = {
    "open-aanmeldingen": "Open aanmeldingen",
    "te-bevestigen-diagnoses": "Diagnoses te bevestigen",
    "openstaande-overdrachten": "Openstaande overdrachten",
    "escalaties": "Escalaties",
}


@pages.get("/werklijsten", response_class=HTMLResponse)
async def werklijsten(request: Request, api: Api) -> Response:
    rollen = set((request.session.get("gebruiker") or {}).get("rollen", []))
    vragen = [api.lees("intake", f"/werklijsten/{pad}") for pad in WERKLIJSTEN]
    if Role.KLANTMANAGER.value in rollen:
        # Matching's lists are for the regional team (the API decides).
        vragen += [
            api.lees("matching", "/kandidaten", zonderKlantmanager="true"),
            api.lees("matching", "/nazorgmomenten"),
        ]
    antwoorden = await asyncio.gather(*vragen)  # one page, its API calls at once
    lijsten = {naam: a["items"] for naam, a in zip(WERKLIJSTEN.values(), antwoorden, strict=False)}
    regionaal: dict[str, list[dict[str, Any]]] = {}
    if Role.KLANTMANAGER.value in rollen:
        regionaal["Zonder klantmanager"] = antwoorden[-2]["items"]
        regionaal["Nazorg te doen"] = antwoorden[-1]["items"]
    return pagina(request, "werklijsten.html", lijsten=lijsten, regionaal=regionaal, sleutel=sleutel())


@pages.get("/klanten/{klant_id}", response_class=HTMLResponse)
async def klant(request: Request, klant_id: str, api: Api) -> Response:
    k, historie = await asyncio.gather(
        api.lees("intake", f"/klanten/{klant_id}"), api.lees("intake", f"/klanten/{klant_id}/overdrachten")
    )
    return pagina(request, "klant.html", klant=k, historie=historie, sleutel=sleutel())


@posts.post("/klanten/{klant_id}/overdrachten/{overdracht_id}/acceptatie")
async def accepteer(
    request: Request, klant_id: str, overdracht_id: str, api: Api, sleutel: Annotated[str, Form()]
) -> Response:
    await api.stuur("intake", f"/klanten/{klant_id}/overdrachten/{overdracht_id}/acceptatie", None, sleutel)
    return klaar(request, f"/klanten/{klant_id}", "Overdracht geaccepteerd.")


# --- uitkeringsconsulent ----------------------------------------------------------------------------------


@pages.get("/uitkeringen", response_class=HTMLResponse)
async def uitkeringen(request: Request, api: Api) -> Response:
    aanvragen = await api.lees("uitkering", "/aanvragen", limit=100)
    return pagina(request, "uitkeringen.html", aanvragen=aanvragen["items"])


@pages.get("/uitkeringen/zoeken")
async def zoek_maand(uitkering_id: str, periode: str) -> Response:
    return RedirectResponse(f"/uitkeringen/{uitkering_id}/maanden/{periode}", status_code=303)


@pages.get("/uitkeringen/{uitkering_id}/maanden/{periode}", response_class=HTMLResponse)
async def maand(request: Request, uitkering_id: str, periode: str, api: Api) -> Response:
    m, vorderingen = await asyncio.gather(
        api.lees("uitkering", f"/uitkeringen/{uitkering_id}/maanden/{periode}"),
        api.lees("uitkering", f"/uitkeringen/{uitkering_id}/vorderingen"),
    )
    return pagina(request, "maand.html", maand=m, uitkering_id=uitkering_id, periode=periode, vorderingen=vorderingen)


@pages.get("/vorderingen/{vordering_id}", response_class=HTMLResponse)
async def vordering(request: Request, vordering_id: str, api: Api) -> Response:
    v = await api.lees("uitkering", f"/vorderingen/{vordering_id}")
    return pagina(request, "vordering.html", vordering=v)


@pages.get("/betaalruns/{betaalrun_id}", response_class=HTMLResponse)
async def betaalrun(request: Request, betaalrun_id: str, api: Api) -> Response:
    run = await api.lees("uitkering", f"/betaalruns/{betaalrun_id}")
    return pagina(request, "betaalrun.html", run=run)


# --- sociale recherche ---------------------------------------------------------------------------------------


@pages.get("/signalen", response_class=HTMLResponse)
async def signalen(request: Request, api: Api) -> Response:
    lijst = await api.lees("handhaving", "/signalen", limit=100)
    return pagina(request, "signalen.html", signalen=lijst["items"], sleutel=sleutel())


@posts.post("/signalen/{signaal_id}/beoordeling")
async def beoordeel(
    request: Request,
    signaal_id: str,
    api: Api,
    triage: Annotated[str, Form()],
    reden: Annotated[str, Form(min_length=1)],
    sleutel: Annotated[str, Form()],
) -> Response:
    await api.stuur("handhaving", f"/signalen/{signaal_id}/beoordeling", {"triage": triage, "reden": reden}, sleutel)
    return klaar(request, "/signalen", "Signaal beoordeeld.")


@pages.get("/onderzoeken", response_class=HTMLResponse)
async def onderzoeken(request: Request, api: Api) -> Response:
    lijst = await api.lees("handhaving", "/onderzoeken", limit=100)
    return pagina(request, "onderzoeken.html", onderzoeken=lijst["items"], sleutel=sleutel())


@posts.post("/onderzoeken")
async def open_onderzoek(
    request: Request,
    api: Api,
    klant_id: Annotated[str, Form()],
    gemeente: Annotated[str, Form()],
    aanleiding: Annotated[str, Form(min_length=1)],
    sleutel: Annotated[str, Form()],
    signaal_id: Annotated[str, Form()] = "",
) -> Response:
    body = {"klantId": klant_id, "gemeente": gemeente, "aanleiding": aanleiding, "signaalId": signaal_id or None}
    onderzoek = await api.stuur("handhaving", "/onderzoeken", body, sleutel)
    return klaar(request, f"/onderzoeken/{onderzoek['onderzoekId']}", "Onderzoek geopend.")


@pages.get("/onderzoeken/{onderzoek_id}", response_class=HTMLResponse)
async def onderzoek(request: Request, onderzoek_id: str, api: Api) -> Response:
    o = await api.lees("handhaving", f"/onderzoeken/{onderzoek_id}")
    return pagina(request, "onderzoek.html", onderzoek=o, sleutel=sleutel())


@posts.post("/onderzoeken/{onderzoek_id}/bevindingen")
async def bevinding(
    request: Request,
    onderzoek_id: str,
    api: Api,
    stap: Annotated[str, Form(min_length=1)],
    omschrijving: Annotated[str, Form(min_length=1)],
    sleutel: Annotated[str, Form()],
) -> Response:
    body = {"stap": stap, "omschrijving": omschrijving}
    await api.stuur("handhaving", f"/onderzoeken/{onderzoek_id}/bevindingen", body, sleutel)
    return klaar(request, f"/onderzoeken/{onderzoek_id}", "Bevinding vastgelegd.")


def _moment(waarde: str | None, standaard: datetime) -> datetime:
    """A moment typed in a filter (a date, or a date and time); a 400 in Dutch when it is not one."""
    if not waarde:
        return standaard
    try:
        moment = datetime.fromisoformat(waarde)
    except ValueError:
        raise Weigering(
            400, "Datum niet herkend", f"'{waarde}' is geen datum. Gebruik de vorm jjjj-mm-dd, bijvoorbeeld 2026-12-06."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@pages.get("/recherche/{klant_id}", response_class=HTMLResponse)
async def tijdlijn(
    request: Request,
    klant_id: str,
    api: Api,
    dienst: str = "",
    type: str = "",
    van: str = "",
    tot: str = "",
    cursor: str = "",
) -> Response:
    params = {"dienst": dienst, "type": type, "cursor": cursor, "limit": 100}
    if van:
        params["van"] = _moment(van, datetime.now(UTC)).isoformat()
    if tot:
        params["tot"] = _moment(tot, datetime.now(UTC)).isoformat()
    lijn = await api.lees("handhaving", f"/tijdlijnen/{klant_id}", **params)
    filters = {"dienst": dienst, "type": type, "van": van, "tot": tot}
    return pagina(request, "tijdlijn.html", klant_id=klant_id, tijdlijn=lijn, filters=filters)


@pages.get("/recherche/{klant_id}/verschil", response_class=HTMLResponse)
async def verschil(
    request: Request, klant_id: str, api: Api, van: str = "", tot: str = "", geldig: str = ""
) -> Response:
    nu = datetime.now(UTC)
    t1, t2 = _moment(van, nu - timedelta(days=1)), _moment(tot, nu)
    v = await api.lees("handhaving", f"/tijdlijnen/{klant_id}/verschil", van=t1.isoformat(), tot=t2.isoformat())
    stand = await api.lees("handhaving", f"/tijdlijnen/{klant_id}/stand", op=t2.isoformat(), geldig=geldig or None)
    velden = {"van": t1.strftime("%Y-%m-%dT%H:%M:%S"), "tot": t2.strftime("%Y-%m-%dT%H:%M:%S"), "geldig": geldig}
    return pagina(request, "verschil.html", klant_id=klant_id, verschil=v, stand=stand, velden=velden)


@pages.get("/recherche/{klant_id}/dossier")
async def dossier(request: Request, klant_id: str, api: Api, formaat: str = "html") -> Response:
    antwoord = await api.tekst("handhaving", f"/dossiers/{klant_id}", formaat=formaat)
    soort = "text/html" if formaat == "html" else "application/json"
    naam = f"dossier-{klant_id}.{'html' if formaat == 'html' else 'json'}"
    # The printable dossier opens as a page (print it from the browser); the signed JSON is a file to keep.
    wijze = "inline" if formaat == "html" else "attachment"
    return Response(antwoord.content, media_type=soort, headers={"Content-Disposition": f'{wijze}; filename="{naam}"'})


# --- beleidsmedewerker -------------------------------------------------------------------------------------


@pages.get("/cijfers", response_class=HTMLResponse)
async def cijfers_start(request: Request) -> Response:
    gebruiker = request.session.get("gebruiker") or {}
    gemeenten = gebruiker.get("gemeenten") or []
    if not gemeenten:
        raise NietIngelogd
    return RedirectResponse(f"/cijfers/{gemeenten[0]}", status_code=303)


@pages.get("/cijfers/{gemeente}", response_class=HTMLResponse)
async def cijfers(request: Request, gemeente: str, api: Api, jaar: int = 2026) -> Response:
    maanden = [f"{jaar}-{m:02d}" for m in range(1, 13)]
    *rijen, caseload = await asyncio.gather(
        *(api.lees("uitkering", f"/cijfers/{gemeente}/maanden/{m}") for m in maanden), api.lees("matching", "/caseload")
    )
    labels = [m[5:] for m in maanden]
    bestand = [float(r["bestand"]) for r in rijen]
    instroom = [float(r["instroom"]) for r in rijen]
    uitstroom = [float(r["uitstroom"]) for r in rijen]
    naar_werk = [float(r["uitstroomNaarWerk"]) for r in rijen]
    grafiek_bestand = grafieken.staven(
        f"Bestand {gemeente} {jaar}", labels, [grafieken.Reeks("Bestand", bestand)], "bestand"
    )
    grafiek_stromen = grafieken.staven(
        f"Instroom en uitstroom {gemeente} {jaar}",
        labels,
        [
            grafieken.Reeks("Instroom", instroom),
            grafieken.Reeks("Uitstroom", uitstroom),
            grafieken.Reeks("Uitstroom naar werk", naar_werk),
        ],
        "stromen",
    )
    grafiek_duur = grafieken.staven(
        f"Duur van de uitkeringen {gemeente} {jaar}",
        labels,
        [
            grafieken.Reeks("Korter dan 1 jaar", [float(r["duurKorterDan1Jaar"]) for r in rijen]),
            grafieken.Reeks("1 tot 3 jaar", [float(r["duur1Tot3Jaar"]) for r in rijen]),
            grafieken.Reeks(
                "3 jaar of langer", [float(r["duur3Tot5Jaar"]) + float(r["duur5JaarOfLanger"]) for r in rijen]
            ),
        ],
        "duur",
    )
    klantmanagers = caseload["klantmanagers"]
    grafiek_caseload = grafieken.staven(
        "Caseload per klantmanager tegen de norm",
        [k["naam"] for k in klantmanagers],
        [
            grafieken.Reeks("Kandidaten", [float(k["aantal"]) for k in klantmanagers]),
            grafieken.Reeks("Norm", [float(k["norm"]) for k in klantmanagers]),
        ],
        "caseload",
    )
    return pagina(
        request,
        "cijfers.html",
        caseload=caseload,
        grafiek_caseload=grafiek_caseload,
        grafiek_duur=grafiek_duur,
        gemeente=gemeente,
        naam=_naam(gemeente),
        jaar=jaar,
        rijen=list(zip(maanden, rijen, strict=True)),
        grafiek_bestand=grafiek_bestand,
        grafiek_stromen=grafiek_stromen,
    )


@pages.get("/cijfers/{gemeente}/export")
async def cijfers_export(request: Request, gemeente: str, api: Api, jaar: int = 2026) -> Response:
    antwoord = await api.tekst("uitkering", f"/cijfers/{gemeente}/export", van=f"{jaar}-01", tot=f"{jaar}-12")
    naam = f"cijfers-{gemeente}-{jaar}.csv"
    return Response(
        antwoord.content, media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{naam}"'}
    )


# --- wiring ----------------------------------------------------------------------------------------------


# HTML in the werkplek's layout instead of the framework's JSON for a wrong address or method.
_HTTP_FOUTEN = {
    404: ("Pagina niet gevonden", "Dit adres bestaat niet (meer). Controleer het adres of ga terug naar de start."),
    405: ("Dit kan hier niet", "Deze pagina is een formulieractie; open de pagina waar het formulier op staat."),
}


def build_app(settings: Settings | None = None) -> FastAPI:
    """The werkplek app (tests pass their own settings)."""
    settings = settings or Settings()
    settings.refuse_unsafe()
    app = FastAPI(title="Werkplek", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    from libs.events.settings import CommonSettings

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
        # Clickjacking: no other site may show these screens in a frame.
        response: Response = await call_next(request)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
        return response

    @app.exception_handler(NietIngelogd)
    async def niet_ingelogd(request: Request, _: NietIngelogd) -> Response:
        request.session.pop("token", None)
        return RedirectResponse("/inloggen", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def ongeldig(request: Request, fout: RequestValidationError) -> Response:
        velden = sorted({str(e["loc"][-1]) for e in fout.errors()})
        detail = f"Controleer het formulier: {', '.join(velden)}." if velden else "Controleer het formulier."
        terug = _terug_naar_formulier(request, "Formulier niet compleet", detail)
        return terug or pagina(request, "fout.html", status=400, titel="Formulier niet compleet", detail=detail)

    @app.exception_handler(Weigering)
    async def weigering(request: Request, fout: Weigering) -> Response:
        terug = _terug_naar_formulier(request, fout.titel, fout.detail)
        return terug or pagina(request, "fout.html", status=fout.status, titel=fout.titel, detail=fout.detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_fout(request: Request, fout: StarletteHTTPException) -> Response:
        titel, detail = _HTTP_FOUTEN.get(fout.status_code, ("Er ging iets mis", "Probeer het later opnieuw."))
        return pagina(request, "fout.html", status=fout.status_code, titel=titel, detail=detail)

    @app.exception_handler(Exception)
    async def onverwacht(request: Request, fout: Exception) -> Response:
        log.exception("werkplek.onverwachte_fout", path=request.url.path)
        detail = "Er ging iets mis aan onze kant. Uw gegevens zijn niet gewijzigd; probeer het later opnieuw."
        return pagina(request, "fout.html", status=500, titel="Er ging iets mis", detail=detail)

    app.include_router(pages)
    app.include_router(posts)
    return app


app = build_app()
