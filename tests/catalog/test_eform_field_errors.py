"""E-form problems by field (`catalog.eforms.field_errors`): in Vietnamese, once each,
under the dotted path of the field they are about, named by the form's labels."""

from __future__ import annotations

import copy
from datetime import date

from motcua.catalog.data.forms import BIRTH, CERTIFIED_COPY, DEATH
from motcua.catalog.eforms import field_errors, labelled

TODAY = date(2026, 12, 7)


def _example(schema):
    return copy.deepcopy(schema["examples"][0])


def test_field_errors_valid_example_has_none():
    assert field_errors(BIRTH, _example(BIRTH), today=TODAY) == {}


def test_field_errors_missing_group_names_each_required_field():
    # given a birth registration without the mother at all
    data = _example(BIRTH)
    del data["mother"]

    problems = field_errors(BIRTH, data, today=TODAY)

    # then each of the mother's required fields is named once, never the group
    assert problems["mother.full_name"] == ["Cần nhập thông tin này."]
    assert problems["mother.date_of_birth"] == ["Cần nhập thông tin này."]
    assert "mother" not in problems
    assert labelled(BIRTH, {"mother.date_of_birth": problems["mother.date_of_birth"]}) == [
        "Mẹ › Ngày, tháng, năm sinh: Cần nhập thông tin này."
    ]


def test_field_errors_rows_of_a_list_by_index():
    data = _example(CERTIFIED_COPY)
    data["documents"][1]["pages"] = "bốn"
    del data["documents"][0]["issuer"]

    problems = field_errors(CERTIFIED_COPY, data, today=TODAY)

    assert problems["documents.1.pages"] == ["Cần nhập một số nguyên."]
    assert problems["documents.0.issuer"] == ["Cần nhập thông tin này."]
    assert labelled(CERTIFIED_COPY, {"documents.1.pages": ["x"]}) == [
        "Giấy tờ, văn bản cần chứng thực › Mục 2 › Số trang của bản chính: x"
    ]


def test_field_errors_a_date_after_today_is_refused():
    data = _example(BIRTH)
    data["child"]["date_of_birth"] = "2030-01-01"

    problems = field_errors(BIRTH, data, today=TODAY)

    assert problems["child.date_of_birth"] == ["Ngày không được sau hôm nay (07/12/2026)."]


def test_field_errors_a_parent_must_be_older_than_the_child(settings):
    settings.MOTCUA_MIN_PARENT_AGE = 12
    data = _example(BIRTH)
    data["father"]["date_of_birth"] = "2015-01-01"  # child born 2025-10-02

    problems = field_errors(BIRTH, data, today=TODAY)

    assert list(problems) == ["father.date_of_birth"]
    assert "ít nhất 12 tuổi" in problems["father.date_of_birth"][0]

    # and the limit is a setting, not law
    settings.MOTCUA_MIN_PARENT_AGE = 10
    assert field_errors(BIRTH, data, today=TODAY) == {}


def test_field_errors_a_death_before_the_birth_is_refused():
    data = _example(DEATH)
    data["death"]["date"] = "1939-01-01"

    problems = field_errors(DEATH, data, today=TODAY)

    assert problems["deceased.date_of_birth"] == ["Ngày này phải trước ngày chết."]


def test_field_errors_an_unreadable_date_says_how_to_type_it():
    data = _example(BIRTH)
    data["child"]["date_of_birth"] = "31/02/2025"

    problems = field_errors(BIRTH, data, today=TODAY)

    assert problems["child.date_of_birth"] == [
        "Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2025."
    ]
