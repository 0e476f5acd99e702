"""The login page (/dang-nhap/), the lock-out and logout."""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from motcua.accounts.actions import create_official
from motcua.accounts.choices import Role

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-dung-1"
START = dt.datetime(2025, 11, 26, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def officer():
    return create_official(
        "Tran.Thi.B",
        full_name="Trần Thị B",
        unit="08914",
        role=Role.COUNTER,
        password=PASSWORD,
    ).user


def _login(client, username, password, next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def test_login_page_renders_in_vietnamese(client):
    response = client.get("/dang-nhap/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert '<label for="id_username">Tên đăng nhập</label>' in html
    assert '<label for="id_password">Mật khẩu</label>' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "http://" not in html and "https://" not in html  # no CDN


def test_login_success_redirects_to_next_or_default(client, officer):
    response = _login(client, "Tran.Thi.B", PASSWORD, next_url="/ho-so/")
    assert response.status_code == 302
    assert response["Location"] == "/ho-so/"
    client.logout()
    response = _login(client, "Tran.Thi.B", PASSWORD)
    assert response["Location"] == "/can-bo/"  # LOGIN_REDIRECT_URL: the official's start page


def test_login_wrong_password_shows_vietnamese_error(client, officer):
    response = _login(client, "Tran.Thi.B", "sai")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_lockout_refuses_even_right_password_and_says_how_long(
    client, officer, lockout_settings
):
    with time_machine.travel(START, tick=False) as traveller:
        # given 3 failures in a row (LOGIN_MAX_FAILURES = 3) from one address
        for _ in range(3):
            response = _login(client, "tran.thi.b", "sai")
        # then the third answer already says locked, for 15 minutes
        assert response.status_code == 429
        assert "Vui lòng thử lại sau 15 phút." in response.content.decode()
        # when the right password is given while locked, then it is refused
        traveller.shift(dt.timedelta(minutes=14))
        response = _login(client, "Tran.Thi.B", PASSWORD)
        assert response.status_code == 429
        assert "Tài khoản tạm khóa" in response.content.decode()
        assert "thử lại sau 1 phút" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # when the period is over, then the right password works and the count is gone
        traveller.shift(dt.timedelta(minutes=2))
        response = _login(client, "Tran.Thi.B", PASSWORD)
        assert response.status_code == 302
        assert not AccessAttempt.objects.exists()


def test_login_success_resets_failure_count(client, officer, lockout_settings):
    # given two failures, a success, then two more failures
    _login(client, "Tran.Thi.B", "sai")
    _login(client, "Tran.Thi.B", "sai")
    assert _login(client, "Tran.Thi.B", PASSWORD).status_code == 302
    client.logout()
    _login(client, "Tran.Thi.B", "sai")
    _login(client, "Tran.Thi.B", "sai")
    # then the account is not locked (the count restarted)
    assert _login(client, "Tran.Thi.B", PASSWORD).status_code == 302


def test_login_unknown_username_locks_like_a_real_one(client, lockout_settings):
    for _ in range(3):
        response = _login(client, "khong.ai", "sai")
    assert response.status_code == 429
    assert "Tài khoản tạm khóa" in response.content.decode()


def test_login_lock_is_per_username(client, officer, counter_dt, lockout_settings):
    for _ in range(3):
        _login(client, "counter_dt", "sai")
    # the other user is not affected
    assert _login(client, "Tran.Thi.B", PASSWORD).status_code == 302


def test_login_lock_is_per_client_address(officer, lockout_settings):
    # given 3 wrong passwords for the official from address A
    at_a, at_b = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(3):
        response = _login(at_a, "Tran.Thi.B", "sai")
    assert response.status_code == 429
    # then A is locked out, even with the right password
    assert _login(at_a, "Tran.Thi.B", PASSWORD).status_code == 429
    # but the official signs in from address B
    assert _login(at_b, "Tran.Thi.B", PASSWORD).status_code == 302


def test_login_lock_follows_the_trusted_proxys_client_address(settings, officer, lockout_settings):
    # given motcua behind a trusted proxy (10.0.0.2) that forwards the client's address
    settings.MOTCUA_TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]
    proxy = Client(REMOTE_ADDR="10.0.0.2")

    def through_proxy(client_address: str, password: str):
        return proxy.post(
            reverse("accounts:login"),
            {"username": "Tran.Thi.B", "password": password},
            HTTP_X_FORWARDED_FOR=client_address,
        )

    # when client A fails 3 times through the proxy
    for _ in range(3):
        response = through_proxy("203.0.113.7", "sai")
    # then A is locked out, B (through the same proxy) is not
    assert response.status_code == 429
    assert "thử lại sau 15 phút" in response.content.decode()
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    assert through_proxy("203.0.113.7", PASSWORD).status_code == 429
    assert through_proxy("198.51.100.9", PASSWORD).status_code == 302
    # and a forged header from outside the proxies does not pick the address
    direct = Client(REMOTE_ADDR="198.51.100.9")
    response = direct.post(
        reverse("accounts:login"),
        {"username": "Tran.Thi.B", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert response.status_code == 302


def test_admin_login_respects_lockout(client, lockout_settings):
    from django.contrib.auth.models import User

    User.objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    for _ in range(3):
        client.post("/admin/login/", {"username": "quantri", "password": "sai"})
    response = client.post("/admin/login/", {"username": "quantri", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản tạm khóa" in response.content.decode()
    # and the site's login page sees the same lock (case-folded username)
    assert "Tài khoản tạm khóa" in _login(client, "QuanTri", PASSWORD).content.decode()


def test_lock_lifted_by_the_it_team_command(client, officer, lockout_settings):
    for _ in range(3):
        _login(client, "Tran.Thi.B", "sai")
    out = io.StringIO()
    call_command("officials", "unlock", "Tran.Thi.B", stdout=out)
    assert "Đã mở khóa đăng nhập của 'Tran.Thi.B'" in out.getvalue()
    assert _login(client, "Tran.Thi.B", PASSWORD).status_code == 302
    # axes' own command does the same
    for _ in range(3):
        _login(client, "Tran.Thi.B", "sai")
    call_command("axes_reset_username", "tran.thi.b", stdout=io.StringIO())
    assert _login(client, "Tran.Thi.B", PASSWORD).status_code == 302


def test_logout_requires_post_and_ends_session(client, officer):
    client.force_login(officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
