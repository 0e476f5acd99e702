"""The access log (invariant 8; issue 23, part 6): every opening of a full record or of a
file is a row (who, which dossier, when, from where) that nothing changes or deletes; the
province admin reads, narrows and exports it; the applicant sees who opened their dossier."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from motcua.dossiers.actions import accept
from motcua.dossiers.actions.attachments import attach_file
from motcua.dossiers.choices import AccessKind
from motcua.dossiers.models import AccessLogTamperingError, Attachment, RecordAccess
from tests.citizens.conftest import file_online
from tests.fixtures.personas import api_client_for

from .conftest import receive

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
LOG = "/ho-so/nhat-ky-truy-cap/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_opening_a_record_or_a_file_writes_a_row_that_cannot_change(client, counter_vp):
    # given a dossier with one file
    dossier = receive(counter_vp)
    attach_file(
        dossier,
        actor=counter_vp,
        upload=SimpleUploadedFile("cs.pdf", PDF),
        document="giay-chung-sinh",
    )
    attachment = Attachment.objects.get(dossier=dossier)
    client.force_login(counter_vp)

    # when the officer opens the dossier page and the file, from a known address
    client.get(f"/ho-so/{dossier.code}/", REMOTE_ADDR="203.0.113.7")
    client.get(f"/ho-so/{dossier.code}/tep/{attachment.pk}/?tai=1", REMOTE_ADDR="203.0.113.7")

    # then two rows, newest first: the file, then the record
    rows = list(RecordAccess.objects.filter(dossier=dossier))
    assert [(r.kind, r.user_id, r.address) for r in rows] == [
        (AccessKind.FILE, counter_vp.pk, "203.0.113.7"),
        (AccessKind.RECORD, counter_vp.pk, "203.0.113.7"),
    ]
    assert rows[0].attachment_id == attachment.pk
    # and nothing changes or deletes them
    rows[0].address = "198.51.100.1"
    with pytest.raises(AccessLogTamperingError, match="không được sửa"):
        rows[0].save()
    with pytest.raises(AccessLogTamperingError, match="không được xóa"):
        rows[1].delete()
    with pytest.raises(AccessLogTamperingError):
        RecordAccess.objects.filter(dossier=dossier).update(address=None)
    with pytest.raises(AccessLogTamperingError):
        RecordAccess.objects.filter(dossier=dossier).delete()


def test_the_api_full_record_is_logged_outside_a_request_too(counter_vp):
    dossier = receive(counter_vp)
    api = api_client_for(counter_vp)
    assert api.get(f"/api/v1/dossiers/{dossier.code}").status_code == 200
    row = RecordAccess.objects.get(dossier=dossier)
    assert row.kind == AccessKind.RECORD and row.address == "127.0.0.1"
    # an address that is not an IP address (a server on a Unix socket) is kept as unknown
    api.get(f"/api/v1/dossiers/{dossier.code}", REMOTE_ADDR="")
    assert RecordAccess.objects.filter(dossier=dossier, address__isnull=True).count() == 1


def test_the_province_admin_reads_narrows_and_exports_the_log(
    client, counter_vp, specialist_vp, province_admin
):
    # given two dossiers opened by two officials
    first, second = receive(counter_vp), receive(counter_vp)
    client.force_login(counter_vp)
    client.get(f"/ho-so/{first.code}/")
    client.force_login(specialist_vp)
    client.get(f"/ho-so/{second.code}/")

    # when the province admin opens the log
    client.force_login(province_admin)
    assert "/ho-so/nhat-ky-truy-cap/" in client.get("/can-bo/").content.decode()
    page = client.get(LOG).content.decode()
    assert first.code in page and second.code in page
    assert counter_vp.official.full_name in page and specialist_vp.official.full_name in page

    # then narrowing by code or by official shows only theirs
    page = client.get(LOG, {"ma": first.code.lower()}).content.decode()
    assert first.code in page and second.code not in page
    page = client.get(LOG, {"can_bo": specialist_vp.username}).content.decode()
    assert second.code in page and first.code not in page

    # and the Excel file holds the narrowed rows
    response = client.get(LOG, {"ma": second.code, "xuat": "xlsx"})
    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-truy-cap-')
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Thời điểm", "Tài khoản", "Họ và tên", "Mã hồ sơ")
    assert [row[1] for row in rows[1:]] == [specialist_vp.username]
    assert rows[1][3] == second.code and rows[1][4] == "Xem hồ sơ đầy đủ"


def test_a_bad_day_is_named_on_its_field_and_the_filters_kept(client, province_admin):
    client.force_login(province_admin)
    response = client.get(LOG, {"tu": "31/02/2026", "can_bo": "ai đó"})
    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_tu-loi"' in page and 'value="ai đó"' in page
    response = client.get(LOG, {"tu": "05/12/2026", "den": "01/12/2026"})
    assert response.status_code == 422
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in response.content.decode()


def test_only_the_province_admin_reads_the_log(client, counter_vp, province_supervisor):
    for user in (counter_vp, province_supervisor):
        client.force_login(user)
        response = client.get(LOG)
        assert response.status_code == 403
        assert "chỉ dành cho cán bộ quản trị cấp tỉnh" in response.content.decode()
    client.logout()
    assert client.get(LOG).status_code == 302


def test_the_log_page_costs_the_same_queries_for_2_or_12_rows(client, counter_vp, province_admin):
    dossier = receive(counter_vp)
    client.force_login(counter_vp)
    for _ in range(2):
        client.get(f"/ho-so/{dossier.code}/")
    client.force_login(province_admin)
    client.get(LOG)
    with CaptureQueriesContext(connection) as two:
        assert client.get(LOG).content.decode().count("<tr>") == 1 + 2
    client.force_login(counter_vp)
    for _ in range(10):
        client.get(f"/ho-so/{dossier.code}/")
    client.force_login(province_admin)
    with CaptureQueriesContext(connection) as twelve:
        assert client.get(LOG).content.decode().count("<tr>") == 1 + 12
    assert len(twelve) == len(two)


def test_the_applicant_sees_who_opened_their_dossier(client, citizen, counter_vp):
    # given an online dossier the counter accepted and opened
    dossier = file_online(citizen)
    client.force_login(citizen)
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Chưa có cán bộ nào xem đầy đủ thông tin hồ sơ này." in page
    accept(dossier, actor=counter_vp)
    client.force_login(counter_vp)
    client.get(f"/ho-so/{dossier.code}/", REMOTE_ADDR="203.0.113.9")

    # when the citizen opens it
    client.force_login(citizen)
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()

    # then the official is named, with what they saw, and no address is shown
    name = counter_vp.official.full_name
    assert "Có 1 lượt cán bộ xem" in page and name in page and "Xem hồ sơ đầy đủ" in page
    assert "203.0.113.9" not in page


def test_the_export_keeps_a_hostile_name_as_text(client, counter_vp, province_admin):
    # given an official whose stored name has a control character and starts as a formula
    counter_vp.official.full_name = '=HYPERLINK("http://x")\x07'
    counter_vp.official.save(update_fields=["full_name"])
    dossier = receive(counter_vp)
    client.force_login(counter_vp)
    client.get(f"/ho-so/{dossier.code}/")

    # when the log is exported
    client.force_login(province_admin)
    response = client.get(LOG, {"xuat": "xlsx"})

    # then the file opens and the name is text, never a formula
    assert response.status_code == 200
    cell = load_workbook(BytesIO(response.content)).active.cell(row=2, column=3)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x")'
