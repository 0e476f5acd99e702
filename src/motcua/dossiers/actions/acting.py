"""How every lifecycle action runs (invariants 1, 5, 6), shared by `lifecycle` and
`attachments`: lock the dossier row and read the actor's standing once (`lock`), check
scope, role, version and state in that order (`begin`), then save the new state with its
hash-chained event and give the caller's instance the saved row (`commit`). Also the
input helpers every action uses (`text_field`, `text_list`) and the conflict message.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from motcua.accounts.queries import Standing, standing_of
from motcua.dossiers.notices import notify_dossier_event

from ..choices import STATUS_OF_STATE, State
from ..events import chained_event
from ..guards import GUARDS, holds_role, roles_for
from ..models import Dossier
from ..queries import in_scope, not_found
from .errors import (
    DossierConflictError,
    DossierInvalidError,
    DossierNotFoundError,
    DossierPermissionError,
)

MAX_TEXT = 2000


def lock(dossier: Dossier, *, actor: AbstractBaseUser) -> tuple[Dossier, Standing]:
    """The dossier row, locked for this transaction, after the scope check (404), and the
    actor's standing (positions read once, for the role checks that follow).

    Only `dossier.pk` (and its code, for the 404) is read: a caller may pass a handle
    (`queries.dossier_handle`). The row comes with the relations a page or the API shows
    (commune, receiving PSC, the official who received it, the assignee), which
    `take_state` hands to the caller."""
    locked = locked_row(dossier.pk)
    standing = standing_of(actor)
    if locked is None or not in_scope(locked, actor, standing):
        raise DossierNotFoundError(not_found(dossier.code))
    return locked, standing


def locked_row(pk: int) -> Dossier | None:
    """The dossier `pk` with the relations `lock` reads, its row (only its own) locked for
    the transaction where the database can lock rows; None when there is none."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related(*LOCKED_WITH)
        .filter(pk=pk)
        .first()
    )


# What `lock` reads with the row.
LOCKED_WITH = ("receiving_agency", "unit", "received_by", "assignee")


