"""The counter without internet (tiếp nhận ngoại tuyến): code blocks and their release.

While online, a counter device leases a block of its PSC's daily sequence numbers
(`lease_block`); offline, it prints receipts with those final codes; on reconnect each dossier
is posted with its code, the device's `received_at` and `device_id` to the intake, which
checks them through `sync`.
The invariants kept:

- a number is given once per agency and day: leases take it from `DailySequence` under the
  same row lock as online intake (`numbering.take_numbers`), and a sync claims it once from
  the device's own block (`CodeBlock.used`, plus `Dossier.code` being unique);
- the tracking book stays honest: numbers leased but never used are listed by
  `unused_ranges` as pending (still leased) or released (a gap, given back too late to
  return to the sequence);
- a device's clock is trusted only within limits (`sync.check_device_time`);
- every refusal carries a machine-readable `outcome`, so the device's outbox keeps the
  dossier as "needs attention" with the Vietnamese reason: a conflict never vanishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from motcua.units.models import Agency
from motcua.workcal.deadlines import TZ
from motcua.workcal.queries import calendar_for

from ..models import CodeBlock, Dossier
from ..numbering import SequenceExhaustedError, dossier_code, locked_sequence, take_numbers
from .checks import receiving_agency_of
from .errors import DossierConflictError, DossierInvalidError

MIN_BLOCK_SIZE = 1
MAX_BLOCK_SIZE = 200
MAX_DEVICE_ID = 64


def window_hours() -> float:
    """How old a device's `received_at` may be at sync (MOTCUA_OFFLINE_WINDOW_HOURS, 72)."""
    return float(getattr(settings, "MOTCUA_OFFLINE_WINDOW_HOURS", 72))


def clock_skew() -> timedelta:
    """How far ahead a device clock may run (MOTCUA_OFFLINE_CLOCK_SKEW_SECONDS, 300 s)."""
    return timedelta(seconds=float(getattr(settings, "MOTCUA_OFFLINE_CLOCK_SKEW_SECONDS", 300)))


def lease_working_days() -> int:
    """How many working days after today a block may be leased for (default 5)."""
    return int(getattr(settings, "MOTCUA_OFFLINE_LEASE_WORKING_DAYS", 5))


def device_name(device_id: str) -> str:
    """The device id trimmed, else `DossierInvalidError` (outcome "device_invalid")."""
    value = (device_id or "").strip()
    if not value or len(value) > MAX_DEVICE_ID:
        raise DossierInvalidError(
            "Mã thiết bị không hợp lệ.",
            {"device_id": [f"Mã thiết bị gồm 1 đến {MAX_DEVICE_ID} ký tự."]},
            outcome="device_invalid",
        )
    return value


def leasable_days(today: date | None = None) -> list[date]:
    """Today and the next working days (workcal) a device may lease numbers for."""
    today = today or timezone.localdate()
    calendar = calendar_for(settings.MOTCUA_PROVINCE)
    days = [today]
    day = today
    for _ in range(lease_working_days()):
        day = calendar.next_working_day(day).day
        days.append(day)
    return days


def lease_need(actor: AbstractBaseUser, *, today: date | None = None) -> int:
    """How many numbers a device of this officer needs for one day: the officer's busiest
    day (dossiers received by them, any channel) over the last
    `MOTCUA_OFFLINE_LEASE_HISTORY_DAYS` working days before today, at least
    `MOTCUA_OFFLINE_LEASE_MIN` and at most `MOTCUA_OFFLINE_LEASE_MAX`. One query."""
    today = today or timezone.localdate()
    calendar = calendar_for(settings.MOTCUA_PROVINCE)
    start, counted = today, 0
    while counted < int(settings.MOTCUA_OFFLINE_LEASE_HISTORY_DAYS) and today - start < timedelta(
        days=366
    ):
        start -= timedelta(days=1)
        counted += calendar.day(start).is_working
    since = datetime.combine(start, datetime.min.time(), tzinfo=TZ)
    until = datetime.combine(today, datetime.min.time(), tzinfo=TZ)
    per_day = (
        Dossier.objects.filter(received_by_id=actor.pk, received_at__range=(since, until))
        .annotate(local_day=TruncDate("received_at", tzinfo=TZ))
        .values("local_day")
        .annotate(count=Count("id"))
        .values_list("count", flat=True)
    )
    busiest = max(per_day, default=0)
    low = int(settings.MOTCUA_OFFLINE_LEASE_MIN)
    high = min(int(settings.MOTCUA_OFFLINE_LEASE_MAX), MAX_BLOCK_SIZE)
    return max(low, min(busiest, high))


