"""Work queues: contents per queue, sorted by due time, scoped, a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.actions import request_supplement, transfer
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import WORK_QUEUES, work_queue

from .conftest import BIRTH, DAO_TRU, RESIDENCE, VINH_PHUC, WEDNESDAY, at, receive


@pytest.fixture
def dossiers(time_machine, counter_vp, specialist_vp):
    """Wednesday 08:00: a same-day one (due 17:00), a 7-day one, one transferred, one waiting."""
    time_machine.move_to(at(WEDNESDAY, 8), tick=False)
    today = receive(counter_vp)
    later = receive(counter_vp, procedure=RESIDENCE)
    mine = transfer(receive(counter_vp), actor=counter_vp, assignee_username="specialist_vp")
    waiting = receive(counter_vp)
    request_supplement(waiting, actor=counter_vp, reason="Thiếu", documents=["Tờ khai"])
    return {"today": today, "later": later, "mine": mine, "waiting": waiting}


def codes(queryset) -> list[str]:
    return [dossier.code for dossier in queryset]


def test_queues_hold_what_their_names_say(dossiers, specialist_vp, counter_vp, time_machine):
    d = dossiers
    assert set(WORK_QUEUES) == {
        *("online", "approval", "to_return", "supplemented"),
        *("mine", "unit", "due_today", "overdue", "supplement"),
    }
    assert codes(work_queue(specialist_vp, "mine")) == [d["mine"].code]
    assert codes(work_queue(counter_vp, "supplement")) == [d["waiting"].code]
    # sorted by due time; the 7-day dossier comes last
    unit = codes(work_queue(counter_vp, "unit"))
    assert set(unit) == {x.code for x in d.values()}
    assert unit[-1] == d["later"].code
    # due today: the running same-day ones, not the one waiting for the applicant
    assert set(codes(work_queue(counter_vp, "due_today"))) == {d["today"].code, d["mine"].code}
    assert codes(work_queue(counter_vp, "overdue")) == []
    # the next morning the same-day ones are overdue
    time_machine.move_to(at(WEDNESDAY + timedelta(days=1), 8), tick=False)
    assert set(codes(work_queue(counter_vp, "overdue"))) == {d["today"].code, d["mine"].code}


def test_queues_are_scoped(dossiers, counter_dt):
    for queue in WORK_QUEUES:
        assert list(work_queue(counter_dt, queue)) == []


def test_unknown_queue_is_an_error(counter_vp):
    with pytest.raises(ValueError, match="Không có hàng đợi"):
        work_queue(counter_vp, "all")


def render(queryset) -> list[tuple[str, str, str | None, str]]:
    return [
        (
            d.code,
            d.unit.name,
            d.assignee.get_username() if d.assignee else None,
            d.receiving_agency.name,
        )
        for d in queryset
    ]


def test_queue_query_count_does_not_grow_with_rows(
    counter_vp, specialist_vp, django_assert_max_num_queries
):
    # given one dossier, count the queries of rendering the unit queue
    transfer(receive(counter_vp), actor=counter_vp, assignee_username="specialist_vp")
    with CaptureQueriesContext(connection) as one:
        assert len(render(work_queue(counter_vp, "unit"))) == 1
    # when there are many, then no more queries
    for _ in range(6):
        transfer(receive(counter_vp), actor=counter_vp, assignee_username="specialist_vp")
    with django_assert_max_num_queries(len(one)):
        assert len(render(work_queue(counter_vp, "unit"))) == 7


def receive_hourly(time_machine, entries) -> list[Dossier]:
    """(counter, competent commune, procedure) received one an hour from Wednesday 08:00,
    so their due times interleave as the entries do."""
    received = []
    for hour, (actor, unit, procedure) in enumerate(entries):
        time_machine.move_to(at(WEDNESDAY, 8 + hour), tick=False)
        received.append(receive(actor, unit=unit, procedure=procedure))
    return received


def assert_read_by_windows(queue, whole: list[str], *, sizes) -> None:
    """Read window by window, each size gives the whole queue in the same order."""
    for size in sizes:
        windows = [queue[start : start + size] for start in range(0, len(whole), size)]
        assert [d.code for window in windows for d in window] == whole, size


def test_a_queue_read_a_window_at_a_time_is_the_whole_queue_in_order(
    time_machine, counter_vp, counter_dt
):
    # given dossiers on both sides of Vĩnh Phúc's scope, with due times interleaved: its own
    # (received at home or at Đạo Trù) and Đạo Trù's received at Vĩnh Phúc (filed away)
    receive_hourly(
        time_machine,
        [
            (counter_vp, VINH_PHUC, BIRTH),
            (counter_dt, VINH_PHUC, RESIDENCE),
            (counter_vp, DAO_TRU, BIRTH),
            (counter_vp, VINH_PHUC, RESIDENCE),
            (counter_vp, DAO_TRU, RESIDENCE),
            (counter_dt, VINH_PHUC, BIRTH),
            (counter_dt, DAO_TRU, BIRTH),  # Đạo Trù's own: outside Vĩnh Phúc's scope
        ],
    )
    queue = work_queue(counter_vp, "unit")
    whole = codes(queue)
    # then
    assert queue.count() == len(whole) == len(set(whole)) == 6
    by_due = Dossier.objects.filter(code__in=whole).order_by("due_at", "pk")
    assert whole == [d.code for d in by_due]
    assert_read_by_windows(queue, whole, sizes=(1, 2, 4, 6, 10))
    assert queue[2].code == whole[2]
    assert queue[6:10] == []


def test_an_officials_own_queue_is_their_open_dossiers_in_scope_in_order(
    time_machine, counter_vp, counter_dt, specialist_vp
):
    # given dossiers assigned to a Vĩnh Phúc specialist, due at interleaved times: Vĩnh
    # Phúc's own, one of Đạo Trù's received at Vĩnh Phúc (in scope: its receiving side), one
    # of Đạo Trù's received there (outside the scope, assigned by a direct write), one
    # finished, and one of Vĩnh Phúc's assigned to nobody
    assigned = receive_hourly(
        time_machine,
        [
            (counter_vp, VINH_PHUC, RESIDENCE),
            (counter_vp, VINH_PHUC, BIRTH),
            (counter_vp, DAO_TRU, BIRTH),
            (counter_dt, DAO_TRU, BIRTH),
            (counter_vp, VINH_PHUC, BIRTH),
            (counter_vp, VINH_PHUC, RESIDENCE),
        ],
    )
    receive(counter_vp)  # nobody's
    Dossier.objects.filter(pk__in=[d.pk for d in assigned]).update(assignee=specialist_vp)
    Dossier.objects.filter(pk=assigned[-1].pk).update(state="returned", status=10)
    outside = assigned[3]
    # when
    queue = work_queue(specialist_vp, "mine")
    whole = codes(queue)
    count = queue.count()
    first = [dossier.code for dossier in queue[0:2]]
    # then the same dossiers, in the same order, as the plain query of the queue
    expected = Dossier.objects.filter(pk__in=[d.pk for d in assigned[:3] + assigned[4:5]]).order_by(
        "due_at", "pk"
    )
    assert whole == [d.code for d in expected] and count == 4 and first == whole[:2]
    assert outside.code not in whole
    assert_read_by_windows(queue, whole, sizes=(1, 3, 4, 10))
    assert queue[4:8] == []
