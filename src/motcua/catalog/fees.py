"""Fee schedules (phí, lệ phí) of a procedure version and the amount a dossier owes.

A schedule is JSON on `ProcedureVersion.fee_schedule`, checked against `FEE_SCHEDULE_SCHEMA`:

    {"kind": "per_page", "pages": [{"from_page": 1, "to_page": 2, "amount": 2000},
                                   {"from_page": 3, "to_page": null, "amount": 1000}],
     "cap": 200000, "exemptions": [], "note": "...", "source": "...", "unverified": false}

Amounts are whole VND. A dossier copies the schedule into its snapshot at receipt
(invariant 2) and calls `compute_fee` on that copy, so a later catalog edit never changes
what a received dossier owes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator

from motcua.core.money import format_vnd  # re-exported: catalog.fees.format_vnd

from .choices import Channel, FeeKind

ON_TIME_EXEMPTION = "on_time"

_AMOUNT = {"type": "integer", "minimum": 0}

FEE_SCHEDULE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Biểu phí, lệ phí của thủ tục",
    "type": "object",
    "required": ["kind"],
    "additionalProperties": False,
    "properties": {
        "kind": {"enum": list(FeeKind.values)},
        "amount": _AMOUNT,
        "online_amount": _AMOUNT,
        "pages": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["from_page", "to_page", "amount"],
                "additionalProperties": False,
                "properties": {
                    "from_page": {"type": "integer", "minimum": 1},
                    "to_page": {"type": ["integer", "null"], "minimum": 1},
                    "amount": _AMOUNT,
                },
            },
        },
        "cap": _AMOUNT,
        # Where the e-form data holds what the fee counts (dotted paths): `rows`, a list of
        # documents each with its own `pages` and `copies`; else `pages` and `copies` of
        # the whole dossier.
        "basis": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "rows": {"type": "string", "minLength": 1},
                "pages": {"type": "string", "minLength": 1},
                "copies": {"type": "string", "minLength": 1},
            },
        },
        "exemptions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "condition"],
                "additionalProperties": False,
                "properties": {
                    "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                    "condition": {"type": "string", "minLength": 1},
                    "source": {"type": "string"},
                    # on_time only: registered within `within_days` of the e-form's date
                    # field `since` (dotted: "child.date_of_birth").
                    "since": {"type": "string", "minLength": 1},
                    "within_days": {"type": "integer", "minimum": 0},
                },
            },
        },
        "note": {"type": "string"},
        "source": {"type": "string"},
        "unverified": {"type": "boolean"},
    },
    "allOf": [
        {
            "if": {"properties": {"kind": {"enum": ["flat", "per_copy"]}}},
            "then": {"required": ["amount"], "not": {"required": ["pages"]}},
        },
        {
            "if": {"properties": {"kind": {"const": "per_page"}}},
            "then": {"required": ["pages"], "not": {"required": ["amount"]}},
        },
        {
            "if": {"properties": {"kind": {"enum": ["free", "provincial_rate", "not_stated"]}}},
            "then": {
                "not": {
                    "anyOf": [
                        {"required": ["amount"]},
                        {"required": ["online_amount"]},
                        {"required": ["pages"]},
                        {"required": ["cap"]},
                    ]
                }
            },
        },
    ],
}

_VALIDATOR = Draft202012Validator(FEE_SCHEDULE_SCHEMA)


class FeeScheduleError(ValueError):
    """A fee schedule that does not follow `FEE_SCHEDULE_SCHEMA` or its tier rules."""


class FeeNotStatedError(ValueError):
    """The catalog holds no amount (provincial rate not loaded, or no source): the counter
    must enter the amount the province's resolution sets; the system never guesses it."""


def fee_schedule_errors(schedule: Any) -> list[str]:
    """Every problem of a schedule, in Vietnamese; empty when it is valid."""
    errors = [
        f"Biểu phí không hợp lệ ({'/'.join(str(p) for p in error.absolute_path) or 'gốc'}): "
        f"{error.message}"
        for error in _VALIDATOR.iter_errors(schedule)
    ]
    if errors:
        return errors
    tiers = schedule.get("pages") or []
    expected = 1
    for index, tier in enumerate(tiers):
        if tier["from_page"] != expected:
            errors.append(f"Biểu phí theo trang: bậc {index + 1} phải bắt đầu từ trang {expected}.")
            break
        last = index == len(tiers) - 1
        if tier["to_page"] is None:
            if not last:
                errors.append("Biểu phí theo trang: chỉ bậc cuối được để trống trang cuối.")
            break
        if tier["to_page"] < tier["from_page"]:
            errors.append(f"Biểu phí theo trang: bậc {index + 1} có trang cuối nhỏ hơn trang đầu.")
            break
        expected = tier["to_page"] + 1
    else:
        if tiers:
            errors.append(
                "Biểu phí theo trang: bậc cuối phải để trống trang cuối (không giới hạn)."
            )
    return errors


