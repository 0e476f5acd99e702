"""The due-time engine on known dates: Tết 2027, office hours edges, the same-day rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from motcua.workcal.deadlines import (
    TZ,
    Calendar,
    DayKind,
    DayOverride,
    OfficeHoursRule,
    format_duration,
)

from .conftest import at


def test_add_working_days_skips_tet_2027(national):
    # given Wed 03/02/2027 16:00, the eve of Tết 2027 (04/02-10/02 are holidays)
    start = at(2027, 2, 3, 16)
    # when one working day is added
    due = national.add_working_days(start, 1)
    # then one hour counts on Wednesday and seven on Thursday 11/02 after Tết
    assert due == at(2027, 2, 11, 16)
    assert due.utcoffset() == timedelta(hours=7)


def test_tet_2027_holidays_come_from_the_holidays_package(national):
    off = [date(2027, 2, 4) + timedelta(days=n) for n in range(7)]
    assert all(not national.is_working_day(day) for day in off)
    assert national.day(date(2027, 2, 4)).kind == DayKind.HOLIDAY
    assert national.is_working_day(date(2027, 2, 11))


def test_add_working_hours_from_outside_hours_starts_at_next_period(national):
    # given Monday 06/01/2025 at 06:00, at lunch 12:00 and in the evening 18:00
    # when one working hour is added
    # then the clock starts at the next period's start
    assert national.add_working_hours(at(2025, 1, 6, 6), 1) == at(2025, 1, 6, 8)
    assert national.add_working_hours(at(2025, 1, 6, 12), 1) == at(2025, 1, 6, 14, 30)
    assert national.add_working_hours(at(2025, 1, 6, 18), 1) == at(2025, 1, 7, 8)


def test_add_working_hours_from_exactly_a_period_end_starts_at_next_period(national):
    assert national.add_working_hours(at(2025, 1, 6, 11, 30), 1) == at(2025, 1, 6, 14, 30)
    assert national.add_working_hours(at(2025, 1, 6, 17), 1) == at(2025, 1, 7, 8)


def test_add_working_hours_running_out_at_period_end_gives_that_end(national):
    # given Monday 06/01/2025 07:00
    start = at(2025, 1, 6, 7)
    # when the hours run out exactly at 11:30 or 17:00
    # then the due time is that end, not the next period's start
    assert national.add_working_hours(start, 4.5) == at(2025, 1, 6, 11, 30)
    assert national.add_working_days(start, 1) == at(2025, 1, 6, 17)
    assert national.add_working_days(start, 2) == at(2025, 1, 7, 17)


def test_add_working_days_friday_afternoon_crosses_the_weekend(national):
    assert national.add_working_days(at(2025, 1, 10, 16), 1) == at(2025, 1, 13, 16)


def test_add_working_hours_accepts_any_timezone_and_answers_in_vietnam_time(national):
    start = datetime(2025, 1, 6, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
    due = national.add_working_hours(start, timedelta(hours=2))
    assert due == at(2025, 1, 6, 11)
    assert due.tzinfo == TZ
    assert national.add_working_hours(start.astimezone(ZoneInfo("Europe/Paris")), 2) == due


def test_add_working_hours_zero_gives_the_normalised_start(national):
    assert national.add_working_hours(at(2025, 1, 6, 9), 0) == at(2025, 1, 6, 9)
    assert national.next_working_instant(at(2025, 1, 11, 9)) == at(2025, 1, 13, 7)


def test_add_working_hours_rejects_naive_and_negative(national):
    naive = datetime(2025, 1, 6, 9)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="không có múi giờ"):
        national.add_working_hours(naive, 1)
    with pytest.raises(ValueError, match="không có múi giờ"):
        national.working_time_between(at(2025, 1, 6, 9), naive)
    with pytest.raises(ValueError, match="không có múi giờ"):
        national.same_day_due(naive)
    with pytest.raises(ValueError, match="không được âm"):
        national.add_working_hours(at(2025, 1, 6, 9), -1)
    with pytest.raises(ValueError, match="không được âm"):
        national.add_working_days(at(2025, 1, 6, 9), -1)


def test_make_up_saturday_counts_as_working(national):
    # given Friday 25/04/2025 16:00; Saturday 26/04/2025 is a make-up working day
    assert national.day(date(2025, 4, 26)).kind == DayKind.MAKE_UP
    # when one working day is added
    due = national.add_working_days(at(2025, 4, 25, 16), 1)
    # then it lands on the Saturday
    assert due == at(2025, 4, 26, 16)


def test_same_day_before_cutoff_is_due_at_the_days_end(national):
    assert national.same_day_due(at(2025, 1, 6, 14, 59)) == at(2025, 1, 6, 17)
    assert national.same_day_due(at(2025, 1, 6, 7)) == at(2025, 1, 6, 17)


def test_same_day_at_or_after_cutoff_is_due_next_working_day(national):
    assert national.same_day_due(at(2025, 1, 6, 15)) == at(2025, 1, 7, 17)
    assert national.same_day_due(at(2025, 1, 6, 16, 30)) == at(2025, 1, 7, 17)


def test_same_day_on_friday_after_cutoff_is_due_monday(national):
    assert national.same_day_due(at(2025, 1, 10, 15, 30)) == at(2025, 1, 13, 17)


def test_same_day_outside_hours_uses_the_normalised_start(national):
    # Saturday morning starts Monday 07:00: before the cut-off, due Monday 17:00
    assert national.same_day_due(at(2025, 1, 11, 9)) == at(2025, 1, 13, 17)
    # after 17:00 starts next morning: due the next day's end
    assert national.same_day_due(at(2025, 1, 6, 17, 30)) == at(2025, 1, 7, 17)
    # lunch time before the cut-off: the same day
    assert national.same_day_due(at(2025, 1, 6, 12)) == at(2025, 1, 6, 17)


def test_same_day_cutoff_is_configurable(national):
    assert national.same_day_due(at(2025, 1, 6, 15, 30), cutoff=time(16)) == at(2025, 1, 6, 17)
    assert national.same_day_due(at(2025, 1, 6, 14), cutoff=time(11)) == at(2025, 1, 7, 17)


def test_same_day_before_tet_is_due_after_tet(national):
    assert national.same_day_due(at(2027, 2, 3, 16)) == at(2027, 2, 11, 17)


def test_working_time_between_counts_only_working_periods(national):
    # Friday 10/01/2025 16:00 to Monday 13/01/2025 08:00: one hour each side of the weekend
    assert national.working_time_between(at(2025, 1, 10, 16), at(2025, 1, 13, 8)) == timedelta(
        hours=2
    )
    assert national.working_time_between(at(2025, 1, 6, 7), at(2025, 1, 6, 17)) == timedelta(
        hours=8
    )
    assert national.working_time_between(at(2025, 1, 6, 12), at(2025, 1, 6, 13)) == timedelta(0)


def test_working_time_between_is_negative_backwards(national):
    forward = national.working_time_between(at(2025, 1, 6, 9), at(2025, 1, 7, 9))
    assert forward == timedelta(hours=8)
    assert national.working_time_between(at(2025, 1, 7, 9), at(2025, 1, 6, 9)) == -forward


def test_working_time_between_across_tet(national):
    assert national.working_time_between(at(2027, 2, 3, 16), at(2027, 2, 11, 16)) == timedelta(
        hours=8
    )


def test_is_working_time_excludes_period_ends_and_holidays(national):
    assert national.is_working_time(at(2025, 1, 6, 7))
    assert national.is_working_time(at(2025, 1, 6, 11, 29))
    assert not national.is_working_time(at(2025, 1, 6, 11, 30))
    assert not national.is_working_time(at(2025, 1, 6, 17))
    assert not national.is_working_time(at(2025, 1, 11, 9))  # Saturday
    assert not national.is_working_time(at(2027, 2, 4, 9))  # 29 Tết
    assert national.is_working_time(at(2025, 4, 26, 9))  # make-up Saturday


def test_override_day_off_is_skipped():
    # given the province takes Monday 13/01/2025 off
    calendar = Calendar(
        "25", overrides=[DayOverride(date(2025, 1, 13), working=False, name="Lễ hội Đền Hùng")]
    )
    # when a Friday-afternoon dossier gets one working day
    due = calendar.add_working_days(at(2025, 1, 10, 16), 1)
    # then Monday is skipped
    assert due == at(2025, 1, 14, 16)
    assert calendar.day(date(2025, 1, 13)).kind == DayKind.OVERRIDE_OFF


def test_override_working_day_is_counted():
    # given the province works Saturday 11/01/2025
    calendar = Calendar(
        "25", overrides=[DayOverride(date(2025, 1, 11), working=True, name="Làm việc bù")]
    )
    # when a Friday-afternoon dossier gets one working day
    # then it is due on the Saturday
    assert calendar.add_working_days(at(2025, 1, 10, 16), 1) == at(2025, 1, 11, 16)


def test_override_wins_over_a_national_holiday():
    calendar = Calendar(
        "25", overrides=[DayOverride(date(2025, 9, 2), working=True, name="Trực Quốc khánh")]
    )
    assert calendar.is_working_day(date(2025, 9, 2))
    assert not calendar.is_working_day(date(2025, 9, 1))


def _seasonal() -> Calendar:
    summer = OfficeHoursRule(
        valid_from_month=4,
        valid_from_day=15,
        periods=((time(7), time(11, 30)), (time(13, 30), time(17))),
        name="Giờ mùa hè",
    )
    winter = OfficeHoursRule(
        valid_from_month=10,
        valid_from_day=15,
        periods=((time(7, 30), time(12)), (time(13, 30), time(17))),
        name="Giờ mùa đông",
    )
    return Calendar("25", office_hours=[winter, summer])


def test_seasonal_office_hours_switch_on_their_dates():
    calendar = _seasonal()
    assert calendar.office_hours_on(date(2025, 6, 1)).name == "Giờ mùa hè"
    assert calendar.office_hours_on(date(2025, 10, 15)).name == "Giờ mùa đông"
    # before the year's first start, last year's last rule still applies
    assert calendar.office_hours_on(date(2025, 1, 6)).name == "Giờ mùa đông"
    assert calendar.office_hours_on(date(2025, 4, 14)).name == "Giờ mùa đông"
    assert calendar.office_hours_on(date(2025, 4, 15)).name == "Giờ mùa hè"


def test_seasonal_office_hours_change_the_due_time():
    calendar = _seasonal()
    # winter: 07:30-12:00, so 07:00 starts at 07:30 and four and a half hours end at 12:00
    assert calendar.add_working_hours(at(2025, 1, 6, 7), 4.5) == at(2025, 1, 6, 12)
    assert not calendar.is_working_time(at(2025, 1, 6, 7, 15))
    assert calendar.is_working_time(at(2025, 1, 6, 11, 45))
    # summer: the default hours
    assert calendar.add_working_hours(at(2025, 6, 2, 7), 4.5) == at(2025, 6, 2, 11, 30)


def test_office_hours_with_saturday_work_saturdays():
    six_days = OfficeHoursRule(weekdays=frozenset(range(6)))
    calendar = Calendar("25", office_hours=[six_days])
    assert calendar.add_working_days(at(2025, 1, 10, 16), 1) == at(2025, 1, 11, 16)
    assert calendar.working_weekend_days(2025) == []


def test_office_hours_rule_rejects_nonsense():
    with pytest.raises(ValueError, match="không có thật"):
        OfficeHoursRule(valid_from_month=2, valid_from_day=30)
    with pytest.raises(ValueError, match="bắt đầu phải trước"):
        OfficeHoursRule(periods=((time(12), time(11)),))
    with pytest.raises(ValueError, match="chồng lên nhau"):
        OfficeHoursRule(periods=((time(7), time(12)), (time(11), time(17))))
    with pytest.raises(ValueError, match="ít nhất một ngày"):
        OfficeHoursRule(weekdays=frozenset())


def test_calendar_rejects_duplicate_rules_and_overrides():
    with pytest.raises(ValueError, match="cùng ngày bắt đầu"):
        Calendar("25", office_hours=[OfficeHoursRule(), OfficeHoursRule()])
    override = DayOverride(date(2025, 1, 13), working=False, name="x")
    with pytest.raises(ValueError, match="hai lần"):
        Calendar("25", overrides=[override, override])


def test_calendar_without_any_working_day_fails_instead_of_looping():
    every_day_off = [
        DayOverride(date(2025, 1, 1) + timedelta(days=n), working=False, name="Bão")
        for n in range(3700)
    ]
    calendar = Calendar("25", overrides=every_day_off)
    with pytest.raises(ValueError, match="không có ngày làm việc"):
        calendar.add_working_hours(at(2025, 1, 1, 8), 1)


def test_days_off_and_working_weekend_days_of_2025(national):
    days_off = {day.day: day.name for day in national.days_off(2025)}
    assert days_off[date(2025, 1, 29)] == "Tết Nguyên Đán"
    assert days_off[date(2025, 5, 2)] == "Ngày nghỉ (thay cho ngày 26/04/2025)"
    assert date(2025, 2, 1) not in days_off  # a Saturday holiday is not a weekday off
    working = {day.day: day.name for day in national.working_weekend_days(2025)}
    assert working == {date(2025, 4, 26): "Làm bù cho ngày 02/05/2025"}


def test_explain_working_days_lists_each_day_in_vietnamese(national):
    answer = national.explain_working_days(at(2027, 2, 3, 16), 1)
    assert answer.value == at(2027, 2, 11, 16)
    assert answer.lines == [
        "Thứ Tư 03/02/2027: 16:00-17:00, tính 1 giờ",
        "Thứ Năm 04/02/2027: nghỉ 29 Tết",
        "Thứ Sáu 05/02/2027: nghỉ Giao thừa Tết Nguyên Đán",
        "Thứ Bảy 06/02/2027: nghỉ Tết Nguyên Đán",
        "Chủ Nhật 07/02/2027: nghỉ Mùng hai Tết Nguyên Đán",
        "Thứ Hai 08/02/2027: nghỉ Mùng ba Tết Nguyên Đán",
        "Thứ Ba 09/02/2027: nghỉ Mùng bốn Tết Nguyên Đán",
        "Thứ Tư 10/02/2027: nghỉ Mùng năm Tết Nguyên Đán",
        "Thứ Năm 11/02/2027: 07:00-11:30, 13:30-16:00, tính 7 giờ, đến hạn lúc 16:00",
    ]


def test_explain_full_days_weekend_and_make_up_day(national):
    answer = national.explain_working_days(at(2025, 4, 24, 7), 3)
    assert answer.value == at(2025, 4, 26, 17)
    assert answer.lines == [
        "Thứ Năm 24/04/2025: 07:00-11:30, 13:30-17:00, tính 8 giờ",
        "Thứ Sáu 25/04/2025: 07:00-11:30, 13:30-17:00, tính 8 giờ",
        "Thứ Bảy 26/04/2025: làm bù cho ngày 02/05/2025, 07:00-11:30, 13:30-17:00, "
        "tính 8 giờ, đến hạn lúc 17:00",
    ]
    weekend = national.explain_working_hours(at(2025, 1, 10, 18), 1).lines
    assert weekend == [
        "Thứ Sáu 10/01/2025: nhận lúc 18:00, sau giờ làm việc",
        "Thứ Bảy 11/01/2025: nghỉ cuối tuần",
        "Chủ Nhật 12/01/2025: nghỉ cuối tuần",
        "Thứ Hai 13/01/2025: 07:00-08:00, tính 1 giờ, đến hạn lúc 08:00",
    ]


def test_explain_overrides_by_name():
    calendar = Calendar(
        "25",
        overrides=[
            DayOverride(date(2025, 1, 13), working=False, name="Lễ hội Đền Hùng"),
            DayOverride(date(2025, 1, 11), working=True, name="Tổng kết năm"),
        ],
    )
    lines = calendar.explain_working_days(at(2025, 1, 10, 17), 2).lines
    assert lines == [
        "Thứ Sáu 10/01/2025: nhận lúc 17:00, sau giờ làm việc",
        "Thứ Bảy 11/01/2025: ngày làm việc thêm (Tổng kết năm), 07:00-11:30, 13:30-17:00, "
        "tính 8 giờ",
        "Chủ Nhật 12/01/2025: nghỉ cuối tuần",
        "Thứ Hai 13/01/2025: nghỉ Lễ hội Đền Hùng",
        "Thứ Ba 14/01/2025: 07:00-11:30, 13:30-17:00, tính 8 giờ, đến hạn lúc 17:00",
    ]


def test_explain_same_day(national):
    before = national.explain_same_day(at(2025, 1, 6, 9, 15))
    assert before.lines == [
        "Thứ Hai 06/01/2025: nhận lúc 09:15, trước 15:00, trả kết quả trong ngày lúc 17:00"
    ]
    friday = national.explain_same_day(at(2025, 1, 10, 15, 30))
    assert friday.value == at(2025, 1, 13, 17)
    assert friday.lines == [
        "Thứ Sáu 10/01/2025: nhận lúc 15:30, từ 15:00 trở đi, hẹn trả vào ngày làm việc tiếp theo",
        "Thứ Bảy 11/01/2025: nghỉ cuối tuần",
        "Chủ Nhật 12/01/2025: nghỉ cuối tuần",
        "Thứ Hai 13/01/2025: trả kết quả lúc 17:00",
    ]
    saturday = national.explain_same_day(at(2025, 1, 11, 9))
    assert saturday.lines == [
        "Thứ Bảy 11/01/2025: nghỉ cuối tuần",
        "Chủ Nhật 12/01/2025: nghỉ cuối tuần",
        "Thứ Hai 13/01/2025: bắt đầu tính từ 07:00, trước 15:00, trả kết quả trong ngày lúc 17:00",
    ]


def test_explain_working_time_between(national):
    answer = national.explain_working_time_between(at(2025, 1, 10, 16), at(2025, 1, 13, 8, 30))
    assert answer.value == timedelta(hours=2, minutes=30)
    assert answer.lines == [
        "Thứ Sáu 10/01/2025: 16:00-17:00, tính 1 giờ",
        "Thứ Bảy 11/01/2025: nghỉ cuối tuần",
        "Chủ Nhật 12/01/2025: nghỉ cuối tuần",
        "Thứ Hai 13/01/2025: 07:00-08:30, tính 1 giờ 30 phút",
    ]


def test_format_duration_in_vietnamese():
    assert format_duration(timedelta(hours=8)) == "8 giờ"
    assert format_duration(timedelta(minutes=45)) == "45 phút"
    assert format_duration(timedelta(hours=1, minutes=30, seconds=5)) == "1 giờ 30 phút 5 giây"
    assert format_duration(timedelta(0)) == "0 giờ"
    assert format_duration(-timedelta(hours=2)) == "-2 giờ"
