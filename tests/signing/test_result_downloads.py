"""The signed result reaches its owner (issue 22, part 5): every download serves the exact
stored signed bytes, which `/verify` reports genuine; a paper result says so."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.dossiers.actions import accept, appraise, approve, transfer
from motcua.dossiers.lookup_tokens import lookup_token, token_matches
from motcua.dossiers.models import Dossier
from motcua.signing.models import Certificate
from tests.citizens.conftest import file_online
from tests.fixtures.personas import api_client_for
from tests.signing.conftest import PIN
from tests.signing.test_sign_verify import signed_bytes


@pytest.fixture(autouse=True)
def _fresh_cache(db: None) -> None:
    # the rate limits count in the database cache (settings.CACHES): each test starts at zero
    cache.clear()


@pytest.fixture
def signed(to_approve: Dossier, leader_vp: User, leader_cert: Certificate) -> Dossier:
    return approve(to_approve, actor=leader_vp, pin=PIN)


def _genuine(code: str, content: bytes) -> bool:
    upload = SimpleUploadedFile("ket-qua.pdf", content, content_type="application/pdf")
    html = Client().post(f"/verify/{code}", {"file": upload}).content.decode()
    return "Văn bản hợp lệ" in html and "đã bị thay đổi" not in html


def test_staff_download_is_the_stored_signed_file(signed: Dossier, counter_vp: User) -> None:
    # when the counter downloads the result (the staff page's link, the API)
    response = api_client_for(counter_vp).get(
        f"/api/v1/dossiers/{signed.code}/documents/result.pdf"
    )
    # then the bytes are the ones stored at signing, and /verify says genuine
    assert response.status_code == 200
    assert response.content == signed_bytes(signed)
    assert response["X-Motcua-Signature"] == "official"
    assert _genuine(signed.code, response.content)
    client = Client()
    client.force_login(counter_vp)
    html = client.get(f"/ho-so/{signed.code}/").content.decode()
    assert "Kết quả giải quyết (bản đã ký số)" in html


def test_a_paper_result_is_never_served_as_a_copy(
    to_approve: Dossier, leader_vp: User, counter_vp: User
) -> None:
    dossier = approve(to_approve, actor=leader_vp)  # no certificate: signed by hand
    response = api_client_for(counter_vp).get(
        f"/api/v1/dossiers/{dossier.code}/documents/result.pdf"
    )
    assert response.status_code == 409
    assert "ký tay trên giấy" in response.json()["detail"]
    client = Client()
    client.force_login(counter_vp)
    html = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert "/documents/result.pdf" not in html and "ký tay trên giấy" in html
    token = lookup_token(dossier.code)
    public = Client().get("/tra-cuu/", {"ma": dossier.code, "t": token}).content.decode()
    assert "ký tay trên giấy" in public and "Tải kết quả" not in public


def test_the_receipt_token_opens_the_result_on_the_public_lookup(signed: Dossier) -> None:
    token = lookup_token(signed.code)
    assert token_matches(signed.code.lower(), token.upper())
    # the lookup with the receipt's token offers the download; without it, none
    page = Client().get("/tra-cuu/", {"ma": signed.code, "t": token}).content.decode()
    assert "Tải kết quả đã ký số" in page and f"/verify/{signed.code}" in page
    plain = Client().get("/tra-cuu/", {"ma": signed.code}).content.decode()
    assert "Tải kết quả đã ký số" not in plain and f"Hồ sơ {signed.code} tồn tại" in plain
    wrong = Client().get("/tra-cuu/", {"ma": signed.code, "t": "0" * 16}).content.decode()
    assert "Tải kết quả đã ký số" not in wrong and "không đúng" in wrong
    # the download is the stored signed file, genuine
    response = Client().get("/tra-cuu/ket-qua.pdf", {"ma": signed.code, "t": token})
    assert response.status_code == 200 and response.content == signed_bytes(signed)
    assert _genuine(signed.code, response.content)
    # a wrong token or code: 404 alike
    assert Client().get("/tra-cuu/ket-qua.pdf", {"ma": signed.code}).status_code == 404
    other = {"ma": signed.code, "t": "f" * 16}
    assert Client().get("/tra-cuu/ket-qua.pdf", other).status_code == 404


def test_the_citizen_downloads_the_signed_result_from_my_dossiers(
    citizen: User,
    counter_vp: User,
    specialist_vp: User,
    leader_vp: User,
    leader_cert: Certificate,
) -> None:
    # given a dossier the citizen filed online, accepted, appraised and signed
    dossier = file_online(citizen)
    client = Client()
    client.force_login(citizen)
    before = client.get(f"/ho-so-cua-toi/{dossier.code}/ket-qua.pdf")
    assert before.status_code == 409 and "chưa có kết quả" in before.content.decode()
    accept(dossier, actor=counter_vp)
    transfer(dossier, actor=counter_vp, assignee_username=specialist_vp.username)
    appraise(dossier, actor=specialist_vp, proposal="approve", note="Đủ điều kiện")
    approve(dossier, actor=leader_vp, pin=PIN)
    # when they open their dossier and download
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Tải kết quả đã ký số" in page
    response = client.get(f"/ho-so-cua-toi/{dossier.code}/ket-qua.pdf")
    # then it is the stored signed file, genuine; nobody else gets it
    assert response.status_code == 200 and response.content == signed_bytes(dossier)
    assert _genuine(dossier.code, response.content)
    client.force_login(counter_vp)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/ket-qua.pdf").status_code == 403
