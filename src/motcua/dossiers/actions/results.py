"""Issuing a dossier's result when a leader approves or signs it (issue 4): status 9 when the
result is signed (or issued on paper), else the approval is kept awaiting its signature.
What an approval registers first (a civil-status entry, issue 26) comes from the app that
keeps it (`set_registration`).

How a result is issued belongs to the signing app, which registers its issuer at start-up
(`set_result_issuer`); the dossiers app cannot import signing (apps depend one way), so the
default issues a paper result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from ..choices import STATUS_OF_STATE, State
from ..models import Dossier
from ..steps import start_step
from ..timeliness import timeliness_at_finish
from .acting import commit
from .errors import DossierInvalidError


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


# Writes what approving a dossier of a procedure registers, inside the approving
# transaction, before its result is issued: (locked dossier, actor, at) → what the event
# records. The civil-status register registers one per civil-status procedure at start-up
# (`set_registration`); dossiers cannot import it (apps depend one way).
Registration = Callable[..., dict[str, Any]]

_registrations: dict[str, Registration] = {}


def set_registration(procedure_code: str, registration: Registration | None) -> None:
    """Register what approving a dossier of `procedure_code` writes (the civil-status app
    does, in its `ready`: the entry in the register's book); None removes it."""
    if registration is None:
        _registrations.pop(procedure_code, None)
    else:
        _registrations[procedure_code] = registration


def register_on_approval(locked: Dossier, *, actor: AbstractBaseUser, at: datetime) -> dict:
    """Run the procedure's registration, if it has one, for the dossier being approved:
    what it wrote, for the approval's event ({} when the procedure registers nothing)."""
    registration = _registrations.get(locked.procedure_code)
    return registration(locked, actor=actor, at=at) if registration is not None else {}


def issue_result(
    dossier: Dossier,
    locked: Dossier,
    *,
    actor: AbstractBaseUser,
    action: str,
    pin: str,
    now: datetime,
    retry: bool,
    recorded: dict[str, Any] | None = None,
) -> Dossier:
    """Issue the result: status 9 when signed (or on paper), else awaiting signature.

    The issuer sees the dossier as it will be once settled (state result_ready, finished now)
    so the result renders; the state is put back before `commit` records the move. A failed
    first signing keeps the approval (state awaiting_signature, status 4, the reason in the
    event); a failed retry changes nothing and answers 422 with the reason. `recorded` (what
    the approval registered) goes into the event either way.
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
        return commit(
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
                **(recorded or {}),
            },
            at=now,
        )
    locked.finished_at, locked.timeliness = prior[2], prior[3]
    if retry:
        raise DossierInvalidError(
            f"Ký số không thành công: {outcome.reason}", {"pin": [outcome.reason]}
        )
    return commit(
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
            **(recorded or {}),
        },
        at=now,
    )
