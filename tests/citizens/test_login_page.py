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
