"""Issue 24, part 5: each entry point where people type (the counter's intake page, the
citizen's feedback and login, the API's intake) given NUL, a control character, a formula
and 2**63: text no one types and numbers no column holds are a clear 4xx in Vietnamese
naming the field; a formula is only text (kept, and written as text in every xlsx:
tests/documents/test_tracking_book.py); nothing is a server error."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import api_body
from tests.dossiers.pages import intake_post
from tests.fixtures.personas import api_client_for

pytestmark = pytest.mark.django_db

NUL, CONTROL, FORMULA, HUGE = "An\x00", "An\x1b", "=cmd|' /C calc'!A0", str(2**63)

FEEDBACK = {"kind": "report", "unit": "08716", "text": "Chờ lâu quá", "phone": "0912000111"}
LOGIN = {"destination": "0912000111", "full_name": "Nguyễn Văn An", "code": ""}

# (name, url, persona or None, the valid post, the text fields to spoil)
PAGES: list[tuple[str, str, str | None, Any, list[str]]] = [
    (
        "intake",
        "/ho-so/tiep-nhan/",
        "counter_vp",
        intake_post,
        ["applicant_full_name", "applicant_address", "data.child.full_name", "fee_reason"],
    ),
    ("feedback", "/phan-anh/", None, lambda: dict(FEEDBACK), ["text", "name"]),
    ("citizen login", "/cong-dan/dang-nhap/", None, lambda: dict(LOGIN), ["full_name"]),
]
PAGE_CASES = [
    pytest.param(url, persona, post, field, id=f"{name}-{field}")
    for name, url, persona, post, fields in PAGES
    for field in fields
]


@pytest.mark.parametrize(("url", "persona", "post", "field"), PAGE_CASES)
@pytest.mark.parametrize("value", [NUL, CONTROL], ids=["NUL", "control"])
def test_page_refuses_control_characters_naming_the_field(
    request, client: Client, url, persona, post, field, value
):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    else:
        request.getfixturevalue("counter_vp")  # the commune's officials exist
    body = post()
    body[field] = value
    response = client.post(url, body)
    page = response.content.decode()
    assert response.status_code == 400
    # the field is named by what was typed in it (its parameter name means nothing to a
    # person), the bad character shown as "�"
    assert "<strong>«An�»</strong>" in page
    assert field not in page.split('role="alert"')[1].split("</div>")[0]
    assert "ký tự điều khiển" in page
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(("url", "persona", "post", "field"), PAGE_CASES)
def test_page_takes_a_formula_as_text(request, client: Client, url, persona, post, field):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    else:
        request.getfixturevalue("counter_vp")
    body = post()
    body[field] = FORMULA
    response = client.post(url, body)
    assert response.status_code < 500


@pytest.mark.parametrize("field", ["fee", "channel", "doc_giay-chung-sinh_originals"])
def test_intake_page_refuses_a_number_no_column_holds(client: Client, counter_vp, field):
    client.force_login(counter_vp)
    response = client.post("/ho-so/tiep-nhan/", intake_post(**{field: HUGE}))
    assert 400 <= response.status_code < 500
    assert not Dossier.objects.exists()


API_TEXT_FIELDS = [
    ("applicant", "full_name"),
    ("applicant", "address"),
    ("data", "child"),
    (None, "fee_reason"),
]


def _spoil(body: dict[str, Any], where: str | None, key: str, value: Any) -> str:
    if where == "data":
        body["data"]["child"]["full_name"] = value
        return "data.child.full_name"
    if where:
        body[where][key] = value
        return f"{where}.{key}"
    body[key] = value
    return key


@pytest.mark.parametrize(("where", "key"), API_TEXT_FIELDS)
@pytest.mark.parametrize("value", [NUL, CONTROL], ids=["NUL", "control"])
def test_api_intake_refuses_control_characters_naming_the_field(counter_vp, where, key, value):
    body = api_body()
    field = _spoil(body, where, key, value)
    response = api_client_for(counter_vp).post(
        "/api/v1/dossiers", body, content_type="application/json"
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"] == [
        {
            "field": field,
            "message": "Có ký tự điều khiển không được phép (mã U+" + f"{ord(value[-1]):04X}).",
        }
    ]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(("where", "key"), API_TEXT_FIELDS)
def test_api_intake_takes_a_formula_as_text(counter_vp, where, key):
    body = api_body()
    _spoil(body, where, key, FORMULA)
    response = api_client_for(counter_vp).post(
        "/api/v1/dossiers", body, content_type="application/json"
    )
    assert response.status_code < 500


@pytest.mark.parametrize("field", ["fee", "channel", "procedure_version", "documents.0.originals"])
def test_api_intake_refuses_a_number_no_column_holds(counter_vp, field):
    body = api_body()
    if field == "documents.0.originals":
        body["documents"][0]["originals"] = 2**63
    else:
        body[field] = 2**63
    response = api_client_for(counter_vp).post(
        "/api/v1/dossiers", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in response.content.decode()
    assert not Dossier.objects.exists()
