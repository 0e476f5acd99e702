"""`motcua serve` and `motcua worker` (issue 23): options, the checks that stop a production
start, and one real start of gunicorn behind a (simulated) trusted proxy."""

from __future__ import annotations

import io
import ipaddress
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from motcua.units.models import Agency
from tests.core.test_check_deploy import PRODUCTION

# The documented production settings on the embedded database: `serve` and `worker` open it
# for their checks, and nobody runs the example's PostgreSQL here.
SQLITE_PRODUCTION = {k: v for k, v in PRODUCTION.items() if k != "MOTCUA_DATABASE_URL"}


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(MOTCUA_DATA_DIR=str(tmp_path / "data"), **extra)
    return env


def _motcua(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "motcua.cli", *args],
        env=_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_help_lists_its_options(tmp_path):
    result = _motcua(tmp_path, "serve", "--help")

    assert result.returncode == 0
    for option in ("--bind", "--workers", "--threads", "--timeout", "--check-only"):
        assert option in result.stdout
    assert "MOTCUA_WORKERS" in result.stdout


def test_serve_refuses_a_bad_number_in_vietnamese(tmp_path):
    result = _motcua(tmp_path, "serve", "--workers", "0")

    assert result.returncode == 2
    assert "cần một số nguyên dương" in result.stderr


def test_serve_does_not_start_with_the_demo_settings(tmp_path):
    # given no production settings at all
    result = _motcua(tmp_path, "serve", "--check-only")

    # then the start is refused, saying what to set
    assert result.returncode != 0
    assert "MOTCUA_PUBLIC_URL" in result.stderr
    assert "Chưa cấu hình cổng SMS" in result.stderr


def test_serve_takes_its_settings_from_options_and_environment(tmp_path):
    # given the production settings, the workers from the environment
    result = _motcua(
        tmp_path,
        "serve",
        "--check-only",
        "--bind",
        "127.0.0.1:8123",
        "--timeout",
        "45",
        **{**SQLITE_PRODUCTION, "MOTCUA_WORKERS": "3"},
    )

    assert result.returncode == 0, result.stderr
    assert "127.0.0.1:8123, 3 tiến trình × 4 luồng, giới hạn 45 giây" in result.stdout
    assert "https://motcua.example.gov.vn/" in result.stdout


def test_debug_serves_without_the_production_settings(tmp_path):
    result = _motcua(tmp_path, "serve", "--check-only", MOTCUA_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_worker_runs_the_same_checks(tmp_path):
    refused = _motcua(tmp_path, "worker", "--check-only")
    assert refused.returncode != 0
    assert "Chưa cấu hình cổng SMS" in refused.stderr

    accepted = _motcua(tmp_path, "worker", "--check-only", **SQLITE_PRODUCTION)
    assert accepted.returncode == 0, accepted.stderr


# one worker with two threads, quiet: enough to prove the start on a 2-core machine
SMALL = ["--workers", "1", "--threads", "2", "--no-access-log"]


def _get(url: str, **headers: str) -> tuple[int, dict[str, str]]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (local test server)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_serve_runs_gunicorn_behind_the_trusted_proxy(tmp_path):
    # given a production start on a free port (nginx would forward to it from 127.0.0.1)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, "-m", "motcua.cli", "serve", "--bind", f"127.0.0.1:{port}", *SMALL],
        env=_env(tmp_path, **SQLITE_PRODUCTION, MOTCUA_STATIC_ROOT=str(tmp_path / "static")),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        status = 0
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, _ = _get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.5)
        # then the health check answers over plain HTTP (a local monitor)
        assert status == 200, server.stdout.read() if server.poll() is not None else ""
        # and the static files were collected for nginx, outside the data dir
        assert (tmp_path / "static" / "portal" / "site.css").exists()

        # a request that did not come through TLS is sent to the public HTTPS address
        status, headers = _get(f"{base}/dang-nhap/", Host="motcua.example.gov.vn")
        assert status == 301
        assert headers["Location"] == "https://motcua.example.gov.vn/dang-nhap/"

        # the proxy's word (127.0.0.1 is trusted) that the client used HTTPS is believed
        status, headers = _get(
            f"{base}/dang-nhap/",
            Host="motcua.example.gov.vn",
            **{"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
        )
        assert status == 200
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        # and the answer names the request, whose id the proxy may give
        status, headers = _get(f"{base}/healthz?ma=001099012345", **{"X-Request-ID": "nginx-0001"})
        assert headers["X-Request-ID"] == "nginx-0001"
        # and the monitoring reads the workers' metrics (multiprocess files in the data dir)
        with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:  # noqa: S310
            scraped = response.read().decode()
        healthz = 'motcua_request_duration_seconds_count{method="GET",status="2xx",view="healthz"}'
        assert healthz in scraped
        assert "motcua_database_up 0.0" in scraped  # this test's database is not migrated
        assert list((tmp_path / "data" / "metrics").glob("*.db"))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    # the production example logs JSON: gunicorn's lines and one per request, no query string
    output = server.stdout.read()
    logged = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert {"gunicorn.error", "motcua.requests"} <= {line["logger"] for line in logged}
    requests = [line for line in logged if line["logger"] == "motcua.requests"]
    assert [(line["path"], line["status"]) for line in requests[-4:]] == [
        ("/dang-nhap/", 301),
        ("/dang-nhap/", 200),
        ("/healthz", 200),
        ("/metrics", 200),
    ]
    assert requests[-2]["request_id"] == "nginx-0001"
    assert "001099012345" not in output
    plain = [line for line in output.splitlines() if not line.startswith("{")]
    assert not any("Booting worker" in line for line in plain)


def _production_settings(settings) -> None:
    settings.DEBUG = False
    settings.MOTCUA_PUBLIC_URL = "https://motcua.example.gov.vn/"
    settings.PUBLIC_HTTPS = True
    settings.MOTCUA_TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]
    settings.MOTCUA_SECRET_KEY_GENERATED = False
    settings.MOTCUA_AUDIT_KEY = "k" * 64
    settings.MOTCUA_AUDIT_KEY_GENERATED = False
    settings.MOTCUA_SMS_URL = "http://127.0.0.1:8025/sms"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    # `serve` records its worker count in the settings: restored after the test
    settings.MOTCUA_WORKERS = 2


@pytest.mark.django_db
def test_serve_reads_the_database_before_starting(settings):
    # given production settings, but the agencies still on the demo e-codes of `units import`
    _production_settings(settings)

    # then serve refuses, naming the command that loads the real codes
    with pytest.raises(SystemCheckError, match="motcua units load-codes"):
        call_command("serve", "--check-only", stdout=io.StringIO(), stderr=io.StringIO())

    # and once the province's codes are loaded, it would start
    Agency.objects.update(ecode_is_demo=False)
    out = io.StringIO()
    call_command("serve", "--check-only", stdout=out, stderr=io.StringIO())
    assert "https://motcua.example.gov.vn/" in out.getvalue()
