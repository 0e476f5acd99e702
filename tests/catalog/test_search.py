"""Catalog search ignores Vietnamese diacritics and case, and matches codes."""

from __future__ import annotations

import pytest

from motcua.catalog.models import Procedure
from motcua.catalog.queries import procedure_fields, procedures_list

pytestmark = pytest.mark.django_db


def _codes(**kwargs) -> list[str]:
    return [version.procedure.code for version in procedures_list(**kwargs)]


def test_search_without_diacritics_finds_birth_registration(catalog):
    # "Đăng ký lại khai sinh" holds every word too.
    assert _codes(q="dang ky khai sinh") == ["1.001193", "1.004884"]


def test_search_ignores_case_and_accents_in_the_query(catalog):
    assert _codes(q="ĐĂNG KÝ Khai Tử") == ["1.000656"]
    assert set(_codes(q="chung thuc")) == {"2.000815", "2.000884"}


def test_search_matches_every_word_in_any_order(catalog):
    assert set(_codes(q="khai sinh")) == {"1.001193", "1.004884"}
    assert _codes(q="lai sinh khai") == ["1.004884"]


def test_search_matches_the_code(catalog):
    assert _codes(q="2.000815") == ["2.000815"]
    assert set(_codes(q="1.0048")) == {"1.004859", "1.004873", "1.004884"}


def test_search_without_match_is_empty(catalog):
    assert _codes(q="xay dung") == []


def test_list_filters_by_field_and_hides_inactive_procedures(catalog):
    assert set(_codes(field="Cư trú")) == {"1.004222"}
    Procedure.objects.filter(code="1.004222").update(is_active=False)
    assert "1.004222" not in _codes()
    assert procedure_fields() == ["Bảo trợ xã hội", "Chứng thực", "Hộ tịch"]
