"""Fail-closed production check of units (issue 23): agencies on demo e-codes."""

from __future__ import annotations

import pytest

from motcua.units.checks import check_no_demo_ecodes
from motcua.units.models import Agency


@pytest.mark.django_db
def test_demo_agency_ecodes_are_refused(settings):
    # given the units imported as `motcua demo` does: every agency on a generated demo code
    settings.DEBUG = False

    [error] = check_no_demo_ecodes(databases=["default"])

    assert error.id == "motcua.E006"
    assert "mã định danh điện tử minh họa (demo)" in error.msg
    assert "motcua units load-codes" in error.hint


@pytest.mark.django_db
def test_real_ecodes_pass(settings):
    settings.DEBUG = False
    # as `motcua units load-codes` leaves them: the province's codes, not flagged demo
    Agency.objects.update(ecode_is_demo=False)

    assert check_no_demo_ecodes(databases=["default"]) == []


@pytest.mark.django_db
def test_debug_is_never_stopped(settings):
    settings.DEBUG = True
    assert check_no_demo_ecodes(databases=["default"]) == []


@pytest.mark.django_db
def test_only_the_provinces_own_agencies_count(settings):
    # given the province's agencies on real codes, the rest of the country still on demo ones
    settings.DEBUG = False
    province = settings.MOTCUA_PROVINCE
    own = Agency.objects.filter(unit_id=province) | Agency.objects.filter(unit__parent_id=province)
    own.update(ecode_is_demo=False)
    assert Agency.objects.filter(is_active=True, ecode_is_demo=True).exists()

    # then the installation may start: other provinces never number its dossiers
    assert check_no_demo_ecodes(databases=["default"]) == []
