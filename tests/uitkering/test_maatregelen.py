"""Maatregel (art. 18), taaleis (art. 18b), boete (art. 18a), terugvordering and verrekening (art. 58-60). Pure."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from libs.events.contracts.uitkering import BetalingVerricht, HerberekeningVastgesteld, Leefvorm, VorderingOpgelegd
from libs.events.registry import EventData
from services.uitkering.aanvraag.recht import bereken_maand, geef_inkomsten_op
from services.uitkering.betaling.domain import Betaal, OpenVordering, betaal, te_veel_betaald
from services.uitkering.maatregel.domain import (
    BesluitMaatregel,
    GeefZienswijze,
    HeroverweegMaatregel,
    HoorplichtLoopt,
    NeemMaatregelVoor,
    NeemTaaltoetsAf,
    besluit_maatregel,
    geef_zienswijze,
    heroverweeg_maatregel,
    neem_maatregel_voor,
    neem_taaltoets_af,
)
from services.uitkering.maatregelen import omvang, spreid
from services.uitkering.ontheffing.domain import (
    OngeldigeOntheffing,
    SchortOpVoorVerzuim,
    VerleenOntheffing,
    VoerHeronderzoekUit,
    herstel_verstreken,
    schort_op_voor_verzuim,
    verleen_ontheffing,
    voer_heronderzoek_uit,
)
from services.uitkering.stand import OngeldigeOpgave, Uitkering
from services.uitkering.verordening import STANDAARD, Verplichting, boetecategorie
from services.uitkering.vordering import domain as vordering
from services.uitkering.vordering.domain import Beboet, GeenWaarschuwing, beboet

from .test_recht import ALLEEN, OP, _betaal, _fold, _huishouden, _inkomsten, _toegekend

UITKERING_ID = UUID(int=1)  # pure decisions do not look at which stream a command names
VORDERING_ID = UUID(int=1)  # pure decisions do not look at which stream a command names


V_ID = VORDERING_ID


def _afkoop(bedrag: Decimal) -> vordering.KoopAf:
    return vordering.KoopAf(bedrag, date(2026, 6, 1), OP, vordering_id=VORDERING_ID)


def _heronderzoek(selectie: str) -> VoerHeronderzoekUit:
    return VoerHeronderzoekUit(selectie, "ongewijzigd", date(2026, 4, 1), OP, uitkering_id=UITKERING_ID)


def _verzuim(herstel_uiterlijk: date, vandaag: date) -> SchortOpVoorVerzuim:
    return SchortOpVoorVerzuim("afschriften", herstel_uiterlijk, vandaag, OP, uitkering_id=UITKERING_ID)


V = Verplichting.ARBEID_AANVAARDEN


def _maatregel(state: Uitkering, feit: date, vandaag: date, **besluit: object) -> tuple[Uitkering, list[EventData]]:
    mid = uuid4()
    voor = neem_maatregel_voor(
        state, NeemMaatregelVoor(mid, V, feit, "Werk geweigerd", vandaag, OP, uitkering_id=UITKERING_ID), STANDAARD
    )
    state = _fold(state, voor, ALLEEN)
    zienswijze = geef_zienswijze(state, GeefZienswijze(mid, "Ik was ziek", None, OP, uitkering_id=UITKERING_ID))
    state = _fold(state, zienswijze, ALLEEN)
    command = BesluitMaatregel(
        maatregel_id=mid,
        verwijtbaar=bool(besluit.get("verwijtbaar", True)),
        spreiden_over=int(besluit.get("spreiden_over", 1)),  # type: ignore[call-overload]
        afgestemd_percentage=besluit.get("afgestemd"),  # type: ignore[arg-type]
        motivering="Verwijtbaar",
        vandaag=vandaag,
        op=OP,
        door="consulent",
        uitkering_id=UITKERING_ID,
    )
    events = besluit_maatregel(state, command, STANDAARD)
    return _fold(state, events, ALLEEN), events


class TestMaatregel:
    def test_hoorplicht_first_then_a_reduced_betaalrun_spread_over_three_months(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        mid = uuid4()
        voornemen = NeemMaatregelVoor(
            mid, V, date(2026, 2, 20), "Werk geweigerd", date(2026, 3, 2), OP, uitkering_id=UITKERING_ID
        )
        state = _fold(state, neem_maatregel_voor(state, voornemen, STANDAARD), ALLEEN)
        besluit = BesluitMaatregel(
            mid, True, 3, None, "Verwijtbaar", date(2026, 3, 10), OP, "c", uitkering_id=UITKERING_ID
        )
        with pytest.raises(HoorplichtLoopt, match="2026-03-16"):  # 14 days from the voornemen
            besluit_maatregel(state, besluit, STANDAARD)
        na_termijn = BesluitMaatregel(
            mid, True, 3, None, "Verwijtbaar", date(2026, 3, 17), OP, "c", uitkering_id=UITKERING_ID
        )
        events = besluit_maatregel(state, na_termijn, STANDAARD)
        state = _fold(state, events, ALLEEN)
        opgelegd = events[0]
        # 100% for one month (lid 4-5), spread over March-May with at least a third in March.
        assert [(v.periode, v.percentage) for v in opgelegd.verlagingen] == [  # type: ignore[attr-defined]
            (date(2026, 3, 1), Decimal("0.3334")),
            (date(2026, 4, 1), Decimal("0.3333")),
            (date(2026, 5, 1), Decimal("0.3333")),
        ]
        assert opgelegd.heroverweging_uiterlijk == date(2026, 6, 17)  # type: ignore[attr-defined]
        state, betaald = _betaal(state, date(2026, 3, 1), ALLEEN)
        maart = next(e for e in betaald if isinstance(e, BetalingVerricht) and e.periode == date(2026, 3, 1))
        # 1,401.50 - 33.34% of it (467.2601) = 934.2399 -> 934.24; the component names its article.
        assert maart.berekening.bijstand == Decimal("934.24")
        assert maart.berekening.onderdelen[-1].artikel == "art. 18 lid 4 en lid 5"

    def test_recidive_within_twelve_months_escalates_and_outside_it_does_not(self) -> None:
        eerste = omvang(V, date(2026, 3, 1), [], STANDAARD)
        tweede = omvang(V, date(2026, 9, 1), [date(2026, 3, 1)], STANDAARD)
        derde = omvang(V, date(2026, 12, 1), [date(2026, 3, 1), date(2026, 9, 1)], STANDAARD)
        later = omvang(V, date(2027, 9, 2), [date(2026, 3, 1), date(2026, 9, 1)], STANDAARD)
        assert [(u.maanden, u.recidive) for u in (eerste, tweede, derde, later)] == [(1, 0), (2, 1), (3, 2), (1, 0)]
        assert tweede.artikelen.endswith("lid 6") and derde.artikelen.endswith("lid 7 en 8")
        # Two months spread over three: the first month still carries at least a third of the total.
        maanden = spreid(tweede, date(2026, 10, 1), 3)
        assert sum(m.percentage for m in maanden) == Decimal("2.00")
        assert maanden[0].percentage >= Decimal("2.00") / 3

    def test_no_maatregel_without_verwijtbaarheid_and_tailored_for_dringende_redenen(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        _, events = _maatregel(state, date(2026, 2, 1), date(2026, 3, 1), verwijtbaar=False)
        assert events[0].event_type == "MaatregelAfgezien" and events[0].artikel == "art. 18 lid 9"  # type: ignore[attr-defined]
        _, events = _maatregel(state, date(2026, 2, 1), date(2026, 3, 1), afgestemd=Decimal("0.50"))
        assert events[0].percentage == Decimal("0.50") and "dringende redenen" in events[0].afgestemd  # type: ignore[attr-defined]

    def test_other_obligations_follow_the_verordening(self) -> None:
        licht = omvang(Verplichting.LICHT, date(2026, 3, 1), [], STANDAARD)
        assert (licht.percentage, licht.maanden) == (Decimal("0.30"), 1)

    def test_taaleis_steps_of_20_and_40_then_100_percent(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        toets = NeemTaaltoetsAf(date(2026, 1, 20), voldaan=False, verwijtbaar=True, op=OP, uitkering_id=UITKERING_ID)
        state = _fold(state, neem_taaltoets_af(state, toets), ALLEEN)
        assert bereken_maand(state, date(2026, 2, 1)).bijstand == Decimal("1121.20")  # 80% of 1,401.50
        with pytest.raises(OngeldigeOpgave):  # the next step only after this one ran its 6 months
            neem_taaltoets_af(state, NeemTaaltoetsAf(date(2026, 5, 1), False, True, OP, uitkering_id=UITKERING_ID))
        state = _fold(
            state,
            neem_taaltoets_af(state, NeemTaaltoetsAf(date(2026, 8, 3), False, True, OP, uitkering_id=UITKERING_ID)),
            ALLEEN,
        )
        assert bereken_maand(state, date(2026, 9, 1)).bijstand == Decimal("851.68")  # 60% of 1,419.46
        state = _fold(
            state,
            neem_taaltoets_af(state, NeemTaaltoetsAf(date(2026, 9, 10), True, False, OP, uitkering_id=UITKERING_ID)),
            ALLEEN,
        )
        assert bereken_maand(state, date(2026, 10, 1)).bijstand == Decimal("1419.46")


def _terugvordering(state: Uitkering, grond: str = vordering.GRONDEN["58.1"]) -> vordering.Vordering:
    delen = [
        vordering.Deelvordering(periode=p, bedrag=b, omschrijving="te veel betaald")
        for p, b in te_veel_betaald(state, {})
    ]
    events = vordering.leg_op(
        vordering_id=uuid4(),
        uitkering_id=state.uitkering_id,
        klant_id=state.aanvraag.klant_id,
        gemeente="GM0014",
        soort="terugvordering",
        grond=grond,
        deelvorderingen=delen,
        debiteuren=["aanvrager"],
        berekening={},
        op=OP,
        door="c",
    )
    v = vordering.evolve(None, events[0])
    assert v is not None
    return v


class TestTerugvordering:
    def test_late_income_to_terugvordering_boete_and_verrekening_above_the_beslagvrije_voet(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        state, _ = _betaal(state, date(2026, 3, 1), ALLEEN)
        # A payslip for January arrives late: 600 net, 450 counted; January was paid 1,331.43 net.
        events = geef_inkomsten_op(state, _inkomsten(date(2026, 1, 1), "600"))
        state = _fold(state, events, ALLEEN)
        assert any(isinstance(e, HerberekeningVastgesteld) for e in events)
        terug = _terugvordering(state)
        # What was transferred (1,331.43) minus what is now due monthly (95% of 951.50 = 903.93); the VT reserve
        # of January is lowered from 70.07 to 47.57 instead of claimed (it is not paid yet).
        assert [(d.periode, d.bedrag) for d in terug.opgelegd.deelvorderingen] == [
            (date(2026, 1, 1), Decimal("427.50"))
        ]
        assert terug.saldo() == Decimal("427.50") and terug.verrekenbaar

        command = Beboet(
            uuid4(),
            "grove_schuld",
            waarschuwing=False,
            vandaag=date(2026, 4, 1),
            op=OP,
            door="c",
            vordering_id=VORDERING_ID,
        )
        _, boete = beboet(
            state, terug.opgelegd, command, eerdere_boetes=[], eerdere_waarschuwingen=[], verordening=STANDAARD
        )
        assert isinstance(boete[0], VorderingOpgelegd)
        assert boete[0].bedrag == Decimal("320.63")  # 75% of 427.50 = 320.625, half-up; under the 3rd category cap
        recidive = beboet(
            state,
            terug.opgelegd,
            command,
            eerdere_boetes=[date(2023, 1, 1)],
            eerdere_waarschuwingen=[],
            verordening=STANDAARD,
        )[1][0]
        assert recidive.bedrag == Decimal("480.94") and recidive.grond.endswith("lid 5")  # type: ignore[attr-defined]

        # Verrekening with the April payment: the monthly part alone (1,331.43) is the beslagvrije voet (95% of the
        # norm including VT, 1,331.425): no room, nothing kept. The VT reserved for June is not April's money.
        open_ = [OpenVordering(terug.opgelegd.vordering_id, terug.saldo(), None)]
        april = betaal(state, Betaal(uuid4(), date(2026, 4, 1), OP), open_)
        betaling = april[0]
        assert isinstance(betaling, BetalingVerricht)
        assert betaling.verrekeningen == [] and betaling.netto == Decimal("1331.43")
        # With 600 net earned in April (450 counted): 903.93 bijstand + 600 income = 1,503.93; above the voet
        # 172.505, down to 172.50 (never a part of a cent below the voet).
        met_werk = _fold(state, geef_inkomsten_op(state, _inkomsten(date(2026, 4, 1), "600")), ALLEEN)
        betaling = betaal(met_werk, Betaal(uuid4(), date(2026, 4, 1), OP), open_)[0]
        assert isinstance(betaling, BetalingVerricht)
        verrekening = betaling.verrekeningen[0]
        assert (verrekening.bedrag, verrekening.beslagvrije_voet) == (Decimal("172.50"), Decimal("1331.43"))
        assert betaling.netto == Decimal("903.93") - Decimal("172.50")
        # An aflossingsafspraak lower than that room is the limit.
        met_afspraak = [OpenVordering(terug.opgelegd.vordering_id, terug.saldo(), Decimal("25"))]
        betaling = betaal(met_werk, Betaal(uuid4(), date(2026, 4, 1), OP), met_afspraak)[0]
        assert betaling.verrekeningen[0].bedrag == Decimal("25")  # type: ignore[attr-defined]

    def test_the_balance_is_a_fold_and_a_lump_sum_of_half_waives_the_rest(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        state, _ = _betaal(state, date(2026, 2, 1), ALLEEN)
        state = _fold(state, geef_inkomsten_op(state, _inkomsten(date(2026, 1, 1), "1000")), ALLEEN)
        v = _terugvordering(state)
        bedrag = v.saldo()
        v = vordering.evolve(
            v, vordering.ontvang(v, Decimal("100"), wijze="betaling", datum=date(2026, 12, 1), op=OP)[0]
        )
        assert v is not None
        # Opgelegd on 29 November: nothing owed before, all of it the day before the payment, less after.
        assert v.saldo(date(2026, 11, 28)) == 0
        assert v.saldo(date(2026, 11, 30)) == bedrag and v.saldo() == bedrag - 100
        with pytest.raises(vordering.OngeldigeVordering):
            vordering.koop_af(
                v, vordering.KoopAf((bedrag - 100) * Decimal("0.49"), date(2026, 6, 1), OP, vordering_id=VORDERING_ID)
            )
        events = vordering.koop_af(
            v, vordering.KoopAf((bedrag - 100) / 2, date(2026, 6, 1), OP, vordering_id=VORDERING_ID)
        )
        for e in events:
            v = vordering.evolve(v, e)
        assert v is not None and v.saldo() == 0
        assert events[-1].artikel == "art. 58 lid 7 onder d"  # type: ignore[attr-defined]
        with pytest.raises(vordering.OngeldigeVordering, match="2036"):
            vordering.zie_af_na_tien_jaar(
                _terugvordering(state), vordering.ZieAf(date(2030, 1, 1), OP, vordering_id=VORDERING_ID)
            )


class TestBoete:
    def test_a_warning_instead_of_a_boete_but_not_twice_within_two_years(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        state, _ = _betaal(state, date(2026, 2, 1), ALLEEN)
        state = _fold(state, geef_inkomsten_op(state, _inkomsten(date(2026, 1, 1), "160")), ALLEEN)
        terug = _terugvordering(state)
        assert terug.saldo() <= STANDAARD.waarschuwing_tot
        command = Beboet(
            uuid4(), "normaal", waarschuwing=True, vandaag=date(2026, 3, 1), op=OP, door="c", vordering_id=VORDERING_ID
        )
        waarschuwing, _ = beboet(
            state, terug.opgelegd, command, eerdere_boetes=[], eerdere_waarschuwingen=[], verordening=STANDAARD
        )
        assert waarschuwing[0].event_type == "WaarschuwingGegeven"
        with pytest.raises(GeenWaarschuwing):
            beboet(
                state,
                terug.opgelegd,
                command,
                eerdere_boetes=[],
                eerdere_waarschuwingen=[date(2024, 6, 1)],
                verordening=STANDAARD,
            )

    def test_the_category_caps_are_dated_parameters(self) -> None:
        assert boetecategorie(3, date(2026, 1, 1)) == (Decimal("8300"), boetecategorie(3, date(2018, 1, 1))[1])
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        groot = VorderingOpgelegd(
            vordering_id=uuid4(),
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente="GM0014",
            soort="terugvordering",
            grond=vordering.GRONDEN["58.1"],
            deelvorderingen=[],
            bedrag=Decimal("20000"),
            debiteuren=["aanvrager"],
            berekening={},
            opgelegd_op=datetime(2026, 3, 1),
            opgelegd_door="c",
        )
        command = Beboet(
            uuid4(), "normaal", waarschuwing=False, vandaag=date(2026, 4, 1), op=OP, door="c", vordering_id=VORDERING_ID
        )
        boete = beboet(state, groot, command, eerdere_boetes=[], eerdere_waarschuwingen=[], verordening=STANDAARD)[1][0]
        assert boete.bedrag == Decimal("8300")  # type: ignore[attr-defined]  # 50% of 20,000 capped at the 3rd category
        opzet = Beboet(
            uuid4(), "opzet", waarschuwing=False, vandaag=date(2026, 4, 1), op=OP, door="c", vordering_id=VORDERING_ID
        )
        boete = beboet(state, groot, opzet, eerdere_boetes=[], eerdere_waarschuwingen=[], verordening=STANDAARD)[1][0]
        assert boete.bedrag == Decimal("20000")  # type: ignore[attr-defined]  # under the 5th category cap


class TestOntheffingEnHeronderzoek:
    def test_art_9a_ends_at_five_years_in_total_with_earlier_gemeenten_counted(self) -> None:
        state = _toegekend(_huishouden(Leefvorm.ALLEENSTAANDE_OUDER, kinderen=1, kind_onder_12=True), ALLEEN)
        command = VerleenOntheffing(
            uuid4(),
            "9a",
            date(2026, 3, 1),
            date(2029, 2, 28),
            date(2029, 6, 1),
            800,
            "kind van 2",
            OP,
            uitkering_id=UITKERING_ID,
        )
        # 800 days already used elsewhere: 5 years from 1-3-2026 minus 800 days ends on 20-12-2028.
        with pytest.raises(OngeldigeOntheffing, match="2028-12-20"):
            verleen_ontheffing(state, command)
        te_lang = VerleenOntheffing(
            uuid4(), "9a", date(2026, 3, 1), date(2029, 7, 1), date(2029, 6, 1), 0, "x", OP, uitkering_id=UITKERING_ID
        )
        with pytest.raises(OngeldigeOntheffing, match="jongste kind"):
            verleen_ontheffing(state, te_lang)
        goed = VerleenOntheffing(
            uuid4(),
            "9a",
            date(2026, 3, 1),
            date(2028, 12, 20),
            date(2029, 6, 1),
            800,
            "x",
            OP,
            uitkering_id=UITKERING_ID,
        )
        state = _fold(state, verleen_ontheffing(state, goed), ALLEEN)
        # While it runs, the next heronderzoek is 6 months on (art. 9a lid 8), not the verordening's 12.
        heronderzoek = voer_heronderzoek_uit(state, _heronderzoek("art. 9a lid 8"), 12)
        assert heronderzoek[0].volgende == date(2026, 10, 1)  # type: ignore[attr-defined]
        alleen = _toegekend(_huishouden(), ALLEEN)
        periodiek = voer_heronderzoek_uit(alleen, _heronderzoek("periodiek"), 12)
        assert periodiek[0].volgende == date(2027, 4, 1)  # type: ignore[attr-defined]

    def test_verzuim_unrepaired_after_its_term_withdraws_the_right_from_the_opschorting(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        with pytest.raises(OngeldigeOpgave, match="8 weken"):
            schort_op_voor_verzuim(state, _verzuim(date(2026, 12, 31), date(2026, 11, 1)))
        state = _fold(
            state,
            schort_op_voor_verzuim(state, _verzuim(date(2026, 12, 20), date(2026, 11, 29))),
            ALLEEN,
        )
        assert herstel_verstreken(state, date(2026, 12, 20), OP) == []
        einde = herstel_verstreken(state, date(2026, 12, 21), OP)
        assert einde[0].event_type == "UitkeringBeeindigd" and einde[0].laatste_dag == date(2026, 11, 28)  # type: ignore[attr-defined]


def test_a_maatregel_not_maintained_at_heroverweging_stops_lowering_unpaid_months() -> None:
    state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
    state, events = _maatregel(state, date(2026, 2, 20), date(2026, 3, 2), spreiden_over=3)
    state, _ = _betaal(state, date(2026, 3, 1), ALLEEN)  # March paid with its third
    maatregel_id = events[0].maatregel_id  # type: ignore[attr-defined]
    herover = heroverweeg_maatregel(
        state,
        HeroverweegMaatregel(
            maatregel_id, False, "Werk inmiddels aanvaard", date(2026, 3, 20), OP, uitkering_id=UITKERING_ID
        ),
    )
    assert herover[0].per == date(2026, 4, 1)  # type: ignore[attr-defined]
    state = _fold(state, herover, ALLEEN)
    assert bereken_maand(state, date(2026, 3, 1)).bijstand == Decimal("934.24")  # paid as it was
    assert bereken_maand(state, date(2026, 4, 1)).bijstand == Decimal("1401.50")  # no longer lowered
