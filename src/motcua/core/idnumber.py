"""Checks for the 12-digit personal identification number (số định danh cá nhân).

Structure (DOMAIN.md): 3 digits province of birth registration, 1 digit century and sex
(1900s: male 0 / female 1; 2000s: 2/3; 2100s: 4/5), 2 digits year of birth, 6 random digits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_ID_RE = re.compile(r"^\d{12}$")

# Century-and-sex digit → (first year of the century, sex).
_CENTURY = {
    "0": (1900, "male"),
    "1": (1900, "female"),
    "2": (2000, "male"),
    "3": (2000, "female"),
    "4": (2100, "male"),
    "5": (2100, "female"),
}


class InvalidIdNumber(ValueError):
    """The number breaks one of the rules; the message is Vietnamese, for the user."""


@dataclass(frozen=True)
class IdNumber:
    """A parsed ID number."""

    value: str
    province_code: str
    sex: str
    birth_year: int


def parse_id_number(value: str, *, date_of_birth: dt.date | None = None) -> IdNumber:
    """Parse and check an ID number; with a date of birth, check the year matches too."""
    value = (value or "").strip()
    if not _ID_RE.match(value):
        raise InvalidIdNumber("Số định danh cá nhân phải gồm đúng 12 chữ số.")
    if value[:3] == "000":
        raise InvalidIdNumber("Mã tỉnh nơi đăng ký khai sinh (3 số đầu) không hợp lệ.")
    century = _CENTURY.get(value[3])
    if century is None:
        raise InvalidIdNumber("Chữ số thứ 4 (thế kỷ và giới tính) phải từ 0 đến 5.")
    birth_year = century[0] + int(value[4:6])
    if date_of_birth is not None and date_of_birth.year != birth_year:
        raise InvalidIdNumber(
            f"Số định danh cho năm sinh {birth_year}, không khớp ngày sinh "
            f"{date_of_birth:%d/%m/%Y}."
        )
    return IdNumber(value=value, province_code=value[:3], sex=century[1], birth_year=birth_year)


def mask_id_number(value: str) -> str:
    """Mask all but the last 3 digits for lists, logs and public pages (invariant 8)."""
    if len(value) <= 3:
        return "*" * len(value)
    return "*" * (len(value) - 3) + value[-3:]
