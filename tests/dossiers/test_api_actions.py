"""`POST /api/v1/dossiers/{code}/actions/{action}`: the lifecycle over HTTP with Bearer tokens."""

from __future__ import annotations

import json

from django.test import Client

from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import DossierEvent
from tests.fixtures.personas import api_client_for

from .conftest import receive


def act(client: Client, code: str, action: str, **body):
    return client.post(
        f"/api/v1/dossiers/{code}/actions/{action}",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_api_round_trip_to_returned(counter_vp, specialist_vp, leader_vp):
    # given a received dossier and the three officials' API clients
    dossier = receive(counter_vp)
    counter, specialist, leader = (
        api_client_for(counter_vp),
        api_client_for(specialist_vp),
        api_client_for(leader_vp),
    )

    # when each does their step with the version they last saw
    response = act(counter, dossier.code, "transfer", assignee="specialist_vp", version=1)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["state"], body["version"]) == (4, "processing", 2)
    assert body["assignee"] == "Trần Văn Minh"  # a name, not the login (issue 24)

    response = act(specialist, dossier.code, "appraise", proposal="approve", version=2)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "awaiting_approval"

    response = act(leader, dossier.code, "send-back", reason="Kiểm tra lại", version=3)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "processing"
    response = act(specialist, dossier.code, "appraise", proposal="approve", note="Đủ")
    assert response.status_code == 200, response.content

    response = act(leader, dossier.code, "approve", version=5)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == 9
    assert body["finished_at"].endswith("+07:00")
    assert body["timeliness"] in {"early", "on_time", "late"}

    response = act(
        counter,
        dossier.code,
        "return",
        version=6,
        collector_name="Nguyễn Văn An",
        collector_id_number="025090123456",
    )
    assert response.status_code == 200, response.content
    body = response.json()

    # then the dossier is returned (status 10) with an intact chain of 7 events
    assert (body["status"], body["version"], body["events_count"]) == (10, 7, 7)
    assert body["returned_at"] is not None
    assert verify_chain(dossier) == []


def test_api_stale_version_is_409_problem(counter_vp, specialist_vp):
    dossier = receive(counter_vp)
    client = api_client_for(counter_vp)
    assert act(client, dossier.code, "transfer", assignee="specialist_vp").status_code == 200
    response = act(
        api_client_for(specialist_vp), dossier.code, "appraise", proposal="approve", version=1
    )
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert "phiên bản" in response.json()["detail"]
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2


def test_api_specialist_cannot_approve(counter_vp, specialist_vp, leader_vp):
    dossier = receive(counter_vp)
    act(api_client_for(counter_vp), dossier.code, "transfer", assignee="specialist_vp")
    specialist = api_client_for(specialist_vp)
    act(specialist, dossier.code, "appraise", proposal="approve")
    response = act(specialist, dossier.code, "approve")
    assert response.status_code == 403
    assert "lãnh đạo" in response.json()["detail"]
    assert act(api_client_for(leader_vp), dossier.code, "approve").status_code == 200


def test_api_other_commune_gets_404(counter_vp, counter_dt, specialist_vp):
    dossier = receive(counter_vp)
    response = act(api_client_for(counter_dt), dossier.code, "transfer", assignee="specialist_vp")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    # the same answer as for a code that does not exist, even with input the action would
    # refuse (422 would tell the dossier exists)
    absent = dossier.code[:-4] + "9999"
    for code in (dossier.code, absent):
        response = act(api_client_for(counter_dt), code, "transfer", assignee="nobody")
        assert response.status_code == 404
        assert response.json()["detail"] == f"Không tìm thấy hồ sơ mã {code}."


def test_api_unknown_action_is_404(counter_vp):
    dossier = receive(counter_vp)
    response = act(api_client_for(counter_vp), dossier.code, "destroy")
    assert response.status_code == 404
    assert "thao tác" in response.json()["detail"]


def test_api_transfer_to_non_specialist_is_422_with_field(counter_vp, leader_vp):
    dossier = receive(counter_vp)
    response = act(api_client_for(counter_vp), dossier.code, "transfer", assignee="leader_vp")
    assert response.status_code == 422
    assert "assignee" in response.json()["errors"]


def test_api_anonymous_is_401(counter_vp):
    dossier = receive(counter_vp)
    assert act(Client(), dossier.code, "approve").status_code == 401
