"""Intake journeys from the policy documents, each across HTTP and the published events."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from libs.events.contracts.intake import TOPIC
from tests.support import feit, inwoner, token, wait_for

from .conftest import Platform, published

TOEGANG_0014 = token(["toegang"], ["GM0014"], sub="kcc-medewerker")
TOEGANG_0037 = token(["toegang"], ["GM0037"], sub="wijkteam-0037")
KLANTMANAGER = token(["klantmanager"], ["GM0014", "GM0037"], sub="klantmanager-regio")
MATCHER = token(["matcher"], ["GM0014", "GM0037"], sub="matcher")
TRACE, CALLER_SPAN = "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"
GOED = {
    "financien": 4,
    "gezondheid": 4,
    "huisvesting": 5,
    "sociaal_netwerk": 4,
    "dagbesteding": 4,
    "taal": 5,
    "vervoer": 4,
    "kinderopvang": None,
}


def _aanmelding(
    bsn: str,
    *,
    gemeente: str = "GM0014",
    kanaal: str = "kcc",
    hulpvraag: str = "beide",
    geboren: str = "1985-03-14",
    ref: str | None = None,
    brp: bool = True,
) -> dict[str, Any]:
    """An aanmelding body; with `brp` the person also lives in `gemeente` in the fake BRP from now on."""
    if brp:
        inwoner(bsn, "Sanne Bakker", geboren, gemeente, "9712CP")
    return {
        "gemeente": gemeente,
        "kanaal": kanaal,
        "hulpvraag": hulpvraag,
        "kanaalReferentie": ref,
        "persoon": {
            "bsn": bsn,
            "naam": "Sanne Bakker",
            "geboortedatum": geboren,
            "postcode": "9712 CP",
            "telefoon": "06 1234 5678",
            "email": "sanne@example.nl",
        },
    }


# The status convention (docs/api.md): 201 when a POST creates a resource with its own id, else 200.
_CREATES = ("aanmeldingen", "overdrachten", "werkgevers", "vacatures", "voorstellen", "social-return")


async def _post(
    client: httpx.AsyncClient, path: str, body: dict[str, Any] | None, headers: dict[str, str], status: int = 0
) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    expected = status or (201 if path.rstrip("/").rsplit("/", 1)[-1] in _CREATES else 200)
    assert response.status_code == expected, response.text
    result: dict[str, Any] = response.json()
    return result


async def _intake_tot_diagnose(
    intake: httpx.AsyncClient, bsn: str, scores: dict[str, int | None], kan_direct_werken: bool, **aanmelding: Any
) -> dict[str, Any]:
    """Aanmelding, screening, proposal and the klantmanager confirming it."""
    created = await _post(intake, "/api/v1/aanmeldingen", _aanmelding(bsn, **aanmelding), TOEGANG_0014)
    base = f"/api/v1/aanmeldingen/{created['id']}"
    await _post(intake, f"{base}/screening", {"scores": scores}, TOEGANG_0014)
    proposed = await _post(intake, f"{base}/diagnosevoorstel", {"kanDirectWerken": kan_direct_werken}, TOEGANG_0014)
    voorstel = proposed["voorstel"]
    return await _post(
        intake,
        f"{base}/diagnose",
        {"route": voorstel["route"], "uitkeringNodig": voorstel["uitkeringNodig"]},
        KLANTMANAGER,
    )


async def _events_for(platform: Platform, subject: str, until: Any) -> list[dict[str, Any]]:
    """The klant's published events, once `until(types)` holds for their types."""

    async def check() -> list[dict[str, Any]] | None:
        events = [e for e in await published(platform.broker.bootstrap_servers, TOPIC) if e["subject"] == subject]
        return events if until([feit(e) for e in events]) else None

    result: list[dict[str, Any]] = await wait_for(check, timeout=30, interval=0.2, what=f"events of {subject}")
    return result


