"""Money over whole years: the vakantietoeslag ledger, terugvordering of what was paid, nabetaling, verrekening
within the beslagvrije voet, voorlopige maanden past the last table, and every printed amount. Pure.

Each case is a row of issue 26's table, computed by hand from the law (reference §1.2, §1.4) to the cent.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from libs.events.contracts.uitkering import (
    Beeindigingsreden,
    BetalingVerricht,
    HerberekeningVastgesteld,
    Leefvorm,
    MedebewonerStatus,
    NabetalingVerricht,
    VakantietoeslagUitbetaald,
)
from libs.events.registry import EventData
from services.uitkering import berekening, normen
from services.uitkering.aanvraag.domain import Beeindig, beeindig
from services.uitkering.aanvraag.recht import (
    WijzigHuishouden,
    bereken_maand,
    geef_inkomsten_op,
    stel_voorlopige_maanden_vast,
    wijzig_huishouden,
)
from services.uitkering.berekening import Geboortedata
from services.uitkering.betaling.domain import Betaal, OpenVordering, betaal, rekeningen, te_veel_betaald
from services.uitkering.normen import GeenNorm
from services.uitkering.stand import OngeldigeOpgave, Status, Uitkering

from .test_recht import ALLEEN, OP, _fold, _huishouden, _inkomsten, _toegekend

UITKERING_ID = UUID(int=1)  # pure decisions do not look at which stream a command names

JONG = Geboortedata(date(2001, 5, 17), None, ())


def _run(state: Uitkering, periode: date, **kwargs: object) -> tuple[Uitkering, list[EventData]]:
    events = betaal(state, Betaal(uuid4(), periode, OP), **kwargs)  # type: ignore[arg-type]
    return _fold(state, events, ALLEEN), events


def _maanden(van: date, tot: date) -> list[date]:
    return berekening.maanden(van, tot)


def _vt(events: list[EventData]) -> VakantietoeslagUitbetaald:
    [vt] = [e for e in events if isinstance(e, VakantietoeslagUitbetaald)]
    return vt


class TestVakantietoeslag:
    def test_a_first_run_that_covers_june_late_pays_the_vt_of_the_months_before_june(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        state, events = _run(state, date(2026, 8, 1))
        assert [e.periode for e in events if isinstance(e, BetalingVerricht)] == _maanden(
            date(2026, 1, 1), date(2026, 8, 31)
        )
        vt = _vt(events)
        # Art. 45 lid 1: June pays the months before it; January-May 2026 at 1,401.50, 70.07 each.
        assert vt.over_maanden == _maanden(date(2026, 1, 1), date(2026, 5, 31))
        assert vt.bedrag == Decimal("350.35")
        assert {m.bedrag for m in vt.per_maand} == {Decimal("70.07")}
        # June, July and August stay reserved for June 2027.
        assert set(state.vt_betaald) == set(vt.over_maanden)

    def test_month_plus_vakantietoeslag_is_the_bijstand_for_every_cent_amount(self) -> None:
        for centen in range(0, 200):
            bijstand = Decimal("1401.00") + Decimal(centen) / 100
            maand = berekening.splits_vakantietoeslag(bijstand, date(2026, 3, 1))
            assert maand.uit_te_betalen + maand.vakantietoeslag == bijstand
            assert maand.uit_te_betalen == (bijstand * Decimal("0.95")).quantize(Decimal("0.01"), "ROUND_HALF_UP")

    def test_vt_after_the_end_is_paid_by_the_next_run_with_every_month_still_reserved(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 7, 1))
        state, _ = _run(state, date(2026, 9, 1))
        einde = beeindig(
            state, Beeindig(Beeindigingsreden.WERK, date(2026, 9, 30), "werk", OP, uitkering_id=UITKERING_ID)
        )
        state = _fold(state, einde, ALLEEN)
        state, events = _run(state, date(2026, 10, 1))
        assert not [e for e in events if isinstance(e, BetalingVerricht)]
        assert _vt(events).bedrag == Decimal("70.97") * 3  # 1,419.46 - 1,348.49, July-September
        assert "3 maanden na het einde" in _vt(events).reden


class TestLateFacts:
    def _jaar(self) -> Uitkering:
        """January 2026 on; the first run is August's (pays January-August and the VT of January-May), then
        September's."""
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        state, _ = _run(state, date(2026, 8, 1))
        state, _ = _run(state, date(2026, 9, 1))
        return state

    def test_income_for_a_month_whose_vt_was_paid_is_claimed_back_whole(self) -> None:
        state = self._jaar()
        state = _fold(state, geef_inkomsten_op(state, _inkomsten(date(2026, 4, 1), "600")), ALLEEN)
        # 600 net, 25% vrijgelaten: 450 counted. April was paid 1,331.43 monthly and 70.07 VT; now 951.50 in all.
        assert te_veel_betaald(state, {}) == [(date(2026, 4, 1), Decimal("450.00"))]
        # Claimed once: with the vordering known, nothing more is claimed and nothing is paid again.
        gevorderd = {date(2026, 4, 1): Decimal("450.00")}
        assert te_veel_betaald(state, gevorderd) == []
        for periode in _maanden(date(2026, 10, 1), date(2027, 6, 30)):
            state, events = _run(state, periode, gevorderd=gevorderd)
            assert not [e for e in events if isinstance(e, NabetalingVerricht)]
        # June 2027 paid June 2026 (70.07) and July 2026-May 2027 (11 x 70.97), and never April again.
        assert _vt(events).over_maanden == _maanden(date(2026, 6, 1), date(2027, 5, 31))
        assert _vt(events).bedrag == Decimal("70.07") + 11 * Decimal("70.97") == Decimal("850.74")

    def test_income_for_a_month_whose_vt_is_reserved_lowers_the_reserve_and_claims_the_month(self) -> None:
        state = self._jaar()
        state = _fold(state, geef_inkomsten_op(state, _inkomsten(date(2026, 7, 1), "600")), ALLEEN)
        # July: 1,419.46 - 450 = 969.46; monthly 95% = 920.99 (was 1,348.49): 427.50 claimed, VT 70.97 -> 48.47.
        assert te_veel_betaald(state, {}) == [(date(2026, 7, 1), Decimal("427.50"))]
        juli = next(r for r in rekeningen(state, {}) if r.periode == date(2026, 7, 1))
        assert (juli.vt_betaald, juli.vakantietoeslag) == (None, Decimal("48.47"))

    def test_a_month_raised_later_is_paid_by_the_next_run_vt_included_once_paid(self) -> None:
        met_broer = Geboortedata(ALLEEN.aanvrager, None, (date(1985, 1, 1),))
        huishouden = _huishouden(medebewoners=(MedebewonerStatus.FAMILIE,))
        state = _toegekend(huishouden, met_broer, ingang=date(2026, 1, 1))
        state = _fold(state, betaal(state, Betaal(uuid4(), date(2026, 8, 1), OP)), met_broer)
        # The brother left on 1 April: April-August are alleenstaande months after all.
        weg = WijzigHuishouden(
            date(2026, 4, 1), _huishouden(), ALLEEN, "x", "broer verhuisd", OP, uitkering_id=UITKERING_ID
        )
        state = _fold(state, wijzig_huishouden(state, weg), ALLEEN)
        state, events = _run(state, date(2026, 9, 1))
        [nabetaling] = [e for e in events if isinstance(e, NabetalingVerricht)]
        per_maand = {m.periode: m.bedrag for m in nabetaling.per_maand}
        # April and May: VT paid in the August run, so the whole difference 1,401.50 - 1,001.07 = 400.43.
        assert per_maand[date(2026, 4, 1)] == per_maand[date(2026, 5, 1)] == Decimal("400.43")
        # June: VT still reserved, so only the monthly part: 1,331.43 - 951.02 = 380.41 (the VT reserve rises).
        assert per_maand[date(2026, 6, 1)] == Decimal("380.41")
        # July and August at the 1-7-2026 norm: 1,348.49 - 963.21 (95% of 1,013.90, half of 2,027.79).
        assert per_maand[date(2026, 7, 1)] == Decimal("385.28")
        assert nabetaling.bedrag == sum(per_maand.values()) and len(per_maand) == 5
        state, events = _run(state, date(2026, 9, 1))
        assert events == []  # paid once


