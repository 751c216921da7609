"""A projection as one small handler per event type: each event goes to its handler, in order, with the batch."""

from __future__ import annotations

from typing import Any

import pytest

from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

from .sample import Geteld


class Ander(EventData):
    """An event type no handler is registered for."""

    event_type = "TestAnder"
    schema_version = 1


def _recorded(data: EventData) -> Recorded[EventData]:
    return Recorded(envelope=None, data=data)  # type: ignore[arg-type]  # the handlers here read only data


async def test_each_event_reaches_its_own_handler_in_order_and_others_pass_by() -> None:
    handlers: PerEvent[list[int]] = PerEvent()

    @handlers.on(Geteld)
    async def geteld(conn: Any, e: Geteld, recorded: Recorded[EventData], batch: list[int]) -> None:
        batch.append(e.n)

    batch: list[int] = []
    events = [_recorded(Geteld(n=1)), _recorded(Ander()), _recorded(Geteld(n=2))]
    await handlers.apply(None, events, batch)  # type: ignore[arg-type]  # no database is touched
    assert batch == [1, 2]


def test_an_event_type_has_one_handler() -> None:
    handlers: PerEvent[None] = PerEvent()

    @handlers.on(Geteld)
    async def eerste(conn: Any, e: Geteld, recorded: Recorded[EventData], batch: None) -> None: ...

    with pytest.raises(ValueError, match="Geteld has a handler already"):

        @handlers.on(Geteld)
        async def tweede(conn: Any, e: Geteld, recorded: Recorded[EventData], batch: None) -> None: ...
