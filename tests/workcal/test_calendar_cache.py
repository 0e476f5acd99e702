"""The per-process calendar cache (workcal.queries.calendar_for): reused while the rows are
unchanged, rebuilt after any change, whoever makes it."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.workcal import actions
from motcua.workcal.choices import OverrideKind
from motcua.workcal.models import CalendarOverride
from motcua.workcal.queries import calendar_for, clear_calendar_cache

PROVINCE = "25"
# Wednesday 3 December 2025, an ordinary working day.
WEDNESDAY = date(2025, 12, 3)


@pytest.fixture(autouse=True)
def _fresh():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.mark.django_db
def test_reused_while_unchanged_checking_only_the_version():
    first = calendar_for(PROVINCE)
    with CaptureQueriesContext(connection) as captured:
        second = calendar_for(PROVINCE)
    assert second is first
    # the two aggregates of the version, no row read again
    assert all("COUNT(" in query["sql"] for query in captured.captured_queries)


@pytest.mark.django_db
def test_rebuilt_after_an_override_is_added_changed_and_removed():
    assert calendar_for(PROVINCE).day(WEDNESDAY).is_working
    override = actions.add_override(
        actor=None, province=PROVINCE, day=WEDNESDAY, kind=OverrideKind.DAY_OFF, name="Nghỉ bù"
    )
    assert not calendar_for(PROVINCE).day(WEDNESDAY).is_working
    actions.change_override(
        override, actor=None, day=date(2025, 12, 4), kind=OverrideKind.DAY_OFF, name="Nghỉ bù"
    )
    assert calendar_for(PROVINCE).day(WEDNESDAY).is_working
    assert not calendar_for(PROVINCE).day(date(2025, 12, 4)).is_working
    actions.remove_override(actor=None, province=PROVINCE, day=date(2025, 12, 4))
    assert calendar_for(PROVINCE).day(date(2025, 12, 4)).is_working


@pytest.mark.django_db
def test_rebuilt_after_a_direct_write_and_office_hours():
    before = calendar_for(PROVINCE)
    CalendarOverride.objects.create(
        province_id=PROVINCE, date=WEDNESDAY, kind=OverrideKind.DAY_OFF, name="Nghỉ"
    )
    after = calendar_for(PROVINCE)
    assert after is not before
    assert not after.day(WEDNESDAY).is_working
    actions.set_office_hours(
        actor=None,
        province=PROVINCE,
        name="Giờ mùa hè",
        valid_from=(4, 15),
        morning=(time(7, 0), time(11, 30)),
        afternoon=(time(13, 30), time(17, 0)),
    )
    assert calendar_for(PROVINCE) is not after
