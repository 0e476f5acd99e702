"""The Django admin for province overrides and office hours, in Vietnamese."""

from __future__ import annotations

from datetime import date, time

import pytest

from motcua.workcal import actions
from motcua.workcal.choices import OverrideKind
from motcua.workcal.models import CalendarOverride, OfficeHours

pytestmark = pytest.mark.django_db

OVERRIDES = "/admin/workcal/calendaroverride/"
HOURS = "/admin/workcal/officehours/"


def test_admin_adds_an_override_through_the_action(admin_client):
    response = admin_client.post(
        f"{OVERRIDES}add/",
        {"province": "25", "date": "2025-01-13", "kind": "day_off", "name": "Bão"},
    )
    assert response.status_code == 302, response.content.decode()
    override = CalendarOverride.objects.get()
    assert (override.province_id, override.date, override.kind) == (
        "25",
        date(2025, 1, 13),
        OverrideKind.DAY_OFF,
    )


def test_admin_refuses_a_redundant_override_in_vietnamese(admin_client):
    response = admin_client.post(
        f"{OVERRIDES}add/",
        {"province": "25", "date": "2025-01-11", "kind": "day_off", "name": "Bão"},
    )
    assert response.status_code == 200
    assert "Thứ Bảy 11/01/2025 đã là ngày nghỉ (nghỉ cuối tuần)." in response.content.decode()
    assert not CalendarOverride.objects.exists()


def test_admin_lists_changes_and_deletes_overrides(admin_client):
    override = actions.add_override(
        actor=None, province="25", day=date(2025, 1, 13), kind=OverrideKind.DAY_OFF, name="Bão"
    )
    listing = admin_client.get(OVERRIDES)
    assert listing.status_code == 200
    assert "ngày điều chỉnh của tỉnh" in listing.content.decode()
    changed = admin_client.post(
        f"{OVERRIDES}{override.pk}/change/",
        {"province": "25", "date": "2025-01-13", "kind": "day_off", "name": "Lũ"},
    )
    assert changed.status_code == 302, changed.content.decode()
    assert CalendarOverride.objects.get().name == "Lũ"
    deleted = admin_client.post(
        OVERRIDES, {"action": "delete_selected", "_selected_action": [override.pk], "post": "yes"}
    )
    assert deleted.status_code == 302
    assert not CalendarOverride.objects.exists()


def test_admin_edits_office_hours_with_weekday_checkboxes(admin_client):
    response = admin_client.post(
        f"{HOURS}add/",
        {
            "province": "25",
            "name": "Giờ mùa đông",
            "valid_from_day": "15",
            "valid_from_month": "10",
            "morning_start": "07:30",
            "morning_end": "12:00",
            "afternoon_start": "13:30",
            "afternoon_end": "17:00",
            "weekdays": ["0", "1", "2", "3", "4", "5"],
        },
    )
    assert response.status_code == 302, response.content.decode()
    hours = OfficeHours.objects.get()
    assert hours.weekdays == [0, 1, 2, 3, 4, 5]
    assert hours.morning_start == time(7, 30)
    assert admin_client.get(f"{HOURS}{hours.pk}/change/").status_code == 200


def test_admin_refuses_overlapping_office_hours(admin_client):
    response = admin_client.post(
        f"{HOURS}add/",
        {
            "province": "25",
            "name": "Giờ sai",
            "valid_from_day": "1",
            "valid_from_month": "1",
            "morning_start": "07:00",
            "morning_end": "14:00",
            "afternoon_start": "13:30",
            "afternoon_end": "17:00",
            "weekdays": ["0"],
        },
    )
    assert response.status_code == 200
    assert "không chồng lên nhau" in response.content.decode()
    assert not OfficeHours.objects.exists()
