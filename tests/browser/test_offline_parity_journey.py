"""Browser journey of the counter officer without internet (issue 22, part 9: offline parity),
through the pages only, at desktop width and at 390 px, with axe-core clean.

Offline, the officer chooses the competent commune by its name and types a birth
registration with the mother's name left out: the page names the field in Vietnamese, as the
server would ("Mẹ › Họ, chữ đệm, tên: Cần nhập thông tin này."), next to it, and prints no
receipt. Filled in, the receipt prints. Meanwhile the province's administrator deactivates
that commune (merged) in the admin pages: something the device cannot know. Back online the
server refuses the dossier; the outbox says why in Vietnamese; the officer opens it, chooses
the commune by name again, and sends it: the server accepts it under the printed code.

The test builds only the officer and the administrator (actions); everything else is
clicking and typing. Skips with the reason when Chromium or Playwright is missing.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from .journey import PASSWORD, WIDTHS, Problems, new_page, staff_login

SHOTS = Path(tempfile.gettempdir()) / "motcua-journeys"
BIRTH = "1.001193"
VINH_PHUC = "08716"

# Types the e-form's values into the offline form's fields, dates as dd/mm/yyyy.
FILL_EFORM = """(example) => {
  const walk = (value, path) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? path + '.' + k : k);
      return;
    }
    const el = document.querySelector(`[name="data.${path}"]`);
    if (!el) return;
    if (el.type === 'checkbox') el.checked = !!value;
    else if (el.dataset.kind === 'date') el.value = String(value).split('-').reverse().join('/');
    else if (Array.isArray(value)) el.value = JSON.stringify(value);
    else el.value = String(value);
  };
  walk(example, '');
}"""


def _deactivate_in_admin(browser, base: str, code: str) -> None:
    """The province's administrator marks a commune inactive in the admin pages."""
    page = new_page(browser, 1280)
    staff_login(page, base, "quan_tri_tinh")  # a superuser too gives the second step
    page.goto(f"{base}/admin/units/unit/{code}/change/")
    page.uncheck("#id_is_active")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    page.context.close()


