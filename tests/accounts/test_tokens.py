"""API tokens and GET /api/v1/me: bearer and session auth, revocation, 401 problem+json."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from motcua.accounts.actions import AccountError, create_token, revoke_token
from motcua.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def test_token_create_stores_only_the_hash(counter_vp):
    token, raw_key = create_token(counter_vp, "Kết nối thử")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw_key.startswith("mc_") and len(raw_key) > 40
    assert stored.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    assert stored.prefix == raw_key[:10]
    assert raw_key not in {stored.key_hash, stored.prefix, stored.name}


def test_token_bearer_authenticates_me_and_bad_token_is_401(counter_vp):
    _, raw_key = create_token(counter_vp, "t")
    # allowed: the right token
    response = Client(headers={"Authorization": f"Bearer {raw_key}"}).get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == "counter_vp"
    assert ApiToken.objects.get().last_used_at is not None
    # denied: a wrong token, no token, another scheme
    for headers in (
        {"Authorization": f"Bearer {raw_key}x"},
        {"Authorization": "Bearer mc_khong-dung"},
        {},
        {"Authorization": f"Token {raw_key}"},
    ):
        response = Client(headers=headers).get(ME)
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["status"] == 401


def test_token_revoked_is_401(counter_vp):
    token, raw_key = create_token(counter_vp, "t")
    client = Client(headers={"Authorization": f"Bearer {raw_key}"})
    assert client.get(ME).status_code == 200
    revoke_token(token)
    assert client.get(ME).status_code == 401


def test_token_of_inactive_user_is_401(counter_vp):
    _, raw_key = create_token(counter_vp, "t")
    counter_vp.is_active = False
    counter_vp.save()
    assert Client(headers={"Authorization": f"Bearer {raw_key}"}).get(ME).status_code == 401


def test_me_with_session_login(client, counter_dt):
    assert client.get(ME).status_code == 401
    client.force_login(counter_dt)
    assert client.get(ME).json()["unit"] == "08914"


def test_me_official_shows_roles_positions_and_scope(api_client, leader_vp):
    body = api_client(leader_vp).get(ME).json()
    assert body["kind"] == "official"
    assert body["full_name"] == "Lê Quang Hưng"
    assert body["roles"] == ["leader"]
    assert body["unit"] == "08716"
    assert body["scope"] == ["08716"]
    [position] = body["positions"]
    assert position["title"] == "chairman"
    assert position["title_label"] == "Chủ tịch UBND"
    assert position["agency"] == "peoples_committee"


def test_me_province_supervisor_scope_is_province(api_client, province_supervisor):
    body = api_client(province_supervisor).get(ME).json()
    assert body["scope"] == "province"
    assert body["roles"] == ["province_supervisor"]


def test_me_citizen_and_volunteer(api_client, citizen, volunteer):
    body = api_client(citizen).get(ME).json()
    assert (body["kind"], body["roles"], body["scope"], body["unit"]) == ("citizen", [], [], None)
    body = api_client(volunteer).get(ME).json()
    assert (body["kind"], body["unit"]) == ("volunteer", "08716")


def test_token_user_has_the_positions_of_the_login(
    counter_vp, counter_dt, province_supervisor, citizen
):
    """The token's user stands where the login stands: the same active positions and
    scope, an ended post left out."""
    from motcua.accounts.actions import add_position, authenticate_token, deactivate_position
    from motcua.accounts.queries import scope_unit_codes, standing_of

    # counter_dt also holds a post at Vĩnh Phúc's PSC (kiêm nhiệm), then an ended one
    official = counter_dt.official
    add_position(official, unit="08716", role="counter")
    ended = add_position(official, unit="04960", role="counter")
    deactivate_position(ended)
    for user in (counter_vp, counter_dt, province_supervisor, citizen):
        read = authenticate_token(create_token(user, "t")[1])
        assert read is not None and read.pk == user.pk
        fresh = type(user).objects.get(pk=user.pk)
        assert standing_of(read) == standing_of(fresh)
        assert scope_unit_codes(read) == scope_unit_codes(fresh)
    both = standing_of(authenticate_token(create_token(counter_dt, "t")[1]))
    assert [unit for unit, _ in both.positions] == ["08716", "08914"]


def test_token_expires_after_the_configured_days_with_a_vietnamese_401(settings, counter_vp):
    settings.MOTCUA_API_TOKEN_DAYS = 30
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        token, raw_key = create_token(counter_vp, "t")
        assert token.expires_at == start + dt.timedelta(days=30)
        client = Client(headers={"Authorization": f"Bearer {raw_key}"})
        # allowed: the day before it expires
        traveller.shift(dt.timedelta(days=29, hours=23))
        assert client.get(ME).status_code == 200
        # denied: once expired, with a problem detail that says so
        traveller.shift(dt.timedelta(hours=1))
        response = client.get(ME)
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/problem+json")
        assert "đã hết hạn lúc 15:00 01/04/2026" in response.json()["detail"]


def test_token_days_out_of_range_refused(counter_vp):
    with pytest.raises(AccountError, match="từ 1 đến 730"):
        create_token(counter_vp, "t", days=0)


def test_read_only_token_reads_but_gets_403_on_post(counter_vp):
    _, read_key = create_token(counter_vp, "đọc", read_only=True)
    _, write_key = create_token(counter_vp, "ghi")
    reader = Client(headers={"Authorization": f"Bearer {read_key}"})
    writer = Client(headers={"Authorization": f"Bearer {write_key}"})
    # allowed: reading
    assert reader.get(ME).status_code == 200
    assert reader.get("/api/v1/dossiers").status_code == 200
    # denied: any write, before its input is even looked at
    response = reader.post("/api/v1/dossiers", {}, content_type="application/json")
    assert response.status_code == 403
    assert "chỉ được đọc" in response.json()["detail"]
    # the same write with a read-write token passes authentication (then its input is checked)
    response = writer.post("/api/v1/dossiers", {}, content_type="application/json")
    assert response.status_code == 422


def test_token_command_creates_read_only_token_with_days(counter_vp):
    out = io.StringIO()
    call_command(
        "token", "create", "counter_vp", "--days", "7", "--read-only", "--name", "x", stdout=out
    )
    token = ApiToken.objects.get()
    assert token.read_only
    assert "chỉ đọc" in out.getvalue() and "hết hạn" in out.getvalue()