class TestVerrekening:
    def _met_vordering(self, netto: str | None = None) -> tuple[Uitkering, list[OpenVordering]]:
        """A klant of 25 (no vrijlating: every euro earned counts) with a vordering of 450.00 to set off."""
        state = _toegekend(_huishouden(), JONG, ingang=date(2026, 7, 1))
        state, _ = _run(state, date(2026, 9, 1))
        if netto is not None:
            state = _fold(state, geef_inkomsten_op(state, _inkomsten(date(2026, 10, 1), netto)), JONG)
        return state, [OpenVordering(uuid4(), Decimal("450.00"), None)]

    def test_bijstand_alone_is_the_beslagvrije_voet_and_nothing_is_kept(self) -> None:
        state, open_ = self._met_vordering()
        _, events = _run(state, date(2026, 10, 1), vorderingen=open_)
        [oktober] = events
        assert isinstance(oktober, BetalingVerricht)
        # Voet: 95% of 1,419.46 = 1,348.487; the monthly part 1,348.49 lies 0.003 above it: less than a cent.
        assert oktober.verrekeningen == [] and oktober.netto == Decimal("1348.49")

    @pytest.mark.parametrize(
        ("netto", "verrekend"),
        [
            # 0.10 earned: 1,419.36 bijstand, monthly 1,348.39; with the 0.10: 1,348.49, 0.003 above the voet.
            ("0.10", "0.00"),
            # 0.20 earned: monthly 1,348.30 + 0.20 = 1,348.50, 0.013 above: one cent kept.
            ("0.20", "0.01"),
            # 100 earned: monthly 1,253.49 + 100 = 1,353.49, 5.003 above: 5.00 kept.
            ("100.00", "5.00"),
        ],
    )
    def test_room_above_the_voet_is_kept_down_to_the_cent(self, netto: str, verrekend: str) -> None:
        state, open_ = self._met_vordering(netto)
        assert bereken_maand(state, date(2026, 10, 1)).inkomen == Decimal(netto)
        _, events = _run(state, date(2026, 10, 1), vorderingen=open_)
        [oktober] = events
        assert isinstance(oktober, BetalingVerricht)
        assert sum((v.bedrag for v in oktober.verrekeningen), Decimal(0)) == Decimal(verrekend)
        assert oktober.netto == oktober.berekening.uit_te_betalen - Decimal(verrekend)

    def test_the_vakantietoeslag_is_the_june_months_money_and_is_set_off_above_the_voet(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        state, _ = _run(state, date(2026, 5, 1))
        open_ = [OpenVordering(uuid4(), Decimal("450.00"), Decimal("300.00"))]
        _, events = _run(state, date(2026, 6, 1), vorderingen=open_)
        juni, vt = events
        assert isinstance(juni, BetalingVerricht) and juni.verrekeningen == []
        assert isinstance(vt, VakantietoeslagUitbetaald)
        # 5 x 70.07 = 350.35 paid in June on top of 1,331.43: room 350.355, but the afspraak caps at 300.
        assert [v.bedrag for v in vt.verrekeningen] == [Decimal("300.00")]
        assert [o.bedrag for o in vt.ontvangers] == [Decimal("50.35")]


class TestVoorlopig:
    def test_a_month_past_the_last_table_is_voorlopig_and_set_when_the_table_arrives(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 11, 1))
        state, events = _run(state, date(2027, 1, 1))
        januari = [e for e in events if isinstance(e, BetalingVerricht)][-1]
        assert januari.berekening.voorlopig and januari.berekening.bijstand == Decimal("1419.46")
        assert not events[0].berekening.voorlopig  # type: ignore[attr-defined]  # November 2026 is set
        assert state.voorlopig == {date(2027, 1, 1)}
        assert stel_voorlopige_maanden_vast(state, OP) == []  # no newer table yet: nothing to do

        laatste = normen.NORMEN[-1]
        nieuw = replace(laatste, geldig_vanaf=date(2027, 1, 1), bron="test: een tabel per 1-1-2027")
        nieuw = replace(nieuw, normen={**laatste.normen, normen.Categorie.ALLEENSTAANDE_21: Decimal("1440.00")})
        monkeypatch.setattr(normen, "NORMEN", (*normen.NORMEN, nieuw))
        [h] = stel_voorlopige_maanden_vast(state, OP)
        assert isinstance(h, HerberekeningVastgesteld)
        assert (h.periode, h.verschil, h.soort, h.berekening.voorlopig) == (
            date(2027, 1, 1),
            Decimal("20.54"),
            "te_weinig_betaald",
            False,
        )
        state = _fold(state, [h], ALLEEN)
        assert state.voorlopig == frozenset()
        _, events = _run(state, date(2027, 2, 1))
        [nabetaling] = [e for e in events if isinstance(e, NabetalingVerricht)]
        assert nabetaling.bedrag == Decimal("1368.00") - Decimal("1348.49")  # the monthly part only: VT reserved

    def test_an_unchanged_amount_still_ends_the_voorlopig_state(self, monkeypatch: pytest.MonkeyPatch) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 12, 1))
        state, _ = _run(state, date(2027, 1, 1))
        laatste = normen.NORMEN[-1]
        monkeypatch.setattr(normen, "NORMEN", (*normen.NORMEN, replace(laatste, geldig_vanaf=date(2027, 1, 1))))
        [h] = stel_voorlopige_maanden_vast(state, OP)
        assert (h.verschil, h.soort) == (Decimal(0), "ongewijzigd")  # type: ignore[attr-defined]


