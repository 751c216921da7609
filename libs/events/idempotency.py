"""`Idempotency-Key` support: the first request with a key decides; retries get the same answer."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from .db import Sql
from .envelope import canonical_json, dumps
from .errors import Conflict

_CLAIM = Sql(
    "INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (:scope, :key, :hash) "
    "ON CONFLICT DO NOTHING RETURNING key"
)
_STORED = Sql(
    "SELECT request_hash, status_code, response_body::text, gemeenten FROM idempotency_keys "
    "WHERE scope = :scope AND key = :key"
)
_REMEMBER = Sql(
    "UPDATE idempotency_keys SET status_code = :status, response_body = CAST(:body AS jsonb), "
    "gemeenten = CAST(:gemeenten AS text[]) WHERE scope = :scope AND key = :key"
)


class IdempotencyKeyReused(Conflict):
    """The key was used before for a different request body."""

    title = "Idempotency-Key hergebruikt"


@dataclass(frozen=True)
class StoredResponse:
    """The response given to the first request with this key."""

    status_code: int
    body: Any
    gemeenten: frozenset[str] = frozenset()


def request_fingerprint(body: Any) -> str:
    """SHA-256 of the canonical request body, to tell a retry from a different request."""
    return hashlib.sha256(canonical_json(body)).hexdigest()


async def claim(conn: AsyncConnection, scope: str, key: str, fingerprint: str) -> StoredResponse | None:
    """Claim `key` in this transaction, or return the stored response of the request that did.

    A concurrent request with the same key waits on the primary key until the first commits,
    then gets its response; if the first rolled back, this one proceeds.
    """
    if await _CLAIM.fetchrow(conn, scope=scope, key=key, hash=fingerprint) is not None:
        return None
    row = await _STORED.fetchrow(conn, scope=scope, key=key)
    assert row is not None
    if row[0] != fingerprint:
        raise IdempotencyKeyReused("deze Idempotency-Key is al gebruikt voor een andere aanvraag")
    return StoredResponse(int(row[1]), json.loads(row[2]), frozenset(row[3] or ()))


async def remember(
    conn: AsyncConnection, scope: str, key: str, status_code: int, body: Any, gemeenten: frozenset[str] = frozenset()
) -> None:
    """Store the response for a claimed key and the gemeenten it reveals (same transaction as the work)."""
    await _REMEMBER.execute(
        conn, scope=scope, key=key, status=status_code, body=dumps(body), gemeenten=sorted(gemeenten)
    )
