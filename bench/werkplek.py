"""The werkplek's pages against the walk-through data: server time per page (its `Server-Timing`), median and p95.

    DEV_MODE=true python -m bench.werkplek [--rondes 20]

Starts an embedded PostgreSQL, the broker, the fake BRP and every service, seeds the data of the README
walk-through (the isolation journey: a klant from aanmelding to plaatsing, bijstand paid, a vordering, a betaalrun,
a plan van aanpak with a voorziening on a budget line),
logs in one user with every role of Groningen (so the case page asks every service) and reads each page `--rondes`
times after two warm-up reads. The target (issue 28) is 150 ms server time per page; the figures go to
`bench/results/werkplek.json` and docs/werkplek.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
from pathlib import Path
from typing import Any

import httpx

from deploy.brp.fake import build_app as build_brp
from deploy.brp.fake import gepubliceerde_personen
from deploy.local.infra import TansuBroker
from libs.events import migrate
from services.handhaving.settings import Settings as HandhavingSettings
from services.intake.settings import Settings as IntakeSettings
from services.matching.settings import Settings as MatchingSettings
from services.trajecten.settings import Settings as TrajectenSettings
from services.uitkering.settings import Settings as UitkeringSettings
from services.werkgevers.settings import Settings as WerkgeversSettings
from services.werkplek.app import build_app as build_werkplek
from services.werkplek.settings import Settings as WerkplekSettings
from tests import support
from tests.e2e.conftest import Platform
from tests.e2e.test_isolation import _journey, _trajecten_journey, _uitkering_journey

from .common import servers

ROOT = Path(__file__).resolve().parents[1]
DOEL_MS = 150.0
ROLLEN = ["toegang", "klantmanager", "matcher", "werkgeversadviseur", "uitkeringsconsulent", "handhaver"]
ROLLEN += ["sociaal_rechercheur", "beheerder"]


def _paginas(ids: dict[str, str]) -> dict[str, str]:
    """Every page of the walk-through, by the role that starts there."""
    k, u = ids["klant_id"], ids["uitkering_id"]
    return {
        "werklijsten": "/werklijsten",
        "aanmelding": f"/aanmeldingen/{ids['aanmelding_id']}",
        "nieuwe aanmelding": "/aanmeldingen/nieuw",
        "klant (alle rollen)": f"/klanten/{k}",
        "vacatures": "/vacatures",
        "vacature met ranking": f"/vacatures/{ids['vacature_id']}",
        "voorstellen": "/voorstellen?status=",
        "voorstel": f"/voorstellen/{ids['voorstel_id']}",
        "kandidaat": f"/kandidaten/{k}",
        "werkgever": f"/werkgevers/{ids['werkgever_id']}",
        "uitkeringen": "/uitkeringen",
        "uitkering": f"/uitkeringen/{u}",
        "maand uitgelegd": f"/uitkeringen/{u}/maanden/2026-10",
        "vordering": f"/vorderingen/{ids['vordering_id']}",
        "betaalrun": f"/betaalruns/{ids['betaalrun_id']}",
        "signalen": "/signalen",
        "onderzoeken": "/onderzoeken",
        "tijdlijn": f"/recherche/{k}",
        "verschil": f"/recherche/{k}/verschil",
        "cijfers": "/cijfers/GM0014",
        "traject": f"/klanten/{k}/traject",
        "voorziening": f"/voorzieningen/{ids['voorziening_id']}",
        "budget en keuzes": "/budget/GM0014?jaar=2026",
        "budgetregel": f"/budgetregels/{ids['regel_id']}",
    }


def _duur(response: httpx.Response) -> float:
    """The server's own time for the page, from its Server-Timing header (ms)."""
    gevonden = re.search(r"dur=([\d.]+)", response.headers.get("server-timing", ""))
    assert gevonden, f"{response.request.url}: no Server-Timing"
    return float(gevonden.group(1))


