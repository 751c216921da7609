"""The services' public APIs as the werkplek calls them: over HTTP, with the user's own token, so every
authorization and access-log rule of the APIs holds on screen too."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from libs.events.observability import current_correlation_id

from .settings import Settings


class Weigering(Exception):
    """A service refused or failed: shown as a clear Dutch message, never a stack trace.

    `velden` maps a form field's name to what is wrong with it, shown at the field itself.
    """

    def __init__(self, status: int, titel: str, detail: str, velden: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.titel = titel
        self.detail = detail
        self.velden = dict(velden or {})


class NietIngelogd(Exception):
    """No session, or the token expired: the user logs in again."""


# The APIs' validation codes (pydantic's error types, `invalidParams[].code`) in the words of a form.
_REDENEN = {
    "missing": "Vul dit in.",
    "string_too_short": "Vul dit in.",
    "too_short": "Vul ten minste één in.",
    "string_too_long": "Dit is te lang.",
    "too_long": "Dit zijn er te veel.",
    "string_pattern_mismatch": "Dit heeft niet de goede vorm.",
    "string_type": "Vul tekst in.",
    "int_parsing": "Vul een heel getal in.",
    "int_from_float": "Vul een heel getal in.",
    "float_parsing": "Vul een getal in.",
    "decimal_parsing": "Vul een bedrag in, bijvoorbeeld 12,50.",
    "decimal_max_places": "Gebruik ten hoogste twee cijfers achter de komma.",
    "greater_than": "Dit getal is te klein.",
    "greater_than_equal": "Dit getal is te klein.",
    "less_than": "Dit getal is te groot.",
    "less_than_equal": "Dit getal is te groot.",
    "date_parsing": "Vul een datum in.",
    "date_from_datetime_parsing": "Vul een datum in.",
    "datetime_parsing": "Vul een datum en tijd in.",
    "enum": "Kies een van de mogelijkheden.",
    "literal_error": "Kies een van de mogelijkheden.",
    "uuid_parsing": "Dit is geen geldige verwijzing.",
    "bool_parsing": "Kies ja of nee.",
    "value_error": "Dit klopt niet.",
}


def veldnaam(api_naam: str) -> str:
    """The form field an API field name belongs to: its last part in snake case (`persoon.bsn` → `bsn`)."""
    delen = [d for d in api_naam.split(".") if not d.isdigit()]
    laatste = delen[-1] if delen else api_naam
    return re.sub(r"(?<!^)(?=[A-Z])", "_", laatste).lower()


def reden_in_het_nederlands(fout: Mapping[str, Any]) -> str:
    """One invalid field's reason as a form says it: a domain check's own Dutch words, else by its code."""
    code = str(fout.get("code") or "")
    reden = str(fout.get("reason") or "")
    if reden.startswith("Value error, ") or (reden and not code):  # the services' own rules speak Dutch already
        tekst = reden.removeprefix("Value error, ")
        return tekst[:1].upper() + tekst[1:] + ("" if tekst.endswith(".") else ".")
    return _REDENEN.get(code, "Dit klopt niet.")


_TITELS = {
    401: "Niet (meer) ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    409: "Kan nu niet",
    422: "Niet toegestaan",
    503: "Even niet beschikbaar",
}


class Verbindingen:
    """One pooled HTTP client per service for the whole werkplek (no connection set up per API call); the user's
    token goes on each request, never on the client."""

    DIENSTEN = ("intake", "matching", "werkgevers", "uitkering", "trajecten", "handhaving")

    def __init__(self, settings: Settings) -> None:
        self._clients = {
            d: httpx.AsyncClient(base_url=str(getattr(settings, f"{d}_url")), timeout=30) for d in self.DIENSTEN
        }

    def naar(self, dienst: str) -> httpx.AsyncClient:
        """The client of one service."""
        return self._clients[dienst]

    async def sluit(self) -> None:
        """Close every connection (at shutdown)."""
        for client in self._clients.values():
            await client.aclose()


@dataclass
class Diensten:
    """One user's view of the platform's APIs."""

    token: str
    verbindingen: Verbindingen

    async def _vraag(
        self, methode: str, dienst: str, pad: str, velden: Mapping[str, str] | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}", "X-Correlation-ID": current_correlation_id()}
        headers |= kwargs.pop("headers", None) or {}
        try:
            response = await self.verbindingen.naar(dienst).request(methode, f"/api/v1{pad}", headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise Weigering(
                502, "Dienst niet bereikbaar", f"{dienst} antwoordt niet ({exc.__class__.__name__})"
            ) from exc
        if response.status_code == 401:
            raise NietIngelogd
        if response.status_code >= 400:
            raise _weigering(response, velden)
        return response

    async def lees(self, dienst: str, pad: str, /, **params: Any) -> Any:
        """GET a JSON resource."""
        schoon = {k: v for k, v in params.items() if v not in (None, "")}
        return (await self._vraag("GET", dienst, pad, params=schoon)).json()

    async def tekst(self, dienst: str, pad: str, /, **params: Any) -> httpx.Response:
        """GET something that is not JSON (CSV, HTML)."""
        return await self._vraag("GET", dienst, pad, params={k: v for k, v in params.items() if v})

    async def stuur(
        self,
        dienst: str,
        pad: str,
        body: Any,
        sleutel: str | None = None,
        velden: Mapping[str, str] | None = None,
        methode: str = "POST",
    ) -> Any:
        """POST (or PUT) a command, with an Idempotency-Key from the form so a double click does it once.

        `velden` names the form field of an API field where the default (its last part in snake case) is not it.
        """
        headers = {"Idempotency-Key": sleutel} if sleutel else {}
        return (await self._vraag(methode, dienst, pad, velden, json=body, headers=headers)).json()


def _weigering(response: httpx.Response, velden: Mapping[str, str] | None) -> Weigering:
    """A refusal of the APIs in Dutch: its detail, and each invalid field's reason at its form field."""
    titel = _TITELS.get(response.status_code, "Er ging iets mis")
    try:
        probleem = response.json()
    except ValueError:
        probleem = {}
    detail = str(probleem.get("detail") or probleem.get("title") or "")
    per_veld: dict[str, str] = {}
    for fout in probleem.get("invalidParams") or []:
        naam = str(fout.get("name") or "")
        per_veld.setdefault((velden or {}).get(naam) or veldnaam(naam), reden_in_het_nederlands(fout))
    if per_veld:
        titel = "Controleer het formulier"
        if response.status_code == 400:  # the validator's own summary is English; a rule's refusal is Dutch
            detail = "Niet alles is goed ingevuld; zie de velden hieronder."
    if response.status_code == 404:
        detail = "Dit bestaat niet, of het valt buiten de gemeenten waarvoor u werkt."
    return Weigering(response.status_code, titel, detail.strip() or titel, per_veld)
