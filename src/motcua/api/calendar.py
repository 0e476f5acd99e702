"""Working-calendar endpoints: `/api/v1/calendar/due` and `/api/v1/calendar/days`.

Thin: parse and check the query (Vietnamese problem+json on any mistake), build the
province's calendar with `workcal.queries.calendar_for`, answer with its explanation.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema

from motcua.workcal.deadlines import (
    HOURS_PER_WORKING_DAY,
    SAME_DAY_CUTOFF,
    TZ,
    Explanation,
    WorkDay,
)
from motcua.workcal.queries import calendar_for, is_province

from .problems import Problem

router = Router(tags=["calendar"])

MAX_WORKING_DAYS = 365
MAX_WORKING_HOURS = MAX_WORKING_DAYS * HOURS_PER_WORKING_DAY
FIRST_YEAR = 2000
LAST_YEAR = 2100
# An unescaped "+07:00" in a query string arrives as " 07:00": put the plus back.
_SPACE_OFFSET = re.compile(r" (\d{2}(?::?\d{2})?)$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class DueQuery(Schema):
    start: str
    working_days: int | None = None
    working_hours: float | None = None
    same_day: bool | None = None
    cutoff: str | None = None
    province: str | None = None


class DueOut(Schema):
    province: str
    start: str
    due: str
    explanation: list[str]


class DaysQuery(Schema):
    year: int
    province: str | None = None


class DayOut(Schema):
    date: str
    weekday: str
    name: str


class DaysOut(Schema):
    year: int
    province: str
    days_off: list[DayOut]
    working_weekend_days: list[DayOut]


def _province(code: str | None) -> str:
    value = (code or settings.MOTCUA_PROVINCE).strip()
    if not (value.isdigit() and len(value) <= 2):
        raise Problem(422, "province là mã tỉnh gồm 2 chữ số, ví dụ 25.")
    value = value.zfill(2)
    if not is_province(value):
        raise Problem(422, f"Không có tỉnh mã {value}.")
    return value


def _start(text: str) -> datetime:
    text = _SPACE_OFFSET.sub(r"+\1", text.strip())
    example = "ví dụ 2027-02-03T16:00:00+07:00"
    try:
        start = datetime.fromisoformat(text)
    except ValueError:
        raise Problem(422, f"start phải là thời điểm ISO 8601 có múi giờ, {example}.") from None
    if start.tzinfo is None or start.utcoffset() is None:
        raise Problem(422, f"start phải ghi rõ múi giờ (+07:00 hoặc Z), {example}.")
    if not FIRST_YEAR <= start.astimezone(TZ).year <= LAST_YEAR:
        raise Problem(422, f"start phải trong các năm {FIRST_YEAR}-{LAST_YEAR}.")
    return start


def _cutoff(text: str | None) -> time:
    if text is None:
        return SAME_DAY_CUTOFF
    match = _HHMM.match(text.strip())
    if match is None:
        raise Problem(422, "cutoff phải có dạng HH:MM, ví dụ 15:00.")
    return time(int(match.group(1)), int(match.group(2)))


@router.get("/due", response=DueOut, summary="Tính thời hạn theo ngày, giờ làm việc")
def due(request: HttpRequest, query: Query[DueQuery]) -> dict[str, Any]:
    """The due time for a start and a time limit, with a day-by-day explanation.

    Exactly one of `working_days`, `working_hours` or `same_day=true`; `cutoff` (HH:MM,
    default 15:00) only with `same_day`.
    """
    given = [
        name
        for name, value in (
            ("working_days", query.working_days),
            ("working_hours", query.working_hours),
            ("same_day", query.same_day or None),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise Problem(
            422, "Cần đúng một trong các tham số working_days, working_hours hoặc same_day=true."
        )
    if query.cutoff is not None and query.same_day is not True:
        raise Problem(422, "cutoff chỉ dùng cùng same_day=true.")
    start = _start(query.start)
    province = _province(query.province)
    calendar = calendar_for(province)
    answer: Explanation[datetime]
    if query.working_days is not None:
        if not 0 <= query.working_days <= MAX_WORKING_DAYS:
            raise Problem(422, f"working_days phải từ 0 đến {MAX_WORKING_DAYS}.")
        answer = calendar.explain_working_days(start, query.working_days)
    elif query.working_hours is not None:
        if not 0 <= query.working_hours <= MAX_WORKING_HOURS:
            raise Problem(422, f"working_hours phải từ 0 đến {MAX_WORKING_HOURS}.")
        answer = calendar.explain_working_hours(start, query.working_hours)
    else:
        answer = calendar.explain_same_day(start, _cutoff(query.cutoff))
    return {
        "province": province,
        "start": start.astimezone(TZ).isoformat(),
        "due": answer.value.astimezone(TZ).isoformat(),
        "explanation": answer.lines,
    }


def _day_out(work_day: WorkDay) -> dict[str, str]:
    return {
        "date": work_day.day.isoformat(),
        "weekday": work_day.weekday_name,
        "name": work_day.name,
    }


@router.get("/days", response=DaysOut, summary="Ngày nghỉ và ngày làm bù trong năm")
def days(request: HttpRequest, query: Query[DaysQuery]) -> dict[str, Any]:
    """Weekdays off (holidays, the province's days off) and worked weekend days of a year."""
    if not FIRST_YEAR <= query.year <= LAST_YEAR:
        raise Problem(422, f"year phải từ {FIRST_YEAR} đến {LAST_YEAR}.")
    province = _province(query.province)
    calendar = calendar_for(province)
    return {
        "year": query.year,
        "province": province,
        "days_off": [_day_out(day) for day in calendar.days_off(query.year)],
        "working_weekend_days": [
            _day_out(day) for day in calendar.working_weekend_days(query.year)
        ],
    }
