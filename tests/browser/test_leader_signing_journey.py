"""Browser journey (issue 22, parts 6, 10 and 13): a leader with a signing certificate opens a
dossier proposed for approval, approves with a wrong PIN and sees the failure with its reason
and the form to retry, retries with the right PIN and sees the success; a counter officer
opens the tracking book page and finds the dossier's row. At desktop width and at 390 px,
axe-core finds nothing serious and no page scrolls sideways.

The starting state (a dossier received, transferred and proposed for approval; the leader's
demo certificate) is built through actions; the journey itself uses the pages only.
Screenshots go to ws-*.png in the temporary directory (or MOTCUA_JOURNEY_SHOTS) for a
person to look at.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tests.browser.journey import PASSWORD, WIDTHS, Problems, new_page, staff_login

UNIT = "08716"
PIN = "246810"
SHOTS = Path(os.environ.get("MOTCUA_JOURNEY_SHOTS") or tempfile.gettempdir())


def test_leader_signs_after_a_wrong_pin_and_the_counter_finds_the_book_row(
    master_data_restored, transactional_db, live_server, browser, settings, tmp_path
):
    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.dossiers.actions import appraise, transfer
    from motcua.dossiers.models import Dossier
    from motcua.signing.actions import init_demo_ca, issue_certificate
    from motcua.units.choices import AgencyKind
    from tests.dossiers.conftest import receive

    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "files"
    people = {
        "counter": ("quay_ky", "Nguyễn Thị Lan", Role.COUNTER, Title.OFFICER, AgencyKind.PSC),
        "specialist": (
            "chuyenvien_ky", "Trần Văn Minh", Role.SPECIALIST, Title.OFFICER,
            AgencyKind.CULTURE_SOCIETY,
        ),
        "leader": (
            "lanhdao_ky", "Lê Quang Hưng", Role.LEADER, Title.CHAIRMAN,
            AgencyKind.PEOPLES_COMMITTEE,
        ),
    }  # fmt: skip
    users = {
        key: create_official(
            username, full_name=name, unit=UNIT, role=role, title=title, agency=agency,
            password=PASSWORD,
        ).user
        for key, (username, name, role, title, agency) in people.items()
    }  # fmt: skip
    init_demo_ca()
    issue_certificate(users["leader"].username, pin=PIN)
    base = live_server.url
    problems = Problems()
    codes = []

    for width in WIDTHS:
        # given a dossier received, transferred and proposed for approval (through actions)
        dossier = receive(users["counter"])
        transfer(dossier, actor=users["counter"], assignee_username=users["specialist"].username)
        appraise(dossier, actor=users["specialist"], proposal="approve", note="Đủ điều kiện")
        codes.append(dossier.code)

        # the leader opens the dossier from the queue
        page = new_page(browser, width)
        staff_login(page, base, users["leader"].username)
        page.goto(f"{base}/ho-so/")
        page.click(f"a:has-text('{dossier.code}')")
        page.wait_for_url(f"**/ho-so/{dossier.code}/")
        # the usual next action comes first; refusing and stopping are folded away
        first_form = page.locator("#thao-tac form.action").first
        assert first_form.get_attribute("id") == "thao-tac-approve"
        assert not page.locator("details.destructive").evaluate("d => d.open")
        assert not page.locator("#thao-tac-stop").is_visible()
        assert not page.locator("text=Phiên bản dữ liệu").is_visible()
        problems.check(page, "dossier awaiting approval")
        page.screenshot(path=SHOTS / f"ws-approve-{width}.png", full_page=True)

        # approves with a wrong PIN: a visible failure with the reason, no success
        page.fill("#approve-pin", "000000")
        page.click("#thao-tac-approve button[type=submit]")
        failure = page.locator("#ky-so-loi")
        failure.wait_for()
        assert failure.is_visible()
        text = failure.inner_text()
        assert "Ký số kết quả không thành công" in text
        assert "PIN" in text
        assert page.locator(".message.success").count() == 0
        assert page.locator("#thao-tac form.action").first.get_attribute("id") == "thao-tac-sign"
        assert "Đã phê duyệt, chờ ký số kết quả" in page.locator("#h-chung + table").inner_text()
        problems.check(page, "signing failed")
        page.screenshot(path=SHOTS / f"ws-sign-failed-{width}.png", full_page=True)

        # retries with the right PIN: success, the result signed
        page.fill("#sign-pin", PIN)
        page.click("#thao-tac-sign button[type=submit]")
        page.locator(".message.success").wait_for()
        assert "Ký số kết quả: đã thực hiện" in page.locator(".message.success").inner_text()
        assert page.locator("#ky-so-loi").count() == 0
        timeline = page.locator("section[aria-labelledby=h-nhat-ky]").inner_text()
        assert "Ký số kết quả" in timeline
        assert "\tsign\t" not in timeline and "\tapprove\t" not in timeline
        problems.check(page, "signed")
        page.screenshot(path=SHOTS / f"ws-signed-{width}.png", full_page=True)
        page.context.close()

        # a counter officer opens the tracking book from the start page and finds the row
        page = new_page(browser, width)
        staff_login(page, base, users["counter"].username)
        page.click("a:has-text('Sổ theo dõi hồ sơ')")
        page.wait_for_url("**/ho-so/so-theo-doi/**")
        page.click("button:has-text('Xem sổ')")
        row = page.locator("table.book tbody tr", has_text=dossier.code)
        assert row.count() == 1
        assert "UBND phường Vĩnh Phúc" in row.inner_text()
        assert page.locator("a:has-text('Tải tệp Excel')").count() == 1
        problems.check(page, "tracking book")
        page.screenshot(path=SHOTS / f"ws-book-{width}.png", full_page=True)
        if width == WIDTHS[0]:
            page.emulate_media(media="print")
            page.screenshot(path=SHOTS / "ws-book-print.png", full_page=True)
            page.pdf(path=SHOTS / "ws-book-print.pdf", prefer_css_page_size=True)
            page.emulate_media(media="screen")
        page.context.close()

    signed = Dossier.objects.filter(code__in=codes)
    assert sorted(signed.values_list("status", flat=True)) == [9, 9]
    problems.assert_none()
