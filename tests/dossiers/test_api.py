"""`/api/v1/dossiers`: intake, idempotent replay, problem+json errors, scoped reads."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.dossiers.models import Dossier
from tests.fixtures.personas import api_client_for

from .conftest import APPLICANT, BIRTH, DAO_TRU, VINH_PHUC, api_body, receive

URL = "/api/v1/dossiers"


def post(client: Client, body: dict, **headers: str):
    return client.post(URL, data=json.dumps(body), content_type="application/json", headers=headers)


def test_api_receive_answers_201_with_code_and_local_times(counter_vp, vp_ecode):
    response = post(api_client_for(counter_vp), api_body())
    assert response.status_code == 201, response.content
    body = response.json()
    today = timezone.localdate().strftime("%y%m%d")
    assert body["code"] == f"{vp_ecode}-{today}-0001"
    assert body["status"] == 2
    assert body["state"] == "received"
    assert body["version"] == 1
    assert body["received_at"].endswith("+07:00")
    assert body["due_at"].endswith("T17:00:00+07:00")


def test_api_receive_idempotency_key_replays(counter_vp):
    client = api_client_for(counter_vp)
    first = post(client, api_body(), **{"Idempotency-Key": "abc-123"})
    again = post(client, api_body(), **{"Idempotency-Key": "abc-123"})
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize("persona", ["specialist_vp", "citizen"])
def test_api_receive_forbidden_without_counter_role(request, persona):
    user = request.getfixturevalue(persona)
    response = post(api_client_for(user), api_body())
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert "một cửa" in response.json()["detail"]
    assert not Dossier.objects.exists()


def test_api_receive_anonymous_is_401(db):
    response = post(Client(), api_body())
    assert response.status_code == 401


def test_api_receive_counter_of_other_commune_may_receive(counter_dt, dt_ecode):
    response = post(api_client_for(counter_dt), api_body(unit=VINH_PHUC))
    assert response.status_code == 201
    assert response.json()["code"].startswith(dt_ecode)


def test_api_receive_invalid_is_422_with_field_errors(counter_vp):
    body = api_body()
    body["applicant"]["id_number"] = "123"
    body["documents"] = []
    response = post(api_client_for(counter_vp), body)
    assert response.status_code == 422
    problem = response.json()
    assert problem["detail"].startswith("Hồ sơ chưa hợp lệ")
    assert "applicant.id_number" in problem["errors"]
    assert "Thiếu giấy tờ bắt buộc" in problem["errors"]["documents"][-1]
    assert not Dossier.objects.exists()


def test_api_receive_malformed_body_is_422(counter_vp):
    response = post(api_client_for(counter_vp), {"procedure": BIRTH})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_api_get_dossier_in_scope_and_404_out_of_scope(counter_vp, counter_dt, province_supervisor):
    dossier = receive(counter_vp)
    url = f"{URL}/{dossier.code}"

    own = api_client_for(counter_vp).get(url)
    assert own.status_code == 200
    body = own.json()
    assert body["code"] == dossier.code
    assert body["applicant"]["id_number"] == APPLICANT.id_number
    assert body["events_count"] == 1
    assert body["version"] == 1
    assert body["procedure"] == BIRTH
    assert body["unit"] == VINH_PHUC
    assert body["due_at"].endswith("+07:00")

    assert api_client_for(province_supervisor).get(url).status_code == 200
    other = api_client_for(counter_dt).get(url)
    assert other.status_code == 404
    assert dossier.code in other.json()["detail"]


def test_api_list_is_scoped_and_masks_id_numbers(counter_vp, counter_dt, province_supervisor):
    receive(counter_vp, unit=VINH_PHUC)
    receive(counter_dt, unit=DAO_TRU)

    own = api_client_for(counter_vp).get(URL).json()
    assert own["count"] == 1
    assert own["items"][0]["unit"] == VINH_PHUC
    assert own["items"][0]["applicant_id_number"] == "*********456"
    assert APPLICANT.id_number not in json.dumps(own)

    assert api_client_for(province_supervisor).get(URL).json()["count"] == 2
    assert api_client_for(counter_dt).get(URL, {"status": 4}).json()["count"] == 0


def test_api_list_query_count_does_not_grow_with_rows(counter_vp):
    client = api_client_for(counter_vp)
    receive(counter_vp)
    client.get(URL)  # the first use of a token records its last use: not part of the list

    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).json()["count"] == 1
    for _ in range(4):
        receive(counter_vp)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL).json()
    assert response["count"] == 5
    assert all(
        re.fullmatch(r"\*{9}\d{3}", item["applicant_id_number"]) for item in response["items"]
    )
    assert len(many) == len(few)
