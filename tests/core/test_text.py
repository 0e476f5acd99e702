"""Vietnamese text folding for diacritic-free search."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold, search_terms


def test_fold_strips_diacritics_case_and_d_stroke():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("  Xã   ĐẠO Trù ") == "xa dao tru"
    assert fold("Chứng thực bản sao") == "chung thuc ban sao"


def test_search_terms_are_folded_words():
    assert search_terms("Đăng  KÝ khai-sinh") == ["dang", "ky", "khai-sinh"]
    assert search_terms("   ") == []


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_format_vnd_uses_dots_for_thousands():
    from motcua.core.money import format_vnd
    from motcua.core.templatetags.vn import vnd

    assert format_vnd(200000) == "200.000 đồng"
    assert format_vnd(0) == "0 đồng"
    assert vnd(20000) == "20.000 đồng"
    assert vnd(None) == ""
