"""Browser journey (issue 22, part 7): the specialist asks for a supplement, the citizen who
filed online sends it from "Hồ sơ của tôi", the counter accepts it from its queue, and the
specialist goes on to appraise. At desktop width and at 390 px, axe-core finds nothing
serious or critical and no page scrolls sideways.

The starting state (a citizen's account, a dossier filed online, accepted and transferred to
the specialist) is built through actions; the journey itself uses the pages only: the
officials log in at /dang-nhap/, the citizen at /cong-dan/dang-nhap/ with the one-time code
the outbox delivered to the in-memory SMS provider. Screenshots go to
$TMPDIR/motcua-journeys/supplement-*.png for a person to look at.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.browser.journey import (
    PASSWORD,
    WIDTHS,
    Problems,
    citizen_login,
    file_birth_online,
    logout,
    new_page,
    staff_login,
)

UNIT = "08716"
SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"
ASKED = ["Giấy chứng sinh bản chụp rõ nét", "Giấy chứng nhận kết hôn của cha mẹ"]


def test_specialist_asks_citizen_supplements_counter_accepts_specialist_goes_on(
    master_data_restored, transactional_db, live_server, browser, settings, tmp_path
):
    from motcua.accounts.actions import create_citizen_account, create_official
    from motcua.accounts.choices import Role, Title
    from motcua.dossiers.actions import accept, transfer
    from motcua.dossiers.choices import State
    from motcua.dossiers.models import Attachment, Dossier
    from motcua.notifications.models import Message
    from motcua.notifications.providers import MemorySmsProvider
    from motcua.units.choices import AgencyKind

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "files"
    MemorySmsProvider.sent.clear()
    SHOTS.mkdir(parents=True, exist_ok=True)
    people = {
        "counter": ("quay_bs", "Nguyễn Thị Lan", Role.COUNTER, Title.OFFICER, AgencyKind.PSC),
        "specialist": (
            "cv_bs", "Trần Văn Minh", Role.SPECIALIST, Title.OFFICER, AgencyKind.CULTURE_SOCIETY,
        ),
    }  # fmt: skip
    users = {
        key: create_official(
            username, full_name=name, unit=UNIT, role=role, title=title, agency=agency,
            password=PASSWORD,
        ).user
        for key, (username, name, role, title, agency) in people.items()
    }  # fmt: skip
    scan = tmp_path / "giay-chung-sinh-ro-net.pdf"
    scan.write_bytes(b"%PDF-1.4\n% giay chung sinh ro net\n")
    base = live_server.url
    problems = Problems()

    for turn, width in enumerate(WIDTHS):
        # given a dossier filed online by a citizen, accepted and transferred (actions)
        phone = f"091234567{turn}"
        citizen = create_citizen_account(full_name="Đỗ Thị Mai", phone=phone).user
        dossier = file_birth_online(citizen, UNIT, f"02509012345{turn}", turn)
        accept(dossier, actor=users["counter"])
        transfer(dossier, actor=users["counter"], assignee_username="cv_bs")
        code = dossier.code

        # 1. the specialist finds it in their own queue, opens it, asks for a supplement
        page = new_page(browser, width)
        staff_login(page, base, "cv_bs")
        page.goto(f"{base}/ho-so/")
        assert "Hồ sơ tôi đang xử lý" in page.locator("main").inner_text()
        page.click(f"a:has-text('{code}')")
        page.wait_for_url(f"**/ho-so/{code}/")
        problems.check(page, "specialist: dossier")
        form = page.locator("#thao-tac-request-supplement")
        assert form.locator("#request-supplement-repeat_reason").count() == 0  # first request
        form.locator("#request-supplement-reason").fill(
            "Thẩm định: giấy chứng sinh bị mờ, chưa có giấy chứng nhận kết hôn"
        )
        form.locator("#request-supplement-documents").fill("\n".join(ASKED))
        form.locator("button[type=submit]").click()
        page.locator(".message.success").wait_for()
        assert "Yêu cầu bổ sung: đã thực hiện" in page.locator(".message.success").inner_text()
        box = page.locator("#bo-sung")
        assert all(item in box.inner_text() for item in ASKED)
        problems.check(page, "specialist: supplement asked")
        page.screenshot(path=SHOTS / f"supplement-asked-{width}.png", full_page=True)
        page.context.close()
        # the citizen's phone was told, with the list
        told = Message.objects.get(dossier_code=code, purpose="request_supplement")
        assert told.destination == phone and ASKED[0] in told.body

        # 2. the citizen logs in with a one-time code, sees the request, sends the supplement
        page = new_page(browser, width)
        citizen_login(page, base, phone)
        page.click(f"a:has-text('{code}')")
        page.wait_for_url(f"**/ho-so-cua-toi/{code}/")
        request = page.locator("#bo-sung")
        assert all(item in request.inner_text() for item in ASKED)
        assert "giấy chứng sinh bị mờ" in request.inner_text()
        problems.check(page, "citizen: dossier asked to supplement")
        page.screenshot(path=SHOTS / f"supplement-citizen-asked-{width}.png", full_page=True)
        page.click("a:has-text('Bổ sung hồ sơ trực tuyến')")
        page.wait_for_url(f"**/ho-so-cua-toi/{code}/bo-sung/")
        problems.check(page, "citizen: supplement form")
        # sending nothing: a Vietnamese error, the note typed is kept
        page.fill("#id_note", "")
        page.click("button:has-text('Gửi bổ sung')")
        alert = page.locator("#loi")
        alert.wait_for()
        assert "Cần tải lên ít nhất một giấy tờ bổ sung" in alert.inner_text()
        problems.check(page, "citizen: supplement error")
        page.screenshot(path=SHOTS / f"supplement-citizen-error-{width}.png", full_page=True)
        # a wrong file type is named next to its field, and the note typed is kept
        wrong = tmp_path / "anh.txt"
        wrong.write_text("không phải ảnh")
        page.set_input_files("#id_tep_giay-chung-sinh", str(wrong))
        page.fill("#id_note", "Tôi gửi bản chụp rõ nét; giấy kết hôn sẽ mang đến khi nhận.")
        page.click("button:has-text('Gửi bổ sung')")
        page.locator("#id_tep_giay-chung-sinh-loi").wait_for()
        assert "không phải PDF" in page.locator("#id_tep_giay-chung-sinh-loi").inner_text()
        assert page.input_value("#id_note").startswith("Tôi gửi bản chụp rõ nét")
        # the right file: sent
        page.set_input_files("#id_tep_giay-chung-sinh", str(scan))
        page.click("button:has-text('Gửi bổ sung')")
        page.wait_for_url(f"**/ho-so-cua-toi/{code}/")
        assert "Đã gửi bổ sung" in page.locator(".message.success").inner_text()
        assert "bộ phận một cửa đang kiểm tra" in page.locator("#bo-sung").inner_text()
        problems.check(page, "citizen: supplement sent")
        page.screenshot(path=SHOTS / f"supplement-citizen-sent-{width}.png", full_page=True)
        page.context.close()

        # 3. the counter finds it in "Chờ nhận bổ sung trực tuyến" and accepts it
        page = new_page(browser, width)
        staff_login(page, base, "quay_bs")
        tile = page.locator("#hang-supplemented")
        assert tile.locator(".count").inner_text() == "1"
        problems.check(page, "counter: start page")
        tile.click()
        page.click(f"a:has-text('{code}')")
        page.wait_for_url(f"**/ho-so/{code}/")
        box = page.locator("#bo-sung")
        assert "Công dân đã gửi bổ sung trực tuyến" in box.inner_text()
        assert "giay-chung-sinh-ro-net.pdf" in box.inner_text()
        first = page.locator("#thao-tac form.action").first
        assert first.get_attribute("id") == "thao-tac-supplement"
        assert page.input_value("#supplement-documents") == "\n".join(ASKED)
        page.fill("#supplement-documents", ASKED[0])
        problems.check(page, "counter: supplement to accept")
        page.screenshot(path=SHOTS / f"supplement-counter-{width}.png", full_page=True)
        first.locator("button[type=submit]").click()
        page.locator(".message.success").wait_for()
        assert "Nhận hồ sơ bổ sung: đã thực hiện" in page.locator(".message.success").inner_text()
        logout(page)
        page.context.close()

        # 4. the specialist goes on: appraises and proposes to settle
        page = new_page(browser, width)
        staff_login(page, base, "cv_bs")
        page.goto(f"{base}/ho-so/")
        page.click(f"a:has-text('{code}')")
        page.wait_for_url(f"**/ho-so/{code}/")
        appraisal = page.locator("#thao-tac-appraise")
        appraisal.locator("label[for='appraise-proposal-approve']").click()
        appraisal.locator("#appraise-note").fill("Đã đủ giấy tờ sau bổ sung; đủ điều kiện.")
        appraisal.locator("button[type=submit]").click()
        page.locator(".message.success").wait_for()
        assert "Thẩm định, đề xuất: đã thực hiện" in page.locator(".message.success").inner_text()
        # the supplement, now history, is folded; no template text leaks onto the page
        assert not page.locator("details#bo-sung").evaluate("d => d.open")
        assert "{#" not in page.locator("main").inner_text()
        problems.check(page, "specialist: appraised")
        page.screenshot(path=SHOTS / f"supplement-appraised-{width}.png", full_page=True)
        page.context.close()

        saved = Dossier.objects.get(code=code)
        assert saved.state == State.AWAITING_APPROVAL
        assert saved.supplemented_at is None and saved.suspended_at is None
        assert Attachment.objects.filter(dossier=saved, name=scan.name).exists()

    problems.assert_none()
