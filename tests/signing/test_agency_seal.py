"""The agency seal on forms (issue 4, part 2): where the province enables it
(`MOTCUA_SIGN_FORMS`), the receiving agency signs the forms it serves with its own certificate,
unlocked by `MOTCUA_AGENCY_KEY_PASSPHRASE`; anything missing serves the unsigned form."""

from __future__ import annotations

import logging
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.dossiers.actions import request_supplement
from motcua.dossiers.models import Dossier
from motcua.signing import authority
from motcua.signing.actions import issue_agency_certificate, revoke_agency_certificate
from motcua.signing.models import Certificate
from motcua.signing.seal import SIGNATURE_HEADER, sealed_forms
from motcua.signing.signer import SealText, seal_stamp_pdf
from motcua.signing.verification import verify_pdf
from tests.dossiers.conftest import WEDNESDAY, at, receive
from tests.fixtures.personas import api_client_for

PASSPHRASE = "mat-khau-con-dau-2025"


@pytest.fixture(autouse=True)
def _fresh_cache(db: None) -> None:
    # the rate limits count in the database cache (settings.CACHES): each test starts at zero
    cache.clear()


@pytest.fixture
def received(counter_vp: User) -> Dossier:
    """A birth registration received at the PSC of Phường Vĩnh Phúc."""
    return receive(counter_vp, received_at=at(WEDNESDAY, 8, 5))


@pytest.fixture
def sealing(settings) -> None:
    """The province signs form 01; the agency key's passphrase is in the environment."""
    settings.MOTCUA_SIGN_FORMS = "01"
    settings.MOTCUA_AGENCY_KEY_PASSPHRASE = PASSPHRASE


@pytest.fixture
def seal(sealing: None, received: Dossier, demo_ca) -> Certificate:
    """The receiving PSC holds a demo seal."""
    ecode = received.receiving_agency.ecode
    assert ecode
    return issue_agency_certificate(ecode)


def get_form(user: User, dossier: Dossier, form: str):
    return api_client_for(user).get(f"/api/v1/dossiers/{dossier.code}/documents/{form}.pdf")


def signatures(content: bytes) -> list:
    return list(PdfFileReader(BytesIO(content), strict=False).embedded_signatures)


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("phieu.pdf", data, content_type="application/pdf")


def test_enabled_form_is_signed_by_the_receiving_agency(
    seal: Certificate, received: Dossier, counter_vp: User
) -> None:
    # given form 01 enabled and a seal issued to the PSC
    # when the counter prints the receipt
    response = get_form(counter_vp, received, "01")

    # then it is signed once, by the agency, and verification says intact and valid
    assert response.status_code == 200, response.content
    assert response[SIGNATURE_HEADER] == "agency"
    assert len(signatures(response.content)) == 1
    report = verify_pdf(response.content)
    assert report.intact and not report.altered and report.genuine
    assert report.signer_kind == "agency"
    assert report.signer_name == received.receiving_agency.name
    assert report.certificate_status == "valid"


def test_public_verify_reports_the_agency_and_a_flipped_byte(
    seal: Certificate, received: Dossier, counter_vp: User
) -> None:
    # given a sealed receipt
    content = get_form(counter_vp, received, "01").content
    agency = received.receiving_agency.name

    # when anyone checks it through the public API and the verification page
    body = Client().post("/api/v1/public/verify", {"file": upload(content)}).json()
    page = Client().post(f"/verify/{received.code}", {"file": upload(content)})

    # then the agency is the signer and the certificate is valid
    assert body["intact"] and body["genuine"] and body["signer_kind"] == "agency"
    assert body["signer_name"] == agency and body["certificate_status"] == "valid"
    assert page.status_code == 200
    text = page.content.decode()
    assert "Văn bản hợp lệ" in text and agency in text

    # and one flipped byte inside the signed content is reported as altered
    position = content.index(received.code.encode())
    flipped = bytearray(content)
    flipped[position] ^= 0x01
    altered = Client().post("/api/v1/public/verify", {"file": upload(bytes(flipped))}).json()
    assert altered["altered"] and not altered["genuine"]


def test_form_not_enabled_is_served_unsigned(
    seal: Certificate, received: Dossier, counter_vp: User
) -> None:
    # given form 02 exists but only 01 is enabled
    request_supplement(
        received, actor=counter_vp, reason="Giấy chứng sinh bị mờ", documents=["Giấy chứng sinh"]
    )
    # when form 02 is printed, then it is not signed
    response = get_form(counter_vp, received, "02")
    assert response.status_code == 200, response.content
    assert response[SIGNATURE_HEADER] == "none"
    assert signatures(response.content) == []


def test_switch_off_signs_nothing(
    settings, seal: Certificate, received: Dossier, counter_vp: User
) -> None:
    # given a seal but the province switch off
    settings.MOTCUA_SIGN_FORMS = ""
    # when the receipt is printed, then it is not signed
    response = get_form(counter_vp, received, "01")
    assert response[SIGNATURE_HEADER] == "none"
    assert signatures(response.content) == []
    assert sealed_forms() == frozenset()


def test_agency_without_certificate_gets_an_unsigned_pdf(
    sealing: None, received: Dossier, counter_vp: User, caplog: pytest.LogCaptureFixture
) -> None:
    # given form 01 enabled but no seal for the PSC
    # when the receipt is printed
    with caplog.at_level(logging.WARNING, logger="motcua.signing.seal"):
        response = get_form(counter_vp, received, "01")
    # then the counter still gets it, unsigned, header none, and a warning is logged
    assert response.status_code == 200
    assert response[SIGNATURE_HEADER] == "none"
    assert signatures(response.content) == []
    assert "no valid certificate" in caplog.text


