"""The shape every command handler shares: an idempotent outcome, and appending with inline projections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from .auth import Principal
from .consumer import Projection
from .idempotency import claim, request_fingerprint
from .observability import current_correlation_id
from .registry import EventData, Recorded
from .runtime import Runtime
from .store import EventContext, StreamHead


@dataclass(frozen=True)
class Outcome:
    """Status and body of a command's response; `replayed` when an Idempotency-Key retry."""

    status_code: int
    body: dict[str, Any]
    replayed: bool = False


async def earlier_answer(conn: AsyncConnection, scope: str, key: str | None, request: BaseModel) -> Outcome | None:
    """Claim the Idempotency-Key in this transaction, or return the answer given to its first use."""
    if key is None:
        return None
    stored = await claim(conn, scope, key, request_fingerprint(request.model_dump(mode="json")))
    return None if stored is None else Outcome(stored.status_code, stored.body, replayed=True)


async def append_and_project(
    conn: AsyncConnection,
    runtime: Runtime,
    principal: Principal,
    projection: Projection,
    *,
    stream_type: str,
    stream_id: UUID,
    head: StreamHead,
    events: Sequence[EventData],
    subject: UUID,
    gemeente: str | None,
) -> None:
    """Append events on the loaded head and apply the service's own read models in the same transaction."""
    envelopes = await runtime.store.append(
        conn,
        stream_type=stream_type,
        stream_id=str(stream_id),
        expected_version=head,
        events=events,
        subject=str(subject),
        gemeente=gemeente,
        context=EventContext(actor=principal.sub, correlation_id=current_correlation_id()),
    )
    await projection.apply(conn, [Recorded(env, data) for env, data in zip(envelopes, events, strict=True)])


def respond(outcome: Outcome, location: str | None = None) -> JSONResponse:
    """The HTTP response for a command outcome (Location for created resources, a header on replays)."""
    headers = {"Location": location} if location else {}
    if outcome.replayed:
        headers["Idempotency-Replayed"] = "true"
    return JSONResponse(outcome.body, status_code=outcome.status_code, headers=headers)
