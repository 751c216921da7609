"""The Wsw zittend bestand's rules without servers: the AOW age ends the indicatie on the day, arbeidsjaren are the
average of twelve month-end stands, and the projection counts leavers and the beschut werk places they call for."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from libs.aow import aow_datum
from libs.events.contracts.trajecten import Arbeidshandicap, Werkvorm
from services.trajecten.wsw import domain, statistiek
from services.trajecten.wsw.domain import Periode, Stand

VOLTIJD = (Periode(date(2010, 1, 1), Werkvorm.BESCHUT_BINNEN, 36),)
HALF = (Periode(date(2010, 1, 1), Werkvorm.GROEPSDETACHERING, 18),)


def test_the_aow_age_is_67_until_2027_and_67_and_3_months_from_2028() -> None:
    assert aow_datum(date(1960, 12, 31)) == date(2027, 12, 31)
    assert aow_datum(date(1961, 1, 1)) == date(2028, 4, 1)
    with pytest.raises(ValueError):
        aow_datum(date(1950, 1, 1))  # before the table: refused, not guessed


def test_a_medewerker_leaves_the_bestand_on_the_day_of_the_aow_age_or_earlier_recorded_outflow() -> None:
    aow = aow_datum(date(1960, 7, 1))
    s = Stand(date(2010, 1, 1), domain.einde(aow, None), VOLTIJD)
    assert s.in_bestand(date(2027, 6, 30)) and not s.in_bestand(date(2027, 7, 1))
    assert domain.einde(aow, date(2026, 3, 1)) == date(2026, 3, 1)
    assert domain.einde(aow, None, vervroegd_jaren=2) == date(2025, 7, 1)


def test_arbeidsjaren_are_the_average_of_twelve_month_end_stands() -> None:
    # Full time until the AOW age on 1 July (six month-ends in), half time all year: 6/12 × 1 + 12/12 × 0.5.
    standen = [
        Stand(date(2010, 1, 1), date(2027, 7, 1), VOLTIJD),
        Stand(date(2012, 1, 1), date(2040, 1, 1), HALF),
    ]
    assert domain.arbeidsjaren(standen, 2027) == Decimal("1.00")
    assert domain.arbeidsjaren(standen, 2028) == Decimal("0.50")


def test_the_projection_counts_leavers_and_one_beschut_werk_place_per_three() -> None:
    standen = [Stand(date(2010, 1, 1), date(2027 + i // 2, 3, 1), VOLTIJD) for i in range(7)]
    jaren = domain.projectie(standen, 2026, 2031)
    assert [j.bestand_ultimo for j in jaren] == [7, 5, 3, 1, 0, 0]
    assert [j.uitstroom for j in jaren] == [0, 2, 2, 2, 1, 0]
    assert [j.beschut_plaatsen_nodig for j in jaren] == [0, 1, 2, 2, 3, 3]


def test_no_inflow_since_2015_and_a_werkvorm_change_is_no_outflow() -> None:
    op = datetime(2026, 1, 5, tzinfo=UTC)
    nieuw = domain.RegistreerMedewerker(
        uuid4(),
        uuid4(),
        "GM0014",
        date(2015, 1, 1),
        Arbeidshandicap.MATIG,
        Werkvorm.BESCHUT_BINNEN,
        32,
        date(1965, 1, 1),
        "x",
        op,
    )
    with pytest.raises(domain.OngeldigeWsw):
        domain.registreer(nieuw)
    [event] = domain.registreer(
        domain.RegistreerMedewerker(
            uuid4(),
            uuid4(),
            "GM0014",
            date(2014, 12, 31),
            Arbeidshandicap.MATIG,
            Werkvorm.BESCHUT_BINNEN,
            32,
            date(1965, 1, 1),
            "versleuteld",
            op,
        )
    )
    state = domain.evolve(None, event)
    assert state is not None
    wijziging = domain.WijzigWerkvorm(
        date(2026, 1, 1), Werkvorm.INDIVIDUELE_DETACHERING, 24, op, medewerker_id=state.geregistreerd.medewerker_id
    )
    for e in domain.wijzig_werkvorm(state, wijziging):
        state = domain.evolve(state, e)
    assert (
        state is not None
        and state.uitstroom is None
        and [p.werkvorm for p in state.perioden]
        == [
            Werkvorm.BESCHUT_BINNEN,
            Werkvorm.INDIVIDUELE_DETACHERING,
        ]
    )


def _medewerker(perioden: tuple[Periode, ...]) -> domain.Medewerker:
    """A medewerker registered on 1-1-2010 with these werkvorm periods, without detacheringen."""
    op = datetime(2026, 1, 5, tzinfo=UTC)
    eerste = perioden[0]
    registreer = domain.RegistreerMedewerker(
        uuid4(),
        uuid4(),
        "GM0014",
        date(2010, 1, 1),
        Arbeidshandicap.ERNSTIG,
        eerste.werkvorm,
        36,
        date(1960, 2, 1),
        "x",
        op,
    )
    state = domain.evolve(None, domain.registreer(registreer)[0])
    for p in perioden[1:]:
        wijziging = domain.WijzigWerkvorm(
            p.per, p.werkvorm, p.uren_per_week, op, medewerker_id=registreer.medewerker_id
        )
        assert state is not None
        for e in domain.wijzig_werkvorm(state, wijziging):
            state = domain.evolve(state, e)
    assert state is not None
    return state


def test_the_statistiek_record_is_the_state_on_the_half_years_last_day_with_begeleid_werken_in_its_own_fields() -> None:
    perioden = (
        Periode(date(2010, 1, 1), Werkvorm.BESCHUT_BINNEN, 36),
        Periode(date(2026, 3, 1), Werkvorm.BEGELEID_WERKEN, 24),
        Periode(date(2026, 5, 1), Werkvorm.BEGELEID_WERKEN, 28),  # more hours: the same run of begeleid werken
    )
    m = _medewerker(perioden)
    stand = Stand(date(2010, 1, 1), date(2027, 2, 1), perioden)
    h1 = statistiek.record(m, stand, "GM0014", 2026, 1, "1960-02-01")
    assert h1 is not None
    assert (h1["begeleid_werken_begin"], h1["begeleid_werken_uren"], h1["contracturen_per_week"]) == (
        date(2026, 3, 1),
        28,
        None,
    )
    assert (h1["arbeidshandicap"], h1["detachering"], h1["uitstroom_reden"]) == ("3", None, None)
    # Left by age on 1 February 2027: reported once more, as on 31 January, then never again.
    h1_2027 = statistiek.record(m, stand, "GM0014", 2027, 1, "1960-02-01")
    assert h1_2027 is not None
    assert (h1_2027["begeleid_werken_einde"], h1_2027["uitstroom_reden"]) == (date(2027, 1, 31), "aow")
    assert statistiek.record(m, stand, "GM0014", 2027, 2, "1960-02-01") is None
