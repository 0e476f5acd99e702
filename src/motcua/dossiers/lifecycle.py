"""The lifecycle of a dossier after receipt, as actions (invariants 1, 3, 5, 6).

The happy path: `transfer` (counter or leader → a specialist, status 4) → `appraise` (the
assigned specialist proposes, state awaiting_approval) → `approve` (the leader, status 9) →
`return_result` (the counter, status 10); `send_back` returns an awaiting dossier to its
specialist. Around it: `accept` (an online dossier, 1 → 2), `refuse` (→ 3), `request_supplement`
(→ 5, once, the clock stops), `supplement` (the clock resumes, due times shift by the paused
working time), `extend` (apology and new due time, once, before the due time), `stop` (→ 8)
and `withdraw` (→ 7).

Each action runs in one transaction: it locks the dossier row (`select_for_update`, so two
concurrent actions serialise and exactly one wins), checks scope (404 outside it, like an
absent dossier), the actor's role (403), the optional `expected_version` (409 when stale) and
the current state (409), then validates its input (422), changes the dossier, bumps `version`
and appends a hash-chained event. The passed `dossier` is refreshed.

Who may do what, and when, is written once per action in `guards.GUARDS`: the actions enforce it and
`allowed_actions` reads it, so the buttons a page shows cannot drift from what succeeds.
`ACTIONS` is the public registry keyed by the API action name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.queries import Standing, standing_of
from motcua.notifications.dossier_events import notify_dossier_event
from motcua.workcal.deadlines import TZ
from motcua.workcal.queries import calendar_for

from .actions import (
    DossierConflictError,
    DossierError,
    DossierInvalidError,
    DossierPermissionError,
    due_time,
)
from .choices import (
    STATUS_OF_STATE,
    Proposal,
    State,
)
from .events import chained_event
from .guards import (
    GUARDS,
    INTAKE_STATES,
    AnyUser,
    Guard,
    _holds_role,
    roles_for,
    unit_roles,
)
from .models import Dossier
from .queries import in_scope
from .steps import start_step
from .timeliness import timeliness_at_finish

MAX_TEXT = 2000


class DossierNotFoundError(DossierError):
    """The dossier is outside the actor's scope (404: it looks the same as absent)."""

    status = 404


def _lock(dossier: Dossier, *, actor: AbstractBaseUser) -> tuple[Dossier, Standing]:
    """The dossier row, locked for this transaction, after the scope check (404), and the
    actor's standing (positions read once, for the role checks that follow)."""
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("receiving_agency")
        .get(pk=dossier.pk)
    )
    standing = standing_of(actor)
    if not in_scope(locked, actor, standing):
        raise DossierNotFoundError(f"Không tìm thấy hồ sơ mã {locked.code}.")
    return locked, standing


