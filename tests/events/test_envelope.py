"""Envelope round-trip, canonical JSON and hash-chain tamper detection."""

from __future__ import annotations

import base64
import hashlib
import json
import random
from datetime import UTC, datetime
from typing import Any

import pytest

from libs.events import ondertekening
from libs.events.envelope import (
    GENESIS_HASH,
    Envelope,
    canonical_json,
    event_json,
    new_event_id,
    seal,
    seal_with_json,
    verify_chain,
)


def _chain(n: int, stream: str = "s-1") -> list[Envelope]:
    envelopes = []
    prev = GENESIS_HASH
    for version in range(1, n + 1):
        env = seal(
            {
                "id": new_event_id(),
                "source": "/regio/test",
                "type": "Iets",
                "time": datetime(2026, 11, 22, 10, 0, version, 123456, tzinfo=UTC),
                "subject": "klant-1",
                "data": {"n": version, "tekst": "één €", "lijst": [1, 2.5, None]},
                "streamtype": "test",
                "streamid": stream,
                "streamversion": version,
                "schemaversion": 1,
                "gemeente": "GM0014",
                "actor": "tester",
                "correlationid": "c-1",
            },
            prev,
        )
        envelopes.append(env)
        prev = env.hash
    return envelopes


def test_round_trip_through_structured_json_keeps_every_field_and_the_hash() -> None:
    env = _chain(1)[0]
    again = Envelope.from_json(env.to_json())
    assert again == env
    assert again.to_json() == env.to_json()
    assert json.loads(env.to_json())["specversion"] == "1.0"


def test_canonical_json_ignores_key_order() -> None:
    assert canonical_json({"b": 1, "a": [1, {"d": 2, "c": 3}]}) == canonical_json({"a": [1, {"c": 3, "d": 2}], "b": 1})


def test_event_ids_are_uuid7_and_time_ordered() -> None:
    ids = [new_event_id() for _ in range(50)]
    assert all(i.version == 7 for i in ids)
    assert ids == sorted(ids)


def test_an_untouched_chain_verifies() -> None:
    verdict = verify_chain(_chain(5))
    assert verdict.ok and verdict.checked == 5 and verdict.broken_at_version is None


def test_altered_payload_is_named_as_the_first_broken_link() -> None:
    chain = _chain(5)
    forged = chain[2].model_copy(update={"data": {**chain[2].data, "n": 99}})
    verdict = verify_chain([chain[0], chain[1], forged, chain[3], chain[4]])
    assert not verdict.ok
    assert verdict.broken_at_version == 3
    assert verdict.reason is not None and "gewijzigd" in verdict.reason


def test_resealed_forgery_breaks_the_next_link() -> None:
    chain = _chain(4)
    resealed = seal({**chain[1].model_dump(), "data": {"n": -1}}, chain[1].prevhash)
    verdict = verify_chain([chain[0], resealed, chain[2], chain[3]])
    assert not verdict.ok and verdict.broken_at_version == 3


def test_removed_event_is_detected() -> None:
    chain = _chain(4)
    verdict = verify_chain([chain[0], chain[2], chain[3]])
    assert not verdict.ok and verdict.broken_at_version == 3


def test_invalid_hash_format_is_refused() -> None:
    fields = _chain(1)[0].model_dump()
    fields["hash"] = "nope"
    with pytest.raises(ValueError):
        Envelope.model_validate(fields)


def test_canonical_form_matches_rfc8785_examples_for_float_free_values() -> None:
    # Key order by code point, no whitespace, UTF-8 as is, only the mandatory escapes.
    value = {"z": None, "a": {"y": True, "b": [3, 'é\n"\\']}, "€": 1}
    assert canonical_json(value) == '{"a":{"b":[3,"é\\n\\"\\\\"],"y":true},"z":null,"€":1}'.encode()
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


