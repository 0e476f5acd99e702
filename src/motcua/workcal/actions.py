"""Writes of the working calendar: a province's overrides and office hours.

Admin, tests and commands all go through these functions, so the same checks (in
Vietnamese) guard every way a province changes its calendar. Calendar changes apply to due
times computed afterwards; dossiers keep the due time computed at receipt (invariant 2).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, time

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from .choices import OverrideKind
from .deadlines import Calendar, OfficeHoursRule, WorkDay, check_office_hours
from .models import CalendarOverride, OfficeHours
from .queries import forget_calendar, is_province

logger = logging.getLogger(__name__)

Actor = AbstractBaseUser | AnonymousUser | None
FIRST_YEAR = 2000
LAST_YEAR = 2100


def _national_day(province: str, day: date) -> WorkDay:
    """The day as the province's calendar sees it without any override."""
    rules = [row.to_rule() for row in OfficeHours.objects.filter(province_id=province)]
    return Calendar(province, office_hours=rules).day(day)


def check_override(
    *, province: str, day: date, kind: str, name: str, exclude_pk: int | None = None
) -> None:
    """Raise ValidationError (Vietnamese) unless this override may be saved.

    An override must change something: a day off on a day already off, or a working day on
    a day already worked, is refused so the admin list shows only real decisions.
    """
    errors: list[str] = []
    if not is_province(province):
        raise ValidationError(f"Không có tỉnh mã {province}.")
    if kind not in OverrideKind.values:
        raise ValidationError("Loại ngày điều chỉnh phải là ngày nghỉ hoặc ngày làm việc.")
    if not name.strip():
        errors.append("Cần ghi tên hoặc lý do của ngày điều chỉnh.")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(f"Ngày điều chỉnh phải trong các năm {FIRST_YEAR}-{LAST_YEAR}.")
    national = _national_day(province, day)
    taken = CalendarOverride.objects.filter(province_id=province, date=day)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        errors.append(f"Tỉnh {province} đã có ngày điều chỉnh cho {national.label}.")
    if kind == OverrideKind.DAY_OFF and not national.is_working:
        errors.append(f"{national.label} đã là ngày nghỉ ({national.off_reason()}).")
    if kind == OverrideKind.WORKING_DAY and national.is_working:
        errors.append(f"{national.label} đã là ngày làm việc.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_override(
    *, actor: Actor, province: str, day: date, kind: str, name: str
) -> CalendarOverride:
    """Add a province's day off or extra working day, after `check_override`."""
    name = name.strip()
    check_override(province=province, day=day, kind=kind, name=name)
    override = CalendarOverride.objects.create(province_id=province, date=day, kind=kind, name=name)
    forget_calendar(province)
    logger.info("workcal: %s added override %s for province %s", actor, override, province)
    return override


@transaction.atomic
def change_override(
    override: CalendarOverride, *, actor: Actor, day: date, kind: str, name: str
) -> CalendarOverride:
    """Change an override's date, kind or name, with the same checks as adding one."""
    name = name.strip()
    check_override(
        province=override.province_id, day=day, kind=kind, name=name, exclude_pk=override.pk
    )
    override.date, override.kind, override.name = day, kind, name
    override.save(update_fields=["date", "kind", "name", "updated_at"])
    forget_calendar(override.province_id)
    logger.info("workcal: %s changed override %s", actor, override)
    return override


@transaction.atomic
def remove_override(*, actor: Actor, province: str, day: date) -> None:
    """Remove a province's override: the date follows the national calendar again."""
    deleted, _ = CalendarOverride.objects.filter(province_id=province, date=day).delete()
    if not deleted:
        raise ValidationError(f"Tỉnh {province} không có ngày điều chỉnh {day:%d/%m/%Y}.")
    forget_calendar(province)
    logger.info("workcal: %s removed the override of %s for province %s", actor, day, province)


@transaction.atomic
def set_office_hours(
    *,
    actor: Actor,
    province: str,
    name: str,
    valid_from: tuple[int, int],
    morning: tuple[time, time],
    afternoon: tuple[time, time],
    weekdays: Iterable[int] = OfficeHoursRule().weekdays,
) -> OfficeHours:
    """Create or replace the office hours a province starts on `valid_from` (month, day).

    One row per start date: setting the same start again replaces its hours.
    """
    if not is_province(province):
        raise ValidationError(f"Không có tỉnh mã {province}.")
    if not name.strip():
        raise ValidationError("Cần đặt tên cho khung giờ làm việc, ví dụ: Giờ mùa hè.")
    month, day = valid_from
    days = sorted(set(weekdays))
    try:
        check_office_hours(month, day, (morning, afternoon), days)
    except ValueError as error:
        raise ValidationError(str(error)) from error
    hours, _ = OfficeHours.objects.update_or_create(
        province_id=province,
        valid_from_month=month,
        valid_from_day=day,
        defaults={
            "name": name.strip(),
            "morning_start": morning[0],
            "morning_end": morning[1],
            "afternoon_start": afternoon[0],
            "afternoon_end": afternoon[1],
            "weekdays": days,
        },
    )
    forget_calendar(province)
    logger.info("workcal: %s set office hours %s", actor, hours)
    return hours


@transaction.atomic
def remove_office_hours(*, actor: Actor, province: str, valid_from: tuple[int, int]) -> None:
    """Remove the office hours starting on `valid_from`; the others stretch to cover."""
    month, day = valid_from
    deleted, _ = OfficeHours.objects.filter(
        province_id=province, valid_from_month=month, valid_from_day=day
    ).delete()
    if not deleted:
        raise ValidationError(
            f"Tỉnh {province} không có khung giờ áp dụng từ {day:02d}/{month:02d}."
        )
    forget_calendar(province)
    logger.info(
        "workcal: %s removed office hours from %02d/%02d of %s", actor, day, month, province
    )