def test_revoked_agency_certificate_is_not_used(
    seal: Certificate, received: Dossier, counter_vp: User
) -> None:
    # given the PSC's seal revoked
    ecode = received.receiving_agency.ecode
    assert ecode
    revoke_agency_certificate(ecode)
    # when the receipt is printed, then it is unsigned
    response = get_form(counter_vp, received, "01")
    assert response[SIGNATURE_HEADER] == "none"
    assert signatures(response.content) == []


def test_signing_failure_serves_the_unsigned_pdf(
    settings,
    seal: Certificate,
    received: Dossier,
    counter_vp: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given the environment's passphrase no longer opens the key
    settings.MOTCUA_AGENCY_KEY_PASSPHRASE = "mot-mat-khau-khac"
    with caplog.at_level(logging.WARNING, logger="motcua.signing.seal"):
        response = get_form(counter_vp, received, "01")
    # then the form is served unsigned and the failure logged
    assert response.status_code == 200
    assert response[SIGNATURE_HEADER] == "none"
    assert "agency seal failed" in caplog.text


def test_citizen_receipt_download_is_sealed(settings, seal: Certificate, citizen: User) -> None:
    # given a citizen's online dossier received by the PSC holding a seal
    from tests.citizens.conftest import file_online

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    dossier = file_online(citizen)
    ecode = dossier.receiving_agency.ecode
    assert ecode
    if not Certificate.objects.filter(agency=dossier.receiving_agency).exists():
        issue_agency_certificate(ecode)
    client = Client()
    client.force_login(citizen)
    # when she downloads her receipt, then it carries the agency's seal
    response = client.get(f"/ho-so-cua-toi/{dossier.code}/phieu-tiep-nhan.pdf")
    assert response.status_code == 200
    assert response[SIGNATURE_HEADER] == "agency"
    assert verify_pdf(response.content).signer_name == dossier.receiving_agency.name


def ca(*args: str) -> str:
    out = StringIO()
    call_command("ca", *args, stdout=out)
    return out.getvalue()


def test_issue_agency_refuses_without_passphrase(
    settings, received: Dossier, demo_ca: object
) -> None:
    # given no MOTCUA_AGENCY_KEY_PASSPHRASE
    settings.MOTCUA_AGENCY_KEY_PASSPHRASE = ""
    ecode = received.receiving_agency.ecode
    assert ecode
    # when the IT team issues a seal, then it is refused, clearly
    with pytest.raises(CommandError, match="MOTCUA_AGENCY_KEY_PASSPHRASE"):
        ca("issue-agency", ecode)
    assert not Certificate.objects.filter(agency__isnull=False).exists()


def test_issue_agency_command_writes_an_encrypted_p12(
    sealing: None, received: Dossier, data_dir: Path
) -> None:
    agency = received.receiving_agency
    assert agency.ecode
    out = ca("issue-agency", agency.ecode, "--days", "30")
    cert = Certificate.objects.get(agency=agency)
    assert agency.name in out and PASSPHRASE not in out
    assert cert.official is None and cert.usable_at()
    key_file = data_dir / "keys" / cert.key_file
    assert key_file.stat().st_mode & 0o077 == 0
    assert PASSPHRASE.encode() not in key_file.read_bytes()
    with pytest.raises(CommandError, match="Không có cơ quan"):
        ca("issue-agency", "999.99.99.H99")


def test_import_agency_from_a_real_ca(sealing: None, received: Dossier, tmp_path: Path) -> None:
    # given the agency's certificate from a "real" CA, its chain and a .p12
    agency = received.receiving_agency
    assert agency.ecode
    root, root_key = authority.make_ca("CA chuyên dùng Chính phủ (giả lập)")
    key = authority.new_key()
    cert = authority.issue(root, root_key, key.public_key(), authority.Person(agency.name))
    (tmp_path / "cert.pem").write_text(authority.to_pem(cert))
    (tmp_path / "chain.pem").write_text(authority.to_pem(root))
    (tmp_path / "wrong.p12").write_bytes(authority.pkcs12_bytes(key, cert, [root], "khac-123"))
    (tmp_path / "seal.p12").write_bytes(authority.pkcs12_bytes(key, cert, [root], PASSPHRASE))
    files = (str(tmp_path / "cert.pem"), "--chain", str(tmp_path / "chain.pem"))
    # when its .p12 is not encrypted with the environment's passphrase, it is refused
    with pytest.raises(CommandError, match=r"Không mở được tệp \.p12"):
        ca("import-agency", agency.ecode, *files, "--p12", str(tmp_path / "wrong.p12"))
    # and with the right one it is registered for the agency
    out = ca("import-agency", agency.ecode, *files, "--p12", str(tmp_path / "seal.p12"))
    assert "Đã nhập" in out
    assert Certificate.objects.get(agency=agency).fingerprint == authority.fingerprint(cert)


def test_certificate_belongs_to_exactly_one_holder(seal: Certificate, leader_vp: User) -> None:
    # given an agency seal, when it is also given an official, the database refuses
    seal.official = leader_vp.official
    with pytest.raises(IntegrityError), transaction.atomic():
        seal.save()


def test_seal_stamp_names_the_agency() -> None:
    stamp = seal_stamp_pdf(SealText("Trung tâm Phục vụ hành chính công", "08:05:00"), 240, 45)
    assert stamp.startswith(b"%PDF-")
