"""Browser journey (issue 24, part 1): a citizen changes their phone through the pages with
a code sent to the old number, then one sent to the new; a counter officer changes another
citizen's phone at the counter after checking their identity document. At 1280 and 390 px,
axe-core clean, no sideways scroll; screenshots in the temp folder's motcua-journeys/.

Skips with the reason when /usr/bin/chromium or Playwright is missing (CI installs them).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.browser.journey import (
    PASSWORD,
    WIDTHS,
    Problems,
    citizen_login,
    login_code,
    logout,
    new_page,
    staff_login,
)

SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"
UNIT = "08716"


def test_citizen_and_counter_change_a_phone(
    master_data_restored, transactional_db, live_server, browser, settings
):
    from motcua.accounts.actions import create_citizen_account, create_official
    from motcua.accounts.choices import Role, Title
    from motcua.accounts.models import Account
    from motcua.citizens.models import ContactChange, OneTimeCode
    from motcua.units.choices import AgencyKind

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    SHOTS.mkdir(parents=True, exist_ok=True)
    create_official(
        "quay_lh",
        full_name="Nguyễn Thị Lan",
        unit=UNIT,
        role=Role.COUNTER,
        title=Title.OFFICER,
        agency=AgencyKind.PSC,
        password=PASSWORD,
    )
    base = live_server.url
    problems = Problems()
    for index, width in enumerate(WIDTHS):
        # a quarter hour later: this address's three codes (login, old, new) no longer count
        OneTimeCode.objects.all().delete()
        old, new = f"091200010{index}", f"098700010{index}"
        walk_in, walk_in_new = f"091300010{index}", f"096600010{index}"
        create_citizen_account(full_name="Đỗ Thị Mai", phone=old)
        create_citizen_account(full_name="Trần Văn Bình", phone=walk_in)
        page = new_page(browser, width)
        # the citizen, from "Hồ sơ của tôi"
        citizen_login(page, base, old)
        page.click("a:has-text('Đổi số điện thoại, thư điện tử')")
        problems.check(page, "contact change, start")
        page.fill("#new_value", "12345")
        page.click("button:has-text('Gửi mã đến địa chỉ đang dùng')")
        assert "Số điện thoại" in page.locator("#loi").inner_text()
        problems.check(page, "contact change, bad number")
        page.fill("#new_value", new)
        page.click("button:has-text('Gửi mã đến địa chỉ đang dùng')")
        assert "0912***10" in page.locator("#da-gui").inner_text()
        problems.check(page, "contact change, code to the old number")
        page.fill("#code", login_code(old))
        page.click("button:has-text('Xác nhận')")
        assert "địa chỉ mới" in page.locator("#da-gui").inner_text()
        page.fill("#code", login_code(new))
        page.click("button:has-text('Xác nhận')")
        assert new in page.locator("#da-doi").inner_text()
        problems.check(page, "contact change, done")
        page.screenshot(path=str(SHOTS / f"contact-change-citizen-{width}.png"), full_page=True)
        assert Account.objects.get(phone=new).full_name == "Đỗ Thị Mai"
        logout(page)
        # the counter officer, for a citizen standing before them
        staff_login(page, base, "quay_lh")
        page.click("a:has-text('Đổi số điện thoại, thư điện tử của công dân')")
        page.fill("#current", walk_in)
        page.fill("#new_value", walk_in_new)
        page.fill("#document_number", "025090123456")
        page.click("button:has-text('Đổi và ghi nhận đối chiếu')")
        assert "Hãy xác nhận đã đối chiếu" in page.locator("#loi").inner_text()
        problems.check(page, "counter contact change, unchecked")
        page.fill("#document_number", "025090123456")
        page.check("#checked")
        page.click("button:has-text('Đổi và ghi nhận đối chiếu')")
        done = page.locator("#da-doi").inner_text()
        assert walk_in_new in done and "Nguyễn Thị Lan" in done
        problems.check(page, "counter contact change, done")
        page.screenshot(path=str(SHOTS / f"contact-change-counter-{width}.png"), full_page=True)
        change = ContactChange.objects.get(new_value=walk_in_new)
        assert change.method == "counter" and change.document_tail == "3456"
        logout(page)
        page.context.close()
    problems.assert_none()
