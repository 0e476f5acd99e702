"""The lifecycle rules of issue 3: accept, refuse, supplement once (clock stops), extend once
before the due time, stop, withdraw, timeliness and step due times; allowed_actions agrees
with what succeeds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction

from motcua.dossiers.actions import (
    ACTIONS,
    DossierConflictError,
    DossierError,
    DossierInvalidError,
    DossierNotFoundError,
    DossierPermissionError,
    accept,
    allowed_actions,
    appraise,
    approve,
    extend,
    refuse,
    request_supplement,
    stop,
    supplement,
    transfer,
    withdraw,
)
from motcua.dossiers.choices import State, Status, Timeliness
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workcal.queries import calendar_for

from .conftest import RESIDENCE, WEDNESDAY, at, receive

THURSDAY = WEDNESDAY + timedelta(days=1)
FRIDAY = WEDNESDAY + timedelta(days=2)
MONDAY = WEDNESDAY + timedelta(days=5)


def last_event(dossier: Dossier) -> DossierEvent:
    return DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()


@pytest.fixture
def morning(time_machine):
    time_machine.move_to(at(WEDNESDAY, 8), tick=False)
    return time_machine


@pytest.fixture
def received(morning, counter_vp) -> Dossier:
    return receive(counter_vp)


@pytest.fixture
def processing(received, counter_vp, specialist_vp) -> Dossier:
    return transfer(received, actor=counter_vp, assignee_username="specialist_vp")


def make_submitted(dossier: Dossier) -> Dossier:
    """An online dossier not yet received (as an import or the portal would leave it)."""
    Dossier.objects.filter(pk=dossier.pk).update(state=State.SUBMITTED, status=1)
    dossier.refresh_from_db()
    return dossier


# accept ----------------------------------------------------------------------------------------


def test_counter_accepts_an_online_dossier_and_the_clock_starts(received, counter_vp, morning):
    # given an online dossier waiting since 08:00
    make_submitted(received)
    # when the counter accepts it at 10:00
    morning.move_to(at(WEDNESDAY, 10), tick=False)
    accept(received, actor=counter_vp, expected_version=1)
    # then it is received (2) and its due time starts from acceptance
    assert (received.status, received.state, received.version) == (2, State.RECEIVED, 2)
    assert received.received_at == at(WEDNESDAY, 10)
    assert received.due_at == at(WEDNESDAY, 17)
    assert last_event(received).action == "accept"


def test_accept_is_for_the_counter_and_only_status_1(received, specialist_vp, counter_vp):
    with pytest.raises(DossierConflictError, match="trực tuyến"):
        accept(received, actor=counter_vp)
    make_submitted(received)
    with pytest.raises(DossierPermissionError, match="cán bộ một cửa"):
        accept(received, actor=specialist_vp)
    assert Dossier.objects.get(pk=received.pk).status == 1


# refuse ----------------------------------------------------------------------------------------


def test_counter_refuses_at_intake_with_a_reason(received, counter_vp):
    refuse(received, actor=counter_vp, reason="Hồ sơ không thuộc thẩm quyền")
    assert (received.status, received.state) == (Status.REFUSED, State.REFUSED)
    assert received.closing_reason == "Hồ sơ không thuộc thẩm quyền"
    assert last_event(received).payload["reason"] == "Hồ sơ không thuộc thẩm quyền"


def test_refusal_needs_a_reason_and_the_right_person(received, counter_vp, leader_vp):
    with pytest.raises(DossierInvalidError) as caught:
        refuse(received, actor=counter_vp, reason="  ")
    assert caught.value.errors["reason"] == ["Cần nhập lý do từ chối."]
    with pytest.raises(DossierPermissionError, match="từ chối tiếp nhận"):
        refuse(received, actor=leader_vp, reason="Không đủ điều kiện")
    assert Dossier.objects.get(pk=received.pk).state == State.RECEIVED


def test_leader_refuses_after_a_refuse_proposal_and_finishes_it(
    processing, specialist_vp, leader_vp, morning
):
    appraise(processing, actor=specialist_vp, proposal="refuse", note="Không đủ điều kiện")
    morning.move_to(at(WEDNESDAY, 11), tick=False)
    refuse(processing, actor=leader_vp, reason="Người yêu cầu không đủ điều kiện")
    assert (processing.status, processing.state) == (3, State.REFUSED)
    assert processing.finished_at == at(WEDNESDAY, 11)
    assert processing.timeliness == Timeliness.ON_TIME


def test_leader_cannot_refuse_after_an_approve_proposal(processing, specialist_vp, leader_vp):
    appraise(processing, actor=specialist_vp, proposal="approve")
    with pytest.raises(DossierConflictError, match="đề xuất giải quyết"):
        refuse(processing, actor=leader_vp, reason="Không đồng ý")


# supplement ------------------------------------------------------------------------------------


def test_supplement_request_stops_the_clock_and_a_second_needs_its_reason(
    processing, specialist_vp, counter_vp
):
    # when the specialist asks for documents
    request_supplement(
        processing, actor=specialist_vp, reason="Thiếu giấy tờ", documents=["Giấy chứng sinh"]
    )
    # then status 5, the clock stopped, the list is in the event for form 02
    assert (processing.status, processing.state) == (5, State.SUPPLEMENT_REQUESTED)
    assert processing.suspended_at is not None
    assert processing.supplement_count == 1
    assert last_event(processing).payload["documents"] == ["Giấy chứng sinh"]
    # and after the supplement a second request without its own reason is refused, citing
    # the rule, and nothing changes
    supplement(processing, actor=counter_vp, documents=["Giấy chứng sinh"])
    assert (processing.status, processing.state) == (4, State.PROCESSING)
    with pytest.raises(DossierInvalidError, match="bị tính là quá hạn") as caught:
        request_supplement(processing, actor=specialist_vp, reason="Thiếu", documents=["Tờ khai"])
    assert "repeat_reason" in caught.value.errors
    processing.refresh_from_db()
    assert (processing.state, processing.supplement_count) == (State.PROCESSING, 1)
    # with it, the dossier is asked again, and counts late whatever the clock says
    request_supplement(
        processing,
        actor=specialist_vp,
        reason="Thiếu",
        documents=["Tờ khai"],
        repeat_reason="Giấy chứng sinh bổ sung bị mờ, không đọc được",
    )
    assert (processing.status, processing.supplement_count) == (5, 2)
    assert processing.counts_late
    payload = last_event(processing).payload
    assert payload["repeat_reason"].startswith("Giấy chứng sinh")
    assert payload["counts_late"] is True


def test_supplement_request_needs_reason_documents_and_a_right_person(
    received, counter_vp, leader_vp
):
    with pytest.raises(DossierInvalidError) as caught:
        request_supplement(received, actor=counter_vp, reason="Thiếu", documents=[])
    assert "documents" in caught.value.errors
    with pytest.raises(DossierPermissionError, match="yêu cầu bổ sung"):
        request_supplement(received, actor=leader_vp, reason="Thiếu", documents=["Tờ khai"])
    # a never-transferred dossier goes back to received (status 2) after the supplement
    request_supplement(received, actor=counter_vp, reason="Thiếu", documents=["Tờ khai"])
    supplement(received, actor=counter_vp, documents=["Tờ khai"])
    assert (received.status, received.state) == (2, State.RECEIVED)


def test_only_the_counter_takes_in_a_supplement(processing, specialist_vp):
    request_supplement(processing, actor=specialist_vp, reason="Thiếu", documents=["Tờ khai"])
    with pytest.raises(DossierPermissionError, match="mới nhận bổ sung"):
        supplement(processing, actor=specialist_vp, documents=["Tờ khai"])


def test_due_time_shifts_by_the_paused_working_time_across_a_weekend(
    time_machine, counter_vp, specialist_vp
):
    # given a 7-working-day dossier received Wednesday 08:00
    time_machine.move_to(at(WEDNESDAY, 8), tick=False)
    dossier = receive(counter_vp, procedure=RESIDENCE)
    old_due = dossier.due_at
    transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")
    # when a supplement is requested Friday 15:00 and supplied Monday 09:00
    time_machine.move_to(at(FRIDAY, 15), tick=False)
    request_supplement(dossier, actor=specialist_vp, reason="Thiếu", documents=["Sổ hộ khẩu"])
    time_machine.move_to(at(MONDAY, 9), tick=False)
    supplement(dossier, actor=counter_vp, documents=["Sổ hộ khẩu"])
    # then 4 working hours were paused (Fri 15-17, Mon 07-09), not the weekend
    assert dossier.suspended_time == timedelta(hours=4)
    assert last_event(dossier).payload["paused_seconds"] == 4 * 3600
    assert dossier.due_at == calendar_for("25").add_working_hours(old_due, timedelta(hours=4))
    assert dossier.due_at > old_due
    assert dossier.suspended_at is None
    assert verify_chain(dossier) == []


# extend ----------------------------------------------------------------------------------------


def test_extend_before_the_due_time_once(processing, leader_vp, morning):
    # given a dossier due today 17:00; when the leader apologises at 10:00
    morning.move_to(at(WEDNESDAY, 10), tick=False)
    new_due = at(THURSDAY, 17)
    extend(processing, actor=leader_vp, reason="Cần xác minh thêm", new_due=new_due.isoformat())
    # then the new due time holds, the old one is kept for form 04
    assert processing.due_at == new_due
    assert processing.original_due_at == at(WEDNESDAY, 17)
    assert processing.extension_reason == "Cần xác minh thêm"
    payload = last_event(processing).payload
    assert payload["reason"] == "Cần xác minh thêm"
    # and a second extension is refused
    with pytest.raises(DossierConflictError, match="một lần"):
        extend(processing, actor=leader_vp, reason="Lần nữa", new_due=at(FRIDAY, 17).isoformat())


def test_extend_is_refused_after_the_due_time(processing, leader_vp, morning):
    morning.move_to(at(WEDNESDAY, 17, 1), tick=False)
    with pytest.raises(DossierConflictError, match="trước khi hết hạn"):
        extend(processing, actor=leader_vp, reason="Muộn", new_due=at(FRIDAY, 17).isoformat())


def test_extend_checks_the_new_due_and_who_asks(processing, leader_vp, counter_vp):
    with pytest.raises(DossierInvalidError) as caught:
        extend(processing, actor=leader_vp, reason="Xác minh", new_due=at(WEDNESDAY, 16))
    assert "new_due" in caught.value.errors
    with pytest.raises(DossierInvalidError, match="múi giờ"):
        extend(processing, actor=leader_vp, reason="Xác minh", new_due="2025-11-28T17:00")
    with pytest.raises(DossierPermissionError, match="gia hạn"):
        extend(processing, actor=counter_vp, reason="Xác minh", new_due=at(FRIDAY, 17))


# stop and withdraw -----------------------------------------------------------------------------


def test_leader_stops_with_a_reason(processing, leader_vp, counter_vp):
    with pytest.raises(DossierPermissionError, match="dừng giải quyết"):
        stop(processing, actor=counter_vp, reason="Lý do")
    with pytest.raises(DossierInvalidError):
        stop(processing, actor=leader_vp, reason="")
    stop(processing, actor=leader_vp, reason="Có tranh chấp")
    assert (processing.status, processing.state) == (8, State.STOPPED)
    assert processing.closing_reason == "Có tranh chấp"


def test_counter_records_a_withdrawal_but_not_after_the_result(
    processing, counter_vp, specialist_vp, leader_vp
):
    with pytest.raises(DossierPermissionError, match="rút hồ sơ"):
        withdraw(processing, actor=specialist_vp)
    withdraw(processing, actor=counter_vp)
    assert (processing.status, processing.state) == (7, State.WITHDRAWN)

    other = transfer(receive(counter_vp), actor=counter_vp, assignee_username="specialist_vp")
    appraise(other, actor=specialist_vp, proposal="approve")
    approve(other, actor=leader_vp)
    with pytest.raises(DossierConflictError, match="Không rút được"):
        withdraw(other, actor=counter_vp, reason="Không cần nữa")


def test_an_official_of_another_commune_cannot_act(processing, counter_dt):
    with pytest.raises(DossierNotFoundError):
        withdraw(processing, actor=counter_dt)
    assert allowed_actions(processing, counter_dt) == []


# timeliness and step due times -----------------------------------------------------------------


def settle(dossier, counter, specialist, leader):
    if dossier.state == State.RECEIVED:
        transfer(dossier, actor=counter, assignee_username="specialist_vp")
    appraise(dossier, actor=specialist, proposal="approve")
    return approve(dossier, actor=leader)


@pytest.mark.parametrize(
    ("procedure", "finish", "expected"),
    [
        (RESIDENCE, at(THURSDAY, 9), Timeliness.EARLY),
        ("1.001193", at(WEDNESDAY, 16), Timeliness.ON_TIME),
        ("1.001193", at(THURSDAY, 9), Timeliness.LATE),
    ],
)
def test_timeliness_at_finish(
    time_machine, counter_vp, specialist_vp, leader_vp, procedure, finish, expected
):
    time_machine.move_to(at(WEDNESDAY, 8), tick=False)
    dossier = receive(counter_vp, procedure=procedure)
    time_machine.move_to(finish, tick=False)
    settle(dossier, counter_vp, specialist_vp, leader_vp)
    assert dossier.timeliness == expected


def test_more_than_one_supplement_request_counts_late(
    received, counter_vp, specialist_vp, leader_vp
):
    # given imported data with two supplement requests, settled well on time
    Dossier.objects.filter(pk=received.pk).update(supplement_count=2)
    settle(received, counter_vp, specialist_vp, leader_vp)
    assert received.timeliness == Timeliness.LATE


def test_step_due_times_follow_the_budgets_within_the_same_day_rule(
    time_machine, counter_vp, specialist_vp, leader_vp
):
    # given a same-day dossier (steps 2 h, 3 h, 2 h, 1 h) received at 08:00
    time_machine.move_to(at(WEDNESDAY, 8), tick=False)
    dossier = receive(counter_vp)
    assert (dossier.current_step, dossier.step_due_at) == (0, at(WEDNESDAY, 10))
    # when it is transferred at 09:00, the processing step is due 3 working hours later
    time_machine.move_to(at(WEDNESDAY, 9), tick=False)
    transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")
    assert (dossier.current_step, dossier.step_due_at) == (1, at(WEDNESDAY, 14))
    assert last_event(dossier).payload["step_due_at"] == at(WEDNESDAY, 14).isoformat()
    # and a step starting at 16:00 is capped at the legal 17:00, not 09:00 tomorrow
    time_machine.move_to(at(WEDNESDAY, 16), tick=False)
    appraise(dossier, actor=specialist_vp, proposal="approve")
    assert (dossier.current_step, dossier.step_due_at) == (2, at(WEDNESDAY, 17))


# allowed_actions -------------------------------------------------------------------------------

SAMPLE_FIELDS = {
    "assignee": "specialist_vp",
    "reason": "Lý do thử",
    "documents": ["Tờ khai"],
    "proposal": "refuse",
    "note": "Ghi chú",
}


def succeeds(dossier: Dossier, name: str, user) -> bool:
    spec = ACTIONS[name]
    fields = {field: SAMPLE_FIELDS.get(field) for field in spec.fields if field in SAMPLE_FIELDS}
    if "new_due" in spec.fields:
        fields["new_due"] = (dossier.due_at + timedelta(days=1)).isoformat()
    with transaction.atomic():
        try:
            spec.run(Dossier.objects.get(pk=dossier.pk), actor=user, **fields)
            return True
        except DossierError:
            return False
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize("stage", ["received", "processing", "awaiting_refuse", "supplement"])
def test_allowed_actions_match_what_succeeds(
    stage, received, counter_vp, specialist_vp, leader_vp, counter_dt
):
    # given a dossier at some stage
    if stage != "received":
        transfer(received, actor=counter_vp, assignee_username="specialist_vp")
    if stage == "awaiting_refuse":
        appraise(received, actor=specialist_vp, proposal="refuse", note="Không đủ điều kiện")
    if stage == "supplement":
        request_supplement(received, actor=specialist_vp, reason="Thiếu", documents=["Tờ khai"])
    # then for each persona the listed actions are exactly those that succeed
    for user in (counter_vp, specialist_vp, leader_vp, counter_dt):
        listed = allowed_actions(received, user)
        actual = [name for name in ACTIONS if succeeds(received, name, user)]
        assert listed == actual, (stage, user.username)
    assert "transfer" in allowed_actions(received, counter_vp) or stage != "received"
