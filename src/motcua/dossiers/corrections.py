"""Correcting a typing slip after intake (issue 22, part 8): the applicant's details
(`correct_applicant`) or the e-form's content (`correct_data`).

A counter officer (of the receiving centre or the competent commune) fixes the name, ID
number, date of birth, address, phone or e-mail as printed on the receipt; the change is an
event of the dossier's chain ("correct") recording who, when, each field before and after and
the reason, and the receipt (form 01) printed again shows the corrected details. Checked as
at intake (`actions.check_applicant`); nothing else of the dossier changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from motcua.accounts.queries import Standing

from .actions.acting import check_version, commit, lock
from .actions.checks import Applicant, check_applicant
from .actions.errors import DossierConflictError, DossierInvalidError, DossierPermissionError
from .choices import FINISHED_STATES, State
from .guards import counter_may
from .models import Dossier, NameWord, name_words

# The applicant's columns a correction may change, with their Vietnamese names.
CORRECTABLE: dict[str, str] = {
    "applicant_name": "Họ và tên",
    "applicant_id_number": "Số định danh cá nhân",
    "applicant_date_of_birth": "Ngày sinh",
    "applicant_address": "Địa chỉ",
    "applicant_phone": "Số điện thoại",
    "applicant_email": "Thư điện tử",
}
# Corrected while the dossier is worked on or its result waits to be collected.
CORRECTABLE_STATES = frozenset(State) - (FINISHED_STATES - {State.RESULT_READY})
MAX_REASON = 500


def may_correct(dossier: Dossier, user: Any, standing: Standing) -> bool:
    """Whether the page offers the corrections: a counter officer here, an open dossier."""
    return dossier.state in CORRECTABLE_STATES and counter_may("correct", dossier, user, standing)


def _begin(
    dossier: Dossier, actor: AbstractBaseUser, expected_version: int | None, what: str
) -> Dossier:
    """Lock, then scope (404), role (403), version and state (409), as every action does."""
    locked, standing = lock(dossier, actor=actor)
    if not counter_may("correct", locked, actor, standing):
        raise DossierPermissionError(
            f"Chỉ cán bộ một cửa nơi tiếp nhận hoặc của đơn vị giải quyết mới được sửa {what}."
        )
    check_version(locked, expected_version)
    if locked.state not in CORRECTABLE_STATES:
        raise DossierConflictError(
            f"Hồ sơ {locked.code} đã kết thúc (“{locked.get_state_display()}”); không sửa {what}."
        )
    return locked


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value or "")


@transaction.atomic
def correct_applicant(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    applicant: Applicant,
    reason: str,
    expected_version: int | None = None,
) -> dict[str, tuple[str, str]]:
    """Correct the applicant's details; answers the changes {column: (before, after)}.

    404 outside scope, 403 for anyone but a counter officer of the receiving or competent
    commune, 409 on a stale version or a finished dossier, 422 naming the field on bad input,
    a missing reason or no change at all.
    """
    locked = _begin(dossier, actor, expected_version, "thông tin người nộp")
    errors: dict[str, list[str]] = {}
    check_applicant(applicant, errors)
    text = (reason or "").strip()
    if not text:
        errors["reason"] = ["Lý do sửa: cần ghi lý do (ví dụ gõ nhầm khi tiếp nhận)."]
    elif len(text) > MAX_REASON:
        errors["reason"] = [f"Lý do sửa: tối đa {MAX_REASON} ký tự."]
    if errors:
        first = next(iter(errors.values()))[0]
        raise DossierInvalidError(first, errors)
    columns = applicant.columns()
    changes = {
        column: (_shown(getattr(locked, column)), _shown(columns[column]))
        for column in CORRECTABLE
        if getattr(locked, column) != columns[column]
    }
    if not changes:
        message = "Thông tin người nộp không thay đổi; không có gì để sửa."
        raise DossierInvalidError(message, {"applicant.full_name": [message]})
    for column, value in columns.items():
        setattr(locked, column, value)
    if "applicant_name" in changes:
        # The name's search keys follow the name (`NameWord`).
        NameWord.objects.filter(dossier_id=locked.pk).delete()
        NameWord.objects.bulk_create(name_words(locked, locked.receiving_unit_code))
    commit(
        dossier,
        locked,
        actor=actor,
        action="correct",
        state=locked.state,
        fields=list(columns),
        payload={
            "reason": text,
            "changes": {
                CORRECTABLE[column]: {"before": before, "after": after}
                for column, (before, after) in changes.items()
            },
        },
        at=timezone.now(),
    )
    return changes


@transaction.atomic
def correct_data(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    data: dict[str, Any],
    reason: str,
    expected_version: int | None = None,
) -> dict[str, tuple[str, str]]:
    """Correct the e-form's content (tờ khai): the same checks as `correct_applicant`, the
    data checked against the dossier's own e-form (422 with each problem under
    "data.<field>"); the event names each changed field by its labels, before and after."""
    from .forms import eform_errors, eform_nodes, eform_text_values, flatten_labels

    locked = _begin(dossier, actor, expected_version, "tờ khai")
    schema = locked.procedure_version.form_schema
    errors = {f"data.{key}": items for key, items in eform_errors(schema, data).items()}
    text = (reason or "").strip()
    if not text:
        errors["reason"] = ["Lý do sửa: cần ghi lý do (ví dụ gõ nhầm khi tiếp nhận)."]
    elif len(text) > MAX_REASON:
        errors["reason"] = [f"Lý do sửa: tối đa {MAX_REASON} ký tự."]
    if errors:
        raise DossierInvalidError(next(iter(errors.values()))[0], errors)
    before = eform_text_values(schema, locked.data)
    after = eform_text_values(schema, data)
    labels = flatten_labels(eform_nodes(schema))
    changes = {
        key: (before.get(key, ""), after.get(key, ""))
        for key in sorted(set(before) | set(after))
        if before.get(key, "") != after.get(key, "")
    }
    if not changes:
        message = "Nội dung tờ khai không thay đổi; không có gì để sửa."
        raise DossierInvalidError(message, {"reason": [message]})
    locked.data = data
    commit(
        dossier,
        locked,
        actor=actor,
        action="correct",
        state=locked.state,
        fields=["data"],
        payload={
            "reason": text,
            "changes": {
                labels.get(key, key): {"before": old, "after": new}
                for key, (old, new) in changes.items()
            },
        },
        at=timezone.now(),
    )
    return changes
