"""The small per-action forms of the dossier page: labels, hints and widgets of the
lifecycle actions' fields, and their posted values read as the action's arguments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import QueryDict

from motcua.workcal.deadlines import TZ

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
