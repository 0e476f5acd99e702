"""Fail-closed production checks of core (issue 23): the public URL and the secret key.

Each fires outside debug with its Vietnamese message and is silent under correct settings.
"""

from __future__ import annotations

import ipaddress

import pytest

from motcua.core.checks import (
    check_audit_key,
    check_public_url,
    check_secret_key,
    check_trusted_proxies,
)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",  # the default: MOTCUA_PUBLIC_URL not set
        "http://localhost/",
        "https://[::1]/",
        "http://0.0.0.0:8000/",
    ],
)
def test_loopback_or_missing_public_url_is_refused(settings, url):
    settings.DEBUG = False
    settings.MOTCUA_PUBLIC_URL = url

    [error] = check_public_url()

    assert error.id == "motcua.E001"
    assert "MOTCUA_PUBLIC_URL chưa được đặt hoặc trỏ về chính máy chủ" in error.msg
    assert "Đặt MOTCUA_PUBLIC_URL" in error.hint


def test_a_public_url_that_is_no_address_is_refused(settings):
    settings.DEBUG = False
    settings.MOTCUA_PUBLIC_URL = "motcua.tinh.gov.vn"

    [error] = check_public_url()

    assert "không phải một địa chỉ web" in error.msg


def test_a_real_public_url_passes_and_debug_is_never_stopped(settings):
    settings.DEBUG = False
    settings.MOTCUA_PUBLIC_URL = "https://motcua.phutho.gov.vn/"
    assert check_public_url() == []

    settings.DEBUG = True
    settings.MOTCUA_PUBLIC_URL = "http://127.0.0.1:8000/"
    assert check_public_url() == []


def test_generated_secret_key_with_several_processes_is_refused(settings):
    settings.DEBUG = False
    settings.MOTCUA_SECRET_KEY_GENERATED = True
    settings.MOTCUA_WORKERS = 4

    [error] = check_secret_key()

    assert error.id == "motcua.E002"
    assert "Khóa bí mật được tự sinh" in error.msg
    assert "4 tiến trình" in error.msg
    assert "MOTCUA_SECRET_KEY" in error.hint


def test_secret_key_from_the_environment_or_one_process_passes(settings):
    settings.DEBUG = False
    settings.MOTCUA_SECRET_KEY_GENERATED = False
    settings.MOTCUA_WORKERS = 4
    assert check_secret_key() == []

    settings.MOTCUA_SECRET_KEY_GENERATED = True
    settings.MOTCUA_WORKERS = 1
    assert check_secret_key() == []


def test_the_checks_are_deployment_checks_only():
    """Plain `motcua check` (and migrate, runserver, the tests) never runs them."""
    from django.core.checks import registry

    plain = registry.registry.get_checks(include_deployment_checks=False)
    deploy = registry.registry.get_checks(include_deployment_checks=True)
    assert check_public_url not in plain
    assert check_public_url in deploy


def test_https_public_url_without_a_trusted_proxy_is_refused(settings):
    settings.DEBUG = False
    settings.PUBLIC_HTTPS = True
    settings.MOTCUA_TRUSTED_PROXIES = []

    [error] = check_trusted_proxies()

    assert error.id == "motcua.E007"
    assert "chưa khai báo proxy tin cậy" in error.msg
    assert "MOTCUA_TRUSTED_PROXIES=127.0.0.1" in error.hint


def test_https_public_url_with_its_proxy_passes(settings):
    settings.DEBUG = False
    settings.PUBLIC_HTTPS = True
    settings.MOTCUA_TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]
    assert check_trusted_proxies() == []


def test_a_generated_audit_key_is_refused_in_production(settings):
    settings.DEBUG = False
    settings.MOTCUA_AUDIT_KEY = ""
    settings.MOTCUA_AUDIT_KEY_GENERATED = True

    [error] = check_audit_key()

    assert error.id == "motcua.E020"
    assert "khóa niêm phong lịch sử hồ sơ" in error.msg
    assert "MOTCUA_AUDIT_KEY_FILE" in error.hint


def test_an_audit_key_file_that_does_not_read_is_refused(settings, tmp_path):
    settings.DEBUG = False
    settings.MOTCUA_AUDIT_KEY = ""
    settings.MOTCUA_AUDIT_KEY_GENERATED = False
    settings.MOTCUA_AUDIT_KEY_FILE = tmp_path / "absent.key"

    [error] = check_audit_key()
    assert "Không đọc được khóa" in error.msg

    settings.MOTCUA_AUDIT_KEY_FILE.write_text("a" * 64)
    assert check_audit_key() == []


def test_an_audit_key_in_the_environment_passes_and_debug_is_never_stopped(settings):
    settings.DEBUG = False
    settings.MOTCUA_AUDIT_KEY = "k" * 64
    settings.MOTCUA_AUDIT_KEY_GENERATED = False
    assert check_audit_key() == []

    settings.DEBUG = True
    settings.MOTCUA_AUDIT_KEY = ""
    settings.MOTCUA_AUDIT_KEY_GENERATED = True
    assert check_audit_key() == []
