"""The recht of a month, decided and paid: households, age transitions, vrijlatingen, zoektermijn, late facts, VT.

Pure: the domain's decide and evolve, no database. Amounts are checked to the cent against the law's
printed norms (reference §1.2) and the formulas of art. 22a and art. 31.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from libs.events.contracts.uitkering import (
    BetalingVerricht,
    BijstandToegekend,
    HerberekeningVastgesteld,
    Huishouden,
    InkomenBron,
    Leefvorm,
    Medebewoner,
    MedebewonerStatus,
    PlanVerwijzing,
    UitkeringBeeindigd,
    VakantietoeslagUitbetaald,
)
from libs.events.registry import EventData
from services.uitkering import termijnen
from services.uitkering.aanvraag.domain import (
    DienAanvraagIn,
    GeenVoorschot,
    Hervat,
    KlantFeiten,
    KlantOnbekend,
    LegRekeningVast,
    NeemBesluit,
    PlanVanAanpakOntbreekt,
    SchortOp,
    VerleenVoorschot,
    ZoektermijnLoopt,
    dien_aanvraag_in,
    hervat,
    leg_rekening_vast,
    neem_besluit,
    schort_op,
    verleen_voorschot,
)
from services.uitkering.aanvraag.recht import (
    GeefInkomstenOp,
    WijzigHuishouden,
    bereken_maand,
    geef_inkomsten_op,
    wijzig_huishouden,
)
from services.uitkering.berekening import Geboortedata
from services.uitkering.betaling.domain import Betaal, betaal, start_betaalrun
from services.uitkering.normen import GeenNorm, Status, bepaal_norm
from services.uitkering.normen import Huishouden as NormHuishouden
from services.uitkering.normen import Medebewoner as NormMedebewoner
from services.uitkering.stand import Uitkering, bekende_geboortedata, evolve
from services.uitkering.termijnen import NogNietBetaalbaar

UITKERING_ID = UUID(int=1)  # pure decisions do not look at which stream a command names

OP = datetime(2026, 11, 29, 12, tzinfo=UTC)
KLANT = UUID("0b8a0b7e-5b4f-4c69-9a1e-3d8f2c1a0001")


def _huishouden(
    leefvorm: Leefvorm = Leefvorm.ALLEENSTAANDE,
    *,
    kinderen: int = 0,
    kind_onder_12: bool = False,
    medebewoners: tuple[MedebewonerStatus, ...] = (),
    aangetoond: bool = True,
    overig: str = "0",
) -> Huishouden:
    return Huishouden(
        leefvorm=leefvorm,
        kinderen=kinderen,
        kind_onder_12=kind_onder_12,
        medebewoners=[Medebewoner(status=s) for s in medebewoners],
        partner_heeft_recht=True,
        aangetoond=aangetoond,
        medisch_urenbeperkt=False,
        overig_inkomen_per_maand=Decimal(overig),
    )


def _aanvraag(
    huishouden: Huishouden,
    geboortedata: Geboortedata,
    *,
    melding: date = date(2026, 1, 5),
    vermogen: str = "0",
    klant: KlantFeiten | None = None,
) -> DienAanvraagIn:
    from libs.events.contracts.uitkering import Vermogensbestanddeel

    return DienAanvraagIn(
        uitkering_id=uuid4(),
        klant_id=KLANT,
        gemeente="GM0014",
        meldingsdatum=melding,
        aanvraagdatum=melding,
        huishouden=huishouden,
        geboortedata=geboortedata,
        persoonlijk="versleuteld",
        vermogen=(Vermogensbestanddeel(omschrijving="spaarrekening", bedrag=Decimal(vermogen)),),
        woning_overwaarde=Decimal(0),
        op=OP,
    )


KLANT_FEITEN = KlantFeiten("GM0014", None, None)
PLAN = PlanVerwijzing(plan_id=UUID(int=7), versie=1, besproken_op=date(2025, 12, 1))


def _fold(state: Uitkering | None, events: list[EventData], geboortedata: Geboortedata) -> Uitkering:
    for event in events:
        state = evolve(state, event, bekende_geboortedata(geboortedata))
    assert state is not None
    return state


def _toegekend(huishouden: Huishouden, geboortedata: Geboortedata, ingang: date = date(2026, 1, 5)) -> Uitkering:
    command = _aanvraag(huishouden, geboortedata, melding=ingang)
    state = _fold(None, dien_aanvraag_in(command, KLANT_FEITEN), geboortedata)
    # Someone of 18 to 27 gets the plan van aanpak as bijlage (art. 44 lid 4); the helper brings one along.
    besluit = neem_besluit(
        state,
        NeemBesluit(ingang, "Recht vastgesteld.", None, OP, "consulent", uitkering_id=UITKERING_ID, plan=PLAN),
    )
    return _fold(state, besluit, geboortedata)


def _betaal(state: Uitkering, periode: date, geboortedata: Geboortedata) -> tuple[Uitkering, list[EventData]]:
    events = betaal(state, Betaal(uuid4(), periode, OP))
    return _fold(state, events, geboortedata), events


def _inkomsten(periode: date, netto: str) -> GeefInkomstenOp:
    return GeefInkomstenOp(
        periode=periode,
        werkgever="Stad Logistiek B.V.",
        uren=Decimal(60),
        bruto=Decimal(netto) + 200,
        netto=Decimal(netto),
        loonstrook_van=periode,
        loonstrook_tot=periode.replace(day=28),
        bron=InkomenBron.OPGAVE,
        op=OP,
        uitkering_id=UITKERING_ID,
    )


ALLEEN = Geboortedata(date(1990, 5, 17), None, ())


class TestHouseholds:
    def test_a_couple_with_one_partner_of_18_to_20(self) -> None:
        paar = NormHuishouden(date(1990, 1, 1), date(2006, 9, 1))  # partner 19 on 1-3-2026
        onderdelen = bepaal_norm(paar, date(2026, 3, 1))
        assert [(o.artikel, o.bedrag) for o in onderdelen] == [("art. 20 lid 1 onder c", Decimal("1347.06"))]
        met_kinderen = NormHuishouden(date(1990, 1, 1), date(2006, 9, 1), kinderen=True)
        assert sum(o.bedrag for o in bepaal_norm(met_kinderen, date(2026, 3, 1))) == Decimal("1747.49")
        # With a kostendeler, art. 22a lid 3: the older partner's kostendelersnorm (A = 2, the young partner not
        # counted) plus the printed amount for the partner of 18-20.
        broer = NormMedebewoner(date(1985, 1, 1), Status.FAMILIE)
        met_broer = NormHuishouden(date(1990, 1, 1), date(2006, 9, 1), medebewoners=(broer,))
        onderdelen = bepaal_norm(met_broer, date(2026, 3, 1))
        assert [(o.artikel, o.bedrag) for o in onderdelen] == [
            ("art. 22a lid 1 en 3", Decimal("1001.07")),
            ("art. 22a lid 3", Decimal("345.99")),
        ]
        beiden_jong = NormHuishouden(date(2006, 1, 1), date(2006, 9, 1))
        assert sum(o.bedrag for o in bepaal_norm(beiden_jong, date(2026, 3, 1))) == Decimal("691.98")
        # The law prints this category for every date: 2025 too, as printed (not derived from 2026).
        assert [(o.artikel, o.bedrag) for o in bepaal_norm(paar, date(2025, 3, 1))] == [
            ("art. 20 lid 1 onder c", Decimal("1293.21"))
        ]
        with pytest.raises(GeenNorm):  # before the first table the platform carries: refused by name
            bepaal_norm(paar, date(2023, 12, 1))

    @pytest.mark.parametrize(
        ("kostendelers", "norm"),
        [(0, "1401.50"), (1, "1001.07"), (2, "867.59"), (3, "800.85"), (4, "760.81"), (5, "734.11")],
    )
    def test_kostendelers_a_is_1_to_6_in_a_paid_month(self, kostendelers: int, norm: str) -> None:
        # A = 1 (no kostendeler) is art. 21 a as printed, not the formula (which gives one cent less).
        huishouden = _huishouden(medebewoners=(MedebewonerStatus.FAMILIE,) * kostendelers)
        geboortedata = Geboortedata(date(1990, 5, 17), None, (date(1970, 1, 1),) * kostendelers)
        state = _toegekend(huishouden, geboortedata, ingang=date(2026, 3, 1))
        maand = bereken_maand(state, date(2026, 3, 1))
        assert maand.norm == Decimal(norm) and maand.bijstand == Decimal(norm)
        assert maand.onderdelen[0].artikel == ("art. 21 onder a" if kostendelers == 0 else "art. 22a lid 1")

    def test_the_household_not_shown_gets_30_percent_art_53a(self) -> None:
        state = _toegekend(_huishouden(aangetoond=False), ALLEEN, ingang=date(2026, 3, 1))
        maand = bereken_maand(state, date(2026, 3, 1))
        assert maand.bijstand == Decimal("600.64")  # 30% of 2,002.13 = 600.639
        assert maand.onderdelen[0].artikel == "art. 53a lid 3"

    def test_vakantietoeslag_is_reserved_from_the_month(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 3, 1))
        maand = bereken_maand(state, date(2026, 3, 1))
        # The half-cent tie: 95% of 1,401.50 is 1,331.425, half-up 1,331.43 monthly; VT is the remainder.
        assert (maand.bijstand, maand.vakantietoeslag, maand.uit_te_betalen) == (
            Decimal("1401.50"),
            Decimal("70.07"),
            Decimal("1331.43"),
        )


class TestTransitions:
    def test_the_21st_birthday_mid_month_splits_the_month_by_days(self) -> None:
        geboortedata = Geboortedata(date(2005, 3, 15), None, ())
        state = _toegekend(_huishouden(), geboortedata, ingang=date(2026, 1, 5))
        maand = bereken_maand(state, date(2026, 3, 1))
        # 1-14 March: 345.99 x 14/31; 15-31 March: 1,401.50 x 17/31; rounded once.
        verwacht = (Decimal("345.99") * 14 / 31 + Decimal("1401.50") * 17 / 31).quantize(Decimal("0.01"))
        assert maand.bijstand == verwacht == Decimal("924.82")
        assert [o.artikel for o in maand.onderdelen] == ["art. 20 lid 1 onder a", "art. 21 onder a"]
        assert bereken_maand(state, date(2026, 4, 1)).bijstand == Decimal("1401.50")

    def test_reaching_aow_age_mid_year_and_the_norm_change_of_1_july(self) -> None:
        geboortedata = Geboortedata(date(1959, 5, 10), None, ())
        state = _toegekend(_huishouden(), geboortedata, ingang=date(2026, 1, 5))
        assert bereken_maand(state, date(2026, 4, 1)).bijstand == Decimal("1401.50")
        mei = bereken_maand(state, date(2026, 5, 1))
        verwacht = (Decimal("1401.50") * 9 / 31 + Decimal("1564.69") * 22 / 31).quantize(Decimal("0.01"))
        assert mei.bijstand == verwacht
        assert bereken_maand(state, date(2026, 6, 1)).bijstand == Decimal("1564.69")
        assert bereken_maand(state, date(2026, 7, 1)).bijstand == Decimal("1587.34")  # 1-7-2026 table

    def test_the_first_month_counts_from_the_ingangsdatum(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 3, 10))
        maand = bereken_maand(state, date(2026, 3, 1))
        assert maand.bijstand == (Decimal("1401.50") * 22 / 31).quantize(Decimal("0.01"))


class TestZoektermijn:
    def test_under_27_the_aanvraag_waits_for_the_end_of_the_zoektermijn(self) -> None:
        jong = Geboortedata(date(2004, 2, 1), None, ())
        klant = KlantFeiten("GM0014", date(2026, 2, 2), None)
        command = _aanvraag(_huishouden(), jong, melding=date(2026, 1, 5))
        with pytest.raises(ZoektermijnLoopt, match=r"art\. 41 lid 4.*2026-02-02.*2026-02-03"):
            dien_aanvraag_in(command, klant)
        later = _aanvraag(_huishouden(), jong, melding=date(2026, 1, 5))
        later = DienAanvraagIn(**{**later.__dict__, "aanvraagdatum": date(2026, 2, 3)})
        assert dien_aanvraag_in(later, klant)
        # An exception of art. 41 lid 4 (recorded by intake) lets them file at once; so does being 27.
        assert dien_aanvraag_in(command, KlantFeiten("GM0014", date(2026, 2, 2), "lid_4a"))
        assert dien_aanvraag_in(_aanvraag(_huishouden(), ALLEEN), klant)

    def test_the_klant_must_live_in_the_gemeente_of_the_aanvraag(self) -> None:
        with pytest.raises(KlantOnbekend, match=r"art\. 40") as refusal:
            dien_aanvraag_in(_aanvraag(_huishouden(), ALLEEN), KlantFeiten("GM0037", None, None))
        assert "GM0037" not in str(refusal.value)  # where the klant lives now is not told
        with pytest.raises(KlantOnbekend):
            dien_aanvraag_in(_aanvraag(_huishouden(), ALLEEN), None)


class TestVrijlatingen:
    OUDER = Geboortedata(date(1990, 5, 17), None, ())

    def test_alleenstaande_ouder_across_the_six_month_boundary(self) -> None:
        huishouden = _huishouden(Leefvorm.ALLEENSTAANDE_OUDER, kinderen=1, kind_onder_12=True)
        state = _toegekend(huishouden, self.OUDER, ingang=date(2026, 1, 5))
        for maand in range(1, 9):
            opgave = _inkomsten(date(2026, maand, 1), "1500" if maand in (6, 7) else "1000")
            state = _fold(state, geef_inkomsten_op(state, opgave), self.OUDER)
        uitleg = {m: bereken_maand(state, date(2026, m, 1)) for m in (1, 6, 7, 8)}
        # Months 1-6: art. 31.2 n, 25% up to 285; from month 7: art. 31.2 r, 12.5% up to 177.66.
        assert uitleg[1].onderdelen[-1].artikel == "art. 31 lid 2 onder n"
        assert uitleg[1].onderdelen[-1].bedrag == Decimal("250.00")
        assert uitleg[6].onderdelen[-1].bedrag == Decimal("285")  # 25% of 1,500 = 375, capped
        assert uitleg[7].onderdelen[-1].artikel == "art. 31 lid 2 onder r"
        assert uitleg[7].onderdelen[-1].bedrag == Decimal("177.66")  # 12.5% of 1,500 = 187.50, capped
        assert uitleg[7].bijstand == Decimal("97.12")  # 1,419.46 (norm of 1-7-2026) - 1,500 + 177.66
        assert uitleg[8].onderdelen[-1].bedrag == Decimal("125.000")
        assert uitleg[8].bijstand == Decimal("1419.46") - Decimal("1000") + Decimal("125")

    def test_no_work_vrijlating_n_under_27(self) -> None:
        jong = Geboortedata(date(2001, 5, 17), None, ())
        state = _toegekend(_huishouden(), jong, ingang=date(2026, 1, 5))
        state = _fold(state, geef_inkomsten_op(state, _inkomsten(date(2026, 2, 1), "400")), jong)
        maand = bereken_maand(state, date(2026, 2, 1))
        assert [o.artikel for o in maand.onderdelen] == ["art. 21 onder a", "art. 32"]
        assert maand.bijstand == Decimal("1001.50")

    def test_income_that_covers_the_norm_ends_the_uitkering_for_work(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 5))
        events = geef_inkomsten_op(state, _inkomsten(date(2026, 4, 1), "2400"))
        einde = [e for e in events if isinstance(e, UitkeringBeeindigd)]
        assert einde and einde[0].reden.value == "werk" and einde[0].laatste_dag == date(2026, 3, 31)


class TestBetaling:
    def test_each_month_is_paid_once_and_a_rerun_pays_nothing(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 5))
        state, events = _betaal(state, date(2026, 3, 1), ALLEEN)
        assert [e.periode for e in events if isinstance(e, BetalingVerricht)] == [
            date(2026, 1, 1),
            date(2026, 2, 1),
            date(2026, 3, 1),
        ]
        assert betaal(state, Betaal(uuid4(), date(2026, 3, 1), OP)) == []

    def test_vakantietoeslag_is_paid_in_june_over_the_months_before(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        state, _ = _betaal(state, date(2026, 5, 1), ALLEEN)
        state, events = _betaal(state, date(2026, 6, 1), ALLEEN)
        vt = [e for e in events if isinstance(e, VakantietoeslagUitbetaald)]
        assert len(vt) == 1 and vt[0].over_maanden == [date(2026, m, 1) for m in range(1, 6)]
        assert vt[0].bedrag == Decimal("70.07") * 5

    def test_partners_get_half_each_unless_they_ask_otherwise(self) -> None:
        paar = Geboortedata(date(1990, 5, 17), date(1991, 1, 1), ())
        state = _toegekend(_huishouden(Leefvorm.GEHUWD), paar, ingang=date(2026, 3, 1))
        rekening = leg_rekening_vast(state, LegRekeningVast("x", "verdeeld", True, OP, uitkering_id=UITKERING_ID))
        state = _fold(state, rekening, paar)
        _, events = _betaal(state, date(2026, 3, 1), paar)
        betaling = events[0]
        assert isinstance(betaling, BetalingVerricht)
        # 2,002.13 - 5% VT (100.11) = 1,902.02, half each.
        assert [(o.aan, o.bedrag) for o in betaling.ontvangers] == [
            ("aanvrager", Decimal("951.01")),
            ("partner", Decimal("951.01")),
        ]

    def test_a_suspended_uitkering_is_skipped_and_caught_up_after(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        state = _fold(
            state, schort_op(state, SchortOp("adres", "art. 40 lid 2", OP, uitkering_id=UITKERING_ID)), ALLEEN
        )
        assert betaal(state, Betaal(uuid4(), date(2026, 2, 1), OP)) == []
        state = _fold(state, hervat(state, Hervat("BRP in orde", OP, uitkering_id=UITKERING_ID)), ALLEEN)
        _, events = _betaal(state, date(2026, 2, 1), ALLEEN)
        assert [e.periode for e in events if isinstance(e, BetalingVerricht)] == [date(2026, 1, 1), date(2026, 2, 1)]

    def test_a_voorschot_is_95_percent_and_set_off_against_the_first_month(self) -> None:
        command = _aanvraag(_huishouden(), ALLEEN, melding=date(2026, 3, 2))
        state = _fold(None, dien_aanvraag_in(command, KLANT_FEITEN), ALLEEN)
        with pytest.raises(GeenVoorschot):
            verleen_voorschot(state, _voorschot(date(2026, 3, 1), date(2026, 3, 3)))
        voorschot = verleen_voorschot(state, _voorschot(date(2026, 3, 1), date(2026, 3, 30)))
        state = _fold(state, voorschot, ALLEEN)
        state, events = _betaal(state, date(2026, 3, 1), ALLEEN)
        # Expected netto for March from the 2nd: 1,401.50 x 30/31 = 1,356.29; minus 5% VT = 1,288.48; 95% up.
        assert events[0].bedrag == Decimal("1224.06")  # type: ignore[attr-defined]
        besluit = neem_besluit(state, NeemBesluit(date(2026, 3, 2), "ok", None, OP, "c", uitkering_id=UITKERING_ID))
        state = _fold(state, besluit, ALLEEN)
        _, events = _betaal(state, date(2026, 3, 1), ALLEEN)
        maart = events[0]
        assert isinstance(maart, BetalingVerricht)
        assert maart.voorschot_verrekend == Decimal("1224.06")
        assert maart.netto == maart.berekening.uit_te_betalen - Decimal("1224.06")

    def test_a_voorschot_for_a_month_not_yet_payable_is_refused_with_its_first_day(self) -> None:
        command = _aanvraag(_huishouden(), ALLEEN, melding=date(2026, 3, 2))
        state = _fold(None, dien_aanvraag_in(command, KLANT_FEITEN), ALLEEN)
        with pytest.raises(NogNietBetaalbaar, match="2026-05 kan pas vanaf 2026-04-20"):
            verleen_voorschot(state, _voorschot(date(2026, 5, 1), date(2026, 3, 30)))


def _voorschot(periode: date, vandaag: date) -> VerleenVoorschot:
    return VerleenVoorschot(periode, vandaag, OP, termijnen.eerste_betaaldag(periode, 20), uitkering_id=UITKERING_ID)


class TestBetaaldag:
    def test_a_month_is_payable_from_the_20th_of_the_month_before(self) -> None:
        assert termijnen.eerste_betaaldag(date(2027, 1, 1), 20) == date(2026, 12, 20)
        assert termijnen.eerste_betaaldag(date(2027, 3, 1), 28) == date(2027, 2, 28)

    def test_a_betaalrun_ahead_of_its_first_day_is_refused_and_on_it_starts(self) -> None:
        januari, eerste = date(2027, 1, 1), date(2026, 12, 20)
        with pytest.raises(NogNietBetaalbaar, match="vanaf 2026-12-20"):
            start_betaalrun(uuid4(), "GM0014", januari, OP, date(2026, 12, 19), eerste)
        assert start_betaalrun(uuid4(), "GM0014", januari, OP, eerste, eerste)

    def test_the_day_is_the_dutch_calendar_day(self) -> None:
        # 23:30 UTC on 19 December is 00:30 on the 20th in Amsterdam: the run for January may start.
        assert termijnen.vandaag_in_nederland(datetime(2026, 12, 19, 23, 30, tzinfo=UTC)) == date(2026, 12, 20)


class TestLateFacts:
    def test_income_three_months_back_recalculates_that_month_only(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        state, betaald = _betaal(state, date(2026, 4, 1), ALLEEN)
        januari = betaald[0]
        events = geef_inkomsten_op(state, _inkomsten(date(2026, 1, 1), "600"))
        herberekening = [e for e in events if isinstance(e, HerberekeningVastgesteld)]
        assert len(herberekening) == 1
        h = herberekening[0]
        # 600 net, 25% (150) not counted: 450 counted.
        assert (h.periode, h.eerder_vastgesteld, h.nu_vastgesteld, h.verschil, h.soort) == (
            date(2026, 1, 1),
            Decimal("1401.50"),
            Decimal("951.50"),
            Decimal("-450.00"),
            "te_veel_betaald",
        )
        state = _fold(state, events, ALLEEN)
        assert state.betalingen[date(2026, 1, 1)] == januari  # the payment itself is never rewritten
        assert state.vastgesteld[date(2026, 1, 1)] == Decimal("951.50")

    def test_a_kostendeler_from_two_months_ago_recalculates_both_months(self) -> None:
        state = _toegekend(_huishouden(), ALLEEN, ingang=date(2026, 1, 1))
        state, _ = _betaal(state, date(2026, 3, 1), ALLEEN)
        met_broer = Geboortedata(ALLEEN.aanvrager, None, (date(1985, 1, 1),))
        wijziging = WijzigHuishouden(
            date(2026, 2, 1),
            _huishouden(medebewoners=(MedebewonerStatus.FAMILIE,)),
            met_broer,
            "x",
            "broer",
            OP,
            uitkering_id=UITKERING_ID,
        )
        events = wijzig_huishouden(state, wijziging)
        verschillen = [(e.periode, e.verschil) for e in events if isinstance(e, HerberekeningVastgesteld)]
        assert verschillen == [(date(2026, 2, 1), Decimal("-400.43")), (date(2026, 3, 1), Decimal("-400.43"))]


class TestPlanVanAanpak:
    """Art. 44 lid 4: a toekenning to someone of 18 to 27 has the plan van aanpak as bijlage."""

    def _aangevraagd(self, geboortedata: Geboortedata) -> Uitkering:
        command = _aanvraag(_huishouden(), geboortedata, melding=date(2026, 1, 5))
        return _fold(None, dien_aanvraag_in(command, KLANT_FEITEN), geboortedata)

    def test_under_27_without_a_plan_is_refused_and_with_one_the_besluit_names_its_version(self) -> None:
        jong = Geboortedata(date(2001, 5, 17), None, ())
        state = self._aangevraagd(jong)
        zonder = NeemBesluit(date(2026, 1, 5), "Recht", None, OP, "consulent", uitkering_id=UITKERING_ID)
        with pytest.raises(PlanVanAanpakOntbreekt):
            neem_besluit(state, zonder)
        [besluit] = neem_besluit(state, replace(zonder, plan=PLAN))
        assert isinstance(besluit, BijstandToegekend) and besluit.plan_van_aanpak == PLAN
        assert "Participatiewet art. 44 lid 4: plan van aanpak versie 1 als bijlage" in besluit.grondslagen

    def test_from_27_the_plan_is_not_required(self) -> None:
        state = self._aangevraagd(Geboortedata(date(1998, 1, 5), None, ()))
        command = NeemBesluit(date(2026, 1, 5), "Recht", None, OP, "consulent", uitkering_id=UITKERING_ID)
        [besluit] = neem_besluit(state, command)
        assert isinstance(besluit, BijstandToegekend) and besluit.plan_van_aanpak is None
