"""Browser journey (issue 22, parts 11 and 12): what the citizen is told, and the pages an
elderly or visually impaired citizen uses.

State built through actions: per width, a citizen account with a dossier already settled and
returned (filed through the wizard's actions, then the staff's lifecycle actions). Then
through the pages only, at 1280 and 390 px:
- the citizen types "giay khai sinh" and "lam giay khai sinh cho con" (no diacritics, everyday
  words) into the finder and gets the birth registration first, files it online, and lands on
  a confirmation page with the code, what happens next and by when;
- in "Hồ sơ của tôi" they open the returned dossier and rate it: twelve questions, none
  pre-chosen; sending with one unanswered names it and keeps the answers; they download the
  signed result from that page and check it at /verify, which says it is genuine;
- an anonymous visitor sends feedback, is told to leave a phone or e-mail, and the counter
  officer finds it in the feedback queue;
- in high-contrast mode the main citizen pages pass axe (colour contrast included);
- "Đọc to" says the device has no Vietnamese voice (headless Chromium has none); with a
  stand-in speech engine it reads the content section by section, not the buttons, and
  pauses and resumes.
axe-core (serious, critical) and sideways scrolling are checked on every page; screenshots go
to $TMPDIR/motcua-journeys.

Skips with the reason when /usr/bin/chromium or Playwright is missing (CI installs them).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from tests.browser.journey import (
    PASSWORD,
    Problems,
    fill_fields,
    new_page,
    staff_login,
)
from tests.browser.test_counter_queues_journey import file_online_as_citizen

UNIT = "08716"
PIN = "135790"  # the chairman's signing PIN (a demo certificate made for the test)
SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"
PDF = b"%PDF-1.4\n% giay chung sinh\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# A speech engine that speaks nothing and ends an utterance only when the test says so,
# with no Vietnamese voice: what "Đọc to" reads, and when, can then be watched.
FAKE_SPEECH = """
(() => {
  const spoken = [];
  let current = null;
  const synth = {
    speaking: false,
    getVoices: () => [],
    speak(u) { spoken.push(u.text); current = u; this.speaking = true; },
    cancel() {
      const u = current; current = null; this.speaking = false;
      if (u && u.onerror) u.onerror({ error: 'interrupted' });
    },
    pause() {}, resume() {}, addEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  window.__spoken = spoken;
  window.__endUtterance = () => {
    const u = current; current = null; synth.speaking = false;
    if (u && u.onend) u.onend({});
  };
})();
"""


def _log_in(page, phone: str) -> None:
    from motcua.notifications.providers import MemorySmsProvider

    page.fill("#destination", phone)
    page.click("button:has-text('Gửi mã xác thực')")
    code = re.search(r"\d{6}", MemorySmsProvider.sent[-1]["text"]).group(0)  # type: ignore[union-attr]
    page.fill("#code", code)
    page.click("button:has-text('Xác nhận')")


def _find(page, base: str, problems: Problems, width: int) -> None:
    for query in ("lam giay khai sinh cho con", "giay khai sinh"):
        page.goto(base + "/")
        page.fill("#q", query)
        page.click("form.search button[type=submit]")
        first = page.locator("ul.results li").first
        assert "Đăng ký khai sinh" in first.inner_text(), (query, first.inner_text())
    problems.check(page, "finder")
    page.screenshot(path=str(SHOTS / f"citizen-finder-{width}.png"), full_page=True)
    page.locator("ul.results li").first.locator("a").first.click()
    page.wait_for_url(f"{base}/thu-tuc/1.001193/")


def _file(page, base: str, problems: Problems, width: int, tmp: Path) -> str:
    from motcua.catalog.queries import procedure_version
    from tests.browser.journey import eform_fields

    page.select_option("#unit", UNIT)
    page.click("button:has-text('Bắt đầu')")
    page.fill("#applicant_full_name", "Đỗ Thị Mai")
    page.fill("#applicant_id_number", "025090123456")
    page.fill("#applicant_address", "Khu 3, phường Vĩnh Phúc, tỉnh Phú Thọ")
    example = procedure_version("1.001193").form_schema["examples"][0]  # type: ignore[union-attr]
    fill_fields(page, eform_fields(example))
    page.click("button:has-text('Lưu và tiếp tục')")
    assert "buoc=2" in page.url, page.locator("main").inner_text()[:2000]
    for document, content, suffix in (
        ("giay-chung-sinh", PDF, "pdf"),
        ("giay-to-tuy-than", PNG, "png"),
    ):
        path = tmp / f"{document}-{width}.{suffix}"
        path.write_bytes(content + str(width).encode())
        form = page.locator(f"form[data-upload]:has(input[value='{document}'])")
        if form.count():
            form.locator("input[type=file]").set_input_files(str(path))
            form.locator("button").click()
            form.locator(".upload-ok").wait_for()
    page.click("a:has-text('Tiếp tục')")
    page.click("button:has-text('Nộp hồ sơ')")
    page.wait_for_url(f"{base}/ho-so-cua-toi/*/da-nop/")
    code = page.locator("#ma-ho-so").inner_text()
    assert re.fullmatch(r"[0-9.H]+-\d{6}-\d{4}", code), code
    steps = page.locator("#viec-tiep-theo").inner_text()
    assert "kiểm tra hồ sơ" in steps and "tin nhắn SMS" in steps and "Hồ sơ của tôi" in steps
    due = page.locator("#han").inner_text()
    assert "Trong ngày làm việc" in due and "tính từ khi bộ phận một cửa tiếp nhận" in due
    problems.check(page, "confirmation")
    page.screenshot(path=str(SHOTS / f"citizen-confirmation-{width}.png"), full_page=True)
    return code


def _rate(page, base: str, problems: Problems, width: int, returned: str) -> None:
    page.click("a:has-text('Xem Hồ sơ của tôi')")
    page.wait_for_url(f"{base}/ho-so-cua-toi/")
    page.click(f"a:has-text('{returned}')")
    radios = page.locator("#danh-gia input[type=radio]")
    assert radios.count() == 36
    assert page.locator("#danh-gia input[type=radio]:checked").count() == 0
    # answer all but question 4, then send
    questions = page.locator("#danh-gia fieldset.rating")
    for number in range(12):
        if number != 3:
            questions.nth(number).locator("label:text-is('Hài lòng')").click()
    page.click("button:has-text('Gửi đánh giá')")
    alert = page.locator("#loi-danh-gia").inner_text()
    assert alert.startswith("Câu 4 (Thái độ của cán bộ, công chức, viên chức"), alert
    assert "hãy chọn một mức đánh giá" in questions.nth(3).inner_text()
    assert page.locator("#danh-gia input[type=radio]:checked").count() == 11  # kept
    problems.check(page, "rating error")
    page.screenshot(path=str(SHOTS / f"citizen-rating-error-{width}.png"), full_page=True)
    questions.nth(3).locator("label:has-text('Rất hài lòng')").click()
    page.click("button:has-text('Gửi đánh giá')")
    assert "Bạn đã đánh giá: Hài lòng" in page.locator("#danh-gia").inner_text()
    problems.check(page, "rated")


def _sign_apart(action, *args, **kwargs):
    """Run a signing action in its own thread: the signer runs an asyncio loop of its own,
    which cannot start inside the one Playwright's sync API keeps in this thread."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run():
        try:
            return action(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _download_and_verify(page, base: str, problems: Problems, width: int, tmp: Path) -> None:
    """On the returned dossier's page in "Hồ sơ của tôi": the signed result, downloaded, is
    the stored file and /verify says it is genuine."""
    section = page.locator("#ket-qua-dien-tu")
    assert "đã được lãnh đạo ký số" in section.inner_text()
    with page.expect_download() as download_info:
        page.click("a:has-text('Tải kết quả đã ký số')")
    downloaded = tmp / f"ket-qua-cong-dan-{width}.pdf"
    download_info.value.save_as(downloaded)
    assert downloaded.read_bytes().startswith(b"%PDF")
    page.click("a:has-text('Kiểm tra kết quả là thật')")
    page.wait_for_url(f"{base}/verify/*")
    page.set_input_files("#file", str(downloaded))
    page.click("button:has-text('Kiểm tra')")
    verdict = page.locator("p.ok[role=status]")
    verdict.wait_for()
    assert "Văn bản hợp lệ" in verdict.inner_text()
    assert "đúng là tệp kết quả đã lưu của hồ sơ" in verdict.inner_text()
    problems.check(page, "citizen verifies the downloaded result")
    page.screenshot(path=str(SHOTS / f"citizen-verified-{width}.png"), full_page=True)
    page.goto(f"{base}/ho-so-cua-toi/")


def _read_aloud_no_voice(page, problems: Problems, width: int) -> None:
    # Headless Chromium has no voices at all: the page says there is no Vietnamese one.
    assert page.evaluate("() => speechSynthesis.getVoices().length") == 0
    page.click("#doc-to")
    notice = page.locator("#doc-to-thong-bao")
    notice.wait_for()
    assert "chưa có giọng đọc tiếng Việt" in notice.inner_text()
    problems.check(page, "read-aloud notice")
    page.screenshot(path=str(SHOTS / f"citizen-read-aloud-notice-{width}.png"))


def _high_contrast(
    page, base: str, problems: Problems, width: int, code: str, returned: str
) -> None:
    page.click("button:has-text('Chữ to, tương phản cao')")
    assert page.evaluate("() => document.documentElement.classList.contains('lon')")
    for name, path in (
        ("home", "/?q=giay+khai+sinh"),
        ("procedure", "/thu-tuc/1.001193/"),
        ("my dossiers", "/ho-so-cua-toi/"),
        ("confirmation", f"/ho-so-cua-toi/{code}/da-nop/"),
        ("rated dossier", f"/ho-so-cua-toi/{returned}/"),
        ("dossier to rate", f"/ho-so-cua-toi/{code}/"),
        ("lookup", f"/tra-cuu/?ma={code}"),
        ("feedback", "/phan-anh/"),
    ):
        page.goto(base + path)
        problems.check(page, f"high contrast {name}")
    page.screenshot(path=str(SHOTS / f"citizen-high-contrast-{width}.png"), full_page=True)
    page.click("button:has-text('Cỡ chữ thường')")


def _anonymous_feedback(browser, base: str, problems: Problems, width: int) -> str:
    page = new_page(browser, width)
    page.goto(base + "/")
    page.click("footer a:has-text('Phản ánh, kiến nghị')")
    text = f"Phòng chờ thiếu ghế ({width})"
    page.select_option("#unit", UNIT)
    page.fill("#text", text)
    page.click("form button:has-text('Gửi')")
    alert = page.locator("#loi").inner_text()
    assert "Số điện thoại hoặc thư điện tử: hãy nhập một trong hai" in alert
    assert page.locator("#text").input_value() == text  # nothing typed is lost
    page.fill("#phone", "0987 65")
    page.click("form button:has-text('Gửi')")
    assert "Số điện thoại: “0987 65” không hợp lệ" in page.locator("#loi").inner_text()
    problems.check(page, "feedback error")
    page.fill("#phone", "0987654321")
    page.click("form button:has-text('Gửi')")
    assert "Hạn trả lời" in page.locator("#da-gui").inner_text()
    problems.check(page, "feedback sent")
    page.screenshot(path=str(SHOTS / f"anonymous-feedback-{width}.png"), full_page=True)
    page.context.close()
    return text


def _read_aloud_sections(browser, base: str, code: str, phone: str) -> None:
    """With a stand-in speech engine: sections in order, no button text, pause, resume."""
    page = new_page(browser, 1280)
    page.add_init_script(FAKE_SPEECH)
    page.goto(f"{base}/cong-dan/dang-nhap/?next=/ho-so-cua-toi/{code}/da-nop/")
    _log_in(page, phone)
    page.wait_for_url(f"{base}/ho-so-cua-toi/{code}/da-nop/")
    page.click("#doc-to")
    spoken = page.evaluate("() => window.__spoken")
    assert len(spoken) == 1 and spoken[0].startswith("Đã nộp hồ sơ Mã hồ sơ của bạn"), spoken
    assert "Chưa có giọng đọc" not in spoken[0]
    assert "chưa có giọng đọc tiếng Việt" in page.locator("#doc-to-thong-bao").inner_text()
    page.click("#doc-to-tam-dung")
    assert page.locator("#doc-to-tam-dung").inner_text() == "Đọc tiếp"
    page.evaluate("() => window.__endUtterance()")  # nothing goes on while paused
    assert len(page.evaluate("() => window.__spoken")) == 1
    page.click("#doc-to-tam-dung")  # resume: the same section again
    assert page.evaluate("() => window.__spoken")[1] == spoken[0]
    page.evaluate("() => window.__endUtterance()")
    spoken = page.evaluate("() => window.__spoken")
    assert spoken[2].startswith("Việc tiếp theo"), spoken
    while page.locator("#doc-to-dung").is_visible():
        page.evaluate("() => window.__endUtterance()")
    spoken = page.evaluate("() => window.__spoken")
    headings = ["Đã nộp hồ sơ", "Việc tiếp theo", "Khi nào có kết quả", "Phiếu tiếp nhận"]
    assert [text.split(" ")[0] for text in spoken[2:]] == [h.split(" ")[0] for h in headings[1:]]
    joined = " ".join(spoken)
    for control in ("Đọc to", "Tạm dừng", "Đăng xuất", "Chữ to, tương phản cao", "Bỏ qua"):
        assert control not in joined, control
    page.context.close()


def test_citizen_is_told_what_happens_rates_and_reads(
    master_data_restored, transactional_db, live_server, browser, settings, tmp_path
):
    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.citizens.models import RatingAnswer
    from motcua.dossiers.actions import accept, appraise, approve, return_result, transfer
    from motcua.notifications.providers import MemorySmsProvider
    from motcua.units.choices import AgencyKind

    SHOTS.mkdir(exist_ok=True)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    MemorySmsProvider.sent.clear()
    staff = {}
    for username, role, title, agency in (
        ("quay_cd", Role.COUNTER, Title.OFFICER, AgencyKind.PSC),
        ("cv_cd", Role.SPECIALIST, Title.OFFICER, AgencyKind.CULTURE_SOCIETY),
        ("ct_cd", Role.LEADER, Title.CHAIRMAN, AgencyKind.PEOPLES_COMMITTEE),
    ):
        staff[username] = create_official(
            username,
            full_name=f"Cán bộ {username}",
            unit=UNIT,
            role=role,
            title=title,
            agency=agency,
            password=PASSWORD,
        ).user
    from motcua.signing.actions import init_demo_ca, issue_certificate

    settings.DATA_DIR = tmp_path / "data"  # the demo CA's and the chairman's keys
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.MOTCUA_PUBLIC_URL = live_server.url + "/"
    init_demo_ca()
    issue_certificate("ct_cd", pin=PIN)
    phones = {1280: "0912345671", 390: "0912345672"}
    id_numbers = {1280: "025090123451", 390: "025090123452"}
    returned = {}
    for width, phone in phones.items():
        dossier = file_online_as_citizen("Đỗ Thị Mai", phone, id_numbers[width])
        accept(dossier, actor=staff["quay_cd"])
        transfer(dossier, actor=staff["quay_cd"], assignee_username="cv_cd")
        appraise(dossier, actor=staff["cv_cd"], proposal="approve", note="Đủ")
        _sign_apart(approve, dossier, actor=staff["ct_cd"], pin=PIN)
        dossier.refresh_from_db()
        return_result(
            dossier,
            actor=staff["quay_cd"],
            collector_name=dossier.applicant_name,
            collector_id_number=dossier.applicant_id_number,
        )
        returned[width] = dossier.code
    base = live_server.url
    problems = Problems()
    feedback = []
    codes = {}

    for width, phone in phones.items():
        page = new_page(browser, width)
        _find(page, base, problems, width)
        page.click("a:has-text('Nộp trực tuyến')")
        _log_in(page, phone)
        page.wait_for_url(f"{base}/nop-truc-tuyen/1.001193/")
        codes[width] = _file(page, base, problems, width, tmp_path)
        _read_aloud_no_voice(page, problems, width)
        _rate(page, base, problems, width, returned[width])
        _download_and_verify(page, base, problems, width, tmp_path)
        _high_contrast(page, base, problems, width, codes[width], returned[width])
        page.context.close()
        feedback.append(_anonymous_feedback(browser, base, problems, width))
        # the counter officer finds the anonymous feedback in the queue
        page = new_page(browser, width)
        staff_login(page, base, "quay_cd")
        page.click("a:has-text('Phản ánh, kiến nghị chờ trả lời')")
        queue = page.locator("main").inner_text()
        assert feedback[-1] in queue and "khách chưa đăng nhập" in queue
        assert "số 098****321" in queue
        problems.check(page, "feedback queue")
        page.context.close()

    _read_aloud_sections(browser, base, codes[1280], phones[1280])
    problems.assert_none()
    assert RatingAnswer.objects.filter(rating__dossier__code__in=returned.values()).count() == 24
