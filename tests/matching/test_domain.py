"""Matching's kandidaat fold: pure, no I/O. In the pool = route werk/ontwikkeling and with the regional team."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from libs.events.contracts.intake import (
    AanmeldingOntvangen,
    DiagnoseVastgesteld,
    EDienstverleningVerlopen,
    Hulpvraag,
    Kanaal,
    KlantGeregistreerd,
    OverdrachtGeaccepteerd,
    Route,
)
from libs.events.registry import EventData
from services.matching.domain import Kandidaat, evolve

T0 = datetime(2026, 11, 22, tzinfo=UTC)


def _ontvangen(klant: UUID, aanmelding: UUID, at: datetime = T0) -> AanmeldingOntvangen:
    return AanmeldingOntvangen(
        aanmelding_id=aanmelding,
        klant_id=klant,
        gemeente="GM0014",
        kanaal=Kanaal.KCC,
        hulpvraag=Hulpvraag.WERK,
        ontvangen_op=at,
    )


def _diagnose(klant: UUID, aanmelding: UUID, route: Route) -> DiagnoseVastgesteld:
    return DiagnoseVastgesteld(
        urgentie="normaal",
        regelset_versie="primaire-diagnose-2026.1",
        voorstel_gevolgd=True,
        aanmelding_id=aanmelding,
        klant_id=klant,
        gemeente="GM0014",
        route=route,
        uitkering_nodig=False,
        vastgesteld_op=T0,
    )


def _geregistreerd(klant: UUID, team: str) -> KlantGeregistreerd:
    return KlantGeregistreerd(klant_id=klant, gemeente="GM0014", verantwoordelijk_team=team, geregistreerd_op=T0)


def _geaccepteerd(klant: UUID, team: str, at: datetime = T0) -> OverdrachtGeaccepteerd:
    return OverdrachtGeaccepteerd(
        overdracht_id=uuid4(), klant_id=klant, gemeente="GM0014", door_team=team, geaccepteerd_op=at
    )


def _fold(events: list[EventData], actor: str = "km-anna") -> Kandidaat | None:
    state: Kandidaat | None = None
    for event in events:
        state = evolve(state, event, actor)
    return state


def test_only_werk_or_ontwikkeling_with_the_regional_team_is_in_the_pool() -> None:
    klant, aanmelding = uuid4(), uuid4()
    base: list[EventData] = [_geregistreerd(klant, "regionaal"), _ontvangen(klant, aanmelding)]
    assert not _fold(base).in_pool  # type: ignore[union-attr]
    assert _fold([*base, _diagnose(klant, aanmelding, Route.WERK)]).in_pool  # type: ignore[union-attr]
    assert _fold([*base, _diagnose(klant, aanmelding, Route.ONTWIKKELING)]).in_pool  # type: ignore[union-attr]
    assert not _fold([*base, _diagnose(klant, aanmelding, Route.PARTICIPATIE)]).in_pool  # type: ignore[union-attr]
    lokaal = [
        _geregistreerd(klant, "lokaal:GM0014"),
        _ontvangen(klant, aanmelding),
        _diagnose(klant, aanmelding, Route.WERK),
    ]
    assert not _fold(lokaal).in_pool  # type: ignore[union-attr]


def test_accepting_the_overdracht_brings_the_klant_in_with_the_accepting_klantmanager() -> None:
    klant, aanmelding = uuid4(), uuid4()
    lokaal: list[EventData] = [
        _geregistreerd(klant, "lokaal:GM0014"),
        _ontvangen(klant, aanmelding),
        _diagnose(klant, aanmelding, Route.WERK),
    ]
    accepted = _fold([*lokaal, _geaccepteerd(klant, "regionaal")], actor="km-anna")
    assert accepted is not None and accepted.in_pool and accepted.klantmanager == "km-anna"
    terug = evolve(accepted, _geaccepteerd(klant, "lokaal:GM0014", T0 + timedelta(days=3)), "toegang-bob")
    assert terug is not None and not terug.in_pool and terug.klantmanager is None


def test_expired_e_dienstverlening_brings_the_klant_in_without_a_klantmanager() -> None:
    klant, aanmelding = uuid4(), uuid4()
    verlopen = EDienstverleningVerlopen(
        klant_id=klant, gemeente="GM0014", van_team="lokaal:GM0014", naar_team="regionaal", verlopen_op=T0
    )
    state = _fold(
        [
            _geregistreerd(klant, "lokaal:GM0014"),
            _ontvangen(klant, aanmelding),
            _diagnose(klant, aanmelding, Route.WERK),
            verlopen,
        ],
        actor="tijdbewaking",
    )
    assert state is not None and state.in_pool and state.klantmanager is None


def test_klant_events_may_arrive_before_the_aanmelding() -> None:
    klant, aanmelding = uuid4(), uuid4()
    # Klant and aanmelding streams can sit on different partitions: any order must give the same state.
    events: list[EventData] = [
        _geregistreerd(klant, "lokaal:GM0014"),
        _geaccepteerd(klant, "regionaal"),
        _ontvangen(klant, aanmelding),
        _diagnose(klant, aanmelding, Route.WERK),
    ]
    in_order = _fold(events)
    team_first = _fold([events[2], events[3], events[0], events[1]])
    assert in_order == team_first and in_order is not None and in_order.in_pool


def test_a_newer_aanmelding_replaces_an_older_one_but_not_the_reverse() -> None:
    klant, old, new = uuid4(), uuid4(), uuid4()
    newer = _fold([_ontvangen(klant, old), _ontvangen(klant, new, T0 + timedelta(days=1))])
    assert newer is not None and newer.aanmelding_id == new
    assert evolve(newer, _ontvangen(klant, old), "x") is newer
    assert evolve(newer, _diagnose(klant, old, Route.WERK), "x") is newer
