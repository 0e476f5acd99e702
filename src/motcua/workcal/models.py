"""The province's own calendar data: seasonal office hours and day overrides.

National holidays and make-up Saturdays come from the `holidays` package and are not stored;
only what a province decides itself lives here, edited in Django admin (reference data).
Provinces are referenced by their statistical code through `units.Unit` (a province row), so
`province_id` reads as the official code ("25").
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from motcua.core.models import TimeStampedModel
from motcua.units.choices import Level

from .choices import OverrideKind
from .deadlines import DEFAULT_WEEKDAYS, DayOverride, OfficeHoursRule, check_office_hours

_PROVINCES_ONLY = {"level": Level.PROVINCE}


def default_weekdays() -> list[int]:
    return sorted(DEFAULT_WEEKDAYS)


class OfficeHours(TimeStampedModel):
    """Office hours (giờ làm việc) of a province from a month/day each year.

    Northern provinces switch between summer and winter hours: each row applies from its
    `valid_from` month/day until the next row's, wrapping round the year. A province without
    rows works the national default, 07:00-11:30 and 13:30-17:00, Monday to Friday.
    """

    province = models.ForeignKey(
        "units.Unit",
        verbose_name="tỉnh",
        on_delete=models.PROTECT,
        related_name="office_hours",
        limit_choices_to=_PROVINCES_ONLY,
    )
    name = models.CharField("tên khung giờ", max_length=120, help_text="Ví dụ: Giờ mùa hè.")
    valid_from_month = models.PositiveSmallIntegerField("áp dụng từ tháng")
    valid_from_day = models.PositiveSmallIntegerField("áp dụng từ ngày")
    morning_start = models.TimeField("buổi sáng bắt đầu")
    morning_end = models.TimeField("buổi sáng kết thúc")
    afternoon_start = models.TimeField("buổi chiều bắt đầu")
    afternoon_end = models.TimeField("buổi chiều kết thúc")
    weekdays = models.JSONField(
        "ngày làm việc trong tuần",
        default=default_weekdays,
        help_text="Số thứ tự trong tuần: 0 = Thứ Hai ... 6 = Chủ Nhật.",
    )

    class Meta:
        verbose_name = "giờ làm việc"
        verbose_name_plural = "giờ làm việc"
        ordering = ["province_id", "valid_from_month", "valid_from_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "valid_from_month", "valid_from_day"],
                name="officehours_unique_start_per_province",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from_month__gte=1, valid_from_month__lte=12)
                & models.Q(valid_from_day__gte=1, valid_from_day__lte=31),
                name="officehours_valid_from_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(morning_start__lt=models.F("morning_end"))
                & models.Q(morning_end__lte=models.F("afternoon_start"))
                & models.Q(afternoon_start__lt=models.F("afternoon_end")),
                name="officehours_periods_in_order",
            ),
        ]

    def __str__(self) -> str:
        start = f"{self.valid_from_day:02d}/{self.valid_from_month:02d}"
        return f"{self.name} (tỉnh {self.province_id}, từ {start})"

    def clean(self) -> None:
        weekdays = self.weekdays
        if not isinstance(weekdays, list) or not all(
            isinstance(value, int) and not isinstance(value, bool) for value in weekdays
        ):
            raise ValidationError({"weekdays": "Ngày trong tuần là danh sách số từ 0 đến 6."})
        if None in (self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end):
            return  # the missing field reports its own error
        try:
            check_office_hours(
                self.valid_from_month,
                self.valid_from_day,
                (
                    (self.morning_start, self.morning_end),
                    (self.afternoon_start, self.afternoon_end),
                ),
                weekdays,
            )
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def to_rule(self) -> OfficeHoursRule:
        """The engine's view of this row."""
        return OfficeHoursRule(
            valid_from_month=self.valid_from_month,
            valid_from_day=self.valid_from_day,
            periods=(
                (self.morning_start, self.morning_end),
                (self.afternoon_start, self.afternoon_end),
            ),
            weekdays=frozenset(self.weekdays),
            name=self.name,
        )


class CalendarOverride(TimeStampedModel):
    """A province's own change to one date (ngày nghỉ / ngày làm việc của tỉnh).

    A day off beyond the national holidays (a provincial festival, a storm) or an extra
    working day; it wins over the national calendar for that province. At most one per date,
    so the calendar never has to choose between two of the province's own decisions.
    Written through `workcal.actions`, which check that the change does change something.
    """

    province = models.ForeignKey(
        "units.Unit",
        verbose_name="tỉnh",
        on_delete=models.PROTECT,
        related_name="calendar_overrides",
        limit_choices_to=_PROVINCES_ONLY,
    )
    date = models.DateField("ngày")
    kind = models.CharField("loại", max_length=16, choices=OverrideKind.choices)
    name = models.CharField("tên / lý do", max_length=200)

    class Meta:
        verbose_name = "ngày điều chỉnh của tỉnh"
        verbose_name_plural = "ngày điều chỉnh của tỉnh"
        ordering = ["province_id", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "date"], name="calendaroverride_unique_date_per_province"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OverrideKind.values),
                name="calendaroverride_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="calendaroverride_name_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()} - {self.name}"

    def to_override(self) -> DayOverride:
        """The engine's view of this row."""
        return DayOverride(
            day=self.date, working=self.kind == OverrideKind.WORKING_DAY, name=self.name
        )
