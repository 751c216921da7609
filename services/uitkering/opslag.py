"""How uitkering's streams are loaded: the aggregate declarations and the fold that decrypts with the klant's key.

Here, apart from the commands and the queries that both use them, so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events import shredding
from libs.events.aggregate import Aggregate, Loaded
from libs.events.commands import UnitOfWork
from libs.events.contracts.uitkering import AanvraagIngediend, HuishoudenGewijzigd
from libs.events.errors import DomainError
from libs.events.registry import EventData
from libs.events.store import StreamHead

from .berekening import Geboortedata
from .stand import UITKERING, Uitkering, UitkeringNietGevonden, evolve


def geboortedata_json(g: Geboortedata) -> dict[str, Any]:
    """Birth dates as the JSON that is encrypted into `persoonlijk`."""
    return {
        "aanvrager": g.aanvrager.isoformat(),
        "partner": g.partner.isoformat() if g.partner else None,
        "medebewoners": [d.isoformat() for d in g.medebewoners],
    }


def geboortedata_uit(waarde: dict[str, Any] | str) -> Geboortedata | None:
    """Birth dates from a decrypted `persoonlijk`; None when the key was erased."""
    if isinstance(waarde, str):
        return None
    partner = waarde.get("partner")
    return Geboortedata(
        aanvrager=date.fromisoformat(waarde["aanvrager"]),
        partner=date.fromisoformat(partner) if partner else None,
        medebewoners=tuple(date.fromisoformat(d) for d in waarde["medebewoners"]),
    )


def fold_met_sleutel(state: Uitkering | None, events: Sequence[EventData], key: bytes | None) -> Uitkering | None:
    """Fold with the klant's key at hand: `persoonlijk` becomes birth dates, or None once the key is erased."""
    for event in events:
        klant_id = event.klant_id if isinstance(event, AanvraagIngediend | HuishoudenGewijzigd) else None

        def ontsleutel(token: str, klant: UUID | None = klant_id) -> Geboortedata | None:
            assert klant is not None
            return geboortedata_uit(shredding.ontsleutel(key, klant, token))

        state = evolve(state, event, ontsleutel)
    return state


async def _fold(conn: AsyncConnection, state: Uitkering | None, events: Sequence[EventData]) -> Uitkering | None:
    """Fold, reading the klant's key only when an event carries encrypted birth dates."""
    klant = next((e.klant_id for e in events if isinstance(e, AanvraagIngediend | HuishoudenGewijzigd)), None)
    key = await shredding.sleutel(conn, klant) if klant is not None else None
    return fold_met_sleutel(state, events, key)


async def laad_veel(uow: UnitOfWork, ids: Sequence[UUID]) -> tuple[list[Loaded[Uitkering]], dict[UUID, str]]:
    """Many uitkeringen in two reads (events, keys), for a batch job that already checked the gemeente.

    Only from intact chains: the others, and those whose fold refuses (a klant whose data is gone), come back
    apart with why, so the job decides on the rest.
    """
    streams, gebroken = await uow.runtime.store.load_many_verified(uow.conn, [str(i) for i in ids])
    geweigerd = {UUID(sid): f"keten gebroken: {reden}" for sid, reden in gebroken.items()}
    eerste = {sid: recorded[0].data for sid, recorded in streams.items()}
    klanten = [e.klant_id for e in eerste.values() if isinstance(e, AanvraagIngediend)]
    keys = await shredding.sleutels(uow.conn, klanten)
    loaded = []
    for uitkering_id in ids:
        recorded = streams.get(str(uitkering_id))
        if not recorded:
            continue
        events = tuple(r.data for r in recorded)
        first = events[0]
        key = keys.get(first.klant_id) if isinstance(first, AanvraagIngediend) else None
        try:
            state = fold_met_sleutel(None, events, key)
        except DomainError as fout:
            geweigerd[uitkering_id] = str(fout)
            continue
        if state is not None:
            loaded.append(Loaded(UITKERINGEN, uitkering_id, state, StreamHead.of(recorded), events))
    return loaded, geweigerd


UITKERINGEN: Aggregate[Uitkering] = Aggregate(
    UITKERING,
    lambda state, event: evolve(state, event),
    gemeente=lambda u: u.gemeente,
    not_found=UitkeringNietGevonden,
    subject=lambda u: u.aanvraag.klant_id,
    fold=_fold,
    verified=True,
)
