"""Browser journey (issue 22, part 1): the counter's and the leader's queues.

State built through actions: two citizens file birth registrations online through the
citizens' wizard actions (status 1), and a dossier waits for the chairman's approval. Then
through the pages only, at 1280 and 390 px: the counter officer logs in, reads on the start
page how many online dossiers wait, is offered the one filed online when its person comes to
the counter (intake), opens "Chờ tiếp nhận trực tuyến", opens the oldest and accepts it with
the page's form; the chairman logs in, reads the count of "Chờ tôi phê
duyệt / ký số" and finds the dossier in it. axe-core (serious, critical) and sideways
scrolling are checked on every page; screenshots go to /tmp/wq-*.png.

Skips with the reason when /usr/bin/chromium or Playwright is missing (CI installs them).
"""

from __future__ import annotations

from tests.browser.journey import PASSWORD, WIDTHS, Problems, logout, new_page, staff_login

UNIT = "08716"
BIRTH = "1.001193"
PDF = b"%PDF-1.4\n% giay to\n"
# Screenshots to look at after a run (the brief asks for /tmp/wq-*.png).
SHOTS = "/tmp/wq-"  # noqa: S108


def file_online_as_citizen(full_name: str, phone: str, id_number: str):
    """A citizen files through the wizard's actions: draft, applicant and e-form, files,
    submit (`citizens.actions`), as `/cong-dan/` does."""
    from motcua.accounts.actions import create_citizen_account
    from motcua.catalog.queries import procedure_version
    from motcua.citizens.actions import add_draft_file, save_draft, start_draft, submit_draft

    citizen = create_citizen_account(full_name=full_name, phone=phone).user
    version = procedure_version(BIRTH)
    assert version is not None
    draft = start_draft(owner=citizen, procedure=BIRTH, unit=UNIT)
    applicant = {
        "full_name": full_name,
        "id_number": id_number,
        "date_of_birth": "1990-05-01",
        "phone": phone,
    }
    save_draft(draft, applicant=applicant, data=version.form_schema["examples"][0])
    for doc in version.required_documents:
        if doc["mandatory"] and not doc["id"].startswith("to-khai"):
            add_draft_file(
                draft, document=doc["id"], name=f"{doc['id']}.pdf", content=PDF + id_number.encode()
            )
    return submit_draft(draft, actor=citizen)


