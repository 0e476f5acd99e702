"""The approve form on the dossier page asks for the signing PIN safely."""

from __future__ import annotations

import pytest

from motcua.dossiers.actions import ACTIONS

from .conftest import receive

pytestmark = pytest.mark.django_db


def _awaiting_approval(counter_vp, specialist_vp):
    dossier = receive(counter_vp)
    ACTIONS["transfer"].run(dossier, actor=counter_vp, assignee=specialist_vp.username)
    ACTIONS["appraise"].run(dossier, actor=specialist_vp, proposal="approve", note="")
    return dossier


def test_approve_form_has_an_optional_password_pin(client, counter_vp, specialist_vp, leader_vp):
    dossier = _awaiting_approval(counter_vp, specialist_vp)
    client.force_login(leader_vp)
    html = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert 'type="password" id="approve-pin" name="pin"' in html
    assert "để trống nếu ký tay" in html


def test_pin_is_never_echoed_after_an_error(client, counter_vp, specialist_vp, leader_vp):
    dossier = _awaiting_approval(counter_vp, specialist_vp)
    client.force_login(leader_vp)
    # a stale version: the page comes back with the conflict and the posted values
    response = client.post(
        f"/ho-so/{dossier.code}/hanh-dong/approve/", {"version": "1", "pin": "135790"}
    )
    assert response.status_code == 409
    assert "135790" not in response.content.decode()
