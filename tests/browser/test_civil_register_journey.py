"""Browser journey (issue 26, parts 2 and 9): the registrar reads the civil-status register.

State built through actions: a birth dossier received at the counter, appraised and approved
by the leader, which writes the child in the commune's birth book; a correction of the
child's home town in the change book. Then through the pages only, at 1280 and 390 px: the
registrar follows "Sổ hộ tịch" from the start page, finds the child by a name typed without
diacritics, is told which field is wrong when the year is not a number (what was typed
kept), finds the entry by its number as written on the extract, opens it and reads the
content as it stands (the corrected home town, the note), the correction and the original
extract issued with its dossier. axe-core (serious, critical) and sideways scrolling are
checked on every page; screenshots go to $TMPDIR/motcua-journeys.

Skips with the reason when /usr/bin/chromium or Playwright is missing (CI installs them).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.browser.journey import PASSWORD, WIDTHS, Problems, new_page, staff_login

UNIT = "08716"
SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"


def test_registrar_finds_and_reads_an_entry_of_the_register(
    master_data_restored, transactional_db, live_server, browser
):
    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.civilreg.actions import register_entry
    from motcua.civilreg.choices import BookKind
    from motcua.civilreg.models import Entry
    from motcua.dossiers.actions import appraise, approve, transfer
    from motcua.units.choices import AgencyKind
    from tests.dossiers.conftest import receive

    SHOTS.mkdir(parents=True, exist_ok=True)
    official = {
        "counter": (Role.COUNTER, AgencyKind.PSC, Title.OFFICER),
        "specialist": (Role.SPECIALIST, AgencyKind.OFFICE, Title.OFFICER),
        "leader": (Role.LEADER, AgencyKind.PEOPLES_COMMITTEE, Title.CHAIRMAN),
        "hotich": (Role.REGISTRAR, AgencyKind.OFFICE, Title.CIVIL_STATUS_OFFICER),
    }
    users = {
        name: create_official(
            f"vp_{name}", full_name=f"Cán bộ {name}", unit=UNIT, role=role, agency=agency,
            title=title, password=PASSWORD,
        ).user
        for name, (role, agency, title) in official.items()
    }  # fmt: skip
    base = live_server.url
    problems = Problems()

    for width in WIDTHS:
        # given a birth approved by the leader (registered), then its home town corrected
        dossier = receive(users["counter"])
        transfer(dossier, actor=users["counter"], assignee_username="vp_specialist")
        appraise(dossier, actor=users["specialist"], proposal="approve", note="Đủ điều kiện")
        approve(dossier, actor=users["leader"])
        entry = Entry.objects.get(dossier=dossier)
        register_entry(
            unit=entry.unit,
            kind=BookKind.CHANGE,
            data={
                "changes": {"child.hometown": "xã Sơn Vi, tỉnh Phú Thọ"},
                "reason": "Cải chính quê quán",
            },
            subject_name=entry.subject_name,
            actor=users["hotich"],
            amends=entry,
        )

        # 1. the registrar opens the register from the start page, searches without accents
        page = new_page(browser, width)
        staff_login(page, base, "vp_hotich")
        page.click("#so-ho-tich")
        page.wait_for_url("**/ho-tich/")
        page.fill("#id_q", "nguyen minh khang")
        page.fill("#id_nam", "hai nghìn")
        page.click("button:has-text('Tìm')")
        page.wait_for_url(lambda url: "nam=" in url)
        assert "Năm đăng ký phải là một số" in page.locator("#id_nam-loi").inner_text()
        assert page.input_value("#id_q") == "nguyen minh khang"
        problems.check(page, "register, bad year")
        page.fill("#id_nam", "")
        page.click("button:has-text('Tìm')")
        page.wait_for_url(lambda url: "nam=&" in url or url.endswith("nam="))
        rows = page.locator("#ket-qua tbody tr")
        assert "Nguyễn Minh Khang" in rows.first.inner_text()
        problems.check(page, "register, found by name")
        page.screenshot(path=str(SHOTS / f"civil-register-{width}.png"), full_page=True)

        # 2. by the number as written on the extract, then the entry itself
        page.fill("#id_q", f"{entry.number}/{entry.year}")
        page.select_option("#id_loai", "birth")
        page.click("button:has-text('Tìm')")
        page.wait_for_url(lambda url: "loai=birth" in url)
        assert page.locator("#ket-qua tbody tr").count() == 1
        page.click("#ket-qua a:has-text('Nguyễn Minh Khang')")
        page.wait_for_url(f"**/ho-tich/muc/{entry.pk}/")
        text = page.inner_text("main")
        assert f"Số {entry.number}, quyển số {entry.book.label}" in text
        assert "xã Sơn Vi, tỉnh Phú Thọ" in text
        assert "Đã cải chính quê quán" in page.inner_text("#ghi-chu")
        assert "Trần Thị Bình" in text
        assert dossier.code in page.inner_text("#trich-luc")
        assert "Bản chính" in page.inner_text("#trich-luc")
        problems.check(page, "entry")
        page.screenshot(path=str(SHOTS / f"civil-entry-{width}.png"), full_page=True)
        page.context.close()

    problems.assert_none()
