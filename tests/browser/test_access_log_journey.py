"""Browser journey (issue 23, part 6): the access log, seen by the three people it is for.

State built through actions: a citizen's online dossier, accepted by the counter. Then
through the pages only, at 1280 and 390 px: the counter officer finds the dossier by its
code, opens it and downloads one of its files; the province admin (`tinh.quantri`, as
`motcua demo` names it) follows "Nhật ký truy cập hồ sơ" from the start page, sees both
openings with who and from where, narrows the log to the dossier, is told which field is
wrong when a day is not a day (the text typed kept), and downloads the Excel file; the
citizen logs in with a one-time code and reads on their dossier's page who opened it.
axe-core (serious, critical) and sideways scrolling are checked on every page; screenshots
go to $TMPDIR/motcua-journeys.

Skips with the reason when /usr/bin/chromium or Playwright is missing (CI installs them).
"""

from __future__ import annotations

import tempfile
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from tests.browser.journey import (
    PASSWORD,
    WIDTHS,
    Problems,
    citizen_login,
    file_birth_online,
    new_page,
    staff_login,
)

UNIT = "08716"
SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"


def test_access_log_counter_opens_admin_reads_and_exports_citizen_sees(
    master_data_restored, transactional_db, live_server, browser, settings, tmp_path
):
    from motcua.accounts.actions import create_citizen_account, create_official
    from motcua.accounts.choices import Role, Title
    from motcua.dossiers.actions import accept
    from motcua.notifications.providers import MemorySmsProvider
    from motcua.units.choices import AgencyKind

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "files"
    MemorySmsProvider.sent.clear()
    SHOTS.mkdir(parents=True, exist_ok=True)
    counter = create_official(
        "quay_nk", full_name="Nguyễn Thị Lan", unit=UNIT, role=Role.COUNTER,
        title=Title.OFFICER, agency=AgencyKind.PSC, password=PASSWORD,
    ).user  # fmt: skip
    create_official(
        "tinh.quantri", full_name="Lê Văn Quản", unit=settings.MOTCUA_PROVINCE,
        role=Role.PROVINCE_ADMIN, title=Title.PROVINCE_SPECIALIST, password=PASSWORD,
    )  # fmt: skip
    base = live_server.url
    problems = Problems()

    for turn, width in enumerate(WIDTHS):
        # given a dossier the citizen filed online, accepted at the counter (actions)
        phone = f"091234568{turn}"
        citizen = create_citizen_account(full_name="Đỗ Thị Mai", phone=phone).user
        dossier = file_birth_online(citizen, UNIT, f"02509012346{turn}", turn)
        accept(dossier, actor=counter)
        code = dossier.code

        # 1. the counter officer finds the dossier by its code, opens it, downloads a file
        page = new_page(browser, width)
        staff_login(page, base, "quay_nk")
        page.goto(f"{base}/ho-so/")
        page.fill("input[name=tim]", code)
        page.press("input[name=tim]", "Enter")
        page.click(f"a:has-text('{code}')")
        page.wait_for_url(f"**/ho-so/{code}/")
        with page.expect_download() as download:
            page.locator("a:has-text('Tải về')").first.click()
        assert download.value.suggested_filename.endswith(".pdf")
        page.context.close()

        # 2. the province admin reads the log, narrows it, is told of a bad day, exports it
        page = new_page(browser, width)
        staff_login(page, base, "tinh.quantri")
        page.click("a:has-text('Nhật ký truy cập hồ sơ')")
        page.wait_for_url("**/ho-so/nhat-ky-truy-cap/")
        rows = page.locator("table.stack tbody tr")
        assert rows.count() >= 2
        newest = rows.nth(0).inner_text()
        assert code in newest and "Nguyễn Thị Lan" in newest and "Tệp đính kèm" in newest
        assert "127.0.0.1" in newest
        assert "Xem hồ sơ đầy đủ" in rows.nth(1).inner_text()
        problems.check(page, "access log")
        page.screenshot(path=str(SHOTS / f"access-log-{width}.png"), full_page=True)
        page.fill("#id_ma", code)
        page.fill("#id_tu", "31/02/2026")
        page.click("button:has-text('Lọc')")
        page.wait_for_url(lambda url: "tu=31" in url)
        assert "Ngày" in page.locator("#id_tu-loi").inner_text()
        assert page.input_value("#id_ma") == code and page.input_value("#id_tu") == "31/02/2026"
        problems.check(page, "access log, bad day")
        page.fill("#id_tu", "")
        page.click("button:has-text('Lọc')")
        page.wait_for_url(lambda url: "tu=&" in url)
        assert page.locator("table.stack tbody tr").count() == 2
        with page.expect_download() as download:
            page.click("#tai-excel")
        assert download.value.suggested_filename.startswith("nhat-ky-truy-cap-")
        sheet = load_workbook(BytesIO(download.value.path().read_bytes())).active
        lines = list(sheet.iter_rows(values_only=True))[1:]
        assert [line[3] for line in lines] == [code, code]
        assert {line[1] for line in lines} == {"quay_nk"}
        page.context.close()

        # 3. the citizen logs in and reads who opened the dossier
        page = new_page(browser, width)
        citizen_login(page, base, phone)
        page.click(f"a:has-text('{code}')")
        page.wait_for_url(f"**/ho-so-cua-toi/{code}/")
        seen = page.locator("#da-xem").inner_text()
        assert "Có 2 lượt cán bộ xem" in seen and "Nguyễn Thị Lan" in seen
        assert "Mở tệp đính kèm" in seen and "127.0.0.1" not in seen
        problems.check(page, "citizen's dossier")
        page.locator("#da-xem").screenshot(path=str(SHOTS / f"access-citizen-{width}.png"))
        page.context.close()

    problems.assert_none()
