"""The capacity model: its outcome grows with the workload, and the manifest's defaults are what it says."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from deploy.capaciteit import G4, LAND, STANDAARD, Aannames, Profiel, behoefte

K8S = Path(__file__).resolve().parents[2] / "deploy/k8s/regio.yaml"


def test_the_manifest_runs_the_replicas_partitions_and_cpu_the_model_gives_its_standard_region() -> None:
    nodig = behoefte(STANDAARD)
    documenten = [d for d in yaml.safe_load_all(K8S.read_text(encoding="utf-8")) if d]
    config = next(d for d in documenten if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "regio-config")
    assert int(config["data"]["KAFKA_TOPIC_PARTITIONS"]) == nodig.partities
    diensten = [d for d in documenten if d["kind"] == "Deployment"]
    assert diensten and {d["spec"]["replicas"] for d in diensten} == {nodig.replicas}
    containers = [c for d in diensten for c in d["spec"]["template"]["spec"]["containers"]]
    verzoeken = {c["resources"]["requests"]["cpu"] for c in containers}
    assert f"{nodig.cpu_per_replica_m}m" in verzoeken


def test_cpu_and_storage_grow_in_proportion_to_the_uitkeringen() -> None:
    een, twee = behoefte(Profiel("a", 50_000)), behoefte(Profiel("b", 100_000))
    assert abs(twee.cores_piek - 2 * een.cores_piek) < 1e-9
    assert abs(twee.opslag_gb_per_jaar - 2 * een.opslag_gb_per_jaar) < 1e-9
    assert abs(twee.rebuild_kernuren - 2 * een.rebuild_kernuren) < 1e-9


def test_partitions_leave_room_to_double_the_instances_and_the_rebuild_processes() -> None:
    for profiel in (G4, LAND, Profiel("groot", 2_000_000)):
        nodig = behoefte(profiel)
        assert nodig.partities >= 2 * max(nodig.replicas, nodig.rebuild_processen)
        assert nodig.rebuild_kernuren / nodig.rebuild_processen <= Aannames().rebuild_venster_uren


def test_a_busier_workload_asks_more_instances_rather_than_more_than_a_core_each() -> None:
    drukker = replace(Aannames(), paginas_per_gebruiker_uur=600.0)
    gewoon, druk = behoefte(LAND), behoefte(LAND, drukker)
    assert druk.replicas > gewoon.replicas and druk.cpu_per_replica_m <= 1000
    assert druk.cores_aangevraagd >= druk.cores_piek / drukker.benutting