async def _inloggen(client: httpx.AsyncClient) -> None:
    formulier = (await client.get("/inloggen")).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', formulier)
    assert csrf
    velden = {"csrf": csrf.group(1), "sub": "bench", "gemeenten": ["GM0014"], "rollen": ROLLEN}
    response = await client.post("/inloggen", data=velden)
    assert response.status_code == 303, response.text


async def measure(broker: TansuBroker, urls: dict[str, str], rondes: int) -> dict[str, dict[str, float]]:
    """Median and p95 server time per page, in ms, with the services on these databases."""
    kafka = support.broker_settings(broker)
    support.BRP.personen.update(gepubliceerde_personen())
    async with support.serve(build_brp(support.BRP)) as brp:
        os.environ["BRP_URL"] = f"{brp}/haalcentraal/api/brp"
        os.environ["BRP_UPDATE_URL"] = f"{brp}/haalcentraal/api/brpupdate"
        platform = Platform(
            broker,
            IntakeSettings(database_url=urls["intake"], **kafka),
            MatchingSettings(database_url=urls["matching"], **kafka),
            WerkgeversSettings(database_url=urls["werkgevers"], **kafka),
            UitkeringSettings(database_url=urls["uitkering"], timer_interval_s=3600, **kafka),
            HandhavingSettings(database_url=urls["handhaving"], **kafka),
            TrajectenSettings(database_url=urls["trajecten"], **kafka),
        )
        async with platform.up_every() as clients:
            journey = await _journey(clients["intake"], clients["matching"], clients["werkgevers"])
            await _uitkering_journey(clients["uitkering"], journey)
            await _trajecten_journey(clients["trajecten"], journey)
            instellingen = WerkplekSettings(
                **{f"{naam}_url": str(c.base_url) for naam, c in clients.items()}, dev_login=True
            )
            async with (
                support.serve(build_werkplek(instellingen)) as url,
                httpx.AsyncClient(base_url=url, timeout=30) as client,
            ):
                await _inloggen(client)
                uitkomst: dict[str, dict[str, float]] = {}
                for naam, pad in _paginas(journey.ids).items():
                    tijden = []
                    for ronde in range(rondes + 2):
                        response = await client.get(pad)
                        assert response.status_code == 200, f"{naam} {pad}: {response.status_code}"
                        if ronde >= 2:
                            tijden.append(_duur(response))
                    tijden.sort()
                    uitkomst[naam] = {
                        "median_ms": round(statistics.median(tijden), 1),
                        "p95_ms": round(tijden[max(0, int(len(tijden) * 0.95) - 1)], 1),
                    }
                return uitkomst


def main() -> None:
    """Measure, print a table against the 150 ms target, write bench/results/werkplek.json."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rondes", type=int, default=20, help="reads per page after two warm-up reads")
    args = parser.parse_args()
    with servers("werkplek") as (pg, broker):
        urls = {}
        for dienst in ("intake", "matching", "werkgevers", "uitkering", "trajecten", "handhaving"):
            pg.create_database(f"bench_{dienst}")
            migrate.upgrade(dienst, pg.url(f"bench_{dienst}"))  # Alembic runs its own event loop: before ours
            urls[dienst] = pg.url(f"bench_{dienst}")
        uitkomst = asyncio.run(measure(broker, urls, args.rondes))
    for naam, cijfers in uitkomst.items():
        teken = "ok" if cijfers["p95_ms"] < DOEL_MS else "TE TRAAG"
        print(f"{naam:28} median {cijfers['median_ms']:6.1f} ms   p95 {cijfers['p95_ms']:6.1f} ms   {teken}")
    resultaat: dict[str, Any] = {"doel_ms": DOEL_MS, "cpus": os.cpu_count(), "paginas": uitkomst}
    (ROOT / "bench" / "results" / "werkplek.json").write_text(json.dumps(resultaat, indent=2) + "\n")


if __name__ == "__main__":
    main()
