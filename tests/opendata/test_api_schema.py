"""schemathesis against the OpenAPI document: for every operation, at most 25 generated requests
(derandomized, so every run sends the same ones; in-process WSGI, no network), and every answer
is not a server error, has a documented status, content type and headers, and matches its
schema. Plus: the document is OpenAPI 3.1 and the docs page loads nothing from elsewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.opendata.world import Participation, add_participation, build

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# The document is read without the database (an anonymous GET of openapi.json).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def world(db: None) -> Iterator[Participation]:
    """Data to read (with consultations and shown, hidden and held proposals), and the test's
    database connection kept open: a WSGI request ends with Django closing old connections
    (on PostgreSQL, the test's own), which Django's test client prevents in the same way."""
    part = add_participation(build(members=1, plans=1, per_plan=2))
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield part
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.usefixtures("world")
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_to_its_description(case: Any) -> None:
    response = case.call()
    case.validate_response(response, checks=CHECKS)


def test_participation_answers_keep_to_their_description(world: Participation) -> None:
    """Generated identifiers rarely name an existing consultation or proposal: these cases
    read the real ones (shown, hidden, held, draft) through the same checks."""
    assert world.hidden is not None and world.pending is not None
    cases = [
        ("/api/v1/consultations", {}, {"status": "archived", "limit": 1}),
        ("/api/v1/consultations/{pk}", {"pk": world.published.pk}, {}),
        ("/api/v1/consultations/{pk}", {"pk": world.draft.pk}, {}),
        ("/api/v1/consultations/{pk}/proposals", {"pk": world.published.pk}, {"limit": 2}),
        ("/api/v1/proposals/{pk}", {"pk": world.proposals[0].pk}, {}),
        ("/api/v1/proposals/{pk}", {"pk": world.hidden.pk}, {}),
        ("/api/v1/proposals/{pk}", {"pk": world.pending.pk}, {}),
        ("/api/v1/consultations/{pk}/meetings", {"pk": world.published.pk}, {"limit": 2}),
        ("/api/v1/meetings/{pk}", {"pk": world.meetings[0].pk}, {}),
        ("/api/v1/meetings/{pk}", {"pk": world.meetings[1].pk}, {}),
    ]
    statuses = []
    for path, parameters, query in cases:
        case = schema[path]["GET"].Case(path_parameters=parameters, query=query)
        response = case.call()
        case.validate_response(response, checks=CHECKS)
        statuses.append(response.status_code)
    assert statuses == [200, 200, 404, 200, 200, 200, 404, 200, 200, 200]


def test_the_document_is_openapi_3_1(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    problem = document["paths"]["/api/v1/commitments"]["get"]["responses"]["400"]
    assert list(problem["content"]) == ["application/problem+json"]


def test_the_docs_page_loads_only_local_files(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in addresses
    assert "/static/ninja/swagger-ui.css" in addresses
    assert all(a.startswith("/") and not a.startswith("//") for a in addresses), addresses
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html
    assert '"validatorUrl": null' in html  # Swagger UI would otherwise call a public validator
    for address in addresses:
        assert client.get(address).status_code == 200, address
