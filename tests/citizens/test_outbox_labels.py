"""The staff outbox names what each message was about in Vietnamese (no machine keys)."""

from __future__ import annotations

from motcua.citizens.views.outbox import purpose_label


def test_purposes_are_named_in_vietnamese():
    assert purpose_label("code_login") == "Mã xác thực: Đăng nhập"
    assert purpose_label("accept") == "Tiếp nhận hồ sơ nộp trực tuyến"
    assert purpose_label("request_supplement") == "Yêu cầu bổ sung hồ sơ"
    assert purpose_label("something_new") == "Thông báo"
