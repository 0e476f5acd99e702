"""Form 06, the process control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ): each
hand-over of the dossier against its step's hour budget in the snapshot."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from motcua.dossiers.choices import event_label
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workcal.deadlines import Calendar
from motcua.workcal.queries import calendar_for

from .common import (
    committee_name,
    events_of,
    name_of_username,
    normal_action,
    official_names,
    psc_lines,
    psc_place,
)
from .pdf import OfficialDocument, local, time_and_date

# Results of one step of form 06, against the step's hour budget in the snapshot.
EARLY = "Trước hạn"
ON_TIME = "Đúng hạn"
LATE = "Quá hạn"
# A hand-over within this much working time before the step's budget runs out counts as "on
# time" rather than "early": budgets are whole hours, hand-overs are minutes apart.
ON_TIME_MARGIN = timedelta(minutes=30)


@dataclass(frozen=True)
class ControlRow:
    """One hand-over of form 06: who gave, who took, when, and how the step went."""

    action: str
    giver: str
    taker: str
    at: datetime
    result: str
    note: str


def _step_index(steps: Sequence[Mapping[str, Any]], action: str) -> int | None:
    """The step that a hand-over closes: the counter's first step on transfer, the appraising
    step on appraise, the leader's step on approve or send-back, the last step on return."""
    if not steps:
        return None
    if action == "transfer":
        return 0
    if action == "return":
        return len(steps) - 1
    if action == "appraise":
        for index, step in enumerate(steps):
            if index and step.get("role") not in {"counter", "leader"}:
                return index
        return None
    if action in {"approve", "send_back"}:
        for index, step in enumerate(steps):
            if step.get("role") == "leader":
                return index
    return None


def step_result(elapsed: timedelta, budget_hours: float | None) -> str:
    """Before, on or after a step's hour budget (form 06, "kết quả giải quyết")."""
    if budget_hours is None:
        return ""
    budget = timedelta(hours=budget_hours)
    if elapsed > budget:
        return LATE
    if elapsed >= budget - ON_TIME_MARGIN:
        return ON_TIME
    return EARLY


def control_rows(
    dossier: Dossier,
    events: Sequence[DossierEvent],
    calendar: Calendar,
    names: Mapping[int, str],
    username_name: Callable[[str], str] = name_of_username,
) -> list[ControlRow]:
    """The rows of form 06, one per event, each hand-over marked against its step budget.

    A step's time is the working time (workcal) from the previous hand-over to this one,
    minus the time the dossier waited for the citizen's supplement (the clock stops then).
    """
    steps: list[Mapping[str, Any]] = list(dossier.snapshot.get("steps") or [])
    psc = dossier.receiving_agency.name
    committee = committee_name(dossier)
    applicant = f"Người nộp hồ sơ: {dossier.applicant_name}"
    assignee = ""
    clock_start: datetime | None = None
    paused = timedelta(0)
    pause_start: datetime | None = None
    rows: list[ControlRow] = []
    for event in events:
        action = normal_action(event.action)
        actor = names.get(event.actor_id, "") if event.actor_id is not None else ""
        payload = event.payload
        result = ""
        if action in {"receive", "accept"}:
            giver, taker = applicant, f"{psc}: {actor}"
            clock_start = event.at
        elif action == "transfer":
            assignee = username_name(str(payload.get("assignee", "")))
            giver, taker = f"{psc}: {actor}", f"{committee}, chuyên viên: {assignee}"
        elif action == "appraise":
            giver, taker = f"Chuyên viên: {actor}", f"Lãnh đạo {committee}"
        elif action == "send_back":
            giver, taker = f"Lãnh đạo: {actor}", f"Chuyên viên: {assignee or '...'}"
        elif action in {"approve", "sign"}:
            giver, taker = f"Lãnh đạo: {actor}", f"Bộ phận một cửa, {psc}"
        elif action == "return":
            giver, taker = f"{psc}: {actor}", applicant
        elif action == "supplement":
            giver, taker = applicant, f"{actor}"
        else:
            giver, taker = actor, applicant
        index = _step_index(steps, action)
        if index is not None and clock_start is not None:
            elapsed = calendar.working_time_between(clock_start, event.at) - paused
            result = step_result(elapsed, steps[index].get("hours"))
            clock_start, paused = event.at, timedelta(0)
        if action == "request_supplement":
            pause_start = event.at
        elif action == "supplement" and pause_start is not None:
            paused += calendar.working_time_between(pause_start, event.at)
            pause_start = None
        note = event_label(action)
        detail = str(payload.get("reason") or payload.get("note") or "").strip()
        if detail:
            note = f"{note}: {detail}"
        rows.append(ControlRow(action, giver, taker, event.at, result, note))
    return rows


def control_sheet_rows(dossier: Dossier) -> list[ControlRow]:
    """The rows of form 06 from the dossier's events, names and the province's calendar."""
    events = events_of(dossier)
    names = official_names(event.actor_id for event in events)
    return control_rows(dossier, events, calendar_for(settings.MOTCUA_PROVINCE), names)


def control_sheet(dossier: Dossier) -> bytes:
    """Form 06 (Phiếu kiểm soát quá trình giải quyết hồ sơ): one row per hand-over with from,
    to, time (giờ, phút, ngày, tháng, năm) and whether the step went before, on or after its
    budget in the snapshot (invariant 2), so a late step is visible to the leader."""
    rows = control_sheet_rows(dossier)
    doc = OfficialDocument(title=f"Phiếu kiểm soát {dossier.code}")
    doc.letterhead(psc_lines(dossier), psc_place(dossier), local(dossier.received_at).date())
    doc.heading("Phiếu kiểm soát quá trình giải quyết hồ sơ", f"Mã hồ sơ: {dossier.code}")
    doc.field("Thủ tục", f"{dossier.procedure_name} (mã {dossier.procedure_code})")
    doc.field("Người nộp hồ sơ", dossier.applicant_name)
    doc.field("Thời gian tiếp nhận", time_and_date(dossier.received_at))
    doc.field("Thời gian hẹn trả kết quả", time_and_date(dossier.due_at) or "...")
    doc.table_rows(
        ["STT", "Bên giao", "Bên nhận", "Thời gian giao, nhận", "Kết quả", "Ghi chú"],
        [
            [str(index), row.giver, row.taker, time_and_date(row.at), row.result, row.note]
            for index, row in enumerate(rows, start=1)
        ],
        (10, 36, 36, 30, 20, 33),
        size=10,
        aligns=("CENTER", "LEFT", "LEFT", "LEFT", "CENTER", "LEFT"),
    )
    return doc.render()
