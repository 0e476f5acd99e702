"""Form fields the pages share."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from .dates import parse_date

# The largest whole number a form takes for an id, a version or a count: the `integer`
# column's on PostgreSQL. A larger one (2**63) is a field error, not an OverflowError in the
# database driver (a 500).
INT_MAX = 2_147_483_647


class WholeNumber(forms.IntegerField):
    """A whole number from 0 (or `min_value`) to `INT_MAX` unless told otherwise."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", INT_MAX)
        super().__init__(**kwargs)


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
