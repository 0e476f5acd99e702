"""Signing a result on approval and verifying it: intact, altered, revoked, untrusted."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.files.storage import default_storage

from motcua.dossiers.actions import approve
from motcua.dossiers.choices import State, Status
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.signing import authority
from motcua.signing.actions import import_certificate, revoke_certificate
from motcua.signing.models import Certificate, SignedResult, SigningAttempt
from motcua.signing.verification import verify_pdf
from tests.signing.conftest import PIN, awaiting_approval


def signed_bytes(dossier: Dossier) -> bytes:
    result = SignedResult.objects.get(dossier=dossier)
    with default_storage.open(result.storage_name, "rb") as handle:
        return handle.read()


def test_sign_and_verify_round_trip(
    to_approve: Dossier, leader_vp: User, leader_cert: Certificate
) -> None:
    # given a leader with a certificate, when they approve with the right PIN
    dossier = approve(to_approve, actor=leader_vp, pin=PIN)
    # then the result is signed and ready (status 9), recorded with its hash
    assert (dossier.state, dossier.status) == (State.RESULT_READY, Status.RESULT_READY)
    result = SignedResult.objects.get(dossier=dossier)
    assert not result.paper and result.certificate == leader_cert
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event is not None and event.payload["result"] == "signed"
    assert event.payload["sha256"] == result.sha256
    assert verify_chain(dossier) == []
    # and verification reports it intact, signed by the leader, certificate valid, recorded
    report = verify_pdf(signed_bytes(dossier))
    assert report.intact and not report.altered and report.genuine
    assert report.signer_name == "Lê Quang Hưng"
    assert report.signer_title == "Chủ tịch UBND"
    assert report.signer_unit == "UBND phường Vĩnh Phúc"
    assert report.certificate_status == "valid"
    assert report.recorded and report.dossier_code == dossier.code
    assert report.signed_at is not None


def test_pin_is_never_recorded(
    to_approve: Dossier, leader_vp: User, leader_cert: Certificate
) -> None:
    # given a leader approving with a PIN, then the PIN appears in no event or attempt
    approve(to_approve, actor=leader_vp, pin="9876")
    payloads = list(DossierEvent.objects.values_list("payload", flat=True))
    assert "9876" not in repr(payloads)
    assert "9876" not in repr(list(SigningAttempt.objects.values()))


def test_one_flipped_byte_is_reported_altered(
    to_approve: Dossier, leader_vp: User, leader_cert: Certificate
) -> None:
    # given a signed result
    data = bytearray(signed_bytes(approve(to_approve, actor=leader_vp, pin=PIN)))
    # when one byte inside the signed content (the first page's content stream) changes
    start = data.index(b"stream", data.index(b"/Contents")) + 40
    signature_start = data.index(b"/Contents <")
    assert start < signature_start
    data[start] ^= 0x01
    # then it is reported altered, and not the recorded file
    report = verify_pdf(bytes(data))
    assert report.altered and not report.intact and not report.genuine
    assert not report.recorded


def test_bytes_appended_after_signing_are_reported_altered(
    to_approve: Dossier, leader_vp: User, leader_cert: Certificate
) -> None:
    data = signed_bytes(approve(to_approve, actor=leader_vp, pin=PIN))
    report = verify_pdf(data + b"\n% appended\n")
    assert report.altered and not report.intact


def test_unsigned_pdf_is_reported_unsigned(to_approve: Dossier, leader_vp: User) -> None:
    report = verify_pdf(b"%PDF-1.4\n%%EOF\n")
    assert not report.signed and not report.genuine


def test_revoked_certificate_refuses_to_sign_and_is_reported_revoked(
    counter_vp: User, specialist_vp: User, leader_vp: User, leader_cert: Certificate
) -> None:
    # given a result signed while the certificate was valid
    first = approve(awaiting_approval(counter_vp, specialist_vp), actor=leader_vp, pin=PIN)
    earlier = signed_bytes(first)
    # when the certificate is revoked
    revoke_certificate(leader_vp.username)
    # then the next approval is kept but waits for a signature, with the reason
    second = approve(awaiting_approval(counter_vp, specialist_vp), actor=leader_vp, pin=PIN)
    assert (second.state, second.status) == (State.AWAITING_SIGNATURE, Status.PROCESSING)
    assert second.finished_at is None
    attempt = SigningAttempt.objects.get(dossier=second)
    assert attempt.outcome == "failed" and "thu hồi" in attempt.reason
    event = DossierEvent.objects.filter(dossier=second).order_by("-seq").first()
    assert event is not None and "thu hồi" in event.payload["reason"]
    assert not SignedResult.objects.filter(dossier=second).exists()
    # and the earlier file is still intact but reported revoked
    report = verify_pdf(earlier)
    assert report.intact and report.certificate_status == "revoked" and not report.genuine


def test_certificate_of_an_untrusted_ca_is_reported_untrusted(
    to_approve: Dossier, leader_vp: User, demo_ca
) -> None:
    # given a certificate from a second CA the province does not trust
    other_cert, other_key = authority.make_ca("CA lạ không được tin cậy")
    key = authority.new_key()
    cert = authority.issue(
        other_cert, other_key, key.public_key(), authority.Person("Lê Quang Hưng")
    )
    import_certificate(
        authority.to_pem(cert).encode(),
        chain_pem=authority.to_pem(other_cert).encode(),
        username=leader_vp.username,
        p12=authority.pkcs12_bytes(key, cert, [other_cert], PIN),
        trust_root=False,
    )
    # when the leader signs with it
    dossier = approve(to_approve, actor=leader_vp, pin=PIN)
    assert dossier.state == State.RESULT_READY
    # then the signature is intact but its issuer untrusted
    report = verify_pdf(signed_bytes(dossier))
    assert report.intact and report.certificate_status == "untrusted" and not report.genuine
