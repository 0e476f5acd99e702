"""`/api/v1/units`: listing (paginated), filtering and one unit with its agencies."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_units_list_province_communes_paginated(client):
    response = client.get("/api/v1/units", {"province": "25", "level": "commune", "limit": 10})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 148
    assert len(body["items"]) == 10
    assert body["items"][0]["province"] == "25"
    second = client.get(
        "/api/v1/units", {"province": "25", "level": "commune", "limit": 10, "offset": 10}
    ).json()
    assert {item["code"] for item in second["items"]}.isdisjoint(
        {item["code"] for item in body["items"]}
    )


def test_units_list_whole_country_communes(client):
    body = client.get("/api/v1/units", {"level": "commune", "limit": 1}).json()
    assert body["count"] == 3321


def test_units_list_provinces(client):
    body = client.get("/api/v1/units", {"level": "province", "limit": 50}).json()
    assert body["count"] == 34
    assert all(len(item["code"]) == 2 for item in body["items"])


def test_units_list_search_without_diacritics(client):
    body = client.get("/api/v1/units", {"province": "25", "q": "dao tru"}).json()
    assert [item["code"] for item in body["items"]] == ["08914"]


def test_units_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get("/api/v1/units", {"level": "commune", "limit": 5})
    with django_assert_max_num_queries(2):
        client.get("/api/v1/units", {"level": "commune", "limit": 500})


def test_units_list_bad_filters_are_problems(client):
    response = client.get("/api/v1/units", {"level": "district"})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert "level" in response.json()["detail"]
    assert client.get("/api/v1/units", {"limit": 0}).status_code == 422
    assert client.get("/api/v1/units", {"province": "abc"}).status_code == 422


def test_unit_detail_has_agencies(client):
    response = client.get("/api/v1/units/08914")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Xã Đạo Trù"
    assert "Xã Đạo Trù" in response.content.decode("utf-8")  # UTF-8, not \u escapes
    assert response["Content-Type"].startswith("application/json")
    assert body["province_name"] == "Tỉnh Phú Thọ"
    kinds = {agency["kind"] for agency in body["agencies"]}
    assert kinds == {"peoples_committee", "office", "economic", "culture_society", "psc"}
    assert all(agency["ecode_is_demo"] for agency in body["agencies"])


def test_unit_detail_unknown_is_404_problem(client):
    response = client.get("/api/v1/units/77777")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không có đơn vị hành chính mã 77777."


def test_healthz_answers_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