def _check_version(locked: Dossier, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != locked.version:
        raise DossierConflictError(
            f"Hồ sơ {locked.code} vừa được người khác cập nhật (phiên bản hiện tại "
            f"{locked.version}, bạn gửi phiên bản {expected_version}); hãy tải lại và thử lại."
        )


def _require_role(locked: Dossier, actor: AbstractBaseUser, message: str, *roles: str) -> None:
    if not _holds_role(actor, locked.unit_id, *roles):
        raise DossierPermissionError(message)


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
            "step_due_at": _iso(locked.step_due_at),
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
    if locked.submitted_by_id is not None:  # tell the online filer, after commit (issue 5)
        transaction.on_commit(partial(notify_dossier_event, locked.pk, action))
    _take_state(dossier, locked)
    return dossier


def _take_state(dossier: Dossier, locked: Dossier) -> None:
    """Give the caller's instance the row as just saved: what `refresh_from_db` would read,
    without reading it again (the locked copy is that row), relations loaded on it included."""
    if dossier is locked:
        return
    for field in Dossier._meta.concrete_fields:
        setattr(dossier, field.attname, getattr(locked, field.attname))
    dossier._state.fields_cache = dict(locked._state.fields_cache)


def _text(value: str | None, field: str, label: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DossierInvalidError(f"Thiếu {label}.", {field: [f"Cần nhập {label}."]})
    if len(text) > MAX_TEXT:
        raise DossierInvalidError(
            f"{label.capitalize()} quá dài.", {field: [f"Tối đa {MAX_TEXT} ký tự."]}
        )
    return text


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _texts(value: Any, field: str, label: str) -> list[str]:
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


def _conflict(dossier: Dossier, message: str) -> DossierConflictError:
    return DossierConflictError(
        f"{message} Hồ sơ {dossier.code} đang ở tình trạng “{dossier.get_state_display()}”."
    )


def _begin(
    action: str, dossier: Dossier, actor: AbstractBaseUser, expected_version: int | None
) -> Dossier:
    """Lock, then check scope (404), role (403), version (409) and state (409), in that order."""
    locked, standing = _lock(dossier, actor=actor)
    guard = GUARDS[action]
    held = roles_for(action, locked, actor, standing.roles_in(locked.unit_id), standing)
    denied = guard.who(locked, actor, held)
    if denied is not None:
        raise DossierPermissionError(denied)
    _check_version(locked, expected_version)
    blocked = guard.when(locked)
    if blocked is not None:
        raise _conflict(locked, blocked)
    return locked


def _end_steps(dossier: Dossier) -> None:
    dossier.step_due_at = None


# ---------------------------------------------------------------------------------------------
# Actions.


@transaction.atomic
def accept(
    dossier: Dossier, *, actor: AbstractBaseUser, expected_version: int | None = None
) -> Dossier:
    """The counter receives an online dossier (tiếp nhận hồ sơ trực tuyến): status 1 → 2.

    The time limit runs from acceptance: `received_at` becomes now and `due_at` is computed
    again through workcal from the snapshot's procedure version (invariants 2, 3).
    """
    locked = _begin("accept", dossier, actor, expected_version)
    now = timezone.now()
    submitted_at = locked.received_at
    locked.received_at = now
    locked.received_by_id = actor.pk
    locked.due_at = due_time(locked.procedure_version, now)
    start_step(locked, "receive", now)
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="accept",
        state=State.RECEIVED,
        fields=["received_at", "received_by", "due_at"],
        payload={
            "submitted_at": submitted_at.isoformat(),
            "received_at": now.isoformat(),
            "due_at": _iso(locked.due_at),
        },
        at=now,
    )


@transaction.atomic
def refuse(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    reason: str,
    expected_version: int | None = None,
) -> Dossier:
    """Refuse with a stated reason (từ chối, form 03): status 3.

    At intake (status 1 or 2) the counter refuses to take the dossier; after a specialist's
    refuse proposal the leader refuses to settle it, which finishes it (`finished_at`,
    timeliness). A refusal always states its reason (DOMAIN.md, Rules).
    """
    locked = _begin("refuse", dossier, actor, expected_version)
    clean_reason = _text(reason, "reason", "lý do từ chối", required=True)
    now = timezone.now()
    stage = "intake" if locked.state in INTAKE_STATES else "decision"
    locked.closing_reason = clean_reason
    fields = ["closing_reason"]
    if stage == "decision":
        locked.finished_at = now
        locked.timeliness = timeliness_at_finish(locked, now)
        fields += ["finished_at", "timeliness"]
    _end_steps(locked)
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="refuse",
        state=State.REFUSED,
        fields=fields,
        payload={
            "reason": clean_reason,
            "stage": stage,
            "finished_at": _iso(locked.finished_at),
            "timeliness": locked.timeliness,
        },
        at=now,
    )


@transaction.atomic
def transfer(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    assignee_username: str,
    expected_version: int | None = None,
) -> Dossier:
    """Hand a received dossier to a specialist of its unit (chuyển xử lý): status 4.

    The processing step starts: its due time comes from the step budget (capped at due_at).
    """
    locked = _begin("transfer", dossier, actor, expected_version)
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
    now = timezone.now()
    locked.assignee = assignee
    start_step(locked, "process", now)
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="transfer",
        state=State.PROCESSING,
        fields=["assignee"],
        payload={"assignee": assignee.get_username()},
        at=now,
    )


@transaction.atomic
def request_supplement(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    reason: str,
    documents: Sequence[str],
    expected_version: int | None = None,
) -> Dossier:
    """Ask the applicant, once and in writing, for everything missing (form 02): status 5.

    Only one request per dossier (DOMAIN.md, Rules). The clock stops: `suspended_at` is set
    and `supplement` later shifts the due times by the paused working time.
    """
    locked = _begin("request-supplement", dossier, actor, expected_version)
    clean_reason = _text(reason, "reason", "lý do yêu cầu bổ sung", required=True)
    items = _texts(documents, "documents", "giấy tờ cần bổ sung")
    now = timezone.now()
    locked.resume_state = locked.state
    locked.suspended_at = now
    locked.supplement_count += 1
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="request_supplement",
        state=State.SUPPLEMENT_REQUESTED,
        fields=["resume_state", "suspended_at", "supplement_count"],
        payload={
            "reason": clean_reason,
            "documents": items,
            "supplement_count": locked.supplement_count,
        },
        at=now,
    )


