"""Catalog search ignores Vietnamese diacritics and case, and matches codes."""

from __future__ import annotations

import pytest

from motcua.catalog.actions import set_everyday_words
from motcua.catalog.models import Procedure
from motcua.catalog.queries import finder_terms, procedure_fields, procedures_list

pytestmark = pytest.mark.django_db


def _codes(**kwargs) -> list[str]:
    return [version.procedure.code for version in procedures_list(**kwargs)]


def test_search_without_diacritics_finds_birth_registration(catalog):
    # The name holds the query: first. "Đăng ký lại khai sinh" holds every word too, and the
    # correction of civil status names the birth registration among its documents.
    found = _codes(q="dang ky khai sinh")
    assert found[0] == "1.001193" and set(found) == {"1.001193", "1.004884", "1.004859"}


def test_search_ignores_case_and_accents_in_the_query(catalog):
    assert _codes(q="ĐĂNG KÝ Khai Tử")[0] == "1.000656"
    # the field "Chứng thực" is indexed too
    assert set(_codes(q="chung thuc")) == {"2.000815", "2.000884", "2.000908"}


def test_search_matches_every_word_in_any_order(catalog):
    assert {"1.001193", "1.004884"} <= set(_codes(q="khai sinh"))
    assert _codes(q="lai sinh khai")[0] == "1.004884"


def test_search_matches_whole_words(catalog):
    # "con" (a child) is not the "công" of "căn cước công dân" in every procedure's papers
    assert _codes(q="con") == ["1.001193"]


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


def test_everyday_words_find_birth_registration_first(catalog):
    # The result "Giấy khai sinh" and the everyday words are indexed, not the name alone.
    assert _codes(q="giay khai sinh")[0] == "1.001193"
    assert _codes(q="lam giay khai sinh cho con")[0] == "1.001193"
    assert _codes(q="Làm giấy khai sinh cho con")[0] == "1.001193"


def test_documents_and_results_are_indexed(catalog):
    # a required document of the birth registration, found without diacritics
    assert "1.001193" in _codes(q="giay chung sinh")
    # a result of the marital status certificate
    assert _codes(q="giay xac nhan tinh trang hon nhan")[0] == "1.004873"


def test_everyday_words_change_without_a_new_version(catalog):
    procedure = Procedure.objects.get(code="1.000656")
    before = procedure.versions.count()
    set_everyday_words(procedure, ["ông bà qua đời"])
    assert _codes(q="ong ba qua doi") == ["1.000656"]
    assert procedure.versions.count() == before


def test_filler_words_alone_still_search(catalog):
    assert finder_terms("làm cho") == ["lam", "cho"]
    assert finder_terms("xin giấy khai sinh") == ["giay", "khai", "sinh"]
