"""Personal ID number (số định danh cá nhân) checks."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.core.idnumber import InvalidIdNumber, mask_id_number, parse_id_number


def test_parse_reads_province_sex_and_year():
    parsed = parse_id_number("025090000123")
    assert (parsed.province_code, parsed.sex, parsed.birth_year) == ("025", "male", 1990)
    assert parse_id_number("026305000001").sex == "female"
    assert parse_id_number("026305000001").birth_year == 2005


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12345", "12 chữ số"),
        ("02519000012a", "12 chữ số"),
        ("000190000123", "3 số đầu"),
        ("025690000123", "thứ 4"),
    ],
)
def test_parse_refuses_bad_numbers_in_vietnamese(value, message):
    with pytest.raises(InvalidIdNumber, match=message):
        parse_id_number(value)


def test_parse_checks_the_birth_year_against_the_date_of_birth():
    assert parse_id_number("025090000123", date_of_birth=dt.date(1990, 5, 1)).birth_year == 1990
    with pytest.raises(InvalidIdNumber, match="không khớp"):
        parse_id_number("025090000123", date_of_birth=dt.date(1991, 5, 1))


def test_mask_keeps_only_the_last_three_digits():
    assert mask_id_number("025090000123") == "*********123"
    assert mask_id_number("12") == "**"
