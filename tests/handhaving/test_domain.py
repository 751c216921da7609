"""Handhaving's pure rules: triage once, onderzoek leden and uitkomst, the wisblokkade with it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from libs.events.contracts.handhaving import (
    OnderzoekAfgerond,
    Signaalbron,
    Triage,
    Uitkomst,
    WisblokkadeGezet,
    WisblokkadeOpgeheven,
)
from services.handhaving import domain

NU = datetime(2026, 11, 30, 10, tzinfo=UTC)


def _onderzoek() -> domain.Onderzoek:
    events = domain.open_onderzoek(
        domain.OpenOnderzoek(uuid4(), uuid4(), "GM0014", "IB-signaal", None, frozenset({"r1", "r2"}), NU)
    )
    assert isinstance(events[1], WisblokkadeGezet)
    state = None
    for e in events:
        state = domain.evolve_onderzoek(state, e)
    assert state is not None
    return state


def _fold(state: domain.Onderzoek, events: list[object]) -> domain.Onderzoek:
    for e in events:
        state = domain.evolve_onderzoek(state, e)  # type: ignore[arg-type,assignment]
    return state


def test_a_signaal_is_triaged_once_with_its_reason() -> None:
    command = domain.OntvangSignaal(
        uuid4(),
        uuid4(),
        "GM0014",
        Signaalbron.INLICHTINGENBUREAU,
        "detentie",
        "IB-1",
        date(2026, 10, 1),
        None,
        None,
        "Detentie",
        NU,
    )
    state = domain.evolve_signaal(None, domain.ontvang(command)[0])
    assert state is not None
    events = domain.beoordeel(
        state, domain.BeoordeelSignaal(Triage.ONDERZOEK, "Periode overlapt", NU, signaal_id=command.signaal_id)
    )
    state = domain.evolve_signaal(state, events[0])
    assert state is not None and state.beoordeling is not None
    with pytest.raises(domain.AlBeoordeeld):
        domain.beoordeel(
            state, domain.BeoordeelSignaal(Triage.GEEN_ACTIE, "toch niet", NU, signaal_id=command.signaal_id)
        )


def test_leden_grow_one_at_a_time_and_the_onderzoek_ends_once_with_the_hold() -> None:
    state = _onderzoek()
    assert domain.ONDERZOEKEN.members is not None and domain.ONDERZOEKEN.members(state) == {"r1", "r2"}
    assert domain.voeg_lid_toe(state, "r1") == []
    state = _fold(state, list(domain.voeg_lid_toe(state, "r3")))
    assert state.leden == {"r1", "r2", "r3"}
    slot = domain.rond_af(
        state,
        domain.RondAf(
            Uitkomst.GEEN_BENADELING, None, (), None, "Niets gevonden", NU, onderzoek_id=state.geopend.onderzoek_id
        ),
    )
    assert isinstance(slot[0], OnderzoekAfgerond) and isinstance(slot[1], WisblokkadeOpgeheven)
    state = _fold(state, list(slot))
    with pytest.raises(domain.OnderzoekAfgesloten):
        domain.voeg_lid_toe(state, "r4")
    with pytest.raises(domain.OnderzoekAfgesloten):
        domain.leg_bevinding_vast(state, domain.LegBevindingVast(uuid4(), "stap", "x", (), NU, onderzoek_id=uuid4()))


def test_benadeling_needs_the_uitkering_and_months_and_geen_benadeling_none() -> None:
    state = _onderzoek()
    with pytest.raises(domain.OngeldigeUitkomst):
        domain.rond_af(
            state,
            domain.RondAf(
                Uitkomst.BENADELING, uuid4(), (), "normaal", "x", NU, onderzoek_id=state.geopend.onderzoek_id
            ),
        )
    maand = (date(2026, 9, 1), "Stad B.V.", Decimal(40), Decimal(700), Decimal(600))
    with pytest.raises(domain.OngeldigeUitkomst):
        domain.rond_af(
            state,
            domain.RondAf(
                Uitkomst.GEEN_BENADELING, None, (maand,), None, "x", NU, onderzoek_id=state.geopend.onderzoek_id
            ),
        )
    uitkering = uuid4()
    afgerond = domain.rond_af(
        state,
        domain.RondAf(
            Uitkomst.BENADELING, uitkering, (maand,), "normaal", "x", NU, onderzoek_id=state.geopend.onderzoek_id
        ),
    )[0]
    assert isinstance(afgerond, OnderzoekAfgerond)
    assert afgerond.uitkering_id == uitkering and afgerond.maanden[0].netto == Decimal(600)
