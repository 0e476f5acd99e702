"""Vietnamese text folding for search that ignores diacritics and case.

"Đăng ký khai sinh" folds to "dang ky khai sinh". The letter đ/Đ is not a combining
mark in Unicode, so NFD alone leaves it; it is mapped explicitly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

_WHITESPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (incl. đ → d) and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _WHITESPACE.sub(" ", stripped.casefold()).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a query, for AND-matching against a folded column."""
    return [word for word in fold(query).split(" ") if word]


_NOT_WORD = re.compile(r"[\W_]+")


def index_words(text: str) -> str:
    """The folded words of `text` with anything between them (punctuation, brackets) made
    one space: "Giấy khai sinh (bản chính)" → "giay khai sinh ban chinh"."""
    return _NOT_WORD.sub(" ", fold(text)).strip()


# What no typed value contains: the C0 and C1 control characters (NUL among them, which
# PostgreSQL refuses in text) except tab and the line breaks a text area sends, and the
# bidirectional overrides that make a file name read backwards ("hoadon\u202efdp.exe").
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Characters that show nothing: format characters (zero-width space, joiners, BOM, soft
# hyphen) and the fillers of Hangul and Braille that fonts draw blank.
_FILLERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def _invisible(ch: str) -> bool:
    return ch.isspace() or ch in _FILLERS or unicodedata.category(ch) in {"Cf", "Cc", "Mn"}


def input_problem(value: str) -> str | None:
    """Why a typed value cannot be kept, in Vietnamese, or None when it can.

    Refused: a control character anywhere, and a value made only of invisible characters
    (a name of zero-width spaces passes "required" and shows as nothing everywhere). A value
    of spaces only is left to the field: a form strips it to empty."""
    found = _CONTROL.search(value)
    if found:
        return f"Có ký tự điều khiển không được phép (mã U+{ord(found.group()):04X})."
    if value and not value.isspace() and all(_invisible(ch) for ch in value):
        return "Chỉ gồm ký tự không nhìn thấy được."
    return None


# openpyxl refuses these in a cell (IllegalCharacterError), Excel cannot store them.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A cell whose text starts with one of these is read as a formula by Excel or LibreOffice
# (OWASP "CSV injection"), once the file is opened or re-saved.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_text(value: str) -> str:
    """`value` as the text of a spreadsheet cell: characters Excel cannot hold dropped, and a
    leading formula character escaped with an apostrophe, so that "=1+1" stays the text
    "=1+1" for the reader (OWASP's advice for exported files)."""
    value = _XLSX_ILLEGAL.sub("", value)
    if len(value) > 1 and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    """A row for `Worksheet.append` with every text through `spreadsheet_text`; numbers,
    dates and cells (a bold heading) pass as they are. Every xlsx the system writes goes
    through here."""
    return [spreadsheet_text(value) if isinstance(value, str) else value for value in values]
