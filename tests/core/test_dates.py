"""Dates typed and shown as dd/mm/yyyy (core.dates)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.dates import INVALID, date_text, iso_text, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/09/2025", date(2025, 9, 5)),
        ("5/9/2025", date(2025, 9, 5)),
        ("05-09-2025", date(2025, 9, 5)),
        ("05.09.2025", date(2025, 9, 5)),
        (" 2025-09-05 ", date(2025, 9, 5)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_reads_day_first_and_iso(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "2025/09/05", "09/2025", "abc", "13/13/2025"])
def test_parse_date_refuses_what_is_not_a_day_in_vietnamese(text):
    with pytest.raises(ValueError, match="ngày/tháng/năm"):
        parse_date(text)
    assert "ngày/tháng/năm" in INVALID


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_date_text_and_parse_date_round_trip(day):
    assert parse_date(date_text(day)) == day
    assert iso_text(date_text(day)) == day.isoformat()
    assert date_text(day.isoformat()) == date_text(day)


def test_iso_text_keeps_unreadable_text_for_the_eform_check():
    assert iso_text("32/01/2025") == "32/01/2025"
    assert iso_text("") == ""