async def _werklijst(intake: httpx.AsyncClient, lijst: str, headers: dict[str, str], **params: Any) -> list[Any]:
    response = await intake.get(f"/api/v1/werklijsten/{lijst}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


async def test_kcc_aanmelding_ends_with_the_regional_team(platform: Platform) -> None:
    async with platform.up() as (intake, matching):
        diagnosed = await _intake_tot_diagnose(intake, "111222333", GOED, kan_direct_werken=False)
        assert diagnosed["route"] == "ontwikkeling" and diagnosed["voorstelGevolgd"] is True
        klant_id = diagnosed["klantId"]
        assert (await intake.get(f"/api/v1/klanten/{klant_id}", headers=TOEGANG_0014)).json()[
            "verantwoordelijkTeam"
        ] == "lokaal:GM0014"

        offer = await _post(
            intake,
            f"/api/v1/klanten/{klant_id}/overdrachten",
            {"naar": "regionaal", "vervolgstap": "Intake Werkplein", "contactpersoon": "KCC, 14 050"},
            TOEGANG_0014,
        )
        assert offer["richting"] == "lokaal_naar_regionaal" and offer["route"] == "ontwikkeling"
        assert offer["meervoudigeProblematiek"] is False and offer["reagerenVoor"] > date.today().isoformat()
        pending = await _werklijst(intake, "openstaande-overdrachten", KLANTMANAGER, team="regionaal")
        assert [p["id"] for p in pending] == [offer["overdrachtId"]] and pending[0]["leeftijdDagen"] == 0

        # The sending team cannot accept its own offer; the regional klantmanager can.
        await _post(
            intake,
            f"/api/v1/klanten/{klant_id}/overdrachten/{offer['overdrachtId']}/acceptatie",
            None,
            TOEGANG_0014,
            status=403,
        )
        accepted = await _post(
            intake, f"/api/v1/klanten/{klant_id}/overdrachten/{offer['overdrachtId']}/acceptatie", None, KLANTMANAGER
        )
        assert accepted["verantwoordelijkTeam"] == "regionaal" and accepted["overdracht"] is None
        assert await _werklijst(intake, "openstaande-overdrachten", KLANTMANAGER, team="regionaal") == []

        events = await _events_for(platform, klant_id, lambda t: "OverdrachtGeaccepteerd" in t)
        assert [feit(e) for e in events if feit(e).startswith("Overdracht")] == [
            "OverdrachtAangeboden",
            "OverdrachtGeaccepteerd",
        ]

        async def in_pool() -> bool:
            page = (await matching.get("/api/v1/kandidaten", headers=MATCHER)).json()
            return klant_id in {k["klantId"] for k in page["items"]}

        await wait_for(in_pool, what="the klant in the regional pool")


async def test_keukentafelgesprek_with_meervoudige_problematiek_stays_local_in_participatie(
    platform: Platform,
) -> None:
    scores = {**GOED, "financien": 2, "gezondheid": 1, "huisvesting": 2}
    async with platform.up() as (intake, _):
        diagnosed = await _intake_tot_diagnose(
            intake, "123456782", scores, kan_direct_werken=True, kanaal="keukentafelgesprek"
        )
        assert diagnosed["route"] == "participatie" and diagnosed["urgentie"] == "hoog"
        assert diagnosed["screening"] == {
            "instrumentVersie": "leefgebieden-2026.1",
            "meervoudigeProblematiek": True,
            "aantalProbleemgebieden": 3,
        }
        assert diagnosed["voorstel"]["redenen"][0].startswith("R1")
        klant_id = diagnosed["klantId"]
        klant = (await intake.get(f"/api/v1/klanten/{klant_id}", headers=TOEGANG_0014)).json()
        assert klant["verantwoordelijkTeam"] == "lokaal:GM0014" and klant["overdracht"] is None

        events = await _events_for(platform, klant_id, lambda t: "DiagnoseVastgesteld" in t)
        screening = next(e for e in events if feit(e) == "LeefgebiedenGescreend")
        assert screening["data"]["meervoudige_problematiek"] is True
        # Health and other scores travel only encrypted; personal data never in plain text.
        raw = str(events)
        assert '"gezondheid": 1' not in raw and "gezondheid" not in screening["data"]
        assert "123456782" not in raw and "Sanne" not in raw
        assert not any(feit(e).startswith("Overdracht") for e in events)


async def test_regional_refusal_returns_the_klant_and_terugverwijzing_reaches_the_local_team(
    platform: Platform,
) -> None:
    async with platform.up() as (intake, _):
        diagnosed = await _intake_tot_diagnose(intake, "100000009", GOED, kan_direct_werken=False)
        klant_id = diagnosed["klantId"]
        offer = await _post(
            intake,
            f"/api/v1/klanten/{klant_id}/overdrachten",
            {"naar": "regionaal", "vervolgstap": "Leerwerktraject", "contactpersoon": "wijkteam Oost"},
            TOEGANG_0014,
        )
        await _post(
            intake,
            f"/api/v1/klanten/{klant_id}/overdrachten/{offer['overdrachtId']}/weigering",
            {"reden": "Eerst schulden stabiliseren"},
            TOEGANG_0014,
            status=403,
        )
        refused = await _post(
            intake,
            f"/api/v1/klanten/{klant_id}/overdrachten/{offer['overdrachtId']}/weigering",
            {"reden": "Eerst schulden stabiliseren"},
            KLANTMANAGER,
        )
        assert refused["verantwoordelijkTeam"] == "lokaal:GM0014" and refused["overdracht"] is None
        await _events_for(platform, klant_id, lambda t: "OverdrachtGeweigerd" in t)

        # A klant registered at the Werkplein is the regional team's; it refers back to the woongemeente.
        werkplein = await _post(
            intake, "/api/v1/aanmeldingen", _aanmelding("100000010", kanaal="werkplein"), KLANTMANAGER
        )
        other = werkplein["klantId"]
        assert (await intake.get(f"/api/v1/klanten/{other}", headers=KLANTMANAGER)).json()[
            "verantwoordelijkTeam"
        ] == "regionaal"
        terug = await _post(
            intake,
            f"/api/v1/klanten/{other}/overdrachten",
            {"naar": "lokaal", "vervolgstap": "Maatschappelijke participatie", "contactpersoon": "KM"},
            KLANTMANAGER,
        )
        assert terug["richting"] == "regionaal_naar_lokaal" and terug["naarTeam"] == "lokaal:GM0014"
        await _post(
            intake,
            f"/api/v1/klanten/{other}/overdrachten/{terug['overdrachtId']}/acceptatie",
            None,
            TOEGANG_0037,
            status=404,
        )
        accepted = await _post(
            intake, f"/api/v1/klanten/{other}/overdrachten/{terug['overdrachtId']}/acceptatie", None, TOEGANG_0014
        )
        assert accepted["verantwoordelijkTeam"] == "lokaal:GM0014"


async def test_expired_e_dienstverlening_moves_the_klant_to_the_regional_team_once(platform: Platform) -> None:
    async with platform.up() as (intake, _):
        diagnosed = await _intake_tot_diagnose(intake, "100000022", GOED, kan_direct_werken=True, hulpvraag="werk")
        assert diagnosed["route"] == "werk"
        klant_id = diagnosed["klantId"]
        klant = (await intake.get(f"/api/v1/klanten/{klant_id}", headers=TOEGANG_0014)).json()
        einde = date.fromisoformat(klant["eDienstverleningTot"])
        assert einde == date.today() + relativedelta(months=3)

        scheduler = platform.scheduler()
        assert await scheduler.fire_due(einde - timedelta(days=1)) == 0
        assert await scheduler.fire_due(einde) == 1
        assert await scheduler.fire_due(einde + timedelta(days=30)) == 0
        klant = (await intake.get(f"/api/v1/klanten/{klant_id}", headers=KLANTMANAGER)).json()
        assert klant["verantwoordelijkTeam"] == "regionaal" and klant["eDienstverleningTot"] is None
        escalaties = await _werklijst(intake, "escalaties", KLANTMANAGER, team="regionaal")
        assert [(e["soort"], e["klantId"]) for e in escalaties] == [("e_dienstverlening_verlopen", klant_id)]

    # After a restart the timer is still fired: nothing happens twice.
    async with platform.up() as (intake, _):
        assert await platform.scheduler().fire_due(einde + timedelta(days=60)) == 0
    events = await _events_for(platform, klant_id, lambda t: "EDienstverleningVerlopen" in t)
    assert [feit(e) for e in events].count("EDienstverleningVerlopen") == 1


async def test_overdue_overdracht_escalates_and_shows_on_the_worklists(platform: Platform) -> None:
    async with platform.up() as (intake, _):
        diagnosed = await _intake_tot_diagnose(intake, "100000034", GOED, kan_direct_werken=False)
        klant_id = diagnosed["klantId"]
        offer = await _post(
            intake,
            f"/api/v1/klanten/{klant_id}/overdrachten",
            {"naar": "regionaal", "vervolgstap": "Intake", "contactpersoon": "KCC"},
            TOEGANG_0014,
        )
        deadline = date.fromisoformat(offer["reagerenVoor"])
        assert await platform.scheduler().fire_due(deadline) == 0
        assert await platform.scheduler().fire_due(deadline + timedelta(days=1)) == 1
        escalaties = await _werklijst(intake, "escalaties", KLANTMANAGER, team="regionaal")
        assert [e["soort"] for e in escalaties] == ["overdracht_verlopen"]
        pending = await _werklijst(intake, "openstaande-overdrachten", KLANTMANAGER)
        assert pending[0]["verlopen"] is True
        # Still answerable; answering closes the escalation.
        await _post(
            intake, f"/api/v1/klanten/{klant_id}/overdrachten/{offer['overdrachtId']}/acceptatie", None, KLANTMANAGER
        )
        assert await _werklijst(intake, "escalaties", KLANTMANAGER) == []
        await _events_for(platform, klant_id, lambda t: "OverdrachtVerlopen" in t and "OverdrachtGeaccepteerd" in t)


async def test_jongere_under_27_asking_income_starts_the_zoektermijn(platform: Platform) -> None:
    geboren = date.today() - relativedelta(years=22)
    async with platform.up() as (intake, _):
        created = await _post(
            intake,
            "/api/v1/aanmeldingen",
            _aanmelding("100000046", hulpvraag="inkomen", geboren=geboren.isoformat()),
            TOEGANG_0014,
        )
        assert created["zoektermijnTot"] == (date.today() + timedelta(weeks=4)).isoformat()
        events = await _events_for(platform, created["klantId"], lambda t: "ZoektermijnGestart" in t)
        zoektermijn = next(e for e in events if feit(e) == "ZoektermijnGestart")
        assert zoektermijn["data"]["einddatum"] == created["zoektermijnTot"]

        # With a partner of 27 or older not every applicant is under 27: no zoektermijn, and why is recorded.
        met_partner = await _post(
            intake,
            "/api/v1/aanmeldingen",
            {
                **_aanmelding("100000071", hulpvraag="inkomen", geboren=geboren.isoformat()),
                "partnerGeboortedatum": (date.today() - relativedelta(years=31)).isoformat(),
            },
            TOEGANG_0014,
        )
        assert met_partner["zoektermijnTot"] is None
        assert met_partner["zoektermijnNietVanToepassing"] == "partner_27_plus"

        # The college may let the aanvraag in earlier (art. 41 lid 11), with a motivation.
        pad = f"/api/v1/aanmeldingen/{created['id']}/zoektermijn/inkorting"
        eerder = (date.today() + timedelta(days=3)).isoformat()
        ingekort = await _post(intake, pad, {"per": eerder, "motivatie": "Dakloos geraakt"}, KLANTMANAGER)
        assert ingekort["zoektermijnTot"] == eerder
        # The front office sees it on its worklist: until when the aanvraag waits.
        open_ = {i["id"]: i for i in await _werklijst(intake, "open-aanmeldingen", TOEGANG_0014)}
        assert open_[created["id"]]["zoektermijnTot"] == eerder and open_[met_partner["id"]]["zoektermijnTot"] is None


async def test_duplicate_bsn_from_a_second_gemeente_links_to_the_same_klant(platform: Platform) -> None:
    async with platform.up() as (intake, _):
        first = await _post(intake, "/api/v1/aanmeldingen", _aanmelding("100000058"), TOEGANG_0014)
        second = await _post(intake, "/api/v1/aanmeldingen", _aanmelding("100000058", gemeente="GM0037"), TOEGANG_0037)
        assert second["klantId"] == first["klantId"] and second["klantBestondAl"] is False  # as for an unknown BSN
        assert second["id"] != first["id"]
        events = await _events_for(
            platform, first["klantId"], lambda t: t.count("AanmeldingOntvangen") == 2 and "KlantVerhuisd" in t
        )
        assert [feit(e) for e in events].count("KlantGeregistreerd") == 1
        verhuisd = next(e for e in events if feit(e) == "KlantVerhuisd")
        assert (verhuisd["data"]["van_gemeente"], verhuisd["data"]["naar_gemeente"]) == ("GM0014", "GM0037")


async def test_persoonsgegevens_need_a_role_and_a_purpose_and_every_access_is_logged(platform: Platform) -> None:
    async with platform.up() as (intake, _):
        created = await _post(intake, "/api/v1/aanmeldingen", _aanmelding("111222333", ref="KCC-77"), TOEGANG_0014)
        klant_id = created["klantId"]
        path = f"/api/v1/klanten/{klant_id}/persoonsgegevens"
        assert (await intake.get(path, params={"doel": "bemiddeling"}, headers=MATCHER)).status_code == 403
        assert (await intake.get(path, headers=TOEGANG_0014)).status_code == 400
        assert (await intake.get(path, params={"doel": "intake"}, headers=TOEGANG_0037)).status_code == 404
        read = await intake.get(
            path, params={"doel": "overdracht"}, headers={**TOEGANG_0014, "X-Correlation-ID": "trace-persoon-1"}
        )
        assert read.status_code == 200 and read.json()["bsn"] == "111222333" and read.json()["postcode"] == "9712CP"

        correctie_body = {"postcode": "9711 AB", "reden": "Verhuisd per 1 nov"}
        met_sleutel = {**TOEGANG_0014, "Idempotency-Key": "correctie-1", "X-Correlation-ID": "trace-herhaling"}
        corrected = (await intake.post(f"{path}/correcties", json=correctie_body, headers=met_sleutel)).json()
        assert corrected["postcode"] == "9711AB"
        # A retry hands out the same personal data again: it is logged as an access, like any other.
        again = await intake.post(f"{path}/correcties", json=correctie_body, headers=met_sleutel)
        assert again.headers["Idempotency-Replayed"] == "true" and again.json() == corrected
        events = await _events_for(platform, klant_id, lambda t: "PersoonsgegevensGecorrigeerd" in t)
        correctie = next(e for e in events if feit(e) == "PersoonsgegevensGecorrigeerd")
        assert correctie["data"]["velden"] == ["postcode"] and "9711AB" not in str(correctie)

        found = await intake.get(
            "/api/v1/aanmeldingen", params={"kanaal": "kcc", "kanaalReferentie": "KCC-77"}, headers=TOEGANG_0014
        )
        assert [a["id"] for a in found.json()] == [created["id"]]
        hidden = await intake.get(
            "/api/v1/aanmeldingen", params={"kanaal": "kcc", "kanaalReferentie": "KCC-77"}, headers=TOEGANG_0037
        )
        assert hidden.json() == []

        # A traced read: the LDV record carries the caller's trace id and its own span, child of the caller's.
        traced = await intake.get(
            path, params={"doel": "intake"}, headers={**TOEGANG_0014, "traceparent": f"00-{TRACE}-{CALLER_SPAN}-01"}
        )
        assert traced.status_code == 200
        _, _, server_span, _ = traced.headers["traceparent"].split("-")

        # AVG art. 15: what was done with the klant's data, when, why and on what basis; never who.
        inzage = await intake.get(f"/api/v1/klanten/{klant_id}/verwerkingen", headers=TOEGANG_0014)
        assert inzage.status_code == 200, inzage.text
        items = inzage.json()["items"]
        assert set(items[0]) == {"verwerkingId", "tijdstip", "verwerkingsactiviteit", "naam", "doel", "grondslag"}
        assert "kcc-medewerker" not in inzage.text and "AVG art. 15" not in inzage.text
        refused = await intake.get(f"/api/v1/klanten/{klant_id}/verwerkingen", headers=TOEGANG_0037)
        assert refused.status_code == 404

    engine = create_async_engine(platform.intake_settings.database_url)
    async with engine.connect() as conn:
        log = (
            await conn.execute(
                text(
                    "SELECT a.actor, v.processing_activity_id, v.status_code, a.correlation_id, v.trace_id, "
                    "v.span_id, v.parent_span_id FROM ldv_verwerkingen v JOIN ldv_audit a USING (audit_id) "
                    "WHERE v.data_subject_id = :k AND v.data_subject_id_type = 'klant_id' ORDER BY v.start_time"
                ),
                {"k": klant_id},
            )
        ).all()
    await engine.dispose()
    assert [(r[0], r[1], r[2]) for r in log] == [
        ("kcc-medewerker", "intake-brp-raadplegen", 1),  # name, birth date and address from the BRP
        ("kcc-medewerker", "intake-aanmelding-registreren", 1),
        ("matcher", "intake-persoonsgegevens-raadplegen-bemiddeling", 0),  # no role: refused, and logged
        ("wijkteam-0037", "intake-persoonsgegevens-raadplegen-intake", 0),  # not this gemeente's klant
        ("kcc-medewerker", "intake-persoonsgegevens-raadplegen-overdracht", 1),
        ("kcc-medewerker", "intake-persoonsgegevens-corrigeren", 1),
        ("kcc-medewerker", "intake-persoonsgegevens-corrigeren", 1),  # the replay hands the data out again
        ("kcc-medewerker", "intake-persoonsgegevens-raadplegen-intake", 1),
        ("kcc-medewerker", "inzage-verwerkingen", 1),
        ("wijkteam-0037", "inzage-verwerkingen", 0),
    ]
    assert log[4][3] == "trace-persoon-1" and log[5][3] == log[6][3] == "trace-herhaling"
    assert log[7][4:] == (TRACE, server_span, CALLER_SPAN)
    assert [i["verwerkingsactiviteit"] for i in items] == [r[1] for r in log[:8]]  # before this inzage itself


async def test_worklists_are_scoped_to_the_callers_gemeenten(platform: Platform) -> None:
    async with platform.up() as (intake, _):
        for bsn in ("111222333", "123456782", "100000009"):
            await _post(intake, "/api/v1/aanmeldingen", _aanmelding(bsn), TOEGANG_0014)
        await _post(intake, "/api/v1/aanmeldingen", _aanmelding("100000010", gemeente="GM0037"), TOEGANG_0037)
        mine = await _werklijst(intake, "open-aanmeldingen", TOEGANG_0014, limit=2)
        assert len(mine) == 2 and {i["gemeente"] for i in mine} == {"GM0014"}
        first = await intake.get("/api/v1/werklijsten/open-aanmeldingen", params={"limit": 2}, headers=TOEGANG_0014)
        rest = await intake.get(
            "/api/v1/werklijsten/open-aanmeldingen",
            params={"limit": 2, "cursor": first.json()["nextCursor"]},
            headers=TOEGANG_0014,
        )
        assert len(rest.json()["items"]) == 1 and rest.json()["nextCursor"] is None
        assert [i["gemeente"] for i in await _werklijst(intake, "open-aanmeldingen", TOEGANG_0037)] == ["GM0037"]
        both = await _werklijst(intake, "open-aanmeldingen", KLANTMANAGER)
        assert len(both) == 4


async def test_intake_read_models_rebuild_identically_from_the_event_store(platform: Platform) -> None:
    from libs.events.replay import rebuild_from_store
    from libs.events.runtime import Runtime
    from services.intake.app import DEFINITION
    from services.intake.projections import IntakeProjection

    async with platform.up() as (intake, _):
        diagnosed = await _intake_tot_diagnose(intake, "111222333", GOED, kan_direct_werken=False)
        offer = await _post(
            intake,
            f"/api/v1/klanten/{diagnosed['klantId']}/overdrachten",
            {"naar": "regionaal", "vervolgstap": "Intake", "contactpersoon": "KCC"},
            TOEGANG_0014,
        )
        await platform.scheduler().fire_due(date.fromisoformat(offer["reagerenVoor"]) + timedelta(days=1))
        await _intake_tot_diagnose(intake, "123456782", {**GOED, "financien": 1, "taal": 2}, kan_direct_werken=True)
        await _post(intake, "/api/v1/aanmeldingen", _aanmelding("100000009", gemeente="GM0037"), TOEGANG_0037)

    async def snapshot() -> dict[str, list[tuple[Any, ...]]]:
        engine = create_async_engine(platform.intake_settings.database_url)
        try:
            async with engine.connect() as conn:
                return {
                    t: [tuple(r) for r in await conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
                    for t in IntakeProjection.tables
                    if t != "timers"
                }
        finally:
            await engine.dispose()

    before = await snapshot()
    assert all(rows for t, rows in before.items() if t != "wisverzoeken")  # nobody asked to erase
    runtime = Runtime(DEFINITION, platform.intake_settings)
    try:
        assert await rebuild_from_store(runtime) > 0
    finally:
        await runtime.engine.dispose()
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("vandaag", "reageren_voor"),
    [
        (date(2027, 3, 24), "2027-04-02"),  # over Goede Vrijdag and tweede Paasdag
        (date(2027, 5, 3), "2027-05-12"),  # over 5 mei (not a lustrum year) and Hemelvaartsdag
    ],
)
async def test_the_overdracht_term_counts_working_days_as_the_algemene_termijnenwet_does(
    platform: Platform, vandaag: date, reageren_voor: str
) -> None:
    platform.intake_settings = platform.intake_settings.model_copy(update={"vandaag": vandaag})
    async with platform.up() as (intake, _):
        created = await _post(intake, "/api/v1/aanmeldingen", _aanmelding("100000083"), TOEGANG_0014)
        overdracht = {"naar": "regionaal", "vervolgstap": "Werkplein", "contactpersoon": "KCC"}
        aangeboden = await _post(intake, f"/api/v1/klanten/{created['klantId']}/overdrachten", overdracht, TOEGANG_0014)
        assert aangeboden["reagerenVoor"] == reageren_voor  # 5 working days
