"""Forms 02-05: each prints what its lifecycle event recorded, and 409 without that event."""

from __future__ import annotations

import pytest
import time_machine

from motcua.documents.forms import DocumentNotAvailableError, UnknownFormError, render_form
from motcua.dossiers.actions import (
    appraise,
    extend,
    refuse,
    request_supplement,
    stop,
    supplement,
    transfer,
)
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import WEDNESDAY, at, receive

from .conftest import BASE_URL, pdf_text


@pytest.mark.parametrize(
    ("form", "missing"),
    [
        ("02", "chưa có yêu cầu bổ sung, hoàn thiện hồ sơ nên chưa có mẫu 02"),
        ("03", "chưa có quyết định từ chối tiếp nhận giải quyết nên chưa có mẫu 03"),
        ("04", "chưa có văn bản xin lỗi và gia hạn nên chưa có mẫu 04"),
        ("05", "chưa có thông báo dừng giải quyết nên chưa có mẫu 05"),
    ],
)
def test_notice_without_its_event_is_a_conflict(received: Dossier, form: str, missing: str):
    # given a dossier just received, with no supplement request, refusal, extension or stop
    # when the notice is asked for, then 409 with a Vietnamese reason
    with pytest.raises(DocumentNotAvailableError) as caught:
        render_form(received, form, base_url=BASE_URL)
    assert caught.value.status == 409
    assert missing in caught.value.message


def test_unknown_form_is_not_found(received: Dossier):
    with pytest.raises(UnknownFormError) as caught:
        render_form(received, "08", base_url=BASE_URL)
    assert caught.value.status == 404


def test_supplement_request_lists_exactly_the_requested_documents(received, counter_vp):
    # given the counter asks, once and in writing, for two documents
    request_supplement(
        received,
        actor=counter_vp,
        reason="Giấy chứng sinh bị mờ, không đọc được",
        documents=["Giấy chứng sinh bản rõ nét", "Bản sao giấy chứng nhận kết hôn của cha mẹ"],
    )

    # when form 02 is printed
    text = pdf_text(render_form(received, "02", base_url=BASE_URL))

    # then it carries the code, the reason and both documents
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert received.code in text
    assert "Giấy chứng sinh bị mờ, không đọc được" in text
    assert "1. Giấy chứng sinh bản rõ nét" in text
    assert "2. Bản sao giấy chứng nhận kết hôn của cha mẹ" in text
    assert "Nguyễn Thị Lan" in text


def test_a_second_supplement_request_prints_why_it_was_needed(received, counter_vp):
    # given a dossier asked once, supplemented, then asked again with the reason for it
    request_supplement(received, actor=counter_vp, reason="Thiếu", documents=["Tờ khai"])
    supplement(received, actor=counter_vp, documents=["Tờ khai"])
    request_supplement(
        received,
        actor=counter_vp,
        reason="Thiếu chữ ký",
        documents=["Tờ khai có chữ ký"],
        repeat_reason="Tờ khai bổ sung chưa ký",
    )
    # then form 02 prints the latest list and why a second request was needed
    text = pdf_text(render_form(received, "02", base_url=BASE_URL))
    assert "1. Tờ khai có chữ ký" in text
    assert "Lý do phải yêu cầu bổ sung lần nữa" in text and "Tờ khai bổ sung chưa ký" in text


def test_refusal_states_its_reason(received, counter_vp):
    refuse(received, actor=counter_vp, reason="Không thuộc thẩm quyền giải quyết của phường")
    text = pdf_text(render_form(received, "03", base_url=BASE_URL))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert received.code in text
    assert "Không thuộc thẩm quyền giải quyết của phường" in text


def test_apology_gives_reason_and_new_appointment(counter_vp, specialist_vp, leader_vp):
    # given a dossier received on Wednesday 09:00 (due 17:00) and being processed
    with time_machine.travel(at(WEDNESDAY, 9), tick=False) as traveller:
        dossier = receive(counter_vp)
        transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")
        traveller.move_to(at(WEDNESDAY, 14))

        # when the leader apologises before the due time and sets a new one
        extend(
            dossier,
            actor=leader_vp,
            reason="Cần xác minh thông tin nơi sinh",
            new_due=at(WEDNESDAY.replace(day=28), 17),
        )
        text = pdf_text(render_form(dossier, "04", base_url=BASE_URL))

    # then form 04 has the reason, the old and the new appointment
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN" in text
    assert dossier.code in text
    assert "Cần xác minh thông tin nơi sinh" in text
    assert "17 giờ 00 phút, ngày 26/11/2025" in text
    assert "17 giờ 00 phút, ngày 28/11/2025" in text
    # issued by the commune's committee: its place line, signed by its leader
    assert "Vĩnh Phúc, ngày 26 tháng 11 năm 2025" in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text
    assert "Lê Quang Hưng" in text


def test_apology_written_by_the_specialist_is_left_for_the_leader_to_sign(
    counter_vp, specialist_vp, leader_vp
):
    # given a dossier being processed by its specialist
    with time_machine.travel(at(WEDNESDAY, 9), tick=False) as traveller:
        dossier = receive(counter_vp)
        transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")
        traveller.move_to(at(WEDNESDAY, 14))

        # when the specialist records the apology and extension
        extend(
            dossier,
            actor=specialist_vp,
            reason="Chờ kết quả xác minh",
            new_due=at(WEDNESDAY.replace(day=28), 17),
        )
        text = pdf_text(render_form(dossier, "04", base_url=BASE_URL))

    # then form 04 is signed on behalf of the committee by its chairman, not the specialist
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text
    assert "Trần Văn Minh" not in text


def test_stop_notice_states_its_reason(counter_vp, specialist_vp, leader_vp):
    dossier = receive(counter_vp)
    transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")
    appraise(dossier, actor=specialist_vp, proposal="approve", note="Đủ điều kiện")
    stop(dossier, actor=leader_vp, reason="Có tranh chấp về quan hệ cha con")
    text = pdf_text(render_form(dossier, "05", base_url=BASE_URL))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert dossier.code in text
    assert "Có tranh chấp về quan hệ cha con" in text
