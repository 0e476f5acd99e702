"""Scope: which units' records a user may see (accounts.queries)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from motcua.accounts.actions import add_position
from motcua.accounts.choices import Role
from motcua.accounts.queries import (
    can_see_unit,
    has_province_scope,
    officials_in_scope,
    scope_filter,
    scope_unit_codes,
)
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db


def test_scope_commune_official_sees_only_own_commune(counter_vp, counter_dt):
    assert scope_unit_codes(counter_vp) == {"08716"}
    assert can_see_unit(counter_vp, "08716")
    assert not can_see_unit(counter_vp, "08914")
    assert not can_see_unit(counter_dt, "08716")


def test_scope_kiem_nhiem_in_two_communes_sees_both(counter_dt):
    add_position(counter_dt.official, unit="08716", role=Role.SPECIALIST)
    assert scope_unit_codes(counter_dt) == {"08716", "08914"}
    assert not can_see_unit(counter_dt, "04960")


def test_scope_province_supervisor_sees_whole_province_not_others(province_supervisor):
    codes = scope_unit_codes(province_supervisor)
    assert has_province_scope(province_supervisor)
    assert len(codes - {"25"}) == 148
    assert {"25", "08716", "08914", "04960"} <= codes
    assert "01" not in codes
    assert not codes & set(Unit.objects.filter(parent_id="01").values_list("code", flat=True))


def test_scope_citizen_volunteer_anonymous_see_nothing(citizen, volunteer, anonymous, counter_vp):
    for user in (citizen, volunteer, anonymous):
        assert scope_unit_codes(user) == frozenset()
        assert not has_province_scope(user)
        assert not scope_filter(Unit.objects.all(), user, field="code").exists()
    # while an official sees their commune
    assert scope_filter(Unit.objects.all(), counter_vp, field="code").count() == 1


def test_scope_superuser_sees_province_inactive_user_nothing(counter_vp):
    admin = User.objects.create_superuser("root", "root@example.vn", "mat-khau-quan-tri")
    assert len(scope_unit_codes(admin)) == 149
    counter_vp.is_active = False
    counter_vp.save()
    assert scope_unit_codes(counter_vp) == frozenset()


def test_scope_filter_follows_a_foreign_key(counter_vp, counter_dt, province_supervisor):
    # given officials' home unit as the scoped FK (as dossiers will use `unit`)
    from motcua.accounts.models import Official

    # then a commune official sees the officials of their commune only
    assert set(scope_filter(Official.objects.all(), counter_vp).values_list("unit", flat=True)) == {
        "08716"
    }
    # and the province supervisor sees all three
    assert scope_filter(Official.objects.all(), province_supervisor).count() == 3


def test_scope_deactivated_position_drops_unit(counter_dt):
    extra = add_position(counter_dt.official, unit="08716", role=Role.SPECIALIST)
    from motcua.accounts.actions import deactivate_position

    deactivate_position(extra)
    assert scope_unit_codes(counter_dt) == {"08914"}


def test_officials_in_scope_commune_vs_province(counter_vp, specialist_vp, counter_dt, citizen):
    names = {o.user.username for o in officials_in_scope(counter_vp)}
    assert names == {"counter_vp", "specialist_vp"}
    assert not officials_in_scope(citizen).exists()
