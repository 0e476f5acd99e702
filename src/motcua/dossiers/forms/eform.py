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
from typing import Any

from django.http import QueryDict

from motcua.catalog.eforms import field_errors, resolve
from motcua.core.dates import date_text, iso_text

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
