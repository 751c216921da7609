"""The klant aggregate: warme overdracht both ways, e-dienstverlening, and the one-owner rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from libs.events.contracts.intake import (
    EDienstverleningBeeindigd,
    EDienstverleningVerlopen,
    OverdrachtAangeboden,
    OverdrachtGeaccepteerd,
    Route,
)
from libs.events.registry import EventData
from services.intake import klant

OP = datetime(2026, 11, 23, 9, tzinfo=UTC)
LOKAAL = "lokaal:GM0014"
ANDER_LOKAAL = "lokaal:GM0037"
REGIONAAL = "regionaal"
TEAMS = (LOKAAL, ANDER_LOKAAL, REGIONAAL)


def _nieuw(team: str = LOKAAL) -> list[EventData]:
    return klant.registreer(uuid4(), "GM0014", team, OP)


def _aanbieden(state: klant.Klant, door: str, naar: str, overdracht_id: UUID | None = None) -> list[EventData]:
    return klant.bied_aan(
        state,
        overdracht_id=overdracht_id or uuid4(),
        teams=frozenset({door}),
        naar_team=naar,
        route=None,
        meervoudige_problematiek=False,
        vervolgstap="intakegesprek",
        contactpersoon="M. Jansen, 050-1234567",
        reageren_voor=date(2026, 11, 26),
        op=OP,
    )


def test_accepted_overdracht_moves_responsibility_refused_one_leaves_it() -> None:
    events = _nieuw()
    state = klant.fold(events)
    assert state is not None
    events += _aanbieden(state, LOKAAL, REGIONAAL)
    state = klant.fold(events)
    assert state is not None and state.verantwoordelijk_team == LOKAAL and state.overdracht is not None
    with pytest.raises(klant.NietDeOntvanger):
        klant.accepteer(state, overdracht_id=state.overdracht.overdracht_id, teams=frozenset({LOKAAL}), op=OP)
    events += klant.weiger(
        state,
        overdracht_id=state.overdracht.overdracht_id,
        teams=frozenset({REGIONAAL}),
        reden="eerst schulden stabiliseren",
        op=OP,
    )
    state = klant.fold(events)
    assert state is not None and state.verantwoordelijk_team == LOKAAL and state.overdracht is None
    events += _aanbieden(state, LOKAAL, REGIONAAL)
    state = klant.fold(events)
    assert state is not None and state.overdracht is not None
    events += klant.accepteer(state, overdracht_id=state.overdracht.overdracht_id, teams=frozenset({REGIONAAL}), op=OP)
    assert klant.fold(events).verantwoordelijk_team == REGIONAAL  # type: ignore[union-attr]


def test_terugverwijzing_goes_to_the_woongemeentes_local_team_only() -> None:
    state = klant.fold(_nieuw(REGIONAAL))
    assert state is not None
    with pytest.raises(klant.OngeldigeOverdracht):
        _aanbieden(state, REGIONAAL, ANDER_LOKAAL)
    with pytest.raises(klant.OngeldigeOverdracht):
        _aanbieden(state, REGIONAAL, REGIONAAL)
    assert _aanbieden(state, REGIONAAL, LOKAAL)[0].richting == "regionaal_naar_lokaal"  # type: ignore[attr-defined]


def test_only_the_responsible_team_offers_and_only_one_offer_at_a_time() -> None:
    events = _nieuw()
    state = klant.fold(events)
    assert state is not None
    with pytest.raises(klant.NietVerantwoordelijk):
        _aanbieden(state, REGIONAAL, LOKAAL)
    events += _aanbieden(state, LOKAAL, REGIONAAL)
    with pytest.raises(klant.OverdrachtLooptAl):
        _aanbieden(klant.fold(events), LOKAAL, REGIONAAL)  # type: ignore[arg-type]


def test_overdue_overdracht_escalates_once_and_stays_open() -> None:
    events = _nieuw()
    state = klant.fold(events)
    assert state is not None
    events += _aanbieden(state, LOKAAL, REGIONAAL)
    state = klant.fold(events)
    assert state is not None and state.overdracht is not None
    oid = state.overdracht.overdracht_id
    assert klant.controleer_termijn(state, overdracht_id=oid, vandaag=date(2026, 11, 26), op=OP) == []
    events += klant.controleer_termijn(state, overdracht_id=oid, vandaag=date(2026, 11, 27), op=OP)
    state = klant.fold(events)
    assert state is not None and state.overdracht is not None and state.overdracht.verlopen
    assert klant.controleer_termijn(state, overdracht_id=oid, vandaag=date(2026, 12, 27), op=OP) == []
    assert state.verantwoordelijk_team == LOKAAL


def test_e_dienstverlening_lasts_three_months_then_escalates_to_the_regional_team() -> None:
    events = _nieuw()
    state = klant.fold(events)
    assert state is not None
    events += klant.start_e_dienstverlening(state, startdatum=date(2026, 11, 30))
    state = klant.fold(events)
    assert state is not None and state.e_dienstverlening_tot == date(2027, 2, 28)
    assert klant.controleer_e_dienstverlening(state, vandaag=date(2027, 2, 27), op=OP) == []
    escalation = klant.controleer_e_dienstverlening(state, vandaag=date(2027, 2, 28), op=OP)
    assert isinstance(escalation[0], EDienstverleningVerlopen)
    state = klant.fold([*events, *escalation])
    assert state is not None and state.verantwoordelijk_team == REGIONAAL and state.e_dienstverlening_tot is None
    assert klant.controleer_e_dienstverlening(state, vandaag=date(2027, 6, 1), op=OP) == []


def test_work_found_ends_the_period_without_escalation() -> None:
    events = _nieuw()
    state = klant.fold(events)
    assert state is not None
    events += klant.start_e_dienstverlening(state, startdatum=date(2026, 11, 30))
    na_start = klant.fold(events)
    assert na_start is not None
    events += klant.beeindig_e_dienstverlening(
        na_start, teams=frozenset({na_start.verantwoordelijk_team}), reden="werk gevonden", op=OP
    )
    state = klant.fold(events)
    assert state is not None
    assert klant.controleer_e_dienstverlening(state, vandaag=date(2027, 6, 1), op=OP) == []
    assert state.verantwoordelijk_team == LOKAAL


@dataclass(frozen=True)
class Stap:
    """One attempted command in a random history."""

    soort: str
    team: str
    naar: str
    dagen_later: int


stappen = st.lists(
    st.builds(
        Stap,
        st.sampled_from(
            ["aanbieden", "accepteren", "weigeren", "termijn", "e_start", "e_einde", "e_check", "verhuizen"]
        ),
        st.sampled_from(TEAMS),
        st.sampled_from(TEAMS),
        st.integers(0, 120),
    ),
    max_size=40,
)


def _probeer(state: klant.Klant, stap: Stap, vandaag: date) -> list[EventData]:
    """Attempt one step; the aggregate raises KlantError when it refuses."""
    open_id = state.overdracht.overdracht_id if state.overdracht else uuid4()
    if stap.soort == "aanbieden":
        return _aanbieden(state, stap.team, stap.naar)
    if stap.soort == "accepteren":
        return klant.accepteer(state, overdracht_id=open_id, teams=frozenset({stap.team}), op=OP)
    if stap.soort == "weigeren":
        return klant.weiger(state, overdracht_id=open_id, teams=frozenset({stap.team}), reden="r", op=OP)
    if stap.soort == "termijn":
        return klant.controleer_termijn(state, overdracht_id=open_id, vandaag=vandaag, op=OP)
    if stap.soort == "e_start":
        return klant.start_e_dienstverlening(state, startdatum=vandaag)
    if stap.soort == "verhuizen" and stap.naar.startswith("lokaal:"):
        return klant.verhuis(
            state,
            naar_gemeente=stap.naar.removeprefix("lokaal:"),
            per=vandaag,
            aanleiding="aanmelding",
            overdracht_id=uuid4(),
            reageren_voor=vandaag + timedelta(days=7),
            op=OP,
        )
    if stap.soort == "e_einde":
        return klant.beeindig_e_dienstverlening(
            state, teams=frozenset({state.verantwoordelijk_team}), reden="werk", op=OP
        )
    return klant.controleer_e_dienstverlening(state, vandaag=vandaag, op=OP)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([LOKAAL, REGIONAAL]), stappen)
def test_no_history_leaves_a_klant_with_zero_or_two_owners(start_team: str, history: list[Stap]) -> None:
    events = _nieuw(start_team)
    vandaag = date(2026, 11, 23)
    for stap in history:
        state = klant.fold(events)
        assert state is not None
        vandaag += timedelta(days=stap.dagen_later)
        try:
            new = _probeer(state, stap, vandaag)
        except klant.KlantError:
            continue
        before = state.verantwoordelijk_team
        after_state = klant.fold([*events, *new])
        assert after_state is not None
        # Exactly one owner, always one of the known teams.
        assert after_state.verantwoordelijk_team in TEAMS
        # No gemeente loses sight of a klant its team owns, and the woongemeente always sees it.
        zichtbaar = klant.zichtbaar_in(after_state)
        assert after_state.gemeente in zichtbaar
        if after_state.verantwoordelijk_team.startswith("lokaal:"):
            assert after_state.verantwoordelijk_team.removeprefix("lokaal:") in zichtbaar
        # It changes only through acceptance by the receiver or the e-dienstverlening escalation.
        if after_state.verantwoordelijk_team != before:
            assert any(isinstance(e, OverdrachtGeaccepteerd | EDienstverleningVerlopen) for e in new)
        if any(isinstance(e, OverdrachtGeaccepteerd) for e in new):
            assert state.overdracht is not None and after_state.verantwoordelijk_team == state.overdracht.naar_team
        events += new


def test_a_participatie_klant_goes_to_the_regional_team_only_with_a_motivation() -> None:
    state = klant.fold(_nieuw())
    assert state is not None
    aanbod = {
        "overdracht_id": uuid4(),
        "teams": frozenset({LOKAAL}),
        "naar_team": REGIONAAL,
        "route": Route.PARTICIPATIE,
        "meervoudige_problematiek": True,
        "vervolgstap": "intake",
        "contactpersoon": "wijkteam",
        "reageren_voor": date(2026, 11, 26),
        "op": OP,
    }
    with pytest.raises(klant.OngeldigeOverdracht, match="participatie"):
        klant.bied_aan(state, **aanbod)  # type: ignore[arg-type]
    (aangeboden,) = klant.bied_aan(state, **aanbod, motivatie="Wil toch werken, met jobcoach")  # type: ignore[arg-type]
    assert isinstance(aangeboden, OverdrachtAangeboden) and aangeboden.motivatie == "Wil toch werken, met jobcoach"


def test_the_regional_team_accepting_ends_the_e_dienstverlening() -> None:
    events = _nieuw()
    state = klant.fold(events)
    assert state is not None
    events += klant.start_e_dienstverlening(state, startdatum=date(2026, 11, 23))
    state = klant.fold(events)
    assert state is not None
    events += _aanbieden(state, LOKAAL, REGIONAAL)
    state = klant.fold(events)
    assert state is not None and state.overdracht is not None and state.e_dienstverlening_tot is not None
    antwoord = klant.accepteer(state, overdracht_id=state.overdracht.overdracht_id, teams=frozenset({REGIONAAL}), op=OP)
    assert [type(e) for e in antwoord] == [OverdrachtGeaccepteerd, EDienstverleningBeeindigd]
    na = klant.fold([*events, *antwoord])
    assert na is not None and na.verantwoordelijk_team == REGIONAAL and na.e_dienstverlening_tot is None
