"""Loonkostensubsidie against worked examples, instrument rules, and the instrument events of a plaatsing."""

from __future__ import annotations

from dataclasses import replace
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
    herzie_lks,
    ken_instrumenten_toe,
    loonkostensubsidie,
    peildatum,
)
from services.matching.parameters import WML, GeenParameters, wml_op

START = date(2026, 1, 1)


def _lks(
    uren: str,
    loonwaarde: str | None,
    maand: date = date(2026, 3, 1),
    voltijd: str = "38",
    leeftijd: int = 30,
    start: date = START,
) -> Decimal:
    return loonkostensubsidie(
        maand=maand,
        uren_per_week=Decimal(uren),
        voltijd_uren=Decimal(voltijd),
        loonwaarde=None if loonwaarde is None else Decimal(loonwaarde),
        dienstverband_start=start,
        leeftijd=leeftijd,
    ).per_maand


# Worked examples on the law's base (reference §1.2, §2.9): the monthly WML of art. 8 lid 1 b Wet minimumloon,
# pro rata hours / 36, + 8% vakantiebijslag, x subsidy share, + 23.5% werkgeverslasten, cents only at the end.
# The comment after each gives the amount the old method (hourly WML x hours x 52/12) produced.


def test_full_time_adult_at_loonwaarde_50_percent() -> None:
    # 2,294.40 x 1.08 = 2,477.952; x 50% = 1,238.976; x 1.235 = 1,530.135... -> 1,530.14 (was 1,530.38)
    assert _lks("36", "0.50") == Decimal("1530.14")


def test_a_twenty_year_old_gets_it_on_the_jeugdminimumloon() -> None:
    # 80% of 2,294.40 = 1,835.52; x 1.08 = 1,982.3616; x 50% x 1.235 = 1,224.108... -> 1,224.11 (was 1,530.38)
    assert _lks("36", "0.50", leeftijd=20) == Decimal("1224.11")
    assert _lks("36", "0.50", leeftijd=21) == Decimal("1530.14")
    with pytest.raises(GeenParameters):
        _lks("36", "0.50", leeftijd=14)


def test_the_subsidy_is_capped_at_70_percent() -> None:
    # loonwaarde 20% would give 80%; capped: 2,477.952 x 70% = 1,734.5664; x 1.235 = 2,142.1905... -> 2,142.19
    # (was 2,142.53)
    berekening = loonkostensubsidie(
        maand=date(2026, 3, 1),
        uren_per_week=Decimal(36),
        voltijd_uren=Decimal(38),
        loonwaarde=Decimal("0.20"),
        dienstverband_start=START,
        leeftijd=30,
    )
    assert berekening.per_maand == Decimal("2142.19") and berekening.begrensd_op_70
    assert _lks("36", "0.30") == Decimal("2142.19")  # exactly 70%: not above the cap
    assert _lks("36", "0.31") < Decimal("2142.19")


def test_part_time_is_pro_rata_to_36_hours() -> None:
    # 2,294.40 x 24/36 = 1,529.60; x 1.08 = 1,651.968; x 40% = 660.7872; x 1.235 = 816.072... -> 816.07 (was 816.20)
    assert _lks("24", "0.60") == Decimal("816.07")
    # Hours above the employer's full-time week do not count; up to it, they do (38 of 38: 38/36 of the WML).
    assert _lks("40", "0.50", voltijd="36") == _lks("36", "0.50", voltijd="36")
    # 2,294.40 x 38/36 x 1.08 x 50% x 1.235 = 1,615.142... -> 1,615.14
    assert _lks("38", "0.50", voltijd="38") == Decimal("1615.14")


def test_flat_50_percent_only_in_the_first_six_months_without_a_measurement() -> None:
    assert _lks("36", None, maand=date(2026, 6, 1)) == _lks("36", "0.50", maand=date(2026, 6, 1))
    with pytest.raises(InstrumentError, match="loonwaardemeting"):
        _lks("36", None, maand=date(2026, 7, 1))


def test_a_running_lks_ignores_1_july_and_is_re_set_per_1_january() -> None:
    # Started 1 March 2026: August still on the WML of 1-1-2026, not 1-7-2026 (art. 10d lid 7).
    assert _lks("36", "0.50", maand=date(2026, 8, 1), start=date(2026, 3, 1)) == Decimal("1530.14")
    assert peildatum(date(2026, 8, 1), date(2026, 3, 1)) == date(2026, 3, 1)
    # Started 1 August 2026: the WML of 1-7-2026 applies (2,337.00 x 1.08 x 50% x 1.235 = 1,558.545... -> 1,558.55),
    # provisional: that version is not yet confirmed by an official copy.
    august = loonkostensubsidie(
        maand=date(2026, 8, 1),
        uren_per_week=Decimal(36),
        voltijd_uren=Decimal(36),
        loonwaarde=Decimal("0.50"),
        dienstverband_start=date(2026, 8, 1),
        leeftijd=30,
    )
    assert (august.per_maand, august.parameters.bron, august.voorlopig) == (Decimal("1558.55"), "WML 1-7-2026", True)
    # In 2027 it is re-set to the WML of 1 January 2027, which is not known yet: the last version, provisional.
    januari = loonkostensubsidie(
        maand=date(2027, 2, 1),
        uren_per_week=Decimal(36),
        voltijd_uren=Decimal(36),
        loonwaarde=Decimal("0.50"),
        dienstverband_start=date(2026, 3, 1),
        leeftijd=30,
    )
    assert januari.peildatum == date(2027, 1, 1) and januari.voorlopig and januari.per_maand == Decimal("1558.55")


