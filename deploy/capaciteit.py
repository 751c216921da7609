"""The capacity model: measured CPU per unit of work, the workload assumptions, and what a deployment needs.

`python -m deploy.capaciteit` prints the tables of docs/performance.md ("Capacity model"); `deploy/k8s/render.py`
takes its defaults (replicas, partitions, CPU requests) from `behoefte(STANDAARD)`. The costs are measured with
`python -m bench.capaciteit` (whole machine's CPU, PostgreSQL included); the assumptions are ours, written out
below so that a region can put in its own and see what changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Kosten:
    """Core-milliseconds of CPU per unit of work, PostgreSQL included, and bytes on disk per event."""

    command_http_ms: float  # a command end to end over HTTP (intake's aanmelding with its BRP lookup)
    append_ms: float  # of which the event store's append, one event per transaction
    relay_ms: float  # per event, outbox to topic
    consumer_ms: float  # per event, per topic-fed read model or policy
    auditstore_ms: float  # per event: signature, chain, head, stored copy
    pagina_ms: float  # a werkplek page (its API calls to the services included)
    tijdlijn_ms: float  # a page of 200 events of a klant's tijdlijn, with its LDV record
    ranking_ms: float  # ranking a pool of 20,000 kandidaten for a vacature
    betaalrun_ms: float  # per uitkering: recht, ledger, payment (the pain.001 not included)
    postgres_aandeel: float  # PostgreSQL's share of the CPU above (the measured paths together)
    store_bytes: int  # an event in its service's event store, indexes included
    audit_bytes: int  # its copy in handhaving's audit store, indexes included


# Measured on the 2-core development machine, 2026-12-07: `python -m bench.capaciteit`, the median of three runs
# one after the other (the spread of each is in docs/performance.md); `command_http_ms` is intake's closed-loop
# capacity of 271 aanmeldingen/s on 2 cores (docs/performance.md, issue 24) and `pagina_ms` the mean of the 24
# werkplek pages' median server time (`python -m bench.werkplek`; one request at a time, so its wall time is its
# CPU). PostgreSQL's share is the tijdlijn page's, a request like a page's API calls. The bench's events carry
# small payloads: real ones are larger, and so is the storage.
GEMETEN = Kosten(
    command_http_ms=7.4,
    append_ms=0.619,
    relay_ms=0.05,
    consumer_ms=0.04,
    auditstore_ms=0.158,
    pagina_ms=21.7,
    tijdlijn_ms=10.1,
    ranking_ms=35.7,
    betaalrun_ms=1.042,
    postgres_aandeel=0.35,
    store_bytes=1356,
    audit_bytes=1882,
)


@dataclass(frozen=True)
class Aannames:
    """The workload, per uitkering and per user; each figure is an assumption, not a measurement."""

    # 100 million events a year for about 400,000 bijstand households (the figure for the country):
    # every service's events, the logged reads included.
    events_per_uitkering: float = 250.0
    events_per_command: float = 1.5  # a command appends one or two events
    consumers_per_event: int = 3  # topic-fed read models and policies of other services, besides the audit store
    uitkeringen_per_gebruiker: float = 60.0  # klantmanagers, consulenten, handhaving, werkgeversdienst, beheer
    paginas_per_gebruiker_uur: float = 60.0  # one page a minute while working
    rankings_per_uitkering: float = 12.0  # a year
    tijdlijnen_per_uitkering: float = 2.0  # pages a year (onderzoeken, inzageverzoeken)
    actieve_uren: float = 2_250.0  # working hours in a year (250 days of 9 hours)
    piekfactor: float = 3.0  # the busiest hour against the average working hour
    benutting: float = 0.6  # the share of the requested CPU the busiest hour may use
    betaalrun_venster_s: float = 15 * 60  # the whole month's betaalrun in a quarter of an hour
    historie_jaren: int = 7  # events kept and replayed in a rebuild
    rebuild_venster_uren: float = 8.0  # a rebuild of the audit store in one night
    min_replicas: int = 2  # one instance may fail or be rolled without an outage
    min_partities: int = 6


@dataclass(frozen=True)
class Profiel:
    """A deployment: how many uitkeringen it serves."""

    naam: str
    uitkeringen: int


# Bijstand households per inhabitant: about 400,000 in 17.9 million (CBS, 2024): 2.2 per 100 inhabitants.
KLEINE_REGIO = Profiel("kleine regio (100.000 inwoners)", 2_200)
G4 = Profiel("G4-stad (35.000 uitkeringen)", 35_000)
LAND = Profiel("heel Nederland (400.000 huishoudens)", 400_000)
PROFIELEN = (KLEINE_REGIO, G4, LAND)
# What deploy/k8s is sized for: a region or city up to a G4's size.
STANDAARD = G4
DIENSTEN = 6  # intake, matching, werkgevers, uitkering, handhaving, trajecten (and the werkplek beside them)
MIN_CPU_PER_REPLICA = 0.25  # cores: the least an instance requests


@dataclass(frozen=True)
class Behoefte:
    """What a profile needs, derived from the costs and the assumptions."""

    events_per_jaar: float
    commands_piek_s: float
    events_piek_s: float
    paginas_piek_s: float
    cores_piek: float  # CPU busy in the busiest hour (services and PostgreSQL)
    cores_postgres: float  # of which PostgreSQL
    cores_aangevraagd: float  # what to request at the target utilisation, at least the replicas' minimum
    cores_betaalrun: float  # for the month's run in its window
    rebuild_kernuren: float  # core-hours to rebuild the audit store from the kept history
    rebuild_processen: int  # processes (cores) to do it in the window
    partities: int  # per topic: the most instances or rebuild processes that may share a topic
    replicas: int  # per service
    cpu_per_replica_m: int  # millicores to request per instance
    opslag_gb_per_jaar: float  # event stores and the audit store together


def behoefte(profiel: Profiel, aannames: Aannames = Aannames(), kosten: Kosten = GEMETEN) -> Behoefte:
    """Cores, partitions, replicas and storage for `profiel`."""
    a, k = aannames, kosten
    per_s_piek = a.piekfactor / (a.actieve_uren * 3600)
    events = profiel.uitkeringen * a.events_per_uitkering
    commands_s = events / a.events_per_command * per_s_piek
    events_s = events * per_s_piek
    paginas_s = profiel.uitkeringen / a.uitkeringen_per_gebruiker * a.paginas_per_gebruiker_uur * a.piekfactor / 3600
    per_event = k.relay_ms + a.consumers_per_event * k.consumer_ms + k.auditstore_ms
    ms_per_s = (
        commands_s * k.command_http_ms
        + events_s * per_event
        + paginas_s * k.pagina_ms
        + profiel.uitkeringen
        * (a.rankings_per_uitkering * k.ranking_ms + a.tijdlijnen_per_uitkering * k.tijdlijn_ms)
        * per_s_piek
    )
    cores = ms_per_s / 1000
    rebuild = events * a.historie_jaren * k.auditstore_ms / 1000 / 3600
    processen = max(1, math.ceil(rebuild / a.rebuild_venster_uren))
    aangevraagd = cores / a.benutting
    per_replica = max(MIN_CPU_PER_REPLICA, aangevraagd / (DIENSTEN * a.min_replicas))
    replicas = a.min_replicas
    if per_replica > 1.0:  # more instances rather than bigger ones: a Python process uses one core
        replicas = math.ceil(aangevraagd / DIENSTEN)
        per_replica = aangevraagd / (DIENSTEN * replicas)
    return Behoefte(
        events_per_jaar=events,
        commands_piek_s=commands_s,
        events_piek_s=events_s,
        paginas_piek_s=paginas_s,
        cores_piek=cores,
        cores_postgres=cores * k.postgres_aandeel,
        cores_aangevraagd=DIENSTEN * replicas * per_replica,
        cores_betaalrun=profiel.uitkeringen * k.betaalrun_ms / 1000 / a.betaalrun_venster_s,
        rebuild_kernuren=rebuild,
        rebuild_processen=processen,
        # Room to double the instances or processes: adding partitions later is a migration (docs/performance.md).
        partities=max(a.min_partities, 2 * max(replicas, processen)),
        replicas=replicas,
        cpu_per_replica_m=math.ceil(per_replica * 1000 / 50) * 50,
        opslag_gb_per_jaar=events * (k.store_bytes + k.audit_bytes) / 1e9,
    )


def tabel(aannames: Aannames = Aannames(), kosten: Kosten = GEMETEN) -> str:
    """The model's outcome per profile, as the Markdown table in docs/performance.md."""
    rijen = [(p, behoefte(p, aannames, kosten)) for p in PROFIELEN]
    regels = [
        "| | " + " | ".join(p.naam for p, _ in rijen) + " |",
        "|---" * (len(rijen) + 1) + "|",
    ]
    velden: tuple[tuple[str, Callable[[Behoefte], str]], ...] = (
        ("events a year", lambda b: f"{b.events_per_jaar / 1e6:,.2f} M"),
        ("commands/s, busiest hour", lambda b: f"{b.commands_piek_s:,.1f}"),
        ("events/s, busiest hour", lambda b: f"{b.events_piek_s:,.1f}"),
        ("werkplek pages/s, busiest hour", lambda b: f"{b.paginas_piek_s:,.1f}"),
        ("cores busy, busiest hour (of which PostgreSQL)", lambda b: f"{b.cores_piek:.2f} ({b.cores_postgres:.2f})"),
        ("cores to request in all", lambda b: f"{b.cores_aangevraagd:.1f}"),
        ("replicas × CPU request per service", lambda b: f"{b.replicas} × {b.cpu_per_replica_m}m"),
        ("betaalrun in 15 min: cores", lambda b: f"{b.cores_betaalrun:.2f}"),
        ("audit-store rebuild of the history: core-hours", lambda b: f"{b.rebuild_kernuren:,.1f}"),
        ("rebuild processes for one night", lambda b: f"{b.rebuild_processen}"),
        ("partitions per topic", lambda b: f"{b.partities}"),
        ("storage a year (stores + audit store)", lambda b: f"{b.opslag_gb_per_jaar:,.1f} GB"),
    )
    for naam, waarde in velden:
        regels.append(f"| {naam} | " + " | ".join(waarde(b) for _, b in rijen) + " |")
    return "\n".join(regels)


def main() -> None:
    """Print the model's table, and the same with twice the pages per user (the most uncertain assumption)."""
    print(tabel())
    print()
    print(tabel(replace(Aannames(), paginas_per_gebruiker_uur=120.0)))


if __name__ == "__main__":
    main()
