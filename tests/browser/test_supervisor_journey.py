"""Browser journey (issue 22, Done when): the province supervisor sees overdue dossiers by
commune.

State built through actions: three dossiers received a week ago (so past their same-day due
time) in two communes, and one received now. Then through the pages only, at 1280 and 390 px:
the province supervisor (`tinh.giamsat`, as `motcua demo` names it) logs in, follows "Hồ sơ
quá hạn theo xã, phường" from the start page, reads each overdue dossier's commune in the
list, and narrows it to one commune. axe-core (serious, critical) and sideways scrolling are
checked on every page; screenshots go to $TMPDIR/motcua-journeys.

Skips with the reason when /usr/bin/chromium or Playwright is missing (CI installs them).
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from tests.browser.journey import PASSWORD, WIDTHS, Problems, new_page, staff_login

VINH_PHUC = "08716"
DAO_TRU = "08914"
SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"


def test_province_supervisor_sees_overdue_by_commune(
    master_data_restored, transactional_db, live_server, browser, settings
):
    import time_machine
    from django.utils import timezone

    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.units.choices import AgencyKind
    from tests.dossiers.conftest import receive

    SHOTS.mkdir(exist_ok=True)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    counters = {
        unit: create_official(
            f"quay_{unit}",
            full_name="Nguyễn Thị Lan",
            unit=unit,
            role=Role.COUNTER,
            title=Title.OFFICER,
            agency=AgencyKind.PSC,
        ).user
        for unit in (VINH_PHUC, DAO_TRU)
    }
    create_official(
        "tinh.giamsat",
        full_name="Vũ Thị Mai",
        unit=settings.MOTCUA_PROVINCE,
        role=Role.PROVINCE_SUPERVISOR,
        title=Title.PROVINCE_SPECIALIST,
        password=PASSWORD,
    )
    with time_machine.travel(timezone.now() - timedelta(days=7), tick=False):
        late_vp = [receive(counters[VINH_PHUC]) for _ in range(2)]
        late_dt = receive(counters[DAO_TRU], unit=DAO_TRU)
    on_time = receive(counters[VINH_PHUC])
    base = live_server.url
    problems = Problems()

    for width in WIDTHS:
        page = new_page(browser, width)
        staff_login(page, base, "tinh.giamsat")
        problems.check(page, "supervisor start")
        page.click("#qua-han-theo-xa")
        page.wait_for_url(f"{base}/ho-so/?hang=overdue")
        assert page.locator("nav.tabs a.current").inner_text() == "Quá hạn"
        rows = page.locator("table.stack tbody tr")
        assert rows.count() == 3
        listed = {
            row.locator("td[data-label='Mã hồ sơ']").inner_text(): row.locator(
                "td[data-label='Xã, phường']"
            ).inner_text()
            for row in rows.all()
        }
        assert listed == {
            late_vp[0].code: "Phường Vĩnh Phúc",
            late_vp[1].code: "Phường Vĩnh Phúc",
            late_dt.code: "Xã Đạo Trù",
        }
        assert on_time.code not in page.content()
        assert page.locator("table.stack .badge.late").count() == 3
        problems.check(page, "overdue by commune")
        page.screenshot(path=str(SHOTS / f"supervisor-overdue-{width}.png"), full_page=True)

        # narrow to one commune: only its overdue dossier; the heading names the commune
        page.select_option("#xa", DAO_TRU)
        page.click("#loc-xa button[type=submit]")
        page.wait_for_url(f"**xa={DAO_TRU}**")
        assert page.locator("table.stack tbody tr").count() == 1
        assert late_dt.code in page.locator("table.stack").inner_text()
        assert "Quá hạn, Xã Đạo Trù" in page.locator("h2").first.inner_text()
        problems.check(page, "overdue one commune")
        page.screenshot(path=str(SHOTS / f"supervisor-overdue-commune-{width}.png"), full_page=True)
        # another queue keeps the commune
        page.click("nav.tabs a:has-text('Hồ sơ của đơn vị')")
        page.wait_for_url(f"**hang=unit&xa={DAO_TRU}")
        assert page.locator("table.stack tbody tr").count() == 1
        page.context.close()
    problems.assert_none()
