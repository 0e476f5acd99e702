"""Form fields the pages share."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from .dates import parse_date


class CutText(forms.CharField):
    """An optional text input cut to `limit` characters rather than refused (a search box, a
    filter, a hidden key): what is longer than any valid value finds nothing, it is not an
    error to show. Surrounding spaces go, as in every `CharField`."""

    def __init__(self, limit: int, **kwargs: Any) -> None:
        self.limit = limit
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value))[: self.limit]


class DayField(forms.Field):
    """A day typed dd/mm/yyyy (or written by the picker, `portal/ngay.js`)."""

    def to_python(self, value: Any) -> date | None:
        try:
            return parse_date(str(value or "")[:20])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
