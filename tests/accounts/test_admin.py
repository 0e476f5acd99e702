"""The Vietnamese admin pages for officials, accounts, tokens and login locks."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client

from motcua.accounts.actions import create_token
from motcua.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-qt"))
    return client


def test_admin_pages_render_for_superuser_not_for_official(
    admin_client, client, leader_vp, citizen, counter_vp
):
    token, raw_key = create_token(counter_vp, "t")
    Client().post("/dang-nhap/", {"username": "ai-do", "password": "sai"})
    pages = [
        "/admin/accounts/official/",
        f"/admin/accounts/official/{leader_vp.official.pk}/change/",
        "/admin/accounts/account/",
        "/admin/accounts/apitoken/",
        f"/admin/accounts/apitoken/{token.pk}/change/",
        "/admin/accounts/loginlock/",
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    body = admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.key_hash in body and raw_key not in body
    # an official without staff rights is sent to the admin login
    admin_client.logout()
    client.force_login(counter_vp)
    assert client.get("/admin/accounts/official/").status_code == 302


def test_admin_actions_revoke_tokens_and_unlock(admin_client, counter_vp):
    token, _ = create_token(counter_vp, "t")
    admin_client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    # the province IT team lifts a lock at one address in the Vietnamese admin page
    Client(REMOTE_ADDR="203.0.113.7").post("/dang-nhap/", {"username": "Ai-Do", "password": "sai"})
    Client(REMOTE_ADDR="198.51.100.9").post("/dang-nhap/", {"username": "ai-do", "password": "x"})
    attempt = AccessAttempt.objects.get(username="ai-do", ip_address="203.0.113.7")
    page = admin_client.get("/admin/accounts/loginlock/").content.decode()
    assert "Địa chỉ máy" in page and "203.0.113.7" in page
    admin_client.post(
        "/admin/accounts/loginlock/", {"action": "unlock", "_selected_action": [attempt.pk]}
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.9"]


def test_admin_password_change_applies_the_policy_in_vietnamese(admin_client, counter_vp):
    url = f"/admin/auth/user/{counter_vp.pk}/password/"
    response = admin_client.post(
        url, {"password1": "ngan", "password2": "ngan", "usable_password": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mật khẩu này quá ngắn: cần ít nhất 12 ký tự." in body
    response = admin_client.post(
        url,
        {
            "password1": "Mot-cua-dai-2026",
            "password2": "Mot-cua-dai-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    counter_vp.refresh_from_db()
    assert counter_vp.check_password("Mot-cua-dai-2026")
