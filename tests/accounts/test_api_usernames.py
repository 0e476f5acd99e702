"""Other officials' usernames stay out of the dossier answers (issue 24, part 2): the API
names officials by their full name; a caller sees only their own username."""

from __future__ import annotations

import pytest

from motcua.dossiers.actions import transfer
from tests.dossiers.conftest import receive
from tests.fixtures.personas import api_client_for

pytestmark = pytest.mark.django_db


def test_dossier_answers_name_officials_not_their_logins(counter_vp, specialist_vp):
    dossier = transfer(receive(counter_vp), actor=counter_vp, assignee_username="specialist_vp")
    specialist = api_client_for(specialist_vp)
    # the detail and the list name the counter officer and the specialist
    detail = specialist.get(f"/api/v1/dossiers/{dossier.code}").json()
    assert detail["received_by"] == "Nguyễn Thị Lan"
    assert detail["assignee"] == "Trần Văn Minh"
    [row] = specialist.get("/api/v1/dossiers").json()["items"]
    assert row["assignee"] == "Trần Văn Minh"
    # the events: the specialist does not see the counter officer's login
    events = specialist.get(f"/api/v1/dossiers/{dossier.code}/events").json()
    assert [(e["actor"], e["actor_username"]) for e in events] == [
        ("Nguyễn Thị Lan", None),
        ("Nguyễn Thị Lan", None),
    ]
    # but the counter officer sees their own
    events = api_client_for(counter_vp).get(f"/api/v1/dossiers/{dossier.code}/events").json()
    assert {e["actor_username"] for e in events} == {"counter_vp"}
    body = str(specialist.get(f"/api/v1/dossiers/{dossier.code}").content)
    assert "counter_vp" not in body
