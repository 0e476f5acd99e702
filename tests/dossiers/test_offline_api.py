"""Offline endpoints: `/api/v1/code-blocks` (lease, release, unused ranges), the calendar's
offline pack, and `POST /api/v1/dossiers` with a leased code (sync, replay, conflicts)."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.models import Dossier
from motcua.dossiers.numbering import dossier_code
from tests.fixtures.personas import api_client_for

from .conftest import WEDNESDAY, api_body, at

DEVICE = "thiet-bi-a"


@pytest.fixture
def morning(time_machine):
    time_machine.move_to(at(WEDNESDAY, 8), tick=False)
    return time_machine


def post(client: Client, url: str, body: dict, **headers: str):
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def lease(client: Client, size: int = 5, day: str = "2025-11-26", device: str = DEVICE):
    return post(client, "/api/v1/code-blocks", {"device_id": device, "date": day, "size": size})


def test_api_lease_answers_prefix_first_last(morning, counter_vp, vp_ecode):
    response = lease(api_client_for(counter_vp), size=20)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["prefix"], body["first"], body["last"]) == (f"{vp_ecode}-251126-", 1, 20)


@pytest.mark.parametrize("size", [0, 201])
def test_api_lease_size_limits(morning, counter_vp, size):
    response = lease(api_client_for(counter_vp), size=size)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_api_lease_allowed_for_counter_denied_for_specialist(morning, counter_vp, specialist_vp):
    assert lease(api_client_for(counter_vp)).status_code == 201
    denied = lease(api_client_for(specialist_vp))
    assert denied.status_code == 403
    assert "một cửa" in denied.json()["detail"]


def test_api_release_and_unused_ranges(morning, counter_vp):
    client = api_client_for(counter_vp)
    lease(client, size=10)
    lease(client, size=5, device="thiet-bi-b")
    response = post(
        client,
        "/api/v1/code-blocks/release",
        {"device_id": DEVICE, "date": "2025-11-26", "first": 7, "last": 10},
    )
    assert response.status_code == 200, response.content
    assert response.json()["returned_to_sequence"] is False
    listing = client.get("/api/v1/code-blocks?date=2025-11-26").json()
    assert listing["count"] == 3
    assert [(i["first"], i["last"], i["state"]) for i in listing["items"]] == [
        (1, 6, "leased"),
        (7, 10, "released"),
        (11, 15, "leased"),
    ]


def test_api_unused_ranges_query_count_is_flat(morning, counter_vp):
    client = api_client_for(counter_vp)
    lease(client, size=3)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/code-blocks?date=2025-11-26")
    for index in range(4):
        lease(client, size=3, device=f"thiet-bi-{index}")
    with CaptureQueriesContext(connection) as five:
        client.get("/api/v1/code-blocks?date=2025-11-26")
    assert len(five) == len(one)


def test_api_offline_pack_has_working_periods(morning, db):
    response = Client().get("/api/v1/calendar/offline-pack?days=7")
    assert response.status_code == 200
    body = response.json()
    assert body["same_day_cutoff"] == "15:00"
    days = {day["date"]: day for day in body["days"]}
    assert days["2025-11-26"]["periods"] == [["07:00", "11:30"], ["13:30", "17:00"]]
    assert days["2025-11-29"]["working"] is False
    assert Client().get("/api/v1/calendar/offline-pack?days=500").status_code == 422


def test_api_sync_offline_dossier_then_replay(morning, counter_vp, vp_ecode):
    client = api_client_for(counter_vp)
    lease(client, size=5)
    code = dossier_code(vp_ecode, WEDNESDAY, 3)
    key = str(uuid.uuid4())
    body = api_body(
        code=code,
        device_id=DEVICE,
        received_at=at(WEDNESDAY, 8, 2).isoformat(),
        procedure_version=1,
    )
    morning.move_to(at(WEDNESDAY, 9), tick=False)
    first = post(client, "/api/v1/dossiers", body, **{"Idempotency-Key": key})
    assert first.status_code == 201, first.content
    assert first.json()["code"] == code
    assert first.json()["received_at"] == "2025-11-26T08:02:00+07:00"
    assert first.json()["due_at"] == "2025-11-26T17:00:00+07:00"
    again = post(client, "/api/v1/dossiers", body, **{"Idempotency-Key": key})
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Dossier.objects.count() == 1


def test_api_sync_code_outside_block_is_problem_with_outcome(morning, counter_vp, vp_ecode):
    client = api_client_for(counter_vp)
    lease(client, size=2)
    body = api_body(
        code=dossier_code(vp_ecode, WEDNESDAY, 50),
        device_id=DEVICE,
        received_at=at(WEDNESDAY, 8, 1).isoformat(),
    )
    response = post(client, "/api/v1/dossiers", body, **{"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 409
    problem = response.json()
    assert problem["outcome"] == "code_outside_block"
    assert "không thuộc khối số" in problem["detail"]
    assert not Dossier.objects.exists()


def test_api_lease_without_size_gives_the_need(morning, counter_vp, vp_ecode):
    client = api_client_for(counter_vp)
    response = post(client, "/api/v1/code-blocks", {"device_id": DEVICE, "date": "2025-11-26"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["first"], body["last"], body["need"]) == (1, 5, 5)
    need = client.get(f"/api/v1/code-blocks/need?device_id={DEVICE}&date=2025-11-26").json()
    assert need == {"date": "2025-11-26", "need": 5, "held": 5}
    again = post(client, "/api/v1/code-blocks", {"device_id": DEVICE, "date": "2025-11-26"})
    assert again.status_code == 409
    assert again.json()["outcome"] == "lease_enough"


def test_api_invalid_input_is_explained_in_vietnamese(morning, counter_vp):
    response = lease(api_client_for(counter_vp), size=0)
    assert response.json()["errors"] == [{"field": "size", "message": "Không được nhỏ hơn 1."}]
    body = api_body()
    body["applicant"]["date_of_birth"] = "01/05/1990"
    del body["applicant"]["full_name"]
    response = post(api_client_for(counter_vp), "/api/v1/dossiers", body)
    assert response.status_code == 422
    assert sorted(response.json()["errors"], key=lambda e: e["field"]) == [
        {"field": "applicant.date_of_birth", "message": "Ngày không hợp lệ (dạng YYYY-MM-DD)."},
        {"field": "applicant.full_name", "message": "Cần nhập thông tin này."},
    ]
