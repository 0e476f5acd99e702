"""Logs for an operator's collector: one JSON object a line on stdout, each carrying the id
of the request it came from, and one line per request (issue 23, part 6).

- `RequestLogMiddleware` gives each request an id (the proxy's `X-Request-ID` when it is a
  short safe token, else a new one), returns it in the response's `X-Request-ID`, and logs one
  line per request on `motcua.requests`: method, path, status, duration, user id.
- `RequestIdFilter` puts that id on every record logged during the request (a context
  variable, as `core.request_address` keeps the client's address), so an error's traceback
  and the access log's lines join their request.
- `JsonFormatter` writes a record as one JSON line (`MOTCUA_LOG_FORMAT=json`, settings.LOGGING).

Personal data stays out (invariant 8): the path is logged without its query string, which may
carry an ID number or a phone (`/tra-cuu/?ma=...`, searches), with any run of 12 or more digits
in it masked (`mask_id_runs`: an ID number typed into an address), and the user by id only,
never by username (an ID number for citizens). Gunicorn's access log and nginx's follow the
same rule (`core.serving.PrivateAccessLogger`, deploy/nginx/motcua.conf).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

HEADER = "X-Request-ID"
# An incoming id is kept only if it is this: no spaces, quotes or control characters that
# could forge a log line or a header, and short.
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")

requests_log = logging.getLogger("motcua.requests")

# 12 digits or more in a row: an ID number (số định danh cá nhân, CCCD) or longer.
ID_RUN = re.compile(r"[0-9]{12,}")


def mask_id_runs(text: str) -> str:
    """`text` with each run of 12 or more digits masked but its last 3, as lists show an ID
    number (`core.idnumber.mask_id_number`): what any request line may hold in a log."""
    return ID_RUN.sub(lambda run: "*" * (len(run[0]) - 3) + run[0][-3:], text)


_request_id: ContextVar[str | None] = ContextVar("motcua_request_id", default=None)

# The attributes every LogRecord has: anything else on a record was passed as `extra`.
_STANDARD = {*logging.makeLogRecord({}).__dict__, "message", "asctime", "request_id"}


def current_request_id() -> str | None:
    """The id of the request being served; None outside a request (commands, the worker)."""
    return _request_id.get()


def request_id_from(header: str | None) -> str:
    """The proxy's id if it is a short safe token, else a new random one."""
    header = (header or "").strip()
    return header if SAFE_ID.fullmatch(header) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (None outside a request) to every record the handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC, ISO 8601), level, logger, message, the
    request id when there is one, the fields passed as `extra`, and the exception's
    traceback if any. Non-ASCII text is kept as is (Vietnamese messages stay readable)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _user_id(request: HttpRequest) -> int | str | None:
    """The id of the request's user, if the request already knew it: never a query of its
    own (a page that did not look at its user costs nothing more for being logged)."""
    user = getattr(request, "user", None)
    if user is not None and type(user) is not SimpleLazyObject:
        # set by the API's token authentication: a loaded user
        return user.pk if user.is_authenticated else None
    session = getattr(request, "session", None)
    if session is None or not session.accessed:
        return None
    value = session.get(SESSION_KEY)
    return int(value) if isinstance(value, str) and value.isdigit() else value


class RequestLogMiddleware:
    """Request id in and out, and one log line per request (first after the proxy's
    middleware, so that every other middleware's records carry the id and the duration
    counts them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            if requests_log.isEnabledFor(logging.INFO):
                duration_ms = round((time.perf_counter() - started) * 1000, 1)
                path = mask_id_runs(request.path)
                requests_log.info(
                    "%s %s %s %sms",
                    request.method,
                    path,
                    response.status_code,
                    duration_ms,
                    extra={
                        "method": request.method,
                        "path": path,
                        "status": response.status_code,
                        "duration_ms": duration_ms,
                        "user_id": _user_id(request),
                    },
                )
            return response
        finally:
            _request_id.reset(token)
