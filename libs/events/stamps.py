"""What a command leaves for the one command path to fill in: the moment, the Dutch calendar day, the actor.

A route builds a command without reading the clock; the unit of work stamps it once, so every event of one
command carries the same moment and a domain rule never calls `now()`.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Final, TypeVar
from zoneinfo import ZoneInfo

C = TypeVar("C")

NEDERLAND: Final = ZoneInfo("Europe/Amsterdam")
# A command's `op`, `vandaag` and `door` as the route leaves them (the unit of work fills them in).
NU: Final = datetime.min.replace(tzinfo=UTC)
VANDAAG: Final = date.min


def vandaag_in_nederland(op: datetime) -> date:
    """The calendar day in the Netherlands at this moment (just after midnight belongs to the new day)."""
    return op.astimezone(NEDERLAND).date()


def stamp(command: C, now: datetime, door: str) -> C:
    """The command with `op`, `vandaag` and `door` filled in where they are left unset (explicit values stay)."""
    if not dataclasses.is_dataclass(command) or isinstance(command, type):
        return command
    stamps = {"op": (NU, now), "vandaag": (VANDAAG, vandaag_in_nederland(now)), "door": ("", door)}
    names = {f.name for f in dataclasses.fields(command)}
    fill = {n: value for n, (unset, value) in stamps.items() if n in names and getattr(command, n) == unset}
    return dataclasses.replace(command, **fill) if fill else command
