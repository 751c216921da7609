"""Loonkostensubsidie against worked examples, and instrument rules (issue 4, first slice)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.matching.instrumenten import (
    Instrument,
    InstrumentError,
    controleer_combinatie,
    controleer_proefplaats,
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
