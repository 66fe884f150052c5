"""Request ids and structured logs: every request gets an id (the proxy's ``X-Request-ID`` if it
is a sane one, a new one otherwise), sent back in the response and put on every log record made
while the request runs; ``JsonFormatter`` writes one JSON object per line."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
logger = logging.getLogger("openplan.request")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        token = request_id.set(given if SANE_ID.match(given) else uuid.uuid4().hex)
        try:
            response = self.get_response(request)
            response[HEADER] = request_id.get()
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record (empty outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, and the
    exception when there is one. Arguments are formatted into the message first."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
