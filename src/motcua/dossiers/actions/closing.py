"""How a dossier's course ends, as lifecycle actions (invariants 1, 3, 5, 6): `extend`
(apology and a new due time, once, before the due time), `stop` (→ 8), `withdraw` (→ 7) and
`return_result` (the counter hands over the result, status 10), with the collector's record
(`collection_text`). They run like every lifecycle action (`acting`, `lifecycle`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from motcua.core.idnumber import InvalidIdNumber, mask_id_number, parse_id_number
from motcua.workcal.deadlines import TZ

from ..choices import Channel, State
from ..models import Dossier
from .acting import begin, commit, conflict, end_steps, iso, text_field
from .errors import DossierInvalidError


def _parse_due(value: datetime | str | None) -> datetime:
    message = "Hạn mới phải là thời điểm có múi giờ, ví dụ 2025-12-01T17:00:00+07:00."
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise DossierInvalidError(message, {"new_due": [message]}) from None
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise DossierInvalidError(message, {"new_due": [message]})
    return value


@transaction.atomic
def extend(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    reason: str,
    new_due: datetime | str | None,
    expected_version: int | None = None,
) -> Dossier:
    """Apologise and set a new due time (xin lỗi và gia hạn, form 04): once, before the due time.

    The old due time is kept in `original_due_at`; the event carries both for form 04.
    """
    locked = begin("extend", dossier, actor, expected_version)
    clean_reason = text_field(reason, "reason", "lý do xin lỗi, gia hạn", required=True)
    due = _parse_due(new_due)
    if locked.due_at is None:  # the guard refuses it already; kept for the type checker
        raise conflict(locked, "Hồ sơ không có hạn giải quyết để gia hạn.")
    if due <= locked.due_at:
        message = (
            f"Hạn mới phải sau hạn hiện tại ({locked.due_at.astimezone(TZ):%H:%M ngày %d/%m/%Y})."
        )
        raise DossierInvalidError(message, {"new_due": [message]})
    now = timezone.now()
    old_due = locked.due_at
    locked.original_due_at = old_due
    locked.due_at = due
    locked.extended_at = now
    locked.extension_reason = clean_reason
    return commit(
        dossier,
        locked,
        actor=actor,
        action="extend",
        state=locked.state,
        fields=["original_due_at", "due_at", "extended_at", "extension_reason"],
        payload={
            "reason": clean_reason,
            "old_due_at": old_due.isoformat(),
            "new_due_at": iso(due),
        },
        at=now,
    )


def _close(
    action: str,
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    state: str,
    reason: str,
    reason_label: str,
    required: bool,
    expected_version: int | None,
) -> Dossier:
    """End processing without a result (stop, withdraw), keeping the stated reason."""
    locked = begin(action, dossier, actor, expected_version)
    clean_reason = text_field(reason, "reason", reason_label, required=required)
    locked.closing_reason = clean_reason
    end_steps(locked)
    return commit(
        dossier,
        locked,
        actor=actor,
        action=action,
        state=state,
        fields=["closing_reason"],
        payload={"reason": clean_reason},
        at=timezone.now(),
    )


@transaction.atomic
def stop(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    reason: str,
    expected_version: int | None = None,
) -> Dossier:
    """The leader stops processing, with a reason (dừng giải quyết, form 05): status 8."""
    return _close(
        "stop",
        dossier,
        actor=actor,
        state=State.STOPPED,
        reason=reason,
        reason_label="lý do dừng giải quyết",
        required=True,
        expected_version=expected_version,
    )


@transaction.atomic
def withdraw(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    reason: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The counter records the applicant's request to withdraw (rút hồ sơ): status 7.

    Not after the result is ready (status 9) or returned (10), nor once otherwise ended.
    """
    return _close(
        "withdraw",
        dossier,
        actor=actor,
        state=State.WITHDRAWN,
        reason=reason,
        reason_label="lý do rút hồ sơ",
        required=False,
        expected_version=expected_version,
    )


def _collection(
    dossier: Dossier, collector_name: str, collector_id_number: str, tracking_number: str
) -> dict[str, Any]:
    """Who took the result, as the event records it: the person at the counter (name and
    ID number, checked) or, for a dossier returned by post (channel 3), the parcel's tracking
    number (mã vận đơn). 422 naming the field when missing or wrong."""
    if dossier.channel == Channel.POSTAL:
        number = text_field(
            tracking_number, "tracking_number", "mã vận đơn bưu chính", required=True
        )
        if len(number) > 50:
            raise DossierInvalidError(
                "Mã vận đơn bưu chính quá dài.", {"tracking_number": ["Tối đa 50 ký tự."]}
            )
        return {"tracking_number": number}
    name = " ".join(
        text_field(
            collector_name, "collector_name", "họ tên người nhận kết quả", required=True
        ).split()
    )[:200]
    id_number = text_field(
        collector_id_number, "collector_id_number", "số định danh của người nhận", required=True
    )
    try:
        parse_id_number(id_number)
    except InvalidIdNumber as error:
        message = f"Số định danh của người nhận: {error}"
        raise DossierInvalidError(message, {"collector_id_number": [str(error)]}) from None
    return {"collector": {"name": name, "id_number": id_number}}


def collection_text(payload: dict[str, Any]) -> str:
    """Who collected the result, from a return event: "Người nhận: … (số định danh …)" or the
    postal tracking number; "" for any other event. The ID number is masked (invariant 8)."""
    collector = payload.get("collector") or {}
    if collector:
        masked = mask_id_number(str(collector.get("id_number", "")))
        return f"Người nhận: {collector.get('name', '')} (số định danh {masked})"
    if payload.get("tracking_number"):
        return f"Gửi qua bưu chính, mã vận đơn {payload['tracking_number']}"
    return ""


@transaction.atomic
def return_result(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    collector_name: str = "",
    collector_id_number: str = "",
    tracking_number: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The counter hands the result to the applicant (trả kết quả): status 10.

    Records who collected it (name and ID number, `core.idnumber`) or, for a dossier
    returned by post (channel 3), the postal tracking number, in the event (invariant 1):
    the timeline and the tracking book's signature column show it.
    """
    locked = begin("return", dossier, actor, expected_version)
    collection = _collection(locked, collector_name, collector_id_number, tracking_number)
    now = timezone.now()
    locked.returned_at = now
    end_steps(locked)
    locked.current_step = len(locked.snapshot.get("steps") or [])
    return commit(
        dossier,
        locked,
        actor=actor,
        action="return",
        state=State.RETURNED,
        fields=["returned_at"],
        payload={"returned_at": now.isoformat(), **collection},
        at=now,
    )
