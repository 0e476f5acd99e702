"""Officials and positions: kiêm nhiệm, roles, the chairman and vice-chairman limits."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from motcua.accounts.actions import (
    AccountError,
    add_position,
    create_official,
    deactivate_position,
)
from motcua.accounts.choices import Role, Title
from motcua.accounts.models import Position
from motcua.accounts.queries import has_role, roles_of
from motcua.units.choices import AgencyKind
from motcua.units.models import Agency

pytestmark = pytest.mark.django_db


def _official(username: str, unit: str = "08914", **kwargs):
    kwargs.setdefault("role", Role.SPECIALIST)
    return create_official(username, full_name=f"Cán bộ {username}", unit=unit, **kwargs)


def test_create_official_makes_user_official_and_first_position():
    # when
    official = create_official(
        "nguyenvana",
        full_name="Nguyễn Văn A",
        unit="8914",
        role=Role.COUNTER,
        agency=AgencyKind.PSC,
        password="mat-khau-du-dai",
    )
    # then
    position = official.positions.get()
    assert official.user.check_password("mat-khau-du-dai")
    assert official.unit_id == "08914"
    assert (position.role, position.title) == (Role.COUNTER, Title.OFFICER)
    assert position.agency == Agency.objects.get(unit_id="08914", kind=AgencyKind.PSC)


def test_create_official_refuses_taken_username_case_insensitively(counter_vp):
    with pytest.raises(AccountError, match="đã có người dùng"):
        _official("COUNTER_VP")


def test_position_kiem_nhiem_roles_are_union_of_active_positions(counter_dt):
    # given a counter officer of Đạo Trù
    official = counter_dt.official
    # when they also become registrar there and specialist in Vĩnh Phúc
    add_position(official, unit="08914", role=Role.REGISTRAR)
    extra = add_position(official, unit="08716", role=Role.SPECIALIST)
    # then the roles are the union
    assert roles_of(counter_dt) == {Role.COUNTER, Role.REGISTRAR, Role.SPECIALIST}
    assert has_role(counter_dt, Role.REGISTRAR)
    assert not has_role(counter_dt, Role.LEADER)
    # and a deactivated position no longer counts
    deactivate_position(extra)
    assert roles_of(counter_dt) == {Role.COUNTER, Role.REGISTRAR}


def test_position_duplicate_active_is_refused(counter_dt):
    with pytest.raises(AccountError, match="đã giữ chức vụ"):
        add_position(counter_dt.official, unit="08914", role=Role.COUNTER)


def test_position_agency_must_belong_to_unit(counter_dt):
    # given an agency of another commune
    other = Agency.objects.get(unit_id="08716", kind=AgencyKind.PSC)
    # then it is refused, and the commune's own is accepted
    with pytest.raises(AccountError, match="không thuộc"):
        add_position(counter_dt.official, unit="08914", role=Role.SPECIALIST, agency=other)
    own = Agency.objects.get(unit_id="08914", kind=AgencyKind.ECONOMIC)
    assert add_position(counter_dt.official, unit="08914", role=Role.SPECIALIST, agency=own)


def test_position_role_level_must_match_unit_level(counter_dt):
    with pytest.raises(AccountError, match="cấp tỉnh"):
        add_position(counter_dt.official, unit="08914", role=Role.PROVINCE_SUPERVISOR)
    with pytest.raises(AccountError, match="xã, phường"):
        add_position(counter_dt.official, unit="25", role=Role.COUNTER)
    assert add_position(counter_dt.official, unit="25", role=Role.PROVINCE_SUPERVISOR)


def test_position_outside_the_province_is_refused():
    with pytest.raises(AccountError, match="không thuộc tỉnh"):
        _official("hanoi", unit="00004")
    with pytest.raises(AccountError, match="Không có đơn vị"):
        _official("nowhere", unit="99999")


def test_position_unknown_role_or_title_is_refused():
    with pytest.raises(AccountError, match="Vai trò 'boss'"):
        _official("a1", role="boss")
    with pytest.raises(AccountError, match="Chức danh 'king'"):
        _official("a2", title="king")


def test_chairman_one_per_commune(leader_vp):
    # given Vĩnh Phúc has a chairman; when a second is appointed there, it is refused
    with pytest.raises(AccountError, match="đã có Chủ tịch UBND"):
        _official("chairman2", unit="08716", role=Role.LEADER, title=Title.CHAIRMAN)
    # while another commune may have its own
    assert _official("chairman_dt", role=Role.LEADER, title=Title.CHAIRMAN)


def test_chairman_slot_frees_when_position_ends(leader_vp):
    # given the chairman steps down
    deactivate_position(leader_vp.official.positions.get())
    # then a new chairman may be appointed
    assert _official("chairman_new", unit="08716", role=Role.LEADER, title=Title.CHAIRMAN)


def test_chairman_database_constraint_refuses_second_active(leader_vp, specialist_vp):
    # given the action's check is bypassed, the database still refuses
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            official=specialist_vp.official,
            unit_id="08716",
            title=Title.CHAIRMAN,
            role=Role.LEADER,
        )


def test_vice_chairman_at_most_two_third_refused():
    # given two vice-chairmen of Đạo Trù
    _official("vice1", role=Role.LEADER, title=Title.VICE_CHAIRMAN)
    second = _official("vice2", role=Role.LEADER, title=Title.VICE_CHAIRMAN)
    # when a third is appointed, then it is refused with a clear message
    with pytest.raises(AccountError, match="đã có đủ 2 Phó Chủ tịch UBND"):
        _official("vice3", role=Role.LEADER, title=Title.VICE_CHAIRMAN)
    # and nothing of the third was saved (user, official)
    from django.contrib.auth.models import User

    assert not User.objects.filter(username="vice3").exists()
    # when one vice-chairman leaves, the third may be appointed
    deactivate_position(second.positions.get())
    assert _official("vice3", role=Role.LEADER, title=Title.VICE_CHAIRMAN)


def test_deactivate_position_twice_is_refused(counter_dt):
    position = counter_dt.official.positions.get()
    deactivate_position(position)
    position.refresh_from_db()
    assert position.ended_at is not None
    with pytest.raises(AccountError, match="đã thôi giữ"):
        deactivate_position(position)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("ngan-qua", "Mật khẩu này quá ngắn: cần ít nhất 12 ký tự."),
        ("123456789012345", "Mật khẩu này hoàn toàn là số."),
        ("password1234", "Mật khẩu này quá phổ biến."),
        ("nguyen.van.kien", "Mật khẩu quá giống với Tên đăng nhập."),
    ],
)
def test_create_official_refuses_weak_password_in_vietnamese(password, message):
    with pytest.raises(AccountError, match="Mật khẩu không đạt") as raised:
        create_official(
            "nguyen.van.kien",
            full_name="Nguyễn Văn Kiên",
            unit="08914",
            role="counter",
            password=password,
        )
    assert message in str(raised.value)
    assert not User.objects.filter(username="nguyen.van.kien").exists()
