"""Browser journey (issue 24, parts 3 and 4): a citizen looks a dossier up with the code
alone (the page says only that it exists) and then with the lookup token typed from the
receipt (the page shows the status); the counter officer of commune A opens the outbox and
sees the messages of commune A only, none of commune B. At 1280 and 390 px, axe-core clean,
no sideways scroll; screenshots in the temp folder's motcua-journeys/.

Skips with the reason when /usr/bin/chromium or Playwright is missing (CI installs them).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.browser.journey import (
    PASSWORD,
    WIDTHS,
    Problems,
    logout,
    new_page,
    staff_login,
)

SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"
UNIT_A, UNIT_B = "08716", "08914"


def test_lookup_needs_the_token_and_the_outbox_keeps_to_its_commune(
    master_data_restored, transactional_db, live_server, browser
):
    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.dossiers.lookup_tokens import display_token
    from motcua.notifications.actions import queue_message
    from motcua.notifications.providers import MemorySmsProvider
    from motcua.units.choices import AgencyKind
    from tests.dossiers.conftest import receive

    SHOTS.mkdir(parents=True, exist_ok=True)
    officers = {
        unit: create_official(
            f"quay_{unit}",
            full_name=name,
            unit=unit,
            role=Role.COUNTER,
            title=Title.OFFICER,
            agency=AgencyKind.PSC,
            password=PASSWORD,
        ).user
        for unit, name in ((UNIT_A, "Nguyễn Thị Lan"), (UNIT_B, "Phạm Thị Hoa"))
    }
    # Messages wait in the outbox (the gateway is down): one about each commune.
    MemorySmsProvider.fail = True
    try:
        dossier = receive(officers[UNIT_A])
        other = receive(officers[UNIT_B], unit=UNIT_B)
        queue_message(channel="sms", destination="0912000111", body="A", unit_id=UNIT_A)
        queue_message(channel="sms", destination="0977000222", body="B", unit_id=UNIT_B)
    finally:
        MemorySmsProvider.fail = False
    token = display_token(dossier.code)

    base = live_server.url
    problems = Problems()
    for width in WIDTHS:
        page = new_page(browser, width)
        # the code alone: only that the dossier exists
        page.goto(f"{base}/")
        page.click("header a:has-text('Tra cứu hồ sơ')")
        page.fill("#ma", dossier.code)
        page.click("form.search button:has-text('Tra cứu')")
        found = page.locator("#ton-tai").inner_text()
        assert f"Hồ sơ {dossier.code} tồn tại" in found
        content = page.locator("main").inner_text()
        assert "Đã tiếp nhận" not in content and "Các bước" not in content
        assert "Hẹn trả kết quả" not in content
        problems.check(page, "lookup, code only")
        page.screenshot(path=str(SHOTS / f"lookup-code-only-{width}.png"), full_page=True)
        # a wrong token: said so, nothing more shown
        page.fill("#t", display_token(other.code))
        page.click("form.search button:has-text('Tra cứu')")
        assert "Mã tra cứu không đúng" in page.locator("#ma-tra-cuu-sai").inner_text()
        assert "Đã tiếp nhận" not in page.locator("main").inner_text()
        problems.check(page, "lookup, wrong token")
        # the token as typed from the receipt (lower case, spaces for dashes): the status
        page.fill("#t", token.lower().replace("-", " "))
        page.click("form.search button:has-text('Tra cứu')")
        result = page.locator("#h-ket-qua").locator("xpath=..").inner_text()
        assert "Đã tiếp nhận" in result and "Hẹn trả kết quả" in result
        problems.check(page, "lookup, code and token")
        page.screenshot(path=str(SHOTS / f"lookup-with-token-{width}.png"), full_page=True)
        # the outbox of commune A: its messages only
        staff_login(page, base, f"quay_{UNIT_A}")
        page.click("a:has-text('Hộp thư đi')")
        page.wait_for_url("**/can-bo/hop-thu-di/")
        outbox = page.locator("main").inner_text()
        assert "0912***111" in outbox and dossier.code in outbox
        assert "0977***222" not in outbox and other.code not in outbox
        problems.check(page, "outbox of commune A")
        page.screenshot(path=str(SHOTS / f"outbox-commune-a-{width}.png"), full_page=True)
        logout(page)
        page.context.close()
    problems.assert_none()
