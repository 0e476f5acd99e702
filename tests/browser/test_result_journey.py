"""Browser journey (issue 22, parts 2 and 5): from a scan at intake to a signed result anyone
can verify, through the pages only, at desktop width and at 390 px, axe-core clean.

- the counter receives a walk-in birth registration and scans the birth certificate at
  intake; the dossier says it is digitised; the officer sends it to the specialist;
- the specialist opens it from their queue, sees the scan and previews it in a new tab,
  then proposes approval;
- the leader approves with the signing PIN: the result is signed;
- the counter returns the result, recording who collected it (a wrong ID number is named);
- the person holding the receipt follows its QR to the public lookup, downloads the signed
  result and checks it at `/verify`, which says it is genuine.

The test builds the officials and the leader's demo certificate (actions); everything in the
journey is clicking and typing. Screenshots go to $TMPDIR/motcua-journeys.
"""

from __future__ import annotations

import io
import tempfile
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from .journey import PASSWORD, WIDTHS, Problems, fill_fields, new_page, staff_login

SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"
UNIT = "08716"
PIN = "246810"


def _scan() -> bytes:
    """A small one-page PDF standing in for the scanned birth certificate."""
    from motcua.documents.pdf import OfficialDocument

    doc = OfficialDocument(title="Giấy chứng sinh (bản quét)")
    doc.paragraph("Giấy chứng sinh: bản quét dùng trong kiểm thử.")
    return doc.render()


def _receipt_link(page) -> str:
    """The link the receipt's QR code carries, read from the PDF the officer prints."""
    from pypdf import PdfReader

    link = page.locator("a:has-text('In giấy tiếp nhận (mẫu 01)')")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok
    reader = PdfReader(io.BytesIO(response.body()))
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for annotation in reader.pages[0].get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert uris, "the receipt has no QR link"
    return str(uris[0])


def _receive_with_scan(
    page, base: str, scan: Path, specialist: str, problems: Problems, width: int
) -> str:
    page.goto(f"{base}/ho-so/tiep-nhan/")
    page.select_option("#procedure", "1.001193")
    page.select_option("#unit", UNIT)
    page.click("#buoc-1 button.primary")
    page.wait_for_selector("#intake-form")
    # papers that are only shown are not asked for a scan; the limit is stated
    assert page.locator("#tep_giay-to-tuy-than").count() == 0
    assert "tối đa" in page.locator("#ban-quet").inner_text()
    page.fill("#applicant_full_name", "Phạm Văn Đức")
    page.fill("#applicant_id_number", "025088004321")
    page.fill("#applicant_address", "Khu 5, phường Vĩnh Phúc, tỉnh Phú Thọ")
    page.fill("#applicant_phone", "0987654321")
    for box in page.locator("#giay-to input[type=checkbox]").all():
        box.check()
    born = (timezone.localdate() - timedelta(days=7)).strftime("%d/%m/%Y")
    fill_fields(
        page,
        {
            "data.applicant.relationship": "father",
            "data.child.full_name": "Phạm Minh Anh",
            "data.child.gender": "female",
            "data.child.date_of_birth": born,
            "data.child.place_of_birth_kind": "health_facility",
            "data.child.place_of_birth": "Bệnh viện Đa khoa tỉnh Phú Thọ",
            "data.child.ethnicity": "Kinh",
            "data.child.nationality": "Việt Nam",
            "data.child.hometown": "phường Vĩnh Phúc, tỉnh Phú Thọ",
            "data.mother.full_name": "Lê Thị Hoa",
            "data.mother.date_of_birth": "03/03/1994",
            "data.mother.ethnicity": "Kinh",
            "data.mother.nationality": "Việt Nam",
            "data.mother.residence": "Khu 5, phường Vĩnh Phúc, tỉnh Phú Thọ",
            "data.birth_evidence": "birth_certificate",
            "data.collect": "counter",
        },
    )
    page.set_input_files("#tep_giay-chung-sinh", str(scan))
    problems.check(page, "intake with a scan")
    page.locator("#ban-quet").screenshot(path=str(SHOTS / f"result-intake-scan-{width}.png"))
    page.click("button:has-text('Tiếp nhận hồ sơ')")
    page.wait_for_url(f"{base}/ho-so/*/")
    code = page.url.rstrip("/").rsplit("/", 1)[-1]
    files = page.locator("#tep-dinh-kem")
    assert "giay-chung-sinh.pdf" in files.inner_text()
    assert "Đã số hóa" in files.inner_text()
    page.select_option("#transfer-assignee", specialist)
    page.click("#thao-tac-transfer button[type=submit]")
    page.locator(".message.success").wait_for()
    return code


