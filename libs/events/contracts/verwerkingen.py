"""The one contract every service produces: a record of the Logboek Dataverwerkingen, carried on its topic.

The logboek stays in each service's own tables (`ldv_verwerkingen`); this event brings "who looked" to
handhaving's audit store, so the sociale recherche sees reads of a klant beside what was decided.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from ..registry import EventData

STREAM_TYPE = "verwerking"


class VerwerkingGelogd(EventData):
    """One processing of one klant's personal data (LDV record), by the envelope's actor.

    Status is the LDV code: 1 OK, 0 UNSET (refused: a 4xx answer), 2 ERROR.
    """

    event_type = "VerwerkingGelogd"

    record_id: UUID = Field(description="Id of the record in the service's Logboek Dataverwerkingen")
    activiteit: str = Field(description="Id in the register of processing activities")
    naam: str
    betrokkene: str = Field(description="The data subject's id (the pseudonymous klant id)")
    rollen: list[str]
    status: int
    gestart_op: datetime


CONTRACTS: tuple[type[EventData], ...] = (VerwerkingGelogd,)
