"""Province overrides and office hours through workcal.actions, and calendar_for."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.workcal import actions
from motcua.workcal.choices import OverrideKind
from motcua.workcal.models import CalendarOverride, OfficeHours
from motcua.workcal.queries import calendar_for

from .conftest import at

pytestmark = pytest.mark.django_db


def test_add_override_day_off_changes_the_calendar():
    # given Phú Thọ takes Monday 13/01/2025 off
    actions.add_override(
        actor=None,
        province="25",
        day=date(2025, 1, 13),
        kind=OverrideKind.DAY_OFF,
        name="  Lễ hội Đền Hùng ",
    )
    # when a Friday-afternoon dossier gets one working day
    calendar = calendar_for("25")
    # then Monday is skipped, and the reason is in the explanation
    answer = calendar.explain_working_days(at(2025, 1, 10, 16), 1)
    assert answer.value == at(2025, 1, 14, 16)
    assert "Thứ Hai 13/01/2025: nghỉ Lễ hội Đền Hùng" in answer.lines
    assert CalendarOverride.objects.get().name == "Lễ hội Đền Hùng"


def test_add_override_working_day_changes_the_calendar():
    actions.add_override(
        actor=None,
        province="25",
        day=date(2025, 1, 11),
        kind=OverrideKind.WORKING_DAY,
        name="Làm việc bù",
    )
    assert calendar_for("25").add_working_days(at(2025, 1, 10, 16), 1) == at(2025, 1, 11, 16)


def test_override_applies_only_to_its_province():
    actions.add_override(
        actor=None, province="01", day=date(2025, 1, 13), kind=OverrideKind.DAY_OFF, name="Bão"
    )
    assert not calendar_for("01").is_working_day(date(2025, 1, 13))
    assert calendar_for("25").is_working_day(date(2025, 1, 13))


@pytest.mark.parametrize(
    ("province", "day", "kind", "name", "message"),
    [
        ("99", date(2025, 1, 13), OverrideKind.DAY_OFF, "Bão", "Không có tỉnh mã 99"),
        ("08914", date(2025, 1, 13), OverrideKind.DAY_OFF, "Bão", "Không có tỉnh mã 08914"),
        ("25", date(2025, 1, 13), OverrideKind.DAY_OFF, "  ", "Cần ghi tên hoặc lý do"),
        ("25", date(2025, 1, 13), "holiday", "Bão", "ngày nghỉ hoặc ngày làm việc"),
        ("25", date(1999, 1, 13), OverrideKind.DAY_OFF, "Bão", "trong các năm 2000-2100"),
        ("25", date(2025, 1, 11), OverrideKind.DAY_OFF, "Bão", "đã là ngày nghỉ (nghỉ cuối tuần)"),
        ("25", date(2025, 9, 2), OverrideKind.DAY_OFF, "Lễ", "đã là ngày nghỉ (nghỉ Quốc khánh)"),
        ("25", date(2025, 1, 13), OverrideKind.WORKING_DAY, "Họp", "đã là ngày làm việc"),
        ("25", date(2025, 4, 26), OverrideKind.WORKING_DAY, "Họp", "đã là ngày làm việc"),
    ],
)
def test_add_override_refuses_mistakes_in_vietnamese(province, day, kind, name, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        actions.add_override(actor=None, province=province, day=day, kind=kind, name=name)
    assert not CalendarOverride.objects.exists()


def test_add_override_refuses_a_second_override_of_the_same_date():
    actions.add_override(
        actor=None, province="25", day=date(2025, 1, 13), kind=OverrideKind.DAY_OFF, name="Bão"
    )
    with pytest.raises(ValidationError, match="đã có ngày điều chỉnh cho Thứ Hai 13/01/2025"):
        actions.add_override(
            actor=None, province="25", day=date(2025, 1, 13), kind=OverrideKind.DAY_OFF, name="Lũ"
        )


def test_override_of_a_make_up_saturday_takes_it_back():
    actions.add_override(
        actor=None, province="25", day=date(2025, 4, 26), kind=OverrideKind.DAY_OFF, name="Bão"
    )
    assert not calendar_for("25").is_working_day(date(2025, 4, 26))


def test_change_override_keeps_the_checks():
    override = actions.add_override(
        actor=None, province="25", day=date(2025, 1, 13), kind=OverrideKind.DAY_OFF, name="Bão"
    )
    actions.change_override(
        override, actor=None, day=date(2025, 1, 14), kind=OverrideKind.DAY_OFF, name="Lũ"
    )
    assert calendar_for("25").is_working_day(date(2025, 1, 13))
    assert not calendar_for("25").is_working_day(date(2025, 1, 14))
    with pytest.raises(ValidationError, match="đã là ngày làm việc"):
        actions.change_override(
            override, actor=None, day=date(2025, 1, 14), kind=OverrideKind.WORKING_DAY, name="Lũ"
        )


def test_remove_override_restores_the_national_calendar():
    actions.add_override(
        actor=None, province="25", day=date(2025, 1, 13), kind=OverrideKind.DAY_OFF, name="Bão"
    )
    actions.remove_override(actor=None, province="25", day=date(2025, 1, 13))
    assert calendar_for("25").is_working_day(date(2025, 1, 13))
    with pytest.raises(ValidationError, match="không có ngày điều chỉnh 13/01/2025"):
        actions.remove_override(actor=None, province="25", day=date(2025, 1, 13))


def test_set_office_hours_gives_summer_and_winter_hours():
    # given Phú Thọ's summer and winter hours
    actions.set_office_hours(
        actor=None,
        province="25",
        name="Giờ mùa hè",
        valid_from=(4, 15),
        morning=(time(7), time(11, 30)),
        afternoon=(time(13, 30), time(17)),
    )
    actions.set_office_hours(
        actor=None,
        province="25",
        name="Giờ mùa đông",
        valid_from=(10, 15),
        morning=(time(7, 30), time(12)),
        afternoon=(time(13, 30), time(17)),
    )
    # when the calendar is loaded
    calendar = calendar_for("25")
    # then winter mornings start at 07:30, summer ones at 07:00
    assert calendar.next_working_instant(at(2025, 1, 6, 7)) == at(2025, 1, 6, 7, 30)
    assert calendar.next_working_instant(at(2025, 6, 2, 7)) == at(2025, 6, 2, 7)
    lines = calendar.explain_working_days(at(2025, 1, 6, 7), 1).lines
    assert lines == ["Thứ Hai 06/01/2025: 07:30-12:00, 13:30-17:00, tính 8 giờ, đến hạn lúc 17:00"]
    # another province keeps the default
    assert calendar_for("01").next_working_instant(at(2025, 1, 6, 7)) == at(2025, 1, 6, 7)


def test_set_office_hours_replaces_the_same_start_and_can_be_removed():
    for morning_start in (time(7), time(7, 15)):
        actions.set_office_hours(
            actor=None,
            province="25",
            name="Giờ mùa hè",
            valid_from=(4, 15),
            morning=(morning_start, time(11, 30)),
            afternoon=(time(13, 30), time(17)),
        )
    assert OfficeHours.objects.get().morning_start == time(7, 15)
    actions.remove_office_hours(actor=None, province="25", valid_from=(4, 15))
    assert not OfficeHours.objects.exists()
    with pytest.raises(ValidationError, match="không có khung giờ áp dụng từ 15/04"):
        actions.remove_office_hours(actor=None, province="25", valid_from=(4, 15))


@pytest.mark.parametrize(
    ("valid_from", "morning", "afternoon", "weekdays", "message"),
    [
        ((2, 30), (time(7), time(11)), (time(13), time(17)), [0], "30/2 không có thật"),
        ((1, 1), (time(11), time(7)), (time(13), time(17)), [0], "bắt đầu phải trước"),
        ((1, 1), (time(7), time(14)), (time(13), time(17)), [0], "không chồng lên nhau"),
        ((1, 1), (time(7), time(11)), (time(13), time(17)), [], "ít nhất một ngày"),
        ((1, 1), (time(7), time(11)), (time(13), time(17)), [7], "Thứ Hai đến Chủ Nhật"),
    ],
)
def test_set_office_hours_refuses_nonsense(valid_from, morning, afternoon, weekdays, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        actions.set_office_hours(
            actor=None,
            province="25",
            name="Giờ sai",
            valid_from=valid_from,
            morning=morning,
            afternoon=afternoon,
            weekdays=weekdays,
        )
    assert not OfficeHours.objects.exists()


def test_office_hours_model_clean_reports_in_vietnamese():
    hours = OfficeHours(
        province_id="25",
        name="Giờ sai",
        valid_from_month=1,
        valid_from_day=1,
        morning_start=time(7),
        morning_end=time(14),
        afternoon_start=time(13),
        afternoon_end=time(17),
        weekdays=[0, 1, 2, 3, 4],
    )
    with pytest.raises(ValidationError, match="không chồng lên nhau"):
        hours.full_clean()
    hours.weekdays = "0,1"
    with pytest.raises(ValidationError, match="danh sách số từ 0 đến 6"):
        hours.clean()


def test_calendar_for_costs_two_queries_then_none():
    for n in range(5):
        actions.add_override(
            actor=None,
            province="25",
            day=date(2025, 3, 3 + n),
            kind=OverrideKind.DAY_OFF,
            name=f"Nghỉ {n}",
        )
    with CaptureQueriesContext(connection) as loading:
        calendar = calendar_for("25")
    assert len(loading.captured_queries) == 2
    with CaptureQueriesContext(connection) as using:
        for hour in range(50):
            calendar.add_working_hours(at(2025, 3, 1, 8), hour)
            calendar.same_day_due(at(2025, 3, 1, 8))
    assert len(using.captured_queries) == 0


def test_calendar_for_defaults_to_the_installation_province(settings):
    settings.MOTCUA_PROVINCE = "01"
    assert calendar_for().province == "01"
