"""Step due times of a dossier (invariant 3: through workcal).

The snapshot's steps (receive at the counter, process, leader signs, return) each have an hour
budget; when a step starts, its due time is the budget in working time from then, capped at
the dossier's legal `due_at` (a step budget never overrides the same-day rule).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from motcua.accounts.choices import Role
from motcua.workcal.deadlines import Calendar
from motcua.workcal.queries import calendar_for

from .models import Dossier


def _step_index(dossier: Dossier, stage: str) -> int:
    """The index in the snapshot's steps of a stage: receive, process, sign or return."""
    steps = dossier.snapshot.get("steps") or []
    roles = [str(step.get("role", "")) for step in steps]
    if stage == "receive":
        return 0
    if stage == "process":
        for index, role in enumerate(roles):
            if index > 0 and role not in {Role.COUNTER, Role.LEADER}:
                return index
        return 1
    if stage == "sign":
        for index, role in enumerate(roles):
            if role == Role.LEADER:
                return index
        return 2
    # return: the last counter step after the start.
    for index in range(len(roles) - 1, 0, -1):
        if roles[index] == Role.COUNTER:
            return index
    return max(len(roles) - 1, 3)


def start_step(
    dossier: Dossier, stage: str, at: datetime, calendar: Calendar | None = None
) -> None:
    """Set `current_step` and `step_due_at` (not saved) for a stage starting at `at`.

    The step's hour budget runs in working time from `at`; the result is capped at the
    dossier's `due_at`, so a step budget never overrides the legal (same-day) due time.
    """
    steps = dossier.snapshot.get("steps") or []
    index = _step_index(dossier, stage)
    dossier.current_step = index
    hours = steps[index].get("hours") if index < len(steps) else None
    step_due: datetime | None = None
    if hours is not None:
        step_due = (calendar or calendar_for(settings.MOTCUA_PROVINCE)).add_working_hours(at, hours)
    if dossier.due_at is not None and (step_due is None or step_due > dossier.due_at):
        step_due = dossier.due_at if index < len(steps) else None
    dossier.step_due_at = step_due
