"""Citizen and digital-volunteer accounts."""

from __future__ import annotations

import pytest

from motcua.accounts.actions import AccountError, create_citizen_account, create_volunteer_account
from motcua.accounts.choices import AccountKind
from motcua.accounts.queries import account_kind, roles_of

pytestmark = pytest.mark.django_db


def test_citizen_account_created_with_phone_as_username():
    account = create_citizen_account(full_name="Ngô Văn Bình", phone="+84 912 000 111")
    assert account.kind == AccountKind.CITIZEN
    assert account.phone == "0912000111"
    assert account.user.username == "0912000111"
    assert not account.user.has_usable_password()
    assert account_kind(account.user) == "citizen"
    assert roles_of(account.user) == frozenset()


def test_citizen_account_with_email_only_and_password():
    account = create_citizen_account(
        full_name="Lý Thị Cúc", email="cuc@example.vn", password="mat-khau-cong-dan"
    )
    assert account.user.username == "cuc@example.vn"
    assert account.user.check_password("mat-khau-cong-dan")


def test_citizen_account_needs_phone_or_email_and_valid_values():
    with pytest.raises(AccountError, match="Cần số điện thoại"):
        create_citizen_account(full_name="Không Liên Lạc")
    with pytest.raises(AccountError, match="không hợp lệ"):
        create_citizen_account(full_name="Sai Số", phone="12345")
    with pytest.raises(AccountError, match="thư điện tử"):
        create_citizen_account(full_name="Sai Thư", email="khong-phai-email")
    with pytest.raises(AccountError, match="Mật khẩu"):
        create_citizen_account(full_name="Ngắn", phone="0912000222", password="abc")


def test_citizen_account_phone_taken_is_refused(citizen):
    with pytest.raises(AccountError, match="đã được dùng"):
        create_citizen_account(full_name="Người Khác", phone="0912345678", username="khac")


def test_volunteer_account_for_a_commune(volunteer):
    account = volunteer.account
    assert account.kind == AccountKind.VOLUNTEER
    assert account.unit_id == "08716"
    assert account_kind(volunteer) == "volunteer"
    with pytest.raises(AccountError, match="cấp xã"):
        create_volunteer_account(full_name="Tỉnh", phone="0912000333", unit="25")
