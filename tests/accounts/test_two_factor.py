"""Two-step sign-in (accounts.twofactor): leaders, commune and province administrators and
supervisors give an authenticator code or a recovery code after their password."""

from __future__ import annotations

import base64
import logging
import re
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.actions import (
    confirm_authenticator,
    create_official,
    start_authenticator_enrolment,
)
from motcua.accounts.choices import Role

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]

PASSWORD = "mat-khau-dung-1"


def _code(key: bytes, step_offset: int = 0) -> str:
    return f"{hotp(key, int(time.time()) // 30 + step_offset):06d}"


@pytest.fixture
def leader():
    return create_official(
        "chu.tich.vp", full_name="Lê Văn Chủ", unit="08716", role=Role.LEADER, password=PASSWORD
    ).user


@pytest.fixture
def counter():
    return create_official(
        "mot.cua.vp", full_name="Lê Thị Quầy", unit="08716", role=Role.COUNTER, password=PASSWORD
    ).user


def _password_step(username: str) -> Client:
    client = Client()
    response = client.post("/dang-nhap/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrolled(user: User) -> tuple[TOTPDevice, list[str]]:
    device = start_authenticator_enrolment(user)
    codes = confirm_authenticator(user, device, _code(device.bin_key))
    assert codes is not None
    device.refresh_from_db()
    return device, codes


def test_leader_without_second_step_cannot_open_staff_pages_counter_can(leader, counter):
    # allowed: the counter officer's role needs no second step
    assert _password_step("mot.cua.vp").get("/can-bo/").status_code == 200
    # denied: the leader, with the password only, is sent to the code page, then to enrol
    client = _password_step("chu.tich.vp")
    response = client.get("/can-bo/")
    assert response.status_code == 302
    assert response["Location"] == "/xac-thuc/?next=%2Fcan-bo%2F"
    assert client.get("/xac-thuc/?next=/can-bo/")["Location"] == (
        "/xac-thuc/dang-ky/?next=%2Fcan-bo%2F"
    )
    # and the API with that session answers 403 in Vietnamese
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert "xác thực hai bước" in response.json()["detail"]


def test_enrolment_shows_qr_and_secret_then_recovery_codes_once(leader):
    client = _password_step("chu.tich.vp")
    page = client.get("/xac-thuc/dang-ky/?next=/can-bo/").content.decode()
    assert 'src="data:image/svg+xml' in page
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
    key = base64.b32decode(secret)
    # a wrong code is refused in Vietnamese, the secret stays the same
    response = client.post("/xac-thuc/dang-ky/", {"code": "000000", "next": "/can-bo/"})
    assert "Mã chưa đúng" in response.content.decode()
    assert f'data-secret="{secret}"' in response.content.decode()
    response = client.post("/xac-thuc/dang-ky/", {"code": "12ab", "next": "/can-bo/"})
    assert "Mã gồm đúng 6 chữ số." in response.content.decode()
    # django-otp waits after a wrong code (1 s, then 2 s...): past that wait
    TOTPDevice.objects.filter(user=leader).update(throttling_failure_count=0)
    # the app's code confirms it and shows ten recovery codes
    response = client.post("/xac-thuc/dang-ky/", {"code": _code(key), "next": "/can-bo/"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "chỉ hiện một lần này" in body
    assert len(re.findall(r"<li><code>[a-z2-7]{8}</code></li>", body)) == 10
    # the session is verified now
    assert client.get("/can-bo/").status_code == 200
    # and enrolment is closed once done
    assert client.get("/xac-thuc/dang-ky/")["Location"] == "/can-bo/"


def test_correct_totp_code_opens_staff_pages_wrong_one_does_not(leader):
    device, _ = _enrolled(leader)
    client = _password_step("chu.tich.vp")
    response = client.post("/xac-thuc/", {"code": "123", "next": "/can-bo/"})
    assert "Mã xác thực gồm 6 chữ số" in response.content.decode()
    wrong = f"{(int(_code(device.bin_key, 1)) + 1) % 1_000_000:06d}"
    response = client.post("/xac-thuc/", {"code": wrong, "next": "/can-bo/"})
    assert "Mã xác thực không đúng hoặc đã dùng" in response.content.decode()
    assert client.get("/can-bo/").status_code == 302
    # django-otp waits after a wrong code (throttling): the next right one is accepted later
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post("/xac-thuc/", {"code": _code(device.bin_key, 1), "next": "/can-bo/"})
    assert response.status_code == 302 and response["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200


def test_recovery_code_works_once(leader):
    _, codes = _enrolled(leader)
    client = _password_step("chu.tich.vp")
    response = client.post("/xac-thuc/", {"code": codes[0].upper(), "next": "/can-bo/"})
    assert response["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200
    assert StaticToken.objects.filter(token=codes[0]).count() == 0
    # the same code a second time is refused
    again = _password_step("chu.tich.vp")
    response = again.post("/xac-thuc/", {"code": codes[0], "next": "/can-bo/"})
    assert "Mã xác thực không đúng hoặc đã dùng" in response.content.decode()
    assert again.get("/can-bo/").status_code == 302


def test_admin_reset_of_two_factor_is_logged(leader, caplog):
    _enrolled(leader)
    # the province's IT administrator, signed in with their own second step
    admin = User.objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    device, _ = _enrolled(admin)
    client = _password_step("quantri")
    response = client.post("/xac-thuc/", {"code": _code(device.bin_key, 1), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    with caplog.at_level(logging.WARNING, logger="motcua.accounts"):
        response = client.post(
            "/admin/accounts/official/",
            {"action": "reset_two_factor", "_selected_action": [leader.official.pk]},
        )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=leader).exists()
    entry = LogEntry.objects.get(object_id=str(leader.pk))
    assert entry.user == admin
    assert "Đặt lại xác thực hai bước" in entry.change_message
    [record] = [r for r in caplog.records if getattr(r, "event", "") == "two_factor_reset"]
    assert record.actor == admin.pk and record.user == leader.pk
    # the leader enrols again at the next sign-in
    client = _password_step("chu.tich.vp")
    assert client.get("/xac-thuc/?next=/can-bo/")["Location"].startswith("/xac-thuc/dang-ky/")


def test_code_page_next_stays_on_this_site(leader):
    device, _ = _enrolled(leader)
    client = _password_step("chu.tich.vp")
    response = client.post(
        "/xac-thuc/", {"code": _code(device.bin_key, 1), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/can-bo/"


def test_a_superuser_owes_the_second_step_too():
    # a superuser made by `createsuperuser` holds no official's role, yet may do everything
    User.objects.create_superuser("it.tinh", "it@example.vn", PASSWORD)
    client = _password_step("it.tinh")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/xac-thuc/")
