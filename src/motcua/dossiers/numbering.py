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


def next_number(agency: Agency, day: date) -> int:
    """Take the next number of `agency` for `day`; must run inside the intake transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("next_number phải chạy trong giao dịch tiếp nhận hồ sơ.")
    for _ in range(3):
        row = DailySequence.objects.select_for_update().filter(agency=agency, day=day).first()
        if row is None:
            try:
                # A savepoint: losing the race for the first number of the day leaves the
                # outer transaction usable; the loop then locks the winner's row.
                with transaction.atomic():
                    row = DailySequence.objects.create(agency=agency, day=day, last=0)
            except IntegrityError:
                continue
        if row.last >= MAX_PER_DAY:
            raise SequenceExhaustedError(
                f"{agency.name} đã cấp hết {MAX_PER_DAY} số hồ sơ của ngày {day:%d/%m/%Y}."
            )
        row.last += 1
        row.save(update_fields=["last"])
        return row.last
    raise RuntimeError("Không lấy được số thứ tự hồ sơ; hãy thử lại.")
