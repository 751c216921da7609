"""CloudEvents 1.0 structured envelope, canonical JSON and the per-stream SHA-256 hash chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

import uuid6
from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

GENESIS_HASH = "0" * 64


def new_event_id() -> UUID:
    """A fresh UUIDv7: time-ordered, so ids sort by creation."""
    value: UUID = uuid6.uuid7()
    return value


def utcnow() -> datetime:
    """Current time in UTC, microsecond precision."""
    return datetime.now(UTC)


class Envelope(BaseModel):
    """One recorded event as a CloudEvents 1.0 structured JSON document plus our extensions.

    Extension attribute names follow the CloudEvents rule (lower-case letters and digits only).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    specversion: Literal["1.0"] = "1.0"
    id: UUID = Field(description="UUIDv7 of this event")
    source: str = Field(description="Producing service, e.g. /regio/intake")
    type: str = Field(description="Dutch past-tense domain fact, e.g. AanmeldingOntvangen")
    time: datetime
    subject: str = Field(description="Who or what the event is about: klant_id or another stream id")
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any]
    streamtype: str
    streamid: str
    streamversion: int = Field(ge=1)
    schemaversion: int = Field(ge=1)
    gemeente: str | None = Field(default=None, description="CBS code, e.g. GM0014")
    actor: str = Field(description="Who caused it: the token's sub, or a service name")
    actorroles: str | None = Field(
        default=None,
        max_length=500,
        description="The actor's roles, comma-separated (extension); absent on events recorded before it was "
        "kept, which keeps their hashes as they were",
    )
    correlationid: str
    causationid: str | None = None
    traceparent: str | None = Field(
        default=None,
        max_length=55,
        description="W3C Trace Context of the span that recorded the event (CloudEvents distributed tracing "
        "extension); absent on events recorded before tracing, which keeps their hashes as they were",
    )
    prevhash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")

    @model_serializer(mode="wrap")
    def _without_absent_extensions(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        dumped: dict[str, Any] = handler(self)
        for extension in ("traceparent", "actorroles"):
            if dumped.get(extension, "") is None:
                del dumped[extension]
        return dumped

    def to_json(self) -> bytes:
        """Serialise as CloudEvents structured JSON (canonical, so byte-stable)."""
        return canonical_json(self.model_dump(mode="json"))

    @classmethod
    def from_json(cls, raw: bytes | str) -> Envelope:
        """Parse a structured-mode CloudEvent produced by `to_json`."""
        return cls.model_validate_json(raw)


def canonical_json(value: Any) -> bytes:
    """Canonical JSON: UTF-8, keys sorted, no insignificant whitespace, no NaN.

    For the values our contracts allow (strings, integers, booleans, null, arrays, objects with
    ASCII keys; no floats, see EventRegistry.register) this is byte for byte RFC 8785 (JCS), made
    by the standard library's C encoder instead of a pure-Python one (about 10x faster).
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def chain_hash(prevhash: str, unhashed: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical event (every field except `hash`)."""
    digest = hashlib.sha256()
    digest.update(prevhash.encode("ascii"))
    digest.update(canonical_json(unhashed))
    return digest.hexdigest()


def seal(fields: dict[str, Any], prevhash: str) -> Envelope:
    """Build an envelope from its fields, linking it to `prevhash` and computing its own hash."""
    return seal_with_json(fields, prevhash)[0]


def seal_with_json(fields: dict[str, Any], prevhash: str) -> tuple[Envelope, str]:
    """`seal`, also returning the envelope's canonical JSON text (for storage, without re-serialising)."""
    unhashed = {**fields, "prevhash": prevhash}
    unhashed.pop("hash", None)
    # Normalise through the model first so the hash covers exactly what is serialised later.
    draft = Envelope.model_validate({**unhashed, "hash": GENESIS_HASH})
    normalised = draft.model_dump(mode="json", exclude={"hash"})
    unhashed_json = canonical_json(normalised)
    digest = hashlib.sha256(prevhash.encode("ascii") + unhashed_json).hexdigest()
    # Stored as jsonb, which keeps no key order: appending the hash member is enough.
    stored = unhashed_json[:-1].decode() + f',"hash":"{digest}"}}'
    return draft.model_copy(update={"hash": digest}), stored


@dataclass(frozen=True)
class ChainVerdict:
    """Outcome of verifying one stream's hash chain."""

    ok: bool
    checked: int
    broken_at_version: int | None = None
    reason: str | None = None


def verify_chain(envelopes: Iterable[Envelope]) -> ChainVerdict:
    """Verify one stream's events in version order; name the first broken link if any."""
    expected_prev = GENESIS_HASH
    expected_version = 1
    checked = 0
    for env in envelopes:
        if env.streamversion != expected_version:
            return ChainVerdict(
                False,
                checked,
                env.streamversion,
                f"expected version {expected_version}, found {env.streamversion}",
            )
        if env.prevhash != expected_prev:
            return ChainVerdict(
                False, checked, env.streamversion, "prevhash does not match the hash of the previous event"
            )
        recomputed = chain_hash(env.prevhash, env.model_dump(mode="json", exclude={"hash"}))
        if recomputed != env.hash:
            return ChainVerdict(False, checked, env.streamversion, "content does not match its hash (event altered)")
        expected_prev = env.hash
        expected_version += 1
        checked += 1
    return ChainVerdict(True, checked)


def dumps(value: Any) -> str:
    """Compact JSON text for storage columns (not canonical; use canonical_json for hashing)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
