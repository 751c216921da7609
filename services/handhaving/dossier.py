"""The dossier for a case file: tijdlijn, state as of chosen moments, who looked, and a verification report of
every hash chain it covers, signed with handhaving's Ed25519 key so any later change to the file shows.

The signature is a detached JWS (RFC 7515 appendix F, EdDSA) over the canonical JSON (RFC 8785 for these values)
of `dossier`, with the key id of handhaving's key; the public keys are at `/.well-known/jwks.json`. The printable
HTML carries the same signature. Check a stored file with `python -m services.handhaving.dossier verify FILE
--jwks JWKS` (a file or URL): it exits 1 on any change.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from jinja2 import Environment, StrictUndefined

from libs.events import ondertekening
from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.db import Sql
from libs.events.envelope import canonical_json, dienst_van, event_type_of, utcnow
from libs.events.runtime import Runtime
from libs.events.services import JWKS_PATH

from . import keten, queries

_EVENTS = Sql(
    queries.VAN_KLANT + "SELECT e.envelope, (b.event_id IS NULL), e.echtheid FROM e LEFT JOIN audit_breuken b "
    "ON b.event_id = e.event_id WHERE e.gemeente = ANY(CAST(:gemeenten AS text[])) AND "
    + queries.OPENBAAR
    + queries.GEEN_WISBLOKKADE
    + "ORDER BY e.tijd, e.event_id::text"
)
# Every event of the streams the dossier covers, in one read: each chain is checked from its first link.
_STREAMS = Sql(
    "SELECT a.topic, a.stream_id, a.envelope, a.echtheid FROM audit_events a "
    "JOIN unnest(CAST(:topics AS text[]), CAST(:streams AS text[])) AS u(topic, stream_id) "
    "ON a.topic = u.topic AND a.stream_id = u.stream_id ORDER BY a.topic, a.stream_id, a.streamversie"
)


JWKS_PAD = JWKS_PATH


def onderteken(dossier: dict[str, Any], sleutel: ondertekening.Sleutel) -> dict[str, str]:
    """The dossier's signature: a detached JWS over its canonical JSON, with the key id and where the key is."""
    return {
        "algoritme": "EdDSA (Ed25519), JWS compact met losgekoppelde inhoud (RFC 7515 bijlage F)",
        "inhoud": "canonieke JSON (RFC 8785) van dossier",
        "sleutel": sleutel.kid,
        "sleutels": JWKS_PAD,
        "waarde": sleutel.onderteken(canonical_json(dossier)),
    }


def controleer(ondertekend: dict[str, Any], jwks: dict[str, Any]) -> str:
    """Verify a signed dossier against handhaving's JWK Set; the key id, or OngeldigeHandtekening."""
    return ondertekening.verifieer(ondertekend["handtekening"]["waarde"], canonical_json(ondertekend["dossier"]), jwks)


def _verificatie(
    topic: str, stream_id: str, stream_type: str, kopieen: list[tuple[dict[str, Any], str]]
) -> dict[str, Any]:
    """One stream's check: its chain over the copies that are not rejected, and what was rejected or contested."""
    geldig = [env for env, echtheid in kopieen if echtheid != "afgewezen"]
    betwist = sorted({env["streamversion"] for env, echtheid in kopieen if echtheid == "betwist"})
    fout = keten.controleer(geldig) if geldig else "geen geldig event"
    if fout is None and betwist:
        fout = f"versie {betwist[0]}: twee geldige events claimen deze plaats"
    return {
        "topic": topic,
        "streamType": stream_type,
        "streamId": stream_id,
        "events": len(geldig),
        "laatsteHash": geldig[-1]["hash"] if geldig else None,
        "intact": fout is None,
        "eersteFout": fout,
        "ongetekend": sum(1 for _, echtheid in kopieen if echtheid == "ongetekend"),
        "afgewezen": [env["id"] for env, echtheid in kopieen if echtheid == "afgewezen"],
    }


async def stel_op(runtime: Runtime, principal: Principal, klant_id: UUID, peildata: list[datetime]) -> dict[str, Any]:
    """The signed dossier of a klant in the caller's gemeenten; drawing it up is logged like a tijdlijn read."""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        gemeenten = await queries.zie_klant(uow, principal, klant_id)
        is_gewist = await queries.gewist(uow, klant_id)
        rows = await _EVENTS.fetch(
            uow.conn, subject=str(klant_id), gemeenten=gemeenten, besloten=list(queries.BESLOTEN), lid=principal.sub
        )
        regels: list[dict[str, Any]] = []
        wie_keek: list[dict[str, Any]] = []
        streams: dict[tuple[str, str], str] = {}
        for opgeslagen, zonder_breuk, echtheid in rows:
            env = queries.envelope(opgeslagen)
            dienst = dienst_van(env["source"])
            regel = {
                "eventId": env["id"],
                "tijd": env["time"],
                "dienst": dienst,
                "type": event_type_of(env["type"]),
                "regel": queries.regel(env),
                "gegevens": queries.gegevens(env["data"], is_gewist),
                "ketenIntact": queries.intact(env, zonder_breuk, echtheid),
                "echtheid": echtheid,
            }
            (wie_keek if event_type_of(env["type"]) == "VerwerkingGelogd" else regels).append(regel)
            streams[(f"{dienst}.events", env["streamid"])] = env["streamtype"]
        per_stream: dict[tuple[str, str], list[tuple[dict[str, Any], str]]] = {}
        for topic, stream_id, opgeslagen, echtheid in await _STREAMS.fetch(
            uow.conn, topics=[t for t, _ in streams], streams=[s for _, s in streams]
        ):
            per_stream.setdefault((topic, stream_id), []).append((queries.envelope(opgeslagen), echtheid))
        verificatie = [
            _verificatie(topic, stream_id, stream_type, per_stream[(topic, stream_id)])
            for (topic, stream_id), stream_type in sorted(streams.items())
        ]
        standen = [await queries.stand_van(uow, klant_id, op, gemeenten, None) for op in peildata]
        dossier = {
            "klantId": str(klant_id),
            "opgesteldOp": utcnow().isoformat(),
            "opgesteldDoor": principal.sub,
            "gemeenten": gemeenten,
            "gewist": is_gewist,
            "tijdlijn": regels,
            "standen": standen,
            "wieKeek": wie_keek,
            "verificatie": {
                "streams": len(verificatie),
                "intact": sum(1 for v in verificatie if v["intact"]),
                "perStream": verificatie,
            },
        }
        return {"dossier": dossier, "handtekening": onderteken(dossier, runtime.sleutel)}

    return await query(runtime, principal, read)


