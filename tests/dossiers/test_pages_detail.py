"""Dossier page `/ho-so/<code>/` and its action forms `/ho-so/<code>/hanh-dong/<action>/`."""

from __future__ import annotations

import logging
import re

from django.db import connection

from motcua.dossiers.choices import State, Status
from motcua.dossiers.lookup_tokens import display_token
from motcua.dossiers.models import Dossier

from .conftest import APPLICANT, receive


def page(code: str) -> str:
    return f"/ho-so/{code}/"


def action_url(code: str, action: str) -> str:
    return f"/ho-so/{code}/hanh-dong/{action}/"


def test_dossier_page_shows_everything_to_an_official_in_scope(client, counter_vp, caplog):
    # given a received dossier and its unit's counter officer
    dossier = receive(counter_vp)
    client.force_login(counter_vp)

    # when they open it
    with caplog.at_level(logging.INFO, logger="motcua.dossiers.access"):
        response = client.get(page(dossier.code))

    # then the full record, the documents, the data with e-form titles, the timeline and the
    # PDFs are shown, and the view is logged (invariant 8)
    assert response.status_code == 200
    html = response.content.decode()
    assert APPLICANT.id_number in html
    assert APPLICANT.phone in html
    assert "Giấy tờ đã nhận" in html
    assert "Người được khai sinh" in html and "Nguyễn Minh Khang" in html
    assert "Nam" in html  # the enum's title, not "male"
    assert "Tiếp nhận hồ sơ" in html
    assert "Nhật ký toàn vẹn" in html
    assert f"/api/v1/dossiers/{dossier.code}/documents/01.pdf" in html
    assert f"/api/v1/dossiers/{dossier.code}/documents/06.pdf" in html
    assert "/documents/02.pdf" not in html
    assert "/documents/result.pdf" not in html
    assert any(dossier.code in record.getMessage() for record in caplog.records)


def test_dossier_page_out_of_scope_or_unknown_is_404(client, counter_vp, counter_dt):
    dossier = receive(counter_vp)
    client.force_login(counter_dt)
    assert client.get(page(dossier.code)).status_code == 404
    assert client.get(page("000.00.25.H99-250101-0001")).status_code == 404


def test_dossier_page_redirects_anonymous(client, counter_vp):
    dossier = receive(counter_vp)
    response = client.get(page(dossier.code))
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_dossier_page_shows_only_the_actions_this_user_may_take(client, counter_vp, specialist_vp):
    # given a received dossier
    dossier = receive(counter_vp)

    # when the counter officer opens it: transfer, with the unit's specialists to choose
    client.force_login(counter_vp)
    html = client.get(page(dossier.code)).content.decode()
    assert action_url(dossier.code, "transfer") in html
    assert "Chuyển xử lý" in html
    assert '<option value="specialist_vp">Trần Văn Minh' in html
    assert f'name="version" value="{dossier.version}"' in html

    # when the specialist opens it: no action forms at all yet
    client.force_login(specialist_vp)
    html = client.get(page(dossier.code)).content.decode()
    assert "/hanh-dong/" not in html


def test_action_with_stale_version_shows_conflict_and_changes_nothing(
    client, counter_vp, specialist_vp
):
    # given a form carrying an older version than the dossier's (another officer acted since)
    dossier = receive(counter_vp)
    client.force_login(counter_vp)
    stale = dossier.version - 1

    # when the stale form is posted
    response = client.post(
        action_url(dossier.code, "transfer"),
        {"version": str(stale), "assignee": "specialist_vp"},
    )

    # then 409 with the Vietnamese conflict message, the entered choice kept, nothing changed
    assert response.status_code == 409
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "vừa được người khác cập nhật" in html
    assert '<option value="specialist_vp" selected>' in html
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.version == dossier.version
    assert fresh.state == State.RECEIVED
    assert fresh.assignee_id is None


def test_action_denied_to_someone_without_the_role(client, counter_vp, specialist_vp):
    dossier = receive(counter_vp)
    client.force_login(specialist_vp)
    response = client.post(
        action_url(dossier.code, "transfer"),
        {"version": str(dossier.version), "assignee": "specialist_vp"},
    )
    assert response.status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).state == State.RECEIVED


def test_action_out_of_scope_is_404_and_get_is_not_allowed(client, counter_vp, counter_dt):
    dossier = receive(counter_vp)
    client.force_login(counter_dt)
    body = {"version": str(dossier.version), "assignee": "specialist_vp"}
    assert client.post(action_url(dossier.code, "transfer"), body).status_code == 404
    client.force_login(counter_vp)
    assert client.get(action_url(dossier.code, "transfer")).status_code == 405
    assert client.post(action_url(dossier.code, "fly"), body).status_code == 404


def test_action_invalid_input_keeps_the_values(client, counter_vp, specialist_vp):
    # given a transfer posted without choosing a specialist
    dossier = receive(counter_vp)
    client.force_login(counter_vp)
    response = client.post(
        action_url(dossier.code, "transfer"), {"version": str(dossier.version), "assignee": ""}
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).state == State.RECEIVED


