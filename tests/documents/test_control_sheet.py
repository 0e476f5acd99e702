"""Form 06, the control sheet: one row per hand-over, each step marked before, on or after
its hour budget (birth registration: receive 2 h, appraise 3 h, sign 2 h, return 1 h)."""

from __future__ import annotations

import time_machine

from motcua.documents.forms import EARLY, LATE, ON_TIME, control_sheet_rows, render_form
from motcua.dossiers.actions import (
    appraise,
    approve,
    request_supplement,
    return_result,
    supplement,
    transfer,
)
from tests.dossiers.conftest import WEDNESDAY, at, receive

from .conftest import BASE_URL, pdf_text

THURSDAY = WEDNESDAY.replace(day=27)


def test_control_sheet_marks_each_step_against_its_budget(counter_vp, specialist_vp, leader_vp):
    # given a birth registration walked through its four steps on Wednesday 26/11/2025
    with time_machine.travel(at(WEDNESDAY, 8), tick=False) as traveller:
        dossier = receive(counter_vp)
        traveller.move_to(at(WEDNESDAY, 8, 30))  # receive: 0.5 h of 2 h → early
        transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")
        traveller.move_to(at(WEDNESDAY, 11, 30))  # appraise: 3 h of 3 h → on time
        appraise(dossier, actor=specialist_vp, proposal="approve", note="Đủ điều kiện")
        traveller.move_to(at(WEDNESDAY, 16))  # sign: 2.5 h (lunch excluded) of 2 h → late
        approve(dossier, actor=leader_vp)
        traveller.move_to(at(WEDNESDAY, 16, 10))  # return: 10 min of 1 h → early
        return_result(
            dossier,
            actor=counter_vp,
            collector_name="Nguyễn Văn An",
            collector_id_number="025090123456",
        )

        # when the control sheet is made
        rows = control_sheet_rows(dossier)
        text = pdf_text(render_form(dossier, "06", base_url=BASE_URL))

    # then one row per hand-over, each marked against its step's budget
    assert [row.action for row in rows] == ["receive", "transfer", "appraise", "approve", "return"]
    assert [row.result for row in rows] == ["", EARLY, ON_TIME, LATE, EARLY]
    assert "Nguyễn Thị Lan" in rows[1].giver
    assert "Trần Văn Minh" in rows[1].taker
    assert "Lê Quang Hưng" in rows[3].giver
    # and the PDF shows them with the code and the times
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert dossier.code in text
    for result in (EARLY, ON_TIME, LATE):
        assert result in text
    assert "16 giờ 00 phút, ngày 26/11/2025" in text


def test_control_sheet_does_not_count_time_waiting_for_a_supplement(counter_vp, specialist_vp):
    # given a dossier received Wednesday 08:00, a supplement requested at 08:30 and brought
    # back Thursday 08:00 (7.5 working hours of waiting), then transferred Thursday 08:30
    with time_machine.travel(at(WEDNESDAY, 8), tick=False) as traveller:
        dossier = receive(counter_vp)
        traveller.move_to(at(WEDNESDAY, 8, 30))
        request_supplement(
            dossier, actor=counter_vp, reason="Thiếu giấy chứng sinh", documents=["Giấy chứng sinh"]
        )
        traveller.move_to(at(THURSDAY, 8))
        supplement(dossier, actor=counter_vp, documents=["Giấy chứng sinh"])
        traveller.move_to(at(THURSDAY, 8, 30))
        transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")

        # when the control sheet is made
        rows = control_sheet_rows(dossier)

    # then the receiving step took 1 working hour of its 2, not 8.5: early
    assert [row.action for row in rows] == [
        "receive",
        "request_supplement",
        "supplement",
        "transfer",
    ]
    assert rows[-1].result == EARLY
    assert "Thiếu giấy chứng sinh" in rows[1].note
