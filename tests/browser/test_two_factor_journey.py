"""Browser journey (issue 24, part 2): a commune leader enrols an authenticator app at first
sign-in and signs in with its code afterwards; a wrong code is refused in Vietnamese.

Through the pages only, at 1280 and 390 px (one leader per width, each new to two-step
sign-in): password, the enrolment page (QR code and the secret as text; the journey reads
the secret as a person types it into the app and computes the app's code), the recovery
codes shown once, the start page; then logout, password again, a wrong code, the right code.
axe-core (serious, critical) and sideways scrolling are checked on every page; screenshots go
to $TMPDIR/motcua-journeys.

Skips with the reason when /usr/bin/chromium or Playwright is missing (CI installs them).
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from tests.browser.journey import (
    PASSWORD,
    WIDTHS,
    Problems,
    authenticator_code,
    logout,
    new_page,
)

VINH_PHUC = "08716"
SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"


def test_leader_enrols_an_authenticator_and_signs_in_with_its_code(
    master_data_restored, transactional_db, live_server, browser
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title

    SHOTS.mkdir(exist_ok=True)
    base = live_server.url
    problems = Problems()
    for number, width in enumerate(WIDTHS):
        username = f"lanh_dao_{width}"
        create_official(
            username,
            full_name="Nguyễn Văn Chung",
            unit=VINH_PHUC,
            role=Role.LEADER,
            title=Title.VICE_CHAIRMAN if number else Title.CHAIRMAN,
            password=PASSWORD,
        )
        page = new_page(browser, width)
        # password step, then enrolment (no app yet)
        page.goto(f"{base}/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/xac-thuc/dang-ky/**")
        assert page.locator("img.qr").is_visible()
        problems.check(page, "enrol")
        page.screenshot(path=str(SHOTS / f"two-factor-enrol-{width}.png"), full_page=True)
        # the official's staff pages stay closed meanwhile
        page.goto(f"{base}/can-bo/")
        page.wait_for_url("**/xac-thuc/dang-ky/**")
        # a mistyped code is refused, then the app's code is accepted
        page.fill("#id_code", "000000")
        page.click("button:has-text('Xác nhận và tiếp tục')")
        assert "Mã chưa đúng" in page.inner_text("#code-errors")
        problems.check(page, "enrol, wrong code")
        secret = page.get_attribute("#totp-secret", "data-secret")
        assert secret
        key = base64.b32decode(secret)
        page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
        page.fill("#id_code", authenticator_code(key))
        page.click("button:has-text('Xác nhận và tiếp tục')")
        page.wait_for_selector("#recovery-codes")
        assert page.locator("#recovery-codes li").count() == 10
        problems.check(page, "recovery codes")
        page.screenshot(path=str(SHOTS / f"two-factor-recovery-{width}.png"), full_page=True)
        page.click("a:has-text('Tôi đã lưu các mã, tiếp tục')")
        page.wait_for_url(f"{base}/can-bo/**")
        logout(page)
        page.wait_for_url("**/dang-nhap/**")

        # next sign-in: the code page
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/xac-thuc/?**")
        problems.check(page, "code")
        page.screenshot(path=str(SHOTS / f"two-factor-code-{width}.png"), full_page=True)
        page.fill("#id_code", "12")
        page.click("button:has-text('Xác nhận')")
        assert "6 chữ số" in page.inner_text("#code-errors")
        problems.check(page, "code, wrong")
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_code", authenticator_code(device.bin_key, device.last_t))
        page.click("button:has-text('Xác nhận')")
        page.wait_for_url(f"{base}/can-bo/**")
        page.context.close()
    problems.assert_none()
