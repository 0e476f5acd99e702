"""Forms of the dossier pages: the counter intake (document checklist, applicant, e-form) and
the small per-action forms of the dossier page.

The e-form (biểu mẫu điện tử) is a JSON Schema on the procedure version; `eform_nodes`
turns it into a tree of fields the templates render, `eform_data` reads the posted values
back into application data, and `eform_errors` explains in Vietnamese, next to each field,
why the data does not fit the schema. Every value entered comes back in the nodes, so a
re-rendered form loses nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.http import QueryDict
from jsonschema import Draft202012Validator

from motcua.workcal.deadlines import TZ

from .actions import MAX_COUNT, Applicant

DATA_PREFIX = "data."

# The applicant fields of the intake form: (form name, label, input type, error key).
APPLICANT_FIELDS: tuple[tuple[str, str, str, bool], ...] = (
    ("full_name", "Họ và tên", "text", True),
    ("id_number", "Số định danh cá nhân (12 chữ số)", "text", True),
    ("date_of_birth", "Ngày sinh", "date", False),
    ("address", "Địa chỉ", "text", False),
    ("phone", "Số điện thoại", "tel", False),
    ("email", "Thư điện tử", "email", False),
)


@dataclass
class Node:
    """One field or group of the e-form, with what was entered and its errors."""

    name: str  # dotted path inside the application data, e.g. "child.full_name"
    label: str
    widget: str  # "group", "text", "date", "number", "checkbox", "select", "lines"
    required: bool = False
    value: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    description: str = ""
    errors: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    @property
    def input_name(self) -> str:
        return DATA_PREFIX + self.name

    @property
    def input_id(self) -> str:
        return "f-" + self.name.replace(".", "-")

    @property
    def input_type(self) -> str:
        return {"date": "date", "number": "number"}.get(self.widget, "text")


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> dict[str, Any]:
    """A property schema with a local `$ref` ("#/$defs/parent") merged in; own keys win."""
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return dict(schema)
    target: Any = root
    for part in ref[2:].split("/"):
        target = target.get(part, {}) if isinstance(target, Mapping) else {}
    merged = {**_resolve(target, root), **schema}
    merged.pop("$ref", None)
    return merged


def _options(schema: Mapping[str, Any]) -> list[tuple[str, str]] | None:
    if isinstance(schema.get("oneOf"), list) and all(
        isinstance(item, Mapping) and "const" in item for item in schema["oneOf"]
    ):
        return [
            (str(item["const"]), str(item.get("title", item["const"]))) for item in schema["oneOf"]
        ]
    if isinstance(schema.get("enum"), list):
        return [(str(value), str(value)) for value in schema["enum"] if value is not None]
    return None


def _widget(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((item for item in kind if item != "null"), "string")
    if _options(schema) is not None:
        return "select"
    if kind == "object":
        return "group"
    if kind in {"integer", "number"}:
        return "number"
    if kind == "boolean":
        return "checkbox"
    if kind == "array":
        return "lines"
    if schema.get("format") == "date":
        return "date"
    return "text"


def _value_text(value: Any, widget: str) -> str:
    if value is None:
        return ""
    if widget == "lines" and isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if widget == "checkbox":
        return "1" if value else ""
    return str(value)


def eform_nodes(
    schema: Mapping[str, Any],
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[Node]:
    """The e-form as a tree of nodes, filled with `values` (dotted name → text) and `errors`."""
    values = values or {}
    errors = errors or {}

    def build(props_schema: Mapping[str, Any], prefix: str) -> list[Node]:
        required = set(props_schema.get("required", []))
        nodes = []
        for key, raw in (props_schema.get("properties") or {}).items():
            prop = _resolve(raw, schema)
            name = f"{prefix}{key}"
            widget = _widget(prop)
            node = Node(
                name=name,
                label=str(prop.get("title") or key),
                widget=widget,
                required=key in required,
                description=str(prop.get("description", "")),
                options=_options(prop) or [],
                value=values.get(name, _value_text(prop.get("default"), widget)),
                errors=list(errors.get(name, [])),
            )
            if widget == "group":
                node.children = build(prop, name + ".")
            nodes.append(node)
        return nodes

    return build(schema, "")


def eform_values(post: QueryDict) -> dict[str, str]:
    """The e-form values posted, by dotted name (kept as text for re-rendering)."""
    return {
        key[len(DATA_PREFIX) :]: post.get(key, "") for key in post if key.startswith(DATA_PREFIX)
    }


def eform_data(schema: Mapping[str, Any], values: Mapping[str, str]) -> dict[str, Any]:
    """Application data from the posted text values.

    Empty fields are left out (so "required" speaks for them), numbers become numbers when
    they parse (otherwise the text stays, and the schema says what is wrong), a group with
    nothing entered is left out entirely.
    """

    def build(props_schema: Mapping[str, Any], prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, raw in (props_schema.get("properties") or {}).items():
            prop = _resolve(raw, schema)
            name = f"{prefix}{key}"
            widget = _widget(prop)
            if widget == "group":
                child = build(prop, name + ".")
                if child:
                    out[key] = child
                continue
            if widget == "checkbox":
                if name in values:
                    out[key] = bool(values[name])
                continue
            text = (values.get(name) or "").strip()
            if not text:
                continue
            if widget == "lines":
                out[key] = [line.strip() for line in text.splitlines() if line.strip()]
            elif widget == "number":
                out[key] = _number(text, prop)
            else:
                out[key] = text
        return out

    return build(schema, "")


def _number(text: str, prop: Mapping[str, Any]) -> Any:
    try:
        if prop.get("type") == "integer":
            return int(text)
        return float(text.replace(",", "."))
    except ValueError:
        return text


def _error_message(error: Any, schema: Mapping[str, Any]) -> str:
    kind = error.validator
    value = error.validator_value
    if kind == "minLength":
        return "Cần nhập thông tin này."
    if kind == "maxLength":
        return f"Tối đa {value} ký tự."
    if kind == "pattern":
        return "Không đúng định dạng."
    if kind == "format":
        return {
            "date": "Ngày không hợp lệ.",
            "email": "Địa chỉ thư điện tử không hợp lệ.",
        }.get(str(value), "Không đúng định dạng.")
    if kind == "minimum":
        return f"Không được nhỏ hơn {value}."
    if kind == "maximum":
        return f"Không được lớn hơn {value}."
    if kind in {"oneOf", "enum", "const"}:
        return "Cần chọn một giá trị trong danh sách."
    if kind == "type":
        return "Giá trị không đúng kiểu (cần nhập số?)."
    if kind == "additionalProperties":
        return "Có thông tin không thuộc biểu mẫu."
    return "Giá trị không hợp lệ."


def eform_errors(schema: Mapping[str, Any], data: Any) -> dict[str, list[str]]:
    """Vietnamese problems of the data against the e-form, by dotted field name."""
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems: dict[str, list[str]] = {}
    for error in validator.iter_errors(data):
        path = [str(part) for part in error.absolute_path]
        if error.validator == "required":
            missing = [name for name in error.validator_value if name not in (error.instance or {})]
            for name in missing:
                problems.setdefault(".".join([*path, name]), []).append("Cần nhập thông tin này.")
            continue
        name = ".".join(path) or "_"
        message = _error_message(error, schema)
        if message not in problems.get(name, []):
            problems.setdefault(name, []).append(message)
    return problems


def flatten_labels(nodes: list[Node]) -> dict[str, str]:
    """Dotted name → "Group › Label" for error summaries and the data table."""
    labels: dict[str, str] = {}

    def walk(items: list[Node], trail: list[str]) -> None:
        for node in items:
            labels[node.name] = " › ".join([*trail, node.label])
            walk(node.children, [*trail, node.label])

    walk(nodes, [])
    return labels


def data_rows(schema: Mapping[str, Any], data: Mapping[str, Any]) -> list[tuple[int, str, str]]:
    """Application data as (depth, label, shown value) rows, labelled by the e-form titles."""
    rows: list[tuple[int, str, str]] = []

    def walk(props_schema: Mapping[str, Any], values: Mapping[str, Any], depth: int) -> None:
        properties = props_schema.get("properties") or {}
        for key, value in values.items():
            prop = _resolve(properties.get(key, {}), schema)
            label = str(prop.get("title") or key)
            if isinstance(value, Mapping):
                rows.append((depth, label, ""))
                walk(prop, value, depth + 1)
                continue
            options = dict(_options(prop) or [])
            if isinstance(value, bool):
                shown = "Có" if value else "Không"
            elif isinstance(value, list):
                shown = "; ".join(str(item) for item in value)
            elif prop.get("format") == "date" and isinstance(value, str):
                shown = _date_text(value)
            else:
                shown = options.get(str(value), str(value))
            rows.append((depth, label, shown))

    walk(schema, data, 0)
    return rows


def _date_text(value: str) -> str:
    try:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


# --- counter intake ---------------------------------------------------------------------


def applicant_values(post: QueryDict) -> dict[str, str]:
    """The applicant fields as entered (text), by field name."""
    return {name: post.get(f"applicant_{name}", "").strip() for name, *_ in APPLICANT_FIELDS}


def applicant_from(values: Mapping[str, str], errors: dict[str, list[str]]) -> Applicant:
    """The `Applicant` of the entered values; an unreadable date goes into `errors`."""
    born: date | None = None
    if values.get("date_of_birth"):
        try:
            born = date.fromisoformat(values["date_of_birth"])
        except ValueError:
            errors["applicant.date_of_birth"] = ["Ngày sinh không hợp lệ (ngày/tháng/năm)."]
    return Applicant(
        full_name=values.get("full_name", ""),
        id_number=values.get("id_number", ""),
        date_of_birth=born,
        address=values.get("address", ""),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
    )


def _count_text(text: str) -> int:
    try:
        number = int(text.strip() or "0")
    except ValueError:
        return -1
    return number if 0 <= number <= MAX_COUNT else -1


def checklist(
    required_documents: list[dict[str, Any]], post: QueryDict | None = None
) -> list[dict[str, Any]]:
    """The document checklist rows: each required document with what was ticked/entered.

    Without a post, nothing is ticked and the counts default to the catalog's (originals for
    a document to present or hand in as original, copies for a copy).
    """
    rows = []
    for doc in required_documents:
        key = doc["id"]
        count = int(doc.get("count", 1) or 1)
        if post is None:
            received = False
            originals = str(count if doc.get("form") != "copy" else 0)
            copies = str(count if doc.get("form") == "copy" else 0)
        else:
            received = bool(post.get(f"doc_{key}"))
            originals = post.get(f"doc_{key}_originals", "0")
            copies = post.get(f"doc_{key}_copies", "0")
        rows.append(
            {
                "id": key,
                "name": doc["name"],
                "mandatory": bool(doc.get("mandatory")),
                "note": doc.get("note", ""),
                "received": received,
                "originals": originals,
                "copies": copies,
            }
        )
    return rows


def documents_from(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What `receive_dossier` takes: the ticked documents with their counts."""
    return [
        {
            "document": row["id"],
            "originals": _count_text(str(row["originals"])),
            "copies": _count_text(str(row["copies"])),
        }
        for row in rows
        if row["received"]
    ]


