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
from django.utils import timezone

from motcua.catalog.eforms import field_errors, resolve
from motcua.core.dates import date_text, iso_text, parse_date
from motcua.workcal.deadlines import TZ

from ..actions import MAX_COUNT, Applicant

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
    """One field or group of the e-form, with what was entered and its errors.

    A list of objects (the documents of a certified copy, each with its pages and copies)
    is a "rows" node whose children are one "group" node per row ("documents.0", ...);
    `add_name` is the value of the button that asks for one more row.
    """

    name: str  # dotted path inside the application data, e.g. "child.full_name"
    label: str
    widget: str  # "group", "rows", "text", "date", "number", "checkbox", "select", "lines"
    required: bool = False
    value: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    description: str = ""
    errors: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    add_name: str = ""

    @property
    def input_name(self) -> str:
        return DATA_PREFIX + self.name

    @property
    def input_id(self) -> str:
        return "f-" + self.name.replace(".", "-")

    @property
    def input_type(self) -> str:
        # Dates are text typed dd/mm/yyyy (core.dates), whatever the browser's locale.
        return {"number": "number"}.get(self.widget, "text")


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


def _widget(schema: Mapping[str, Any], root: Mapping[str, Any]) -> str:
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
        items = schema.get("items")
        if isinstance(items, Mapping) and resolve(items, root).get("type") == "object":
            return "rows"
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
    if widget == "date":
        return date_text(str(value))
    return str(value)


def _row_count(values: Mapping[str, str], name: str, prop: Mapping[str, Any], add: int) -> int:
    """Rows of a list to show: those with anything entered, at least `minItems` (or one),
    plus `add` asked for with the "add a row" button, never past `maxItems`."""
    prefix = name + "."
    indices = {
        int(key[len(prefix) :].split(".", 1)[0])
        for key in values
        if key.startswith(prefix) and key[len(prefix) :].split(".", 1)[0].isdigit()
    }
    least = int(prop.get("minItems", 1))
    shown = max(max(indices) + 1 if indices else 0, least) + add
    return min(shown, int(prop.get("maxItems", shown)))


