"""The staff's lists written as SQL (dossiers.listing) against what they mean, spelled out
in Python over every dossier: scope, each work queue, each narrowing and their
combinations, order, windows, and the values a row of the API's list carries."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.queries import scope_unit_codes, standing_of
from motcua.core.text import search_terms
from motcua.dossiers.actions import request_supplement, transfer
from motcua.dossiers.choices import OPEN_STATES, State
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import (
    CODE_CHARACTERS,
    RUNNING_STATES,
    WORK_QUEUES,
    dossiers_list,
    queue_rows,
)

from .conftest import APPLICANT, BIRTH, DAO_TRU, RESIDENCE, VINH_PHUC, WEDNESDAY, at, receive

NAMES = ("Nguyễn Văn An", "Trần Thị Lan", "Lê Thanh Hà", "Nguyễn Thị Anh", "Đỗ Văn Đức")


@pytest.fixture
def spread(time_machine, counter_vp, counter_dt, specialist_vp) -> list[Dossier]:
    """Dossiers received an hour apart from Wednesday 08:00 on both sides of Vĩnh Phúc's
    scope and outside it, with five names, two procedures (same day and longer), one
    assigned, one waiting for a supplement, one finished, one without a due time; then
    Friday 10:00."""
    entries = [
        (counter_vp, VINH_PHUC, BIRTH),
        (counter_dt, VINH_PHUC, RESIDENCE),  # filed away at Đạo Trù
        (counter_vp, DAO_TRU, BIRTH),  # Đạo Trù's, received at Vĩnh Phúc
        (counter_vp, VINH_PHUC, RESIDENCE),
        (counter_dt, DAO_TRU, BIRTH),  # outside Vĩnh Phúc's scope
        (counter_vp, VINH_PHUC, BIRTH),
        (counter_vp, DAO_TRU, RESIDENCE),
        (counter_vp, VINH_PHUC, RESIDENCE),
    ]
    received = []
    for hour, (actor, unit, procedure) in enumerate(entries):
        time_machine.move_to(at(WEDNESDAY, 8 + hour), tick=False)
        applicant = replace(
            APPLICANT,
            full_name=NAMES[hour % len(NAMES)],
            id_number=f"0250900000{hour:02d}",
        )
        received.append(receive(actor, unit=unit, procedure=procedure, applicant=applicant))
    transfer(received[0], actor=counter_vp, assignee_username=specialist_vp.username)
    transfer(received[3], actor=counter_vp, assignee_username=specialist_vp.username)
    request_supplement(received[5], actor=counter_vp, reason="Thiếu", documents=["Tờ khai"])
    # one asked whose citizen sent the supplement online (`supplements`, tested elsewhere)
    request_supplement(received[0], actor=counter_vp, reason="Thiếu", documents=["Tờ khai"])
    Dossier.objects.filter(pk=received[0].pk).update(supplemented_at=timezone.now())
    Dossier.objects.filter(pk=received[7].pk).update(state=State.RETURNED, status=10)
    Dossier.objects.filter(pk=received[6].pk).update(due_at=None)  # no time limit
    # the role queues' states, written directly (their actions are tested elsewhere): one
    # waiting for a leader (its signing failed), one whose result waits at the counter, one
    # filed online at Vĩnh Phúc's PSC for Đạo Trù, not yet received
    Dossier.objects.filter(pk=received[3].pk).update(state=State.AWAITING_SIGNATURE)
    Dossier.objects.filter(pk=received[1].pk).update(state=State.RESULT_READY, status=9)
    Dossier.objects.filter(pk=received[2].pk).update(state=State.SUBMITTED, status=1, due_at=None)
    time_machine.move_to(at(WEDNESDAY + timedelta(days=2), 10), tick=False)
    return received


def in_scope_of(user: User) -> list[Dossier]:
    codes = scope_unit_codes(user)
    dossiers = Dossier.objects.select_related("receiving_agency")
    return [d for d in dossiers if d.unit_id in codes or d.receiving_unit_code in codes]


def late(dossier: Dossier, now: datetime) -> bool:
    return dossier.state in RUNNING_STATES and dossier.due_at is not None and dossier.due_at < now


def meant(dossier: Dossier, user: User, queue: str | None, **narrowing: Any) -> bool:
    """Whether the dossier belongs in the list, as the docstrings say it."""
    now = timezone.now()
    end_of_today = datetime.combine(
        timezone.localdate() + timedelta(days=1), time(0), tzinfo=timezone.get_current_timezone()
    )
    running = dossier.state in RUNNING_STATES and dossier.due_at is not None
    in_queue = {
        None: True,
        "mine": dossier.state in OPEN_STATES and dossier.assignee_id == user.pk,
        "unit": dossier.state in OPEN_STATES,
        "due_today": running and dossier.due_at < end_of_today,
        "overdue": running and dossier.due_at < now,
        "supplement": dossier.state == State.SUPPLEMENT_REQUESTED
        and dossier.supplemented_at is None,
        "supplemented": dossier.state == State.SUPPLEMENT_REQUESTED
        and dossier.supplemented_at is not None,
        "online": dossier.state == State.SUBMITTED,
        "approval": dossier.state in {State.AWAITING_APPROVAL, State.AWAITING_SIGNATURE}
        and Role.LEADER in standing_of(user).roles_in(dossier.unit_id),
        "to_return": dossier.state == State.RESULT_READY,
    }[queue]
    status, unit, overdue, q = (narrowing.get(key) for key in ("status", "unit", "overdue", "q"))
    if not in_queue or (status is not None and dossier.status != status):
        return False
    if unit and dossier.unit_id != unit:
        return False
    if overdue is not None and late(dossier, now) != overdue:
        return False
    if not q:
        return True
    if q.isdigit() and len(q) == 12:
        return dossier.applicant_id_number == q
    words = dossier.applicant_name_folded.split()
    terms = search_terms(q)
    by_name = bool(terms) and all(any(w.startswith(t) for w in words) for t in terms)
    by_code = CODE_CHARACTERS.fullmatch(q) is not None and q.upper() in dossier.code.upper()
    return by_name or by_code


def expected(
    user: User, queue: str | None, scope: list[Dossier] | None = None, **narrowing: Any
) -> list[str]:
    scope = in_scope_of(user) if scope is None else scope
    listed = [d for d in scope if meant(d, user, queue, **narrowing)]
    if queue is None:
        listed.sort(key=lambda d: (d.received_at, d.pk), reverse=True)
    else:
        listed.sort(key=lambda d: (d.due_at is None, d.due_at or d.received_at, d.pk))
    return [d.code for d in listed]


def listed(user: User, queue: str | None, **narrowing: Any) -> Any:
    return queue_rows(user, queue, **narrowing) if queue else dossiers_list(user, **narrowing)


QUERIES = (None, "an", "nguyen van", "thi a", "ANH", "đức", "a%", "a_", "!!", "x", "H25", "-26")


def test_every_list_is_what_it_means(
    spread, counter_vp, specialist_vp, counter_dt, province_supervisor, leader_vp
):
    # given the spread of dossiers, then every queue and list, narrowed every way, holds
    # what its description says, in its order, for three officials and the province's
    code = spread[3].code
    queries = (*QUERIES, code[-7:].lower(), spread[2].applicant_id_number, "025090000099")
    checked = 0
    for user in (counter_vp, specialist_vp, counter_dt, province_supervisor, leader_vp):
        scope = in_scope_of(user)
        for queue, status, unit, overdue, q in itertools.product(
            (None, *WORK_QUEUES), (None, 2, 4), (None, VINH_PHUC), (None, True, False), queries
        ):
            narrowing = {"status": status, "unit": unit, "overdue": overdue, "q": q}
            rows = listed(user, queue, **narrowing)
            want = expected(user, queue, scope, **narrowing)
            assert [d.code for d in rows] == want, (user.username, queue, narrowing)
            assert rows.count() == len(want)
            # a page after its count: a side that cannot fill it is read whole and sorted
            count, page = listed(user, queue, **narrowing).page(1, 3)
            assert (count, [d.code for d in page]) == (len(want), want[1:3]), narrowing
            checked += bool(want)
    assert checked > 200  # most combinations list something


def test_windows_of_values_are_the_whole_list_in_order(spread, counter_vp, specialist_vp):
    for user, queue in ((counter_vp, None), (counter_vp, "unit"), (specialist_vp, "mine")):
        whole = expected(user, queue)
        assert len(whole) >= 2
        rows = listed(user, queue).as_values()
        for size in (1, 2, 3, 10):
            windows = [rows[start : start + size] for start in range(0, len(whole), size)]
            assert [row["code"] for window in windows for row in window] == whole
        assert rows[len(whole) : len(whole) + 5] == []


def test_a_value_row_carries_what_the_list_shows(spread, counter_vp, specialist_vp):
    dossier = Dossier.objects.select_related("unit", "assignee").get(pk=spread[0].pk)
    (row,) = [row for row in dossiers_list(counter_vp).as_values() if row["id"] == dossier.pk]
    assert row == {
        "id": dossier.pk,
        "code": dossier.code,
        "status": dossier.status,
        "state": dossier.state,
        "applicant_name": dossier.applicant_name,
        "applicant_id_number": dossier.applicant_id_number,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "timeliness": dossier.timeliness,
        "version": dossier.version,
        "unit_id": VINH_PHUC,
        "unit_name": dossier.unit.name,
        "assignee_name": specialist_vp.get_full_name(),  # a name, not the login (issue 24)
        "procedure": BIRTH,
        "procedure_name": dossier.snapshot["name"],
    }
    # the same row whichever way the window is read (halves and ids, or one statement)
    assert row in queue_rows(counter_vp, "unit").as_values()[0:10]
    assert row in queue_rows(specialist_vp, "mine").as_values()[0:10]
    nobody = next(row for row in dossiers_list(counter_vp).as_values() if not row["assignee_name"])
    assert nobody["assignee_name"] is None


def test_a_person_without_a_scope_lists_nothing(spread, db):
    citizen = User.objects.create_user("congdan.list")
    assert dossiers_list(citizen).count() == 0
    assert list(dossiers_list(citizen, q="an")) == []
    assert list(queue_rows(citizen, "unit").as_values()) == []
