"""Issue 24, part 5: text no one types (NUL and the other control characters, values of
invisible characters only) is refused with a Vietnamese message naming the field at every
entry point (core.inputs): public pages' query strings, form posts, the API's JSON bodies,
uploads' names; a body over the proxy's limit is refused before it is read."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.core.text import input_problem, spreadsheet_text
from tests.dossiers.conftest import api_body, receive
from tests.fixtures.personas import api_client_for

pytestmark = pytest.mark.django_db

HOSTILE = {
    "NUL": "An\x00",
    "control": "An\x1b[31m",
    "invisible-only": "\u200b\u200b",
    "bidi override": "hoadon\u202efdp.exe",
}


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "Dòng 1\r\nDòng 2\tcột", "", "   ", "=1+1"])
def test_input_problem_accepts_what_people_type(value):
    assert input_problem(value) is None


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_input_problem_refuses_control_and_invisible_text(value):
    assert input_problem(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"), ("+84", "'+84"), ("-", "-"), ("A\x07n", "An")],
)
def test_spreadsheet_text_is_never_a_formula(value, text):
    assert spreadsheet_text(value) == text


PUBLIC_PAGES = [
    "/tra-cuu?ma=%00",
    "/tra-cuu/?ma=08716%00",
    "/?q=%00",
    "/?q=%E2%80%8B",
    "/thu-tuc/%00/",
    "/phan-anh/?don_vi=%1b",
    "/tra-cuu/ket-qua.pdf?ma=%00",
    "/cong-dan/dang-nhap/?next=%00",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_refuses_control_characters_in_the_address(client: Client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "ký tự" in response.content.decode()


def test_form_post_with_nul_is_refused_naming_the_field(client: Client, counter_vp):
    typed = {"kind": "report", "unit": "08716", "text": "Chờ lâu\x00 quá", "phone": "0912"}
    response = client.post("/phan-anh/", typed)
    body = response.content.decode()
    assert response.status_code == 400
    assert "<strong>«Chờ lâu� quá»</strong>" in body
    assert "ký tự điều khiển" in body
    assert "Quay lại" in body


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_api_refuses_hostile_text_naming_the_field(counter_vp, value):
    client = api_client_for(counter_vp)
    body = api_body()
    body["applicant"]["full_name"] = value
    response = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["errors"][0]["field"] == "applicant.full_name"
    assert "ký tự" in problem["errors"][0]["message"]


def test_api_refuses_control_characters_in_the_path_and_query(counter_vp):
    client = api_client_for(counter_vp)
    for url in ("/api/v1/dossiers/%00", "/api/v1/dossiers?q=%00", "/api/v1/public/dossiers/%00"):
        response = client.get(url)
        assert response.status_code == 422, url
        assert "ký tự điều khiển" in response.json()["errors"][0]["message"]


def test_upload_name_keeps_no_control_characters(counter_vp):
    # Django's multipart parser drops what is not printable from an upload's name (the
    # middleware would refuse it otherwise): the name stored reads as it shows
    dossier = receive(counter_vp)
    client = api_client_for(counter_vp)
    upload = SimpleUploadedFile("giay\x1b\u202efdp.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = client.post(f"/api/v1/dossiers/{dossier.code}/attachments", {"file": upload})
    assert response.status_code == 201
    assert "giayfdp.pdf" in response.content.decode()


def test_body_over_the_limit_is_refused_before_it_is_read(client: Client, settings):
    settings.MOTCUA_MAX_REQUEST_MB = 25
    # a 200 MB body is announced; the test client's stream holds nothing: reading it would fail
    for url in ("/phan-anh/", "/api/v1/citizen/drafts"):
        response = client.generic(
            "POST",
            url,
            b"",
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(200 * 1024 * 1024),
        )
        assert response.status_code == 413, url
        assert "tối đa 25 MB" in response.content.decode()
    # the uploader of the citizen's draft reads {ok: false, error}
    response = client.generic(
        "POST",
        "/nop-truc-tuyen/nhap/1/tep/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(30 * 1024 * 1024),
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {
        "ok": False,
        "error": "Dữ liệu gửi lên quá lớn: tối đa 25 MB cho một lần gửi. "
        "Hãy gửi tệp nhỏ hơn (nén hoặc chia nhỏ tệp).",
    }


BIG = str(2**63)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"/api/v1/dossiers?offset={BIG}", "offset"),
        (f"/api/v1/dossiers?limit={BIG}", "limit"),
        (f"/api/v1/dossiers?status={BIG}", "status"),
        (f"/api/v1/procedures?offset={BIG}", "offset"),
        (f"/api/v1/procedures/1.001612?version={BIG}", "version"),
        (f"/api/v1/calendar/days?year={BIG}", "year"),
        (f"/api/v1/calendar/offline-pack?days={BIG}", "days"),
    ],
)
def test_api_numbers_out_of_range_are_422_naming_the_field(counter_vp, url, field):
    response = api_client_for(counter_vp).get(url)
    assert response.status_code == 422, response.content
    problem = response.json()
    named = [error["field"] for error in problem.get("errors", [])]
    assert field in named or problem["detail"].startswith(f"{field} phải từ")


@pytest.mark.parametrize("fee", [2**63, 10**18, 2**31])
def test_api_fee_too_large_is_422_naming_fee(counter_vp, fee):
    body = api_body()
    body["fee"] = fee
    response = api_client_for(counter_vp).post(
        "/api/v1/dossiers", body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert "fee" in response.content.decode()