def eform_nodes(
    schema: Mapping[str, Any],
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, list[str]] | None = None,
    add_row: str = "",
    hidden: frozenset[str] = frozenset(),
) -> list[Node]:
    """The e-form as a tree of nodes, filled with `values` (dotted name → text) and `errors`.

    `add_row` names a list that gets one more empty row; fields named in `hidden` (dotted)
    are not shown, because the page fills them itself (the applicant entered once).
    """
    values = values or {}
    errors = errors or {}

    def node_for(prop: Mapping[str, Any], name: str, label: str, required: bool) -> Node:
        widget = _widget(prop, schema)
        node = Node(
            name=name,
            label=label,
            widget=widget,
            required=required,
            description=str(prop.get("description", "")),
            options=_options(prop) or [],
            value=values.get(name, _value_text(prop.get("default"), widget)),
            errors=list(errors.get(name, [])),
        )
        if widget == "group":
            node.children = build(prop, name + ".")
        elif widget == "rows":
            items = resolve(prop["items"], schema)
            count = _row_count(values, name, prop, 1 if add_row == name else 0)
            node.children = [
                Node(
                    name=f"{name}.{index}",
                    label=f"{items.get('title') or 'Mục'} {index + 1}",
                    widget="group",
                    required=True,
                    errors=list(errors.get(f"{name}.{index}", [])),
                    children=build(items, f"{name}.{index}."),
                )
                for index in range(count)
            ]
            node.add_name = name if count < int(prop.get("maxItems", count + 1)) else ""
        return node

    def build(props_schema: Mapping[str, Any], prefix: str) -> list[Node]:
        required = set(props_schema.get("required", []))
        nodes = []
        for key, raw in (props_schema.get("properties") or {}).items():
            name = f"{prefix}{key}"
            if name in hidden:
                continue
            prop = resolve(raw, schema)
            node = node_for(prop, name, str(prop.get("title") or key), key in required)
            if node.widget == "group" and not node.children:
                continue  # a group whose every field the page fills itself
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
    they parse (otherwise the text stays, and the schema says what is wrong), dates typed
    dd/mm/yyyy become ISO dates, a group with nothing entered is left out entirely, and so
    is a row of a list with nothing entered.
    """

    def build(props_schema: Mapping[str, Any], prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, raw in (props_schema.get("properties") or {}).items():
            prop = resolve(raw, schema)
            name = f"{prefix}{key}"
            widget = _widget(prop, schema)
            if widget == "group":
                child = build(prop, name + ".")
                if child:
                    out[key] = child
                continue
            if widget == "rows":
                items = resolve(prop["items"], schema)
                count = _row_count(values, name, {"minItems": 0}, 0)
                rows = [build(items, f"{name}.{index}.") for index in range(count)]
                if any(rows):
                    out[key] = [row for row in rows if row]
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
            elif widget == "date":
                out[key] = iso_text(text)
            else:
                out[key] = text
        return out

    return build(schema, "")


def eform_text_values(schema: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, str]:
    """Saved application data as the form's text values (the reverse of `eform_data`):
    dotted names, rows of a list by index, dates as dd/mm/yyyy."""
    out: dict[str, str] = {}

    def walk(props_schema: Mapping[str, Any], values: Mapping[str, Any], prefix: str) -> None:
        properties = props_schema.get("properties") or {}
        for key, value in values.items():
            prop = resolve(properties.get(key, {}), schema)
            name = f"{prefix}{key}"
            widget = _widget(prop, schema)
            if widget == "group" and isinstance(value, Mapping):
                walk(prop, value, name + ".")
            elif widget == "rows" and isinstance(value, list):
                items = resolve(prop["items"], schema)
                for index, row in enumerate(value):
                    if isinstance(row, Mapping):
                        walk(items, row, f"{name}.{index}.")
            else:
                out[name] = _value_text(value, widget)

    walk(schema, data or {}, "")
    return out


def _number(text: str, prop: Mapping[str, Any]) -> Any:
    try:
        if prop.get("type") == "integer":
            return int(text)
        return float(text.replace(",", "."))
    except ValueError:
        return text


def eform_errors(schema: Mapping[str, Any], data: Any) -> dict[str, list[str]]:
    """Vietnamese problems of the data against the e-form, by dotted field name, once each
    and next to the field (`catalog.eforms.field_errors`: the required fields of a group
    are named one by one; a date in the future and a parent younger than the child too)."""
    return field_errors(schema, data)


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
            prop = resolve(properties.get(key, {}), schema)
            label = str(prop.get("title") or key)
            if isinstance(value, Mapping):
                rows.append((depth, label, ""))
                walk(prop, value, depth + 1)
                continue
            if isinstance(value, list) and value and isinstance(value[0], Mapping):
                rows.append((depth, label, ""))
                items = resolve(prop.get("items") or {}, schema)
                for index, row in enumerate(value, start=1):
                    rows.append((depth + 1, f"{items.get('title') or 'Mục'} {index}", ""))
                    walk(items, row, depth + 2)
                continue
            options = dict(_options(prop) or [])
            if isinstance(value, bool):
                shown = "Có" if value else "Không"
            elif isinstance(value, list):
                shown = "; ".join(str(item) for item in value)
            elif prop.get("format") == "date" and isinstance(value, str):
                shown = date_text(value)
            else:
                shown = options.get(str(value), str(value))
            rows.append((depth, label, shown))

    walk(schema, data, 0)
    return rows


# --- counter intake ---------------------------------------------------------------------


# The e-form's requester group ("Người yêu cầu") repeats who submits the dossier: each of its
# fields that the intake's applicant already holds is filled from there, so the applicant
# is typed once (e-form field → applicant field).
REQUESTER = "applicant"
REQUESTER_FROM_APPLICANT = {
    "full_name": "full_name",
    "id_number": "id_number",
    "residence": "address",
    "phone": "phone",
    "email": "email",
}


def requester_fields(schema: Mapping[str, Any]) -> dict[str, str]:
    """The e-form's requester fields the applicant fills: dotted e-form name → applicant
    field name ("applicant.residence" → "address")."""
    group = resolve((schema.get("properties") or {}).get(REQUESTER, {}), schema)
    present = group.get("properties") or {}
    return {
        f"{REQUESTER}.{key}": source
        for key, source in REQUESTER_FROM_APPLICANT.items()
        if key in present
    }


def with_requester(
    schema: Mapping[str, Any], data: Mapping[str, Any], applicant: Mapping[str, str]
) -> dict[str, Any]:
    """The application data with its requester fields filled from the applicant."""
    filled = dict(data)
    group = dict(filled.get(REQUESTER) or {})
    for name, source in requester_fields(schema).items():
        value = (applicant.get(source) or "").strip()
        if value:
            group[name.split(".", 1)[1]] = value
    if group:
        filled[REQUESTER] = group
    return filled


def requester_errors(
    schema: Mapping[str, Any], problems: Mapping[str, list[str]]
) -> dict[str, list[str]]:
    """E-form problems by page key: a requester field's problem goes to the applicant field
    that filled it ("applicant.address"), every other one under "data.<name>"."""
    fields = requester_fields(schema)
    out: dict[str, list[str]] = {}
    for name, messages in problems.items():
        key = f"applicant.{fields[name]}" if name in fields else DATA_PREFIX + name
        for message in messages:
            if message not in out.setdefault(key, []):
                out[key].append(message)
    return out


def applicant_values(post: QueryDict) -> dict[str, str]:
    """The applicant fields as entered (text), by field name."""
    return {name: post.get(f"applicant_{name}", "").strip() for name, *_ in APPLICANT_FIELDS}


def applicant_from(values: Mapping[str, str], errors: dict[str, list[str]]) -> Applicant:
    """The `Applicant` of the entered values; an unreadable date goes into `errors`."""
    born: date | None = None
    try:
        born = parse_date(values.get("date_of_birth"))
    except ValueError as error:
        errors["applicant.date_of_birth"] = [str(error)]
    else:
        if born is not None and born > timezone.localdate():
            errors["applicant.date_of_birth"] = ["Ngày sinh không được sau hôm nay."]
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
    "collector_name": "Họ tên người nhận kết quả",
    "collector_id_number": "Số định danh cá nhân của người nhận",
    "tracking_number": "Mã vận đơn bưu chính",
}
# Where one field means something else in one action (action, field) → label, hint.
ACTION_FIELD_LABELS = {
    ("supplement", "documents"): "Giấy tờ đã nhận bổ sung (mỗi dòng một giấy tờ)",
    ("supplement", "note"): "Ghi chú",
    ("request-supplement", "reason"): "Lý do yêu cầu bổ sung",
    ("request-supplement", "repeat_reason"): "Lý do phải yêu cầu bổ sung lần nữa",
}
FIELD_HINTS = {
    ("request-supplement", "documents"): (
        "Liệt kê đầy đủ mọi giấy tờ, thông tin cần bổ sung trong một lần (Nghị định "
        "118/2025/NĐ-CP)."
    ),
    ("request-supplement", "repeat_reason"): (
        "Hồ sơ đã được yêu cầu bổ sung một lần: yêu cầu lần nữa phải nêu lý do và hồ sơ sẽ "
        "bị tính là quá hạn (Quyết định 766/QĐ-TTg)."
    ),
}
# Typed on one line (an `<input>`, not a text area) on the dossier page's action forms.
LINE_FIELDS = frozenset({"collector_name", "collector_id_number", "tracking_number"})
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
    """A time typed as "dd/mm/yyyy HH:MM" (or ISO), read in Asia/Ho_Chi_Minh (invariant 3):
    the page never depends on the browser's locale for it."""
    if not text:
        return None
    naive = None
    for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%d/%m/%Y"):
        try:
            naive = datetime.strptime(" ".join(text.split()), pattern)  # noqa: DTZ007 (TZ below)
        except ValueError:
            continue
        if pattern == "%d/%m/%Y":  # a day alone: the end of that working day
            naive = naive.replace(hour=17)
        break
    if naive is None:
        try:
            naive = datetime.fromisoformat(text)
        except ValueError:
            errors["new_due"] = [
                "Hạn trả kết quả mới: nhập ngày/tháng/năm giờ:phút, ví dụ 15/12/2026 16:30."
            ]
            return None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=TZ)
