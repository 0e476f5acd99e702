"""The content of a procedure version: defaults, normalisation and checks.

`publish_version` and `load_catalog` pass content through `normalize_content` and
`check_content` before anything is saved, so every stored version is well-formed and the
dossier that snapshots it can rely on its shape (invariant 2).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from typing import Any

from jsonschema import Draft202012Validator

from .choices import DocumentForm, OnlineLevel, ProcedureLevel, StepRole, TimeLimitKind
from .eforms import form_schema_errors
from .fees import fee_paths_errors, fee_schedule_errors
from .models import CONTENT_FIELDS, DEFAULT_SAME_DAY_CUTOFF, WORKING_HOURS_PER_DAY

REQUIRED_FIELDS = frozenset(
    {"name", "field", "authority", "time_limit_kind", "fee_schedule", "required_documents"}
    | {"form_schema"}
)
DEFAULTS: dict[str, Any] = {
    "level": ProcedureLevel.COMMUNE.value,
    "time_limit_days": None,
    "same_day_cutoff": None,
    "extended_limit_days": None,
    "extended_limit_condition": "",
    "time_limit_note": "",
    "time_limit_unverified": False,
    "result_documents": [],
    "legal_basis": [],
    "online": OnlineLevel.NONE.value,
    "steps": [],
    "sources": [],
}
_SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
_TEXT = {"type": "string", "minLength": 1}

_LIST_SCHEMAS: dict[str, dict[str, Any]] = {
    "required_documents": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["id", "name", "form", "count", "mandatory"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": _SLUG},
                "name": _TEXT,
                "form": {"enum": list(DocumentForm.values)},
                "count": {"type": "integer", "minimum": 1},
                "mandatory": {"type": "boolean"},
                "note": {"type": "string"},
            },
        },
    },
    "result_documents": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["id", "name"],
            "additionalProperties": False,
            "properties": {"id": {"type": "string", "pattern": _SLUG}, "name": _TEXT},
        },
    },
    "legal_basis": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["number", "title"],
            "additionalProperties": False,
            "properties": {"number": _TEXT, "title": _TEXT},
        },
    },
    "steps": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["name", "role", "hours"],
            "additionalProperties": False,
            "properties": {
                "name": _TEXT,
                "role": {"enum": list(StepRole.values)},
                "hours": {"type": ["integer", "null"], "minimum": 1},
            },
        },
    },
    "sources": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["fact", "source", "unverified"],
            "additionalProperties": False,
            "properties": {"fact": _TEXT, "source": _TEXT, "unverified": {"type": "boolean"}},
        },
    },
}
_LIST_VALIDATORS = {name: Draft202012Validator(schema) for name, schema in _LIST_SCHEMAS.items()}
_LABELS = {
    "required_documents": "Thành phần hồ sơ",
    "result_documents": "Kết quả thực hiện",
    "legal_basis": "Căn cứ pháp lý",
    "steps": "Quy trình nội bộ",
    "sources": "Nguồn thông tin",
}
_CUTOFF = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


class ContentError(ValueError):
    """Content of a procedure version that cannot be published; `errors` lists why."""

    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors))
        self.errors = errors


def _parse_cutoff(value: Any) -> time | None:
    if value is None or isinstance(value, time):
        return value
    match = _CUTOFF.match(str(value))
    if not match:
        raise ContentError([f"Giờ tiếp nhận tối đa '{value}' phải có dạng HH:MM."])
    return time(int(match.group(1)), int(match.group(2)))


def normalize_content(data: Mapping[str, Any]) -> dict[str, Any]:
    """Model values from JSON-ready content: defaults filled, cut-off parsed.

    A same-day limit without a cut-off gets the 15:00 rule (DOMAIN.md, Deadlines).
    """
    unknown = sorted(set(data) - set(CONTENT_FIELDS))
    if unknown:
        raise ContentError([f"Trường không có trong nội dung thủ tục: {', '.join(unknown)}."])
    missing = sorted(REQUIRED_FIELDS - set(data))
    if missing:
        raise ContentError([f"Thiếu trường bắt buộc: {', '.join(missing)}."])
    values = {**DEFAULTS, **data}
    values["same_day_cutoff"] = _parse_cutoff(values["same_day_cutoff"])
    if values["time_limit_kind"] == TimeLimitKind.SAME_DAY and values["same_day_cutoff"] is None:
        values["same_day_cutoff"] = DEFAULT_SAME_DAY_CUTOFF
    return values


def _time_limit_errors(values: Mapping[str, Any]) -> list[str]:
    kind = values["time_limit_kind"]
    days = values["time_limit_days"]
    extended = values["extended_limit_days"]
    if kind not in TimeLimitKind.values:
        return [f"Loại thời hạn '{kind}' không hợp lệ."]
    errors = []
    if kind == TimeLimitKind.WORKING_DAYS and not (isinstance(days, int) and days >= 1):
        errors.append("Thời hạn theo ngày làm việc cần số ngày từ 1 trở lên.")
    if kind != TimeLimitKind.WORKING_DAYS and days is not None:
        errors.append("Chỉ thời hạn theo ngày làm việc mới có số ngày.")
    if kind != TimeLimitKind.SAME_DAY and values["same_day_cutoff"] is not None:
        errors.append("Chỉ thủ tục giải quyết trong ngày mới có giờ tiếp nhận tối đa.")
    if extended is not None:
        if kind == TimeLimitKind.NOT_STATED:
            errors.append("Chưa có thời hạn thì không thể có thời hạn kéo dài.")
        elif not isinstance(extended, int) or extended < 1:
            errors.append("Thời hạn khi cần xác minh phải từ 1 ngày làm việc trở lên.")
        elif not values["extended_limit_condition"]:
            errors.append("Thời hạn khi cần xác minh cần nêu điều kiện áp dụng.")
    return errors


def _steps_errors(values: Mapping[str, Any]) -> list[str]:
    steps = values["steps"]
    hours = [step["hours"] for step in steps]
    if values["time_limit_kind"] == TimeLimitKind.NOT_STATED:
        return []
    if any(budget is None for budget in hours):
        return ["Quy trình nội bộ: mỗi bước cần số giờ khi thủ tục có thời hạn."]
    if values["time_limit_kind"] == TimeLimitKind.SAME_DAY:
        allowed = WORKING_HOURS_PER_DAY
    else:
        allowed = values["time_limit_days"] * WORKING_HOURS_PER_DAY
    if sum(hours) > allowed:
        return [f"Quy trình nội bộ: tổng {sum(hours)} giờ vượt thời hạn {allowed} giờ làm việc."]
    return []


def check_content(values: Mapping[str, Any]) -> None:
    """Raise `ContentError` with every problem of normalised content (Vietnamese)."""
    errors: list[str] = []
    for name in ("name", "field", "authority"):
        if not isinstance(values[name], str) or not values[name].strip():
            errors.append(f"Trường '{name}' không được để trống.")
    if values["level"] not in ProcedureLevel.values:
        errors.append(f"Cấp thực hiện '{values['level']}' không hợp lệ.")
    if values["online"] not in OnlineLevel.values:
        errors.append(f"Mức độ trực tuyến '{values['online']}' không hợp lệ.")
    errors += _time_limit_errors(values)
    errors += fee_schedule_errors(values["fee_schedule"])
    lists_ok = True
    for name, validator in _LIST_VALIDATORS.items():
        for error in validator.iter_errors(values[name]):
            lists_ok = False
            where = "/".join(str(part) for part in error.absolute_path) or "danh sách"
            errors.append(f"{_LABELS[name]} ({where}): {error.message}")
    if lists_ok:
        for name in ("required_documents", "result_documents"):
            ids = [item["id"] for item in values[name]]
            if len(ids) != len(set(ids)):
                errors.append(f"{_LABELS[name]}: mã giấy tờ bị trùng.")
        if not errors:
            errors += _steps_errors(values)
    form_errors = form_schema_errors(values["form_schema"])
    errors += form_errors
    if not form_errors and isinstance(values["fee_schedule"], Mapping):
        errors += fee_paths_errors(values["fee_schedule"], values["form_schema"])
    if errors:
        raise ContentError(errors)