def test_offline_counter_checks_like_online_and_corrects_a_refused_dossier(
    master_data_restored, transactional_db, live_server, browser
):
    from django.contrib.auth import get_user_model

    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.catalog.eforms import REQUIRED, label_of
    from motcua.catalog.queries import procedure_version
    from motcua.dossiers.models import CodeBlock, Dossier
    from motcua.units.choices import AgencyKind
    from motcua.units.models import Unit
    from motcua.workcal.deadlines import TZ

    create_official(
        "quay_mat_mang",
        full_name="Nguyễn Thị Lan",
        unit=VINH_PHUC,
        role=Role.COUNTER,
        title=Title.OFFICER,
        agency=AgencyKind.PSC,
        password=PASSWORD,
    )
    get_user_model().objects.create_superuser("quan_tri_tinh", "", PASSWORD)
    version = procedure_version(BIRTH)
    assert version is not None
    example = version.form_schema["examples"][0]
    without_mother_name = {**example, "mother": dict(example["mother"])}
    del without_mother_name["mother"]["full_name"]
    missing = f"{label_of(version.form_schema, 'mother.full_name')}: {REQUIRED}"
    communes = list(
        Unit.objects.filter(parent_id="25", level="commune", is_active=True)
        .exclude(code=VINH_PHUC)
        .order_by("code")[: len(WIDTHS)]
    )
    home = Unit.objects.get(code=VINH_PHUC)
    base = live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = Problems()

    for width, merged in zip(WIDTHS, communes, strict=True):
        page = new_page(browser, width)
        staff_login(page, base, "quay_mat_mang")
        # online once: the page, the catalog, the communes and the numbers are kept
        page.goto(f"{base}/ho-so/ngoai-tuyen/")
        page.wait_for_selector("#san-sang[data-ready='1']")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        assert "giữ" in page.inner_text("#khoi-so")
        problems.check(page, "offline counter")

        # the line drops; the page still opens
        page.context.set_offline(True)
        page.reload()
        page.wait_for_selector("#san-sang[data-ready='1']")
        page.select_option("#thu-tuc", BIRTH)
        # the commune by its name, never its code
        assert merged.name in page.inner_text("#xa-giai-quyet")
        page.select_option("#xa-giai-quyet", label=merged.name)
        page.fill("#full_name", "Nguyễn Văn An")
        page.fill("#id_number", "025090123456")
        page.fill("#date_of_birth", "01/05/1990")
        page.fill("#address", "Khu 3, phường Vĩnh Phúc")
        page.fill("#phone", "0912000111")
        page.evaluate(FILL_EFORM, without_mother_name)
        page.click("#tiep-nhan")
        # a Vietnamese message naming the field, next to it; no receipt
        summary = page.locator("#thong-bao")
        summary.wait_for()
        assert missing in summary.inner_text()
        assert "1 lỗi" in summary.inner_text()
        field = page.locator('[name="data.mother.full_name"]')
        assert field.get_attribute("aria-invalid") == "true"
        note = page.locator("#" + str(field.get_attribute("aria-describedby")))
        assert missing in note.inner_text()
        assert "/phieu-hen/" not in page.url
        assert page.locator("#hop-thu-dong tr").count() == 0
        page.screenshot(path=str(SHOTS / f"offline-missing-{width}.png"), full_page=True)
        problems.check(page, "offline intake, a field missing")

        # filled in (nothing else retyped): the receipt prints
        field.fill(example["mother"]["full_name"])
        page.click("#tiep-nhan")
        page.wait_for_url(re.compile(r".*/ho-so/ngoai-tuyen/phieu-hen/\?id=.*"))
        page.wait_for_selector("#phieu-hen[data-ready='1']")
        code = page.inner_text("#ma-ho-so")
        assert page.inner_text("#xa-tham-quyen") == merged.name
        page.screenshot(path=str(SHOTS / f"offline-receipt-{width}.png"), full_page=True)
        problems.check(page, "offline receipt")

        # meanwhile the commune is merged away: the device cannot know
        _deactivate_in_admin(browser, base, merged.code)

        # back online: the server refuses it, in Vietnamese
        page.goto(f"{base}/ho-so/ngoai-tuyen/")
        page.wait_for_selector("#san-sang[data-ready='1']")
        page.context.set_offline(False)
        page.click("#gui-ngay")
        row = page.locator(f"#hop-thu-dong tr[data-status='attention']:has-text('{code}')")
        row.wait_for(timeout=30_000)
        reason = row.locator(".ly-do").inner_text()
        assert f"Xã, phường giải quyết: {merged.name} không còn hoạt động" in reason
        assert not re.search(r"\b(Field|required|Input|should|valid)\b", reason)
        assert not Dossier.objects.filter(code=code).exists()
        page.screenshot(path=str(SHOTS / f"offline-refused-{width}.png"), full_page=True)
        problems.check(page, "offline outbox, needs attention")

        # opened from the outbox: the reason sits next to the commune; chosen again by name
        row.locator("button.mo-sua").click()
        page.wait_for_selector("#dang-sua:not([hidden])")
        commune = page.locator("#xa-giai-quyet")
        assert commune.get_attribute("aria-invalid") == "true"
        assert page.input_value("#full_name") == "Nguyễn Văn An"
        assert page.input_value("#date_of_birth") == "01/05/1990"
        assert page.input_value('[name="data.mother.full_name"]') == example["mother"]["full_name"]
        assert merged.name not in commune.inner_text()
        page.screenshot(path=str(SHOTS / f"offline-correct-{width}.png"), full_page=True)
        problems.check(page, "offline intake, correcting")
        page.select_option("#xa-giai-quyet", label=home.name)
        page.click("#tiep-nhan")
        page.wait_for_url(re.compile(r".*/ho-so/ngoai-tuyen/phieu-hen/\?id=.*"))
        page.wait_for_selector("#phieu-hen[data-ready='1']")
        assert page.inner_text("#ma-ho-so") == code
        assert page.inner_text("#xa-tham-quyen") == home.name
        assert "in lại" in page.inner_text("#in-lai")

        # sent again: accepted under the printed code
        page.goto(f"{base}/ho-so/ngoai-tuyen/")
        page.wait_for_selector(f"#hop-thu-dong tr[data-status='sent']:has-text('{code}')")
        problems.check(page, "offline outbox, sent")
        dossier = Dossier.objects.get(code=code)
        assert dossier.unit_id == VINH_PHUC
        assert dossier.applicant_name == "Nguyễn Văn An"
        assert dossier.data["mother"]["date_of_birth"] == example["mother"]["date_of_birth"]

        # day's end: the numbers left unused go back; the printed one stays
        page.click("#ket-thuc-ngay")
        page.wait_for_selector("#ket-thuc-ngay-ket-qua:has-text('Đã trả lại')")
        assert "còn 0 số" in page.inner_text("#khoi-so")
        block = CodeBlock.objects.get(
            day=dossier.received_at.astimezone(TZ).date(), used=[int(code[-4:])]
        )
        assert block.usable_last == int(code[-4:])
        page.screenshot(path=str(SHOTS / f"offline-day-end-{width}.png"), full_page=True)
        problems.check(page, "offline counter, day's end")
        page.context.close()

    problems.assert_none()


