"""Who may take each lifecycle action (403) and when (409), written once per action.

The actions in `lifecycle.py` enforce these guards and `allowed_actions` reads them, so what
a page offers cannot drift from what succeeds. Scope (404) is checked before, in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.queries import Standing, standing_of
from motcua.workcal.deadlines import TZ

from .choices import OPEN_STATES, Proposal, State
from .models import Dossier, DossierEvent

AnyUser = AbstractBaseUser | AnonymousUser

# States in which a specialist holds the dossier (in_review is the older name).
PROCESSING_STATES = frozenset({State.PROCESSING, State.IN_REVIEW})


def unit_roles(user: AnyUser, unit_code: str) -> frozenset[str]:
    """The roles of the user's active positions in this unit (one query)."""
    return standing_of(user).roles_in(unit_code)


def holds_role(user: AnyUser, unit_code: str, *roles: str) -> bool:
    """True if the user has an active position with one of `roles` in this unit."""
    return bool(unit_roles(user, unit_code) & set(roles))


# What the counter of the PSC that received a dossier filed away from home (phi địa giới) may
# also do there: the citizen comes back to where they filed to supplement, withdraw, collect.
# Money (`cash`) and corrections of a slip typed at intake (`corrections`) too: the centre that
# took the dossier in took the money and typed the details.
RECEIVING_COUNTER_ACTIONS = frozenset(
    {"supplement", "withdraw", "return", "collect_fee", "refund_fee", "correct"}
)


def roles_for(
    action: str,
    dossier: Dossier,
    user: AnyUser,
    held: frozenset[str],
    standing: Standing | None = None,
) -> frozenset[str]:
    """`held` (roles in the competent unit) plus the counter role at the receiving PSC where
    `action` may be taken there. With the user's `standing`, no query."""
    receiving = dossier.receiving_unit_code
    if action not in RECEIVING_COUNTER_ACTIONS or receiving == dossier.unit_id:
        return held
    there = standing.roles_in(receiving) if standing is not None else unit_roles(user, receiving)
    if Role.COUNTER in there:
        return held | {Role.COUNTER}
    return held


def counter_may(action: str, dossier: Dossier, user: AnyUser, standing: Standing) -> bool:
    """A counter officer of the competent commune, or of the receiving PSC where `action` may
    be taken there (`roles_for`), with the user's `standing` (no query)."""
    held = standing.roles_in(dossier.unit_id)
    return Role.COUNTER in roles_for(action, dossier, user, held, standing)


# A guard's `who` answers the 403 message, or None when this person may act; its `when`
# answers the 409 message, or None when the dossier's state allows it now.
Who = Callable[[Dossier, AnyUser, frozenset[str]], str | None]
When = Callable[[Dossier], str | None]


@dataclass(frozen=True)
class Guard:
    """The role rule and the state rule of one action (see `ActionSpec.check`)."""

    who: Who
    when: When


def _roles_rule(message: str, *roles: str) -> Who:
    def who(dossier: Dossier, user: AnyUser, held: frozenset[str]) -> str | None:
        return None if held & set(roles) else message

    return who


def _states_rule(states: frozenset[str] | set[str], message: str) -> When:
    def when(dossier: Dossier) -> str | None:
        return None if dossier.state in states else message

    return when


def _is_assigned_specialist(dossier: Dossier, user: AnyUser, held: frozenset[str]) -> bool:
    return (
        dossier.assignee_id is not None
        and dossier.assignee_id == user.pk
        and (Role.SPECIALIST in held)
    )


def _last_proposal(dossier: Dossier) -> str | None:
    """The proposal of the dossier's last appraisal (what every approval checks)."""
    appraisals = DossierEvent.objects.filter(dossier_id=dossier.pk, action="appraise")
    payload = appraisals.order_by("-seq").values_list("payload", flat=True).first()
    return None if payload is None else payload.get("proposal")


INTAKE_STATES = frozenset({State.SUBMITTED, State.RECEIVED})


def _appraise_who(dossier: Dossier, user: AnyUser, held: frozenset[str]) -> str | None:
    if _is_assigned_specialist(dossier, user, held):
        return None
    return "Chỉ chuyên viên được giao thụ lý hồ sơ mới được thẩm định."


def _approve_when(dossier: Dossier) -> str | None:
    if dossier.state != State.AWAITING_APPROVAL:
        return "Chỉ phê duyệt hồ sơ đã được thẩm định."
    if _last_proposal(dossier) != Proposal.APPROVE:
        return (
            f"Chuyên viên đề xuất từ chối giải quyết hồ sơ {dossier.code}; không thể phê duyệt "
            "giải quyết. Hãy từ chối có nêu lý do, hoặc trả lại nếu cần thẩm định lại."
        )
    return None


def _refuse_who(dossier: Dossier, user: AnyUser, held: frozenset[str]) -> str | None:
    if dossier.state == State.AWAITING_APPROVAL:
        if Role.LEADER in held:
            return None
        return "Chỉ lãnh đạo của đơn vị giải quyết mới được quyết định từ chối giải quyết hồ sơ."
    if dossier.state in INTAKE_STATES:
        if Role.COUNTER in held:
            return None
        return "Chỉ cán bộ một cửa của đơn vị giải quyết mới được từ chối tiếp nhận hồ sơ."
    if held & {Role.COUNTER, Role.LEADER}:
        return None
    return "Chỉ cán bộ một cửa hoặc lãnh đạo của đơn vị giải quyết mới được từ chối hồ sơ."


