"""An entry's content in Vietnamese for its page: each part of the registered data under
its heading, each field with its label and its value as a reader expects it (dates
dd/mm/yyyy, codes as words). Fields this module does not know are left out rather than
shown with a code name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from motcua.core.dates import date_text

PARTS = {
    "child": "Người được khai sinh",
    "mother": "Mẹ",
    "father": "Cha",
    "deceased": "Người đã chết",
    "death": "Việc chết",
    "husband": "Bên nam",
    "wife": "Bên nữ",
    "declarant": "Người đi đăng ký",
    "registered_again": "Đăng ký lại khai sinh",
}
FIELDS = {
    "full_name": "Họ, chữ đệm, tên",
    "gender": "Giới tính",
    "date_of_birth": "Ngày, tháng, năm sinh",
    "place_of_birth": "Nơi sinh",
    "hometown": "Quê quán",
    "ethnicity": "Dân tộc",
    "nationality": "Quốc tịch",
    "residence": "Nơi cư trú",
    "last_residence": "Nơi cư trú cuối cùng",
    "id_number": "Số định danh cá nhân",
    "marriage_count": "Kết hôn lần thứ",
    "relationship": "Quan hệ",
    "date": "Ngày",
    "time": "Giờ, phút",
    "place": "Nơi chết",
    "cause": "Nguyên nhân",
    "original_place": "Nơi đã đăng ký trước đây",
    "original_year": "Năm đã đăng ký",
    "reason": "Lý do",
}
CODES = {
    "male": "Nam",
    "female": "Nữ",
    "father": "Cha",
    "mother": "Mẹ",
    "grandparent": "Ông, bà",
    "relative": "Người thân thích khác",
    "carer": "Cá nhân, tổ chức đang nuôi dưỡng trẻ",
    "spouse": "Vợ, chồng",
    "child": "Con",
    "parent": "Cha, mẹ",
    "organisation": "Đại diện cơ quan, tổ chức",
}
DATES = {"date_of_birth", "date"}


def _value(key: str, value: Any) -> str:
    if key in DATES:
        return date_text(str(value))
    if key in {"gender", "relationship"}:
        return CODES.get(str(value), "")
    return str(value)


def readable(data: Mapping[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(part heading, [(label, value), ...]), ...] of the entry's content, in full: the
    entry's page, whose every opening is logged (invariant 8)."""
    parts = []
    for key, heading in PARTS.items():
        part = data.get(key)
        if not isinstance(part, Mapping):
            continue
        rows = []
        for field, label in FIELDS.items():
            value = part.get(field)
            if value in (None, ""):
                continue
            text = _value(field, value)
            if text:
                rows.append((label, text))
        if rows:
            parts.append((heading, rows))
    return parts
