"""The reference-data admin is open to active province administrators only."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.actions import add_position, create_official, deactivate_position
from motcua.accounts.choices import Role

pytestmark = pytest.mark.django_db


def test_province_admin_reaches_admin_and_commune_officer_does_not():
    # given a province administrator and a counter officer
    admin = create_official("tinh.admin", full_name="Quản Trị", unit="25", role=Role.PROVINCE_ADMIN)
    counter = create_official(
        "xa.motcua", full_name="Một Cửa", unit="08914", role=Role.COUNTER, agency="psc"
    )
    admin_client, counter_client = Client(), Client()
    admin_client.force_login(admin.user)
    counter_client.force_login(counter.user)
    # when each opens the admin pages for procedures and calendar overrides
    # then the administrator gets them, the counter officer is sent to the login
    assert admin_client.get("/admin/catalog/procedure/").status_code == 200
    assert admin_client.get("/admin/workcal/calendaroverride/").status_code == 200
    assert counter_client.get("/admin/catalog/procedure/").status_code == 302


def test_ending_the_admin_position_closes_the_admin():
    official = create_official("tinh.admin2", full_name="Tạm", unit="25", role=Role.PROVINCE_ADMIN)
    add_position(official, unit="25", role=Role.PROVINCE_SUPERVISOR)
    position = official.positions.get(role=Role.PROVINCE_ADMIN)
    deactivate_position(position)
    official.user.refresh_from_db()
    assert official.user.is_staff is False
    client = Client()
    client.force_login(official.user)
    assert client.get("/admin/catalog/procedure/").status_code == 302
