"""E-forms (biểu mẫu điện tử): a JSON Schema (draft 2020-12) per procedure version.

The schema describes the application data a citizen or the counter fills in; its `examples`
keyword holds at least one valid instance, so every form is testable and documented by a
real example. Formats (date, email) are checked, not only annotated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def _validator(schema: Mapping[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def form_data_errors(schema: Mapping[str, Any], data: Any) -> list[str]:
    """Problems of application data against an e-form, in Vietnamese; empty when valid."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or 'biểu mẫu'}: {error.message}"
        for error in sorted(_validator(schema).iter_errors(data), key=lambda e: e.json_path)
    ]


def form_schema_errors(schema: Any) -> list[str]:
    """Problems of an e-form schema itself; empty when it is usable."""
    if not isinstance(schema, Mapping):
        return ["Biểu mẫu điện tử phải là một đối tượng JSON Schema."]
    if schema.get("$schema") != DRAFT_2020_12:
        return [f"Biểu mẫu điện tử phải khai báo $schema = {DRAFT_2020_12}."]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        return [f"Biểu mẫu điện tử không phải JSON Schema hợp lệ: {error.message}"]
    if schema.get("type") != "object":
        return ["Biểu mẫu điện tử phải mô tả một đối tượng (type: object)."]
    examples = schema.get("examples")
    if not isinstance(examples, list) or not examples:
        return ["Biểu mẫu điện tử cần ít nhất một ví dụ hợp lệ trong 'examples'."]
    errors = []
    for index, example in enumerate(examples, start=1):
        errors += [f"Ví dụ {index}: {problem}" for problem in form_data_errors(schema, example)]
    return errors
