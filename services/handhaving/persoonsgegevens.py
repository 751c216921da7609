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


PER_VERZOEK = 1000  # BSNs per search at intake (its maximum)


def klant_zoeker(intake_url: str, authorization: str) -> Callable[[list[str]], Awaitable[dict[str, UUID]]]:
    """A search for the klanten behind many BSNs at intake, in batches; a BSN of no klant of yours is absent."""
    headers = {"Authorization": authorization, "X-Correlation-ID": current_correlation_id()}

    async def zoek(bsns: list[str]) -> dict[str, UUID]:
        gevonden: dict[str, UUID] = {}
        uniek = list(dict.fromkeys(bsns))
        async with httpx.AsyncClient(base_url=intake_url, timeout=30, headers=headers) as client:
            for start in range(0, len(uniek), PER_VERZOEK):
                deel = uniek[start : start + PER_VERZOEK]
                response = await client.post(
                    "/api/v1/klanten/zoekopdrachten/reeksen", json={"bsns": deel, "doel": DOEL}
                )
                if response.status_code == 404:
                    continue  # none of these BSNs is a klant of the caller's gemeenten
                if response.status_code != 200:
                    raise IntakeNietBereikbaar(f"intake gaf {response.status_code} op de zoekopdracht")
                gevonden |= {item["bsn"]: UUID(item["klantId"]) for item in response.json()["items"]}
        return gevonden

    return zoek
