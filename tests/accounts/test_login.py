"""The login page (/dang-nhap/), the lock-out and logout."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from motcua.accounts.actions import create_official
from motcua.accounts.choices import Role
from motcua.accounts.models import LoginThrottle

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


def test_login_lockout_refuses_even_right_password_until_period_ends(
    client, officer, lockout_settings
):
    with time_machine.travel(START, tick=False) as traveller:
        # given 3 failures in a row (LOGIN_MAX_FAILURES = 3)
        for _ in range(3):
            response = _login(client, "tran.thi.b", "sai")
        # then the third answer already says locked, until 09:15 local time
        assert "thử lại sau 26/11/2025 09:15" in response.content.decode()
        # when the right password is given while locked, then it is refused
        traveller.shift(dt.timedelta(minutes=14))
        response = _login(client, "Tran.Thi.B", PASSWORD)
        assert response.status_code == 200
        assert "Tài khoản tạm khóa" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # when the period is over, then the right password works
        traveller.shift(dt.timedelta(minutes=2))
        response = _login(client, "Tran.Thi.B", PASSWORD)
        assert response.status_code == 302
        assert not LoginThrottle.objects.exists()


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
    assert "Tài khoản tạm khóa" in response.content.decode()
    assert LoginThrottle.objects.get(username="khong.ai").locked_until is not None


def test_login_lock_is_per_username(client, officer, counter_dt, lockout_settings):
    for _ in range(3):
        _login(client, "counter_dt", "sai")
    # the other user is not affected
    assert _login(client, "Tran.Thi.B", PASSWORD).status_code == 302


def test_admin_login_respects_lockout(client, lockout_settings):
    from django.contrib.auth.models import User

    User.objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    for _ in range(3):
        client.post("/admin/login/", {"username": "quantri", "password": "sai"})
    response = client.post("/admin/login/", {"username": "quantri", "password": PASSWORD})
    assert response.status_code == 200
    assert "Tài khoản tạm khóa" in response.content.decode()
    # and the site's login page sees the same lock
    assert "Tài khoản tạm khóa" in _login(client, "QuanTri", PASSWORD).content.decode()


def test_logout_requires_post_and_ends_session(client, officer):
    client.force_login(officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
