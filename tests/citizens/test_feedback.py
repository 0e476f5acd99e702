"""Feedback (phản ánh, kiến nghị): deadline via workcal, staff queue scoped to their units."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.citizens import actions
from motcua.citizens.actions import CitizenError

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


def test_feedback_page_requires_login(client: Client, citizen):
    assert client.get("/phan-anh/").status_code == 302
    client.force_login(citizen)
    response = client.post("/phan-anh/", {"kind": "proposal", "unit": "08716", "text": "Thêm ghế"})
    assert response.status_code == 200 and "Hạn trả lời" in response.content.decode()
