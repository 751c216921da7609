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


PER_VERZOEK = 1000  # klant ids per intake request (its maximum)


def bsn_bron(intake_url: str, authorization: str) -> Callable[[list[UUID]], Awaitable[dict[UUID, str]]]:
    """A lookup of many klanten's BSNs at intake in batches, with the caller's token and the correlation id.

    Intake logs every klant read with purpose `uitkeringsverstrekking`. A klant it cannot give (erased) is left out
    of the answer, the rest comes back; a 502 only when intake answers nothing usable.
    """
    headers = {"Authorization": authorization, "X-Correlation-ID": current_correlation_id()}

    async def bsns(klant_ids: list[UUID]) -> dict[UUID, str]:
        gevonden: dict[UUID, str] = {}
        async with httpx.AsyncClient(base_url=intake_url, timeout=30) as client:
            for start in range(0, len(klant_ids), PER_VERZOEK):
                deel = [str(k) for k in klant_ids[start : start + PER_VERZOEK]]
                response = await client.post(
                    "/api/v1/klanten/opvragingen", json={"klantIds": deel, "doel": DOEL}, headers=headers
                )
                if response.status_code == 404:
                    continue  # none of this batch can be given: each is left out, like an erased one
                if response.status_code != 200:
                    raise IntakeNietBereikbaar(f"intake gaf {response.status_code} voor de persoonsgegevens")
                gevonden |= {UUID(p["klantId"]): str(p["bsn"]) for p in response.json()["items"]}
        return gevonden

    return bsns
