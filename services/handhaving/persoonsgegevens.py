"""Matching a signal's BSN to a klant at the source: intake, with purpose `handhaving`, under the caller's token.

Intake logs every search (Logboek Dataverwerkingen) with the caller as the one who looked; handhaving keeps
no BSN, only the klant id the search returns.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import httpx

from libs.events.errors import DomainError
from libs.events.observability import current_correlation_id

DOEL = "handhaving"


class IntakeNietBereikbaar(DomainError):
    """Intake did not answer the search (down, or the caller may not search); nothing was imported."""

    status = 502
    title = "Intake niet bereikbaar"


def klant_zoeker(intake_url: str, authorization: str) -> Callable[[str], Awaitable[UUID | None]]:
    """A search for the klant behind a BSN at intake; None when it is no klant of the caller's gemeenten."""
    headers = {"Authorization": authorization, "X-Correlation-ID": current_correlation_id()}

    async def zoek(bsn: str) -> UUID | None:
        async with httpx.AsyncClient(base_url=intake_url, timeout=10, headers=headers) as client:
            response = await client.post("/api/v1/klanten/zoekopdrachten", json={"bsn": bsn, "doel": DOEL})
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise IntakeNietBereikbaar(f"intake gaf {response.status_code} op de zoekopdracht")
        return UUID(response.json()["klantId"])

    return zoek
