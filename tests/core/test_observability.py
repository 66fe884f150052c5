"""Request ids on responses and log records; JSON log lines."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from openplan.core.observability import JsonFormatter, RequestIdFilter, request_id

pytestmark = pytest.mark.django_db


def test_every_response_has_a_request_id(client: Client) -> None:
    first, second = client.get("/")["X-Request-ID"], client.get("/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_sane_id_from_the_proxy_is_kept_and_a_strange_one_replaced(client: Client) -> None:
    assert client.get("/", HTTP_X_REQUEST_ID="proxy-1234abcd")["X-Request-ID"] == "proxy-1234abcd"
    replaced = client.get("/", HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
    assert replaced != "<script>\n" and len(replaced) == 32


def test_log_records_carry_the_request_id_as_json() -> None:
    record = logging.LogRecord("openplan.test", logging.WARNING, __file__, 1, "%s ü", ("x",), None)
    token = request_id.set("abc123abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "x ü" and line["request_id"] == "abc123abc123"
    assert line["level"] == "WARNING" and line["time"].endswith("+00:00")


def test_exceptions_are_logged_whole() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    assert "ValueError: boom" in json.loads(JsonFormatter().format(record))["exception"]
