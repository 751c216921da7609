"""The dossier for a case file: tijdlijn, state as of chosen moments, who looked, and a verification report of
every hash chain it covers, signed by its own SHA-256 so later tampering with the file shows.

The signature is SHA-256 over the canonical JSON (RFC 8785 for these values) of `dossier`; the printable HTML
carries the same value, so the two can be checked against each other and against a recomputation.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from uuid import UUID

from jinja2 import Environment, StrictUndefined

from libs.events.auth import Principal
from libs.events.commands import UnitOfWork, query
from libs.events.db import Sql
from libs.events.envelope import canonical_json, dienst_van, event_type_of, utcnow
from libs.events.runtime import Runtime

from . import keten, queries

_EVENTS = Sql(
    queries.VAN_KLANT + "SELECT e.envelope, (b.event_id IS NULL) FROM e LEFT JOIN audit_breuken b "
    "ON b.event_id = e.event_id WHERE e.gemeente = ANY(CAST(:gemeenten AS text[])) AND "
    + queries.OPENBAAR
    + queries.GEEN_WISBLOKKADE
    + "ORDER BY e.tijd, e.event_id::text"
)
# Every event of the streams the dossier covers, in one read: each chain is checked from its first link.
_STREAMS = Sql(
    "SELECT a.topic, a.stream_id, a.envelope FROM audit_events a "
    "JOIN unnest(CAST(:topics AS text[]), CAST(:streams AS text[])) AS u(topic, stream_id) "
    "ON a.topic = u.topic AND a.stream_id = u.stream_id ORDER BY a.topic, a.stream_id, a.streamversie"
)


def onderteken(dossier: dict[str, Any]) -> str:
    """The dossier's SHA-256 over its canonical JSON."""
    return hashlib.sha256(canonical_json(dossier)).hexdigest()


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
        for opgeslagen, intact in rows:
            env = queries.envelope(opgeslagen)
            dienst = dienst_van(env["source"])
            regel = {
                "eventId": env["id"],
                "tijd": env["time"],
                "dienst": dienst,
                "type": event_type_of(env["type"]),
                "regel": queries.regel(env),
                "gegevens": queries.gegevens(env["data"], is_gewist),
                "ketenIntact": bool(intact),
            }
            (wie_keek if event_type_of(env["type"]) == "VerwerkingGelogd" else regels).append(regel)
            streams[(f"{dienst}.events", env["streamid"])] = env["streamtype"]
        per_stream: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for topic, stream_id, opgeslagen in await _STREAMS.fetch(
            uow.conn, topics=[t for t, _ in streams], streams=[s for _, s in streams]
        ):
            per_stream.setdefault((topic, stream_id), []).append(queries.envelope(opgeslagen))
        verificatie = []
        for (topic, stream_id), stream_type in sorted(streams.items()):
            envelopes = per_stream[(topic, stream_id)]
            fout = keten.controleer(envelopes)
            verificatie.append(
                {
                    "topic": topic,
                    "streamType": stream_type,
                    "streamId": stream_id,
                    "events": len(envelopes),
                    "laatsteHash": envelopes[-1]["hash"],
                    "intact": fout is None,
                    "eersteFout": fout,
                }
            )
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
        return {"dossier": dossier, "handtekening": {"algoritme": "SHA-256", "waarde": onderteken(dossier)}}

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
<p>Handtekening (SHA-256 over de canonieke JSON van het dossier): <code>{{ handtekening }}</code></p>

<h2>Controle van de hashketens</h2>
<p>{{ d.verificatie.intact }} van {{ d.verificatie.streams }} streams zijn ongeschonden.</p>
<table>
<thead><tr><th scope="col">Stream</th><th scope="col">Events</th><th scope="col">Uitkomst</th>
<th scope="col">Laatste hash</th></tr></thead>
<tbody>
{% for v in d.verificatie.perStream %}
<tr{% if not v.intact %} class="breuk"{% endif %}><td>{{ v.topic }} {{ v.streamType }} {{ v.streamId }}</td>
<td>{{ v.events }}</td><td>{{ "intact" if v.intact else "gebroken: " ~ v.eersteFout }}</td>
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
<td>{{ "intact" if r.ketenIntact else "gebroken" }}</td></tr>
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
    """The printable dossier; it names the same SHA-256 as the JSON."""
    return _TEMPLATE.render(d=ondertekend["dossier"], handtekening=ondertekend["handtekening"]["waarde"])
