"""What every browser journey shares (STYLE.md, Tests): the two widths, axe-core, the
no-horizontal-scroll check, logging in through the pages, and filling an e-form.

A journey uses the pages only: it logs in through `/dang-nhap/` or `/cong-dan/dang-nhap/`,
clicks and types as a person would, and reads what the page shows. The test around it may
build the starting state through actions (a dossier already waiting), never inside the
journey's steps.

    problems = Problems()
    for width in WIDTHS:
        page = new_page(browser, width)
        staff_login(page, base, "counter_j")
        ...
        problems.check(page, "intake")       # axe serious/critical + horizontal scroll
    problems.assert_none()
"""

from __future__ import annotations

import base64
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# Desktop and a phone (DEVELOPERS brief: done at both).
WIDTHS = (1280, 390)
PASSWORD = "Mot-cua-2026!"
BIRTH = "1.001193"  # đăng ký khai sinh


def new_page(browser: Any, width: int) -> Any:
    """A page in a fresh context (own cookies) at `width` px, Vietnamese locale, and a 30 s
    timeout: a 2-core CI machine runs the live server in the same process."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    # axe-core in every document from its start: the pages' Content Security Policy
    # (script-src 'self') refuses a script tag added to the page afterwards
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def axe_problems(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # a page made elsewhere, without the init script (works where no CSP applies)
        page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def horizontal_scroll(page: Any) -> str | None:
    """Why the page scrolls sideways (wider than its viewport), or None."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.evaluate("() => window.innerWidth")
    if width > viewport + 1:
        return f"page is {width} px wide in a {viewport} px viewport"
    return None


class Problems:
    """Accessibility and layout problems found along a journey, by page name and width."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}

    def check(self, page: Any, name: str) -> None:
        width = page.evaluate("() => window.innerWidth")
        found = axe_problems(page)
        scroll = horizontal_scroll(page)
        if scroll:
            found.append(scroll)
        if found:
            self.found[f"{name} @ {width}px"] = found

    def assert_none(self) -> None:
        assert self.found == {}, self.found


def staff_login(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    """Log an official in through `/dang-nhap/` and land on their start page.

    An official whose role needs two-step sign-in (accounts.twofactor) then types the code
    their authenticator app would show: on first sign-in they enrol, reading the secret off
    the enrolment page as a person types it into the app, and continue past their recovery
    codes; later the code comes from their device's seed."""
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/can-bo/" in url or "/xac-thuc/" in url)
    if "/xac-thuc/dang-ky/" in page.url:
        secret = page.get_attribute("#totp-secret", "data-secret")
        assert secret, "the enrolment page shows no secret"
        page.fill("#id_code", authenticator_code(base64.b32decode(secret)))
        page.click("button:has-text('Xác nhận và tiếp tục')")
        page.wait_for_selector("#recovery-codes")
        page.click("a:has-text('Tôi đã lưu các mã, tiếp tục')")
    elif "/xac-thuc/" in page.url:
        page.fill("#id_code", device_code(username))
        page.click("button:has-text('Xác nhận')")
    page.wait_for_url(f"{base}/can-bo/**")


def authenticator_code(key: bytes, after_step: int = -1) -> str:
    """The six digits an authenticator app with seed `key` shows now (RFC 6238, 30 s), or in
    the next period when this one's code was already used (`after_step`): the server accepts
    one period of drift, and never the same period twice."""
    from django_otp.oath import hotp

    now = int(time.time()) // 30
    step = max(now, after_step + 1)
    if step > now + 1:  # both this period's code and the next one's are spent: wait
        time.sleep((step - 1) * 30 - time.time() + 0.5)
    return f"{hotp(key, step):06d}"


def device_code(username: str) -> str:
    """The code the official's enrolled authenticator shows (its seed is in the database)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    return authenticator_code(device.bin_key, device.last_t)


def login_code(phone: str) -> str:
    """The last one-time code the outbox sent to `phone` (the in-memory SMS provider)."""
    import re

    from motcua.notifications.providers import MemorySmsProvider

    for sent in reversed(MemorySmsProvider.sent):
        found = re.search(r"Mã xác thực[^:]*: (\d{6})", sent["text"])
        if sent["to"] == phone and found:
            return found.group(1)
    raise AssertionError(f"no code sent to {phone}: {MemorySmsProvider.sent}")


def citizen_login(page: Any, base: str, phone: str) -> None:
    """Log a citizen in through `/cong-dan/dang-nhap/` with the code sent to `phone`, landing
    on "Hồ sơ của tôi"."""
    page.goto(f"{base}/cong-dan/dang-nhap/")
    page.fill("#destination", phone)
    page.click("button:has-text('Gửi mã xác thực')")
    page.fill("#code", login_code(phone))
    page.click("button:has-text('Xác nhận')")
    page.wait_for_url("**/ho-so-cua-toi/")


def file_birth_online(citizen: Any, unit: str, id_number: str, salt: int) -> Any:
    """A birth registration the citizen filed online (an action: a journey's starting state),
    with a PDF for each mandatory paper; `salt` makes the files differ between turns."""
    from motcua.catalog.queries import procedure_version
    from motcua.dossiers.actions import Applicant, OnlineFile, submit_online

    version = procedure_version(BIRTH)
    assert version is not None
    return submit_online(
        actor=citizen,
        procedure=BIRTH,
        unit=unit,
        applicant=Applicant(full_name="Đỗ Thị Mai", id_number=id_number),
        data=dict(version.form_schema["examples"][0]),
        files=[
            OnlineFile(
                document=doc["id"], name=f"{doc['id']}.pdf", content=b"%PDF-1.4\n" + bytes(salt)
            )
            for doc in version.required_documents
            if doc["mandatory"]
            and not doc["id"].startswith("to-khai")
            and doc.get("form") != "present"
        ],
    )


def logout(page: Any) -> None:
    page.click("header.site button:has-text('Đăng xuất')")


def eform_fields(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """E-form data as the intake's field names (`data.child.full_name`, rows of a list as
    `data.documents.0.pages`), dates typed dd/mm/yyyy as a person types them."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(eform_fields(value, name + "."))
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            for index, row in enumerate(value):
                out.update(eform_fields(row, f"{name}.{index}."))
        elif isinstance(value, list):
            out[f"data.{name}"] = "\n".join(str(item) for item in value)
        elif isinstance(value, bool):
            out[f"data.{name}"] = value
        elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            out[f"data.{name}"] = f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
        else:
            out[f"data.{name}"] = str(value)
    return out


# Sets each named field (text, select, checkbox) and tells the page it changed.
FILL = """(values) => {
  for (const [name, value] of Object.entries(values)) {
    for (const el of document.getElementsByName(name)) {
      if (el.type === 'hidden') continue;
      if (el.type === 'checkbox') { el.checked = !!value; } else { el.value = value; }
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }
}"""


def fill_fields(page: Any, values: Mapping[str, Any]) -> None:
    page.evaluate(FILL, dict(values))
