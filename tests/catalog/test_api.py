"""`/api/v1/procedures`: paginated search, detail of the current or an old version, 404s."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.catalog.actions import create_procedure, publish_version
from motcua.catalog.models import Procedure

from .conftest import minimal_content

pytestmark = pytest.mark.django_db

URL = "/api/v1/procedures"


@pytest.fixture
def api() -> Client:
    return Client()


def test_api_list_is_paginated(catalog, api):
    # when
    body = api.get(URL, {"limit": 5, "offset": 10}).json()
    # then
    assert (body["count"], body["limit"], body["offset"]) == (12, 5, 10)
    assert [item["code"] for item in body["items"]] == ["2.000884", "2.000908"]


def test_api_list_items_carry_limit_fee_and_version(catalog, api):
    items = {item["code"]: item for item in api.get(URL).json()["items"]}
    residence = items["1.004222"]
    assert residence["time_limit"]["kind"] == "working_days"
    assert residence["time_limit"]["days"] == 7
    assert residence["fee_summary"] == "20.000 đồng (trực tuyến: 10.000 đồng)"
    assert (residence["field"], residence["version"], residence["online"]) == ("Cư trú", 1, "full")


def test_api_list_search_ignores_diacritics(catalog, api):
    body = api.get(URL, {"q": "dang ky ket hon"}).json()
    # best match first; the birth registration names the marriage certificate among its papers
    assert [item["code"] for item in body["items"]] == ["1.000894", "1.001193"]
    assert body["items"][0]["name"] == "Đăng ký kết hôn"


def test_api_list_bad_limit_is_a_problem(catalog, api):
    response = api.get(URL, {"limit": 0})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_api_detail_returns_the_current_version(catalog, api):
    # when
    response = api.get(f"{URL}/2.000815")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "2.000815"
    assert body["version"] == 1
    assert body["is_current"] is True
    assert body["field"] == "Chứng thực"
    assert body["time_limit"]["kind"] == "same_day"
    assert body["time_limit"]["cutoff"] == "15:00"
    assert body["fees"]["kind"] == "per_page"
    assert body["fees"]["cap"] == 200_000
    assert body["fees"]["pages"][1] == {"from_page": 3, "to_page": None, "amount": 1000}
    assert body["fees"]["summary"].endswith("tối đa 200.000 đồng/bản")
    assert {document["id"] for document in body["required_documents"]} >= {"ban-chinh"}
    assert body["form_schema"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert [step["hours"] for step in body["steps"]] == [2, 3, 2, 1]
    assert {law["number"] for law in body["legal_basis"]} >= {"23/2015/NĐ-CP"}
    assert body["online"] == "partial"
    assert body["sources"]


def test_api_detail_reads_an_old_version(catalog, api):
    # given
    publish_version(
        Procedure.objects.get(code="1.004222"),
        time_limit_days=5,
        steps=[{"name": "Xử lý", "role": "specialist", "hours": 40}],
    )
    # when
    current = api.get(f"{URL}/1.004222").json()
    old = api.get(f"{URL}/1.004222", {"version": 1}).json()
    history = api.get(f"{URL}/1.004222/versions").json()
    # then
    assert (current["version"], current["time_limit"]["days"]) == (2, 5)
    assert (old["version"], old["is_current"], old["time_limit"]["days"]) == (1, False, 7)
    assert [(item["version"], item["is_current"]) for item in history] == [(1, False), (2, True)]


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/9.999999", "Không có thủ tục hành chính mã 9.999999."),
        ("/abc", "Không có thủ tục hành chính mã abc."),
        ("/1.001193?version=7", "Thủ tục 1.001193 không có phiên bản số 7."),
        ("/9.999999/versions", "Không có thủ tục hành chính mã 9.999999."),
    ],
)
def test_api_unknown_procedure_or_version_is_404_problem(catalog, api, path, detail):
    response = api.get(URL + path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["detail"] == detail
    assert response.json()["status"] == 404


def test_api_list_query_count_does_not_grow_with_rows(catalog, api, django_assert_num_queries):
    # given: the twelve bundled procedures
    with django_assert_num_queries(2):  # count + one page
        assert len(api.get(URL).json()["items"]) == 12
    # when: twenty more procedures, some with a second version
    for index in range(20):
        version = create_procedure(f"9.{index:06d}", **minimal_content(name=f"Thủ tục {index}"))
        if index % 2:
            publish_version(version.procedure, time_limit_days=3)
    # then
    with django_assert_num_queries(2):
        assert len(api.get(URL).json()["items"]) == 32


def test_api_detail_query_count_is_constant(catalog, api, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert api.get(f"{URL}/1.001193").status_code == 200
