"""Writes that race (issue 24, part 6): an action sent without `version` is checked against
the dossier it was chosen from, so two different actions on one dossier cannot both apply."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from motcua.dossiers.actions import (
    ACTIONS,
    DossierConflictError,
    accept,
    extend,
    request_supplement,
    stop,
    transfer,
)
from motcua.dossiers.choices import State
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.queries import dossier_handle

from .conftest import VINH_PHUC, receive


def actions_of(dossier: Dossier) -> list[str]:
    events = DossierEvent.objects.filter(dossier_id=dossier.pk).order_by("seq")
    return list(events.values_list("action", flat=True))


@pytest.fixture
def processing(counter_vp, specialist_vp) -> Dossier:
    dossier = receive(counter_vp)
    return transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")


def test_an_action_no_longer_allowed_from_the_new_state_is_409(counter_vp, specialist_vp):
    # given a received dossier, transferred by the counter (the state moved on)
    dossier = receive(counter_vp)
    transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")

    # when the counter accepts it, without version (accept is allowed from submitted only)
    with pytest.raises(DossierConflictError) as caught:
        accept(dossier, actor=counter_vp)

    # then 409 in Vietnamese, nothing written
    assert caught.value.status == 409
    assert "Đang xử lý" in caught.value.message or "đang ở tình trạng" in caught.value.message
    assert actions_of(dossier) == ["receive", "transfer"]


def test_a_stale_copy_without_version_cannot_apply_a_second_action(
    processing, specialist_vp, leader_vp
):
    # given the specialist and the leader both looking at the dossier in processing
    seen_by_leader = Dossier.objects.get(pk=processing.pk)
    seen_by_specialist = Dossier.objects.get(pk=processing.pk)

    # when the specialist asks for a supplement, then the leader stops it from the old view
    # (stop would be allowed from the new state too), both without version
    request_supplement(
        seen_by_specialist, actor=specialist_vp, reason="Thiếu giấy", documents=["Giấy chứng sinh"]
    )
    with pytest.raises(DossierConflictError) as caught:
        stop(seen_by_leader, actor=leader_vp, reason="Dừng theo đề nghị")

    # then only the first applies; the second is told what happened
    assert caught.value.status == 409
    assert "vừa được người khác cập nhật" in caught.value.message
    assert "Chờ bổ sung" in caught.value.message or "bổ sung" in caught.value.message
    processing.refresh_from_db()
    assert processing.state == State.SUPPLEMENT_REQUESTED
    assert actions_of(processing) == ["receive", "transfer", "request_supplement"]


def test_an_api_handle_read_before_another_action_is_409(processing, specialist_vp, leader_vp):
    # given the API's handle read (what the action was chosen from), then another action
    handle = dossier_handle(processing.code)
    assert handle is not None
    request_supplement(
        Dossier.objects.get(pk=processing.pk),
        actor=specialist_vp,
        reason="Thiếu giấy",
        documents=["Giấy chứng sinh"],
    )

    # when the leader's stop runs on that handle, without version, then 409
    with pytest.raises(DossierConflictError):
        ACTIONS["stop"].run(handle, actor=leader_vp, reason="Dừng")
    assert actions_of(processing) == ["receive", "transfer", "request_supplement"]


def test_an_action_that_left_the_state_alone_still_makes_a_stale_copy_409(
    processing, specialist_vp, leader_vp
):
    # given both saw the dossier in processing; the leader extends it (the state stays)
    seen_by_specialist = Dossier.objects.get(pk=processing.pk)
    new_due = processing.due_at + timedelta(days=3)
    extend(
        Dossier.objects.get(pk=processing.pk),
        actor=leader_vp,
        reason="Cần xác minh thêm",
        new_due=new_due,
    )

    # when the specialist asks for a supplement from the old view, without version
    with pytest.raises(DossierConflictError) as caught:
        request_supplement(
            seen_by_specialist, actor=specialist_vp, reason="Thiếu", documents=["Giấy"]
        )

    # then 409, saying the state is the same but something else happened
    assert "vẫn ở tình trạng" in caught.value.message
    assert actions_of(processing) == ["receive", "transfer", "extend"]


def test_a_fresh_copy_without_version_still_applies(processing, specialist_vp, leader_vp):
    request_supplement(
        processing, actor=specialist_vp, reason="Thiếu giấy", documents=["Giấy chứng sinh"]
    )
    stop(Dossier.objects.get(pk=processing.pk), actor=leader_vp, reason="Dừng")
    processing.refresh_from_db()
    assert processing.state == State.STOPPED


def test_the_api_answers_409_problem_json_for_a_state_that_moved(client, counter_vp, specialist_vp):
    # given a dossier the counter already transferred
    dossier = receive(counter_vp)
    transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")
    client.force_login(counter_vp)

    # when accept is sent without version
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/actions/accept", {}, content_type="application/json"
    )

    # then 409 problem+json in Vietnamese
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert "Hồ sơ" in response.json()["detail"]


def test_a_page_shown_before_another_action_answers_409_and_keeps_what_was_typed(
    client, processing, specialist_vp, leader_vp
):
    # given the leader's page showed version 2; the specialist then requests a supplement
    client.force_login(leader_vp)
    shown = processing.version
    request_supplement(
        Dossier.objects.get(pk=processing.pk),
        actor=specialist_vp,
        reason="Thiếu giấy",
        documents=["Giấy chứng sinh"],
    )

    # when the leader posts stop from that page (its hidden version)
    response = client.post(
        f"/ho-so/{processing.code}/hanh-dong/stop/",
        {"version": str(shown), "reason": "Lý do dừng đã gõ"},
    )

    # then 409 with the Vietnamese message and the typed reason kept
    assert response.status_code == 409
    page = response.content.decode()
    assert "vừa được người khác cập nhật" in page
    assert "Lý do dừng đã gõ" in page
    assert actions_of(processing) == ["receive", "transfer", "request_supplement"]


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (SELECT FOR UPDATE); SQLite serialises all writers",
)
def test_concurrent_different_actions_without_version_exactly_one_applies(
    master_data_restored, transactional_db
):
    # given a dossier in processing and a specialist and a leader who both loaded it
    from motcua.accounts.actions import create_official

    counter = create_official(
        "counter_r", full_name="Cán bộ R", unit=VINH_PHUC, role="counter", agency="psc"
    ).user
    leader = create_official("leader_r", full_name="Lãnh đạo R", unit=VINH_PHUC, role="leader").user
    specialist = create_official(
        "specialist_r", full_name="Chuyên viên R", unit=VINH_PHUC, role="specialist"
    ).user
    dossier = transfer(receive(counter), actor=counter, assignee_username="specialist_r")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def ask_supplement(copy: Dossier) -> None:
        request_supplement(copy, actor=specialist, reason="Thiếu", documents=["Giấy chứng sinh"])

    def stop_it(copy: Dossier) -> None:
        stop(copy, actor=leader, reason="Dừng")

    def work(act) -> None:
        try:
            copy = Dossier.objects.get(pk=dossier.pk)  # what each one's page showed
            barrier.wait(timeout=10)
            act(copy)  # no version
            outcomes.append("applied")
        except DossierConflictError:
            outcomes.append("conflict")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    # when both act at the same moment, without version
    threads = [
        threading.Thread(target=work, args=(ask_supplement,)),
        threading.Thread(target=work, args=(stop_it,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then exactly one applies, the other gets 409, and the chain is intact
    assert errors == []
    assert sorted(outcomes) == ["applied", "conflict"]
    dossier.refresh_from_db()
    assert dossier.version == 3
    assert len(actions_of(dossier)) == 3
    assert verify_chain(dossier) == []