class TestEveryPrintedAmount:
    def test_income_is_recordable_in_2024_and_2025_with_the_caps_printed_then(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2024, 1, 1))
        state, _ = _run(state, date(2024, 6, 1))
        state = _fold(state, geef_inkomsten_op(state, _inkomsten(date(2024, 3, 1), "1200")), ALLEEN)
        maart = bereken_maand(state, date(2024, 3, 1))
        # 1-1-2024: norm 1,283.83; 25% of 1,200 = 300, capped at 264 (art. 31 lid 2 onder n, 1-1-2024).
        assert maart.onderdelen[-1].bedrag == Decimal("264")
        assert maart.bijstand == Decimal("1283.83") - 1200 + 264

    def test_a_cap_the_law_text_here_does_not_print_is_refused_by_name(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2025, 1, 1))
        state, _ = _run(state, date(2025, 3, 1))
        with pytest.raises(GeenNorm, match=r"art\. 31 lid 2 onder n: geen maximum per 2025-01-01"):
            geef_inkomsten_op(state, _inkomsten(date(2025, 2, 1), "400"))
        # Under 27 no vrijlating applies: the same income is recorded and the month recalculated.
        jong = Geboortedata(date(2001, 5, 17), None, ())
        state = _toegekend(_huishouden(), jong, ingang=date(2025, 1, 1))
        state = _fold(state, betaal(state, Betaal(uuid4(), date(2025, 3, 1), OP)), jong)
        [_, h] = geef_inkomsten_op(state, _inkomsten(date(2025, 2, 1), "400"))
        assert isinstance(h, HerberekeningVastgesteld) and h.nu_vastgesteld == Decimal("1345.45") - 400


