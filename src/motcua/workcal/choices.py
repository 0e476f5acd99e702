"""Choices for the working calendar."""

from django.db import models


class OverrideKind(models.TextChoices):
    """What a province's override does to a date: take it off, or make it worked."""

    DAY_OFF = "day_off", "Ngày nghỉ"
    WORKING_DAY = "working_day", "Ngày làm việc"


class Weekday(models.IntegerChoices):
    """`date.weekday()` numbers with their Vietnamese names (Thứ Hai = 0)."""

    MONDAY = 0, "Thứ Hai"
    TUESDAY = 1, "Thứ Ba"
    WEDNESDAY = 2, "Thứ Tư"
    THURSDAY = 3, "Thứ Năm"
    FRIDAY = 4, "Thứ Sáu"
    SATURDAY = 5, "Thứ Bảy"
    SUNDAY = 6, "Chủ Nhật"
