"""`/ho-so-cua-toi/<code>/bo-sung/`: the citizen sends the supplement asked for (issue 22)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.actions import accept, request_supplement
from motcua.dossiers.supplements import supplement_of

from .conftest import PDF, file_online

pytestmark = pytest.mark.django_db


def asked(citizen, counter_vp):
    dossier = file_online(citizen)
    accept(dossier, actor=counter_vp)
    request_supplement(
        dossier, actor=counter_vp, reason="Ảnh mờ", documents=["Giấy chứng sinh rõ nét"]
    )
    return dossier


def page_fields(html: str) -> dict[str, str]:
    """The e-form's inputs and their values as the page shows them (what a browser posts)."""
    fields = {}
    for name, value in re.findall(r'<input[^>]*name="(data\.[^"]+)"[^>]*value="([^"]*)"', html):
        fields[name] = value
    for name, body in re.findall(
        r'<select[^>]*name="(data\.[^"]+)"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        fields[name] = chosen.group(1) if chosen else ""
    return fields


def test_the_citizen_sees_the_request_and_sends_a_file(client, citizen, counter_vp, volunteer):
    dossier = asked(citizen, counter_vp)
    client.force_login(citizen)
    mine = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Giấy chứng sinh rõ nét" in mine and "Ảnh mờ" in mine
    assert f"/ho-so-cua-toi/{dossier.code}/bo-sung/" in mine
    form = client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/").content.decode()
    fields = page_fields(form)
    assert fields, "the e-form is on the page"
    # nothing sent: a Vietnamese error, the note typed is kept
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {**fields, "version": dossier.version, "note": ""},
    )
    assert response.status_code == 422
    assert "Cần tải lên ít nhất một giấy tờ bổ sung" in response.content.decode()
    # a wrong file: the error is next to that file's field, the note kept
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {
            **fields,
            "version": dossier.version,
            "note": "Ghi chú của tôi",
            "tep_giay-chung-sinh": SimpleUploadedFile("anh.txt", b"hello"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_tep_giay-chung-sinh-loi"' in page and "không phải PDF" in page
    assert "Ghi chú của tôi" in page
    # the right file: sent, the unchanged e-form is no correction
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {
            **fields,
            "version": dossier.version,
            "tep_giay-chung-sinh": SimpleUploadedFile("chung-sinh.pdf", PDF + b"new"),
        },
    )
    assert response.status_code == 302
    sent = supplement_of(dossier)["sent"]
    assert [f["name"] for f in sent["files"]] == ["chung-sinh.pdf"]
    assert sent["changes"] == []
    page = client.get(response["Location"]).content.decode()
    assert "Đã gửi bổ sung" in page
    # another account sees nothing of it
    client.force_login(volunteer)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/").status_code == 404


def test_a_page_version_that_is_not_a_number_is_refused_with_a_message(client, citizen, counter_vp):
    """A tampered hidden version is a Vietnamese message on the page, never a server error,
    and nothing is sent; the note typed is kept."""
    dossier = asked(citizen, counter_vp)
    client.force_login(citizen)
    fields = page_fields(client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/").content.decode())
    for version in ("abc", "0"):
        response = client.post(
            f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
            {
                **fields,
                "version": version,
                "note": "Ghi chú giữ lại",
                "tep_giay-chung-sinh": SimpleUploadedFile("chung-sinh.pdf", PDF + b"new"),
            },
        )
        page = response.content.decode()
        assert response.status_code == 422
        assert "Trang đã cũ, hãy tải lại trang rồi gửi lại." in page
        assert "Ghi chú giữ lại" in page
    assert supplement_of(dossier)["sent"] is None


def test_a_correction_with_a_bad_date_names_the_field_and_keeps_the_value(
    client, citizen, counter_vp
):
    dossier = asked(citizen, counter_vp)
    client.force_login(citizen)
    fields = page_fields(client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/").content.decode())
    name = next(key for key in fields if key.endswith("child.date_of_birth"))
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {**fields, name: "01/01/2999", "version": dossier.version},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "01/01/2999" in page
    assert "Người được khai sinh › Ngày, tháng, năm sinh: Ngày không được sau hôm nay" in page
    dossier.refresh_from_db()
    assert dossier.supplemented_at is None


def test_adding_a_row_to_a_list_of_the_e_form_sends_nothing(client, citizen, counter_vp):
    # given a certified copy (its papers a list of objects) asked to supplement
    from .conftest import file_documents, form_example

    copy = "2.000815"
    dossier = file_online(
        citizen, procedure=copy, data=form_example(copy), files=file_documents(copy)
    )
    accept(dossier, actor=counter_vp)
    request_supplement(dossier, actor=counter_vp, reason="Thiếu", documents=["Thêm một giấy tờ"])
    client.force_login(citizen)
    html = client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/").content.decode()
    add = re.search(r'name="them_dong" value="([^"]+)"', html)
    assert add is not None, "the e-form offers to add a row"
    rows_before = html.count('class="group"')
    # when the citizen adds a row
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {**page_fields(html), "version": dossier.version, "them_dong": add.group(1)},
    )
    # then the same page comes back, one row more, open, and nothing is sent
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="group"') == rows_before + 1
    assert '<details class="card" id="sua-to-khai" open>' in page
    assert supplement_of(dossier)["sent"] is None


def test_the_api_reads_and_sends_the_supplement_with_the_same_action(
    api_client, citizen, volunteer, counter_vp
):
    dossier = asked(citizen, counter_vp)
    client = api_client(citizen)
    url = f"/api/v1/citizen/dossiers/{dossier.code}/supplement"
    body = client.get(url).json()
    assert body["request"]["documents"] == ["Giấy chứng sinh rõ nét"]
    assert body["sent"] is None and body["counts_late"] is False
    # another account: 404, as if absent
    assert api_client(volunteer).get(url).status_code == 404
    # a bad file: 422 problem+json, under its document
    wrong = client.post(url, {"giay-chung-sinh": SimpleUploadedFile("a.txt", b"hello")})
    assert wrong.status_code == 422
    assert "files.giay-chung-sinh" in wrong.json()["errors"]
    # bad data: 422 naming data
    bad = client.post(url, {"data": "[1, 2]"})
    assert bad.status_code == 422 and "data" in bad.json()["errors"]
    # the right file: sent
    sent = client.post(
        url,
        {"giay-chung-sinh": SimpleUploadedFile("cs.pdf", PDF + b"api"), "note": "Bản rõ"},
    )
    assert sent.status_code == 200, sent.content
    assert [f["name"] for f in sent.json()["sent"]["files"]] == ["cs.pdf"]
    # and again: 409, already sent
    again = client.post(url, {"note": "Lần nữa"})
    assert again.status_code == 409
