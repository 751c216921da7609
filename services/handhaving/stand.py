"""What was known about a klant on a date (registration time), folded with the services' own domain code.

No rule is implemented twice: each stream type maps to the owning service's `Aggregate`, and its events,
as recorded by the date, are folded with that aggregate's `evolve`. Encrypted fields stay encrypted:
handhaving holds no klant keys, so personal values (birth dates, accounts) are absent from the state.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from libs.events.aggregate import Aggregate
from libs.events.contracts import registry
from libs.events.envelope import event_type_of
from services.intake.domain import AANMELDINGEN
from services.intake.klant import KLANTEN
from services.matching.bemiddeling import VOORSTELLEN
from services.uitkering.aanvraag.recht import geldig_op
from services.uitkering.stand import UITKERINGEN
from services.uitkering.vordering.domain import VORDERINGEN

AGGREGATES: Mapping[str, Aggregate[Any]] = {
    a.stream_type: a for a in (AANMELDINGEN, KLANTEN, VOORSTELLEN, UITKERINGEN, VORDERINGEN)
}


# Valid time: what applied on a day, by the owning service's own selection of its facts (uitkering's months).
GELDIG: Mapping[str, Callable[[Any, date], Any]] = {UITKERINGEN.stream_type: geldig_op}


def geldig(stream_type: str, state: Any, dag: date) -> Any:
    """What applied on `dag` in this state (valid time), for stream types that have facts about periods."""
    kies = GELDIG.get(stream_type)
    return jsonable(kies(state, dag)) if kies is not None else None


def jsonable(value: Any) -> Any:
    """A domain state as JSON: dataclasses and models by field, dict keys as text, amounts and dates as text."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {_sleutel(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | date | datetime | UUID):
        return str(value)
    return value


def _sleutel(key: Any) -> str:
    if isinstance(key, tuple):
        return "|".join(str(k) for k in key)
    return str(key)


def fold(stream_type: str, envelopes: list[dict[str, Any]]) -> Any | None:
    """The state of one stream after these envelopes (in version order), with the owner's evolve."""
    aggregate = AGGREGATES.get(stream_type)
    if aggregate is None:
        return None
    events = (registry.decode_data(event_type_of(e["type"]), e["schemaversion"], e["data"]) for e in envelopes)
    return aggregate.fold(None, events)


def verschil(was: Any, werd: Any, pad: str = "") -> list[dict[str, Any]]:
    """The fields that differ between two JSON states (added, removed or changed), by path."""
    if isinstance(was, dict) and isinstance(werd, dict):
        uit = []
        for key in sorted(set(was) | set(werd)):
            uit += verschil(was.get(key), werd.get(key), f"{pad}.{key}" if pad else key)
        return uit
    return [] if was == werd else [{"veld": pad, "was": was, "werd": werd}]
