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
from motcua.core.sql import insert_family, row_with_related, update_row
from motcua.dossiers.notices import notify_dossier_event

from .actions import (
    DossierConflictError,
    DossierError,
    DossierInvalidError,
    DossierPermissionError,
)
from .choices import STATUS_OF_STATE
from .events import chained_event
from .guards import GUARDS, holds_role, roles_for
from .models import Dossier
from .queries import in_scope, not_found

MAX_TEXT = 2000


class DossierNotFoundError(DossierError):
    """The dossier is outside the actor's scope (404: it looks the same as absent)."""

    status = 404


def lock(dossier: Dossier, *, actor: AbstractBaseUser) -> tuple[Dossier, Standing]:
    """The dossier row, locked for this transaction, after the scope check (404), and the
    actor's standing (positions read once, for the role checks that follow).

    Only `dossier.pk` (and its code, for the 404) is read: a caller may pass a handle
    (`queries.dossier_handle`). The row comes with the relations a page or the API shows
    (commune, receiving PSC, the official who received it, the assignee), which
    `take_state` hands to the caller, in one statement built once (the ORM's compiler
    took 4.0 ms of CPU for it on the slow VM of docs/performance.md, this 0.8-1.3)."""
    locked = row_with_related(Dossier, dossier.pk, LOCKED_WITH, lock=True)
    standing = standing_of(actor)
    if locked is None or not in_scope(locked, actor, standing):
        raise DossierNotFoundError(not_found(dossier.code))
    return locked, standing


# What `lock` reads with the row (one statement built once: `core.sql.row_with_related`).
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
    # Both statements built once (core.sql), not compiled by the ORM on each action.
    update_row(
        locked,
        [
            *fields,
            "state",
            "status",
            "current_step",
            "step_due_at",
            "version",
            "updated_at",
            "head_hash",
            "events_count",
        ],
    )
    insert_family(event)
    # Tell the applicant (online or walk-in) in this same transaction: the outbox (issue 22).
    notify_dossier_event(locked, action, payload)
    take_state(dossier, locked)
    return dossier


def take_state(dossier: Dossier, locked: Dossier) -> None:
    """Give the caller's instance the row as just saved: what `refresh_from_db` would read,
    without reading it again (the locked copy is that row), relations loaded on it included."""
    if dossier is locked:
        return
    for field in Dossier._meta.concrete_fields:
        setattr(dossier, field.attname, getattr(locked, field.attname))
    dossier._state.fields_cache = dict(locked._state.fields_cache)


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


def begin(
    action: str, dossier: Dossier, actor: AbstractBaseUser, expected_version: int | None
) -> Dossier:
    """Lock, then check scope (404), role (403), version (409) and state (409), in that order."""
    locked, standing = lock(dossier, actor=actor)
    guard = GUARDS[action]
    held = roles_for(action, locked, actor, standing.roles_in(locked.unit_id), standing)
    denied = guard.who(locked, actor, held)
    if denied is not None:
        raise DossierPermissionError(denied)
    check_version(locked, expected_version)
    blocked = guard.when(locked)
    if blocked is not None:
        raise conflict(locked, blocked)
    return locked


def end_steps(dossier: Dossier) -> None:
    dossier.step_due_at = None
