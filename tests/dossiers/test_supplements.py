"""Supplements (issue 22, part 7): the second request, the citizen's online supplement, the
counter's queue and acceptance, and what every applicant is told (walk-ins included)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from motcua.dossiers.actions import (
    DossierConflictError,
    DossierInvalidError,
    DossierPermissionError,
    OnlineFile,
    appraise,
    approve,
    request_supplement,
    return_result,
    submit_online,
    supplement,
    transfer,
)
from motcua.dossiers.choices import State, Timeliness
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Attachment
from motcua.dossiers.notices import SMS_MAX_CHARS
from motcua.dossiers.queries import queue_counts, work_queue
from motcua.dossiers.supplements import submit_supplement, supplement_of
from motcua.notifications.models import Message
from motcua.workcal.deadlines import TZ

from .conftest import APPLICANT, BIRTH, VINH_PHUC, form_example, receive

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test\n"


def file_online(citizen):
    from motcua.catalog.queries import procedure_version
    from motcua.dossiers.actions import Applicant

    version = procedure_version(BIRTH)
    assert version is not None
    files = [
        OnlineFile(document=doc["id"], name=f"{doc['id']}.pdf", content=PDF + doc["id"].encode())
        for doc in version.required_documents
        if doc["mandatory"] and not doc["id"].startswith("to-khai")
    ]
    return submit_online(
        actor=citizen,
        procedure=BIRTH,
        unit=VINH_PHUC,
        applicant=Applicant(
            full_name="Đỗ Thị Mai", id_number="025090123456", date_of_birth=date(1990, 5, 1)
        ),
        data=form_example(BIRTH),
        files=files,
    )


def test_a_walk_in_applicant_hears_of_every_step(counter_vp, specialist_vp, leader_vp):
    # given a walk-in dossier with the applicant's phone (no account)
    dossier = receive(counter_vp)
    assert dossier.submitted_by_id is None and dossier.applicant_phone
    transfer(dossier, actor=counter_vp, assignee_username=specialist_vp.username)
    request_supplement(
        dossier,
        actor=specialist_vp,
        reason="Thiếu giấy tờ",
        documents=["Giấy chứng sinh bản chính", "Giấy chứng nhận kết hôn của cha mẹ"],
    )
    supplement(dossier, actor=counter_vp, documents=["Giấy chứng sinh bản chính"])
    appraise(dossier, actor=specialist_vp, proposal="approve")
    approve(dossier, actor=leader_vp)
    return_result(
        dossier,
        actor=counter_vp,
        collector_name=APPLICANT.full_name,
        collector_id_number=APPLICANT.id_number,
    )
    # then a message for each step is in the outbox, each in its event's transaction
    sent = list(Message.objects.filter(dossier_code=dossier.code).order_by("pk"))
    assert [m.purpose for m in sent] == [
        "receive",
        "request_supplement",
        "supplement",
        "approve",
        "return",
    ]
    assert {m.destination for m in sent} == {dossier.applicant_phone}
    received, asked, supplemented, ready, returned = (m.body for m in sent)
    assert "đã được tiếp nhận. Hẹn trả kết quả: " in received
    assert "1. Giấy chứng sinh bản chính; 2. Giấy chứng nhận kết hôn" in asked
    dossier.refresh_from_db()  # the due time moved by the paused time
    due = dossier.due_at.astimezone(TZ)
    assert f"đã được nhận đủ bổ sung. Hẹn trả kết quả mới: {due:%d/%m/%Y %H:%M}" in supplemented
    assert "đã có kết quả" in ready
    assert "đã trả kết quả" in returned
    # short, and nothing personal beyond the code
    for message in sent:
        assert len(message.body) <= SMS_MAX_CHARS
        assert dossier.applicant_name not in message.body
        assert dossier.applicant_id_number not in message.body


def test_the_due_time_in_the_message_is_dd_mm_yyyy_hh_mm(counter_vp):
    dossier = receive(counter_vp)
    body = Message.objects.get(dossier_code=dossier.code, purpose="receive").body
    due = dossier.due_at.astimezone(TZ)
    assert f"{due:%d/%m/%Y %H:%M}" in body


def test_a_walk_in_without_phone_or_email_gets_nothing_and_a_rollback_sends_nothing(
    counter_vp,
):
    from motcua.dossiers.actions import Applicant

    quiet = Applicant(full_name="Lê Văn Bình", id_number="025090654321")
    dossier = receive(counter_vp, applicant=quiet)
    assert not Message.objects.filter(dossier_code=dossier.code).exists()
    # a refused action (422) rolls back with its message
    noisy = receive(counter_vp)
    before = Message.objects.count()
    with pytest.raises(DossierInvalidError):
        request_supplement(noisy, actor=counter_vp, reason="Thiếu", documents=[])
    assert Message.objects.count() == before


def test_a_long_list_is_cut_to_one_sms(counter_vp):
    dossier = receive(counter_vp)
    request_supplement(
        dossier, actor=counter_vp, reason="Thiếu", documents=[f"Giấy tờ số {n}" for n in range(30)]
    )
    body = Message.objects.get(dossier_code=dossier.code, purpose="request_supplement").body
    assert len(body) <= SMS_MAX_CHARS and body.endswith("….")


def test_a_second_request_needs_its_reason_and_counts_late(counter_vp, specialist_vp, leader_vp):
    # given a dossier supplemented once
    dossier = receive(counter_vp)
    transfer(dossier, actor=counter_vp, assignee_username=specialist_vp.username)
    request_supplement(dossier, actor=specialist_vp, reason="Thiếu", documents=["Tờ khai"])
    supplement(dossier, actor=counter_vp, documents=["Tờ khai"])
    # when asked again without saying why, it is refused, naming the field
    with pytest.raises(DossierInvalidError) as caught:
        request_supplement(dossier, actor=specialist_vp, reason="Thiếu", documents=["Sổ"])
    assert list(caught.value.errors) == ["repeat_reason"]
    assert "lý do" in caught.value.errors["repeat_reason"][0]
    # with the reason it is asked, the SMS says it is the second time
    request_supplement(
        dossier,
        actor=specialist_vp,
        reason="Thiếu",
        documents=["Sổ hộ khẩu"],
        repeat_reason="Bản sao bổ sung lần trước không có chứng thực",
    )
    asked = Message.objects.filter(dossier_code=dossier.code, purpose="request_supplement")
    assert "(lần 2)" in asked.order_by("-pk").first().body
    supplement(dossier, actor=counter_vp, documents=["Sổ hộ khẩu"])
    # then settled at once, well before its due time, it is late all the same
    appraise(dossier, actor=specialist_vp, proposal="approve")
    approve(dossier, actor=leader_vp)
    assert dossier.finished_at < dossier.due_at
    assert dossier.timeliness == Timeliness.LATE
    assert verify_chain(dossier) == []


def test_the_citizen_supplements_online_and_the_counter_accepts(
    citizen, counter_vp, specialist_vp, time_machine
):
    # given an online dossier accepted, transferred and asked to supplement
    time_machine.move_to("2026-12-09T08:00:00+07:00", tick=False)
    dossier = file_online(citizen)
    from motcua.dossiers.actions import accept

    accept(dossier, actor=counter_vp)
    transfer(dossier, actor=counter_vp, assignee_username=specialist_vp.username)
    request_supplement(
        dossier, actor=specialist_vp, reason="Ảnh mờ", documents=["Giấy chứng sinh rõ nét"]
    )
    due_before = dossier.due_at
    assert supplement_of(dossier)["request"]["documents"] == ["Giấy chứng sinh rõ nét"]
    # when the citizen sends a file and corrects the e-form an hour later
    time_machine.move_to("2026-12-09T09:00:00+07:00", tick=False)
    data = dict(dossier.data)
    data["child"] = {**data["child"], "hometown": "xã Yên Lạc, tỉnh Phú Thọ"}
    submit_supplement(
        dossier,
        actor=citizen,
        files=[OnlineFile(document="giay-chung-sinh", name="chung-sinh.pdf", content=PDF + b"2")],
        data=data,
        note="Đã chụp lại",
    )
    # then the dossier waits in the counter's queue, its clock still stopped
    assert dossier.state == State.SUPPLEMENT_REQUESTED and dossier.supplemented_at is not None
    assert dossier.data["child"]["hometown"] == "xã Yên Lạc, tỉnh Phú Thọ"
    assert Attachment.objects.filter(dossier=dossier, name="chung-sinh.pdf").exists()
    assert [row.code for row in work_queue(counter_vp, "supplemented")[0:10]] == [dossier.code]
    assert [row.code for row in work_queue(counter_vp, "supplement")[0:10]] == []
    assert queue_counts(counter_vp)["supplemented"] == 1
    sent = supplement_of(dossier)["sent"]
    assert sent["changes"] == [
        {
            "field": "child.hometown",
            "before": "xã Ví Dụ, tỉnh Phú Thọ",
            "after": "xã Yên Lạc, tỉnh Phú Thọ",
        }
    ]
    # and a second sending is refused until the counter looks
    with pytest.raises(DossierConflictError, match="đã được gửi bổ sung"):
        submit_supplement(dossier, actor=citizen, note="Lần nữa")
    # when the counter accepts it two hours after the request, the clock resumes
    time_machine.move_to("2026-12-09T10:00:00+07:00", tick=False)
    supplement(dossier, actor=counter_vp, documents=["Giấy chứng sinh rõ nét"])
    assert dossier.state == State.PROCESSING and dossier.supplemented_at is None
    assert dossier.suspended_time == timedelta(hours=2)
    assert dossier.due_at > due_before
    assert work_queue(counter_vp, "supplemented").count() == 0
    assert verify_chain(dossier) == []


def test_only_the_filer_supplements_and_only_when_asked(citizen, volunteer, counter_vp):
    dossier = file_online(citizen)
    from motcua.dossiers.actions import accept

    accept(dossier, actor=counter_vp)
    with pytest.raises(DossierConflictError, match="không ở tình trạng chờ bổ sung"):
        submit_supplement(dossier, actor=citizen, note="Sớm quá")
    request_supplement(dossier, actor=counter_vp, reason="Thiếu", documents=["Giấy chứng sinh"])
    with pytest.raises(DossierPermissionError):
        submit_supplement(dossier, actor=volunteer, note="Không phải của tôi")
    with pytest.raises(DossierInvalidError) as caught:
        submit_supplement(dossier, actor=citizen)
    assert "files" in caught.value.errors
    with pytest.raises(DossierInvalidError) as caught:
        submit_supplement(
            dossier,
            actor=citizen,
            files=[OnlineFile(document="giay-chung-sinh", name="a.txt", content=b"hello")],
        )
    assert "không phải PDF" in caught.value.errors["files.giay-chung-sinh"][0]
    bad = {**dossier.data, "child": {**dossier.data["child"], "date_of_birth": "2999-01-01"}}
    with pytest.raises(DossierInvalidError) as caught:
        submit_supplement(dossier, actor=citizen, data=bad)
    assert "data" in caught.value.errors
    dossier.refresh_from_db()
    assert dossier.supplemented_at is None


def test_the_page_asks_the_reason_of_a_second_request_and_marks_it_late(
    client, counter_vp, specialist_vp
):
    # given a dossier asked and supplemented once
    dossier = receive(counter_vp)
    transfer(dossier, actor=counter_vp, assignee_username=specialist_vp.username)
    client.force_login(specialist_vp)
    first = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert 'id="request-supplement-reason"' in first
    assert 'id="request-supplement-repeat_reason"' not in first  # not for the first
    request_supplement(dossier, actor=specialist_vp, reason="Thiếu", documents=["Tờ khai"])
    supplement(dossier, actor=counter_vp, documents=["Tờ khai"])
    # the page now asks why, and says it will count late
    again = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert 'id="request-supplement-repeat_reason"' in again
    assert "sẽ bị tính là quá hạn" in again
    # without it: refused in Vietnamese naming the field, what was typed kept
    url = f"/ho-so/{dossier.code}/hanh-dong/request-supplement/"
    posted = {"version": dossier.version, "reason": "Thiếu sổ", "documents": "Sổ hộ khẩu"}
    response = client.post(url, posted)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="request-supplement-repeat_reason-loi"' in html
    assert "cần nhập lý do" in html
    assert "Thiếu sổ" in html and "Sổ hộ khẩu" in html
    dossier.refresh_from_db()
    assert dossier.supplement_count == 1
    # with it: asked again, and the page says it counts late
    response = client.post(url, {**posted, "repeat_reason": "Bản sao lần trước không hợp lệ"})
    assert response.status_code == 302
    shown = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert "Tính là quá hạn" in shown and "(lần 2)" in shown
    dossier.refresh_from_db()
    assert dossier.counts_late
