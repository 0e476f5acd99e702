"""One-time codes: hashed, expire after 5 minutes, 5 tries, 3 codes per 15 minutes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from motcua.citizens.codes import CodeError, issue_code, verify_code
from motcua.citizens.models import OneTimeCode
from motcua.notifications.providers import MemorySmsProvider

pytestmark = pytest.mark.django_db


def last_sms_code() -> str:
    return re.search(r"\d{6}", MemorySmsProvider.sent[-1]["text"]).group(0)  # type: ignore[union-attr]


def test_code_is_sent_by_sms_and_stored_only_as_hash(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = issue_code("0912000111", purpose="login", ip="10.0.0.1")
    code = last_sms_code()
    assert code not in row.code_hash
    assert verify_code("0912000111", code, purpose="login")
    assert not verify_code("0912000111", code, purpose="login")  # once only


def test_code_by_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue_code("mai@example.vn", purpose="login")
    assert len(mail.outbox) == 1
    code = re.search(r"\d{6}", mail.outbox[0].body).group(0)  # type: ignore[union-attr]
    assert verify_code("mai@example.vn", code, purpose="login")


def test_code_expires_after_five_minutes(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue_code("0912000111", purpose="login")
    code = last_sms_code()
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)):
        assert not verify_code("0912000111", code, purpose="login")


def test_code_dies_after_five_wrong_attempts(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue_code("0912000111", purpose="login")
    code = last_sms_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert not verify_code("0912000111", wrong, purpose="login")
    assert not verify_code("0912000111", code, purpose="login")
    assert OneTimeCode.objects.get().attempts == 5


def test_three_codes_per_destination_per_fifteen_minutes():
    for index in range(3):
        issue_code("0912000111", purpose="login", ip=f"10.0.0.{index}")
    with pytest.raises(CodeError):
        issue_code("0912000111", purpose="login", ip="10.0.0.9")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        issue_code("0912000111", purpose="login", ip="10.0.0.9")


def test_three_codes_per_ip_per_fifteen_minutes():
    for index in range(3):
        issue_code(f"091200011{index}", purpose="login", ip="10.0.0.1")
    with pytest.raises(CodeError):
        issue_code("0912000119", purpose="login", ip="10.0.0.1")