def _schema_at(schema: Mapping[str, Any], path: str) -> Mapping[str, Any] | None:
    """The e-form schema of the field at a dotted path ("child.date_of_birth"), or None."""
    node: Any = schema
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return None
        if node.get("type") == "array":
            node = node.get("items") or {}
        node = (node.get("properties") or {}).get(part)
        if node is None:
            return None
    return node if isinstance(node, Mapping) else None


def fee_paths_errors(schedule: Mapping[str, Any], form_schema: Mapping[str, Any]) -> list[str]:
    """The fee schedule's e-form paths (`basis`, an exemption's `since`) that the procedure's
    form does not have: a fee counted from a field nobody can fill is silently wrong."""
    errors = []
    basis = schedule.get("basis") or {}
    rows = basis.get("rows")
    row_schema: Mapping[str, Any] | None = None
    if rows:
        row_schema = _schema_at(form_schema, rows)
        if row_schema is None or row_schema.get("type") != "array":
            errors.append(f"Biểu phí: biểu mẫu không có danh sách '{rows}' (basis.rows).")
            row_schema = None
    for key in ("pages", "copies"):
        path = basis.get(key)
        if not path:
            continue
        if rows:
            found = _schema_at(row_schema, path) if row_schema is not None else {}
        else:
            found = _schema_at(form_schema, path)
        if found is None:
            errors.append(f"Biểu phí: biểu mẫu không có trường '{path}' (basis.{key}).")
    for exemption in schedule.get("exemptions") or []:
        since = exemption.get("since")
        if since and _schema_at(form_schema, since) is None:
            errors.append(
                f"Biểu phí: biểu mẫu không có trường ngày '{since}' (miễn '{exemption['code']}')."
            )
    return errors


def check_fee_schedule(schedule: Any) -> None:
    """Raise `FeeScheduleError` listing every problem of a schedule."""
    errors = fee_schedule_errors(schedule)
    if errors:
        raise FeeScheduleError(" ".join(errors))


def _page_fee(tiers: list[Mapping[str, Any]], pages: int) -> int:
    total = 0
    for tier in tiers:
        last = pages if tier["to_page"] is None else min(tier["to_page"], pages)
        count = last - tier["from_page"] + 1
        if count > 0:
            total += count * tier["amount"]
    return total


def compute_fee(
    schedule: Mapping[str, Any],
    *,
    copies: int = 1,
    pages: int = 0,
    channel: str = Channel.IN_PERSON,
    on_time: bool = True,
    exemptions: Collection[str] = (),
) -> int:
    """The amount in VND a dossier owes under `schedule`.

    copies    number of copies (bản) requested; per-copy and per-page fees multiply by it.
    pages     pages of one copy, for per-page fees; the cap applies to each copy.
    channel   `online` uses `online_amount` where the schedule has one.
    on_time   an `on_time` exemption (e.g. birth registration within 60 days) applies.
    exemptions codes of further exemptions the official has confirmed for this applicant.

    Raises `FeeNotStatedError` when the catalog has no amount, `ValueError` on bad counts.
    """
    if copies < 1:
        raise ValueError("Số bản phải từ 1 trở lên.")
    if pages < 0:
        raise ValueError("Số trang không được âm.")
    applicable = set(exemptions) | ({ON_TIME_EXEMPTION} if on_time else set())
    if any(exemption["code"] in applicable for exemption in schedule.get("exemptions", [])):
        return 0
    kind = schedule["kind"]
    if kind == FeeKind.FREE:
        return 0
    if kind in {FeeKind.PROVINCIAL_RATE, FeeKind.NOT_STATED}:
        raise FeeNotStatedError(
            "Danh mục chưa có mức thu cho thủ tục này"
            + (" (theo mức do tỉnh quy định)" if kind == FeeKind.PROVINCIAL_RATE else "")
            + ": cán bộ nhập mức thu theo văn bản hiện hành."
        )
    if kind == FeeKind.PER_PAGE:
        if pages < 1:
            raise ValueError("Phí tính theo trang: số trang phải từ 1 trở lên.")
        per_copy = _page_fee(schedule["pages"], pages)
        if "cap" in schedule:
            per_copy = min(per_copy, schedule["cap"])
        return per_copy * copies
    amount = schedule["amount"]
    if channel == Channel.ONLINE and "online_amount" in schedule:
        amount = schedule["online_amount"]
    if kind == FeeKind.PER_COPY:
        return amount * copies
    return int(amount)