def test_scan_at_intake_to_a_signed_result_verified_by_its_holder(
    master_data_restored, transactional_db, live_server, browser, settings, tmp_path
):
    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.dossiers.models import Dossier
    from motcua.signing.actions import init_demo_ca, issue_certificate
    from motcua.units.choices import AgencyKind

    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "files"
    # what `motcua demo` does: every QR and link on the address served
    settings.MOTCUA_PUBLIC_URL = live_server.url + "/"
    SHOTS.mkdir(parents=True, exist_ok=True)
    people = {
        "counter": ("quay_kq", "Nguyễn Thị Lan", Role.COUNTER, Title.OFFICER, AgencyKind.PSC),
        "specialist": (
            "chuyenvien_kq", "Trần Văn Minh", Role.SPECIALIST, Title.OFFICER,
            AgencyKind.CULTURE_SOCIETY,
        ),
        "leader": (
            "lanhdao_kq", "Lê Quang Hưng", Role.LEADER, Title.CHAIRMAN,
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
    scan = tmp_path / "giay-chung-sinh.pdf"
    scan.write_bytes(_scan())
    base = live_server.url
    problems = Problems()
    codes = []

    for width in WIDTHS:
        # the counter receives a walk-in dossier with a scan, and sends it on
        page = new_page(browser, width)
        staff_login(page, base, users["counter"].username)
        code = _receive_with_scan(page, base, scan, users["specialist"].username, problems, width)
        codes.append(code)
        problems.check(page, "dossier received with a scan")
        page.screenshot(path=str(SHOTS / f"result-received-{width}.png"), full_page=True)
        qr_link = _receipt_link(page)
        assert qr_link.startswith(f"{base}/tra-cuu?ma={code}&t=")
        page.context.close()

        # the specialist opens it from their queue, sees the scan and previews it
        page = new_page(browser, width)
        staff_login(page, base, users["specialist"].username)
        page.goto(f"{base}/ho-so/")
        page.click(f"a:has-text('{code}')")
        page.wait_for_url(f"**/ho-so/{code}/")
        row = page.locator("#tep-dinh-kem tbody tr", has_text="giay-chung-sinh.pdf")
        assert row.count() == 1
        assert "Nguyễn Thị Lan" in row.inner_text()
        problems.check(page, "dossier with attachments")
        page.screenshot(path=str(SHOTS / f"result-specialist-{width}.png"), full_page=True)
        with page.context.expect_page() as preview_opened:
            row.locator("a:has-text('Xem')").click()
        preview = preview_opened.value
        preview.wait_for_load_state()
        assert "/tep/" in preview.url
        served = page.request.get(preview.url)
        assert served.headers["content-type"] == "application/pdf"
        assert served.body() == scan.read_bytes()
        preview.close()
        page.check("#appraise-proposal-approve")
        page.fill("#appraise-note", "Đủ điều kiện; giấy chứng sinh khớp bản quét.")
        page.click("#thao-tac-appraise button[type=submit]")
        page.locator(".message.success").wait_for()
        page.context.close()

        # the leader approves with the PIN: the result is signed
        page = new_page(browser, width)
        staff_login(page, base, users["leader"].username)
        page.goto(f"{base}/ho-so/{code}/")
        page.fill("#approve-pin", PIN)
        page.click("#thao-tac-approve button[type=submit]")
        page.locator(".message.success").wait_for()
        link = page.locator("a:has-text('Kết quả giải quyết (bản đã ký số)')")
        staff_copy = page.request.get(link.evaluate("a => a.href"))
        assert staff_copy.ok and staff_copy.headers["x-motcua-signature"] == "official"
        signed_file = staff_copy.body()
        page.context.close()

        # the counter returns it, recording who collected it
        page = new_page(browser, width)
        staff_login(page, base, users["counter"].username)
        page.goto(f"{base}/ho-so/{code}/")
        assert page.locator("#thao-tac form.action").first.get_attribute("id") == (
            "thao-tac-return"
        )
        page.fill("#return-collector_name", "Phạm Văn Đức")
        page.fill("#return-collector_id_number", "02508800432")  # a digit short
        page.click("#thao-tac-return button[type=submit]")
        error = page.locator("#return-collector_id_number-loi")
        error.wait_for()
        assert "12 chữ số" in error.inner_text()
        assert page.input_value("#return-collector_name") == "Phạm Văn Đức"
        problems.check(page, "return with an error")
        page.fill("#return-collector_id_number", "025088004321")
        page.click("#thao-tac-return button[type=submit]")
        page.locator(".message.success").wait_for()
        timeline = page.locator("section[aria-labelledby=h-nhat-ky]").inner_text()
        assert "Người nhận: Phạm Văn Đức (số định danh" in timeline
        assert "025088004321" not in timeline
        problems.check(page, "returned")
        page.screenshot(path=str(SHOTS / f"result-returned-{width}.png"), full_page=True)
        page.context.close()

        # whoever holds the receipt follows its QR, downloads the signed result, verifies it
        page = new_page(browser, width)
        page.goto(qr_link)
        section = page.locator("#ket-qua-dien-tu")
        assert "đã được lãnh đạo ký số" in section.inner_text()
        problems.check(page, "public lookup with the receipt's token")
        page.screenshot(path=str(SHOTS / f"result-lookup-{width}.png"), full_page=True)
        with page.expect_download() as download_info:
            page.click("a:has-text('Tải kết quả đã ký số')")
        downloaded = tmp_path / f"ket-qua-{width}.pdf"
        download_info.value.save_as(downloaded)
        assert downloaded.read_bytes() == signed_file  # the one stored file
        page.click("a:has-text('Kiểm tra kết quả là thật')")
        page.wait_for_url(f"**/verify/{code}")
        page.set_input_files("#file", str(downloaded))
        page.click("button:has-text('Kiểm tra')")
        verdict = page.locator("p.ok[role=status]")
        verdict.wait_for()
        assert "Văn bản hợp lệ" in verdict.inner_text()
        assert "đúng là tệp kết quả đã lưu của hồ sơ" in verdict.inner_text()
        problems.check(page, "verify the downloaded result")
        page.screenshot(path=str(SHOTS / f"result-verified-{width}.png"), full_page=True)
        page.context.close()

    returned = Dossier.objects.filter(code__in=codes)
    assert sorted(returned.values_list("status", flat=True)) == [10, 10]
    problems.assert_none()
