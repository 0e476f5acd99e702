"""Browser journey of the counter officer (issue 22): receiving at the one-stop counter through
the pages only, at desktop width and at 390 px, with axe-core clean.

- a walk-in birth registration: the applicant typed once, a mistake (a birth date after
  today, the mother's birth date left out) named next to its field in Vietnamese, corrected
  without retyping anything, received free (on time); a wrong phone found after intake
  corrected with its reason, logged and the receipt printed again;
- a certified copy (2.000815) of two papers, the second row added with "Thêm một dòng",
  the fee computed from pages and copies before receiving and printed on the receipt;
- phi địa giới: a dossier received for another commune of the province;
- money: the copy's fee taken at intake with its receipt number; the other commune's fee
  taken from the dossier page (a receipt number used twice is named and refused), part of it
  refunded with its reason; the day's cash closed and its summary printed.

The test builds only the officer (an action); everything in the journey is clicking and
typing. Skips with the reason when Chromium or Playwright is missing (CI installs them).
"""

from __future__ import annotations

import io
import tempfile
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from .journey import WIDTHS, Problems, fill_fields, new_page, staff_login

# Screenshots to look at after a run (the brief: look at your own screenshots).
SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"
VINH_PHUC, DAO_TRU = "08716", "08914"


def _choose(page, base: str, procedure: str, unit: str = VINH_PHUC) -> None:
    """Step 1 of the intake: the procedure and the competent commune."""
    page.goto(f"{base}/ho-so/tiep-nhan/")
    page.select_option("#procedure", procedure)
    page.select_option("#unit", unit)
    page.click("#buoc-1 button.primary")
    page.wait_for_selector("#intake-form")


def _receipt_text(page) -> str:
    """The receipt (form 01) as the officer downloads it from the dossier page."""
    from pypdf import PdfReader

    # Headless Chromium shows a PDF in its viewer; the link's bytes are what it shows, fetched
    # with the page's own session.
    link = page.locator("a:has-text('In giấy tiếp nhận (mẫu 01)')")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    assert len(reader.pages) == 1  # the receipt fits one page, signatures included
    # words as read, whatever spacing the justified lines got
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def _walk_in_birth(page, base: str, problems: Problems, width: int) -> None:
    _choose(page, base, "1.001193")
    problems.check(page, "intake birth")
    page.fill("#applicant_full_name", "Nguyễn Văn An")
    page.fill("#applicant_id_number", "025090001234")
    page.fill("#applicant_address", "Khu 3, phường Vĩnh Phúc, tỉnh Phú Thọ")
    page.fill("#applicant_phone", "0912345678")
    for box in page.locator("#giay-to input[type=checkbox]").all():
        box.check()
    born = (timezone.localdate() - timedelta(days=5)).strftime("%d/%m/%Y")
    fill_fields(
        page,
        {
            "data.applicant.relationship": "father",
            "data.child.full_name": "Nguyễn Minh Khang",
            "data.child.gender": "male",
            "data.child.date_of_birth": "02/10/2099",  # a slip of the keyboard
            "data.child.place_of_birth_kind": "health_facility",
            "data.child.place_of_birth": "Bệnh viện Đa khoa tỉnh Phú Thọ",
            "data.child.ethnicity": "Kinh",
            "data.child.nationality": "Việt Nam",
            "data.child.hometown": "phường Vĩnh Phúc, tỉnh Phú Thọ",
            "data.mother.full_name": "Trần Thị Bình",
            "data.mother.ethnicity": "Kinh",
            "data.mother.nationality": "Việt Nam",
            "data.mother.residence": "Khu 3, phường Vĩnh Phúc, tỉnh Phú Thọ",
            "data.birth_evidence": "birth_certificate",
            "data.collect": "counter",
        },
    )
    page.click("button:has-text('Tiếp nhận hồ sơ')")

    # The problems are named by their labels, next to their fields, in Vietnamese.
    summary = page.locator("#loi").inner_text()
    assert "Mẹ › Ngày, tháng, năm sinh" in summary
    assert summary.count("Mẹ › Ngày, tháng, năm sinh") == 1
    assert "Ngày không được sau hôm nay" in page.locator("#f-child-date_of_birth-loi").inner_text()
    assert page.locator("#f-mother-date_of_birth-loi").is_visible()
    assert page.input_value("#f-child-full_name") == "Nguyễn Minh Khang"  # nothing retyped
    assert page.input_value("#applicant_full_name") == "Nguyễn Văn An"
    problems.check(page, "intake birth with errors")
    page.screenshot(path=str(SHOTS / f"counter-birth-errors-{width}.png"), full_page=True)

    page.fill("#f-child-date_of_birth", born)
    page.fill("#f-mother-date_of_birth", "12/04/1995")
    page.click("button[name=tinh_phi]")
    assert "0 đồng" in page.locator("#phi-tinh").inner_text()
    page.click("button:has-text('Tiếp nhận hồ sơ')")
    page.wait_for_url(f"{base}/ho-so/*/")
    assert "Đã tiếp nhận hồ sơ" in page.content()
    problems.check(page, "dossier birth")
    receipt = _receipt_text(page)
    assert "Nguyễn Văn An" in receipt
    assert "0 đồng" in receipt

    # A slip found after intake: the phone corrected with a reason, logged, receipt reprinted.
    page.click("summary:has-text('Sửa thông tin người nộp')")
    page.fill("#sua-phone", "0912345679")
    page.click("#sua-thong-tin button[type=submit]")
    assert "Lý do sửa: cần ghi lý do" in page.locator("#sua-reason-loi").inner_text()
    assert page.input_value("#sua-phone") == "0912345679"  # kept
    page.fill("#sua-reason", "Gõ nhầm số cuối")
    page.click("#sua-thong-tin button[type=submit]")
    assert "Đã sửa 1 mục thông tin người nộp" in page.content()
    timeline = page.locator("#h-nhat-ky").locator("xpath=..").inner_text()
    assert "“0912345678” → “0912345679”" in timeline
    assert "0912345679" in _receipt_text(page)
    problems.check(page, "dossier corrected")


