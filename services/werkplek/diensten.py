"""The services' public APIs as the werkplek calls them: over HTTP, with the user's own token, so every
authorization and access-log rule of the APIs holds on screen too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from libs.events.observability import current_correlation_id

from .settings import Settings


class Weigering(Exception):
    """A service refused or failed: shown as a clear Dutch message, never a stack trace."""

    def __init__(self, status: int, titel: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.titel = titel
        self.detail = detail


class NietIngelogd(Exception):
    """No session, or the token expired: the user logs in again."""


_TITELS = {
    401: "Niet (meer) ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    409: "Kan nu niet",
    422: "Niet toegestaan",
}


@dataclass
class Diensten:
    """One user's view of the platform's APIs."""

    settings: Settings
    token: str

    def _url(self, dienst: str) -> str:
        return str(getattr(self.settings, f"{dienst}_url"))

    async def _vraag(self, methode: str, dienst: str, pad: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}", "X-Correlation-ID": current_correlation_id()}
        async with httpx.AsyncClient(base_url=self._url(dienst), timeout=30, headers=headers) as client:
            try:
                response = await client.request(methode, f"/api/v1{pad}", **kwargs)
            except httpx.HTTPError as exc:
                raise Weigering(
                    502, "Dienst niet bereikbaar", f"{dienst} antwoordt niet ({exc.__class__.__name__})"
                ) from exc
        if response.status_code == 401:
            raise NietIngelogd
        if response.status_code >= 400:
            try:
                probleem = response.json()
                detail = probleem.get("detail") or probleem.get("title") or ""
                for fout in probleem.get("invalidParams", []):
                    detail += f" {fout.get('name')}: {fout.get('reason')}."
            except ValueError:
                detail = ""
            titel = _TITELS.get(response.status_code, "Er ging iets mis")
            if response.status_code == 404:
                detail = "Dit bestaat niet, of het valt buiten de gemeenten waarvoor u werkt."
            raise Weigering(response.status_code, titel, detail.strip() or titel)
        return response

    async def lees(self, dienst: str, pad: str, /, **params: Any) -> Any:
        """GET a JSON resource."""
        schoon = {k: v for k, v in params.items() if v not in (None, "")}
        return (await self._vraag("GET", dienst, pad, params=schoon)).json()

    async def tekst(self, dienst: str, pad: str, /, **params: Any) -> httpx.Response:
        """GET something that is not JSON (CSV, HTML)."""
        return await self._vraag("GET", dienst, pad, params={k: v for k, v in params.items() if v})

    async def stuur(self, dienst: str, pad: str, body: Any, sleutel: str | None = None) -> Any:
        """POST a command (with an Idempotency-Key from the form, so a double click does it once)."""
        headers = {"Idempotency-Key": sleutel} if sleutel else {}
        return (await self._vraag("POST", dienst, pad, json=body, headers=headers)).json()
