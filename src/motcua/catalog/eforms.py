"""E-forms (biểu mẫu điện tử): a JSON Schema (draft 2020-12) per procedure version.

The schema describes the application data a citizen or the counter fills in; its `examples`
keyword holds at least one valid instance, so every form is testable and documented by a
real example. Formats (date, email) are checked, not only annotated.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from motcua.core.dates import INVALID as INVALID_DATE

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
    whenever the schema does (a published version's content hash, `version_field_errors`),
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


def _known(node: Mapping[str, Any]) -> bool:
    """Only keywords both validators read alike, and this project's `x-` marks, which both
    ignore (`FUTURE_ALLOWED`, `OLDER_THAN`)."""
    return {key for key in node if not str(key).startswith("x-")} <= _SHARED_KEYWORDS


def _shared_keywords_only(node: Any) -> bool:
    """Whether fastjsonschema can only agree with jsonschema on this (sub)schema: known
    keywords only, `items` as one schema (an array of schemas changed meaning in 2020-12),
    and a `$ref` that is local and alone but for annotations (draft 7 ignores its
    siblings, 2020-12 applies them)."""
    if isinstance(node, bool):
        return True
    if not isinstance(node, Mapping) or not _known(node):
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


# --- Vietnamese problems by field ------------------------------------------------------------
# What every page, the API and the offline counter answer for e-form data that does not fit:
# each problem under the dotted path of its field ("mother.date_of_birth", a list's rows by
# index: "documents.0.pages"), worded in Vietnamese, never jsonschema's English.

REQUIRED = "Cần nhập thông tin này."
# Marks in a form schema that are not JSON Schema keywords (both validators ignore them):
# `x-future` on a date field that may lie ahead (an appointment); `x-older-than` on a form,
# the pairs of birth dates a person must be older by (a parent and the child).
FUTURE_ALLOWED = "x-future"
OLDER_THAN = "x-older-than"


def resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> dict[str, Any]:
    """A property schema with a local `$ref` ("#/$defs/parent") merged in; own keys win."""
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return dict(schema)
    target: Any = root
    for part in ref[2:].split("/"):
        target = target.get(part, {}) if isinstance(target, Mapping) else {}
    merged = {**resolve(target, root), **schema}
    merged.pop("$ref", None)
    return merged


def _message(error: Any) -> str:
    kind = error.validator
    value = error.validator_value
    if kind == "minLength":
        return REQUIRED if value == 1 else f"Tối thiểu {value} ký tự."
    if kind == "maxLength":
        return f"Tối đa {value} ký tự."
    if kind == "pattern":
        return "Không đúng định dạng."
    if kind == "format":
        return {
            "date": INVALID_DATE,
            "email": "Địa chỉ thư điện tử không hợp lệ.",
        }.get(str(value), "Không đúng định dạng.")
    if kind == "minimum":
        return f"Không được nhỏ hơn {value}."
    if kind == "maximum":
        return f"Không được lớn hơn {value}."
    if kind == "minItems":
        return f"Cần ít nhất {value} mục."
    if kind == "maxItems":
        return f"Tối đa {value} mục."
    if kind in {"oneOf", "enum", "const"}:
        return "Cần chọn một giá trị trong danh sách."
    if kind == "type":
        wanted = value if isinstance(value, str) else next(iter(value), "")
        return {
            "integer": "Cần nhập một số nguyên.",
            "number": "Cần nhập một số.",
            "string": "Cần nhập chữ.",
            "boolean": "Cần chọn có hoặc không.",
        }.get(wanted, "Giá trị không đúng kiểu.")
    if kind == "additionalProperties":
        return "Có thông tin không thuộc biểu mẫu."
    return "Giá trị không hợp lệ."


def _schema_at(root: Mapping[str, Any], path: list[str]) -> dict[str, Any]:
    """The (resolved) schema of the field at `path` (list indices as digits)."""
    node: dict[str, Any] = dict(root)
    for part in path:
        if part.isdigit() and isinstance(node.get("items"), Mapping):
            node = resolve(node["items"], root)
        else:
            node = resolve((node.get("properties") or {}).get(part, {}), root)
    return node


def _required_leaves(root: Mapping[str, Any], path: list[str]) -> list[str]:
    """The dotted paths a missing required field stands for: a group's own required
    fields, so each problem sits next to its field, never once on the whole group."""
    node = _schema_at(root, path)
    if node.get("type") == "object" and node.get("properties"):
        leaves: list[str] = []
        for name in node.get("required", []):
            leaves += _required_leaves(root, [*path, name])
        return leaves or [".".join(path)]
    return [".".join(path)]


def _add(problems: dict[str, list[str]], name: str, message: str) -> None:
    if message not in problems.setdefault(name, []):
        problems[name].append(message)


def field_errors(
    schema: Mapping[str, Any],
    data: Any,
    *,
    schema_key: str | None = None,
    today: date | None = None,
) -> dict[str, list[str]]:
    """The problems of `data` against the e-form by dotted field path, in Vietnamese, once
    each; empty when the data fits. Data the fast validator accepts is checked for
    plausibility only (`plausibility_errors`)."""
    problems: dict[str, list[str]] = {}
    if form_data_errors(schema, data, schema_key=schema_key):
        for error in _validator(schema).iter_errors(data):
            path = [str(part) for part in error.absolute_path]
            if error.validator == "required":
                instance = error.instance if isinstance(error.instance, Mapping) else {}
                for name in error.validator_value:
                    if name not in instance:
                        for leaf in _required_leaves(schema, [*path, name]):
                            _add(problems, leaf, REQUIRED)
                continue
            _add(problems, ".".join(path) or "_", _message(error))
    if isinstance(data, Mapping):
        for name, messages in plausibility_errors(schema, data, today=today).items():
            if name not in problems:
                for message in messages:
                    _add(problems, name, message)
    return problems


def version_field_errors(version: ProcedureVersion, data: Any) -> dict[str, list[str]]:
    """`field_errors` against a published version's form (compiled once per version)."""
    key = f"{version.pk}:{version.content_hash}" if version.pk and version.content_hash else None
    return field_errors(version.form_schema, data, schema_key=key)


