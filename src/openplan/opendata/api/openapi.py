"""What the OpenAPI document says beyond what ninja derives from the operations: errors are
``application/problem+json``, reads may answer 304 and carry ETag and Last-Modified, the data
licence, and the token security scheme's scopes."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from openplan.opendata.api.problems import CONTENT_TYPE

PROBLEM_REF = {"$ref": "#/components/schemas/ProblemOut"}
READ_HEADERS = {
    "ETag": {"description": "A tag of this representation.", "schema": {"type": "string"}},
    "Last-Modified": {
        "description": "When what the response shows last changed (when known).",
        "schema": {"type": "string"},
    },
    "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}},
}


def _problems(responses: dict[str, Any]) -> None:
    for status, response in responses.items():
        if str(status).isdigit() and int(status) >= 400:
            response["content"] = {CONTENT_TYPE: {"schema": PROBLEM_REF}}


def complete(schema: Any, extra_components: dict[str, Any]) -> Any:
    schema.setdefault("components", {}).setdefault("schemas", {}).update(extra_components)
    schema["info"]["license"] = {"name": "Data licence", "url": settings.OPENPLAN_DATA_LICENCE}
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            _problems(responses)
            if method == "get":
                responses[200]["headers"] = READ_HEADERS
                responses[304] = {"description": "Not modified: the copy you hold is current."}
    return schema