_ENV = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_TEMPLATE = _ENV.from_string(
    """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>Dossier klant {{ d.klantId }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; }
th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; font-size: .9rem; }
.breuk { background: #fde2e2; }
code { word-break: break-all; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<main>
<h1>Dossier van klant {{ d.klantId }}</h1>
<p>Opgesteld op {{ d.opgesteldOp }} door {{ d.opgesteldDoor }} voor {{ d.gemeenten | join(", ") }}.
{% if d.gewist %}De persoonsgegevens van deze klant zijn gewist: versleutelde velden staan als "gewist".{% endif %}</p>
<p>Handtekening (EdDSA, losgekoppelde JWS over de canonieke JSON van het dossier, sleutel
<code>{{ sleutel }}</code> uit <code>{{ sleutels }}</code>): <code>{{ handtekening }}</code></p>

<h2>Controle van de hashketens</h2>
<p>{{ d.verificatie.intact }} van {{ d.verificatie.streams }} streams zijn ongeschonden.</p>
<table>
<thead><tr><th scope="col">Stream</th><th scope="col">Events</th><th scope="col">Uitkomst</th>
<th scope="col">Laatste hash</th></tr></thead>
<tbody>
{% for v in d.verificatie.perStream %}
<tr{% if not v.intact %} class="breuk"{% endif %}><td>{{ v.topic }} {{ v.streamType }} {{ v.streamId }}</td>
<td>{{ v.events }}{% if v.ongetekend %} ({{ v.ongetekend }} ongetekend, van vóór de ondertekening){% endif %}</td>
<td>{{ "intact" if v.intact else "gebroken: " ~ v.eersteFout }}{% if v.afgewezen %};
afgewezen kopieën: {{ v.afgewezen | join(", ") }}{% endif %}</td>
<td><code>{{ v.laatsteHash }}</code></td></tr>
{% endfor %}
</tbody>
</table>

<h2>Tijdlijn</h2>
<table>
<thead><tr><th scope="col">Tijd</th><th scope="col">Wat</th><th scope="col">Keten</th></tr></thead>
<tbody>
{% for r in d.tijdlijn %}
<tr{% if not r.ketenIntact %} class="breuk"{% endif %}><td>{{ r.tijd }}</td><td>{{ r.regel }}</td>
<td>{{ "intact" if r.ketenIntact else "gebroken" }}, {{ r.echtheid }}</td></tr>
{% endfor %}
</tbody>
</table>

<h2>Wie keek</h2>
<table>
<thead><tr><th scope="col">Tijd</th><th scope="col">Verwerking</th></tr></thead>
<tbody>
{% for r in d.wieKeek %}
<tr><td>{{ r.tijd }}</td><td>{{ r.regel }}</td></tr>
{% endfor %}
</tbody>
</table>

{% for s in d.standen %}
<h2>Wat bekend was op {{ s.op }}</h2>
{% for st in s.streams %}
<h3>{{ st.dienst }}: {{ st.streamType }} {{ st.streamId }} (versie {{ st.versie }})</h3>
<pre>{{ st.stand | tojson(indent=2) }}</pre>
{% endfor %}
{% endfor %}
</main>
</body>
</html>
"""
)


def html(ondertekend: dict[str, Any]) -> str:
    """The printable dossier; it carries the same signature as the JSON."""
    h = ondertekend["handtekening"]
    return _TEMPLATE.render(
        d=ondertekend["dossier"], handtekening=h["waarde"], sleutel=h["sleutel"], sleutels=h["sleutels"]
    )


def main(argv: list[str] | None = None) -> int:
    """`python -m services.handhaving.dossier verify FILE --jwks JWKS`: 0 when the signature holds, else 1."""
    parser = argparse.ArgumentParser(description="Check a signed dossier (JSON) against handhaving's public keys")
    parser.add_argument("actie", choices=["verify"])
    parser.add_argument("bestand", help="the dossier as GET /api/v1/dossiers/{klantId} gave it")
    parser.add_argument(
        "--jwks", required=True, help="handhaving's JWK Set: a file, or its URL (/.well-known/jwks.json)"
    )
    args = parser.parse_args(argv)
    ondertekend = json.loads(Path(args.bestand).read_text(encoding="utf-8"))
    if args.jwks.startswith(("http://", "https://")):
        jwks = httpx.get(args.jwks, timeout=10).raise_for_status().json()
    else:
        jwks = json.loads(Path(args.jwks).read_text(encoding="utf-8"))
    try:
        kid = controleer(ondertekend, jwks)
    except (ondertekening.OngeldigeHandtekening, KeyError, TypeError) as fout:
        print(f"ONGELDIG: {fout}")
        return 1
    print(f"geldig: ondertekend met sleutel {kid}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
