"""Lifecycle actions: transfer → appraise → approve → return, send-back, and their refusals."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from motcua.dossiers.actions import (
    DossierConflictError,
    DossierInvalidError,
    DossierNotFoundError,
    DossierPermissionError,
    appraise,
    approve,
    return_result,
    send_back,
    transfer,
)
from motcua.dossiers.choices import State, Status, Timeliness
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.timeliness import timeliness_of

from .conftest import APPLICANT, VINH_PHUC, receive

COLLECTOR = {"collector_name": APPLICANT.full_name, "collector_id_number": APPLICANT.id_number}


def events_of(dossier: Dossier) -> list[str]:
    return list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("seq")
        .values_list("action", flat=True)
    )


@pytest.fixture
def received(counter_vp) -> Dossier:
    return receive(counter_vp)


@pytest.fixture
def processing(received, counter_vp, specialist_vp) -> Dossier:
    return transfer(received, actor=counter_vp, assignee_username="specialist_vp")


@pytest.fixture
def awaiting(processing, specialist_vp) -> Dossier:
    return appraise(processing, actor=specialist_vp, proposal="approve", note="Đủ điều kiện")


def test_full_path_ends_returned_with_an_intact_chain(
    received, counter_vp, specialist_vp, leader_vp
):
    # given a received dossier of Phường Vĩnh Phúc
    assert received.version == 1

    # when it goes counter → specialist → leader → counter
    transfer(received, actor=counter_vp, assignee_username="specialist_vp")
    assert (received.status, received.state, received.version) == (4, State.PROCESSING, 2)
    assert received.assignee == specialist_vp
    appraise(received, actor=specialist_vp, proposal="approve", note="Đủ điều kiện")
    assert (received.status, received.state) == (4, State.AWAITING_APPROVAL)
    approve(received, actor=leader_vp)
    assert (received.status, received.state) == (Status.RESULT_READY, State.RESULT_READY)
    assert received.finished_at is not None
    assert received.timeliness in Timeliness.values
    return_result(received, actor=counter_vp, **COLLECTOR)

    # then it is returned, every step is an event in order, and the chain is intact
    received.refresh_from_db()
    assert received.status == Status.RETURNED
    assert received.state == State.RETURNED
    assert received.returned_at is not None
    assert received.version == 5
    assert events_of(received) == ["receive", "transfer", "appraise", "approve", "return"]
    assert verify_chain(received) == []
    appraisal = DossierEvent.objects.get(dossier=received, action="appraise")
    assert appraisal.payload["proposal"] == "approve"
    assert appraisal.actor_id == specialist_vp.pk


def test_leader_may_transfer(received, leader_vp, specialist_vp):
    transfer(received, actor=leader_vp, assignee_username="specialist_vp")
    assert received.state == State.PROCESSING


@pytest.mark.parametrize("persona", ["specialist_vp", "province_supervisor"])
def test_transfer_refused_without_counter_or_leader_role(request, received, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(DossierPermissionError) as caught:
        transfer(received, actor=user, assignee_username="specialist_vp")
    assert caught.value.status == 403
    assert events_of(received) == ["receive"]


def test_transfer_to_a_non_specialist_is_422(received, counter_vp, leader_vp):
    # given a leader (not a specialist) as the assignee
    # when the counter transfers to them, then 422 on the assignee field and nothing changes
    with pytest.raises(DossierInvalidError) as caught:
        transfer(received, actor=counter_vp, assignee_username="leader_vp")
    assert caught.value.status == 422
    assert "assignee" in caught.value.errors
    received.refresh_from_db()
    assert (received.state, received.version, received.events_count) == (State.RECEIVED, 1, 1)


def test_transfer_to_unknown_user_is_422(received, counter_vp):
    with pytest.raises(DossierInvalidError):
        transfer(received, actor=counter_vp, assignee_username="nobody")


def test_counter_of_another_commune_cannot_act(received, counter_dt, specialist_vp):
    # given a counter officer of Xã Đạo Trù, and a dossier of Phường Vĩnh Phúc
    # when they try to transfer it, then it is not found for them (404) and nothing changes
    with pytest.raises(DossierNotFoundError) as caught:
        transfer(received, actor=counter_dt, assignee_username="specialist_vp")
    assert caught.value.status == 404
    assert events_of(received) == ["receive"]


def test_stale_version_is_409_and_changes_nothing(received, counter_vp, specialist_vp):
    # given a dossier another official already moved to version 2
    transfer(received, actor=counter_vp, assignee_username="specialist_vp", expected_version=1)
    count = DossierEvent.objects.filter(dossier=received).count()

    # when the specialist acts with version 1, then 409 and nothing changes
    with pytest.raises(DossierConflictError) as caught:
        appraise(received, actor=specialist_vp, proposal="approve", expected_version=1)
    assert caught.value.status == 409
    assert "phiên bản" in caught.value.message
    received.refresh_from_db()
    assert received.version == 2
    assert received.state == State.PROCESSING
    assert DossierEvent.objects.filter(dossier=received).count() == count


def test_current_version_is_accepted(processing, specialist_vp):
    appraise(processing, actor=specialist_vp, proposal="approve", expected_version=2)
    assert processing.version == 3


def test_second_transfer_loses(received, counter_vp, leader_vp, specialist_vp):
    # given two officials holding version 1; the first wins
    transfer(received, actor=counter_vp, assignee_username="specialist_vp")
    # when the second acts on its stale copy, then a conflict (the state moved on)
    stale = Dossier.objects.get(pk=received.pk)
    stale.version = 1
    with pytest.raises(DossierConflictError):
        transfer(stale, actor=leader_vp, assignee_username="specialist_vp")
    assert events_of(received) == ["receive", "transfer"]


def test_only_the_assigned_specialist_appraises(processing, leader_vp, counter_vp):
    for user in (leader_vp, counter_vp):
        with pytest.raises(DossierPermissionError):
            appraise(processing, actor=user, proposal="approve")
    assert processing.state == State.PROCESSING


def test_appraise_before_transfer_is_refused(received, specialist_vp):
    # the specialist is not assigned yet: not their dossier
    with pytest.raises(DossierPermissionError):
        appraise(received, actor=specialist_vp, proposal="approve")


def test_appraise_needs_a_valid_proposal(processing, specialist_vp):
    with pytest.raises(DossierInvalidError) as caught:
        appraise(processing, actor=specialist_vp, proposal="maybe")
    assert "proposal" in caught.value.errors


def test_appraise_twice_is_409(awaiting, specialist_vp):
    with pytest.raises(DossierConflictError):
        appraise(awaiting, actor=specialist_vp, proposal="approve")


def test_specialist_cannot_approve(awaiting, specialist_vp, leader_vp):
    # given a dossier awaiting approval
    # when the specialist tries to approve it, then 403
    with pytest.raises(DossierPermissionError) as caught:
        approve(awaiting, actor=specialist_vp)
    assert caught.value.status == 403
    assert awaiting.state == State.AWAITING_APPROVAL
    # and the leader may
    approve(awaiting, actor=leader_vp)
    assert awaiting.status == Status.RESULT_READY


def test_approve_before_appraise_is_409(processing, leader_vp):
    with pytest.raises(DossierConflictError) as caught:
        approve(processing, actor=leader_vp)
    assert caught.value.status == 409
    assert processing.state == State.PROCESSING


def test_approve_a_refusal_proposal_is_409(processing, specialist_vp, leader_vp):
    appraise(processing, actor=specialist_vp, proposal="refuse", note="Thiếu giấy tờ")
    with pytest.raises(DossierConflictError):
        approve(processing, actor=leader_vp)


def test_refuse_proposal_needs_a_note(processing, specialist_vp):
    with pytest.raises(DossierInvalidError) as caught:
        appraise(processing, actor=specialist_vp, proposal="refuse")
    assert "note" in caught.value.errors


def test_send_back_needs_a_reason_and_returns_to_processing(awaiting, leader_vp, specialist_vp):
    # given a dossier awaiting approval
    # when the leader sends it back without a reason, then 422
    with pytest.raises(DossierInvalidError) as caught:
        send_back(awaiting, actor=leader_vp, reason="  ")
    assert "reason" in caught.value.errors
    assert awaiting.state == State.AWAITING_APPROVAL

    # when with a reason, then it is back with the same specialist, who may appraise again
    send_back(awaiting, actor=leader_vp, reason="Bổ sung ý kiến về nơi cư trú")
    assert awaiting.state == State.PROCESSING
    assert awaiting.status == Status.PROCESSING
    assert awaiting.assignee == specialist_vp
    event = DossierEvent.objects.get(dossier=awaiting, action="send_back")
    assert event.payload["reason"] == "Bổ sung ý kiến về nơi cư trú"
    appraise(awaiting, actor=specialist_vp, proposal="approve")
    assert awaiting.state == State.AWAITING_APPROVAL
    assert verify_chain(awaiting) == []


def test_send_back_only_by_leader(awaiting, specialist_vp, counter_vp):
    for user in (specialist_vp, counter_vp):
        with pytest.raises(DossierPermissionError):
            send_back(awaiting, actor=user, reason="x")


def test_send_back_only_when_awaiting(processing, leader_vp):
    with pytest.raises(DossierConflictError):
        send_back(processing, actor=leader_vp, reason="x")


def test_return_only_by_counter_after_approval(awaiting, counter_vp, leader_vp):
    # not yet approved: 409
    with pytest.raises(DossierConflictError):
        return_result(awaiting, actor=counter_vp, **COLLECTOR)
    approve(awaiting, actor=leader_vp)
    # the leader is not the counter: 403
    with pytest.raises(DossierPermissionError):
        return_result(awaiting, actor=leader_vp, **COLLECTOR)
    return_result(awaiting, actor=counter_vp, **COLLECTOR)
    assert awaiting.status == Status.RETURNED


def test_timeliness():
    due = timezone.now()
    assert timeliness_of(due - timedelta(days=2), due) == Timeliness.EARLY
    assert timeliness_of(due, due) == Timeliness.ON_TIME
    assert timeliness_of(due + timedelta(minutes=1), due) == Timeliness.LATE
    assert timeliness_of(due, None) is None


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (SELECT FOR UPDATE); SQLite serialises all writers",
)
def test_concurrent_transfers_exactly_one_wins(master_data_restored, transactional_db):
    # given a received dossier and two officials who both saw version 1
    from motcua.accounts.actions import create_official

    counter = create_official(
        "counter_a", full_name="Cán bộ A", unit=VINH_PHUC, role="counter", agency="psc"
    ).user
    leader = create_official("leader_a", full_name="Lãnh đạo A", unit=VINH_PHUC, role="leader").user
    for name in ("specialist_a", "specialist_b"):
        create_official(name, full_name=name, unit=VINH_PHUC, role="specialist")
    dossier = receive(counter)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def work(user, assignee: str) -> None:
        try:
            barrier.wait(timeout=10)
            transfer(
                Dossier.objects.get(pk=dossier.pk),
                actor=user,
                assignee_username=assignee,
                expected_version=1,
            )
            outcomes.append("won")
        except DossierConflictError:
            outcomes.append("conflict")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    # when both transfer at the same moment
    threads = [
        threading.Thread(target=work, args=(counter, "specialist_a")),
        threading.Thread(target=work, args=(leader, "specialist_b")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then exactly one wins, the other gets a conflict, and the chain is intact
    assert errors == []
    assert sorted(outcomes) == ["conflict", "won"]
    dossier.refresh_from_db()
    assert dossier.version == 2
    assert events_of(dossier) == ["receive", "transfer"]
    assert verify_chain(dossier) == []


def test_return_records_who_collected_the_result(awaiting, counter_vp, leader_vp):
    approve(awaiting, actor=leader_vp)
    # no collector, or a wrong ID number: 422 naming the field, nothing changed
    with pytest.raises(DossierInvalidError) as missing:
        return_result(awaiting, actor=counter_vp)
    assert "collector_name" in missing.value.errors
    with pytest.raises(DossierInvalidError) as wrong:
        return_result(
            awaiting, actor=counter_vp, collector_name="Trần Thị Bình", collector_id_number="123"
        )
    assert "12 chữ số" in wrong.value.errors["collector_id_number"][0]
    assert awaiting.status == Status.RESULT_READY
    # the person at the counter, recorded in the event
    return_result(
        awaiting,
        actor=counter_vp,
        collector_name="  Trần   Thị Bình ",
        collector_id_number="025190123456",
    )
    event = DossierEvent.objects.filter(dossier=awaiting, action="return").get()
    assert event.payload["collector"] == {"name": "Trần Thị Bình", "id_number": "025190123456"}
    assert verify_chain(awaiting) == []


def test_a_postal_return_records_the_tracking_number(counter_vp, specialist_vp, leader_vp):
    dossier = receive(counter_vp, channel=3)
    transfer(dossier, actor=counter_vp, assignee_username=specialist_vp.username)
    appraise(dossier, actor=specialist_vp, proposal="approve", note="Đủ")
    approve(dossier, actor=leader_vp)
    with pytest.raises(DossierInvalidError) as missing:
        return_result(dossier, actor=counter_vp, **COLLECTOR)
    assert "tracking_number" in missing.value.errors
    return_result(dossier, actor=counter_vp, tracking_number="EB123456789VN")
    event = DossierEvent.objects.filter(dossier=dossier, action="return").get()
    assert event.payload["tracking_number"] == "EB123456789VN"
