"""The lifecycle of a dossier after receipt, as actions (invariants 1, 5, 6).

The happy path: `transfer` (counter or leader → a specialist, status 4) → `appraise` (the
assigned specialist proposes, state awaiting_approval) → `approve` (the leader, status 9) →
`return_result` (the counter, status 10); `send_back` returns an awaiting dossier to its
specialist.

Each action runs in one transaction: it locks the dossier row (`select_for_update`, so two
concurrent actions serialise and exactly one wins), checks scope (404 outside it, like an
absent dossier), the actor's role in the dossier's unit (403), the optional
`expected_version` (409 when stale) and the current state (409), then changes the dossier,
bumps `version` and appends a hash-chained event. The passed `dossier` is refreshed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.models import Position
from motcua.accounts.queries import scope_unit_codes
from motcua.workcal.deadlines import TZ

from .actions import (
    DossierConflictError,
    DossierError,
    DossierInvalidError,
    DossierPermissionError,
)
from .choices import STATUS_OF_STATE, Proposal, State, Status, Timeliness
from .events import append_event
from .models import Dossier, DossierEvent

MAX_TEXT = 2000
# States in which a specialist holds the dossier (in_review is the older name).
PROCESSING_STATES = frozenset({State.PROCESSING, State.IN_REVIEW})


class DossierNotFoundError(DossierError):
    """The dossier is outside the actor's scope (404: it looks the same as absent)."""

    status = 404


def _holds_role(user: AbstractBaseUser, unit_code: str, *roles: str) -> bool:
    """True if the user has an active position with one of `roles` in this unit."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Position.objects.filter(
        official__user_id=user.pk, unit_id=unit_code, role__in=roles, is_active=True
    ).exists()


def _lock(dossier: Dossier, *, actor: AbstractBaseUser) -> Dossier:
    """The dossier row, locked for this transaction, after the scope check (404)."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.unit_id not in scope_unit_codes(actor):
        raise DossierNotFoundError(f"Không tìm thấy hồ sơ mã {locked.code}.")
    return locked


