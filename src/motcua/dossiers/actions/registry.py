"""The public registry of lifecycle actions (`ACTIONS`, keyed by the API action name) as
pages and the API see them, and `allowed_actions`, which reads the same `guards.GUARDS` the
actions enforce, so the buttons a page shows cannot drift from what succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from motcua.accounts.queries import standing_of

from ..guards import GUARDS, AnyUser, Guard, roles_for, unit_roles
from ..models import Dossier
from ..queries import in_scope
from .acting import conflict
from .closing import extend, return_result, stop, withdraw
from .errors import DossierError, DossierPermissionError
from .lifecycle import (
    accept,
    appraise,
    approve,
    refuse,
    request_supplement,
    send_back,
    sign,
    supplement,
    transfer,
)


def _run_transfer(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    assignee: str = "",
    expected_version: int | None = None,
) -> Dossier:
    return transfer(
        dossier, actor=actor, assignee_username=assignee, expected_version=expected_version
    )


@dataclass(frozen=True)
class ActionSpec:
    """One lifecycle action as pages and the API see it.

    `run(dossier, actor=user, expected_version=v, **fields)` performs it (raising
    `DossierError`); `fields` are the body fields it takes; `label` is the Vietnamese button
    text. `check` raises the same 403/409 the action would, from the same `GUARDS` entry.
    """

    name: str
    label: str
    fields: tuple[str, ...]
    run: Callable[..., Dossier]

    @property
    def guard(self) -> Guard:
        return GUARDS[self.name]

    def check(self, dossier: Dossier, user: AnyUser, roles: frozenset[str] | None = None) -> None:
        """Raise `DossierPermissionError` (403) or `DossierConflictError` (409) if not allowed now.

        Scope (404) is checked by the caller, as `allowed_actions` and the actions do.
        """
        held = unit_roles(user, dossier.unit_id) if roles is None else roles
        denied = self.guard.who(dossier, user, held)
        if denied is not None:
            raise DossierPermissionError(denied)
        blocked = self.guard.when(dossier)
        if blocked is not None:
            raise conflict(dossier, blocked)


ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec("accept", "Tiếp nhận hồ sơ", (), accept),
        ActionSpec("refuse", "Từ chối", ("reason",), refuse),
        ActionSpec("transfer", "Chuyển xử lý", ("assignee",), _run_transfer),
        ActionSpec(
            "request-supplement",
            "Yêu cầu bổ sung",
            ("reason", "documents", "repeat_reason"),
            request_supplement,
        ),
        ActionSpec("supplement", "Nhận hồ sơ bổ sung", ("documents", "note"), supplement),
        ActionSpec("appraise", "Thẩm định, đề xuất", ("proposal", "note"), appraise),
        ActionSpec("approve", "Phê duyệt", ("pin",), approve),
        ActionSpec("sign", "Ký số kết quả", ("pin",), sign),
        ActionSpec("send-back", "Trả lại chuyên viên", ("reason",), send_back),
        ActionSpec("extend", "Xin lỗi và gia hạn", ("reason", "new_due"), extend),
        ActionSpec("stop", "Dừng giải quyết", ("reason",), stop),
        ActionSpec("withdraw", "Rút hồ sơ", ("reason",), withdraw),
        ActionSpec(
            "return",
            "Trả kết quả",
            ("collector_name", "collector_id_number", "tracking_number"),
            return_result,
        ),
    )
}


def allowed_actions(dossier: Dossier, user: AnyUser) -> list[str]:
    """The names of the actions this user may take on this dossier now (ACTIONS order).

    Same rules as the actions (scope, then each action's `GUARDS` entry); a few queries
    whatever the number of actions. Input checks (422) are not predicted.
    """
    standing = standing_of(user)
    if not in_scope(dossier, user, standing):
        return []
    competent = standing.roles_in(dossier.unit_id)
    allowed = []
    for name, spec in ACTIONS.items():
        held = roles_for(name, dossier, user, competent, standing)
        if not held:
            continue
        try:
            spec.check(dossier, user, held)
        except DossierError:
            continue
        allowed.append(name)
    return allowed
