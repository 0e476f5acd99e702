"""E-forms (biểu mẫu điện tử): a JSON Schema (draft 2020-12) per procedure version.

The schema describes the application data a citizen or the counter fills in; its `examples`
keyword holds at least one valid instance, so every form is testable and documented by a
real example. Formats (date, email) are checked, not only annotated.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

if TYPE_CHECKING:
    from .models import ProcedureVersion

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def _validator(schema: Mapping[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def form_data_errors(
    schema: Mapping[str, Any], data: Any, *, schema_key: str | None = None
) -> list[str]:
    """Problems of application data against an e-form, in Vietnamese; empty when valid.

    jsonschema decides and words the problems. Every intake checks its data, so valid data
    is first tried on the form compiled to Python by fastjsonschema (about twenty times
    faster, docs/performance.md), for forms whose keywords mean the same to both
    (`_shared_keywords_only`), with jsonschema's own format checks: data it accepts is
    valid; anything it refuses goes to jsonschema, so where the two could differ (stricter
    patterns, a format only fastjsonschema checks), jsonschema's answer stands.

    The compiled form is kept per process under `schema_key`, a string that changes
    whenever the schema does (a published version's content hash, `version_form_errors`),
    else under the schema's canonical JSON.
    """
    fast = _fast_validator(schema, schema_key)
    if fast is not None:
        try:
            fast(data)
        except fastjsonschema.JsonSchemaValueException:
            pass
        else:
            return []
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or 'biểu mẫu'}: {error.message}"
        for error in sorted(_validator(schema).iter_errors(data), key=lambda e: e.json_path)
    ]


# Keywords fastjsonschema (draft-07 rules for a 2020-12 schema) reads as draft 2020-12 does.
_SHARED_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "examples",
        "default", "deprecated", "readOnly", "writeOnly", "type", "enum", "const",
        "properties", "required", "additionalProperties", "patternProperties",
        "minProperties", "maxProperties", "items", "minItems", "maxItems", "uniqueItems",
        "minLength", "maxLength", "pattern", "format", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "allOf", "anyOf", "oneOf",
        "not", "if", "then", "else",
    }
)  # fmt: skip
_ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment"})
_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs")
_SUBSCHEMAS = ("additionalProperties", "items", "not", "if", "then", "else")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def _shared_keywords_only(node: Any) -> bool:
    """Whether fastjsonschema can only agree with jsonschema on this (sub)schema: known
    keywords only, `items` as one schema (an array of schemas changed meaning in 2020-12),
    and a `$ref` that is local and alone but for annotations (draft 7 ignores its
    siblings, 2020-12 applies them)."""
    if isinstance(node, bool):
        return True
    if not isinstance(node, Mapping) or not set(node) <= _SHARED_KEYWORDS:
        return False
    if "$ref" in node and (
        not str(node["$ref"]).startswith("#") or set(node) - _ANNOTATIONS - {"$ref"}
    ):
        return False
    if "items" in node and not isinstance(node["items"], Mapping | bool):
        return False
    children: list[Any] = [node[key] for key in _SUBSCHEMAS if key in node]
    for key in _SUBSCHEMA_MAPS:
        children += list(node.get(key, {}).values())
    for key in _SUBSCHEMA_LISTS:
        children += list(node.get(key, []))
    return all(_shared_keywords_only(child) for child in children)


# jsonschema's format checks, so both libraries judge a date or an e-mail the same way.
_FORMATS: dict[str, Callable[[Any], bool]] = {
    name: functools.partial(Draft202012Validator.FORMAT_CHECKER.conforms, format=name)
    for name in Draft202012Validator.FORMAT_CHECKER.checkers
}


def version_form_errors(version: ProcedureVersion, data: Any) -> list[str]:
    """`form_data_errors` against a published version's form: its content hash (which
    covers the form) keys the compiled form, so the schema is not re-read per intake."""
    key = f"{version.pk}:{version.content_hash}" if version.pk and version.content_hash else None
    return form_data_errors(version.form_schema, data, schema_key=key)


_Validate = Callable[[Any], Any]
_compiled: dict[str, _Validate | None] = {}
_COMPILED_MAX = 512


def _fast_validator(schema: Mapping[str, Any], key: str | None) -> _Validate | None:
    """The form compiled by fastjsonschema, or None where only jsonschema may judge it.
    Defaults are never filled in (the data is not changed)."""
    key = (
        f"key:{key}"
        if key is not None
        else "json:" + json.dumps(schema, sort_keys=True, ensure_ascii=False, default=str)
    )
    if key in _compiled:
        return _compiled[key]
    validate: _Validate | None = None
    if _shared_keywords_only(schema):
        try:
            validate = fastjsonschema.compile(
                json.loads(json.dumps(schema, default=str)), formats=_FORMATS, use_default=False
            )
        except fastjsonschema.JsonSchemaDefinitionException:
            validate = None
    if len(_compiled) >= _COMPILED_MAX:  # forms edited over and over in the admin
        _compiled.clear()
    _compiled[key] = validate
    return validate


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
