"""Every answer of every service is one its OpenAPI documents: schemathesis' status-code conformance.

Schemathesis draws requests from each operation of each service's published OpenAPI (valid and not), a caller
with every role sends them to the real services, and every status that comes back must be listed for that
operation. Nothing here names a route: a new endpoint is in as soon as it is in the OpenAPI.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import status_code_conformance
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.case import Case

from libs.events.auth import Role
from tests.support import token

from .conftest import Platform

VOORBEELDEN = 6  # requests drawn per operation
IEDEREEN = token([r.value for r in Role], ["GM0014"], sub="conformance")


def _trek(operation: Any, aantal: int) -> list[Case]:
    """`aantal` requests schemathesis draws for one operation (positive and negative ones)."""
    cases: list[Case] = []

    @settings(
        max_examples=aantal,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy())
    def verzamel(case: Case) -> None:
        cases.append(case)

    verzamel()
    return cases[:aantal]


async def test_every_status_every_service_answers_is_documented_for_its_operation(platform: Platform) -> None:
    async with platform.up_every() as clients:
        problemen: list[str] = []
        geprobeerd = 0
        for naam, client in clients.items():
            schema = schemathesis.openapi.from_dict((await client.get("/api/v1/openapi.json")).json())
            for gevonden in schema.get_all_operations():
                operation = gevonden.ok()
                for case in _trek(operation, VOORBEELDEN):
                    verzoek = case.as_transport_kwargs(
                        base_url=str(client.base_url).rstrip("/") + "/api/v1", headers=IEDEREEN
                    )
                    response = await client.request(
                        verzoek["method"],
                        verzoek["url"],
                        params=verzoek.get("params"),
                        headers=verzoek.get("headers"),
                        json=verzoek.get("json"),
                        content=verzoek.get("data"),
                    )
                    geprobeerd += 1
                    try:
                        case.validate_response(response, checks=[status_code_conformance])
                    except FailureGroup:
                        problemen.append(f"{naam} {case.method} {case.path}: {response.status_code}")
        assert not problemen, "undocumented: " + "; ".join(sorted(set(problemen)))
        assert geprobeerd >= 500, geprobeerd