def test_offline_counter_receives_a_certified_copy_of_two_papers(
    master_data_restored, transactional_db, live_server, browser
):
    """Offline, the certified copy (2.000815): papers as rows ("Thêm một dòng"), an empty
    second row named by its number, then filled: the receipt prints and the server gets both
    rows. Both widths, axe, no sideways scroll."""
    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.catalog.eforms import REQUIRED, label_of
    from motcua.catalog.queries import procedure_version
    from motcua.dossiers.models import Dossier
    from motcua.units.choices import AgencyKind

    create_official(
        "quay_chung_thuc",
        full_name="Lê Thị Hoa",
        unit=VINH_PHUC,
        role=Role.COUNTER,
        title=Title.OFFICER,
        agency=AgencyKind.PSC,
        password=PASSWORD,
    )
    version = procedure_version("2.000815")
    assert version is not None
    example = version.form_schema["examples"][0]
    papers = example["documents"]
    missing = f"{label_of(version.form_schema, 'documents.1.title')}: {REQUIRED}"
    base = live_server.url
    problems = Problems()
    for width in WIDTHS:
        page = new_page(browser, width)
        staff_login(page, base, "quay_chung_thuc")
        page.goto(f"{base}/ho-so/ngoai-tuyen/")
        page.wait_for_selector("#san-sang[data-ready='1']")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.context.set_offline(True)
        page.reload()
        page.wait_for_selector("#san-sang[data-ready='1']")
        page.select_option("#thu-tuc", "2.000815")
        page.fill("#full_name", "Hoàng Thị Em")
        page.fill("#id_number", "025199003579")
        # the applicant typed once fills the e-form's requester
        assert page.input_value('[name="data.applicant.full_name"]') == "Hoàng Thị Em"
        assert page.input_value('[name="data.applicant.id_number"]') == "025199003579"
        page.evaluate(FILL_EFORM, {k: v for k, v in example.items() if k != "documents"})
        for name, value in papers[0].items():
            page.evaluate(FILL_EFORM, {"documents.0": {name: value}})
        page.click("button.them-dong")
        page.click("#tiep-nhan")
        assert missing in page.inner_text("#thong-bao")
        assert "/phieu-hen/" not in page.url
        problems.check(page, "offline certified copy, a row empty")
        for name, value in papers[1].items():
            page.evaluate(FILL_EFORM, {"documents.1": {name: value}})
        page.click("#tiep-nhan")
        page.wait_for_url(re.compile(r".*/ho-so/ngoai-tuyen/phieu-hen/\?id=.*"))
        page.wait_for_selector("#phieu-hen[data-ready='1']")
        code = page.inner_text("#ma-ho-so")
        page.goto(f"{base}/ho-so/ngoai-tuyen/")
        page.wait_for_selector("#san-sang[data-ready='1']")
        page.context.set_offline(False)
        page.click("#gui-ngay")
        page.wait_for_selector(f"#hop-thu-dong tr[data-status='sent']:has-text('{code}')")
        problems.check(page, "offline certified copy, sent")
        assert Dossier.objects.get(code=code).data["documents"] == papers
        page.context.close()
    problems.assert_none()