@transaction.atomic
def supplement(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    documents: Sequence[str],
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The counter takes in the supplemented documents (nhận hồ sơ bổ sung); the clock resumes.

    The paused working time (workcal, from `suspended_at` to now) is added to `due_at` and
    `step_due_at` and to `suspended_time`; the dossier goes back to where it was (status 4,
    or 2 if it was never transferred).
    """
    locked = _begin("supplement", dossier, actor, expected_version)
    items = _texts(documents, "documents", "giấy tờ đã bổ sung")
    clean_note = _text(note, "note", "ghi chú", required=False)
    now = timezone.now()
    calendar = calendar_for(settings.MOTCUA_PROVINCE)
    paused = timedelta(0)
    if locked.suspended_at is not None:
        paused = max(calendar.working_time_between(locked.suspended_at, now), timedelta(0))
    old_due = locked.due_at
    if paused > timedelta(0):
        if locked.due_at is not None:
            locked.due_at = calendar.add_working_hours(locked.due_at, paused)
        if locked.step_due_at is not None:
            shifted = calendar.add_working_hours(locked.step_due_at, paused)
            locked.step_due_at = (
                min(shifted, locked.due_at) if locked.due_at is not None else shifted
            )
    locked.suspended_time += paused
    locked.suspended_at = None
    back = locked.resume_state or (State.PROCESSING if locked.assignee_id else State.RECEIVED)
    locked.resume_state = ""
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="supplement",
        state=back,
        fields=["due_at", "suspended_time", "suspended_at", "resume_state"],
        payload={
            "documents": items,
            "note": clean_note,
            "paused_seconds": int(paused.total_seconds()),
            "old_due_at": _iso(old_due),
            "due_at": _iso(locked.due_at),
        },
        at=now,
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
    """The assigned specialist proposes approve or refuse (thẩm định): awaiting approval.

    The leader's signing step starts.
    """
    locked = _begin("appraise", dossier, actor, expected_version)
    if proposal not in Proposal.values:
        message = "Đề xuất phải là 'approve' (giải quyết) hoặc 'refuse' (từ chối)."
        raise DossierInvalidError(message, {"proposal": [message]})
    clean_note = _text(note, "note", "ý kiến thẩm định", required=proposal == Proposal.REFUSE)
    now = timezone.now()
    start_step(locked, "sign", now)
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="appraise",
        state=State.AWAITING_APPROVAL,
        fields=[],
        payload={"proposal": proposal, "note": clean_note},
        at=now,
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
    locked = _begin("send-back", dossier, actor, expected_version)
    clean_reason = _text(reason, "reason", "lý do trả lại", required=True)
    now = timezone.now()
    start_step(locked, "process", now)
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="send_back",
        state=State.PROCESSING,
        fields=[],
        payload={"reason": clean_reason},
        at=now,
    )


@dataclass(frozen=True)
class ResultOutcome:
    """What issuing a dossier's result gave: `kind` "signed" (electronic, signed), "paper"
    (signed by hand) or "failed" (with a Vietnamese `reason`); `details` go into the event."""

    kind: str
    reason: str = ""
    details: dict[str, Any] | None = None

    @property
    def issued(self) -> bool:
        return self.kind != "failed"


# Issues the result inside the approving transaction: (locked dossier, actor, pin, at).
# The signing app registers its issuer at start-up (`set_result_issuer`); dossiers cannot
# import signing (apps depend one way), so the default is a paper result.
ResultIssuer = Callable[..., ResultOutcome]


def _paper_result(
    dossier: Dossier, *, actor: AbstractBaseUser, pin: str, at: datetime
) -> ResultOutcome:
    return ResultOutcome("paper")


_result_issuer: list[ResultIssuer] = [_paper_result]


def set_result_issuer(issuer: ResultIssuer | None) -> None:
    """Register how results are issued (the signing app does, in its `ready`); None resets."""
    _result_issuer[0] = issuer or _paper_result


def _issue_result(
    dossier: Dossier,
    locked: Dossier,
    *,
    actor: AbstractBaseUser,
    action: str,
    pin: str,
    now: datetime,
    retry: bool,
) -> Dossier:
    """Issue the result: status 9 when signed (or on paper), else awaiting signature.

    The issuer sees the dossier as it will be once settled (state result_ready, finished now)
    so the result renders; the state is put back before `_commit` records the move. A failed
    first signing keeps the approval (state awaiting_signature, status 4, the reason in the
    event); a failed retry changes nothing and answers 422 with the reason.
    """
    prior = (locked.state, locked.status, locked.finished_at, locked.timeliness)
    locked.finished_at = now
    locked.timeliness = timeliness_at_finish(locked, now)
    locked.state, locked.status = State.RESULT_READY, STATUS_OF_STATE[State.RESULT_READY]
    try:
        outcome = _result_issuer[0](locked, actor=actor, pin=pin or "", at=now)
    finally:
        locked.state, locked.status = prior[0], prior[1]
    if outcome.issued:
        start_step(locked, "return", now)
        return _commit(
            dossier,
            locked,
            actor=actor,
            action=action,
            state=State.RESULT_READY,
            fields=["finished_at", "timeliness"],
            payload={
                "finished_at": now.isoformat(),
                "timeliness": locked.timeliness,
                "result": outcome.kind,
                **(outcome.details or {}),
            },
            at=now,
        )
    locked.finished_at, locked.timeliness = prior[2], prior[3]
    if retry:
        raise DossierInvalidError(
            f"Ký số không thành công: {outcome.reason}", {"pin": [outcome.reason]}
        )
    return _commit(
        dossier,
        locked,
        actor=actor,
        action=action,
        state=State.AWAITING_SIGNATURE,
        fields=[],
        payload={
            "result": outcome.kind,
            "reason": f"Đã phê duyệt, chưa ký số được kết quả: {outcome.reason}",
            **(outcome.details or {}),
        },
        at=now,
    )


@transaction.atomic
def approve(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    pin: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The leader approves the proposal to settle (phê duyệt) and the result is issued.

    A leader with a signing certificate signs the result with `pin` (status 9); one without
    issues it on paper (status 9, recorded as a paper result). If signing fails (wrong PIN,
    token absent, certificate revoked or expired) the approval is kept: state
    awaiting_signature (status 4) with the reason, and `sign` retries. Reaching status 9
    finishes the dossier: `finished_at` and its timeliness (`timeliness_at_finish`). The PIN is
    never stored or logged.
    """
    locked = _begin("approve", dossier, actor, expected_version)
    return _issue_result(
        dossier, locked, actor=actor, action="approve", pin=pin, now=timezone.now(), retry=False
    )


@transaction.atomic
def sign(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    pin: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """A leader retries signing an approved result (ký số lại): awaiting_signature → status 9.

    Any leader of the unit may sign (the approver's token may be the one that failed); a
    leader without a certificate issues it on paper. A failed retry answers 422 with the
    reason and leaves the dossier as it was.
    """
    locked = _begin("sign", dossier, actor, expected_version)
    return _issue_result(
        dossier, locked, actor=actor, action="sign", pin=pin, now=timezone.now(), retry=True
    )


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
    locked = _begin("extend", dossier, actor, expected_version)
    clean_reason = _text(reason, "reason", "lý do xin lỗi, gia hạn", required=True)
    due = _parse_due(new_due)
    if locked.due_at is None:  # the guard refuses it already; kept for the type checker
        raise _conflict(locked, "Hồ sơ không có hạn giải quyết để gia hạn.")
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
    return _commit(
        dossier,
        locked,
        actor=actor,
        action="extend",
        state=locked.state,
        fields=["original_due_at", "due_at", "extended_at", "extension_reason"],
        payload={
            "reason": clean_reason,
            "old_due_at": old_due.isoformat(),
            "new_due_at": _iso(due),
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
    locked = _begin(action, dossier, actor, expected_version)
    clean_reason = _text(reason, "reason", reason_label, required=required)
    locked.closing_reason = clean_reason
    _end_steps(locked)
    return _commit(
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


@transaction.atomic
def return_result(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    expected_version: int | None = None,
) -> Dossier:
    """The counter hands the result to the applicant (trả kết quả): status 10."""
    locked = _begin("return", dossier, actor, expected_version)
    now = timezone.now()
    locked.returned_at = now
    _end_steps(locked)
    locked.current_step = len(locked.snapshot.get("steps") or [])
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


# ---------------------------------------------------------------------------------------------
# The public registry.


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
            raise _conflict(dossier, blocked)


ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec("accept", "Tiếp nhận hồ sơ", (), accept),
        ActionSpec("refuse", "Từ chối", ("reason",), refuse),
        ActionSpec("transfer", "Chuyển xử lý", ("assignee",), _run_transfer),
        ActionSpec(
            "request-supplement", "Yêu cầu bổ sung", ("reason", "documents"), request_supplement
        ),
        ActionSpec("supplement", "Nhận hồ sơ bổ sung", ("documents", "note"), supplement),
        ActionSpec("appraise", "Thẩm định, đề xuất", ("proposal", "note"), appraise),
        ActionSpec("approve", "Phê duyệt", ("pin",), approve),
        ActionSpec("sign", "Ký số kết quả", ("pin",), sign),
        ActionSpec("send-back", "Trả lại chuyên viên", ("reason",), send_back),
        ActionSpec("extend", "Xin lỗi và gia hạn", ("reason", "new_due"), extend),
        ActionSpec("stop", "Dừng giải quyết", ("reason",), stop),
        ActionSpec("withdraw", "Rút hồ sơ", ("reason",), withdraw),
        ActionSpec("return", "Trả kết quả", (), return_result),
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