def check_version(locked: Dossier, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != locked.version:
        raise DossierConflictError(
            f"Hồ sơ {locked.code} vừa được người khác cập nhật (phiên bản hiện tại "
            f"{locked.version}, bạn gửi phiên bản {expected_version}); hãy tải lại và thử lại."
        )


def require_role(locked: Dossier, actor: AbstractBaseUser, message: str, *roles: str) -> None:
    if not holds_role(actor, locked.unit_id, *roles):
        raise DossierPermissionError(message)


def commit(
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
    """Move the locked dossier to `state`, bump its version, log the event, update `dossier`."""
    before = {"status": locked.status, "state": locked.state}
    locked.state = state
    locked.status = STATUS_OF_STATE[state]
    locked.version += 1
    # The event first (in memory): the dossier's UPDATE then carries the chain head too.
    event = chained_event(
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
            "step": locked.current_step,
            "step_due_at": iso(locked.step_due_at),
        },
    )
    locked.save(
        update_fields=[
            *fields,
            "state",
            "status",
            "current_step",
            "step_due_at",
            "version",
            "updated_at",
            "head_hash",
            "events_count",
        ]
    )
    event.save(force_insert=True)
    # Tell the applicant (online or walk-in) in this same transaction: the outbox (issue 22).
    notify_dossier_event(locked, action, payload)
    take_state(dossier, locked)
    return dossier


def take_state(dossier: Dossier, locked: Dossier) -> None:
    """Give the caller's instance the row as just saved: what `refresh_from_db` would read,
    without reading it again (the locked copy is that row), with the relations `lock` read.
    A relation the caller had loaded whose key changed is forgotten (Django drops it when
    the key is set)."""
    if dossier is locked:
        return
    for field in Dossier._meta.concrete_fields:
        setattr(dossier, field.attname, getattr(locked, field.attname))
    for name in LOCKED_WITH:
        setattr(dossier, name, getattr(locked, name))


def text_field(value: str | None, field: str, label: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DossierInvalidError(f"Thiếu {label}.", {field: [f"Cần nhập {label}."]})
    if len(text) > MAX_TEXT:
        raise DossierInvalidError(
            f"{label.capitalize()} quá dài.", {field: [f"Tối đa {MAX_TEXT} ký tự."]}
        )
    return text


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def text_list(value: Any, field: str, label: str) -> list[str]:
    """A non-empty list of non-empty strings (e.g. documents to supplement), else 422."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise DossierInvalidError(
            f"Danh sách {label} không hợp lệ.", {field: ["Cần một danh sách các dòng chữ."]}
        )
    items = [str(item).strip() for item in value if str(item).strip()]
    if not items:
        raise DossierInvalidError(f"Thiếu {label}.", {field: [f"Cần liệt kê ít nhất một {label}."]})
    if len(items) > 50 or any(len(item) > 500 for item in items):
        raise DossierInvalidError(
            f"Danh sách {label} quá dài.", {field: ["Tối đa 50 dòng, mỗi dòng 500 ký tự."]}
        )
    return items


def conflict(dossier: Dossier, message: str) -> DossierConflictError:
    return DossierConflictError(
        f"{message} Hồ sơ {dossier.code} đang ở tình trạng “{dossier.get_state_display()}”."
    )


def seen_row(dossier: Dossier) -> tuple[int, str] | None:
    """The version and state of the caller's copy when it was read from the database (the
    page's row, the API's handle): the dossier as it stood when the action was chosen. None
    for an instance built in memory (a bare handle), which saw nothing."""
    if dossier._state.adding or {"version", "state"} & dossier.get_deferred_fields():
        return None
    return dossier.version, dossier.state


def check_seen(locked: Dossier, seen: tuple[int, str] | None) -> None:
    """An action sent without `version` is checked against the dossier it was allowed from:
    if another action changed it between the caller's read and the lock, 409, even when the
    new state would allow it too, so two different actions racing on one dossier cannot
    both apply (invariant 5)."""
    if seen is None or seen[0] == locked.version:
        return
    was = State(seen[1]).label if seen[1] in State.values else seen[1]
    now = locked.get_state_display()
    change = (
        f"thao tác được chọn khi hồ sơ ở tình trạng “{was}”, nay hồ sơ ở tình trạng “{now}”"
        if seen[1] != locked.state
        else f"hồ sơ vẫn ở tình trạng “{now}” nhưng đã có thao tác khác (như gia hạn)"
    )
    raise DossierConflictError(
        f"Hồ sơ {locked.code} vừa được người khác cập nhật trong lúc bạn thao tác: {change}. "
        "Thao tác chưa được thực hiện; hãy xem lại hồ sơ rồi thực hiện lại nếu vẫn cần."
    )


def begin(
    action: str, dossier: Dossier, actor: AbstractBaseUser, expected_version: int | None
) -> Dossier:
    """Lock, then check scope (404), role (403), version (409) and state (409), in that order.

    Without `expected_version`, the version of the caller's copy (read before the lock, when
    the action was allowed from it: `seen_row`) is the one expected (`check_seen`); the state
    is then checked again on the locked row, so an action no longer allowed answers 409."""
    seen = seen_row(dossier) if expected_version is None else None
    locked, standing = lock(dossier, actor=actor)
    guard = GUARDS[action]
    held = roles_for(action, locked, actor, standing.roles_in(locked.unit_id), standing)
    denied = guard.who(locked, actor, held)
    if denied is not None:
        raise DossierPermissionError(denied)
    check_version(locked, expected_version)
    check_seen(locked, seen)
    blocked = guard.when(locked)
    if blocked is not None:
        raise conflict(locked, blocked)
    return locked


def end_steps(dossier: Dossier) -> None:
    dossier.step_due_at = None
