"""`GET /api/v1/dossiers/{code}/documents/{form}.pdf` and
`GET /api/v1/reports/tracking-book.xlsx`: scope, problem+json errors, the files."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from motcua.dossiers.lookup_tokens import lookup_token
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import DAO_TRU, VINH_PHUC
from tests.fixtures.personas import api_client_for

from .conftest import pdf_reader, pdf_text

BOOK = "/api/v1/reports/tracking-book.xlsx"


def document_url(dossier: Dossier, form: str) -> str:
    return f"/api/v1/dossiers/{dossier.code}/documents/{form}.pdf"


def test_api_receipt_pdf_for_an_official_in_scope(received, counter_vp, settings):
    settings.MOTCUA_PUBLIC_URL = "https://motcua.example.vn"
    # given an officer of the dossier's commune
    client = api_client_for(counter_vp)

    # when she asks for the receipt
    response = client.get(document_url(received, "01"))

    # then a PDF shown inline, named after the code and form, with the public address and the
    # receipt's token in the QR (never the request's host)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{received.code}-01.pdf"'
    assert received.code in pdf_text(response.content)
    page = pdf_reader(response.content).pages[0]
    uris = [a.get_object()["/A"]["/URI"] for a in page["/Annots"] if "/A" in a.get_object()]
    token = lookup_token(received.code)
    assert f"https://motcua.example.vn/tra-cuu?ma={received.code}&t={token}" in uris


@pytest.mark.parametrize("form", ["01", "06"])
def test_api_document_of_another_commune_is_not_found(received, counter_dt, form):
    # given an officer of Xã Đạo Trù and a dossier of Phường Vĩnh Phúc
    # when he asks for its documents, then 404 as if it did not exist
    response = api_client_for(counter_dt).get(document_url(received, form))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert received.code in response.json()["detail"]


def test_api_document_anonymous_is_401(received):
    response = Client().get(document_url(received, "01"))
    assert response.status_code == 401


def test_api_unknown_form_is_404(received, counter_vp):
    response = api_client_for(counter_vp).get(document_url(received, "09"))
    assert response.status_code == 404
    assert "Không có mẫu '09'" in response.json()["detail"]


def test_api_notice_without_its_event_is_409(received, counter_vp):
    response = api_client_for(counter_vp).get(document_url(received, "03"))
    assert response.status_code == 409
    assert "chưa có mẫu 03" in response.json()["detail"]


def test_api_tracking_book_for_a_unit_in_scope(received, counter_vp):
    # when the officer exports her commune's book for the day of the dossier
    response = api_client_for(counter_vp).get(
        BOOK, {"unit": VINH_PHUC, "from": "2025-11-26", "to": "2025-11-26"}
    )

    # then an Excel file with the header and the dossier
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment;" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("STT", "Mã hồ sơ")
    assert [row[1] for row in rows[1:]] == [received.code]


def test_api_tracking_book_of_a_unit_out_of_scope_is_403(counter_vp):
    response = api_client_for(counter_vp).get(
        BOOK, {"unit": DAO_TRU, "from": "2025-11-01", "to": "2025-11-30"}
    )
    assert response.status_code == 403
    assert DAO_TRU in response.json()["detail"]


def test_api_tracking_book_province_supervisor_sees_any_commune(province_supervisor):
    response = api_client_for(province_supervisor).get(
        BOOK, {"unit": DAO_TRU, "from": "2025-11-01", "to": "2025-11-30"}
    )
    assert response.status_code == 200


def test_api_tracking_book_anonymous_is_401(db):
    response = Client().get(BOOK, {"unit": VINH_PHUC, "from": "2025-11-01", "to": "2025-11-30"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "26/11/2025", "to": "2025-11-30"}, "không hợp lệ"),
        ({"from": "2025-11-30", "to": "2025-11-01"}, "Ngày bắt đầu phải trước"),
        ({"from": "2024-01-01", "to": "2025-01-01"}, "tối đa 366 ngày"),
        ({"to": "2025-11-30"}, "không hợp lệ"),
    ],
)
def test_api_tracking_book_bad_dates_are_422(counter_vp, params, message):
    response = api_client_for(counter_vp).get(BOOK, {"unit": VINH_PHUC, **params})
    assert response.status_code == 422
    assert message in response.json()["detail"]