def test_counter_receives_from_its_online_queue_and_the_leader_finds_his(
    master_data_restored, transactional_db, live_server, browser, settings
):
    from motcua.accounts.actions import create_official
    from motcua.accounts.choices import Role, Title
    from motcua.dossiers.actions import (
        Applicant,
        appraise,
        submit_online,  # noqa: F401  (the wizard's write)
        transfer,
    )
    from motcua.dossiers.choices import State
    from motcua.dossiers.models import Dossier
    from motcua.units.choices import AgencyKind
    from tests.dossiers.conftest import receive

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    officials = {}
    for username, name, role, title, agency in (
        ("quay_vp", "Nguyễn Thị Lan", Role.COUNTER, Title.OFFICER, AgencyKind.PSC),
        ("cv_vp", "Trần Văn Minh", Role.SPECIALIST, Title.OFFICER, AgencyKind.CULTURE_SOCIETY),
        ("ct_vp", "Lê Quang Hưng", Role.LEADER, Title.CHAIRMAN, AgencyKind.PEOPLES_COMMITTEE),
    ):
        officials[username] = create_official(
            username,
            full_name=name,
            unit=UNIT,
            role=role,
            title=title,
            agency=agency,
            password=PASSWORD,
        ).user
    # given two dossiers filed online (one for each width), and one waiting for the chairman
    online = [
        file_online_as_citizen("Đỗ Thị Mai", "0912345678", "025090123456"),
        file_online_as_citizen("Phạm Văn Bình", "0912345679", "025090123457"),
    ]
    assert all(d.state == State.SUBMITTED for d in online)
    counter, specialist = officials["quay_vp"], officials["cv_vp"]
    waiting = receive(
        counter,
        applicant=Applicant(
            full_name="Hoàng Thị Hạnh", id_number="025090123458", phone="0912345680"
        ),
    )
    waiting = transfer(waiting, actor=counter, assignee_username="cv_vp")
    waiting = appraise(waiting, actor=specialist, proposal="approve", note="Đủ điều kiện")
    assert waiting.state == State.AWAITING_APPROVAL

    base = live_server.url
    problems = Problems()
    for turn, width in enumerate(WIDTHS):
        dossier = online[turn]
        # the counter officer: the count on the start page, the queue, the dossier, accept
        page = new_page(browser, width)
        staff_login(page, base, "quay_vp")
        tile = page.locator("#hang-online")
        assert tile.locator(".count").inner_text() == str(len(online) - turn)
        assert "Chờ tiếp nhận trực tuyến" in tile.inner_text()
        problems.check(page, "counter start page")
        page.screenshot(path=f"{SHOTS}counter-start-{width}.png", full_page=True)
        # the same person at the counter: intake offers the dossier filed online
        page.goto(f"{base}/ho-so/tiep-nhan/?procedure={BIRTH}&unit={UNIT}")
        page.fill("#applicant_full_name", dossier.applicant_name)
        page.fill("#applicant_id_number", dossier.applicant_id_number)
        page.locator("#intake-form button[type=submit]").last.click()
        notice = page.locator("#da-nop-truc-tuyen")
        notice.wait_for()
        assert f"Mở hồ sơ {dossier.code} để tiếp nhận" in notice.inner_text()
        problems.check(page, "intake offering the online dossier")
        page.screenshot(path=f"{SHOTS}intake-offer-{width}.png", full_page=True)
        page.goto(f"{base}/can-bo/")
        page.locator("#hang-online").click()
        page.wait_for_url(f"{base}/ho-so/?hang=online")
        assert page.locator("h2").first.inner_text().startswith("Chờ tiếp nhận trực tuyến")
        first_row = page.locator("#hang-doi tbody tr").first
        assert dossier.code in first_row.inner_text()
        problems.check(page, "online queue")
        page.screenshot(path=f"{SHOTS}online-queue-{width}.png", full_page=True)
        first_row.locator(f"a:has-text('{dossier.code}')").click()
        page.wait_for_url(f"{base}/ho-so/{dossier.code}/")
        problems.check(page, "online dossier")
        page.locator("#thao-tac-accept button[type=submit]").click()
        page.wait_for_url(f"{base}/ho-so/{dossier.code}/")
        assert "Tiếp nhận hồ sơ: đã thực hiện" in page.content()
        assert "Đã tiếp nhận" in page.locator("#h-chung + table").inner_text()
        problems.check(page, "accepted dossier")
        page.screenshot(path=f"{SHOTS}accepted-{width}.png", full_page=True)
        # the queue no longer holds it
        page.goto(f"{base}/ho-so/?hang=online")
        assert dossier.code not in page.locator("#hang-doi").inner_text()
        logout(page)
        page.context.close()

        # the chairman: the count, then the dossier in his queue
        page = new_page(browser, width)
        staff_login(page, base, "ct_vp")
        tile = page.locator("#hang-approval")
        assert tile.locator(".count").inner_text() == "1"
        assert "Chờ tôi phê duyệt / ký số" in tile.inner_text()
        assert page.locator("#hang-online").count() == 0  # not the counter's queue
        problems.check(page, "leader start page")
        page.screenshot(path=f"{SHOTS}leader-start-{width}.png", full_page=True)
        tile.click()
        page.wait_for_url(f"{base}/ho-so/?hang=approval")
        assert waiting.code in page.locator("#hang-doi tbody").inner_text()
        problems.check(page, "approval queue")
        page.screenshot(path=f"{SHOTS}approval-queue-{width}.png", full_page=True)
        page.context.close()

    assert Dossier.objects.filter(state=State.RECEIVED, channel=2).count() == 2
    problems.assert_none()
