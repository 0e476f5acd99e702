"""Property tests of the due-time arithmetic (hypothesis), on pure calendars: no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workcal.deadlines import TZ, Calendar, DayOverride, OfficeHoursRule

BASE = datetime(2024, 1, 1, tzinfo=TZ)
SPAN_MINUTES = 5 * 365 * 24 * 60

NATIONAL = Calendar("25")
# Seasonal hours with uneven periods, a province day off and an extra working Saturday.
PROVINCIAL = Calendar(
    "25",
    office_hours=[
        OfficeHoursRule(valid_from_month=4, valid_from_day=15, name="Giờ mùa hè"),
        OfficeHoursRule(
            valid_from_month=10,
            valid_from_day=15,
            periods=((time(7, 30), time(12)), (time(13, 30), time(17, 15))),
            name="Giờ mùa đông",
        ),
    ],
    overrides=[
        DayOverride(date(2025, 3, 10), working=False, name="Lễ hội"),
        DayOverride(date(2025, 3, 15), working=True, name="Làm việc thêm"),
        DayOverride(date(2026, 4, 27), working=True, name="Trực lễ"),
    ],
)

calendars = st.sampled_from([NATIONAL, PROVINCIAL])
# Instants of 2024-2028 to the second, in Vietnam or UTC (both aware).
instants = st.builds(
    lambda seconds, utc: (BASE + timedelta(seconds=seconds)).astimezone(UTC if utc else TZ),
    st.integers(0, SPAN_MINUTES * 60),
    st.booleans(),
)
amounts = st.integers(1, 30 * 8 * 60).map(lambda minutes: timedelta(minutes=minutes))


def _at_period_end(calendar: Calendar, instant: datetime) -> bool:
    local = instant.astimezone(TZ)
    return any(end == local for _, end in calendar.day(local.date()).periods)


@settings(max_examples=300, deadline=None)
@given(calendar=calendars, start=instants, first=amounts, second=amounts)
def test_add_working_hours_is_additive(calendar, start, first, second):
    once = calendar.add_working_hours(start, first + second)
    twice = calendar.add_working_hours(calendar.add_working_hours(start, first), second)
    assert once == twice


@settings(max_examples=300, deadline=None)
@given(calendar=calendars, start=instants, amount=amounts)
def test_add_working_hours_lands_in_working_time_or_at_a_period_end(calendar, start, amount):
    due = calendar.add_working_hours(start, amount)
    assert due.utcoffset() == timedelta(hours=7)
    assert calendar.is_working_time(due) or _at_period_end(calendar, due)
    assert calendar.is_working_day(due.date())


@settings(max_examples=300, deadline=None)
@given(calendar=calendars, start=instants, amount=amounts)
def test_working_time_between_inverts_add_working_hours(calendar, start, amount):
    due = calendar.add_working_hours(start, amount)
    assert calendar.working_time_between(start, due) == amount


@settings(max_examples=200, deadline=None)
@given(calendar=calendars, start=instants)
def test_same_day_due_is_the_end_of_a_working_day(calendar, start):
    due = calendar.same_day_due(start)
    day = calendar.day(due.date())
    assert day.is_working
    assert due == day.end
    assert due > start
    # the day the clock starts, or the next working day after it
    begin = calendar.next_working_instant(start).date()
    assert due.date() in {begin, calendar.next_working_day(begin).day}


@settings(max_examples=200, deadline=None)
@given(calendar=calendars, start=instants, days=st.integers(0, 40))
def test_add_working_days_is_eight_hours_per_day(calendar, start, days):
    assert calendar.add_working_days(start, days) == calendar.add_working_hours(
        start, timedelta(hours=8 * days)
    )
