"""Typed registry: decoding, upcasting from old schema versions, and clear errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from libs.events.contracts import registry as contracts
from libs.events.contracts.intake import AanmeldingOntvangen
from libs.events.envelope import GENESIS_HASH, new_event_id, seal
from libs.events.registry import (
    EventData,
    EventDecodeError,
    EventRegistry,
    InvalidEventPayload,
    UnknownEventType,
    UnsupportedSchemaVersion,
)


class AdresGewijzigd(EventData):
    """Test event at schema version 3: v1 had `adres`, v2 split it, v3 added `land`."""

    event_type = "AdresGewijzigd"
    schema_version = 3

    straat: str
    huisnummer: int
    land: str


def _registry() -> EventRegistry:
    reg = EventRegistry()
    reg.register(AdresGewijzigd)

    @reg.upcaster("AdresGewijzigd", 1)
    def split(data: dict[str, Any]) -> dict[str, Any]:
        straat, nummer = data.pop("adres").rsplit(" ", 1)
        return {**data, "straat": straat, "huisnummer": int(nummer)}

    @reg.upcaster("AdresGewijzigd", 2)
    def add_land(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "land": "NL"}

    return reg


def test_old_versions_are_upcast_to_the_current_model() -> None:
    reg = _registry()
    from_v1 = reg.decode_data("AdresGewijzigd", 1, {"adres": "Grote Markt 1"})
    from_v2 = reg.decode_data("AdresGewijzigd", 2, {"straat": "Grote Markt", "huisnummer": 1})
    assert from_v1 == from_v2 == AdresGewijzigd(straat="Grote Markt", huisnummer=1, land="NL")


def test_newer_than_known_version_is_refused() -> None:
    with pytest.raises(UnsupportedSchemaVersion):
        _registry().decode_data("AdresGewijzigd", 4, {})


def test_unknown_type_is_a_typed_error() -> None:
    with pytest.raises(UnknownEventType):
        _registry().decode_data("Onbekend", 1, {})


def test_invalid_payload_is_refused_whole() -> None:
    with pytest.raises(InvalidEventPayload):
        _registry().decode_data("AdresGewijzigd", 3, {"straat": "X", "huisnummer": "geen getal", "land": "NL"})


def test_payload_models_are_frozen_and_reject_extra_fields() -> None:
    event = AdresGewijzigd(straat="X", huisnummer=1, land="NL")
    with pytest.raises(ValueError):
        event.straat = "Y"  # type: ignore[misc]
    with pytest.raises(InvalidEventPayload):
        _registry().decode_data("AdresGewijzigd", 3, {"straat": "X", "huisnummer": 1, "land": "NL", "x": 1})


def test_registering_a_second_model_for_one_type_fails() -> None:
    reg = _registry()

    class Ander(EventData):
        event_type = "AdresGewijzigd"

    with pytest.raises(ValueError):
        reg.register(Ander)


def test_structured_json_decodes_to_the_typed_contract() -> None:
    data = AanmeldingOntvangen(
        aanmelding_id=new_event_id(),
        klant_id=new_event_id(),
        gemeente="GM0014",
        kanaal="kcc",
        hulpvraag="werk",
        ontvangen_op=datetime(2026, 11, 22, tzinfo=UTC),
    )
    env = seal(
        {
            "id": new_event_id(),
            "source": "/regio/intake",
            "type": data.event_type,
            "time": datetime.now(UTC),
            "subject": str(data.klant_id),
            "data": data.model_dump(mode="json"),
            "streamtype": "aanmelding",
            "streamid": str(data.aanmelding_id),
            "streamversion": 1,
            "schemaversion": 1,
            "gemeente": "GM0014",
            "actor": "t",
            "correlationid": "c",
        },
        GENESIS_HASH,
    )
    decoded = contracts.decode_json(env.to_json())
    assert decoded.data == data
    assert decoded.envelope.model_dump(mode="json") == env.model_dump(mode="json")
    assert (decoded.envelope.streamid, decoded.envelope.hash) == (env.streamid, env.hash)


def test_an_old_schema_version_on_the_wire_takes_the_upcasting_path() -> None:
    reg = _registry()
    env = seal(
        {
            "id": new_event_id(),
            "source": "/regio/test",
            "type": "AdresGewijzigd",
            "time": datetime.now(UTC),
            "subject": "k",
            "data": {"adres": "Grote Markt 1"},
            "streamtype": "t",
            "streamid": "s",
            "streamversion": 1,
            "schemaversion": 1,
            "actor": "t",
            "correlationid": "c",
        },
        GENESIS_HASH,
    )
    decoded = reg.decode_json(env.to_json())
    assert decoded.data == AdresGewijzigd(straat="Grote Markt", huisnummer=1, land="NL")
    assert decoded.envelope == env


@pytest.mark.parametrize("raw", [b"", b"not json", b'{"specversion": "1.0"}', b"\xff\xfe"])
def test_garbage_is_an_event_decode_error(raw: bytes) -> None:
    with pytest.raises(EventDecodeError):
        contracts.decode_json(raw)


def test_float_fields_are_refused_in_contracts() -> None:
    class MetFloat(EventData):
        event_type = "MetFloat"

        bedrag: float | None

    with pytest.raises(TypeError, match="floats are not allowed"):
        EventRegistry().register(MetFloat)
