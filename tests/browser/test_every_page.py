"""Every page at 1280 and 390 px (issue 22, part 11): no sideways scroll on a phone, and
axe-core reports no serious or critical violation, for each role's pages.

A sweep, not a journey: the state is built through actions (officials, a dossier with a
payment and a correction, an online dossier waiting), then each page is opened as its user
would open it. A page that needs a wide table stacks its rows (site.css `table.stack`).
Skips with the reason when Chromium or Playwright is missing (CI installs them).
"""

from __future__ import annotations

from tests.browser.journey import PASSWORD, WIDTHS, Problems, logout, new_page, staff_login

UNIT, PROVINCE = "08716", "25"

PUBLIC_PAGES = (
    ("home", "/"),
    ("procedure birth", "/thu-tuc/1.001193/"),
    ("procedure certified copy", "/thu-tuc/2.000815/"),
    ("life event", "/su-kien/{event}/"),
    ("lookup", "/tra-cuu?ma={code}"),
    ("citizen login", "/cong-dan/dang-nhap/"),
    ("feedback", "/phan-anh/"),
    ("staff login", "/dang-nhap/"),
)
COUNTER_PAGES = (
    ("staff home", "/can-bo/"),
    ("queues", "/ho-so/"),
    ("queue online", "/ho-so/?hang=online"),
    ("intake step 1", "/ho-so/tiep-nhan/"),
    ("intake birth", "/ho-so/tiep-nhan/?procedure=1.001193&unit=" + UNIT),
    ("intake certified copy", "/ho-so/tiep-nhan/?procedure=2.000815&unit=" + UNIT),
    ("dossier", "/ho-so/{code}/"),
    ("tracking book", "/ho-so/so-theo-doi/"),
    ("cash day", "/ho-so/thu-phi/"),
    ("offline counter", "/ho-so/ngoai-tuyen/"),
    ("outbox", "/can-bo/hop-thu-di/"),
    ("feedback queue", "/can-bo/phan-anh/"),
)
LEADER_PAGES = (
    ("leader home", "/can-bo/"),
    ("leader queues", "/ho-so/"),
    ("leader dossier", "/ho-so/{code}/"),
)
SUPERVISOR_PAGES = (
    ("supervisor home", "/can-bo/"),
    ("supervisor dossiers", "/ho-so/"),
    ("supervisor dossier", "/ho-so/{code}/"),
    ("certificates", "/chu-ky-so/"),
    ("supervisor tracking book", "/ho-so/so-theo-doi/"),
)


def test_every_page_fits_a_phone_and_passes_axe(
    master_data_restored, transactional_db, live_server, browser, settings
):
    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.dossiers.cash import collect_fee
    from motcua.portal.lifeevents import LIFE_EVENTS
    from motcua.units.choices import AgencyKind
    from tests.dossiers.conftest import receive

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    users = {}
    for username, name, role, title, agency in (
        ("quay_ep", "Nguyễn Thị Lan", Role.COUNTER, Title.OFFICER, AgencyKind.PSC),
        ("ct_ep", "Lê Quang Hưng", Role.LEADER, Title.CHAIRMAN, AgencyKind.PEOPLES_COMMITTEE),
        ("gs_ep", "Phan Thu Hà", Role.PROVINCE_SUPERVISOR, Title.PROVINCE_SPECIALIST, None),
    ):
        users[username] = create_official(
            username,
            full_name=name,
            unit=UNIT if agency else PROVINCE,
            role=role,
            title=title,
            agency=agency,
            password=PASSWORD,
        ).user
    dossier = receive(users["quay_ep"], fee=50_000, fee_reason="Mức thu của tỉnh")
    collect_fee(
        dossier, actor=users["quay_ep"], amount=20_000, method="cash", receipt_number="0001"
    )
    values = {"code": dossier.code, "event": LIFE_EVENTS[0].slug}

    base = live_server.url
    problems = Problems()
    for width in WIDTHS:
        page = new_page(browser, width)
        for name, path in PUBLIC_PAGES:
            page.goto(base + path.format(**values))
            problems.check(page, name)
        for username, pages in (
            ("quay_ep", COUNTER_PAGES),
            ("ct_ep", LEADER_PAGES),
            ("gs_ep", SUPERVISOR_PAGES),
        ):
            staff_login(page, base, username)
            for name, path in pages:
                response = page.goto(base + path.format(**values))
                assert response is not None and response.ok, (name, response and response.status)
                problems.check(page, name)
            logout(page)
        page.context.close()
    problems.assert_none()
