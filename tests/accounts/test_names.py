"""Names are shown as Vietnamese write them: family name first."""

from __future__ import annotations

import pytest

from motcua.accounts.actions import create_citizen_account, create_official

pytestmark = pytest.mark.django_db


def test_official_full_name_keeps_vietnamese_order():
    official = create_official(
        "lan.nguyen", full_name="Nguyễn Thị Lan", unit="08914", role="counter"
    )
    assert official.user.get_full_name() == "Nguyễn Thị Lan"


def test_citizen_full_name_keeps_vietnamese_order():
    account = create_citizen_account(full_name="Trần Văn Bình", phone="0912345678")
    assert account.user.get_full_name() == "Trần Văn Bình"
