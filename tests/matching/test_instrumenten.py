"""Loonkostensubsidie against worked examples, instrument rules, and the instrument events of a plaatsing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from libs.events.contracts.matching import (
    Instrument,
    JobcoachingToegekend,
    LoonkostensubsidieToegekend,
    NoRiskPolisToegekend,
    ProefplaatsAfgesproken,
)
from services.matching.instrumenten import (
    Instrumentaanvraag,
    InstrumentError,
    Plaatsingsgegevens,
    controleer_combinatie,
    controleer_proefplaats,
    ken_instrumenten_toe,
    loonkostensubsidie,
)
from services.matching.parameters import GeenParameters, wml_op

START = date(2026, 1, 1)


def _lks(uren: str, loonwaarde: str | None, maand: date = date(2026, 3, 1), voltijd: str = "38") -> Decimal:
    return loonkostensubsidie(
        maand=maand,
        uren_per_week=Decimal(uren),
        voltijd_uren=Decimal(voltijd),
        loonwaarde=None if loonwaarde is None else Decimal(loonwaarde),
        dienstverband_start=START,
    ).per_maand


def test_full_time_at_loonwaarde_50_percent() -> None:
    # 14.71 x 36 x 52/12 = 2,294.76 WML; + 8% = 2,478.3408; x 50% = 1,239.1704; x 1.235 = 1,530.38
    assert _lks("36", "0.50") == Decimal("1530.38")


def test_the_subsidy_is_capped_at_70_percent() -> None:
    # loonwaarde 20% would give 80%; capped: 2,478.3408 x 70% x 1.235 = 2,142.53
    berekening = loonkostensubsidie(
        maand=date(2026, 3, 1),
        uren_per_week=Decimal(36),
        voltijd_uren=Decimal(38),
        loonwaarde=Decimal("0.20"),
        dienstverband_start=START,
    )
    assert berekening.per_maand == Decimal("2142.53") and berekening.begrensd_op_70
    assert _lks("36", "0.30") == Decimal("2142.53")  # exactly 70%: not above the cap
    assert _lks("36", "0.31") < Decimal("2142.53")


def test_part_time_is_pro_rata_to_the_hours() -> None:
    # 14.71 x 24 x 52/12 = 1,529.84; + 8% = 1,652.2272; x 40% = 660.89088; x 1.235 = 816.20
    assert _lks("24", "0.60") == Decimal("816.20")
    # Hours above the employer's full-time week do not count.
    assert _lks("40", "0.50", voltijd="36") == _lks("36", "0.50", voltijd="36")


def test_flat_50_percent_only_in_the_first_six_months_without_a_measurement() -> None:
    assert _lks("36", None, maand=date(2026, 6, 1)) == _lks("36", "0.50", maand=date(2026, 6, 1))
    with pytest.raises(InstrumentError, match="loonwaardemeting"):
        _lks("36", None, maand=date(2026, 7, 1))


def test_amounts_follow_the_parameters_in_force_that_month() -> None:
    # September 2025: WML 14.40 -> 14.40 x 156 = 2,246.40; x 1.08 = 2,426.112; x 50% x 1.235 = 1,498.12
    berekening = loonkostensubsidie(
        maand=date(2025, 9, 1),
        uren_per_week=Decimal(36),
        voltijd_uren=Decimal(38),
        loonwaarde=Decimal("0.50"),
        dienstverband_start=date(2025, 8, 1),
    )
    assert berekening.per_maand == Decimal("1498.12") and berekening.parameters.bron == "WML 1-7-2025"
    assert wml_op(date(2025, 6, 30)).wml_per_uur == Decimal("14.06")
    with pytest.raises(GeenParameters):
        wml_op(date(2024, 12, 31))


def test_out_of_range_inputs_are_refused() -> None:
    with pytest.raises(InstrumentError):
        _lks("0", "0.5")
    with pytest.raises(InstrumentError):
        _lks("36", "1.0")


def test_proefplaats_lasts_at_most_six_months() -> None:
    controleer_proefplaats(date(2026, 1, 1), date(2026, 3, 1))
    controleer_proefplaats(date(2026, 1, 1), date(2026, 7, 1))
    with pytest.raises(InstrumentError, match="6 maanden"):
        controleer_proefplaats(date(2026, 1, 1), date(2026, 7, 2))


def test_invalid_instrument_combinations_are_refused_with_a_reason() -> None:
    controleer_combinatie({Instrument.LOONKOSTENSUBSIDIE, Instrument.NO_RISK_POLIS, Instrument.JOBCOACH})
    controleer_combinatie({Instrument.PROEFPLAATS, Instrument.JOBCOACH})
    with pytest.raises(InstrumentError, match="dienstbetrekking"):
        controleer_combinatie({Instrument.PROEFPLAATS, Instrument.LOONKOSTENSUBSIDIE})
    with pytest.raises(InstrumentError, match="no-risk"):
        controleer_combinatie({Instrument.PROEFPLAATS, Instrument.NO_RISK_POLIS})
    with pytest.raises(InstrumentError, match="lid 9"):
        controleer_combinatie({Instrument.LOONKOSTENSUBSIDIE}, andere_loonkostensubsidie=True)


def _plaatsing(**kw: object) -> Plaatsingsgegevens:
    base: dict[str, object] = {
        "plaatsing_id": uuid4(),
        "klant_id": uuid4(),
        "werkgever_id": uuid4(),
        "startdatum": date(2026, 3, 1),
        "uren_per_week": 24,
        "detachering_contract": False,
        "doelgroep_banenafspraak": False,
    }
    return Plaatsingsgegevens(**{**base, **kw})  # type: ignore[arg-type]


def test_each_instrument_becomes_an_event_with_its_parameters() -> None:
    events = ken_instrumenten_toe(
        _plaatsing(), Instrumentaanvraag(loonkostensubsidie=True, no_risk_polis=True, jobcoach_uren=18)
    )
    lks, polis, coach = events
    assert isinstance(lks, LoonkostensubsidieToegekend) and lks.forfaitair and lks.einddatum == date(2026, 8, 31)
    assert lks.subsidiepercentage == Decimal("0.50") and lks.parameters == "WML 1-1-2026"
    assert isinstance(polis, NoRiskPolisToegekend) and "art. 10d" in polis.grondslag
    assert isinstance(coach, JobcoachingToegekend) and coach.uren_eerste_jaar == 18


@pytest.mark.parametrize(
    ("plaatsing", "aanvraag", "reden"),
    [
        ({}, {"no_risk_polis": True}, "doelgroepregister"),
        ({}, {"jobcoach_uren": 200}, "jobcoaching"),
        ({"detachering_contract": True}, {}, "detacheerder"),
        ({}, {"detacheerder": "Flex BV", "detacheerder_kvk": "12345678"}, "detacheerder"),
        ({}, {"loonwaarde_procent": 40}, "loonwaarde hoort bij"),
        ({}, {"proefplaats_tot": date(2026, 10, 1)}, "6 maanden"),
        ({}, {"proefplaats_tot": date(2026, 5, 1), "no_risk_polis": True}, "no-risk"),
    ],
)
def test_refused_requests_name_their_rule(
    plaatsing: dict[str, object], aanvraag: dict[str, object], reden: str
) -> None:
    with pytest.raises(InstrumentError, match=reden):
        ken_instrumenten_toe(_plaatsing(**plaatsing), Instrumentaanvraag(**aanvraag))  # type: ignore[arg-type]


def test_no_risk_polis_for_the_doelgroepregister_and_a_proefplaats_alone() -> None:
    (polis,) = ken_instrumenten_toe(_plaatsing(doelgroep_banenafspraak=True), Instrumentaanvraag(no_risk_polis=True))
    assert isinstance(polis, NoRiskPolisToegekend) and "doelgroepregister" in polis.grondslag
    (proef,) = ken_instrumenten_toe(_plaatsing(), Instrumentaanvraag(proefplaats_tot=date(2026, 5, 1)))
    assert isinstance(proef, ProefplaatsAfgesproken) and proef.einddatum == date(2026, 5, 1)