def describe_fee(schedule: Mapping[str, Any]) -> str:
    """A short Vietnamese summary of a schedule, for lists and receipts."""
    kind = schedule["kind"]
    if kind == FeeKind.FREE:
        text = "Miễn phí"
    elif kind == FeeKind.PROVINCIAL_RATE:
        text = "Theo mức thu do Hội đồng nhân dân tỉnh quy định"
    elif kind == FeeKind.NOT_STATED:
        text = "Chưa có thông tin về phí, lệ phí"
    elif kind == FeeKind.PER_PAGE:
        parts = []
        for tier in schedule["pages"]:
            pages = (
                f"trang {tier['from_page']}-{tier['to_page']}"
                if tier["to_page"] is not None
                else f"từ trang {tier['from_page']}"
            )
            parts.append(f"{format_vnd(tier['amount'])}/trang ({pages})")
        text = "; ".join(parts)
        if "cap" in schedule:
            text += f"; tối đa {format_vnd(schedule['cap'])}/bản"
    else:
        text = format_vnd(schedule["amount"]) + ("/bản" if kind == FeeKind.PER_COPY else "")
        if "online_amount" in schedule:
            text += f" (trực tuyến: {format_vnd(schedule['online_amount'])})"
    exemptions = [exemption["condition"] for exemption in schedule.get("exemptions", [])]
    return "; ".join([text, *exemptions])


@dataclass(frozen=True)
class FeeAssessment:
    """What a dossier owes under its schedule and its own data, shown before submitting and
    printed on the receipt: `amount` None when the catalog holds no amount (the counter
    enters it), `lines` how it was counted ("Bảng điểm: 4 trang × 2 bản = 12.000 đồng"),
    `note` why there is no amount or why it is nothing."""

    amount: int | None
    lines: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def text(self) -> str:
        """One line for the receipt and the dossier (`Dossier.fee_note`)."""
        return "; ".join([*self.lines, *([self.note] if self.note else [])])[:300]


def _at(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _count(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def registered_on_time(
    schedule: Mapping[str, Any], data: Mapping[str, Any], received_on: date
) -> tuple[bool, str]:
    """Whether the `on_time` exemption's period holds (birth within 60 days of the birth
    date), and the reason when it does not. A schedule without a period, or data without
    the date, counts as on time: the e-form's own check asks for the date."""
    for exemption in schedule.get("exemptions", []):
        if exemption["code"] != ON_TIME_EXEMPTION or "since" not in exemption:
            continue
        try:
            since = date.fromisoformat(str(_at(data, exemption["since"])))
        except ValueError:
            continue
        days = (received_on - since).days
        limit = int(exemption.get("within_days", 0))
        if days > limit:
            return False, f"Quá hạn đăng ký ({days} ngày, hạn {limit} ngày): không được miễn."
    return True, ""


def assess_fee(
    schedule: Mapping[str, Any],
    data: Mapping[str, Any],
    *,
    channel: str = Channel.IN_PERSON,
    received_on: date,
) -> FeeAssessment:
    """The fee of one dossier from its e-form data (`basis` of the schedule): pages and
    copies per document, copies of an extract, the on-time condition of a registration
    with a legal period. Never raises for missing data: the e-form's check names it."""
    on_time, late = registered_on_time(schedule, data, received_on)
    basis = schedule.get("basis") or {}
    try:
        if schedule["kind"] == FeeKind.PER_PAGE and basis.get("rows"):
            rows = _at(data, basis["rows"])
            rows = (
                [row for row in rows if isinstance(row, Mapping)] if isinstance(rows, list) else []
            )
            total, lines = 0, []
            for index, row in enumerate(rows, start=1):
                pages = _count(row.get(basis.get("pages", "pages")), 0)
                copies = _count(row.get(basis.get("copies", "copies")), 1)
                if pages < 1 or copies < 1:
                    continue
                amount = compute_fee(
                    schedule, pages=pages, copies=copies, channel=channel, on_time=on_time
                )
                title = str(row.get("title") or f"Giấy tờ {index}")[:60]
                lines.append(f"{title}: {pages} trang × {copies} bản = {format_vnd(amount)}")
                total += amount
            if not lines:
                return FeeAssessment(None, note="Chưa đủ số trang, số bản để tính phí.")
            return FeeAssessment(total, lines)
        pages = _count(_at(data, basis["pages"]), 0) if basis.get("pages") else 0
        copies = _count(_at(data, basis["copies"]), 1) if basis.get("copies") else 1
        if schedule["kind"] == FeeKind.PER_PAGE and pages < 1:
            return FeeAssessment(None, note="Chưa có số trang để tính phí.")
        amount = compute_fee(
            schedule, pages=pages, copies=max(copies, 1), channel=channel, on_time=on_time
        )
    except FeeNotStatedError as error:
        return FeeAssessment(None, note=" ".join(filter(None, [late, str(error)])))
    except ValueError as error:
        return FeeAssessment(None, note=str(error))
    lines = []
    if schedule["kind"] == FeeKind.PER_COPY and basis.get("copies"):
        lines.append(f"{copies} bản × {format_vnd(amount // max(copies, 1))}")
    if amount == 0 and schedule["kind"] != FeeKind.FREE:
        exempt = next(
            (
                e["condition"]
                for e in schedule.get("exemptions", [])
                if e["code"] == ON_TIME_EXEMPTION
            ),
            "",
        )
        return FeeAssessment(0, lines, exempt)
    return FeeAssessment(amount, lines, late)
