"""Vietnamese text folding for search that ignores diacritics and case.

"Đăng ký khai sinh" folds to "dang ky khai sinh". The letter đ/Đ is not a combining
mark in Unicode, so NFD alone leaves it; it is mapped explicitly.
"""

from __future__ import annotations

import re
import unicodedata

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
