"""The producers' public keys the audit store checks signatures against.

Each service publishes its JWK Set at `/.well-known/jwks.json` (the registry's `jwks_path`); `PRODUCER_JWKS` names
another place per service (a URL or a file). A key is learnt once and kept in `audit_sleutels`, so the audit store
can be rebuilt, and an event judged, while its producer is down; a key id not yet known makes the audit store look
at the producer's JWK Set again, at most once per `SLEUTELS_OPNIEUW_S` per producer. What is still unknown then is
a key nobody published: the event is rejected. So rotate a key by publishing it (as the current or a previous key)
before it signs. In development mode the services' development keys are trusted as well.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events import ondertekening
from libs.events.db import Sql
from libs.events.observability import get_logger
from libs.events.services import SERVICES

log = get_logger(__name__)

_GELEERD = Sql("SELECT bron, jwk FROM audit_sleutels")
_LEER = Sql(
    "INSERT INTO audit_sleutels (bron, kid, jwk) SELECT :bron, k, CAST(j AS jsonb) FROM unnest(CAST(:kids AS text[]), "
    "CAST(:jwks AS text[])) AS u(k, j) ON CONFLICT DO NOTHING"
)


def standaard_plaatsen() -> dict[str, str]:
    """Where each registered service publishes its keys when run as `make run` runs it (its port on this host)."""
    return {s.name: f"http://127.0.0.1:{s.port}{s.jwks_path}" for s in SERVICES}


class ProducentSleutels:
    """The key ring of the audit store: learnt keys from its database, fetched ones, and development keys."""

    def __init__(self, plaatsen: dict[str, str], *, dev_mode: bool, opnieuw_s: float = 30.0) -> None:
        self.plaatsen = plaatsen
        self.ring = ondertekening.dev_ring([s.name for s in SERVICES]) if dev_mode else ondertekening.Sleutelring()
        self.opnieuw_s = opnieuw_s
        self._gelezen = False
        self._laatst: dict[str, float] = {}

    async def _lees(self, conn: AsyncConnection) -> None:
        if not self._gelezen:
            for bron, jwk in await _GELEERD.fetch(conn):
                self.ring.voeg_toe(str(bron), {"keys": [jwk if isinstance(jwk, dict) else json.loads(jwk)]})
            self._gelezen = True

    async def _leer(self, conn: AsyncConnection, dienst: str) -> None:
        self._laatst[dienst] = time.monotonic()
        jwks = await _haal(self.plaatsen[dienst]) if dienst in self.plaatsen else None
        if jwks is None:
            return
        self.ring.voeg_toe(dienst, jwks)
        sleutels = ondertekening.publieke_sleutels(jwks)
        await _LEER.execute(
            conn,
            bron=dienst,
            kids=list(sleutels),
            jwks=[json.dumps(ondertekening.publieke_jwk(k)) for k in sleutels.values()],
        )

    async def kent(self, conn: AsyncConnection, dienst: str, kid: str) -> bool:
        """Whether `kid` is a key of `dienst`, looking in the database and at the producer's JWK Set if needed."""
        await self._lees(conn)
        if self.ring.kent(dienst, kid):
            return True
        if time.monotonic() - self._laatst.get(dienst, -self.opnieuw_s) >= self.opnieuw_s:
            await self._leer(conn, dienst)
        return self.ring.kent(dienst, kid)

    async def ververs(self, conn: AsyncConnection, dienst: str) -> ondertekening.Sleutelring:
        """The ring after learning `dienst`'s currently published keys (for a reconciliation round)."""
        await self._lees(conn)
        await self._leer(conn, dienst)
        return self.ring


async def _haal(plaats: str) -> dict[str, Any] | None:
    try:
        if plaats.startswith(("http://", "https://")):
            async with httpx.AsyncClient(timeout=5.0) as client:
                antwoord = (await client.get(plaats)).raise_for_status().json()
        else:
            antwoord = json.loads(await asyncio.to_thread(Path(plaats).read_text, encoding="utf-8"))
    except (httpx.HTTPError, OSError, ValueError) as fout:
        log.warning("auditstore.sleutels_onbereikbaar", plaats=plaats, error=repr(fout))
        return None
    return antwoord if isinstance(antwoord, dict) else None