# --- lifecycle actions ------------------------------------------------------------------

FIELD_LABELS = {
    "assignee": "Chuyên viên thụ lý",
    "reason": "Lý do",
    "note": "Ý kiến",
    "proposal": "Đề xuất",
    "documents": "Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)",
    "new_due": "Hạn trả kết quả mới",
    "pin": "Mã PIN chữ ký số (để trống nếu ký tay trên giấy)",
}
# Fields that may be left empty on the dossier page's action forms.
OPTIONAL_FIELDS = frozenset({"note", "pin"})


def action_arguments(
    fields: tuple[str, ...], post: QueryDict, errors: dict[str, list[str]]
) -> dict[str, Any]:
    """The keyword arguments of an action from the posted form; unreadable ones → `errors`."""
    arguments: dict[str, Any] = {}
    for name in fields:
        text = post.get(name, "").strip()
        if name == "documents":
            arguments[name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif name == "new_due":
            arguments[name] = _local_datetime(text, errors)
        else:
            arguments[name] = text
    return arguments


def _local_datetime(text: str, errors: dict[str, list[str]]) -> datetime | None:
    """A `datetime-local` value read in Asia/Ho_Chi_Minh (invariant 3)."""
    if not text:
        return None
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        errors["new_due"] = ["Thời điểm không hợp lệ (ngày/tháng/năm giờ:phút)."]
        return None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=TZ)
