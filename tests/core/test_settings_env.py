"""Settings that come from the environment, read in a fresh process (settings load at import):
the public URL gives the allowed hosts, the trusted CSRF origin and HTTPS's settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'hosts': s.ALLOWED_HOSTS, 'origins': s.CSRF_TRUSTED_ORIGINS, "
    "'secure': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT], "
    "'hsts': s.SECURE_HSTS_SECONDS, 'proxies': [str(n) for n in s.MOTCUA_TRUSTED_PROXIES], "
    "'public': s.MOTCUA_PUBLIC_URL, 'generated_key': s.MOTCUA_SECRET_KEY_GENERATED}))"
)


def _settings(tmp_path, **env: str) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    base.update(
        DJANGO_SETTINGS_MODULE="motcua.settings", MOTCUA_DATA_DIR=str(tmp_path / "data"), **env
    )
    result = subprocess.run(  # noqa: S603 (our own fixed script)
        [sys.executable, "-c", SHOW],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_public_url_gives_allowed_host_csrf_origin_and_https(tmp_path):
    # given a province's public HTTPS address and one more host name for the intranet
    shown = _settings(
        tmp_path,
        MOTCUA_PUBLIC_URL="https://motcua.phutho.gov.vn/",
        MOTCUA_ALLOWED_HOSTS="motcua.intranet",
        MOTCUA_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/24",
    )

    # then the public host and the extra host are allowed, the public origin is trusted
    assert shown["hosts"] == ["motcua.phutho.gov.vn", "motcua.intranet"]
    assert shown["origins"] == ["https://motcua.phutho.gov.vn"]
    # and cookies are secure, HTTP is redirected, HSTS is a year
    assert shown["secure"] == [True, True, True]
    assert shown["hsts"] == 31536000
    assert shown["proxies"] == ["127.0.0.1/32", "10.0.0.0/24"]


def test_public_url_with_a_port_keeps_it_in_the_origin(tmp_path):
    shown = _settings(tmp_path, MOTCUA_PUBLIC_URL="https://motcua.example.vn:8443/")
    assert shown["origins"] == ["https://motcua.example.vn:8443"]
    assert shown["hosts"][0] == "motcua.example.vn"


def test_without_a_public_url_the_demo_defaults_stay(tmp_path):
    # given nothing in the environment (tests, `motcua demo`)
    shown = _settings(tmp_path)

    # then the loopback address, plain HTTP, no HSTS, nobody trusted as a proxy
    assert shown["public"] == "http://127.0.0.1:8000/"
    assert shown["hosts"] == ["127.0.0.1", "localhost", "testserver"]
    assert shown["secure"] == [False, False, False]
    assert shown["hsts"] == 0
    assert shown["proxies"] == []
    assert shown["generated_key"] is True


def test_a_bad_trusted_proxy_stops_the_start_in_vietnamese(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    base.update(
        DJANGO_SETTINGS_MODULE="motcua.settings",
        MOTCUA_DATA_DIR=str(tmp_path / "data"),
        MOTCUA_TRUSTED_PROXIES="nginx.local",
    )
    result = subprocess.run(  # noqa: S603 (our own fixed script)
        [sys.executable, "-c", SHOW],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "không phải địa chỉ IP hay dải mạng" in result.stderr
