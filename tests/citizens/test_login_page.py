"""The citizen login page: register and log in with a one-time code, no password."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from motcua.accounts.models import Account
from motcua.notifications.providers import MemorySmsProvider

pytestmark = pytest.mark.django_db


def code() -> str:
    return re.search(r"\d{6}", MemorySmsProvider.sent[-1]["text"]).group(0)  # type: ignore[union-attr]


def test_register_then_login_with_code(client: Client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/cong-dan/dang-nhap/",
            {"register": "1", "full_name": "Trần Thị Hoa", "destination": "0912 000 222"},
        )
    assert response.status_code == 200
    assert "đã được gửi" in response.content.decode()
    response = client.post(
        "/cong-dan/dang-nhap/",
        {"register": "1", "full_name": "Trần Thị Hoa", "destination": "0912000222", "code": code()},
    )
    assert response.status_code == 302
    assert Account.objects.filter(phone="0912000222", kind="citizen").exists()
    assert client.get("/ho-so-cua-toi/").status_code == 200


def test_login_with_wrong_code_is_refused(
    client: Client, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cong-dan/dang-nhap/", {"destination": "0912345678"})
    response = client.post("/cong-dan/dang-nhap/", {"destination": "0912345678", "code": "12345x"})
    assert response.status_code == 422
    assert "không đúng" in response.content.decode()


def test_login_unknown_destination_asks_to_register(client: Client):
    response = client.post("/cong-dan/dang-nhap/", {"destination": "0999000111"})
    assert response.status_code == 422
    assert "đăng ký" in response.content.decode()


def test_five_wrong_codes_on_the_page_end_the_code(
    client: Client, citizen, django_capture_on_commit_callbacks
):
    """Issue 24, part 1: the wrong tries made through the login page count (nothing rolls
    them back), and the fifth ends the code: the right code after them logs nobody in."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cong-dan/dang-nhap/", {"destination": "0912345678"})
    right = code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        response = client.post("/cong-dan/dang-nhap/", {"destination": "0912345678", "code": wrong})
        assert response.status_code == 422
    response = client.post("/cong-dan/dang-nhap/", {"destination": "0912345678", "code": right})
    assert response.status_code == 422
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", ["/\\evil.com", "//evil.com", "https://evil.com/", "/\\/evil"])
def test_login_never_sends_the_citizen_to_another_site(
    client: Client, citizen, django_capture_on_commit_callbacks, target
):
    """Issue 24, part 5: `next` after the login stays on this site (a backslash path is
    another host to a browser)."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cong-dan/dang-nhap/", {"destination": "0912345678"})
    response = client.post(
        f"/cong-dan/dang-nhap/?next={target}", {"destination": "0912345678", "code": code()}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ho-so-cua-toi/"


def test_login_keeps_a_next_page_of_this_site(
    client: Client, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cong-dan/dang-nhap/", {"destination": "0912345678"})
    response = client.post(
        "/cong-dan/dang-nhap/?next=/nop-truc-tuyen/", {"destination": "0912345678", "code": code()}
    )
    assert response["Location"] == "/nop-truc-tuyen/"
