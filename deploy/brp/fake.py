"""A local stand-in for the BRP: BRP API Personen 2.7.0 and the BRP Update API, from the published test persons.

The real BRP cannot be reached from here (Diginetwerk, PKIoverheid, an autorisatiebesluit); this serves the
same interface from RvIG's test persons (`data/testdata.json`, converted by `gba.py`) so intake and its tests
run against what production answers. `make run` starts it on port 8010; production points intake's
`BRP_URL` and `BRP_UPDATE_URL` at the real APIs.

- `POST /haalcentraal/api/brp/personen`: RaadpleegMetBurgerservicenummer with `fields` and the optional
  `gemeenteVanInschrijving`, as the specification describes (unknown field: 400; an unknown BSN: no persons;
  deceased persons are delivered; a persoonslijst suspended as `F` or `W` is not). The zoek types answer 400.
- `/haalcentraal/api/brpupdate`: `PUT`/`GET /volgindicaties/{bsn}`, `GET /volgindicaties`, `GET /wijzigingen`.
- For load benchmarks only (`BRP_SYNTHETISCH_GEMEENTEN`, never set by `make run` or the tests): every BSN that
  passes the elfproef and is not in the data answers as a resident "Load Test", born 1984-06-01, postcode
  9712CP, of one of the named gemeenten chosen by the BSN (`synthetische_gemeente`), so a benchmark can send
  100,000 people without loading them first.
- Not in any specification, for tests and the README only: `POST /testpersonen` adds residents (also read at
  start from every file in `BRP_TESTPERSONEN`, comma separated) and `POST /testpersonen/{bsn}/verhuizing`
  moves one, recorded as a wijziging for whoever follows that person.

Every request is written to the log as the protocol record a gemeente keeps: who asked, which BSNs were
returned and which fields.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import uvicorn
import yaml
from fastapi import Body, FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse
from stdnum.nl import bsn as stdnum_bsn

from libs.events.observability import configure_logging, get_logger

from . import gba

DATA = Path(__file__).with_name("data")
PERSONEN_PATH = "/haalcentraal/api/brp/personen"
UPDATE_PREFIX = "/haalcentraal/api/brpupdate"
# Delivered whenever present, and a 400 when asked for (BRP API Personen, "automatisch geleverde velden").
AUTOMATISCH = ("inOnderzoek", "geheimhoudingPersoonsgegevens", "opschortingBijhouding", "rni", "verificatie")
BINNENLAND = {"verblijfplaatsBinnenland": "verblijfplaats", "adresseringBinnenland": "adressering"}
NIET_GELEVERD = {"F", "W"}  # opschorting fout or gewist: the persoonslijst is not delivered at all
PROBLEM = "application/problem+json"

log = get_logger("brp")


@cache
def persoon_velden() -> frozenset[str]:
    """The top-level fields of `Persoon` in the published specification."""
    spec = yaml.safe_load((DATA / "openapi.yaml").read_text(encoding="utf-8"))
    return frozenset(spec["components"]["schemas"]["Persoon"]["properties"])


@cache
def gepubliceerde_personen() -> dict[str, dict[str, Any]]:
    """RvIG's test persons in GBA form, by BSN."""
    records = json.loads((DATA / "testdata.json").read_text(encoding="utf-8"))
    return {r["burgerservicenummer"]: r for r in records}


@dataclass
class Register:
    """The fake's state: persoonslijsten, volgindicaties and the dates persons changed."""

    personen: dict[str, dict[str, Any]] = field(default_factory=dict)
    volgindicaties: dict[str, dict[str, str]] = field(default_factory=dict)
    gewijzigd: dict[str, date] = field(default_factory=dict)
    vandaag: date | None = None
    synthetisch: tuple[str, ...] = ()

    def persoonslijst(self, bsn: str) -> dict[str, Any] | None:
        """The persoonslijst of a BSN; in the benchmarks' synthetic mode, a made-up resident for any valid one."""
        record = self.personen.get(bsn)
        if record is None and self.synthetisch and stdnum_bsn.is_valid(bsn):
            gemeente = synthetische_gemeente(bsn, self.synthetisch).removeprefix("GM")
            record = gba.testpersoon(
                {
                    "burgerservicenummer": bsn,
                    "voornamen": "Load",
                    "geslachtsnaam": "Test",
                    "geboortedatum": "1984-06-01",
                    "gemeente": gemeente,
                    "straat": "Teststraat",
                    "huisnummer": 1,
                    "postcode": "9712CP",
                    "woonplaats": gemeente,
                }
            )
        return record

    def dag(self) -> date:
        """Today, or the day a test fixed."""
        return self.vandaag or date.today()


