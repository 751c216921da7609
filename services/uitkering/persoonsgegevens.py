"""Personal data at the source: the BSN comes from intake, asked with a purpose, under the caller's own token.

Intake logs each read (Logboek Dataverwerkingen) with the purpose `uitkeringsverstrekking` and the
caller as the one who looked; this service keeps no BSN.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import httpx

from libs.events.errors import DomainError
from libs.events.observability import current_correlation_id

DOEL = "uitkeringsverstrekking"


class IntakeNietBereikbaar(DomainError):
    """Intake did not give the personal data (down, or the caller may not read it)."""

    status = 502
    title = "Persoonsgegevens niet beschikbaar"


def bsn_bron(intake_url: str, authorization: str) -> Callable[[UUID], Awaitable[str]]:
    """A lookup of one klant's BSN at intake, with the caller's token and the correlation id."""
    headers = {"Authorization": authorization, "X-Correlation-ID": current_correlation_id()}

    async def bsn(klant_id: UUID) -> str:
        async with httpx.AsyncClient(base_url=intake_url, timeout=10) as client:
            response = await client.get(
                f"/api/v1/klanten/{klant_id}/persoonsgegevens", params={"doel": DOEL}, headers=headers
            )
        if response.status_code != 200:
            raise IntakeNietBereikbaar(f"intake gaf {response.status_code} voor de persoonsgegevens van {klant_id}")
        return str(response.json()["bsn"])

    return bsn