def _refuse_when(dossier: Dossier) -> str | None:
    if dossier.state in INTAKE_STATES:
        return None
    if dossier.state == State.AWAITING_APPROVAL:
        if _last_proposal(dossier) == Proposal.REFUSE:
            return None
        return (
            f"Chuyên viên đề xuất giải quyết hồ sơ {dossier.code}; chỉ từ chối sau đề xuất từ "
            "chối của chuyên viên. Hãy trả lại hồ sơ nếu cần thẩm định lại."
        )
    return "Chỉ từ chối hồ sơ khi tiếp nhận hoặc sau đề xuất từ chối của chuyên viên."


def _request_supplement_who(dossier: Dossier, user: AnyUser, held: frozenset[str]) -> str | None:
    if Role.COUNTER in held or _is_assigned_specialist(dossier, user, held):
        return None
    return "Chỉ cán bộ một cửa hoặc chuyên viên được giao thụ lý mới được yêu cầu bổ sung hồ sơ."


def _request_supplement_when(dossier: Dossier) -> str | None:
    # A second request is allowed (with its reason, checked by the action) and counts late.
    if dossier.state not in {State.RECEIVED, *PROCESSING_STATES}:
        return "Chỉ yêu cầu bổ sung hồ sơ đang được tiếp nhận hoặc xử lý."
    return None


def _extend_who(dossier: Dossier, user: AnyUser, held: frozenset[str]) -> str | None:
    if Role.LEADER in held or _is_assigned_specialist(dossier, user, held):
        return None
    return "Chỉ lãnh đạo hoặc chuyên viên được giao thụ lý mới được xin lỗi và gia hạn hồ sơ."


def _extend_when(dossier: Dossier) -> str | None:
    if dossier.state not in OPEN_STATES or dossier.state == State.SUPPLEMENT_REQUESTED:
        return "Chỉ gia hạn hồ sơ đang xử lý."
    if dossier.extended_at is not None:
        return f"Hồ sơ {dossier.code} đã được xin lỗi và gia hạn một lần; không gia hạn lần nữa."
    if dossier.due_at is None:
        return f"Hồ sơ {dossier.code} không có hạn giải quyết để gia hạn."
    if timezone.now() >= dossier.due_at:
        return (
            f"Hồ sơ {dossier.code} đã quá hạn lúc "
            f"{dossier.due_at.astimezone(TZ):%H:%M ngày %d/%m/%Y}; văn bản xin lỗi và gia hạn "
            "phải gửi trước khi hết hạn."
        )
    return None


GUARDS: dict[str, Guard] = {
    "accept": Guard(
        _roles_rule(
            "Chỉ cán bộ một cửa của đơn vị giải quyết mới được tiếp nhận hồ sơ.", Role.COUNTER
        ),
        _states_rule({State.SUBMITTED}, "Chỉ tiếp nhận hồ sơ nộp trực tuyến đang chờ tiếp nhận."),
    ),
    "refuse": Guard(_refuse_who, _refuse_when),
    "transfer": Guard(
        _roles_rule(
            "Chỉ cán bộ một cửa hoặc lãnh đạo của đơn vị giải quyết mới được chuyển xử lý hồ sơ.",
            Role.COUNTER,
            Role.LEADER,
        ),
        _states_rule({State.RECEIVED}, "Chỉ chuyển xử lý hồ sơ vừa tiếp nhận."),
    ),
    "request-supplement": Guard(_request_supplement_who, _request_supplement_when),
    "supplement": Guard(
        _roles_rule(
            "Chỉ cán bộ một cửa nơi tiếp nhận hoặc của đơn vị giải quyết mới nhận bổ sung.",
            Role.COUNTER,
        ),
        _states_rule({State.SUPPLEMENT_REQUESTED}, "Chỉ nhận bổ sung cho hồ sơ đang chờ bổ sung."),
    ),
    "appraise": Guard(
        _appraise_who,
        _states_rule(PROCESSING_STATES, "Hồ sơ không ở bước thẩm định."),
    ),
    "approve": Guard(
        _roles_rule("Chỉ lãnh đạo của đơn vị giải quyết mới được phê duyệt hồ sơ.", Role.LEADER),
        _approve_when,
    ),
    "sign": Guard(
        _roles_rule("Chỉ lãnh đạo của đơn vị giải quyết mới được ký số kết quả.", Role.LEADER),
        _states_rule({State.AWAITING_SIGNATURE}, "Chỉ ký số lại hồ sơ đã phê duyệt, chờ ký số."),
    ),
    "send-back": Guard(
        _roles_rule("Chỉ lãnh đạo của đơn vị giải quyết mới được trả lại hồ sơ.", Role.LEADER),
        _states_rule({State.AWAITING_APPROVAL}, "Chỉ trả lại hồ sơ đang chờ phê duyệt."),
    ),
    "extend": Guard(_extend_who, _extend_when),
    "stop": Guard(
        _roles_rule(
            "Chỉ lãnh đạo của đơn vị giải quyết mới được dừng giải quyết hồ sơ.", Role.LEADER
        ),
        _states_rule(OPEN_STATES, "Chỉ dừng giải quyết hồ sơ đang xử lý."),
    ),
    "withdraw": Guard(
        _roles_rule(
            "Chỉ cán bộ một cửa của đơn vị giải quyết mới được ghi nhận việc rút hồ sơ.",
            Role.COUNTER,
        ),
        _states_rule(
            OPEN_STATES | {State.SUBMITTED},
            "Không rút được hồ sơ đã giải quyết xong, đã trả kết quả hoặc đã kết thúc.",
        ),
    ),
    "return": Guard(
        _roles_rule(
            "Chỉ cán bộ một cửa nơi tiếp nhận hoặc của đơn vị giải quyết mới được trả kết quả.",
            Role.COUNTER,
        ),
        _states_rule({State.RESULT_READY}, "Chỉ trả kết quả hồ sơ đã giải quyết xong."),
    ),
}