def _probleem(status: int, title: str, detail: str, instance: str, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.{1 if status == 400 else 4}"
    }
    body |= {"title": title, "status": status, "detail": detail, "instance": instance, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _ongeldig(instance: str, params: list[dict[str, str]]) -> JSONResponse:
    namen = ", ".join(sorted({p["name"] for p in params}))
    return _probleem(
        400,
        "Een of meerdere parameters zijn niet correct.",
        f"De foutieve parameter(s) zijn {namen}.",
        instance,
        code="paramsValidation",
        invalidParams=params,
    )


def _kies(bron: dict[str, Any], doel: dict[str, Any], pad: list[str]) -> None:
    """Copy the value at `pad` (dot path, through lists) from `bron` into `doel`."""
    sleutel, rest = pad[0], pad[1:]
    if sleutel not in bron:
        return
    waarde = bron[sleutel]
    if not rest:
        doel[sleutel] = waarde
    elif isinstance(waarde, list):
        doelen = doel.setdefault(sleutel, [{} for _ in waarde])
        for item, naar in zip(waarde, doelen, strict=True):
            if isinstance(item, dict):
                _kies(item, naar, rest)
    elif isinstance(waarde, dict):
        _kies(waarde, doel.setdefault(sleutel, {}), rest)


def selecteer(persoon: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The requested fields of a person, plus those delivered automatically."""
    uit: dict[str, Any] = {}
    for veld in fields:
        pad = veld.split(".")
        if pad[0] in BINNENLAND:
            if (persoon.get("verblijfplaats") or {}).get("type") not in ("Adres", "Locatie"):
                continue
            pad[0] = BINNENLAND[pad[0]]
        _kies(persoon, uit, pad)
    for veld in AUTOMATISCH:
        if veld in persoon:
            uit[veld] = persoon[veld]
    return uit


def _fouten_in_vraag(body: dict[str, Any]) -> list[dict[str, str]]:
    fouten = []
    bsns = body.get("burgerservicenummer")
    if not isinstance(bsns, list) or not 1 <= len(bsns) <= 20:
        fouten.append({"name": "burgerservicenummer", "code": "array", "reason": "Parameter is verplicht, 1 tot 20."})
    else:
        if any(not isinstance(bsn, str) or len(bsn) != 9 or not bsn.isdigit() for bsn in bsns):
            reden = "Waarde is geen burgerservicenummer van 9 cijfers."
            fouten.append({"name": "burgerservicenummer", "code": "pattern", "reason": reden})
    velden = body.get("fields")
    if not isinstance(velden, list) or not 1 <= len(velden) <= 130:
        fouten.append({"name": "fields", "code": "array", "reason": "Parameter is verplicht, 1 tot 130 velden."})
    else:
        toegestaan = (persoon_velden() | set(BINNENLAND)) - set(AUTOMATISCH)
        if any(not isinstance(veld, str) or veld.split(".")[0] not in toegestaan for veld in velden):
            reden = "Parameter bevat een niet bestaande veldnaam."
            fouten.append({"name": "fields", "code": "field", "reason": reden})
    gemeente = body.get("gemeenteVanInschrijving")
    if gemeente is not None and (not isinstance(gemeente, str) or len(gemeente) != 4 or not gemeente.isdigit()):
        fouten.append(
            {
                "name": "gemeenteVanInschrijving",
                "code": "pattern",
                "reason": "Waarde is geen gemeentecode van 4 cijfers.",
            }
        )
    return fouten


def build_app(register: Register | None = None, extra: list[dict[str, Any]] | None = None) -> FastAPI:
    """The fake BRP on `register` (a fresh one with the published test persons by default)."""
    register = register or Register(personen=dict(gepubliceerde_personen()))
    for spec in extra or []:
        register.personen[spec["burgerservicenummer"]] = gba.testpersoon(spec)
    app = FastAPI(title="BRP (lokale stand-in)", openapi_url=None, docs_url=None, redoc_url=None)
    app.state.register = register

    @app.post(PERSONEN_PATH)
    async def personen(request: Request, authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _probleem(400, "Ongeldige JSON", "De body is geen JSON.", request.url.path)
        if not isinstance(body, dict):
            return _ongeldig(
                request.url.path, [{"name": "type", "code": "required", "reason": "Parameter is verplicht."}]
            )
        if body.get("type") != "RaadpleegMetBurgerservicenummer":
            reden = "Deze stand-in kent alleen RaadpleegMetBurgerservicenummer."
            return _ongeldig(request.url.path, [{"name": "type", "code": "value", "reason": reden}])
        if fouten := _fouten_in_vraag(body):
            return _ongeldig(request.url.path, fouten)
        gevonden = []
        for bsn in dict.fromkeys(body["burgerservicenummer"]):
            record = register.persoonslijst(bsn)
            if (
                record is None
                or (record.get("opschortingBijhouding") or {}).get("reden", {}).get("code") in NIET_GELEVERD
            ):
                continue
            if body.get("gemeenteVanInschrijving") not in (None, record["gemeenteVanInschrijving"]["code"]):
                continue
            gevonden.append(selecteer(gba.persoon(record, register.dag()), body["fields"]))
        log.info(
            "brp.protocol",
            afnemer="bearer" if authorization else "anoniem",
            gevraagd=len(body["burgerservicenummer"]),
            geleverd=[p.get("burgerservicenummer") for p in gevonden],
            fields=body["fields"],
        )
        return JSONResponse({"type": "RaadpleegMetBurgerservicenummer", "personen": gevonden})

    @app.put(UPDATE_PREFIX + "/volgindicaties/{bsn}")
    async def plaats_volgindicatie(bsn: str, body: Annotated[dict[str, Any], Body()]) -> JSONResponse:
        if len(bsn) != 9 or not bsn.isdigit():
            return _ongeldig(
                f"/volgindicaties/{bsn}",
                [
                    {
                        "name": "burgerservicenummer",
                        "code": "pattern",
                        "reason": "Waarde is geen burgerservicenummer van 9 cijfers.",
                    }
                ],
            )
        nieuw = bsn not in register.volgindicaties
        indicatie = register.volgindicaties.setdefault(bsn, {"begindatum": register.dag().isoformat()})
        if body.get("einddatum"):
            indicatie["einddatum"] = str(body["einddatum"])
        return JSONResponse({k: v for k, v in indicatie.items() if k == "einddatum"}, status_code=201 if nieuw else 200)

    def _actief(bsn: str) -> bool:
        indicatie = register.volgindicaties.get(bsn)
        return indicatie is not None and indicatie.get("einddatum", "9999-12-31") > register.dag().isoformat()

    @app.get(UPDATE_PREFIX + "/volgindicaties")
    async def volgindicaties() -> dict[str, Any]:
        return {
            "volgindicaties": [
                {"burgerservicenummer": bsn, **indicatie}
                for bsn, indicatie in sorted(register.volgindicaties.items())
                if _actief(bsn)
            ]
        }

    @app.get(UPDATE_PREFIX + "/volgindicaties/{bsn}")
    async def volgindicatie(bsn: str) -> JSONResponse:
        if not _actief(bsn):
            return _probleem(404, "Opgevraagde resource bestaat niet.", "Geen volgindicatie.", f"/volgindicaties/{bsn}")
        return JSONResponse({"burgerservicenummer": bsn, **register.volgindicaties[bsn]})

    @app.get(UPDATE_PREFIX + "/wijzigingen")
    async def wijzigingen(vanaf: Annotated[date, Query()]) -> dict[str, Any]:
        gewijzigd = [
            bsn
            for bsn, dag in sorted(register.gewijzigd.items())
            if dag >= vanaf and _actief(bsn) and register.volgindicaties[bsn]["begindatum"] <= dag.isoformat()
        ]
        return {
            "burgerservicenummers": gewijzigd,
            "_links": {"self": {"href": f"{UPDATE_PREFIX}/wijzigingen?vanaf={vanaf}"}},
        }

    @app.post("/testpersonen", status_code=201)
    async def voeg_toe(personen: Annotated[list[dict[str, Any]], Body()]) -> dict[str, int]:
        for spec in personen:
            register.personen[spec["burgerservicenummer"]] = gba.testpersoon(spec)
        return {"toegevoegd": len(personen)}

    @app.post("/testpersonen/{bsn}/verhuizing")
    async def verhuis(bsn: str, adres: Annotated[dict[str, Any], Body()]) -> JSONResponse:
        huidig = register.personen.get(bsn)
        if huidig is None:
            return _probleem(404, "Onbekend", f"geen persoonslijst {bsn}", f"/testpersonen/{bsn}/verhuizing")
        per = date.fromisoformat(adres.get("datumVan") or register.dag().isoformat())
        # A new persoonslijst, never the published one changed in place (another register may share it).
        record = {k: v for k, v in huidig.items() if k != "opschortingBijhouding"}
        record["verblijfplaats"] = gba.woonadres({**adres, "datumVan": per.isoformat()})
        if record["gemeenteVanInschrijving"]["code"] != adres["gemeente"]:
            record["gemeenteVanInschrijving"] = {"code": adres["gemeente"], "omschrijving": adres["woonplaats"]}
            record["datumInschrijvingInGemeente"] = per.isoformat().replace("-", "")
        register.personen[bsn] = record
        register.gewijzigd[bsn] = register.dag()
        return JSONResponse({"burgerservicenummer": bsn, "gemeenteVanInschrijving": adres["gemeente"]})

    return app


def synthetische_gemeente(bsn: str, gemeenten: tuple[str, ...]) -> str:
    """The gemeente a synthetic resident lives in: chosen by the BSN, so a benchmark knows it too."""
    return gemeenten[int(bsn) % len(gemeenten)]


def extra_personen(paden: str | None) -> list[dict[str, Any]]:
    """Residents added from JSON files (a list of persons in the fake's simple form each)."""
    personen: list[dict[str, Any]] = []
    for pad in filter(None, (paden or "").split(",")):
        personen += json.loads(Path(pad).read_text(encoding="utf-8"))
    return personen


def main() -> None:
    """Serve the fake BRP (`python -m deploy.brp.fake --port 8010`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8010)
    args = parser.parse_args()
    configure_logging("brp", os.environ.get("LOG_LEVEL", "INFO"))
    standaard = str(DATA / "regio-personen.json")
    synthetisch = tuple(filter(None, os.environ.get("BRP_SYNTHETISCH_GEMEENTEN", "").split(",")))
    register = Register(personen=dict(gepubliceerde_personen()), synthetisch=synthetisch)
    app = build_app(register, extra=extra_personen(os.environ.get("BRP_TESTPERSONEN", standaard)))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
