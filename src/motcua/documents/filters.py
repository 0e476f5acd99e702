"""Page input for the tracking book page (a Django form: `documents.forms` is the PDF forms'
dispatcher): which unit's book, and the range of days typed dd/mm/yyyy or picked."""

from __future__ import annotations

from typing import Any

from django import forms

from motcua.core.forms import DayField

from .tracking_book import MAX_RANGE_DAYS


class TrackingBookFilter(forms.Form):
    """The unit (among those in the official's scope) and the days of the book."""

    don_vi = forms.ChoiceField(label="Đơn vị (trung tâm tiếp nhận)")
    tu = DayField(label="Từ ngày")
    den = DayField(label="Đến ngày")

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].choices = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if start and end:
            if start > end:
                self.add_error("den", "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
            elif (end - start).days + 1 > MAX_RANGE_DAYS:
                self.add_error("den", f"Mỗi lần xem sổ tối đa {MAX_RANGE_DAYS} ngày.")
        return data
