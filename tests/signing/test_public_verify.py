"""Public verification: `POST /api/v1/public/verify` and the `/verify/<code>` page, no login,
rate-limited per IP."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.dossiers.actions import approve
from motcua.dossiers.models import Dossier
from motcua.signing.models import Certificate
from tests.signing.conftest import PIN
from tests.signing.test_sign_verify import signed_bytes


@pytest.fixture(autouse=True)
def _fresh_cache(db: None) -> None:
    # the rate limits count in the database cache (settings.CACHES): each test starts at zero
    cache.clear()


@pytest.fixture
def signed(to_approve: Dossier, leader_vp: User, leader_cert: Certificate) -> Dossier:
    return approve(to_approve, actor=leader_vp, pin=PIN)


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("ketqua.pdf", data, content_type="application/pdf")


def test_api_verify_needs_no_login_and_reports_the_signer(signed: Dossier) -> None:
    # given an anonymous visitor holding the signed PDF
    response = Client().post(
        "/api/v1/public/verify", {"file": upload(signed_bytes(signed)), "code": signed.code}
    )
    # then the report says intact, who signed, valid, and that it is the recorded file
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["intact"] and body["genuine"] and body["recorded"]
    assert body["signer_name"] == "Lê Quang Hưng"
    assert body["certificate_status"] == "valid"
    assert body["dossier_code"] == signed.code


def test_api_verify_refuses_a_non_pdf(db: None) -> None:
    response = Client().post("/api/v1/public/verify", {"file": upload(b"hello")})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_api_verify_is_rate_limited(settings, db: None) -> None:
    # given a limit of 3 per minute
    settings.MOTCUA_VERIFY_PER_MINUTE = 3
    client = Client()
    codes = [
        client.post("/api/v1/public/verify", {"file": upload(b"%PDF-1.4\n%%EOF")}).status_code
        for _ in range(4)
    ]
    # then the fourth answers 429 with a Vietnamese problem
    assert codes == [200, 200, 200, 429]
    response = client.post("/api/v1/public/verify", {"file": upload(b"%PDF-1.4\n%%EOF")})
    assert "thử lại" in response.json()["detail"]
    # and another IP is not limited
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post("/api/v1/public/verify", {"file": upload(b"%PDF-")}).status_code == 200


def test_verify_page_shows_the_recorded_result(signed: Dossier) -> None:
    response = Client().get(f"/verify/{signed.code}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Văn bản hợp lệ" in text and "Lê Quang Hưng" in text and "Còn hiệu lực" in text


def test_verify_page_flags_an_altered_upload(signed: Dossier) -> None:
    data = signed_bytes(signed) + b"\n% sua\n"
    response = Client().post(f"/verify/{signed.code}", {"file": upload(data)})
    assert response.status_code == 200
    assert "đã bị thay đổi" in response.content.decode()


def test_verify_page_for_unknown_and_paper_results(to_approve: Dossier, leader_vp: User) -> None:
    assert Client().get("/verify/000.00.25.H42-251126-9999").status_code == 404
    dossier = approve(to_approve, actor=leader_vp)  # no certificate: paper
    response = Client().get(f"/verify/{dossier.code}")
    assert response.status_code == 200 and "bản giấy, ký tay" in response.content.decode()


def test_verify_page_is_rate_limited(settings, signed: Dossier) -> None:
    settings.MOTCUA_VERIFY_PER_MINUTE = 1
    client = Client()
    assert client.get(f"/verify/{signed.code}").status_code == 200
    assert client.get(f"/verify/{signed.code}").status_code == 429