# --- the property: over 24 months, what left the account minus what was claimed is what is vastgesteld ------

MAANDEN = _maanden(date(2025, 7, 1), date(2027, 6, 30))
feit = st.tuples(
    st.integers(min_value=0, max_value=23),  # in which run's month the fact arrives
    st.integers(min_value=0, max_value=7) | st.integers(min_value=0, max_value=23),  # which month it is about
    # a later payslip for the same month replaces the earlier: "0" after "600.00" raises a month again
    st.sampled_from(["0", "150.00", "600.00", "1200.00", "333.33"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    geboren=st.sampled_from([date(1990, 5, 17), date(2002, 2, 2), date(1959, 3, 1)]),
    feiten=st.lists(feit, max_size=10),
    einde=st.integers(min_value=6, max_value=23),
)
def test_what_left_the_account_minus_what_was_claimed_is_what_is_vastgesteld(
    geboren: date, feiten: list[tuple[int, int, str]], einde: int
) -> None:
    geboortedata = Geboortedata(geboren, None, ())
    state = _toegekend(_huishouden(), geboortedata, ingang=MAANDEN[0])
    betaald = teruggevorderd = Decimal(0)
    gevorderd: dict[date, Decimal] = {}
    for i, periode in enumerate([*MAANDEN[: einde + 1], MAANDEN[einde] + (MAANDEN[1] - MAANDEN[0])]):
        for _, over, netto in [f for f in feiten if f[0] == i and f[1] <= min(i, einde)]:
            opgave = _inkomsten(MAANDEN[over], netto)
            state = _fold(state, geef_inkomsten_op(state, opgave), geboortedata)
        if i == einde and state.status is Status.TOEGEKEND:
            laatste = berekening.laatste_dag(periode)
            state = _fold(
                state,
                beeindig(state, Beeindig(Beeindigingsreden.WERK, laatste, "x", OP, uitkering_id=UITKERING_ID)),
                geboortedata,
            )
        events = betaal(state, Betaal(uuid4(), berekening.eerste_dag(periode), OP), gevorderd=gevorderd)
        state = _fold(state, events, geboortedata)
        for e in events:
            if isinstance(e, BetalingVerricht):
                betaald += e.netto
            elif isinstance(e, VakantietoeslagUitbetaald | NabetalingVerricht):
                betaald += e.bedrag
        for maand, bedrag in te_veel_betaald(state, gevorderd):  # the consulent claims every month
            gevorderd[maand] = gevorderd.get(maand, Decimal(0)) + bedrag
            teruggevorderd += bedrag
    assert all(p in state.vt_betaald for p in state.vastgesteld)  # after the end, every VT was paid
    assert betaald - teruggevorderd == sum(state.vastgesteld.values())


class TestWhatTheApiNowSays:
    def test_the_verhoging_of_art_20_lid_3_for_an_alleenstaande_of_18_to_20(self) -> None:
        jong = normen.Huishouden(date(2007, 1, 1), ouders_onderhoud_ontbreekt=True)  # 19 in 2026
        assert [(o.artikel, o.bedrag) for o in normen.bepaal_norm(jong, date(2026, 3, 1))] == [
            ("art. 20 lid 1 onder a", Decimal("345.99")),
            ("art. 20 lid 3", Decimal("746.45")),
        ]
        assert sum(o.bedrag for o in normen.bepaal_norm(jong, date(2026, 7, 1))) == Decimal("350.42") + Decimal(
            "762.24"
        )
        with pytest.raises(GeenNorm, match=r"art\. 20 lid 3: geen bedrag per 2025-07-01"):
            normen.bepaal_norm(jong, date(2025, 9, 1))  # the law prints it from 2026 only
        paar = normen.Huishouden(date(2007, 1, 1), date(2006, 1, 1), ouders_onderhoud_ontbreekt=True)
        with pytest.raises(GeenNorm, match="alleenstaande"):
            normen.bepaal_norm(paar, date(2026, 3, 1))
        # From the 21st birthday the art. 21 norm applies and the verhoging ends with the jongerennorm.
        assert [o.artikel for o in normen.bepaal_norm(jong, date(2028, 1, 1))] == ["art. 21 onder a"]

    @pytest.mark.parametrize(
        ("partner", "verhoging", "dag", "norm"),
        [
            (False, False, date(2026, 3, 1), "443.76"),
            (False, True, date(2026, 3, 1), "490.76"),  # + 47.00 (art. 23 lid 2 onder a)
            (True, True, date(2024, 3, 1), "727.31"),  # 632.31 + 95.00
            (True, False, date(2025, 9, 1), "674.29"),
        ],
    )
    def test_the_norm_in_an_inrichting(self, partner: bool, verhoging: bool, dag: date, norm: str) -> None:
        broer = normen.Medebewoner(date(1970, 1, 1), normen.Status.FAMILIE)  # no kostendelersnorm in an inrichting
        huishouden = normen.Huishouden(
            date(1960, 1, 1),
            date(1962, 1, 1) if partner else None,
            medebewoners=(broer,),
            inrichting=True,
            inrichting_verhoging=verhoging,
        )
        onderdelen = normen.bepaal_norm(huishouden, dag)
        assert sum(o.bedrag for o in onderdelen) == Decimal(norm)
        assert onderdelen[0].artikel == ("art. 23 lid 1 onder b" if partner else "art. 23 lid 1 onder a")

    def test_each_partner_has_their_own_vrijlating(self) -> None:
        paar = Geboortedata(date(1986, 1, 1), date(2002, 1, 1), ())  # 40 and 24 in 2026
        state = _toegekend(_huishouden(Leefvorm.GEHUWD), paar, ingang=date(2026, 1, 1))
        partner = replace(_inkomsten(date(2026, 3, 1), "600"), van="partner")
        state = _fold(state, geef_inkomsten_op(state, partner), paar)
        maart = bereken_maand(state, date(2026, 3, 1))
        # The partner is under 27: no vrijlating n, all 600 counts.
        assert maart.bijstand == Decimal("2002.13") - 600
        assert maart.invoer["netto inkomen uit arbeid partner"] == "600"
        # The aanvrager (40) earns 400 too: 25% of their own 400 is free; the partner's 600 still counts whole.
        state = _fold(state, geef_inkomsten_op(state, _inkomsten(date(2026, 3, 1), "400")), paar)
        maart = bereken_maand(state, date(2026, 3, 1))
        assert maart.bijstand == Decimal("2002.13") - 600 - 400 + 100
        # An alleenstaande has no partner whose income could be recorded.
        alleen = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        with pytest.raises(OngeldigeOpgave, match="partner"):
            geef_inkomsten_op(alleen, partner)
