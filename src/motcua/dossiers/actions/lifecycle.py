"""The lifecycle of a dossier after receipt, as actions (invariants 1, 3, 5, 6).

The happy path: `transfer` (counter or leader → a specialist, status 4) → `appraise` (the
assigned specialist proposes, state awaiting_approval) → `approve` (the leader, status 9) →
`return_result` (the counter, status 10); `send_back` returns an awaiting dossier to its
specialist. Around it: `accept` (an online dossier, 1 → 2), `refuse` (→ 3), `request_supplement`
(→ 5, the clock stops; a second request needs its reason and counts late), the citizen's
online supplement (`dossiers.supplements.submit_supplement`, the dossier waits in the counter's
queue), `supplement` (the counter accepts it: the clock resumes, due times shift by the paused
working time), `extend` (apology and new due time, once, before the due time), `stop` (→ 8)
and `withdraw` (→ 7).

Each action runs in one transaction: it locks the dossier row (`select_for_update`, so two
concurrent actions serialise and exactly one wins), checks scope (404 outside it, like an
absent dossier), the actor's role (403), the optional `expected_version` (409 when stale) and
the current state (409), then validates its input (422), changes the dossier, bumps `version`
and appends a hash-chained event; the passed `dossier` then holds the saved row. That shared
run (lock, checks, commit) is `acting`; this module holds what each action does up to the
result, `closing` the extension and the ways a dossier ends (stop, withdraw, return).

Who may do what, and when, is written once per action in `guards.GUARDS`: the actions enforce it and
`registry.allowed_actions` reads it, so the buttons a page shows cannot drift from what
succeeds. `registry.ACTIONS` is the public registry keyed by the API action name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.workcal.queries import calendar_for

from ..choices import Proposal, State
from ..guards import INTAKE_STATES, holds_role
from ..models import Dossier
from ..steps import start_step
from ..timeliness import timeliness_at_finish
from .acting import begin, commit, end_steps, iso, text_field, text_list
from .checks import due_time
from .errors import DossierInvalidError
from .results import issue_result, register_on_approval


@transaction.atomic
def accept(
    dossier: Dossier, *, actor: AbstractBaseUser, expected_version: int | None = None
) -> Dossier:
    """The counter receives an online dossier (tiếp nhận hồ sơ trực tuyến): status 1 → 2.

    The time limit runs from acceptance: `received_at` becomes now and `due_at` is computed
    again through workcal from the snapshot's procedure version (invariants 2, 3).
    """
    locked = begin("accept", dossier, actor, expected_version)
    now = timezone.now()
    submitted_at = locked.received_at
    locked.received_at = now
    locked.received_by_id = actor.pk
    locked.due_at = due_time(locked.procedure_version, now)
    start_step(locked, "receive", now)
    return commit(
        dossier,
        locked,
        actor=actor,
        action="accept",
        state=State.RECEIVED,
        fields=["received_at", "received_by", "due_at"],
        payload={
            "submitted_at": submitted_at.isoformat(),
            "received_at": now.isoformat(),
            "due_at": iso(locked.due_at),
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
    locked = begin("refuse", dossier, actor, expected_version)
    clean_reason = text_field(reason, "reason", "lý do từ chối", required=True)
    now = timezone.now()
    stage = "intake" if locked.state in INTAKE_STATES else "decision"
    locked.closing_reason = clean_reason
    fields = ["closing_reason"]
    if stage == "decision":
        locked.finished_at = now
        locked.timeliness = timeliness_at_finish(locked, now)
        fields += ["finished_at", "timeliness"]
    end_steps(locked)
    return commit(
        dossier,
        locked,
        actor=actor,
        action="refuse",
        state=State.REFUSED,
        fields=fields,
        payload={
            "reason": clean_reason,
            "stage": stage,
            "finished_at": iso(locked.finished_at),
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
    locked = begin("transfer", dossier, actor, expected_version)
    username = (assignee_username or "").strip()
    assignee = (
        get_user_model().objects.filter(username=username, is_active=True).first()
        if username
        else None
    )
    if assignee is None or not holds_role(assignee, locked.unit_id, Role.SPECIALIST):
        message = (
            f"'{username}' không phải chuyên viên thụ lý đang công tác tại đơn vị giải quyết."
            if username
            else "Cần chọn chuyên viên thụ lý."
        )
        raise DossierInvalidError(message, {"assignee": [message]})
    now = timezone.now()
    locked.assignee = assignee
    start_step(locked, "process", now)
    return commit(
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
    repeat_reason: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """Ask the applicant, in writing, for everything missing (form 02): status 5.

    The rule is one request listing everything (DOMAIN.md, Rules); a further request is
    possible but is a penalty, not a lock: it needs `repeat_reason` (why the first list was
    not enough), and a dossier asked more than once counts late whatever the clock says
    (Decision 766/QĐ-TTg, `timeliness.timeliness_at_finish`). The clock stops: `suspended_at`
    is set and `supplement` later shifts the due times by the paused working time.
    """
    locked = begin("request-supplement", dossier, actor, expected_version)
    clean_reason = text_field(reason, "reason", "lý do yêu cầu bổ sung", required=True)
    items = text_list(documents, "documents", "giấy tờ cần bổ sung")
    again = locked.supplement_count >= 1
    clean_repeat = text_field(repeat_reason, "repeat_reason", REPEAT_REASON_LABEL, required=False)
    if again and not clean_repeat:
        raise DossierInvalidError(REPEAT_RULE, {"repeat_reason": [REPEAT_RULE]})
    now = timezone.now()
    locked.resume_state = locked.state
    locked.suspended_at = now
    locked.supplement_count += 1
    locked.supplemented_at = None
    return commit(
        dossier,
        locked,
        actor=actor,
        action="request_supplement",
        state=State.SUPPLEMENT_REQUESTED,
        fields=["resume_state", "suspended_at", "supplement_count", "supplemented_at"],
        payload={
            "reason": clean_reason,
            "documents": items,
            "supplement_count": locked.supplement_count,
            **({"repeat_reason": clean_repeat, "counts_late": True} if again else {}),
        },
        at=now,
    )


REPEAT_REASON_LABEL = "lý do phải yêu cầu bổ sung lần nữa"
REPEAT_RULE = (
    "Hồ sơ đã được yêu cầu bổ sung một lần. Yêu cầu bổ sung lần nữa phải nêu lý do phải yêu "
    "cầu bổ sung lần nữa, và hồ sơ sẽ bị tính là quá hạn (Quyết định 766/QĐ-TTg): cần nhập "
    "lý do."
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
    """The counter takes in the supplemented documents (nhận hồ sơ bổ sung), brought to the
    counter or sent online by the citizen (`supplements.submit_supplement`); the clock resumes.

    The paused working time (workcal, from `suspended_at` to now) is added to `due_at` and
    `step_due_at` and to `suspended_time`; the dossier goes back to where it was (status 4,
    or 2 if it was never transferred).
    """
    locked = begin("supplement", dossier, actor, expected_version)
    items = text_list(documents, "documents", "giấy tờ đã bổ sung")
    clean_note = text_field(note, "note", "ghi chú", required=False)
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
    online = locked.supplemented_at  # sent online by the citizen (`supplements`), if so
    locked.supplemented_at = None
    back = locked.resume_state or (State.PROCESSING if locked.assignee_id else State.RECEIVED)
    locked.resume_state = ""
    return commit(
        dossier,
        locked,
        actor=actor,
        action="supplement",
        state=back,
        fields=["due_at", "suspended_time", "suspended_at", "resume_state", "supplemented_at"],
        payload={
            "documents": items,
            **({"online_at": online.isoformat()} if online is not None else {}),
            "note": clean_note,
            "paused_seconds": int(paused.total_seconds()),
            "old_due_at": iso(old_due),
            "due_at": iso(locked.due_at),
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
    locked = begin("appraise", dossier, actor, expected_version)
    if proposal not in Proposal.values:
        message = "Đề xuất phải là 'approve' (giải quyết) hoặc 'refuse' (từ chối)."
        raise DossierInvalidError(message, {"proposal": [message]})
    clean_note = text_field(note, "note", "ý kiến thẩm định", required=proposal == Proposal.REFUSE)
    now = timezone.now()
    start_step(locked, "sign", now)
    return commit(
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
    locked = begin("send-back", dossier, actor, expected_version)
    clean_reason = text_field(reason, "reason", "lý do trả lại", required=True)
    now = timezone.now()
    start_step(locked, "process", now)
    return commit(
        dossier,
        locked,
        actor=actor,
        action="send_back",
        state=State.PROCESSING,
        fields=[],
        payload={"reason": clean_reason},
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
    never stored or logged. What the procedure registers on approval (a civil-status entry,
    `results.set_registration`) is written first, in this transaction, whatever the signing.
    """
    locked = begin("approve", dossier, actor, expected_version)
    now = timezone.now()
    recorded = register_on_approval(locked, actor=actor, at=now)
    return issue_result(
        dossier,
        locked,
        actor=actor,
        action="approve",
        pin=pin,
        now=now,
        retry=False,
        recorded=recorded,
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
    locked = begin("sign", dossier, actor, expected_version)
    return issue_result(
        dossier, locked, actor=actor, action="sign", pin=pin, now=timezone.now(), retry=True
    )
