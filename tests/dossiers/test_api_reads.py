"""API reads of issue 3 part 6, new actions over HTTP, attachments, and the public lookup."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from motcua.dossiers.actions import transfer
from motcua.dossiers.lookup_tokens import display_token
from motcua.dossiers.models import DossierEvent
from tests.fixtures.personas import api_client_for

from .conftest import APPLICANT, receive

PDF = b"%PDF-1.4\n%%EOF\n"


def act(client: Client, code: str, action: str, **body):
    return client.post(
        f"/api/v1/dossiers/{code}/actions/{action}",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_list_filters_and_detail(counter_vp, specialist_vp):
    # given a transferred and a received dossier
    first = transfer(receive(counter_vp), actor=counter_vp, assignee_username="specialist_vp")
    receive(counter_vp)
    client = api_client_for(specialist_vp)
    # when listing the specialist's queue, and by status and unit
    mine = client.get("/api/v1/dossiers?queue=mine").json()
    assert [item["code"] for item in mine["items"]] == [first.code]
    assert client.get("/api/v1/dossiers?status=2&unit=08716").json()["count"] == 1
    assert client.get("/api/v1/dossiers?overdue=true").json()["count"] == 0
    assert client.get("/api/v1/dossiers?queue=all").status_code == 422
    # then the detail has version, state, step, timeliness and the allowed actions
    body = client.get(f"/api/v1/dossiers/{first.code}").json()
    assert (body["version"], body["state"], body["status"]) == (2, "processing", 4)
    assert body["step_name"] == "Thẩm định, xử lý hồ sơ"
    assert body["attachments_count"] == 0
    assert "appraise" in body["allowed_actions"]
    assert body["timeliness"] is None


def test_a_name_search_says_when_its_count_stopped_at_the_cap(counter_vp, monkeypatch):
    from motcua.dossiers import listing

    # given three dossiers of Nguyễn Văn An and a name search that counts up to two
    monkeypatch.setattr(listing, "COUNT_CAP", 2)
    found = [receive(counter_vp) for _ in range(3)]
    client = api_client_for(counter_vp)
    # when searching the name, then the count is a lower bound and says so
    body = client.get("/api/v1/dossiers", {"q": "nguyen van an", "limit": 2}).json()
    assert (body["count"], body["count_capped"]) == (2, True)
    assert [item["code"] for item in body["items"]] == [found[2].code, found[1].code]
    # the next page is still there, and other lists count exactly
    body = client.get("/api/v1/dossiers", {"q": "nguyen van an", "offset": 2}).json()
    assert [item["code"] for item in body["items"]] == [found[0].code]
    for query in ({"q": APPLICANT.id_number}, {"queue": "unit"}, {}):
        body = client.get("/api/v1/dossiers", query).json()
        assert (body["count"], body["count_capped"]) == (3, False), query


def test_new_actions_over_http_with_vietnamese_errors(counter_vp):
    dossier = receive(counter_vp)
    client = api_client_for(counter_vp)
    response = act(client, dossier.code, "request-supplement", reason="Thiếu", documents=[])
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert "documents" in response.json()["errors"]
    response = act(
        client, dossier.code, "request-supplement", reason="Thiếu", documents=["Tờ khai"], version=1
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == 5
    response = act(client, dossier.code, "request-supplement", reason="Lại", documents=["X"])
    assert response.status_code == 409  # still waiting for the first supplement
    response = act(client, dossier.code, "supplement", documents=["Tờ khai"], version=2)
    assert response.status_code == 200, response.content
    response = act(client, dossier.code, "withdraw", reason="Công dân xin rút")
    assert response.json()["status"] == 7
    assert act(client, dossier.code, "fly").status_code == 404


def test_events_timeline_and_verify_detects_an_edit(counter_vp, specialist_vp):
    dossier = transfer(receive(counter_vp), actor=counter_vp, assignee_username="specialist_vp")
    client = api_client_for(counter_vp)
    events = client.get(f"/api/v1/dossiers/{dossier.code}/events").json()
    assert [(e["seq"], e["action"]) for e in events] == [(1, "receive"), (2, "transfer")]
    assert events[0]["actor"] == "Nguyễn Thị Lan"
    assert events[0]["at"].endswith("+07:00")
    assert client.get(f"/api/v1/dossiers/{dossier.code}/verify").json() == {"ok": True}
    # when someone edits event 2 in the database behind the actions' back
    DossierEvent._base_manager.filter(dossier=dossier, seq=2).update(
        payload={"assignee": "someone_else"}
    )
    body = client.get(f"/api/v1/dossiers/{dossier.code}/verify").json()
    assert body["ok"] is False
    assert body["broken_at"] == 2
    assert any("bị sửa" in problem for problem in body["problems"])


def test_other_commune_cannot_read_or_act(counter_vp, counter_dt):
    dossier = receive(counter_vp)
    client = api_client_for(counter_dt)
    for path in ("", "/events", "/verify", "/attachments"):
        assert client.get(f"/api/v1/dossiers/{dossier.code}{path}").status_code == 404
    response = act(client, dossier.code, "withdraw")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.json()["detail"]


def test_attachments_over_http(counter_vp, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = receive(counter_vp)
    client = api_client_for(counter_vp)
    url = f"/api/v1/dossiers/{dossier.code}/attachments"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("to-khai.pdf", PDF)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["size"], body["content_type"]) == (
        "to-khai.pdf",
        len(PDF),
        "application/pdf",
    )
    assert len(body["sha256"]) == 64
    response = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"plain text")})
    assert response.status_code == 422
    assert "không phải PDF" in response.json()["detail"]
    listed = client.get(url).json()
    assert [item["sha256"] for item in listed] == [body["sha256"]]
    assert client.get(f"/api/v1/dossiers/{dossier.code}").json()["attachments_count"] == 1


@pytest.mark.django_db
def test_public_lookup_needs_no_login_and_masks_personal_data(counter_vp):
    dossier = receive(counter_vp)
    token = {"t": display_token(dossier.code)}
    response = Client().get(f"/api/v1/public/dossiers/{dossier.code}", token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["applicant_name"] == "Nguyễn V*** A**"
    assert body["procedure_name"] == "Đăng ký khai sinh"
    assert body["status"] == 2 and body["due_at"].endswith("+07:00")
    assert body["steps"][0] == {"name": "Tiếp nhận, kiểm tra hồ sơ", "done": False}
    text = response.content.decode()
    for secret in (APPLICANT.id_number, APPLICANT.phone, APPLICANT.address, 'An"'):
        assert secret not in text
    assert Client().get("/api/v1/public/dossiers/000.00.00.H00-250101-9999").status_code == 404
    # typed in lower case from the receipt: the same dossier
    lower = Client().get(f"/api/v1/public/dossiers/{dossier.code.lower()}", token)
    assert lower.status_code == 200 and lower.json()["code"] == dossier.code