def test_an_event_recorded_before_tracing_keeps_its_hash_and_a_traced_one_carries_its_traceparent() -> None:
    legacy = _chain(1)[0]
    assert "traceparent" not in json.loads(legacy.to_json())  # absent, not null: the old hash still holds
    assert verify_chain([Envelope.from_json(legacy.to_json())]).ok
    fields = legacy.model_dump(mode="json", exclude={"hash", "prevhash"})
    traced = seal({**fields, "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}, GENESIS_HASH)
    assert traced.hash != legacy.hash and verify_chain([Envelope.from_json(traced.to_json())]).ok
    assert json.loads(traced.to_json())["traceparent"].startswith("00-4bf92f3577b34da6a3ce929d0e0e4736-")


def _random_text(rng: random.Random) -> str:
    pools = [(0, 0x7F), (0x80, 0x2FFF), (0x2028, 0x2029), (0xE000, 0x10FFFF)]
    chars = []
    for _ in range(rng.randint(0, 10)):
        low, high = rng.choice(pools)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def _random_document(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.choice(["str", "int", "bool", "null", "list", "dict"] if depth < 3 else ["str", "int", "null"])
    if kind == "str":
        return _random_text(rng)
    if kind == "int":
        return rng.choice([0, -1, rng.randint(-(2**63), 2**63 - 1), rng.randint(2**64, 2**70)])
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "null":
        return None
    if kind == "list":
        return [_random_document(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {_random_text(rng): _random_document(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def test_event_json_writes_the_same_bytes_as_canonical_json_for_float_free_documents() -> None:
    """orjson on the hash chain's path: byte for byte the standard library's canonical form (else every stored
    hash would stop verifying), also for control characters, U+2028, astral planes and integers beyond 64 bits."""
    rng = random.Random(20261130)
    for _ in range(3000):
        document = {_random_text(rng): _random_document(rng) for _ in range(rng.randint(1, 6))}
        assert event_json(document) == canonical_json(document)


def _validated(fields: dict[str, Any], prevhash: str) -> tuple[Envelope, str]:
    """The sealing as it was: validate an Envelope, dump it, hash the canonical JSON."""
    unhashed = {**fields, "prevhash": prevhash}
    draft = Envelope.model_validate({**unhashed, "hash": GENESIS_HASH})
    body = canonical_json(draft.model_dump(mode="json", exclude={"hash"}))
    digest = hashlib.sha256(prevhash.encode("ascii") + body).hexdigest()
    return draft.model_copy(update={"hash": digest}), body[:-1].decode() + f',"hash":"{digest}"}}'


def test_sealing_without_validating_gives_the_validated_envelope_and_text() -> None:
    """The store seals trusted fields directly; for every optional extension present or absent and any text,
    the envelope, its stored text and its hash equal what validating through the model gives."""
    rng = random.Random(7)
    prevhash = GENESIS_HASH
    for version in range(1, 301):
        fields: dict[str, Any] = {
            "id": new_event_id(),
            "source": "/regio/test",
            "type": "Iets",
            "time": datetime(2026, 11, 30, 3, rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999999), UTC),
            "subject": _random_text(rng),
            "data": {"tekst": _random_text(rng), "n": rng.randint(-5, 5), "lijst": [None, True]},
            "streamtype": "test",
            "streamid": "s-1",
            "streamversion": version,
            "schemaversion": rng.randint(1, 3),
            "gemeente": rng.choice([None, "GM0014"]),
            "actor": _random_text(rng),
            "actorroles": rng.choice([None, "toegang,handhaver"]),
            "correlationid": "c",
            "causationid": rng.choice([None, "oorzaak"]),
            "traceparent": rng.choice([None, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]),
        }
        envelope, stored = seal_with_json(fields, prevhash)
        expected, expected_stored = _validated(fields, prevhash)
        assert envelope == expected
        assert json.loads(stored) == json.loads(expected_stored) == envelope.model_dump(mode="json")
        assert verify_chain([Envelope.from_json(stored)]).ok or version > 1
        prevhash = envelope.hash


def test_sealing_refuses_what_the_envelope_would_refuse() -> None:
    """Skipping validation keeps the model's limits: versions from 1, bounded extensions, a hex prevhash."""
    base: dict[str, Any] = {
        "id": new_event_id(),
        "source": "/regio/test",
        "type": "Iets",
        "time": datetime(2026, 11, 30, tzinfo=UTC),
        "subject": "k",
        "data": {},
        "streamtype": "t",
        "streamid": "s",
        "streamversion": 1,
        "schemaversion": 1,
        "actor": "a",
        "correlationid": "c",
    }
    for bad, prevhash in (
        ({"streamversion": 0}, GENESIS_HASH),
        ({"actorroles": "x" * 501}, GENESIS_HASH),
        ({"onbekend": 1}, GENESIS_HASH),
        ({}, "niet-hex"),
    ):
        with pytest.raises(ValueError):
            seal_with_json({**base, **bad}, prevhash)


class TestSignedEvents:
    """The producer signs an event's hash; the signature sits outside what the hash covers."""

    SLEUTEL = ondertekening.Sleutel(ondertekening.dev_sleutel("test"))

    def _fields(self) -> dict[str, Any]:
        return {k: v for k, v in _chain(1)[0].model_dump().items() if k not in ("hash", "prevhash")}

    def test_signing_leaves_the_hash_as_it_was_and_both_sealings_agree(self) -> None:
        fields = self._fields()
        ongetekend = seal(fields, GENESIS_HASH)
        getekend = seal(fields, GENESIS_HASH, self.SLEUTEL)
        snel, opgeslagen = seal_with_json(fields, GENESIS_HASH, self.SLEUTEL)
        assert getekend.hash == ongetekend.hash == snel.hash and getekend.keyid == self.SLEUTEL.kid
        assert json.loads(opgeslagen) == getekend.model_dump(mode="json") == snel.model_dump(mode="json")
        assert verify_chain([Envelope.from_json(opgeslagen)]).ok
        assert "signature" not in ongetekend.model_dump(mode="json")  # an unsigned event reads as before

    def test_a_signature_is_the_same_ed25519_signature_openssl_makes_and_verifies_with_the_published_key(self) -> None:
        hash_ = seal(self._fields(), GENESIS_HASH).hash
        handtekening = self.SLEUTEL.teken(hash_)
        openssl = self.SLEUTEL.prive.sign(hash_.encode("ascii"))
        assert base64.urlsafe_b64decode(handtekening + "=" * (-len(handtekening) % 4)) == openssl
        self.SLEUTEL.prive.public_key().verify(openssl, hash_.encode("ascii"))

    def test_only_the_producers_key_over_this_hash_verifies(self) -> None:
        getekend = seal(self._fields(), GENESIS_HASH, self.SLEUTEL)
        assert getekend.signature is not None
        ring = ondertekening.dev_ring(["test"])
        assert ring.klopt("test", self.SLEUTEL.kid, getekend.signature, getekend.hash)
        assert not ring.klopt("test", self.SLEUTEL.kid, getekend.signature, "0" * 64)
        assert not ring.klopt("intake", self.SLEUTEL.kid, getekend.signature, getekend.hash)
        # A mangled signature is simply not the producer's: too short, not base64, another's over this hash.
        assert not ring.klopt("test", self.SLEUTEL.kid, getekend.signature[:40], getekend.hash)
        assert not ring.klopt("test", self.SLEUTEL.kid, "!!!niet-base64!!!", getekend.hash)
        assert not ring.klopt(
            "test",
            self.SLEUTEL.kid,
            ondertekening.Sleutel(ondertekening.dev_sleutel("x")).teken(getekend.hash),
            getekend.hash,
        )
        ander = seal(self._fields(), GENESIS_HASH, ondertekening.Sleutel(ondertekening.dev_sleutel("ander")))
        assert ander.signature is not None and not ring.kent("test", str(ander.keyid))
        # A JWK Set names its keys by thumbprint: a published set teaches the ring the key under that id.
        geleerd = ondertekening.Sleutelring()
        geleerd.voeg_toe("test", self.SLEUTEL.jwks())
        assert geleerd.klopt("test", self.SLEUTEL.kid, getekend.signature, getekend.hash)
