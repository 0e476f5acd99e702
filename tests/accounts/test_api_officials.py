"""GET /api/v1/officials: scoped list of officials, with a query-count test."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.actions import add_position, create_official
from motcua.accounts.choices import Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/officials"


def test_officials_list_commune_official_sees_own_commune_only(
    api_client, counter_vp, specialist_vp, counter_dt
):
    body = api_client(counter_vp).get(URL).json()
    assert body["count"] == 2
    assert {item["username"] for item in body["items"]} == {"counter_vp", "specialist_vp"}
    body = api_client(counter_dt).get(URL).json()
    assert [item["username"] for item in body["items"]] == ["counter_dt"]


def test_officials_list_province_sees_all_citizen_denied(
    api_client, province_supervisor, counter_vp, counter_dt, citizen
):
    assert api_client(province_supervisor).get(URL).json()["count"] == 3
    response = api_client(citizen).get(URL)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")


def test_officials_list_query_count_does_not_grow(api_client, province_supervisor):
    client = api_client(province_supervisor)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    create_official("a0", full_name="A 0", unit="08716", role=Role.COUNTER)
    count_queries()  # the token's first use also records last_used_at
    few = count_queries()
    for index in range(1, 8):
        official = create_official(
            f"a{index}", full_name=f"A {index}", unit="08914", role=Role.SPECIALIST
        )
        add_position(official, unit="04960", role=Role.REGISTRAR)
    assert count_queries() == few


def test_officials_usernames_only_to_who_hands_dossiers_over(
    api_client, counter_vp, specialist_vp, province_supervisor
):
    # allowed: the counter officer transfers dossiers to a specialist by username
    items = api_client(counter_vp).get(URL).json()["items"]
    assert {item["username"] for item in items} == {"counter_vp", "specialist_vp"}
    # denied: a specialist sees names only, and their own username
    items = api_client(specialist_vp).get(URL).json()["items"]
    by_name = {item["full_name"]: item["username"] for item in items}
    assert by_name["Trần Văn Minh"] == "specialist_vp"
    assert [u for n, u in by_name.items() if n != "Trần Văn Minh"] == [None]
    # denied: the province supervisor oversees, never transfers
    items = api_client(province_supervisor).get(URL).json()["items"]
    assert {item["username"] for item in items} == {None, "province_supervisor"}
