"""Shared pieces for benchmarks: servers, timing and summary statistics."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deploy.local.infra import EmbeddedPostgres, TansuBroker, free_port


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))
    return ordered[rank]


def latency_summary(seconds: list[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(max(ms), 2) if ms else float("nan"),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
    }


@dataclass
class Stopwatch:
    """Elapsed wall time of a block."""

    seconds: float = field(default=0.0)

    @contextmanager
    def running(self) -> Iterator[None]:
        """Time the block."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds = time.perf_counter() - started


def rate(count: int, seconds: float) -> float:
    """Events per second, rounded."""
    return round(count / seconds, 1) if seconds > 0 else float("inf")


def summary(values: list[float]) -> dict[str, Any]:
    """Median of the runs with their spread: min, max and (max - min) as a percentage of the median."""
    if not values:
        return {"median": None, "runs": []}
    median = statistics.median(values)
    low, high = min(values), max(values)
    return {
        "median": round(median, 3),
        "min": round(low, 3),
        "max": round(high, 3),
        "spread_pct": round((high - low) / median * 100, 1) if median else None,
        "runs": [round(v, 3) for v in values],
    }


@dataclass(frozen=True)
class Target:
    """What a figure should reach: `>=` or `<=` a value, with why (the issue or the law that set it)."""

    op: str
    value: float

    def met(self, figure: float | None) -> bool | None:
        """Whether the figure (a median) meets it; None when there is no figure."""
        if figure is None:
            return None
        return figure >= self.value if self.op == ">=" else figure <= self.value

    def __str__(self) -> str:
        return f"{self.op} {self.value:g}"


def figures(runs: list[dict[str, float]], targets: dict[str, Target]) -> dict[str, dict[str, Any]]:
    """Per figure name: the summary over runs, its target and whether the median meets it."""
    names: list[str] = []
    for run in runs:
        names += [n for n in run if n not in names]
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        entry = summary([run[name] for run in runs if name in run])
        target = targets.get(name)
        if target is not None:
            entry["target"] = str(target)
            entry["met"] = target.met(entry["median"])
        out[name] = entry
    return out


@contextmanager
def servers(name: str) -> Iterator[tuple[EmbeddedPostgres, TansuBroker]]:
    """An embedded PostgreSQL (fsync on) and a tansu broker on free ports for one benchmark; gone afterwards."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"regio-bench-{name}-"))
    pg = EmbeddedPostgres(data_dir, port=free_port(), durable=True)
    broker = TansuBroker(port=free_port())
    pg.start()
    broker.start()
    try:
        yield pg, broker
    finally:
        broker.stop()
        pg.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
