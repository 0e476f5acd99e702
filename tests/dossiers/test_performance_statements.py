"""Statements per intake and per lifecycle action (issue 7, docs/performance.md): ceilings,
so a change that adds queries to the hot path shows up here before it shows in the bench."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import lifecycle
from motcua.workcal.queries import calendar_for

from .conftest import receive


def _statements(captured: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


@pytest.mark.django_db
def test_intake_runs_three_statements_on_postgresql(counter_vp):
    """The four lookups in one (receiving PSC, commune, procedure version, calendar
    version), the day's number (UPDATE ... RETURNING), and the dossier with its chain head,
    its event and the words of the applicant's name for search in one more (a WITH of three
    INSERTs; three INSERTs elsewhere): 13 before the first bench, 8 after the second."""
    receive(counter_vp)  # the day's sequence row exists from now on, as on any busy day
    with CaptureQueriesContext(connection) as captured:
        receive(counter_vp)
    sql = _statements(captured)
    # The two reads of the test's own input helpers (form example, documents) come first.
    assert len(sql) - 2 <= (3 if connection.vendor == "postgresql" else 5), "\n".join(sql)
    assert sum("workcal_officehours" in statement for statement in sql) == 1


@pytest.mark.django_db
def test_transitions_read_the_calendar_once(counter_vp, specialist_vp, leader_vp):
    """The row lock, the actor's positions once (scope and roles: `standing_of`), the step's
    calendar, the UPDATE with the chain head, the event; no reload of the row after it
    (transfer 11 → 7, appraise 9 → 5, approve 14 → 10, return 7 → 4 since the first bench)."""
    dossier = receive(counter_vp)
    calendar_for()
    ceilings = {"transfer": 7, "appraise": 5, "approve": 10, "return": 4}
    steps = [
        ("transfer", counter_vp, {"assignee": specialist_vp.username}),
        ("appraise", specialist_vp, {"proposal": "approve", "note": ""}),
        ("approve", leader_vp, {}),
        ("return", counter_vp, {}),
    ]
    for name, actor, fields in steps:
        with CaptureQueriesContext(connection) as captured:
            lifecycle.ACTIONS[name].run(dossier, actor=actor, **fields)
        sql = _statements(captured)
        assert len(sql) <= ceilings[name], (name, sql)
        assert sum("workcal_calendaroverride" in statement for statement in sql) <= 1
