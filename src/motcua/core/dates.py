"""Dates as Vietnamese pages show and take them: dd/mm/yyyy, whatever the browser's locale.

Every date field of the pages is a text input read by `parse_date` (dd/mm/yyyy, d/m/yyyy,
also yyyy-mm-dd as the API and the native picker write it) and filled by `date_text`; the
small script `portal/ngay.js` adds a picker button that writes the same dd/mm/yyyy text.
"""

from __future__ import annotations

import re
from datetime import date

# dd/mm/yyyy with "/", "-" or "." between the parts (what people type), or ISO.
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")

# What a date field says when the text is not a date (the field's label goes before it).
INVALID = "Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2025."


def parse_date(text: str | None) -> date | None:
    """The date of `text` (dd/mm/yyyy or yyyy-mm-dd), None when empty; ValueError (with the
    Vietnamese `INVALID` message) when it is not a real date."""
    if text is None or not str(text).strip():
        return None
    value = str(text)
    match = _DAY_FIRST.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO.match(value)
        if not match:
            raise ValueError(INVALID)
        year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(INVALID) from None


def date_text(value: date | str | None) -> str:
    """A date (or an ISO date string) as dd/mm/yyyy; any other text unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    match = _ISO.match(str(value))
    if not match:
        return str(value)
    year, month, day = match.groups()
    return f"{day}/{month}/{year}"


def iso_text(text: str) -> str:
    """dd/mm/yyyy text as ISO (the e-form data's `format: date`); unparsable text unchanged,
    so the e-form's check names the field."""
    try:
        parsed = parse_date(text)
    except ValueError:
        return text.strip()
    return parsed.isoformat() if parsed is not None else ""
