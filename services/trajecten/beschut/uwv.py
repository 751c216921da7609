"""UWV as the platform sees it for beschut werk: the request for an advies goes out, the advies comes in.

UWV is an outside party (Pw art. 10b lid 2: it does the assessment and advises the college), so the domain talks
to a port (`Uwv`) and never to a screen where the gemeente types UWV's answer. `UwvHttp` is the adapter for the
exchange as `deploy/uwv/fake.py` serves it locally and in the tests; production points `UWV_URL` at the gateway
that speaks to UWV's own channel. The BSN goes to UWV in the request and is kept nowhere here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

import httpx

from libs.events.errors import DomainError
from libs.events.observability import current_correlation_id


class UwvNietBereikbaar(DomainError):
    """UWV did not take the request or answer: nothing was recorded, try again."""

    status = 502
    title = "UWV niet bereikbaar"


@dataclass(frozen=True)
class Adviesvraag:
    """What UWV needs to advise: who, for which gemeente, asked by whom, and whether facts are new (art. 3 lid 6)."""

    kenmerk: UUID
    bsn: str
    gemeente: str
    aangevraagd_door: str
    nieuwe_feiten: bool
    ontvangen_op: date


@dataclass(frozen=True)
class Advies:
    """UWV's answer: aangewezen op beschut werk or not, with its reasons and date."""

    aangewezen: bool
    redenen: tuple[str, ...]
    uitgebracht_op: date


class Uwv(Protocol):
    """The exchange with UWV about an advies beschut werk."""

    async def vraag_advies(self, vraag: Adviesvraag) -> None:
        """Send the request (idempotent per kenmerk)."""
        ...

    async def advies(self, kenmerk: UUID) -> Advies | None:
        """UWV's advies on the request, None while UWV has not advised."""
        ...


class UwvHttp:
    """The adapter: UWV's beschut werk exchange over HTTP at `base_url`."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    async def _vraag(self, methode: str, pad: str, **kwargs: object) -> httpx.Response:
        headers = {"X-Correlation-ID": current_correlation_id()}
        try:
            async with httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout) as client:
                return await client.request(methode, pad, headers=headers, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise UwvNietBereikbaar(f"UWV antwoordt niet ({exc.__class__.__name__})") from exc

    async def vraag_advies(self, vraag: Adviesvraag) -> None:
        """Send the request; UWV answers 202 (also for a request it already has)."""
        body = {
            "kenmerk": str(vraag.kenmerk),
            "bsn": vraag.bsn,
            "gemeente": vraag.gemeente,
            "aangevraagdDoor": vraag.aangevraagd_door,
            "nieuweFeiten": vraag.nieuwe_feiten,
            "ontvangenOp": vraag.ontvangen_op.isoformat(),
        }
        response = await self._vraag("POST", "/beschut-werk/adviesaanvragen", json=body)
        if response.status_code not in (200, 202):
            raise UwvNietBereikbaar(f"UWV nam de aanvraag niet aan ({response.status_code})")

    async def advies(self, kenmerk: UUID) -> Advies | None:
        """The advies when UWV gave it."""
        response = await self._vraag("GET", f"/beschut-werk/adviesaanvragen/{kenmerk}")
        if response.status_code != 200:
            raise UwvNietBereikbaar(f"UWV gaf {response.status_code} op de vraag naar het advies")
        body = response.json()
        if body.get("status") != "uitgebracht":
            return None
        advies = body["advies"]
        return Advies(bool(advies["aangewezen"]), tuple(advies["redenen"]), date.fromisoformat(advies["uitgebrachtOp"]))
