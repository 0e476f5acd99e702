"""JSON logs with a request id (issue 23, part 6): one line per request on `motcua.requests`,
the id taken from a safe `X-Request-ID` or made, returned, and carried by every line logged
during the request; no query string and no username in the log."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from motcua.core.logs import (
    JsonFormatter,
    RequestIdFilter,
    RequestLogMiddleware,
    current_request_id,
)

ID_NUMBER = "001099012345"


class Captured:
    """The JSON lines that motcua's loggers wrote, as the settings' handler writes them."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def of(self, logger: str) -> list[dict[str, Any]]:
        return [line for line in self.lines() if line["logger"] == logger]


@pytest.fixture
def captured() -> Iterator[Captured]:
    """motcua's loggers at INFO into a JSON handler (production's level and format)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("motcua")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield Captured(stream)
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_request_line_has_id_method_path_status_duration_and_user_id(
    captured: Captured, counter_vp: User
) -> None:
    # given a logged-in official
    client = Client()
    client.force_login(counter_vp)
    # when they open their home page with an ID number in the query string
    response = client.get(f"/can-bo/?q={ID_NUMBER}")
    # then the response names its request id, a new one
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    # and one JSON line says what was asked, by whom (id only), how it ended and how long
    [line] = captured.of("motcua.requests")
    assert line["level"] == "INFO"
    assert line["request_id"] == request_id
    assert line["method"] == "GET"
    assert line["path"] == "/can-bo/"
    assert line["status"] == response.status_code == 200
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] >= 0
    assert line["user_id"] == counter_vp.pk
    assert line["time"].endswith("+00:00")
    # and neither the query string nor the username is anywhere in the log
    text = captured.stream.getvalue()
    assert ID_NUMBER not in text
    assert "?q=" not in text
    assert counter_vp.get_username() not in text


def test_anonymous_request_is_logged_without_a_user(captured: Captured, db: None) -> None:
    response = Client().get(f"/tra-cuu/?ma={ID_NUMBER}")
    [line] = captured.of("motcua.requests")
    assert line["user_id"] is None
    assert line["path"] == "/tra-cuu/"
    assert line["status"] == response.status_code
    assert ID_NUMBER not in captured.stream.getvalue()


def test_api_token_user_is_logged_by_id(captured: Captured, api_client, counter_vp: User) -> None:
    api_client(counter_vp).get("/api/v1/dossiers")
    [line] = captured.of("motcua.requests")
    assert line["user_id"] == counter_vp.pk


def test_safe_incoming_request_id_is_kept(captured: Captured, db: None) -> None:
    # given a proxy that names its requests (nginx's $request_id)
    incoming = "5f0c9a2e8b7d4c1a9e3f6b2d8c7a1e4f"
    response = Client().get("/healthz", headers={"X-Request-ID": incoming})
    # then the app answers and logs under the same id
    assert response["X-Request-ID"] == incoming
    assert captured.of("motcua.requests")[0]["request_id"] == incoming


@pytest.mark.parametrize(
    "unsafe",
    [
        'abc"}\n{"level": "ERROR',  # a forged log line
        "a b c d e f g h",  # spaces
        "x" * 65,  # too long
        "short",  # too short to be an id
        "id-<script>-1234",
        "",
    ],
)
def test_unsafe_incoming_request_id_is_replaced(captured: Captured, db: None, unsafe: str) -> None:
    response = Client().get("/healthz", headers={"X-Request-ID": unsafe})
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert captured.of("motcua.requests")[0]["request_id"] == request_id
    if unsafe:
        assert unsafe not in captured.stream.getvalue()


def test_lines_logged_during_the_request_carry_its_id(captured: Captured) -> None:
    # given a view that logs something of its own
    def view(request: HttpRequest) -> HttpResponse:
        logging.getLogger("motcua.dossiers.access").info("user=1 opened dossier X")
        return HttpResponse("ok")

    middleware = RequestLogMiddleware(view)
    request = RequestFactory().get("/ho-so/X/", headers={"X-Request-ID": "req-0001-abcd"})
    # when the request is served
    middleware(request)
    # then the view's line and the request line carry the same id
    access, finished = captured.lines()
    assert access["logger"] == "motcua.dossiers.access"
    assert access["request_id"] == finished["request_id"] == "req-0001-abcd"
    # and after the request nothing carries it
    assert current_request_id() is None
    logging.getLogger("motcua.workcal").warning("outside")
    assert "request_id" not in captured.lines()[-1]


def test_json_line_keeps_vietnamese_and_the_traceback() -> None:
    logger = logging.getLogger("motcua.tests")
    try:
        raise ValueError("hỏng")
    except ValueError:
        record = logger.makeRecord(
            "motcua.tests", logging.ERROR, __file__, 1, "Lỗi %s", ("ký số",), sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Lỗi ký số"
    assert "Lỗi ký số" in line  # not escaped
    assert entry["level"] == "ERROR"
    assert "ValueError: hỏng" in entry["exception"]


# --- the settings: format and levels, read in a fresh process ------------------------------

LOG = """
import django, logging
django.setup()
from django.test import Client
logging.getLogger("motcua.dossiers.access").info("user=7 opened dossier X")
logging.getLogger("pyhanko").info("a library's info")
logging.getLogger("django.request").warning("a library's warning")
Client().get("/healthz?ma=001099012345")
"""


def _run(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    base.update(
        DJANGO_SETTINGS_MODULE="motcua.settings", MOTCUA_DATA_DIR=str(tmp_path / "data"), **env
    )
    return subprocess.run(  # noqa: S603 (our own fixed script)
        [sys.executable, "-c", LOG],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_json_format_writes_motcua_info_lines_to_stdout(tmp_path) -> None:
    done = _run(tmp_path, MOTCUA_LOG_FORMAT="json")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    # motcua's INFO lines pass (the access log, the request), a library's INFO does not
    assert [(line["logger"], line["level"]) for line in lines] == [
        ("motcua.dossiers.access", "INFO"),
        ("django.request", "WARNING"),
        ("motcua.requests", "INFO"),
    ]
    assert lines[2]["path"] == "/healthz"
    assert ID_NUMBER not in done.stdout
    assert "motcua" not in done.stderr


def test_text_format_is_the_default_and_keeps_motcua_at_warning(tmp_path) -> None:
    done = _run(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["WARNING django.request: a library's warning"]


def test_log_level_can_be_raised_or_lowered(tmp_path) -> None:
    done = _run(tmp_path, MOTCUA_LOG_FORMAT="json", MOTCUA_LOG_LEVEL="warning")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["logger"] for line in done.stdout.splitlines()] == ["django.request"]
    done = _run(tmp_path, MOTCUA_LOG_LEVEL="INFO")
    assert "INFO motcua.requests: GET /healthz 200" in done.stdout


def test_unknown_log_format_is_refused_in_vietnamese(tmp_path) -> None:
    done = _run(tmp_path, MOTCUA_LOG_FORMAT="xml")
    assert done.returncode != 0
    assert "MOTCUA_LOG_FORMAT: 'xml' không hợp lệ" in done.stderr


@pytest.mark.parametrize(("log_format", "access_log"), [("json", False), ("text", True)])
def test_serve_leaves_gunicorn_access_log_off_with_json(settings, log_format, access_log) -> None:
    # with JSON logs each request is already a line of motcua.requests
    from motcua.core.management.commands.serve import Command

    settings.MOTCUA_LOG_FORMAT = log_format
    parser = Command().create_parser("motcua", "serve")
    assert parser.parse_args([]).access_log is access_log
    assert parser.parse_args(["--no-access-log"]).access_log is False


def test_an_id_number_in_the_path_is_masked_in_the_request_line(
    captured: Captured, db: None
) -> None:
    # someone types an ID number into an address (no page takes one in its path)
    Client().get(f"/ho-so/{ID_NUMBER}/")

    [line] = captured.of("motcua.requests")
    assert ID_NUMBER not in captured.stream.getvalue()
    assert line["path"] == f"/ho-so/*********{ID_NUMBER[-3:]}/"
    # (12 digits standing alone: the request id is hex, and 12 of its digits may follow
    # each other by chance)
    assert not re.search(r"(?<![0-9a-f])[0-9]{12}(?![0-9a-f])", captured.stream.getvalue())


def test_gunicorns_access_log_line_holds_no_id_number() -> None:
    # given gunicorn configured as `motcua serve` configures it, access log on (text logs)
    from types import SimpleNamespace

    from gunicorn.config import Config

    from motcua.core.serving import gunicorn_config

    config = Config()
    for key, value in gunicorn_config(
        bind=["127.0.0.1:8000"],
        workers=1,
        threads=1,
        timeout=30,
        graceful_timeout=30,
        max_requests=0,
        access_log=True,
    ).items():
        config.set(key, value)
    logger = config.logger_class(config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.access_log.addHandler(handler)

    # when a search by ID number and an address holding one are logged
    for path, query in (("/ho-so/", f"tim={ID_NUMBER}"), (f"/x/{ID_NUMBER}", "")):
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"{path}?{query}",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_REFERER": f"https://motcua.example.gov.vn/ho-so/?tim={ID_NUMBER}",
            "HTTP_USER_AGENT": "test",
        }
        response = SimpleNamespace(status="200 OK", headers=[], sent=10)
        request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
        logger.access(response, request, environ, timedelta(milliseconds=5))
    logger.access_log.removeHandler(handler)

    # then the lines are written, with no ID number in them
    written = stream.getvalue()
    assert written.count("GET /") == 2, written
    assert ID_NUMBER not in written
    assert not re.search(r"[0-9]{12}", written)