def held_numbers(agency_id: int, device: str, day: date) -> int:
    """Numbers of the device's blocks for `day` not released and not (yet) used at sync."""
    held = 0
    for block in CodeBlock.objects.filter(agency_id=agency_id, device_id=device, day=day):
        held += block.usable_last - block.first + 1 - len(block.used)
    return held


@transaction.atomic
def lease_block(
    *, actor: AbstractBaseUser, device_id: str, day: date, size: int | None = None
) -> tuple[CodeBlock, str]:
    """Lease `size` numbers of the actor's PSC for `day` to `device_id`: (block, code prefix).

    The numbers come from the day's `DailySequence` under its row lock, in this transaction,
    so online intake and other devices never get them (gap-free and unique across devices).
    `day` is today or one of the next working days; `size` is 1..200. Without `size` (what
    the offline page asks) the device gets what its recent use needs (`lease_need`) less what
    it still holds for that day; holding enough already is a conflict (`lease_enough`).
    Raises `DossierError`.
    """
    agency = receiving_agency_of(actor)
    device = device_name(device_id)
    if size is None:
        need = lease_need(actor)
        held = held_numbers(agency.pk, device, day)
        if held >= need:
            raise DossierConflictError(
                f"Thiết bị đã giữ {held} số chưa dùng cho ngày {day:%d/%m/%Y}, đủ cho {need} "
                "hồ sơ một ngày theo mức tiếp nhận gần đây; không giữ thêm.",
                outcome="lease_enough",
            )
        size = need - held
    if isinstance(size, bool) or not MIN_BLOCK_SIZE <= size <= MAX_BLOCK_SIZE:
        raise DossierInvalidError(
            f"Mỗi lần giữ từ {MIN_BLOCK_SIZE} đến {MAX_BLOCK_SIZE} số.",
            {"size": [f"Số lượng phải từ {MIN_BLOCK_SIZE} đến {MAX_BLOCK_SIZE}."]},
            outcome="size_invalid",
        )
    allowed = leasable_days()
    if day not in allowed:
        raise DossierInvalidError(
            f"Chỉ giữ số cho hôm nay và {len(allowed) - 1} ngày làm việc tiếp theo "
            f"(đến {allowed[-1]:%d/%m/%Y}); ngày {day:%d/%m/%Y} không được.",
            {"date": ["Ngày không nằm trong các ngày được giữ số."]},
            outcome="date_invalid",
        )
    if agency.ecode is None:
        raise DossierConflictError(
            f"{agency.name} chưa có mã định danh điện tử; chưa thể cấp mã hồ sơ.",
            outcome="agency_without_ecode",
        )
    try:
        first, last = take_numbers(agency, day, size)
    except SequenceExhaustedError as error:
        raise DossierConflictError(str(error), outcome="sequence_exhausted") from error
    block = CodeBlock.objects.create(
        agency=agency,
        device_id=device,
        day=day,
        first=first,
        last=last,
        leased_by_id=actor.pk,
        leased_at=timezone.now(),
    )
    return block, prefix_of(agency.ecode, day)


def prefix_of(ecode: str, day: date) -> str:
    """The code without its number: "905.00.57.H25-261126-"."""
    return dossier_code(ecode, day, 0)[:-4]


@dataclass(frozen=True)
class Release:
    """What a release did: the block (None when all of it went back) and where numbers went."""

    block: CodeBlock | None
    first: int
    last: int
    returned_to_sequence: bool


@transaction.atomic
def release_block(
    *, actor: AbstractBaseUser, device_id: str, day: date, first: int, last: int
) -> Release:
    """Give back the unused tail `first`..`last` of one of the device's blocks for `day`.

    `last` is the end of the block and no number from `first` on may be used. If nothing
    was numbered after the block (the day's sequence still ends with it), the numbers go
    back to the sequence and will be given again: no gap. Otherwise they are marked
    released: never valid for a dossier, listed as a gap by `unused_ranges`. Releasing the
    same tail again changes nothing (a retried request is harmless). Raises `DossierError`.
    """
    agency = receiving_agency_of(actor)
    device = device_name(device_id)
    # The sequence lock first, the same order as leases: no deadlock between them.
    sequence = locked_sequence(agency, day)
    block = (
        CodeBlock.objects.select_for_update()
        .filter(agency=agency, device_id=device, day=day, first__lte=first, last__gte=first)
        .first()
    )
    if block is None and first <= last and sequence.last < first:
        # An earlier identical request already gave these numbers back to the sequence.
        return Release(None, first, last, returned_to_sequence=True)
    if block is None or last not in (block.last, block.usable_last) or first > last:
        raise DossierConflictError(
            f"Khoảng số {first}-{last} không phải phần cuối của một khối số mà thiết bị này "
            f"giữ cho ngày {day:%d/%m/%Y}.",
            outcome="release_invalid",
        )
    if block.released_from is not None and first >= block.released_from:
        return Release(block, first, last, returned_to_sequence=False)
    in_use = [number for number in block.used if number >= first]
    if in_use:
        raise DossierConflictError(
            "Không trả lại được: số "
            + ", ".join(str(number) for number in sorted(in_use))
            + " đã dùng cho hồ sơ.",
            outcome="release_used",
        )
    return _give_back(block, sequence, first)