def _certified_copy(page, base: str, problems: Problems, width: int) -> None:
    _choose(page, base, "2.000815")
    page.fill("#applicant_full_name", "Hoàng Thị Em")
    page.fill("#applicant_id_number", "025199003579")
    page.fill("#applicant_phone", "0934567890")
    for box in page.locator("#giay-to input[type=checkbox]").all():
        box.check()
    fill_fields(
        page,
        {
            "data.documents.0.title": "Bằng tốt nghiệp đại học",
            "data.documents.0.issuer": "Trường Đại học Hùng Vương",
            "data.documents.0.language": "vi",
            "data.documents.0.pages": "1",
            "data.documents.0.copies": "3",
            "data.collect": "counter",
        },
    )
    page.click("button[name=them_dong]")
    assert page.input_value("#f-documents-0-title") == "Bằng tốt nghiệp đại học"
    fill_fields(
        page,
        {
            "data.documents.1.title": "Bảng điểm toàn khóa",
            "data.documents.1.issuer": "Trường Đại học Hùng Vương",
            "data.documents.1.language": "vi",
            "data.documents.1.pages": "4",
            "data.documents.1.copies": "2",
        },
    )
    page.click("button[name=tinh_phi]")
    # 3 × 2.000 + 2 × (2 × 2.000 + 2 × 1.000) đồng
    assert page.locator("#phi-tinh").inner_text() == "18.000 đồng"
    assert "4 trang × 2 bản = 12.000 đồng" in page.locator("#phi").inner_text()
    page.select_option("#pay_method", "cash")
    page.fill("#receipt_number", f"{width}-01")
    problems.check(page, "intake certified copy")
    page.screenshot(path=str(SHOTS / f"counter-copy-fee-{width}.png"), full_page=True)
    page.click("button:has-text('Tiếp nhận hồ sơ')")
    page.wait_for_url(f"{base}/ho-so/*/")
    assert f"Đã thu 18.000 đồng, biên lai số {width}-01." in page.content()
    money = page.locator("#phi-le-phi").inner_text()
    assert "Còn phải nộp\tKhông" in money or "Còn phải nộp Không" in " ".join(money.split())
    receipt = _receipt_text(page)
    assert "18.000 đồng" in receipt
    assert "Bảng điểm toàn khóa: 4 trang × 2 bản" in receipt


