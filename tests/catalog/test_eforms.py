"""E-forms: valid draft 2020-12 schemas whose examples validate; bad data fails."""

from __future__ import annotations

import copy

import pytest
from jsonschema import Draft202012Validator

from motcua.catalog.data.procedures import PROCEDURES
from motcua.catalog.eforms import DRAFT_2020_12, form_data_errors, form_schema_errors

FORMS = {entry["code"]: entry["form_schema"] for entry in PROCEDURES}


@pytest.mark.parametrize("code", sorted(FORMS))
def test_eform_is_a_valid_schema_and_its_examples_validate(code):
    schema = FORMS[code]
    # when / then
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT_2020_12
    assert schema["examples"]
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for example in schema["examples"]:
        validator.validate(example)
    assert form_schema_errors(schema) == []


@pytest.mark.parametrize("code", sorted(FORMS))
def test_eform_refuses_an_empty_application(code):
    assert form_data_errors(FORMS[code], {})


def test_eform_birth_refuses_a_bad_id_number_date_and_gender():
    # given
    data = copy.deepcopy(FORMS["1.001193"]["examples"][0])
    data["mother"]["id_number"] = "12345"
    data["child"]["date_of_birth"] = "02/10/2025"
    data["child"]["gender"] = "unknown"
    # when
    errors = form_data_errors(FORMS["1.001193"], data)
    # then
    where = {error.split(":")[0] for error in errors}
    assert {"mother/id_number", "child/date_of_birth", "child/gender"} <= where


def test_eform_birth_needs_the_mother_but_not_the_father():
    data = copy.deepcopy(FORMS["1.001193"]["examples"][0])
    del data["father"]
    assert form_data_errors(FORMS["1.001193"], data) == []
    del data["mother"]
    assert form_data_errors(FORMS["1.001193"], data)


def test_eform_marriage_refuses_unknown_fields_and_a_bad_phone():
    data = copy.deepcopy(FORMS["1.000894"]["examples"][0])
    data["phone"] = "12ab"
    data["husband"]["nickname"] = "Cường"
    errors = form_data_errors(FORMS["1.000894"], data)
    assert len(errors) == 2


def test_eform_certified_copy_needs_at_least_one_document_with_pages():
    data = copy.deepcopy(FORMS["2.000815"]["examples"][0])
    data["documents"][0]["pages"] = 0
    assert form_data_errors(FORMS["2.000815"], data)
    data["documents"] = []
    assert form_data_errors(FORMS["2.000815"], data)


def test_eform_social_allowance_by_bank_needs_the_account():
    data = copy.deepcopy(FORMS["1.001776"]["examples"][0])
    del data["bank_account"]
    assert form_data_errors(FORMS["1.001776"], data)
    data["payment_method"] = "cash"
    del data["bank_name"]
    assert form_data_errors(FORMS["1.001776"], data) == []


def test_eform_schema_checks_refuse_a_broken_form():
    assert form_schema_errors({"type": "object"})  # no $schema
    no_examples = {"$schema": DRAFT_2020_12, "type": "object"}
    assert "ví dụ" in form_schema_errors(no_examples)[0]
    bad_example = {**no_examples, "required": ["x"], "examples": [{}]}
    assert form_schema_errors(bad_example)[0].startswith("Ví dụ 1")
    assert form_schema_errors({**no_examples, "minProperties": "a", "examples": [{}]})
