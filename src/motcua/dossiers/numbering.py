"""Gap-free dossier codes: `<agency e-code>-YYMMDD-NNNN` (DOMAIN.md, Identifiers).

The number comes from the agency's `DailySequence` row for the day, locked and incremented
inside the intake transaction: a rolled-back intake rolls its number back too, so the codes
of a day run 0001, 0002, ... without holes. On PostgreSQL the row lock (SELECT ... FOR
UPDATE) serialises concurrent counters; on SQLite the whole write transaction is serialised
(BEGIN IMMEDIATE).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, connection, transaction

from motcua.units.models import Agency

from .models import DailySequence

MAX_PER_DAY = 9999


class SequenceExhaustedError(Exception):
    """An agency gave all 9,999 numbers of a day; the code has room for no more."""


def dossier_code(ecode: str, day: date, number: int) -> str:
    """`dossier_code("905.00.57.H25", date(2026, 11, 26), 1)` → "905.00.57.H25-261126-0001"."""
    return f"{ecode}-{day:%y%m%d}-{number:04d}"


def locked_sequence(agency: Agency, day: date) -> DailySequence:
    """The agency's sequence row for `day`, created if absent and locked for this transaction.

    Both online intake (`next_number`) and code-block leases (`take_numbers`) go through this
    one lock, so a leased number is never also given online, and the reverse.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Số thứ tự hồ sơ chỉ được lấy trong một giao dịch.")
    for _ in range(3):
        row = DailySequence.objects.select_for_update().filter(agency=agency, day=day).first()
        if row is not None:
            return row
        try:
            # A savepoint: losing the race for the first number of the day leaves the
            # outer transaction usable; the loop then locks the winner's row.
            with transaction.atomic():
                return DailySequence.objects.create(agency=agency, day=day, last=0)
        except IntegrityError:
            continue
    raise RuntimeError("Không lấy được số thứ tự hồ sơ; hãy thử lại.")


def take_numbers(agency: Agency, day: date, count: int) -> tuple[int, int]:
    """Take `count` consecutive numbers of `agency` for `day`: (first, last), both included.

    Must run inside the caller's transaction: the numbers commit or roll back with it.
    """
    if count < 1:
        raise ValueError("Cần lấy ít nhất một số.")
    row = locked_sequence(agency, day)
    if row.last + count > MAX_PER_DAY:
        raise SequenceExhaustedError(
            f"{agency.name} đã cấp hết {MAX_PER_DAY} số hồ sơ của ngày {day:%d/%m/%Y}"
            + (f" (còn {MAX_PER_DAY - row.last} số)." if row.last < MAX_PER_DAY else ".")
        )
    first = row.last + 1
    row.last += count
    row.save(update_fields=["last"])
    return first, row.last


def next_number(agency: Agency, day: date) -> int:
    """Take the next number of `agency` for `day`; must run inside the intake transaction.

    One statement when the day's row exists (every intake but the day's first): an
    `UPDATE ... RETURNING` that locks the row as `locked_sequence` does (the same row lock
    on PostgreSQL, the write transaction on SQLite), so it serialises with block leases.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("next_number phải chạy trong giao dịch tiếp nhận hồ sơ.")
    table = DailySequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1"  # noqa: S608 - the model's own table name
            " WHERE agency_id = %s AND day = %s AND last < %s RETURNING last",
            [agency.pk, day, MAX_PER_DAY],
        )
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    # No row yet today, or the day is exhausted: the general path creates or refuses.
    return take_numbers(agency, day, 1)[0]