def test_amounts_use_the_parameters_of_their_peildatum() -> None:
    # Started September 2025: WML 1-7-2025 2,245.80 x 1.08 x 50% x 1.235 = 1,497.724... -> 1,497.72 (was 1,498.12)
    berekening = loonkostensubsidie(
        maand=date(2025, 9, 1),
        uren_per_week=Decimal(36),
        voltijd_uren=Decimal(38),
        loonwaarde=Decimal("0.50"),
        dienstverband_start=date(2025, 9, 1),
        leeftijd=30,
    )
    assert berekening.per_maand == Decimal("1497.72") and berekening.parameters.bron == "WML 1-7-2025"
    assert not berekening.voorlopig
    # 2024 is covered now (a 2024 plaatsing was a 500 before): 2,069.40 x 1.08 x 50% x 1.235 = 1,380.0829 -> 1,380.08
    assert _lks("36", "0.50", maand=date(2024, 3, 1), start=date(2024, 3, 1)) == Decimal("1380.08")
    assert wml_op(date(2025, 6, 30)).parameters.wml_per_maand == Decimal("2191.80")
    with pytest.raises(GeenParameters):
        wml_op(date(2023, 12, 31))


def test_out_of_range_inputs_are_refused() -> None:
    with pytest.raises(InstrumentError):
        _lks("0", "0.5")
    with pytest.raises(InstrumentError):
        _lks("36", "1.0")


def test_proefplaats_is_agreed_for_two_months_at_most() -> None:
    controleer_proefplaats(date(2026, 1, 1), date(2026, 2, 28))  # last day inclusive
    with pytest.raises(InstrumentError, match="2 maanden"):
        controleer_proefplaats(date(2026, 1, 1), date(2026, 3, 1))


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
        "einddatum": None,
        "uren_per_week": 24,
        "detachering_contract": False,
        "doelgroep_banenafspraak": False,
    }
    return Plaatsingsgegevens(**{**base, **kw})  # type: ignore[arg-type]


def test_each_instrument_becomes_an_event_with_its_parameters() -> None:
    events = ken_instrumenten_toe(
        _plaatsing(),
        Instrumentaanvraag(
            loonkostensubsidie=True, loonwaarde_procent=55, leeftijd=34, no_risk_polis=True, jobcoach_uren=18
        ),
    )
    lks, polis, coach = events
    assert isinstance(lks, LoonkostensubsidieToegekend) and not lks.forfaitair and lks.einddatum is None
    assert lks.subsidiepercentage == Decimal("0.45") and lks.parameters == "WML 1-1-2026" and not lks.voorlopig
    assert lks.wml_per_maand == Decimal("2294.40") and "art. 10d" in lks.artikelen and "art. 8" in lks.artikelen
    assert isinstance(polis, NoRiskPolisToegekend) and "29b lid 2 onder e" in polis.grondslag
    assert isinstance(coach, JobcoachingToegekend) and coach.uren_eerste_jaar == 18


def test_the_lks_ends_with_the_contract_and_a_flat_one_after_six_months() -> None:
    (vast,) = ken_instrumenten_toe(
        _plaatsing(einddatum=date(2027, 2, 28)),
        Instrumentaanvraag(loonkostensubsidie=True, loonwaarde_procent=50, leeftijd=30),
    )
    assert isinstance(vast, LoonkostensubsidieToegekend) and vast.einddatum == date(2027, 2, 28)
    (kort,) = ken_instrumenten_toe(
        _plaatsing(einddatum=date(2026, 5, 31)), Instrumentaanvraag(loonkostensubsidie=True, leeftijd=30)
    )
    assert isinstance(kort, LoonkostensubsidieToegekend) and kort.einddatum == date(2026, 5, 31)
    (forfait,) = ken_instrumenten_toe(_plaatsing(), Instrumentaanvraag(loonkostensubsidie=True, leeftijd=30))
    assert isinstance(forfait, LoonkostensubsidieToegekend) and forfait.einddatum == date(2026, 8, 31)


