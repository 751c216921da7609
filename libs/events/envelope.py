"""CloudEvents 1.0 structured envelope, canonical JSON and the per-stream SHA-256 hash chain."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

import orjson
import uuid6
from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, TypeAdapter, model_serializer

from .ondertekening import Sleutel

GENESIS_HASH = "0" * 64


def new_event_id() -> UUID:
    """A fresh UUIDv7: time-ordered, so ids sort by creation."""
    value: UUID = uuid6.uuid7()
    return value


def utcnow() -> datetime:
    """Current time in UTC, microsecond precision."""
    return datetime.now(UTC)


# NL GOV profile for CloudEvents: `type` in reverse-DNS notation named after the source of the data, `source`
# an absolute URI (a URN). Only new events carry these; a recorded envelope is never rewritten (its hash).
TYPE_PREFIX = "nl.participatiewet."
SOURCE_PREFIX = "urn:nld:participatiewet:"


def cloud_type(dienst: str, event_type: str) -> str:
    """The CloudEvents `type` of a domain fact produced by `dienst`: nl.participatiewet.intake.KlantVerhuisd."""
    return f"{TYPE_PREFIX}{dienst}.{event_type}"


def event_type_of(type_: str) -> str:
    """The domain fact of a CloudEvents `type`, in either form: KlantVerhuisd."""
    return type_.rsplit(".", 1)[-1]


def bron(dienst: str) -> str:
    """The CloudEvents `source` of a service: urn:nld:participatiewet:intake."""
    return f"{SOURCE_PREFIX}{dienst}"


@functools.lru_cache(maxsize=64)
def dienst_van(source: str) -> str:
    """The producing service of a `source`, in either form (urn:nld:participatiewet:intake, /regio/intake)."""
    return re.split(r"[/:]", source)[-1]


class Envelope(BaseModel):
    """One recorded event as a CloudEvents 1.0 structured JSON document plus our extensions.

    Extension attribute names follow the CloudEvents rule (lower-case letters and digits only).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    specversion: Literal["1.0"] = "1.0"
    id: UUID = Field(description="UUIDv7 of this event")
    source: str = Field(
        description="Producing service as an absolute URI, urn:nld:participatiewet:intake (events recorded before "
        "the NL GOV CloudEvents profile was followed keep /regio/intake, which keeps their hashes as they were)"
    )
    type: str = Field(
        description="Reverse-DNS name of the Dutch past-tense domain fact, nl.participatiewet.intake."
        "AanmeldingOntvangen (earlier events: AanmeldingOntvangen alone); `event_type_of` gives the fact"
    )
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
    signature: str | None = Field(
        default=None,
        max_length=100,
        description="The producer's Ed25519 signature over `hash`, base64url (extension; outside the hash, like "
        "`hash` itself); absent on events sealed before services signed, which stay valid as unsigned",
    )
    keyid: str | None = Field(
        default=None,
        max_length=64,
        description="The signing key's id, its RFC 7638 thumbprint, in the producer's JWK Set (extension)",
    )

    @model_serializer(mode="wrap")
    def _without_absent_extensions(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        dumped: dict[str, Any] = handler(self)
        for extension in ("traceparent", "actorroles", "signature", "keyid"):
            if dumped.get(extension, "") is None:
                del dumped[extension]
        return dumped

    def to_json(self) -> bytes:
        """Serialise as CloudEvents structured JSON (canonical, so byte-stable)."""
        return event_json(self.model_dump(mode="json"))

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


def event_json(value: Any) -> bytes:
    """`canonical_json` of an event document, made by orjson: the same bytes, about ten times faster.

    Events hold no floats (EventRegistry.register refuses them), the one kind of value whose text the two
    encoders write differently; tests/events/test_envelope.py holds them equal on random documents. What orjson
    cannot encode (an integer beyond 64 bits) goes the standard library's way.
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return canonical_json(value)


# What the hash does not cover: the hash itself and the signature over it.
UNHASHED = frozenset({"hash", "signature", "keyid"})


def hashed_part(document: dict[str, Any]) -> dict[str, Any]:
    """The members of an event document its hash covers (all but `hash`, `signature` and `keyid`)."""
    return {k: v for k, v in document.items() if k not in UNHASHED}


def content_hash(document: dict[str, Any]) -> str:
    """The hash an event document's content gives (compare with its `hash` to see whether it was altered)."""
    return chain_hash(document["prevhash"], hashed_part(document))


def chain_hash(prevhash: str, unhashed: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical event (every field except `hash` and its signature)."""
    digest = hashlib.sha256()
    digest.update(prevhash.encode("ascii"))
    digest.update(event_json(unhashed))
    return digest.hexdigest()


def seal(fields: dict[str, Any], prevhash: str, sleutel: Sleutel | None = None) -> Envelope:
    """Build an envelope from any field values (validated and normalised), linked to `prevhash`, with its hash.

    With `sleutel` the envelope is signed (its hash); without, it is unsigned.
    """
    unhashed = hashed_part({**fields, "prevhash": prevhash})
    # Normalise through the model first so the hash covers exactly what is serialised later.
    draft = Envelope.model_validate({**unhashed, "hash": GENESIS_HASH})
    digest = chain_hash(prevhash, draft.model_dump(mode="json", exclude=set(UNHASHED)))
    signed = {"signature": sleutel.teken(digest), "keyid": sleutel.kid} if sleutel else {}
    return draft.model_copy(update={"hash": digest, **signed})


@dataclass(frozen=True)
class Sealed:
    """An event sealed but not yet signed: its field values, its stored JSON text and its hash."""

    fields: dict[str, Any]
    stored: str
    hash: str

    def envelope(self, signature: str | None = None, kid: str | None = None) -> tuple[Envelope, str]:
        """The envelope and its stored text, signed when a signature over `hash` is given (built once)."""
        if signature is None:
            return Envelope.model_construct(**self.fields, hash=self.hash), self.stored
        text_ = self.stored[:-1] + f',"signature":"{signature}","keyid":"{kid}"}}'
        return Envelope.model_construct(**self.fields, hash=self.hash, signature=signature, keyid=kid), text_


def seal_fields(fields: dict[str, Any], prevhash: str) -> Sealed:
    """Hash an event's fields linked to `prevhash`, for `Sealed.envelope` (see `seal_with_json`)."""
    unhashed = hashed_part({**fields, "prevhash": prevhash})
    normalised = _as_json(unhashed)
    unhashed_json = event_json(normalised)
    digest = hashlib.sha256(prevhash.encode("ascii") + unhashed_json).hexdigest()
    # Stored as jsonb, which keeps no key order: appending the hash member (and the signature) is enough.
    return Sealed(unhashed, unhashed_json[:-1].decode() + f',"hash":"{digest}"}}', digest)


def seal_with_json(fields: dict[str, Any], prevhash: str, sleutel: Sleutel | None = None) -> tuple[Envelope, str]:
    """`seal`, also returning the envelope's canonical JSON text (for storage, without re-serialising).

    The fields come from the event store's own code (typed ids, aware datetimes, payloads already dumped
    in JSON mode), so the JSON form is built directly instead of validating an Envelope and dumping it again:
    the same document, byte for byte (tests/events/test_envelope.py holds the two paths equal), at half
    the cost of an append. The model's constraints are still checked.
    """
    sealed = seal_fields(fields, prevhash)
    if sleutel is None:
        return sealed.envelope()
    return sealed.envelope(sleutel.teken(sealed.hash), sleutel.kid)


_FIELDS = frozenset(Envelope.model_fields) - UNHASHED
_REQUIRED = frozenset(name for name, f in Envelope.model_fields.items() if f.is_required()) - UNHASHED
# Every other field's default as the JSON dump writes it (the extensions traceparent and actorroles are left out).
_DEFAULTS = {"specversion": "1.0", "datacontenttype": "application/json", "gemeente": None, "causationid": None}
_DATETIME: TypeAdapter[datetime] = TypeAdapter(datetime)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@functools.lru_cache(maxsize=256)
def _datetime_json(value: datetime) -> str:
    # A batch's events share one time: its text is made once.
    text: str = _DATETIME.dump_python(value, mode="json")
    return text


def _as_json(unhashed: dict[str, Any]) -> dict[str, Any]:
    """What `Envelope(**unhashed).model_dump(mode="json", exclude={"hash"})` gives, for trusted field values."""
    unknown, missing = unhashed.keys() - _FIELDS, _REQUIRED - unhashed.keys()
    if unknown or missing:
        raise ValueError(f"not envelope fields: {sorted(unknown)}; missing: {sorted(missing)}")
    if unhashed["streamversion"] < 1 or unhashed["schemaversion"] < 1:
        raise ValueError("stream and schema versions start at 1")
    if len(unhashed.get("actorroles") or "") > 500 or len(unhashed.get("traceparent") or "") > 55:
        raise ValueError("actorroles or traceparent too long for the envelope")
    if not _HEX64.match(unhashed["prevhash"]):
        raise ValueError("prevhash is not a SHA-256 hex digest")
    out = dict(_DEFAULTS)
    for key, value in unhashed.items():
        if value is None and key in ("traceparent", "actorroles"):
            continue  # absent extensions stay absent, as in Envelope's serializer
        if isinstance(value, UUID):
            value = str(value)
        elif isinstance(value, datetime):
            value = _datetime_json(value)
        out[key] = value
    return out


@dataclass(frozen=True)
class ChainVerdict:
    """Outcome of verifying one stream's hash chain."""

    ok: bool
    checked: int
    broken_at_version: int | None = None
    reason: str | None = None


def chain_break(texts: Iterable[str | bytes | dict[str, Any]]) -> tuple[int, str] | dict[str, Any] | None:
    """The first bad link of a stream's stored events, in version order, as (version, why); when there is none, the
    last signed event (whose signature vouches for the chain) or None for an unsigned stream.

    Each event's content is hashed again and linked to the one before; once a stream is signed every later event
    must be too. The one chain check of the platform: the store, the reconciliation and `verify_chain` use it.
    """
    vorige, getekend = GENESIS_HASH, None
    for versie, text_ in enumerate(texts, start=1):
        doc: dict[str, Any] = text_ if isinstance(text_, dict) else orjson.loads(text_)
        if (gevonden := doc.get("streamversion")) != versie:
            return int(gevonden or versie), f"versie {gevonden} volgt niet op {versie - 1}"
        if doc.get("prevhash") != vorige:
            return versie, f"versie {versie}: prevhash is niet de hash van versie {versie - 1}"
        if content_hash(doc) != doc.get("hash"):
            return versie, f"versie {versie}: de inhoud past niet bij de hash (gewijzigd)"
        if doc.get("signature"):
            getekend = doc
        elif getekend is not None:
            return versie, f"versie {versie}: niet ondertekend na een ondertekend event"
        vorige = doc["hash"]
    return getekend


def verify_chain(envelopes: Iterable[Envelope]) -> ChainVerdict:
    """Verify one stream's events in version order (content, links); name the first broken link if any."""
    texts = [env.to_json() for env in envelopes]
    uitslag = chain_break(texts)
    if isinstance(uitslag, tuple):
        return ChainVerdict(False, uitslag[0] - 1, uitslag[0], uitslag[1])
    return ChainVerdict(True, len(texts))


def dumps(value: Any) -> str:
    """Compact JSON text for storage columns (not canonical; use canonical_json for hashing)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