def version_data_problems(version: ProcedureVersion, data: Any) -> list[str]:
    """What every intake (counter, online, offline, API) answers for data that does not fit
    the version's form: each problem with its field's labels, in Vietnamese; empty when
    the data fits and is plausible."""
    return labelled(version.form_schema, version_field_errors(version, data))


def label_of(schema: Mapping[str, Any], name: str) -> str:
    """The labels of a dotted path, as people read them: "Mẹ › Ngày, tháng, năm sinh";
    a list's row by its number ("Giấy tờ, văn bản cần chứng thực › Mục 2 › Số trang")."""
    labels: list[str] = []
    node: dict[str, Any] = dict(schema)
    for part in [part for part in name.split(".") if part]:
        if part.isdigit() and isinstance(node.get("items"), Mapping):
            node = resolve(node["items"], schema)
            labels.append(f"Mục {int(part) + 1}")
            continue
        node = resolve((node.get("properties") or {}).get(part, {}), schema)
        labels.append(str(node.get("title") or part))
    return " › ".join(labels) if labels else "Biểu mẫu"


def labelled(schema: Mapping[str, Any], problems: Mapping[str, list[str]]) -> list[str]:
    """Each problem with the labels of its field in front: "Mẹ › Ngày sinh: Cần nhập..."."""
    return [
        f"{label_of(schema, name)}: {message}"
        for name, messages in problems.items()
        for message in messages
    ]


def _date_fields(
    schema: Mapping[str, Any], node: Mapping[str, Any], value: Any, path: list[str]
) -> list[tuple[str, date, Mapping[str, Any]]]:
    """(dotted path, date, field schema) of every readable date in the data."""
    found: list[tuple[str, date, Mapping[str, Any]]] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            child = resolve((node.get("properties") or {}).get(key, {}), schema)
            found += _date_fields(schema, child, item, [*path, str(key)])
    elif isinstance(value, list) and isinstance(node.get("items"), Mapping):
        items = resolve(node["items"], schema)
        for index, item in enumerate(value):
            found += _date_fields(schema, items, item, [*path, str(index)])
    elif node.get("format") == "date" and isinstance(value, str):
        with contextlib.suppress(ValueError):
            found.append((".".join(path), date.fromisoformat(value), node))
    return found


def _value_at(data: Mapping[str, Any], name: str) -> Any:
    value: Any = data
    for part in name.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def plausibility_errors(
    schema: Mapping[str, Any], data: Mapping[str, Any], *, today: date | None = None
) -> dict[str, list[str]]:
    """What cannot be true whatever the schema allows: a date of something that happened
    (a birth, a death, a document issued) after today, unless the field says `x-future`;
    a parent not older than the child by `settings.MOTCUA_MIN_PARENT_AGE` years
    (`x-older-than` on the form: [{"older": "mother.date_of_birth", "younger":
    "child.date_of_birth"}], or `"years": 0` for a plain order: a birth before a death).
    The limits are settings, not law: a plausibility check."""
    from django.conf import settings
    from django.utils import timezone

    today = today or timezone.localdate()
    problems: dict[str, list[str]] = {}
    for name, day, node in _date_fields(schema, schema, data, []):
        if day > today and not node.get(FUTURE_ALLOWED):
            _add(problems, name, f"Ngày không được sau hôm nay ({today:%d/%m/%Y}).")
    parent_age = int(settings.MOTCUA_MIN_PARENT_AGE)
    for rule in schema.get(OLDER_THAN) or []:
        older, younger = _value_at(data, rule["older"]), _value_at(data, rule["younger"])
        try:
            older_day, younger_day = date.fromisoformat(older), date.fromisoformat(younger)
        except (TypeError, ValueError):
            continue
        years = int(rule.get("years", parent_age))
        if younger_day >= _years_after(older_day, years):
            continue
        if years:
            who = label_of(schema, rule["older"].rsplit(".", 1)[0])
            whom = label_of(schema, rule["younger"].rsplit(".", 1)[0]).lower()
            message = f"{who} phải lớn hơn {whom} ít nhất {years} tuổi; kiểm tra lại ngày sinh."
        else:
            field = label_of(schema, rule["younger"]).rsplit(" › ", 1)[-1]
            message = f"Ngày này phải trước {field.lower()}."
        _add(problems, rule["older"], message)
    return problems


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