def _other_commune(page, base: str, problems: Problems) -> None:
    _choose(page, base, "2.000815", unit=DAO_TRU)
    page.fill("#applicant_full_name", "Lê Văn Cường")
    page.fill("#applicant_id_number", "025088001122")
    for box in page.locator("#giay-to input[type=checkbox]").all():
        box.check()
    fill_fields(
        page,
        {
            "data.documents.0.title": "Giấy khai sinh",
            "data.documents.0.issuer": "UBND xã Đạo Trù",
            "data.documents.0.language": "vi",
            "data.documents.0.pages": "1",
            "data.documents.0.copies": "1",
        },
    )
    page.click("button:has-text('Tiếp nhận hồ sơ')")
    page.wait_for_url(f"{base}/ho-so/*/")
    general = page.locator("#h-chung").locator("xpath=..").inner_text()
    assert "Xã Đạo Trù" in general
    problems.check(page, "dossier other commune")


def _money(page, base: str, problems: Problems, width: int) -> None:
    """The other commune's 2.000 đồng taken on its page, half refunded, the day closed."""
    page.fill("#thu-phi-receipt_number", f"{width}-01")  # already given for the copy
    page.click("#thu-phi button[type=submit]")
    error = page.locator("#thu-phi-receipt_number-loi").inner_text()
    assert f"số {width}-01 đã ghi cho một khoản thu khác" in error
    assert page.input_value("#thu-phi-amount") == "2000"  # what was typed stays
    page.fill("#thu-phi-receipt_number", f"{width}-02")
    page.select_option("#thu-phi-method", "transfer")
    page.click("#thu-phi button[type=submit]")
    assert f"Đã thu 2.000 đồng, biên lai số {width}-02." in page.content()
    page.click("#phi-le-phi summary")
    page.fill("#hoan-phi-amount", "1000")
    page.click("#hoan-phi button[type=submit]")
    assert "Lý do hoàn trả: cần ghi lý do" in page.locator("#hoan-phi-reason-loi").inner_text()
    page.fill("#hoan-phi-reason", "Thu thừa một bản sao")
    page.click("#hoan-phi button[type=submit]")
    assert "Đã hoàn trả 1.000 đồng" in page.content()
    problems.check(page, "dossier money")
    page.screenshot(path=str(SHOTS / f"counter-money-{width}.png"), full_page=True)

    page.goto(f"{base}/can-bo/")
    page.click("a:has-text('Thu phí, lệ phí trong ngày')")
    day = page.locator("main").inner_text()
    assert "Số khoản\t3" in day or "Số khoản 3" in " ".join(day.split())
    problems.check(page, "cash day")
    page.click("button:has-text('Chốt quỹ và in bảng kê')")
    page.wait_for_url(f"{base}/ho-so/thu-phi/chot/*/")
    summary = " ".join(page.locator("main").inner_text().split())
    assert "Bảng kê thu phí, lệ phí" in summary
    assert "Số tiền nộp quỹ 19.000 đồng" in summary
    assert "Hoàn trả: Thu thừa một bản sao" in summary
    problems.check(page, "cash closing")
    page.screenshot(path=str(SHOTS / f"counter-cash-closing-{width}.png"), full_page=True)


def test_counter_receives_walk_in_copy_and_other_commune(
    master_data_restored, transactional_db, live_server, browser
):
    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.dossiers.models import Dossier
    from motcua.units.choices import AgencyKind

    SHOTS.mkdir(exist_ok=True)
    create_official(
        "counter_j",
        full_name="Nguyễn Thị Lan",
        unit=VINH_PHUC,
        role=Role.COUNTER,
        title=Title.OFFICER,
        agency=AgencyKind.PSC,
        password="Mot-cua-2026!",
    )
    base = live_server.url
    problems = Problems()
    for width in WIDTHS:
        page = new_page(browser, width)
        staff_login(page, base, "counter_j")
        _walk_in_birth(page, base, problems, width)
        _certified_copy(page, base, problems, width)
        _other_commune(page, base, problems)
        _money(page, base, problems, width)
        page.context.close()
    problems.assert_none()
    assert Dossier.objects.count() == 3 * len(WIDTHS)
    assert sorted(set(Dossier.objects.values_list("fee", flat=True))) == [0, 2_000, 18_000]
