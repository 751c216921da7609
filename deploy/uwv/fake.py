"""A local stand-in for UWV's exchange about an advies beschut werk (Pw art. 10b lid 2-3), for `make run` and tests.

UWV publishes no open API for this advies (gemeenten ask with the form "Aanvraag indicatie of advies"); this fake
serves the exchange the platform's adapter (`services/trajecten/beschut/uwv.py`) speaks, and answers as the
Besluit advisering beschut werk says where the answer is fixed without an assessment (art. 3): a person's own repeat
request within 12 months of an earlier advies gets "no" on both questions unless it reports new facts. Otherwise it
answers with the assessment outcome its register holds for the BSN (`Register.beoordelingen`; a test sets it),
positive by default, dated the day the request came in plus `Register.dagen` and readable from that day on.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from libs.events.envelope import utcnow
from libs.events.observability import configure_logging
from libs.events.stamps import vandaag_in_nederland

HERHALING_BINNEN = timedelta(days=365)  # art. 3 lid 4: a person's own repeat request within 12 months
REDEN_JA = (
    "aangepaste omstandigheden of blijvend intensieve begeleiding die een werkgever niet kan bieden (art. 3 lid 1-2)"
)
REDEN_NEE = "met aanpassingen en begeleiding die een werkgever redelijkerwijs kan bieden (art. 3 lid 1-2)"
REDEN_HERHALING = "eigen herhaalde aanvraag binnen 12 maanden zonder nieuwe feiten (art. 3 lid 4)"


class Aanvraag(BaseModel):
    """A request as UWV receives it."""

    model_config = ConfigDict(alias_generator=to_camel, extra="forbid")

    kenmerk: str
    bsn: str = Field(pattern=r"^\d{9}$")
    gemeente: str
    aangevraagd_door: str
    nieuwe_feiten: bool = False
    ontvangen_op: date


@dataclass
class Register:
    """The fake's memory: requests by kenmerk, advies dates by BSN, and assessment outcomes set by tests."""

    aanvragen: dict[str, dict[str, Any]] = field(default_factory=dict)
    eerdere: dict[str, list[tuple[date, str]]] = field(default_factory=dict)  # bsn -> (advies date, aanvrager)
    beoordelingen: dict[str, bool] = field(default_factory=dict)
    dagen: int = 0  # UWV advises within 8 weeks; the fake answers at once unless told to wait
    beschikbaar: bool = True  # a test makes UWV unavailable: 503 on every request


def _advies(register: Register, a: Aanvraag) -> dict[str, Any]:
    uitgebracht = a.ontvangen_op + timedelta(days=register.dagen)
    eerder = [d for d, _ in register.eerdere.get(a.bsn, []) if a.ontvangen_op - d <= HERHALING_BINNEN]
    if a.aangevraagd_door == "persoon" and eerder and not a.nieuwe_feiten:
        return {"aangewezen": False, "redenen": [REDEN_HERHALING], "uitgebrachtOp": uitgebracht.isoformat()}
    ja = register.beoordelingen.get(a.bsn, True)
    return {"aangewezen": ja, "redenen": [REDEN_JA if ja else REDEN_NEE], "uitgebrachtOp": uitgebracht.isoformat()}


def build_app(register: Register | None = None) -> FastAPI:
    """The fake UWV exchange over `register`."""
    register = register or Register()
    app = FastAPI(title="UWV advies beschut werk (lokale stand-in)", docs_url=None, redoc_url=None)

    @app.post("/beschut-werk/adviesaanvragen", status_code=202)
    async def ontvang(aanvraag: Aanvraag) -> JSONResponse:
        if not register.beschikbaar:
            return JSONResponse({"status": "niet beschikbaar"}, status_code=503)
        if aanvraag.kenmerk not in register.aanvragen:  # the same kenmerk again is the same request
            advies = _advies(register, aanvraag)
            register.aanvragen[aanvraag.kenmerk] = {"status": "uitgebracht", "advies": advies}
            register.eerdere.setdefault(aanvraag.bsn, []).append(
                (date.fromisoformat(advies["uitgebrachtOp"]), aanvraag.aangevraagd_door)
            )
        return JSONResponse({"kenmerk": aanvraag.kenmerk, "status": "ontvangen"}, status_code=202)

    @app.get("/beschut-werk/adviesaanvragen/{kenmerk}")
    async def lees(kenmerk: str) -> JSONResponse:
        gevonden = register.aanvragen.get(kenmerk)
        if gevonden is None:
            return JSONResponse({"status": "onbekend"}, status_code=404)
        if date.fromisoformat(gevonden["advies"]["uitgebrachtOp"]) > vandaag_in_nederland(utcnow()):
            return JSONResponse({"kenmerk": kenmerk, "status": "in_behandeling"})
        return JSONResponse({"kenmerk": kenmerk, **gevonden})

    return app


def main() -> None:
    """Serve the fake UWV (`python -m deploy.uwv.fake --port 8011`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--dagen", type=int, default=0, help="days before an advies can be read")
    args = parser.parse_args()
    configure_logging("uwv", os.environ.get("LOG_LEVEL", "INFO"))
    uvicorn.run(build_app(Register(dagen=args.dagen)), host=args.host, port=args.port, log_config=None)


if __name__ == "__main__":
    main()
