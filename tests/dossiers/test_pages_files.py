"""The dossier's files on the staff pages: list, preview, download, scans at intake and later,
digitisation, and the size limit in every upload error (issue 22, parts 2 and 13)."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.actions.attachments import attach_file
from motcua.dossiers.models import Attachment, Dossier

from .conftest import receive
from .pages import intake_post

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA_MAX_UPLOAD_MB = 1
    return tmp_path


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_page_lists_each_file_with_preview_and_download_logged(
    client, counter_vp, specialist_vp, caplog
):
    # given a dossier with a scan of the birth certificate
    dossier = receive(counter_vp)
    attach_file(
        dossier,
        actor=counter_vp,
        upload=upload("giay-chung-sinh.pdf", PDF),
        document="giay-chung-sinh",
    )
    attachment = Attachment.objects.get(dossier=dossier)
    client.force_login(specialist_vp)

    # when the specialist opens the dossier page
    html = client.get(f"/ho-so/{dossier.code}/").content.decode()

    # then the file is listed with its document, uploader, size, and both links;
    # the dossier is digitised (its one paper to scan has a file)
    url = f"/ho-so/{dossier.code}/tep/{attachment.pk}/"
    assert "giay-chung-sinh.pdf" in html
    assert "Giấy chứng sinh" in html
    assert f'href="{url}"' in html and f'href="{url}?tai=1"' in html
    assert "Đã số hóa" in html

    # and the preview opens inline, the download as an attachment, each logged
    with caplog.at_level(logging.INFO, logger="motcua.dossiers.access"):
        inline = client.get(url)
        download = client.get(url + "?tai=1")
    assert inline.status_code == 200 and inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline")
    assert b"".join(inline.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    opened = [r.getMessage() for r in caplog.records if "attachment" in r.getMessage()]
    assert len(opened) == 2 and dossier.code in opened[0]


def test_files_are_served_in_scope_only(client, counter_vp, counter_dt):
    dossier = receive(counter_vp)
    attach_file(dossier, actor=counter_vp, upload=upload("a.png", PNG))
    attachment = Attachment.objects.get(dossier=dossier)
    url = f"/ho-so/{dossier.code}/tep/{attachment.pk}/"
    # another commune's officer: 404 as if absent; anonymous: to the login
    client.force_login(counter_dt)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    # another dossier's file id: 404
    other = receive(counter_vp)
    client.force_login(counter_vp)
    assert client.get(f"/ho-so/{other.code}/tep/{attachment.pk}/").status_code == 404
    assert client.get(url).status_code == 200


def test_the_api_serves_the_same_file(counter_vp, api_client):
    dossier = receive(counter_vp)
    attach_file(dossier, actor=counter_vp, upload=upload("a.png", PNG))
    attachment = Attachment.objects.get(dossier=dossier)
    client = api_client(counter_vp)
    response = client.get(f"/api/v1/dossiers/{dossier.code}/attachments/{attachment.pk}/file")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    body = client.get(f"/api/v1/dossiers/{dossier.code}").json()
    assert body["digitised"] is False
    assert [name[:15] for name in body["missing_files"]] == ["Giấy chứng sinh"]


def test_a_scan_at_intake_is_attached_and_digitises_the_dossier(client, counter_vp):
    client.force_login(counter_vp)
    body = {
        **intake_post(),
        "tep_giay-chung-sinh": upload("chung-sinh.pdf", PDF),
        "tep_khac": [upload("anh.png", PNG)],
    }
    response = client.post("/ho-so/tiep-nhan/", body)
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    files = {a.name: a.document for a in Attachment.objects.filter(dossier=dossier)}
    assert files == {"chung-sinh.pdf": "giay-chung-sinh", "anh.png": ""}
    assert "Đã số hóa" in client.get(response["Location"]).content.decode()


def test_a_bad_scan_at_intake_keeps_the_form_and_states_the_limit(client, counter_vp):
    client.force_login(counter_vp)
    body = {**intake_post(), "tep_giay-chung-sinh": upload("to.pdf", b"%PDF-" + b"x" * 1048577)}
    response = client.post("/ho-so/tiep-nhan/", body)
    html = response.content.decode()
    assert response.status_code == 422
    assert "tối đa 1 MB mỗi tệp" in html and "Bản quét giấy tờ" in html
    assert 'value="Nguyễn Văn An"' in html
    assert not Dossier.objects.exists()


def test_the_counter_uploads_more_from_the_dossier_page(client, counter_vp, counter_dt):
    dossier = receive(counter_vp)
    client.force_login(counter_vp)
    page = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert "Chưa số hóa đủ" in page and "Giấy chứng sinh" in page
    assert 'name="tep_khac"' in page
    response = client.post(
        f"/ho-so/{dossier.code}/tep/",
        {"document": "giay-chung-sinh", "tep_khac": upload("cs.pdf", PDF)},
    )
    assert response.status_code == 302
    assert Attachment.objects.get(dossier=dossier).document == "giay-chung-sinh"
    # a text file is refused naming the types and the limit
    bad = client.post(f"/ho-so/{dossier.code}/tep/", {"tep_khac": upload("x.pdf", b"hello")})
    assert bad.status_code == 422
    assert "không phải PDF, JPEG hoặc PNG" in bad.content.decode()
    assert "tối đa 1 MB" in bad.content.decode()
    # nothing chosen: said so
    empty = client.post(f"/ho-so/{dossier.code}/tep/", {})
    assert empty.status_code == 422 and "Chưa chọn tệp" in empty.content.decode()
    # another commune's counter cannot
    client.force_login(counter_dt)
    assert client.post(f"/ho-so/{dossier.code}/tep/", {}).status_code == 404
