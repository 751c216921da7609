"""Envelope round-trip, canonical JSON and hash-chain tamper detection."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from libs.events.envelope import GENESIS_HASH, Envelope, canonical_json, new_event_id, seal, verify_chain


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
    assert verdict.reason is not None and "altered" in verdict.reason


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