def _give_back(block: CodeBlock, sequence: Any, first: int) -> Release:
    """Release `first`..end of a locked block whose numbers from `first` are unused: back to
    the locked sequence when nothing was numbered after the block (no gap), else a gap."""
    last = block.last
    if sequence.last == block.last:
        sequence.last = first - 1
        sequence.save(update_fields=["last"])
        if first == block.first:
            block.delete()
            return Release(None, first, last, returned_to_sequence=True)
        block.last = first - 1
        block.released_from = None
        block.released_at = timezone.now()
        block.save(update_fields=["last", "released_from", "released_at"])
        return Release(block, first, last, returned_to_sequence=True)
    block.released_from = first
    block.released_at = timezone.now()
    block.save(update_fields=["released_from", "released_at"])
    return Release(block, first, last, returned_to_sequence=False)


def release_expired(*, now: datetime | None = None) -> list[Release]:
    """Day's end on the server (`motcua codeblocks release-expired`): give back the unused
    tail of every block whose day no offline dossier can still be synced for.

    A dossier received on day D may sync until the end of D plus the offline window
    (`MOTCUA_OFFLINE_WINDOW_HOURS`); after that every number of D's blocks after the last
    one used can never carry a dossier (`check_device_time` refuses it first), so it goes
    back like a device's own release (`release_block`): to the sequence when nothing was
    numbered after the block, else a released gap listed by `unused_ranges`. Numbers below
    the last used one stay listed as leased-but-unused. Each block in its own transaction,
    sequence lock first, as leases take them; running it twice changes nothing.
    """
    now = now or timezone.now()
    before = (now - timedelta(hours=window_hours())).astimezone(TZ).date()
    done: list[Release] = []
    candidates = CodeBlock.objects.filter(day__lt=before, released_from__isnull=True)
    for block_id, agency_id, day in candidates.values_list("pk", "agency_id", "day"):
        with transaction.atomic():
            agency = Agency.objects.get(pk=agency_id)
            sequence = locked_sequence(agency, day)
            block = CodeBlock.objects.select_for_update().filter(pk=block_id).first()
            if block is None or block.released_from is not None:
                continue
            first = max(block.used, default=block.first - 1) + 1
            if first > block.last:
                continue
            done.append(_give_back(block, sequence, first))
    return done


def _ranges(numbers: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for number in sorted(numbers):
        if ranges and ranges[-1][1] == number - 1:
            ranges[-1] = (ranges[-1][0], number)
        else:
            ranges.append((number, number))
    return ranges


def unused_ranges(agency_id: int, day: date) -> list[dict[str, Any]]:
    """Leased-but-unused numbers of an agency's day, for an honest tracking book.

    One row per range: `state` "leased" (still held by a device, may yet be used by an
    offline dossier) or "released" (given back too late to return to the sequence: a gap
    that will never carry a dossier). One query whatever the number of blocks.
    """
    return ranges_of_blocks(CodeBlock.objects.filter(agency_id=agency_id, day=day))


def unused_ranges_of_unit(unit_code: str, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """`unused_ranges` of every agency of a unit over an inclusive date range (one query)."""
    return ranges_of_blocks(
        CodeBlock.objects.filter(agency__unit_id=unit_code, day__range=(date_from, date_to))
    )


def ranges_of_blocks(blocks: QuerySet[CodeBlock]) -> list[dict[str, Any]]:
    """The unused ranges of these code blocks, ordered by day and number."""
    rows: list[dict[str, Any]] = []
    for block in blocks.select_related("leased_by", "agency").order_by("day", "first"):
        used = set(block.used)
        pending = [n for n in range(block.first, block.usable_last + 1) if n not in used]
        for first, last in _ranges(pending):
            rows.append(_range_row(block, first, last, "leased"))
        if block.released_from is not None:
            rows.append(_range_row(block, block.released_from, block.last, "released"))
    return rows


def _range_row(block: CodeBlock, first: int, last: int, state: str) -> dict[str, Any]:
    ecode = block.agency.ecode or ""
    return {
        "device_id": block.device_id,
        "day": block.day,
        "first": first,
        "last": last,
        "first_code": dossier_code(ecode, block.day, first),
        "last_code": dossier_code(ecode, block.day, last),
        "state": state,
        "leased_by": block.leased_by.get_username(),
        "leased_at": block.leased_at,
    }
