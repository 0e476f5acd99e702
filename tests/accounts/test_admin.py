"""The Vietnamese admin pages for officials, accounts, tokens and login locks."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from motcua.accounts.actions import create_token, record_login_failure
from motcua.accounts.models import ApiToken, LoginThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-qt"))
    return client


def test_admin_pages_render_for_superuser_not_for_official(
    admin_client, client, leader_vp, citizen, counter_vp
):
    token, raw_key = create_token(counter_vp, "t")
    record_login_failure("ai-do")
    pages = [
        "/admin/accounts/official/",
        f"/admin/accounts/official/{leader_vp.official.pk}/change/",
        "/admin/accounts/account/",
        "/admin/accounts/apitoken/",
        f"/admin/accounts/apitoken/{token.pk}/change/",
        "/admin/accounts/loginthrottle/",
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
    throttle = record_login_failure("ai-do")
    admin_client.post(
        "/admin/accounts/loginthrottle/",
        {"action": "unlock", "_selected_action": [throttle.pk]},
    )
    assert not LoginThrottle.objects.exists()
