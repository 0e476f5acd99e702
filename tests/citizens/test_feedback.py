"""Feedback (phản ánh, kiến nghị): deadline via workcal, staff queue scoped to their units."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.citizens import actions
from motcua.citizens.actions import CitizenError
from motcua.citizens.models import Feedback
from motcua.notifications.providers import MemorySmsProvider

pytestmark = pytest.mark.django_db


def test_feedback_has_deadline_and_reaches_only_its_commune(
    client: Client, citizen, counter_vp, counter_dt
):
    item = actions.send_feedback(actor=citizen, kind="report", unit="08716", text="Chờ lâu quá")
    assert item.due_at > item.created_at
    client.force_login(counter_vp)
    assert "Chờ lâu quá" in client.get("/can-bo/phan-anh/").content.decode()
    client.force_login(counter_dt)
    assert "Chờ lâu quá" not in client.get("/can-bo/phan-anh/").content.decode()
    with pytest.raises(CitizenError) as denied:
        actions.respond_feedback(item, actor=counter_dt, response="Đã xem")
    assert denied.value.status == 403
    actions.respond_feedback(item, actor=counter_vp, response="Đã chấn chỉnh")
    client.force_login(citizen)
    assert client.get("/can-bo/phan-anh/").status_code == 403


def test_anonymous_feedback_needs_a_reply_address(
    client: Client, counter_vp, django_capture_on_commit_callbacks
):
    assert client.get("/phan-anh/").status_code == 200
    typed = {"kind": "report", "unit": "08716", "text": "Chờ lâu quá", "phone": "09123"}
    refused = client.post("/phan-anh/", typed)
    body = refused.content.decode()
    assert refused.status_code == 422
    assert "Số điện thoại: “09123” không hợp lệ" in body and "Chờ lâu quá" in body
    refused = client.post("/phan-anh/", {**typed, "phone": "", "email": "ai@"})
    assert "Thư điện tử: địa chỉ không hợp lệ" in refused.content.decode()
    refused = client.post("/phan-anh/", {**typed, "phone": ""})
    assert "Số điện thoại hoặc thư điện tử: hãy nhập một trong hai" in refused.content.decode()
    sent = client.post("/phan-anh/", {**typed, "phone": "0987 654 321", "name": "Bà Hoa"})
    assert sent.status_code == 200 and "Hạn trả lời" in sent.content.decode()
    item = Feedback.objects.get()
    assert (item.author_id, item.contact_phone) == (None, "0987654321")
    client.force_login(counter_vp)
    queue = client.get("/can-bo/phan-anh/").content.decode()
    assert "khách chưa đăng nhập (Bà Hoa)" in queue and "số 098****321" in queue
    MemorySmsProvider.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.respond_feedback(item, actor=counter_vp, response="Đã chấn chỉnh")
    assert MemorySmsProvider.sent[-1]["to"] == "0987654321"


def test_feedback_page_signed_in(client: Client, citizen):
    client.force_login(citizen)
    response = client.post("/phan-anh/", {"kind": "proposal", "unit": "08716", "text": "Thêm ghế"})
    assert response.status_code == 200 and "Hạn trả lời" in response.content.decode()
