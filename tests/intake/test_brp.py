"""Intake's BRP client and the fake BRP, both held to the published specifications (BRP API Personen 2.7.0)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft4Validator, Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from deploy.brp import gba
from deploy.brp.fake import build_app, gepubliceerde_personen
from services.intake import brp
from services.intake.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "deploy" / "brp" / "data"
PERSONEN = "urn:brp-personen"
UPDATE = "urn:brp-update"


@cache
def _registry() -> Registry[Any]:
    personen = yaml.safe_load((DATA / "openapi.yaml").read_text(encoding="utf-8"))
    update = yaml.safe_load((DATA / "update-api-openapi.yaml").read_text(encoding="utf-8"))
    return Registry().with_resources(
        [
            (PERSONEN, Resource.from_contents(personen, default_specification=DRAFT202012)),
            (UPDATE, Resource.from_contents(update, default_specification=DRAFT4)),
        ]
    )


def _fouten(schema: str, instance: Any, *, tekens: bool = True) -> list[str]:
    """Where `instance` breaks the named component schema of the published specification.

    Without `tekens`, a text that breaks only a `pattern` is let through: RvIG's own test persons hold names and
    places the specification's character classes do not allow ('Rente @ 100%', 'a.b. KLM … 7.0° NB', a '/' in
    an omschrijving). The fake serves the data as published; the structure must still be exactly right.
    """
    spec, name = schema.split("#")
    validator_class = Draft202012Validator if spec == PERSONEN else Draft4Validator
    validator = validator_class({"$ref": f"{spec}#/components/schemas/{name}"}, registry=_registry())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
        if tekens or not (e.validator == "pattern" and isinstance(e.instance, str))
    ]


def _client(transport: httpx.AsyncBaseTransport) -> brp.Brp:
    settings = Settings(
        brp_url="http://brp/haalcentraal/api/brp", brp_update_url="http://brp/haalcentraal/api/brpupdate"
    )
    return brp.Brp(settings, transport=transport)


class TestTheClientAsksWhatTheSpecificationAllows:
    def test_the_request_is_a_valid_raadpleeg_met_burgerservicenummer(self) -> None:
        assert _fouten(f"{PERSONEN}#RaadpleegMetBurgerservicenummer", brp.vraag(["999993653", "999990858"])) == []

    def test_twenty_bsns_is_the_most_one_request_may_carry(self) -> None:
        assert _fouten(f"{PERSONEN}#RaadpleegMetBurgerservicenummer", brp.vraag(["999993653"] * 20)) == []
        assert _fouten(f"{PERSONEN}#RaadpleegMetBurgerservicenummer", brp.vraag(["999993653"] * 21)) != []


class TestTheFakeAnswersAsTheSpecificationSays:
    async def test_every_published_test_person_is_served_in_the_published_form(self) -> None:
        """All 1,176 persoonslijsten, unknown and abolished gemeente codes included, validate as answers."""
        app = build_app()
        bsns = sorted(gepubliceerde_personen())
        problemen: list[str] = []
        velden = [
            "burgerservicenummer",
            "naam",
            "geboorte",
            "verblijfplaats",
            "gemeenteVanInschrijving",
            "adressering",
            "partners",
            "kinderen",
            "overlijden",
            "nationaliteiten",
            "verblijfstitel",
            "immigratie",
            "indicatieCurateleRegister",
            "leeftijd",
            "geslacht",
        ]
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://brp") as http:
            for start in range(0, len(bsns), 20):
                vraag = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": bsns[start : start + 20]}
                response = await http.post("/haalcentraal/api/brp/personen", json={**vraag, "fields": velden})
                assert response.status_code == 200, response.text
                antwoord = response.json()
                problemen += _fouten(f"{PERSONEN}#RaadpleegMetBurgerservicenummerResponse", antwoord, tekens=False)
                assert [p["burgerservicenummer"] for p in antwoord["personen"]] == bsns[start : start + 20]
        assert problemen == []

    async def test_the_client_reads_the_fakes_answer_for_rvigs_own_example(self) -> None:
        persoon = (await _client(httpx.ASGITransport(app=build_app())).raadpleeg(["999993653"]))["999993653"]
        assert (persoon.naam, persoon.geboortedatum, persoon.gemeente) == (
            "Suzanne Moulin",
            date(1985, 12, 1),
            "GM0599",
        )
        assert (persoon.straat, persoon.huisnummer, persoon.postcode, persoon.woonplaats) == (
            "Boterdiep",
            "31",
            "3077AW",
            "Rotterdam",
        )

    async def test_an_unknown_bsn_gives_no_person_and_a_deceased_one_is_delivered(self) -> None:
        client = _client(httpx.ASGITransport(app=build_app()))
        personen = await client.raadpleeg(["123456782", "999970239"])
        assert set(personen) == {"999970239"} and personen["999970239"].overleden
        assert personen["999970239"].woont_in() is None  # deceased: lives nowhere

    async def test_someone_abroad_lives_in_no_gemeente(self) -> None:
        persoon = (await _client(httpx.ASGITransport(app=build_app())).raadpleeg(["999993483"]))["999993483"]
        assert persoon.woont_in() is None and persoon.straat is None

    async def test_fields_the_specification_does_not_know_and_automatic_ones_are_a_400(self) -> None:
        app = build_app()
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://brp") as http:
            for fields in (["bestaatNiet"], ["geheimhoudingPersoonsgegevens"], []):
                vraag = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999993653"]}
                response = await http.post("/haalcentraal/api/brp/personen", json={**vraag, "fields": fields})
                assert response.status_code == 400 and response.json()["invalidParams"], fields
                assert _fouten(f"{PERSONEN}#BadRequestFoutbericht", response.json()) == []

    async def test_volgindicaties_and_wijzigingen_follow_the_update_api(self) -> None:
        app = build_app()
        client = _client(httpx.ASGITransport(app=app))
        await client.volg("999993653")
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://brp") as http:
            prefix = "/haalcentraal/api/brpupdate"
            lijst = (await http.get(f"{prefix}/volgindicaties")).json()
            assert _fouten(f"{UPDATE}#VolgindicatieCollectie", lijst) == []
            assert [v["burgerservicenummer"] for v in lijst["volgindicaties"]] == ["999993653"]
            verhuizing = {
                "gemeente": "0014",
                "straat": "Vismarkt",
                "huisnummer": 9,
                "postcode": "9711KR",
                "woonplaats": "Groningen",
            }
            assert (await http.post("/testpersonen/999993653/verhuizing", json=verhuizing)).status_code == 200
            gewijzigd = (await http.get(f"{prefix}/wijzigingen", params={"vanaf": date.today().isoformat()})).json()
            assert _fouten(f"{UPDATE}#GewijzigdePersonenHalCollectie", gewijzigd) == []
        assert await client.wijzigingen(date.today()) == ["999993653"]
        assert (await client.raadpleeg(["999993653"]))["999993653"].woont_in() == "GM0014"


class TestWhatTheFrontOfficeTypedIsACheck:
    PERSOON = brp.BrpPersoon.uit(
        gba.persoon(
            gba.testpersoon(
                {
                    "burgerservicenummer": "999990007",
                    "voornamen": "Jan",
                    "voorvoegsel": "de",
                    "geslachtsnaam": "Vries",
                    "geboortedatum": "1990-05-17",
                    "gemeente": "0014",
                    "straat": "Oude Ebbingestraat",
                    "huisnummer": 12,
                    "postcode": "9712HB",
                    "woonplaats": "Groningen",
                }
            ),
            date(2026, 12, 6),
        )
    )

    @pytest.mark.parametrize("naam", ["Jan de Vries", "J. de Vries", "JAN DE VRIES", "jan de vriés"])
    def test_a_name_ending_in_the_brps_surname_matches(self, naam: str) -> None:
        assert brp.controleer(self.PERSOON, naam, date(1990, 5, 17), "9712HB") == []

    def test_every_field_that_differs_is_named_and_nothing_of_what_the_brp_says(self) -> None:
        with pytest.raises(brp.WijktAfVanBrp) as refused:
            brp.toets(self.PERSOON, "Jan Jansen", date(1990, 5, 18), "9711AA", "GM0014")
        assert set(refused.value.velden) == {"persoon.naam", "persoon.geboortedatum", "persoon.postcode"}
        assert "Vries" not in str(refused.value) and "1990-05-17" not in str(refused.value)

    def test_the_right_person_in_another_gemeente_is_refused_after_the_check(self) -> None:
        with pytest.raises(brp.WoontNietInGemeente):
            brp.toets(self.PERSOON, "Jan de Vries", date(1990, 5, 17), None, "GM0037")
        with pytest.raises(brp.NietInBrp):
            brp.toets(None, "Jan de Vries", date(1990, 5, 17), None, "GM0014")


async def test_production_credentials_fetch_a_client_credentials_token_and_send_it() -> None:
    """RvIG's way in: OAuth2 client credentials with scope and resourceServer, then the bearer on every request."""
    gezien: list[httpx.Request] = []

    def rvig(request: httpx.Request) -> httpx.Response:
        gezien.append(request)
        if request.url.path == "/nidp/oauth/nam/token":
            return httpx.Response(200, json={"access_token": "t0k3n", "token_type": "Bearer", "expires_in": 3600})
        assert request.headers["Authorization"] == "Bearer t0k3n"
        return httpx.Response(200, json={"type": "RaadpleegMetBurgerservicenummer", "personen": []})

    settings = Settings(
        brp_url="https://gateway.example/api/brp",
        brp_token_url="https://auth.example/nidp/oauth/nam/token",
        brp_client_id="gemeente",
        brp_client_secret="geheim",
        brp_scope="000001234-00000001234567890000",
        brp_resource_server="ResourceServer01",
    )
    client = brp.Brp(settings, transport=httpx.MockTransport(rvig))
    assert await client.raadpleeg(["999993653"]) == {}
    assert await client.raadpleeg(["999993653"]) == {}  # the token is reused while it is valid
    token, *vragen = gezien
    form = dict(item.split("=") for item in token.content.decode().split("&"))
    assert form["grant_type"] == "client_credentials" and form["resourceServer"] == "ResourceServer01"
    assert form["scope"] == "000001234-00000001234567890000"
    assert [v.url.path for v in vragen] == ["/api/brp/personen", "/api/brp/personen"]
