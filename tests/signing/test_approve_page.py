"""The dossier page when a leader approves with a signing certificate (issue 22, part 6): a
wrong PIN shows a failure with the reason and the form to retry, never a success message;
the right PIN at the retry signs."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from motcua.documents.control_sheet import control_sheet, control_sheet_rows
from motcua.dossiers.actions import ACTIONS
from motcua.dossiers.choices import EVENT_LABELS, State, Status
from motcua.dossiers.models import Dossier

from .conftest import PIN

pytestmark = pytest.mark.django_db


def test_approve_page_with_a_wrong_pin_shows_the_failure_and_the_retry_form(
    client, leader_vp, leader_cert, to_approve
):
    # given a dossier proposed for approval and its leader on the dossier page
    client.force_login(leader_vp)

    # when the leader approves with a wrong PIN
    response = client.post(
        f"/ho-so/{to_approve.code}/hanh-dong/approve/",
        {"version": str(to_approve.version), "pin": "9999"},
        follow=True,
    )

    # then the page shows the failure with its reason and the signing form, no success
    html = response.content.decode()
    dossier = Dossier.objects.get(pk=to_approve.pk)
    assert dossier.state == State.AWAITING_SIGNATURE
    assert response.redirect_chain[-1][0].endswith("#ky-so-loi")
    assert 'id="ky-so-loi"' in html
    assert "Ký số kết quả không thành công" in html
    assert "chưa ký số được kết quả" in html
    assert "PIN" in html.split('id="ky-so-loi"', 1)[1].split("</div>", 1)[0]
    assert "đã thực hiện" not in html
    assert 'class="message success"' not in html
    assert 'id="thao-tac-sign"' in html
    assert 'id="sign-pin" name="pin"' in html
    # the retry is the first form, before any other action
    assert html.index('id="thao-tac-') == html.index('id="thao-tac-sign"')
    # and the timeline names the events in Vietnamese only
    assert ">approve<" not in html and ">sign<" not in html


def test_sign_page_retry_with_the_right_pin_signs(client, leader_vp, leader_cert, to_approve):
    # given an approval whose signing failed
    client.force_login(leader_vp)
    client.post(
        f"/ho-so/{to_approve.code}/hanh-dong/approve/",
        {"version": str(to_approve.version), "pin": "9999"},
    )
    dossier = Dossier.objects.get(pk=to_approve.pk)

    # when the leader retries with a wrong PIN, then with the right one
    wrong = client.post(
        f"/ho-so/{dossier.code}/hanh-dong/sign/", {"version": str(dossier.version), "pin": "0000"}
    )
    right = client.post(
        f"/ho-so/{dossier.code}/hanh-dong/sign/",
        {"version": str(dossier.version), "pin": PIN},
        follow=True,
    )

    # then the wrong retry answers 422 with the reason, the right one signs (status 9)
    assert wrong.status_code == 422
    assert "Ký số không thành công" in wrong.content.decode()
    html = right.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.RESULT_READY
    assert "Ký số kết quả: đã thực hiện" in html
    assert 'id="ky-so-loi"' not in html
    assert "Ký số kết quả" in html.split('id="h-nhat-ky"', 1)[1]


def test_control_sheet_after_a_failed_signing_names_every_event_in_vietnamese(
    leader_vp, leader_cert, to_approve
):
    # given an approval whose signing failed, then a successful retry
    ACTIONS["approve"].run(to_approve, actor=leader_vp, pin="9999")
    ACTIONS["sign"].run(to_approve, actor=leader_vp, pin=PIN)

    # when form 06 is built
    rows = control_sheet_rows(to_approve)
    text = " ".join(
        page.extract_text() for page in PdfReader(BytesIO(control_sheet(to_approve))).pages
    )

    # then each row's note starts with the Vietnamese name of its event, and no English
    # action name is printed
    assert [row.note.split(":", 1)[0] for row in rows][-2:] == ["Phê duyệt", "Ký số kết quả"]
    assert all(row.note.split(":", 1)[0] in EVENT_LABELS.values() for row in rows)
    words = set(text.replace(":", " ").replace(",", " ").split())
    english = set(ACTIONS) | set(EVENT_LABELS) | {"send_back", "request_supplement"}
    assert words & english == set()
    assert "Ký số kết quả" in text
