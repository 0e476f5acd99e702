"""Offline counter rules: code-block lease and release, the tracking book's unused ranges,
and the sync of offline dossiers (time window, replay, conflicts with an outcome)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from motcua.catalog.actions import publish_version
from motcua.catalog.queries import procedure_version
from motcua.dossiers.actions import (
    DossierConflictError,
    DossierInvalidError,
    DossierPermissionError,
    receive_dossier_outcome,
)
from motcua.dossiers.actions.offline import lease_block, lease_need, release_block, unused_ranges
from motcua.dossiers.models import CodeBlock, DailySequence, Dossier
from motcua.dossiers.numbering import dossier_code

from .conftest import (
    APPLICANT,
    BIRTH,
    VINH_PHUC,
    WEDNESDAY,
    at,
    form_example,
    mandatory_documents,
    receive,
)

DEVICE = "may-tinh-quay-1"
OTHER_DEVICE = "may-tinh-quay-2"
SATURDAY = date(2025, 11, 29)
MONDAY = date(2025, 12, 1)


@pytest.fixture
def morning(time_machine):
    time_machine.move_to(at(WEDNESDAY, 8), tick=False)
    return time_machine


def offline_receive(actor, *, code, received_at, key="khoa-1", device=DEVICE, **extra):
    return receive_dossier_outcome(
        actor=actor,
        procedure=extra.pop("procedure", BIRTH),
        unit=VINH_PHUC,
        channel=1,
        applicant=APPLICANT,
        data=form_example(BIRTH),
        documents=mandatory_documents(BIRTH),
        idempotency_key=key,
        received_at=received_at,
        code=code,
        device_id=device,
        **extra,
    )


# --- lease ------------------------------------------------------------------------------


def test_lease_takes_numbers_from_the_daily_sequence(morning, counter_vp, vp_ecode):
    # given a device that leases ten numbers for today
    block, prefix = lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=10)
    # then it holds 1..10 under the PSC's prefix, and online intake continues after them
    assert (block.first, block.last) == (1, 10)
    assert prefix == f"{vp_ecode}-251126-"
    assert receive(counter_vp).code == dossier_code(vp_ecode, WEDNESDAY, 11)
    # and a second device gets the numbers after that
    other, _ = lease_block(actor=counter_vp, device_id=OTHER_DEVICE, day=WEDNESDAY, size=5)
    assert (other.first, other.last) == (12, 16)
    assert DailySequence.objects.get(day=WEDNESDAY).last == 16


def test_lease_for_next_working_days_only(morning, counter_vp):
    # a later working day is fine, a weekend day or a past day is not
    _, prefix = lease_block(actor=counter_vp, device_id=DEVICE, day=MONDAY, size=3)
    assert prefix.endswith("-251201-")
    for day in (SATURDAY, WEDNESDAY - timedelta(days=1), date(2026, 1, 30)):
        with pytest.raises(DossierInvalidError) as error:
            lease_block(actor=counter_vp, device_id=DEVICE, day=day, size=3)
        assert error.value.outcome == "date_invalid"


@pytest.mark.parametrize("size", [0, 201, -1])
def test_lease_size_limits(morning, counter_vp, size):
    with pytest.raises(DossierInvalidError) as error:
        lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=size)
    assert error.value.outcome == "size_invalid"
    assert not CodeBlock.objects.exists()


def test_lease_bounds_are_allowed(morning, counter_vp):
    assert lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=1)[0].last == 1
    assert lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=200)[0].last == 201


def test_lease_only_by_counter_officers(morning, counter_vp, specialist_vp):
    with pytest.raises(DossierPermissionError):
        lease_block(actor=specialist_vp, device_id=DEVICE, day=WEDNESDAY, size=5)
    assert lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=5)[0].first == 1


# --- release ----------------------------------------------------------------------------


def test_release_on_top_of_the_sequence_returns_the_numbers(morning, counter_vp, vp_ecode):
    # given a block 1..10 that is still the top of the day's sequence
    lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=10)
    # when its tail 4..10 is released
    done = release_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, first=4, last=10)
    # then the numbers go back: the block shrinks and online intake continues at 4, no gap
    assert done.returned_to_sequence
    assert CodeBlock.objects.get().last == 3
    assert receive(counter_vp).code == dossier_code(vp_ecode, WEDNESDAY, 4)
    rows = unused_ranges(CodeBlock.objects.get().agency_id, WEDNESDAY)
    assert [(row["first"], row["last"], row["state"]) for row in rows] == [(1, 3, "leased")]


def test_release_below_other_numbers_leaves_an_honest_gap(morning, counter_vp):
    # given a block 1..10 and a dossier numbered online after it (11)
    block, _ = lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=10)
    receive(counter_vp)
    # when the unused tail 6..10 is released
    done = release_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, first=6, last=10)
    # then the numbers stay a gap, listed as released; 1..5 are still leased
    assert not done.returned_to_sequence
    rows = unused_ranges(block.agency_id, WEDNESDAY)
    assert [(r["first"], r["last"], r["state"]) for r in rows] == [
        (1, 5, "leased"),
        (6, 10, "released"),
    ]
    # and releasing the same tail again changes nothing
    again = release_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, first=6, last=10)
    assert again.block is not None and again.block.released_from == 6


def test_release_refuses_used_numbers_and_foreign_ranges(morning, counter_vp, vp_ecode):
    lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=10)
    offline_receive(
        counter_vp, code=dossier_code(vp_ecode, WEDNESDAY, 7), received_at=at(WEDNESDAY, 8, 3)
    )
    with pytest.raises(DossierConflictError) as used:
        release_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, first=5, last=10)
    assert used.value.outcome == "release_used"
    with pytest.raises(DossierConflictError) as foreign:
        release_block(actor=counter_vp, device_id=OTHER_DEVICE, day=WEDNESDAY, first=8, last=10)
    assert foreign.value.outcome == "release_invalid"
    with pytest.raises(DossierConflictError) as middle:
        release_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, first=8, last=9)
    assert middle.value.outcome == "release_invalid"


def test_unused_ranges_skip_used_numbers(morning, counter_vp, vp_ecode):
    block, _ = lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=5)
    offline_receive(
        counter_vp, code=dossier_code(vp_ecode, WEDNESDAY, 3), received_at=at(WEDNESDAY, 8, 3)
    )
    rows = unused_ranges(block.agency_id, WEDNESDAY)
    assert [(r["first_code"], r["last_code"]) for r in rows] == [
        (dossier_code(vp_ecode, WEDNESDAY, 1), dossier_code(vp_ecode, WEDNESDAY, 2)),
        (dossier_code(vp_ecode, WEDNESDAY, 4), dossier_code(vp_ecode, WEDNESDAY, 5)),
    ]


# --- sync -------------------------------------------------------------------------------


def test_sync_keeps_code_and_due_time_and_records_both_times(morning, counter_vp, vp_ecode):
    # given a block leased at 08:00 and a dossier received offline at 14:50 (before 15:00)
    lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=5)
    code = dossier_code(vp_ecode, WEDNESDAY, 2)
    # when it syncs at 16:10
    morning.move_to(at(WEDNESDAY, 16, 10), tick=False)
    outcome = offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 14, 50))
    # then the server keeps the printed code, the device time and the same-day due time
    dossier = outcome.dossier
    assert outcome.created and dossier.code == code
    assert dossier.received_at == at(WEDNESDAY, 14, 50)
    assert dossier.due_at == at(WEDNESDAY, 17)
    payload = dossier.events.get(seq=1).payload["offline"]
    assert payload["device_id"] == DEVICE
    assert datetime.fromisoformat(payload["device_received_at"]) == at(WEDNESDAY, 14, 50)
    assert datetime.fromisoformat(payload["server_received_at"]) == at(WEDNESDAY, 16, 10)
    assert CodeBlock.objects.get().used == [2]


def test_sync_replay_returns_the_first_result(morning, counter_vp, vp_ecode):
    lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=5)
    code = dossier_code(vp_ecode, WEDNESDAY, 1)
    first = offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 8, 2))
    again = offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 8, 2))
    assert not again.created and again.dossier.pk == first.dossier.pk
    assert Dossier.objects.count() == 1
    assert CodeBlock.objects.get().used == [1]


def test_sync_code_outside_any_block_is_a_conflict(morning, counter_vp, vp_ecode):
    lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=5)
    for code, outcome, device in (
        (dossier_code(vp_ecode, WEDNESDAY, 9), "code_outside_block", DEVICE),
        (dossier_code(vp_ecode, WEDNESDAY, 2), "code_outside_block", OTHER_DEVICE),
        (dossier_code(vp_ecode, date(2025, 11, 27), 2), "code_day_mismatch", DEVICE),
        ("000.00.25.H99-251126-0002", "code_foreign", DEVICE),
    ):
        with pytest.raises(DossierConflictError) as error:
            offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 8, 2), device=device)
        assert error.value.outcome == outcome
        assert error.value.message
    assert not Dossier.objects.exists()


def test_sync_code_used_twice_is_a_conflict(morning, counter_vp, vp_ecode):
    lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=5)
    code = dossier_code(vp_ecode, WEDNESDAY, 1)
    offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 8, 2))
    with pytest.raises(DossierConflictError) as error:
        offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 8, 3), key="khoa-2")
    assert error.value.outcome == "code_used"


def test_sync_released_code_is_a_conflict(morning, counter_vp, vp_ecode):
    lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=5)
    receive(counter_vp)
    release_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, first=4, last=5)
    with pytest.raises(DossierConflictError) as error:
        offline_receive(
            counter_vp, code=dossier_code(vp_ecode, WEDNESDAY, 4), received_at=at(WEDNESDAY, 8, 2)
        )
    assert error.value.outcome == "code_released"


def test_sync_device_time_window(morning, counter_vp, vp_ecode, settings):
    # given a block leased at 08:00 on Wednesday
    lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=10)
    code = dossier_code(vp_ecode, WEDNESDAY, 1)
    morning.move_to(at(WEDNESDAY, 10), tick=False)
    # a device clock more than 5 minutes ahead is refused, within the allowance it is kept
    with pytest.raises(DossierInvalidError) as future:
        offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 10, 6))
    assert future.value.outcome == "received_at_future"
    # a time before the lease (beyond the allowance) is refused
    with pytest.raises(DossierInvalidError) as early:
        offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 7, 50))
    assert early.value.outcome == "received_at_before_lease"
    # a receipt older than the window is refused
    settings.MOTCUA_OFFLINE_WINDOW_HOURS = 1
    with pytest.raises(DossierInvalidError) as old:
        offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 8, 30))
    assert old.value.outcome == "received_at_too_old"
    settings.MOTCUA_OFFLINE_WINDOW_HOURS = 72
    ahead = offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 10, 4))
    assert ahead.dossier.received_at == at(WEDNESDAY, 10, 4)
    assert not Dossier.objects.exclude(pk=ahead.dossier.pk).exists()


def test_sync_missing_device_time_or_id_is_invalid(morning, counter_vp, vp_ecode):
    lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=2)
    code = dossier_code(vp_ecode, WEDNESDAY, 1)
    with pytest.raises(DossierInvalidError) as missing:
        offline_receive(counter_vp, code=code, received_at=None)
    assert missing.value.outcome == "received_at_missing"
    with pytest.raises(DossierInvalidError):
        offline_receive(counter_vp, code=code, received_at=at(WEDNESDAY, 8, 1), device="")


def test_sync_with_an_older_cached_version_is_accepted_with_a_note(morning, counter_vp, vp_ecode):
    # given a device that cached version N, and a version N+1 published since
    lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=2)
    cached = procedure_version(BIRTH)
    assert cached is not None
    publish_version(cached.procedure, change_note="Sửa ghi chú", fee_schedule={"kind": "free"})
    # when the dossier syncs with the cached version number
    outcome = offline_receive(
        counter_vp,
        code=dossier_code(vp_ecode, WEDNESDAY, 1),
        received_at=at(WEDNESDAY, 8, 2),
        procedure_version_number=cached.number,
    )
    # then it follows the version of its receipt, with a note the officer sees
    assert outcome.dossier.procedure_version_id == cached.pk
    assert outcome.attention and "phiên bản mới" in outcome.attention[0]
    # and an unknown version is a conflict
    with pytest.raises(DossierConflictError) as error:
        offline_receive(
            counter_vp,
            code=dossier_code(vp_ecode, WEDNESDAY, 2),
            received_at=at(WEDNESDAY, 8, 3),
            key="khoa-2",
            procedure_version_number=99,
        )
    assert error.value.outcome == "procedure_version_unknown"


def test_online_intake_is_unchanged(morning, counter_vp, vp_ecode):
    dossier = receive(counter_vp)
    assert dossier.code == dossier_code(vp_ecode, WEDNESDAY, 1)
    assert "offline" not in dossier.events.get(seq=1).payload


# --- how many numbers a device leases (lease_need) ---------------------------------------

TUESDAY = date(2025, 11, 25)
LAST_MONDAY = date(2025, 11, 24)


def _received_on(actor, day: date, count: int, time_machine) -> None:
    time_machine.move_to(at(day, 9), tick=False)
    for _ in range(count):
        receive(actor)


def test_lease_need_is_the_busiest_recent_day_within_limits(
    time_machine, counter_vp, vp_ecode, settings
):
    # given an officer who received 7 dossiers on Monday and 3 on Tuesday
    _received_on(counter_vp, LAST_MONDAY, 7, time_machine)
    _received_on(counter_vp, TUESDAY, 3, time_machine)
    time_machine.move_to(at(WEDNESDAY, 8), tick=False)
    # then a device of theirs needs 7 numbers a day; at most the cap, at least the minimum
    assert lease_need(counter_vp) == 7
    settings.MOTCUA_OFFLINE_LEASE_MAX = 6
    assert lease_need(counter_vp) == 6
    settings.MOTCUA_OFFLINE_LEASE_MIN = 8
    settings.MOTCUA_OFFLINE_LEASE_MAX = 50
    assert lease_need(counter_vp) == 8
    # and days before the last MOTCUA_OFFLINE_LEASE_HISTORY_DAYS working days do not count
    settings.MOTCUA_OFFLINE_LEASE_MIN = 1
    settings.MOTCUA_OFFLINE_LEASE_HISTORY_DAYS = 1
    assert lease_need(counter_vp) == 3


def test_lease_without_size_gives_what_is_needed_less_what_is_held(morning, counter_vp, vp_ecode):
    # given an officer with no history: the minimum, 5
    block, _ = lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY)
    assert (block.first, block.last) == (1, 5)
    # when the device asks again while it holds 5 unused: refused, nothing taken
    with pytest.raises(DossierConflictError) as refused:
        lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY)
    assert refused.value.outcome == "lease_enough"
    assert DailySequence.objects.get(agency=block.agency, day=WEDNESDAY).last == 5
    # and once 3 are used at sync, it gets 3 more
    for number in (1, 2, 3):
        offline_receive(
            counter_vp,
            code=dossier_code(vp_ecode, WEDNESDAY, number),
            received_at=at(WEDNESDAY, 8),
            key=f"khoa-{number}",
        )
    more, _ = lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY)
    assert (more.first, more.last) == (6, 8)


# --- day's end on the server (release_expired) --------------------------------------------


def test_release_expired_gives_back_only_what_no_dossier_can_still_use(
    morning, counter_vp, vp_ecode
):
    from django.core.management import call_command

    from motcua.dossiers.actions.offline import release_expired

    # given two devices' blocks for Wednesday: the first used number 2, then online intake
    first, _ = lease_block(actor=counter_vp, device_id=DEVICE, day=WEDNESDAY, size=5)
    offline_receive(
        counter_vp, code=dossier_code(vp_ecode, WEDNESDAY, 2), received_at=at(WEDNESDAY, 8)
    )
    second, _ = lease_block(actor=counter_vp, device_id=OTHER_DEVICE, day=WEDNESDAY, size=4)
    # when the offline window has not passed since the day's end: nothing is released
    assert release_expired(now=at(WEDNESDAY, 8) + timedelta(hours=80)) == []
    # when it has: the first block keeps 1..2 and its tail 3..5 is a gap (numbers follow it);
    # the last block's numbers all go back to the sequence (nothing followed it)
    done = release_expired(now=at(WEDNESDAY, 8) + timedelta(hours=90))
    assert sorted((r.first, r.last, r.returned_to_sequence) for r in done) == [
        (3, 5, False),
        (6, 9, True),
    ]
    first.refresh_from_db()
    assert (first.usable_last, first.released_from) == (2, 3)
    assert not CodeBlock.objects.filter(pk=second.pk).exists()
    assert DailySequence.objects.get(agency=first.agency, day=WEDNESDAY).last == 5
    assert [
        (r["first"], r["last"], r["state"]) for r in unused_ranges(first.agency_id, WEDNESDAY)
    ] == [
        (1, 1, "leased"),
        (3, 5, "released"),
    ]
    # and running it again (the daily command) changes nothing
    morning.move_to(at(WEDNESDAY, 8) + timedelta(hours=100), tick=False)
    call_command("codeblocks", "release-expired")
    first.refresh_from_db()
    assert (first.usable_last, first.released_from) == (2, 3)
    assert DailySequence.objects.get(agency=first.agency, day=WEDNESDAY).last == 5
