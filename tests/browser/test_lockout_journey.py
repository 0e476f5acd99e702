"""Browser journey (issue 24, part 2): an official who mistypes the password too often is
told, in Vietnamese, that the login is locked and for how many minutes.

Through the login page only, at 1280 and 390 px: LOGIN_MAX_FAILURES wrong passwords, then
the lock-out page (HTTP 429) with "thử lại sau 15 phút" and a way back to the login page.
axe-core (serious, critical) and sideways scrolling are checked; screenshots go to
$TMPDIR/motcua-journeys.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.browser.journey import PASSWORD, WIDTHS, Problems, new_page

SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"


def test_locked_official_is_told_how_long(
    master_data_restored, transactional_db, live_server, browser, settings
):
    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role

    SHOTS.mkdir(exist_ok=True)
    base = live_server.url
    problems = Problems()
    for width in WIDTHS:
        username = f"quay_{width}"
        create_official(
            username, full_name="Lê Thị Lan", unit="08716", role=Role.COUNTER, password=PASSWORD
        )
        page = new_page(browser, width)
        page.goto(f"{base}/dang-nhap/")
        for attempt in range(settings.LOGIN_MAX_FAILURES):
            page.fill("#id_username", username)
            page.fill("#id_password", "sai-mat-khau")
            with page.expect_navigation():
                page.click("button[type=submit]")
            if attempt < settings.LOGIN_MAX_FAILURES - 1:
                assert "không đúng" in page.inner_text("#login-errors")
        message = page.inner_text("#login-errors")
        assert "Tài khoản tạm khóa" in message
        assert "thử lại sau 15 phút" in message
        problems.check(page, "locked")
        page.screenshot(path=str(SHOTS / f"login-locked-{width}.png"), full_page=True)
        page.click("a:has-text('Quay lại trang đăng nhập')")
        page.wait_for_url("**/dang-nhap/")
        page.context.close()
    problems.assert_none()
