"""Fail-closed production checks of notifications (issue 23): a real SMS gateway and a real
e-mail backend, or `motcua serve` refuses to start."""

from __future__ import annotations

from motcua.notifications.checks import check_mail_backend, check_sms_provider

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def test_no_sms_gateway_is_refused_in_vietnamese(settings):
    settings.DEBUG = False
    settings.MOTCUA_SMS_URL = ""

    [error] = check_sms_provider()

    assert error.id == "motcua.E003"
    assert "Chưa cấu hình cổng SMS" in error.msg
    assert "MOTCUA_SMS_URL" in error.hint


def test_an_sms_gateway_or_the_simulator_by_url_passes(settings):
    settings.DEBUG = False
    settings.MOTCUA_SMS_URL = "http://127.0.0.1:8025/sms"  # `motcua sms-simulator`
    assert check_sms_provider() == []

    settings.MOTCUA_SMS_URL = ""
    settings.DEBUG = True
    assert check_sms_provider() == []


def test_an_email_backend_that_sends_nothing_is_refused(settings):
    settings.DEBUG = False
    settings.MAILERS = {"default": {"BACKEND": CONSOLE, "OPTIONS": {}}}

    [error] = check_mail_backend()

    assert error.id == "motcua.E004"
    assert "Thư điện tử không được gửi thật" in error.msg
    assert "MOTCUA_SMTP_HOST" in error.hint


def test_smtp_passes(settings):
    settings.DEBUG = False
    settings.MAILERS = {"default": {"BACKEND": SMTP, "OPTIONS": {"host": "mail.tinh.gov.vn"}}}
    assert check_mail_backend() == []