def _check_version(locked: Dossier, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != locked.version:
        raise DossierConflictError(
            f"Hồ sơ {locked.code} vừa được người khác cập nhật (phiên bản hiện tại "
            f"{locked.version}, bạn gửi phiên bản {expected_version}); hãy tải lại và thử lại."
        )


def _require_role(locked: Dossier, actor: AbstractBaseUser, message: str, *roles: str) -> None:
    if not _holds_role(actor, locked.unit_id, *roles):
        raise DossierPermissionError(message)


def _require_state(locked: Dossier, states: frozenset[str] | set[str], message: str) -> None:
    if locked.state not in states:
        raise DossierConflictError(
            f"{message} Hồ sơ {locked.code} đang ở tình trạng “{locked.get_state_display()}”."
        )


def _commit(
    dossier: Dossier,
    locked: Dossier,
    *,
    actor: AbstractBaseUser,
    action: str,
    state: str,
    fields: list[str],
    payload: dict[str, Any],
    at: datetime,
) -> Dossier:
    """Move the locked dossier to `state`, bump its version, log the event, refresh `dossier`."""
    before = {"status": locked.status, "state": locked.state}
    locked.state = state
    locked.status = STATUS_OF_STATE[state]
    locked.version += 1
    locked.save(update_fields=[*fields, "state", "status", "version", "updated_at"])
    append_event(
        locked,
        action=action,
        actor=actor,
        at=at,
        payload={
            **payload,
            "from": before,
            "status": locked.status,
            "state": locked.state,
            "version": locked.version,
        },
    )
    dossier.refresh_from_db()
    return dossier


def _text(value: str | None, field: str, label: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DossierInvalidError(f"Thiếu {label}.", {field: [f"Cần nhập {label}."]})
    if len(text) > MAX_TEXT:
        raise DossierInvalidError(
            f"{label.capitalize()} quá dài.", {field: [f"Tối đa {MAX_TEXT} ký tự."]}
        )
    return text


@transaction.atomic
def transfer(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    assignee_username: str,
    expected_version: int | None = None,
) -> Dossier:
    """Hand a received dossier to a specialist of its unit (chuyển xử lý): status 4."""
    locked = _lock(dossier, actor=actor)
    _require_role(
        locked,
        actor,
        "Chỉ cán bộ một cửa hoặc lãnh đạo của đơn vị giải quyết mới được chuyển xử lý hồ sơ.",
        Role.COUNTER,
        Role.LEADER,
    )
    _check_version(locked, expected_version)
    _require_state(locked, {State.RECEIVED}, "Chỉ chuyển xử lý hồ sơ vừa tiếp nhận.")
    username = (assignee_username or "").strip()
    assignee = (
        get_user_model().objects.filter(username=username, is_active=True).first()
        if username
        else None
    )
    if assignee is None or not _holds_role(assignee, locked.unit_id, Role.SPECIALIST):
        message = (
            f"'{username}' không phải chuyên viên thụ lý đang công tác tại đơn vị giải quyết."
            if username
            else "Cần chọn chuyên viên thụ lý."
        )
        raise DossierInvalidError(message, {"assignee": [message]})
    locked.assignee = assignee
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="transfer",
        state=State.PROCESSING,
        fields=["assignee"],
        payload={"assignee": assignee.get_username()},
        at=timezone.now(),
    )


@transaction.atomic
def appraise(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    proposal: str,
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The assigned specialist proposes approve or refuse (thẩm định): awaiting approval."""
    locked = _lock(dossier, actor=actor)
    if locked.assignee_id != actor.pk or not _holds_role(actor, locked.unit_id, Role.SPECIALIST):
        raise DossierPermissionError("Chỉ chuyên viên được giao thụ lý hồ sơ mới được thẩm định.")
    _check_version(locked, expected_version)
    if locked.status != Status.PROCESSING:
        raise DossierConflictError(f"Hồ sơ {locked.code} không ở trạng thái đang xử lý.")
    _require_state(locked, PROCESSING_STATES, "Hồ sơ đã được thẩm định, đang chờ phê duyệt.")
    if proposal not in Proposal.values:
        message = "Đề xuất phải là 'approve' (giải quyết) hoặc 'refuse' (từ chối)."
        raise DossierInvalidError(message, {"proposal": [message]})
    clean_note = _text(note, "note", "ý kiến thẩm định", required=proposal == Proposal.REFUSE)
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="appraise",
        state=State.AWAITING_APPROVAL,
        fields=[],
        payload={"proposal": proposal, "note": clean_note},
        at=timezone.now(),
    )


@transaction.atomic
def send_back(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    reason: str,
    expected_version: int | None = None,
) -> Dossier:
    """The leader returns an awaiting dossier to the same specialist (trả lại), with a reason."""
    locked = _lock(dossier, actor=actor)
    _require_role(
        locked, actor, "Chỉ lãnh đạo của đơn vị giải quyết mới được trả lại hồ sơ.", Role.LEADER
    )
    _check_version(locked, expected_version)
    _require_state(locked, {State.AWAITING_APPROVAL}, "Chỉ trả lại hồ sơ đang chờ phê duyệt.")
    clean_reason = _text(reason, "reason", "lý do trả lại", required=True)
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="send_back",
        state=State.PROCESSING,
        fields=[],
        payload={"reason": clean_reason},
        at=timezone.now(),
    )


def _last_proposal(dossier: Dossier) -> str | None:
    event = (
        DossierEvent.objects.filter(dossier_id=dossier.pk, action="appraise")
        .order_by("-seq")
        .first()
    )
    return None if event is None else event.payload.get("proposal")


def timeliness_of(finished_at: datetime, due_at: datetime | None) -> str | None:
    """Early (a day before the due day or sooner), on time, or late; None without a due time."""
    if due_at is None:
        return None
    if finished_at > due_at:
        return Timeliness.LATE
    if finished_at.astimezone(TZ).date() < due_at.astimezone(TZ).date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


@transaction.atomic
def approve(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    expected_version: int | None = None,
) -> Dossier:
    """The leader approves the proposal to settle (phê duyệt): status 9, result at the counter."""
    locked = _lock(dossier, actor=actor)
    _require_role(
        locked, actor, "Chỉ lãnh đạo của đơn vị giải quyết mới được phê duyệt hồ sơ.", Role.LEADER
    )
    _check_version(locked, expected_version)
    _require_state(locked, {State.AWAITING_APPROVAL}, "Chỉ phê duyệt hồ sơ đã được thẩm định.")
    if _last_proposal(locked) != Proposal.APPROVE:
        raise DossierConflictError(
            f"Chuyên viên đề xuất từ chối giải quyết hồ sơ {locked.code}; không thể phê duyệt "
            "giải quyết. Hãy trả lại hồ sơ nếu cần thẩm định lại."
        )
    now = timezone.now()
    locked.finished_at = now
    locked.timeliness = timeliness_of(now, locked.due_at)
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="approve",
        state=State.RESULT_READY,
        fields=["finished_at", "timeliness"],
        payload={"finished_at": now.isoformat(), "timeliness": locked.timeliness},
        at=now,
    )


@transaction.atomic
def return_result(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    expected_version: int | None = None,
) -> Dossier:
    """The counter hands the result to the applicant (trả kết quả): status 10."""
    locked = _lock(dossier, actor=actor)
    _require_role(
        locked,
        actor,
        "Chỉ cán bộ một cửa của đơn vị giải quyết mới được trả kết quả.",
        Role.COUNTER,
    )
    _check_version(locked, expected_version)
    _require_state(locked, {State.RESULT_READY}, "Chỉ trả kết quả hồ sơ đã giải quyết xong.")
    now = timezone.now()
    locked.returned_at = now
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="return",
        state=State.RETURNED,
        fields=["returned_at"],
        payload={"returned_at": now.isoformat()},
        at=now,
    )
