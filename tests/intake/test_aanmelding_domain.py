"""Leefgebieden instrument and primaire diagnose rules: data in, proposal with reasons out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from libs.events.contracts.intake import (
    Hulpvraag,
    Kanaal,
    Route,
    Urgentie,
    ZoektermijnGestart,
    ZoektermijnIngekort,
    ZoektermijnNietVanToepassing,
    ZoektermijnUitzondering,
)
from services.intake import domain, leefgebieden, regels

GOED = dict.fromkeys(leefgebieden.HUIDIG.leefgebieden, 4)


def _feiten(**kw: object) -> regels.Feiten:
    base: dict[str, object] = dict(
        hulpvraag=Hulpvraag.WERK,
        leeftijd=35,
        kan_direct_werken=False,
        gescreend=True,
        meervoudige_problematiek=False,
        aantal_probleemgebieden=0,
        aantal_acute_leefgebieden=0,
        financien_probleem=False,
    )
    base.update(kw)
    return regels.Feiten(**base)  # type: ignore[arg-type]


def test_two_domains_at_or_below_two_is_meervoudige_problematiek() -> None:
    one = leefgebieden.beoordeel(leefgebieden.HUIDIG, {**GOED, "financien": 2})
    two = leefgebieden.beoordeel(leefgebieden.HUIDIG, {**GOED, "financien": 2, "gezondheid": 1})
    assert not one.meervoudige_problematiek and one.probleemgebieden == ("financien",)
    assert two.meervoudige_problematiek and two.acuut == ("gezondheid",)


def test_kinderopvang_may_be_not_applicable_but_other_domains_are_required() -> None:
    leefgebieden.beoordeel(leefgebieden.HUIDIG, {**GOED, "kinderopvang": None})
    without = {k: v for k, v in GOED.items() if k != "taal"}
    with pytest.raises(leefgebieden.OngeldigeScreening, match="taal"):
        leefgebieden.beoordeel(leefgebieden.HUIDIG, without)
    with pytest.raises(leefgebieden.OngeldigeScreening, match="buiten de schaal"):
        leefgebieden.beoordeel(leefgebieden.HUIDIG, {**GOED, "vervoer": 6})
    with pytest.raises(leefgebieden.OngeldigeScreening, match="onbekende"):
        leefgebieden.beoordeel(leefgebieden.HUIDIG, {**GOED, "hobby": 3})


def test_meervoudige_problematiek_proposes_participatie_with_its_reason() -> None:
    voorstel = regels.stel_voor(
        _feiten(meervoudige_problematiek=True, aantal_probleemgebieden=3, hulpvraag=Hulpvraag.BEIDE)
    )
    assert voorstel.route is Route.PARTICIPATIE and voorstel.uitkering_nodig is True
    assert voorstel.redenen[0].startswith("R1:") and voorstel.regelset_versie == "primaire-diagnose-2026.1"


def test_ready_for_work_without_problems_proposes_werk_otherwise_ontwikkeling() -> None:
    assert regels.stel_voor(_feiten(kan_direct_werken=True)).route is Route.WERK
    assert regels.stel_voor(_feiten(kan_direct_werken=True, aantal_probleemgebieden=1)).route is Route.ONTWIKKELING
    assert regels.stel_voor(_feiten()).route is Route.ONTWIKKELING


def test_urgency_is_high_for_acute_problems_or_money_worries_with_an_income_question() -> None:
    assert regels.stel_voor(_feiten(aantal_acute_leefgebieden=1)).urgentie is Urgentie.HOOG
    assert regels.stel_voor(_feiten(financien_probleem=True, hulpvraag=Hulpvraag.INKOMEN)).urgentie is Urgentie.HOOG
    assert regels.stel_voor(_feiten(financien_probleem=True)).urgentie is Urgentie.NORMAAL


def test_a_rule_set_with_unknown_facts_or_no_fallback_is_refused() -> None:
    broken = regels.Regelset("x", (regels.Regel("R", "r", {"schoenmaat": 42}, Route.WERK),), (), ())
    with pytest.raises(ValueError, match="unknown facts"):
        regels.valideer(broken)
    no_fallback = regels.Regelset(
        "y",
        (regels.Regel("R", "r", {"leeftijd": {"min": 18}}, Route.WERK),),
        regels.HUIDIG.uitkering,
        regels.HUIDIG.urgentie,
    )
    with pytest.raises(ValueError, match="unconditional"):
        regels.valideer(no_fallback)


@pytest.mark.parametrize(
    ("geboren", "hulpvraag", "zoektermijn"),
    [
        (date(2000, 11, 23), Hulpvraag.INKOMEN, True),  # 25
        (date(1999, 11, 23), Hulpvraag.BEIDE, True),  # 26, turns 27 tomorrow
        (date(1999, 11, 22), Hulpvraag.INKOMEN, False),  # 27 today
        (date(2003, 1, 1), Hulpvraag.WERK, False),  # young, but asks only for work
    ],
)
def test_under_27_asking_for_income_starts_a_four_week_zoektermijn(
    geboren: date, hulpvraag: Hulpvraag, zoektermijn: bool
) -> None:
    op = datetime(2026, 11, 22, 10, tzinfo=UTC)
    events = domain.meld_aan(
        domain.MeldAan(uuid4(), uuid4(), "GM0014", Kanaal.KCC, hulpvraag, None, op, geboren),
        frozenset({"GM0014"}),
    )
    started = [e for e in events if isinstance(e, ZoektermijnGestart)]
    assert bool(started) is zoektermijn
    if started:
        assert started[0].einddatum == date(2026, 12, 20)
        assert domain.fold(events).zoektermijn_tot == date(2026, 12, 20)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("partner", "uitzondering", "reden"),
    [
        (date(1998, 1, 1), None, ZoektermijnUitzondering.PARTNER_27_PLUS),  # partner 28: not every applicant < 27
        (None, ZoektermijnUitzondering.PRAKTIJKONDERWIJS_VSO, ZoektermijnUitzondering.PRAKTIJKONDERWIJS_VSO),
        (date(2003, 1, 1), ZoektermijnUitzondering.MEDISCH_OF_LKS, ZoektermijnUitzondering.MEDISCH_OF_LKS),
    ],
)
def test_no_zoektermijn_when_a_partner_is_27_or_an_exception_of_lid_4_applies(
    partner: date | None, uitzondering: ZoektermijnUitzondering | None, reden: ZoektermijnUitzondering
) -> None:
    op = datetime(2026, 11, 22, 10, tzinfo=UTC)
    command = domain.MeldAan(
        uuid4(), uuid4(), "GM0014", Kanaal.KCC, Hulpvraag.INKOMEN, None, op, date(2001, 5, 5), partner, uitzondering
    )
    events = domain.meld_aan(command, frozenset({"GM0014"}))
    assert not [e for e in events if isinstance(e, ZoektermijnGestart)]
    (besluit,) = [e for e in events if isinstance(e, ZoektermijnNietVanToepassing)]
    assert besluit.reden is reden and besluit.artikel.startswith("Participatiewet art. 41 lid 4")
    state = domain.fold(events)
    assert state is not None and state.zoektermijn_tot is None and state.zoektermijn_niet_van_toepassing is reden


def test_the_college_may_shorten_a_running_zoektermijn_but_never_lengthen_it() -> None:
    op = datetime(2026, 11, 22, 10, tzinfo=UTC)
    events = domain.meld_aan(
        domain.MeldAan(uuid4(), uuid4(), "GM0014", Kanaal.KCC, Hulpvraag.INKOMEN, None, op, date(2002, 1, 1)),
        frozenset({"GM0014"}),
    )
    state = domain.fold(events)
    assert state is not None and state.zoektermijn_tot == date(2026, 12, 20)
    with pytest.raises(domain.GeenZoektermijn):
        domain.kort_zoektermijn_in(
            state, domain.KortZoektermijnIn(date(2026, 12, 21), "langer", aanmelding_id=state.aanmelding_id)
        )
    (ingekort,) = domain.kort_zoektermijn_in(
        state, domain.KortZoektermijnIn(date(2026, 12, 1), "Werk verloren", aanmelding_id=state.aanmelding_id)
    )
    assert isinstance(ingekort, ZoektermijnIngekort) and ingekort.artikel == "Participatiewet art. 41 lid 11"
    assert domain.fold([*events, ingekort]).zoektermijn_tot == date(2026, 12, 1)  # type: ignore[union-attr]


def test_deviating_from_the_proposal_needs_a_motivation() -> None:
    op = datetime(2026, 11, 22, tzinfo=UTC)
    events = domain.meld_aan(
        domain.MeldAan(uuid4(), uuid4(), "GM0014", Kanaal.KCC, Hulpvraag.WERK, None, op, date(1980, 1, 1)),
        frozenset({"GM0014"}),
    )
    state = domain.fold(events)
    assert state is not None
    with pytest.raises(domain.GeenVoorstel):
        domain.stel_diagnose_vast(
            state, domain.StelDiagnoseVast(Route.WERK, False, None, None, op, aanmelding_id=state.aanmelding_id)
        )
    voorstel = regels.stel_voor(domain.feiten(state, leeftijd=46, kan_direct_werken=True))
    events += domain.stel_voor(state, voorstel, op)
    state = domain.fold(events)
    assert state is not None and state.status is domain.AanmeldingStatus.VOORGESTELD
    with pytest.raises(domain.MotivatieVereist):
        domain.stel_diagnose_vast(
            state, domain.StelDiagnoseVast(Route.ONTWIKKELING, False, " ", None, op, aanmelding_id=state.aanmelding_id)
        )
    followed = domain.stel_diagnose_vast(
        state, domain.StelDiagnoseVast(Route.WERK, False, None, None, op, aanmelding_id=state.aanmelding_id)
    )
    assert followed[0].voorstel_gevolgd is True  # type: ignore[attr-defined]
    overridden = domain.stel_diagnose_vast(
        state,
        domain.StelDiagnoseVast(
            Route.ONTWIKKELING, False, "taalniveau te laag voor werk", None, op, aanmelding_id=state.aanmelding_id
        ),
    )
    assert overridden[0].voorstel_gevolgd is False  # type: ignore[attr-defined]


def test_gemeente_outside_the_region_is_refused() -> None:
    op = datetime(2026, 11, 22, tzinfo=UTC)
    with pytest.raises(domain.GemeenteBuitenRegio):
        domain.meld_aan(
            domain.MeldAan(uuid4(), uuid4(), "GM0363", Kanaal.KCC, Hulpvraag.WERK, None, op, date(1980, 1, 1)),
            frozenset({"GM0014"}),
        )


def test_a_v1_diagnose_event_upcasts_to_v2_without_a_followed_proposal() -> None:
    from libs.events.contracts import registry

    v1 = {
        "aanmelding_id": str(uuid4()),
        "klant_id": str(uuid4()),
        "gemeente": "GM0014",
        "route": "werk",
        "uitkering_nodig": False,
        "toelichting": None,
        "vastgesteld_op": "2026-11-01T10:00:00Z",
    }
    event = registry.decode_data("DiagnoseVastgesteld", 1, v1)
    assert event.voorstel_gevolgd is False and event.regelset_versie is None  # type: ignore[attr-defined]
    assert event.urgentie == Urgentie.NORMAAL  # type: ignore[attr-defined]