@pytest.mark.parametrize(
    ("plaatsing", "aanvraag", "reden"),
    [
        ({}, {"no_risk_polis": True}, "doelgroepregister"),
        ({}, {"no_risk_polis": True, "loonkostensubsidie": True, "leeftijd": 30}, "forfaitaire"),
        ({}, {"loonkostensubsidie": True}, "leeftijd"),
        ({}, {"loonkostensubsidie": True, "leeftijd": 30, "andere_loonkostensubsidie": True}, "lid 9"),
        ({"startdatum": date(2014, 6, 1), "doelgroep_banenafspraak": True}, {"no_risk_polis": True}, "2015"),
        ({}, {"jobcoach_uren": 200}, "jobcoaching"),
        ({"detachering_contract": True}, {}, "detacheerder"),
        ({}, {"detacheerder": "Flex BV", "detacheerder_kvk": "12345678"}, "detacheerder"),
        ({}, {"loonwaarde_procent": 40}, "loonwaarde hoort bij"),
        ({}, {"proefplaats_tot": date(2026, 5, 1)}, "toestemming"),
        ({}, {"proefplaats_tot": date(2026, 5, 1), "proefplaats_toestemming": True}, "2 maanden"),
        ({}, {"proefplaats_tot": date(2026, 4, 30), "no_risk_polis": True}, "no-risk"),
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
    (proef,) = ken_instrumenten_toe(
        _plaatsing(), Instrumentaanvraag(proefplaats_tot=date(2026, 4, 30), proefplaats_toestemming=True)
    )
    assert isinstance(proef, ProefplaatsAfgesproken) and proef.einddatum == date(2026, 4, 30)


def _toegekend(start: date, leeftijd: int = 30, einddatum: date | None = None) -> LoonkostensubsidieToegekend:
    (lks,) = ken_instrumenten_toe(
        _plaatsing(startdatum=start, einddatum=einddatum, uren_per_week=36),
        Instrumentaanvraag(loonkostensubsidie=True, loonwaarde_procent=50, leeftijd=leeftijd, voltijd_uren=36),
    )
    assert isinstance(lks, LoonkostensubsidieToegekend)
    return lks


def test_a_running_lks_is_set_again_per_1_january_and_not_on_1_july() -> None:
    lks = _toegekend(date(2026, 3, 1))
    assert lks.bedrag_per_maand == Decimal("1530.14") and not lks.voorlopig
    assert herzie_lks(lks, None, date(2026, 8, 1)) is None  # 1 July changes nothing for a running LKS
    januari = herzie_lks(lks, None, date(2027, 1, 5))
    assert januari is not None and januari.peildatum == date(2027, 1, 1) and januari.reden.startswith("herijking")
    # The WML of 1-1-2027 is not known yet: the last version, provisional, recalculated when it arrives.
    assert (januari.bedrag_per_maand, januari.parameters, januari.voorlopig) == (
        Decimal("1558.55"),
        "WML 1-7-2026",
        True,
    )
    assert herzie_lks(lks, januari, date(2027, 2, 1)) is None  # once per peildatum


def test_a_provisional_amount_is_recalculated_when_its_parameters_become_definite() -> None:
    lks = _toegekend(date(2026, 8, 1))
    assert lks.voorlopig and lks.parameters == "WML 1-7-2026"
    assert herzie_lks(lks, None, date(2026, 9, 1)) is None  # nothing new known
    bevestigd = tuple(replace(v, bevestigd=True) for v in WML)
    definitief = herzie_lks(lks, None, date(2026, 9, 1), bevestigd)
    assert definitief is not None and definitief.reden == "parameters definitief" and not definitief.voorlopig
    assert definitief.bedrag_per_maand == Decimal("1558.55")


def test_no_automatic_re_set_under_21_or_after_the_end() -> None:
    assert herzie_lks(_toegekend(date(2026, 3, 1), leeftijd=20), None, date(2027, 1, 5)) is None
    assert herzie_lks(_toegekend(date(2026, 3, 1), einddatum=date(2026, 12, 31)), None, date(2027, 1, 5)) is None


def test_under_21_the_1_january_re_set_takes_the_age_a_person_states() -> None:
    lks = _toegekend(date(2026, 3, 1), leeftijd=19)  # 60% jeugdminimumloon
    assert herzie_lks(lks, None, date(2027, 1, 5)) is None  # the age on 1-1-2027 is not known here
    met_leeftijd = herzie_lks(lks, None, date(2027, 1, 5), leeftijd=20)
    # 80% of 2,337.00 (WML 1-7-2026, the last known) = 1,869.60; x 1.08 x 50% x 1.235 = 1,246.836 -> 1,246.84
    assert met_leeftijd is not None and met_leeftijd.wml_per_maand == Decimal("1869.60")
    assert met_leeftijd.bedrag_per_maand == Decimal("1246.84") and met_leeftijd.voorlopig
