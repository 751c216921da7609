"""Beschut werk's rules without servers: UWV's 8 weeks, the college following the advies, the job within the
indicatie; and the fake UWV answering as the Besluit advisering beschut werk fixes it (art. 3 lid 4, 6)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import httpx
import pytest

from deploy.uwv.fake import REDEN_HERHALING, Register, build_app
from libs.events.contracts.trajecten import Adviesaanvrager, AdviesBeschutWerkUitgebracht
from libs.events.errors import Conflict
from services.trajecten.beschut import domain
from services.trajecten.beschut.uwv import Advies

OP = datetime(2026, 3, 2, 9, tzinfo=UTC)
DAG = date(2026, 3, 2)


def _aangevraagd() -> domain.BeschutWerk:
    command = domain.VraagAdviesAan(uuid4(), uuid4(), "999993653", Adviesaanvrager.COLLEGE, "Diagnose", False, DAG, OP)
    [event] = domain.vraag_aan(command, "GM0014")
    state = domain.evolve(None, event)
    assert state is not None
    return state


def _met(state: domain.BeschutWerk, events: list[object]) -> domain.BeschutWerk:
    for event in events:
        state = domain.evolve(state, event)  # type: ignore[arg-type,assignment]
    return state


class TestAdvies:
    def test_uwv_has_eight_weeks_and_an_advies_after_them_is_noted_as_late(self) -> None:
        state = _aangevraagd()
        assert state.aanvraag.uiterlijk == date(2026, 4, 27)
        te_laat = domain.NeemAdviesOp(Advies(True, ("x",), date(2026, 4, 28)), OP, aanvraag_id=state.aanvraag_id)
        [event] = domain.neem_advies_op(state, te_laat)
        assert isinstance(event, AdviesBeschutWerkUitgebracht) and event.binnen_termijn is False
        assert domain.neem_advies_op(_met(state, [event]), te_laat) == []  # an advies is recorded once

    def test_the_college_decides_after_the_advies_and_follows_it_unless_it_says_why_not(self) -> None:
        state = _aangevraagd()
        besluit = domain.StelBeschutWerkVast(
            True, DAG, None, "Volgens het advies", None, OP, aanvraag_id=state.aanvraag_id
        )
        with pytest.raises(domain.NogGeenAdvies):
            domain.stel_vast(state, besluit)
        advies = domain.NeemAdviesOp(Advies(False, ("x",), DAG), OP, aanvraag_id=state.aanvraag_id)
        state = _met(state, domain.neem_advies_op(state, advies))
        with pytest.raises(domain.OngeldigBeschutWerk) as fout:
            domain.stel_vast(state, besluit)
        assert set(fout.value.velden) == {"afwijking"}
        afwijkend = domain.StelBeschutWerkVast(
            True, DAG, None, "Toch aangewezen", "Het advies woog de begeleiding niet", OP, aanvraag_id=state.aanvraag_id
        )
        [vastgesteld] = domain.stel_vast(state, afwijkend)
        assert vastgesteld.afwijking == "Het advies woog de begeleiding niet"  # type: ignore[attr-defined]
        assert vastgesteld.doelgroepregister_tot == DAG  # type: ignore[attr-defined]

    def test_a_job_needs_the_indicatie_and_starts_within_it(self) -> None:
        state = _aangevraagd()
        baan = domain.StartDienstbetrekking(uuid4(), "iederz", DAG, 32, None, None, OP, aanvraag_id=state.aanvraag_id)
        with pytest.raises(domain.NietAangewezen):
            domain.start_dienstbetrekking(state, baan)
        state = _met(
            state,
            domain.neem_advies_op(state, domain.NeemAdviesOp(Advies(True, (), DAG), OP, aanvraag_id=state.aanvraag_id)),
        )
        van = date(2026, 4, 1)
        state = _met(
            state,
            domain.stel_vast(
                state, domain.StelBeschutWerkVast(True, van, None, "Ja", None, OP, aanvraag_id=state.aanvraag_id)
            ),
        )
        with pytest.raises(domain.OngeldigBeschutWerk):
            domain.start_dienstbetrekking(state, baan)
        state = _met(
            state,
            domain.start_dienstbetrekking(
                state,
                domain.StartDienstbetrekking(uuid4(), "iederz", van, 32, None, None, OP, aanvraag_id=state.aanvraag_id),
            ),
        )
        with pytest.raises(Conflict):
            domain.start_dienstbetrekking(state, baan)


async def test_the_fake_uwv_gives_the_fixed_no_to_a_persons_own_repeat_within_twelve_months() -> None:
    register = Register(beoordelingen={"999993653": True})
    transport = httpx.ASGITransport(app=build_app(register))
    async with httpx.AsyncClient(transport=transport, base_url="http://uwv") as uwv:

        async def vraag(kenmerk: str, door: str, dag: str, nieuw: bool = False) -> dict[str, object]:
            body = {
                "kenmerk": kenmerk,
                "bsn": "999993653",
                "gemeente": "GM0014",
                "aangevraagdDoor": door,
                "nieuweFeiten": nieuw,
                "ontvangenOp": dag,
            }
            assert (await uwv.post("/beschut-werk/adviesaanvragen", json=body)).status_code == 202
            antwoord: dict[str, object] = (await uwv.get(f"/beschut-werk/adviesaanvragen/{kenmerk}")).json()["advies"]
            return antwoord

        assert (await vraag("a", "college", "2025-03-01"))["aangewezen"] is True
        herhaald = await vraag("b", "persoon", "2025-09-01")
        assert (herhaald["aangewezen"], herhaald["redenen"]) == (False, [REDEN_HERHALING])
        assert (await vraag("c", "persoon", "2025-10-01", nieuw=True))["aangewezen"] is True  # new facts: assessed
        assert (await vraag("d", "persoon", "2026-11-01"))["aangewezen"] is True  # over 12 months later
        assert (await uwv.get("/beschut-werk/adviesaanvragen/onbekend")).status_code == 404