def test_dossier_page_flags_an_edited_event_chain(client, counter_vp):
    # given a dossier whose receive event was edited behind the application's back
    dossier = receive(counter_vp)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE dossiers_dossierevent SET action = %s WHERE dossier_id = %s",
            ["edited", dossier.pk],
        )
    client.force_login(counter_vp)

    # then the page says so, in red
    html = client.get(page(dossier.code)).content.decode()
    assert "Nhật ký bị sửa đổi" in html
    assert "Nhật ký toàn vẹn" not in html


def _version(html: str, action: str) -> str:
    form = html.split(f'id="thao-tac-{action}"', 1)[1]
    match = re.search(r'name="version" value="(\d+)"', form)
    assert match, f"no {action} form"
    return match.group(1)


def test_click_through_receive_transfer_appraise_approve_return(
    client, counter_vp, specialist_vp, leader_vp
):
    from .pages import intake_post

    # the counter receives through the intake page
    client.force_login(counter_vp)
    response = client.post("/ho-so/tiep-nhan/", intake_post())
    assert response.status_code == 302
    url = response["Location"]
    code = url.strip("/").split("/")[-1]

    # ... and transfers to the specialist from the dossier page
    html = client.get(url).content.decode()
    response = client.post(
        action_url(code, "transfer"),
        {"version": _version(html, "transfer"), "assignee": "specialist_vp"},
    )
    assert response.status_code == 302
    assert "Chuyển xử lý: đã thực hiện" in client.get(url).content.decode()

    # the specialist finds it in their queue and appraises it
    client.force_login(specialist_vp)
    assert code in client.get("/ho-so/").content.decode()
    html = client.get(url).content.decode()
    response = client.post(
        action_url(code, "appraise"),
        {"version": _version(html, "appraise"), "proposal": "approve", "note": "Đủ điều kiện."},
    )
    assert response.status_code == 302

    # the leader approves
    client.force_login(leader_vp)
    html = client.get(url).content.decode()
    response = client.post(action_url(code, "approve"), {"version": _version(html, "approve")})
    assert response.status_code == 302

    # the counter returns the result
    client.force_login(counter_vp)
    html = client.get(url).content.decode()
    # (no certificate: a paper result, said so, never a fresh unsigned copy offered)
    assert "/documents/result.pdf" not in html and "ký tay trên giấy" in html
    # (who collects it is required, the ID number checked, the name kept on an error)
    assert 'name="collector_id_number"' in html and 'name="tracking_number"' not in html
    response = client.post(
        action_url(code, "return"),
        {
            "version": _version(html, "return"),
            "collector_name": "Trần Thị Bình",
            "collector_id_number": "12345",
        },
    )
    assert response.status_code == 422
    assert "12 chữ số" in response.content.decode()
    assert 'value="Trần Thị Bình"' in response.content.decode()
    response = client.post(
        action_url(code, "return"),
        {
            "version": _version(html, "return"),
            "collector_name": "Trần Thị Bình",
            "collector_id_number": "025190123456",
        },
    )
    assert response.status_code == 302

    # then the dossier is returned, its chain intact, and the public lookup says so
    html = client.get(url).content.decode()
    assert "Đã trả kết quả" in html
    assert "Người nhận: Trần Thị Bình (số định danh" in html
    assert "Nhật ký toàn vẹn" in html
    assert "Đủ điều kiện." in html
    assert Dossier.objects.get(code=code).status == Status.RETURNED
    client.logout()
    public = client.get("/tra-cuu/", {"ma": code, "t": display_token(code)}).content.decode()
    assert "Đã trả kết quả" in public
    assert "(chưa)" not in public  # every step done
    assert APPLICANT.full_name not in public


def test_extend_form_takes_the_new_due_typed_as_dd_mm_yyyy(
    client, counter_vp, specialist_vp, leader_vp
):
    from datetime import timedelta

    from django.utils import timezone

    from motcua.dossiers.actions import transfer

    dossier = receive(counter_vp)
    transfer(dossier, actor=counter_vp, assignee_username="specialist_vp")
    client.force_login(leader_vp)
    html = client.get(page(dossier.code)).content.decode()
    assert 'placeholder="dd/mm/yyyy hh:mm"' in html and "datetime-local" not in html

    bad = client.post(
        action_url(dossier.code, "extend"),
        {"version": str(dossier.version), "reason": "Cần xác minh", "new_due": "mai"},
    )
    assert bad.status_code == 422
    assert "Hạn trả kết quả mới: nhập ngày/tháng/năm giờ:phút" in bad.content.decode()

    due = timezone.localtime(dossier.due_at) + timedelta(days=7)
    typed = due.strftime("%d/%m/%Y") + " 16:30"
    client.post(
        action_url(dossier.code, "extend"),
        {"version": str(dossier.version), "reason": "Cần xác minh", "new_due": typed},
    )
    dossier.refresh_from_db()
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M") == typed
