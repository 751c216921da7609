"""Intake domain: commands in, events out, fold to state. No I/O."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from libs.events.contracts.intake import AanmeldingOntvangen, DiagnoseVastgesteld, Hulpvraag, Kanaal, Route
from services.intake import domain

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
REGIO = frozenset({"GM0014", "GM0037"})


def _meld(gemeente: str = "GM0014") -> domain.MeldAan:
    return domain.MeldAan(uuid4(), uuid4(), gemeente, Kanaal.KCC, Hulpvraag.BEIDE, None, NOW)


def test_meld_aan_emits_aanmelding_ontvangen_and_folds_to_ontvangen() -> None:
    command = _meld()
    events = domain.meld_aan(command, REGIO)
    assert [type(e) for e in events] == [AanmeldingOntvangen]
    state = domain.fold(events)
    assert state is not None and state.status is domain.AanmeldingStatus.ONTVANGEN
    assert state.klant_id == command.klant_id and state.versie == 1


def test_gemeente_outside_the_region_is_refused() -> None:
    with pytest.raises(domain.GemeenteBuitenRegio):
        domain.meld_aan(_meld("GM0363"), REGIO)


def test_diagnose_once_then_refused() -> None:
    events = domain.meld_aan(_meld(), REGIO)
    state = domain.fold(events)
    assert state is not None
    diagnose = domain.StelDiagnoseVast(Route.ONTWIKKELING, True, "taal eerst", NOW)
    new = domain.stel_diagnose_vast(state, diagnose)
    assert isinstance(new[0], DiagnoseVastgesteld) and new[0].klant_id == state.klant_id
    after = domain.fold([*events, *new])
    assert after is not None and after.route is Route.ONTWIKKELING and after.versie == 2
    assert after.status is domain.AanmeldingStatus.GEDIAGNOSTICEERD
    with pytest.raises(domain.DiagnoseAlVastgesteld):
        domain.stel_diagnose_vast(after, diagnose)


def test_empty_stream_folds_to_nothing() -> None:
    assert domain.fold([]) is None
