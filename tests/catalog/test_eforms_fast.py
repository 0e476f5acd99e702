"""The fast e-form check (fastjsonschema) never accepts what jsonschema refuses, and stands
aside for schemas whose keywords the two could read differently (docs/performance.md)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from motcua.catalog import eforms
from motcua.catalog.data.procedures import PROCEDURES
from motcua.catalog.eforms import DRAFT_2020_12, form_data_errors

FORMS = {entry["code"]: entry["form_schema"] for entry in PROCEDURES}

# Values that sit on the edges the forms check: impossible dates, e-mails without a domain,
# ID numbers one digit short, a trailing newline after a pattern's "$", wrong types.
EDGES = [
    "2024-02-30", "2024-02-29", "2023-02-29", "01/02/2024", "2024-1-2", "a@b", "a@b.vn",
    "@b.vn", "001090000123", "00109000012", "0912345678", "001090000123\n", "abc\n", "Nam",
    "Nữ", "", " ", 0, -1, 1.0, 1.5, True, False, None,
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(EDGES),
    st.integers(min_value=-10, max_value=10**13),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _slots(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) inside `data`."""
    slots: list[tuple[Any, Any]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        slots.append((data, key))
        if isinstance(value, dict | list) and value:
            slots += _slots(value)
    return slots


@st.composite
def mutated(draw: st.DrawFn, schema: dict[str, Any]) -> Any:
    """An example of the form with a few values replaced, removed or added."""
    data = copy.deepcopy(draw(st.sampled_from(schema["examples"])))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        slots = _slots(data)
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        change = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if change == "replace":
            container[key] = draw(VALUES)
        elif change == "remove" and isinstance(container, dict):
            del container[key]
        elif isinstance(container, dict):
            container[draw(st.sampled_from(["extra", "ghi_chu", str(key)]))] = draw(VALUES)
    return data


def _jsonschema_errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or 'biểu mẫu'}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: e.json_path)
    ]


@pytest.mark.parametrize("code", sorted(FORMS))
def test_every_catalog_form_has_a_fast_check(code):
    assert eforms._fast_validator(FORMS[code], None) is not None


@pytest.mark.parametrize("code", sorted(FORMS))
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_fast_check_accepts_only_what_jsonschema_accepts(code, data):
    # given
    schema = FORMS[code]
    application = data.draw(mutated(schema))
    fast = eforms._fast_validator(schema, None)
    assert fast is not None
    expected = _jsonschema_errors(schema, application)
    # when
    try:
        fast(copy.deepcopy(application))
        fast_accepts = True
    except eforms.fastjsonschema.JsonSchemaValueException:
        fast_accepts = False
    # then
    if fast_accepts:
        assert expected == [], (application, expected)
    assert form_data_errors(schema, application) == expected


def test_impossible_date_is_refused_although_its_shape_is_right():
    # given a field with format "date", as the birth form has
    schema = {"$schema": DRAFT_2020_12, "type": "object",
              "properties": {"ngay": {"type": "string", "format": "date"}}}  # fmt: skip
    # then jsonschema's own date check decides, on the fast path too
    assert form_data_errors(schema, {"ngay": "2024-02-29"}) == []
    assert form_data_errors(schema, {"ngay": "2023-02-29"})


@pytest.mark.parametrize(
    "schema",
    [
        # draft 7 ignores the siblings of $ref; 2020-12 applies them
        {"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s", "maxLength": 2},
        # an array of `items` became `prefixItems` in 2020-12
        {"type": "array", "items": [{"type": "string"}]},
        {"type": "array", "prefixItems": [{"type": "string"}]},
        {"type": "object", "unevaluatedProperties": False},
        {"$ref": "https://example.com/schema.json"},
        {"properties": {"a": {"dependentRequired": {"a": ["b"]}}}},
    ],
)
def test_schemas_read_differently_by_the_two_libraries_get_no_fast_check(schema):
    assert eforms._fast_validator({"$schema": DRAFT_2020_12, **schema}, None) is None


def test_ref_with_a_sibling_is_still_checked_as_2020_12_says():
    schema = {"$schema": DRAFT_2020_12, "$defs": {"s": {"type": "string"}},
              "$ref": "#/$defs/s", "maxLength": 2}  # fmt: skip
    assert form_data_errors(schema, "ab") == []
    assert form_data_errors(schema, "abc")


def test_fast_check_never_fills_in_defaults():
    schema = {"$schema": DRAFT_2020_12, "type": "object",
              "properties": {"a": {"type": "string", "default": "x"}}}  # fmt: skip
    data: dict[str, Any] = {}
    assert form_data_errors(schema, data) == []
    assert data == {}


def test_a_key_names_one_form_and_a_new_key_compiles_the_new_one():
    # given two forms, checked under their own keys
    loose = {"$schema": DRAFT_2020_12, "type": "object"}
    strict = {"$schema": DRAFT_2020_12, "type": "object", "required": ["a"]}
    # then each key keeps its own compiled form
    assert form_data_errors(loose, {}, schema_key="v1:loose") == []
    assert form_data_errors(strict, {}, schema_key="v2:strict")
    assert form_data_errors(loose, {}, schema_key="v1:loose") == []
