"""Writes of the signing app: the demo CA, officials' certificates, agencies' seals, and
issuing a result.

`issue_result` is the dossier lifecycle's result issuer (registered in `apps.py`): it runs
inside the approving transaction of `dossiers.actions.lifecycle.approve` / `sign`, so the signed
file, its `SignedResult` row, the `SigningAttempt` and the dossier event commit or roll back
together (invariant 1). It never raises for a signing problem: it answers "failed" with the
reason so the approval is kept (invariant 7: an external device failing never loses work).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from motcua.accounts.choices import Role, Title
from motcua.accounts.models import Official
from motcua.core.metrics import signing_failed
from motcua.core.public_url import public_url
from motcua.documents.forms import (
    DocumentError,
    ResultSignature,
    has_result_form,
    render_form,
)
from motcua.dossiers.actions.results import ResultOutcome
from motcua.dossiers.models import Dossier
from motcua.units.models import Agency

from . import authority
from .choices import AttemptOutcome, Backend, CertificateStatus
from .models import Certificate, SignedResult, SigningAttempt, TrustAnchor
from .notice import result_notice
from .signer import SigningFailedError, StampText, keys_dir, sign_pdf

logger = logging.getLogger(__name__)

DEMO_CA_CERT = "demo-ca.pem"
DEMO_CA_KEY = "demo-ca.key.pem"


class SigningSetupError(Exception):
    """A certificate command that cannot be done; `message` is Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def verify_url(code: str) -> str:
    return f"{public_url()}verify/{code}"


# ---------------------------------------------------------------------------------------------
# The demo CA and certificates.


def _write_private(path: Path, data: bytes) -> None:
    """Write a key file readable by the service user only (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class DemoCA:
    anchor: TrustAnchor
    cert: x509.Certificate
    key: authority.PrivateKey
    created: bool


@transaction.atomic
def init_demo_ca() -> DemoCA:
    """Create the province's demo CA once ("motcua DEMO CA - KHÔNG DÙNG THẬT"), idempotently.

    Its certificate and (unencrypted, 0600) key are written to `DATA_DIR/keys/` and it is
    registered as a demo `TrustAnchor`. A second call returns the same CA.
    """
    directory = keys_dir()
    cert_path, key_path = directory / DEMO_CA_CERT, directory / DEMO_CA_KEY
    if cert_path.exists() and key_path.exists():
        cert = authority.load_pems(cert_path.read_bytes())[0]
        key = authority.load_key(key_path.read_bytes())
        created = False
    else:
        cert, key = authority.make_ca()
        _write_private(key_path, authority.key_pem(key))
        cert_path.write_text(authority.to_pem(cert))
        created = True
    anchor, _ = TrustAnchor.objects.update_or_create(
        fingerprint=authority.fingerprint(cert),
        defaults={
            "name": authority.DEMO_CA_NAME,
            "pem": authority.to_pem(cert),
            "subject": authority.describe(cert.subject),
            "not_after": _aware(cert.not_valid_after_utc),
            "is_demo": True,
            "key_file": DEMO_CA_KEY,
        },
    )
    return DemoCA(anchor, cert, key, created)


def _official(username: str) -> Official:
    official = (
        Official.objects.select_related("unit", "unit__parent")
        .filter(user__username=username)
        .first()
    )
    if official is None:
        raise SigningSetupError(f"Không có cán bộ với tên đăng nhập '{username}'.")
    return official


def _person(official: Official) -> authority.Person:
    """Name, title and unit as the certificate will say them (the leader's post first)."""
    positions = list(
        official.positions.filter(is_active=True).select_related("unit").order_by("role")
    )
    leading = [p for p in positions if p.role == Role.LEADER] or positions
    title = Title(leading[0].title).label if leading else ""
    unit = leading[0].unit if leading else official.unit
    parent = unit.parent if unit.parent_id else None
    return authority.Person(
        full_name=official.full_name,
        title=title,
        unit=f"UBND {unit.short_name}" if parent else unit.name,
        province=parent.name if parent else "",
    )


def _certificate_row(
    official: Official | None,
    cert: x509.Certificate,
    chain: list[x509.Certificate],
    *,
    agency: Agency | None = None,
    **backend: str,
) -> Certificate:
    """Register `cert` for an official or (with `agency`, official None) an agency."""
    if Certificate.objects.filter(fingerprint=authority.fingerprint(cert)).exists():
        raise SigningSetupError("Chứng thư số này đã được đăng ký.")
    return Certificate.objects.create(
        official=official,
        agency=agency,
        pem=authority.to_pem(cert),
        chain_pem="".join(authority.to_pem(item) for item in chain),
        serial=format(cert.serial_number, "x"),
        subject=authority.describe(cert.subject),
        issuer=authority.describe(cert.issuer),
        not_before=_aware(cert.not_valid_before_utc),
        not_after=_aware(cert.not_valid_after_utc),
        fingerprint=authority.fingerprint(cert),
        **backend,
    )


@transaction.atomic
def issue_certificate(username: str, *, pin: str, days: int = 365) -> Certificate:
    """Issue a key and certificate from the demo CA for an official (demo and tests only).

    The key goes into a PKCS#12 file under `DATA_DIR/keys/` encrypted with `pin`; the PIN is
    not kept anywhere, so a forgotten PIN means a new certificate.
    """
    if len(pin) < 4:
        raise SigningSetupError("Mã PIN phải có ít nhất 4 ký tự.")
    if days < 1:
        raise SigningSetupError("Số ngày hiệu lực phải từ 1 trở lên.")
    official = _official(username)
    ca = init_demo_ca()
    key = authority.new_key()
    cert = authority.issue(ca.cert, ca.key, key.public_key(), _person(official), days=days)
    file_name = f"{username}-{format(cert.serial_number, 'x')[:16]}.p12"
    _write_private(keys_dir() / file_name, authority.pkcs12_bytes(key, cert, [ca.cert], pin))
    return _certificate_row(official, cert, [], backend=Backend.PKCS12, key_file=file_name)


@transaction.atomic
def import_certificate(
    cert_pem: bytes,
    *,
    chain_pem: bytes,
    username: str | None = None,
    p12: bytes | None = None,
    trust_root: bool = True,
) -> Certificate:
    """Register a certificate from a real CA with its chain (and optionally its .p12 file).

    The official is `username`, else the one whose full name is the certificate's CN. The
    chain's self-signed root becomes a (non-demo) `TrustAnchor` when `trust_root`.
    """
    certs = authority.load_pems(cert_pem)
    if not certs:
        raise SigningSetupError("Tệp chứng thư không có chứng thư PEM nào.")
    cert = certs[0]
    chain = authority.load_pems(chain_pem)
    if username:
        official = _official(username)
    else:
        name = authority.attribute(cert.subject, x509.NameOID.COMMON_NAME)
        matches = list(Official.objects.filter(full_name=name)[:2])
        if len(matches) != 1:
            raise SigningSetupError(
                f"Không xác định được cán bộ theo tên '{name}'; hãy chỉ rõ --username."
            )
        official = matches[0]
    intermediates = _intermediates(chain, trust_root=trust_root)
    if p12 is not None:
        file_name = f"{official.user.get_username()}-{format(cert.serial_number, 'x')[:16]}.p12"
        _write_private(keys_dir() / file_name, p12)
        return _certificate_row(
            official, cert, intermediates, backend=Backend.PKCS12, key_file=file_name
        )
    raise SigningSetupError(
        "Cần tệp .p12 (--p12) hoặc đăng ký thiết bị PKCS#11 (motcua ca pkcs11-register)."
    )


def _intermediates(chain: list[x509.Certificate], *, trust_root: bool) -> list[x509.Certificate]:
    """The chain's intermediate CAs; its self-signed root becomes a (non-demo) `TrustAnchor`
    when `trust_root`."""
    if trust_root:
        for root in (item for item in chain if item.subject == item.issuer):
            TrustAnchor.objects.get_or_create(
                fingerprint=authority.fingerprint(root),
                defaults={
                    "name": authority.attribute(root.subject, x509.NameOID.COMMON_NAME)
                    or authority.describe(root.subject),
                    "pem": authority.to_pem(root),
                    "subject": authority.describe(root.subject),
                    "not_after": _aware(root.not_valid_after_utc),
                },
            )
    return [item for item in chain if item.subject != item.issuer]


@transaction.atomic
def register_pkcs11(
    username: str,
    *,
    module: str,
    token_label: str,
    key_label: str,
    key_id: str = "",
    cert_pem: bytes | None = None,
) -> Certificate:
    """Register an official's USB token or HSM key (PKCS#11) with its certificate.

    The certificate is `cert_pem` if given, else read from the token (the certificate
    object labelled `key_label`; public objects need no PIN).
    """
    official = _official(username)
    if cert_pem is None:
        cert_pem = _token_certificate(module, token_label, key_label)
    certs = authority.load_pems(cert_pem)
    if not certs:
        raise SigningSetupError("Không đọc được chứng thư số.")
    return _certificate_row(
        official,
        certs[0],
        certs[1:],
        backend=Backend.PKCS11,
        module_path=module,
        token_label=token_label,
        key_label=key_label,
        key_id=key_id,
    )


def _token_certificate(module: str, token_label: str, key_label: str) -> bytes:
    import pkcs11
    from pkcs11 import Attribute, ObjectClass

    try:
        lib = pkcs11.lib(module)
        token = lib.get_token(token_label=token_label)
        with token.open() as session:
            for obj in session.get_objects(
                {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: key_label}
            ):
                der = bytes(obj[Attribute.VALUE])
                cert = x509.load_der_x509_certificate(der)
                return authority.to_pem(cert).encode("ascii")
    except SigningSetupError:
        raise
    except Exception as error:
        raise SigningSetupError(
            f"Không đọc được thiết bị '{token_label}' qua {module}: {type(error).__name__}."
        ) from None
    raise SigningSetupError(
        f"Thiết bị '{token_label}' không có chứng thư nhãn '{key_label}'; dùng --cert."
    )


@transaction.atomic
def revoke_certificate(username: str, *, fingerprint: str = "") -> list[Certificate]:
    """Revoke an official's valid certificates (or the one with `fingerprint`): they sign no
    more and verification reports them revoked. Kept, never deleted (results refer to it)."""
    official = _official(username)
    rows = Certificate.objects.filter(official=official, status=CertificateStatus.VALID)
    if fingerprint:
        rows = rows.filter(fingerprint=fingerprint.lower())
    revoked = list(rows)
    if not revoked:
        raise SigningSetupError(f"Cán bộ '{username}' không có chứng thư số còn hiệu lực.")
    now = timezone.now()
    for cert in revoked:
        cert.status = CertificateStatus.REVOKED
        cert.revoked_at = now
        cert.save(update_fields=["status", "revoked_at", "updated_at"])
    return revoked


# ---------------------------------------------------------------------------------------------
# Agency seals (chứng thư số của cơ quan): used by the server, no person present.


def agency_passphrase() -> str:
    """The agency keys' PKCS#12 passphrase or PKCS#11 PIN (`MOTCUA_AGENCY_KEY_PASSPHRASE`,
    from the environment); "" when agency signing is not configured."""
    return str(getattr(settings, "MOTCUA_AGENCY_KEY_PASSPHRASE", "") or "")


def _require_passphrase() -> str:
    passphrase = agency_passphrase()
    if not passphrase:
        raise SigningSetupError(
            "Chưa đặt biến môi trường MOTCUA_AGENCY_KEY_PASSPHRASE (mật khẩu khóa của cơ quan): "
            "không thể cấp hoặc nhập chứng thư số của cơ quan."
        )
    if len(passphrase) < 8:
        raise SigningSetupError(
            "MOTCUA_AGENCY_KEY_PASSPHRASE quá ngắn: mật khẩu khóa của cơ quan cần ít nhất 8 ký tự."
        )
    return passphrase


def _agency(ecode: str) -> Agency:
    agency = Agency.objects.select_related("unit", "unit__parent").filter(ecode=ecode).first()
    if agency is None:
        raise SigningSetupError(f"Không có cơ quan với mã định danh '{ecode}'.")
    return agency


def _agency_subject(agency: Agency) -> authority.Person:
    """The agency as its seal's certificate names it: CN = agency name, O = its commune."""
    unit = agency.unit
    parent = unit.parent if unit.parent_id else None
    return authority.Person(
        full_name=agency.name,
        unit=f"UBND {unit.short_name}" if parent else unit.name,
        province=parent.name if parent else "",
    )


@transaction.atomic
def issue_agency_certificate(ecode: str, *, days: int = 365) -> Certificate:
    """Issue a demo seal for the agency `ecode` (demo and tests only): a key and certificate
    from the demo CA, the key in a PKCS#12 file under `DATA_DIR/keys/` encrypted with
    `MOTCUA_AGENCY_KEY_PASSPHRASE` (refused when that is empty)."""
    passphrase = _require_passphrase()
    if days < 1:
        raise SigningSetupError("Số ngày hiệu lực phải từ 1 trở lên.")
    agency = _agency(ecode)
    ca = init_demo_ca()
    key = authority.new_key()
    cert = authority.issue(ca.cert, ca.key, key.public_key(), _agency_subject(agency), days=days)
    file_name = f"agency-{ecode}-{format(cert.serial_number, 'x')[:16]}.p12"
    _write_private(keys_dir() / file_name, authority.pkcs12_bytes(key, cert, [ca.cert], passphrase))
    return _certificate_row(
        None, cert, [], agency=agency, backend=Backend.PKCS12, key_file=file_name
    )


@transaction.atomic
def import_agency_certificate(
    ecode: str,
    cert_pem: bytes,
    *,
    chain_pem: bytes,
    p12: bytes | None = None,
    module: str = "",
    token_label: str = "",
    key_label: str = "",
    key_id: str = "",
    trust_root: bool = True,
) -> Certificate:
    """Register an agency's seal from a real CA with its chain, the key either in a .p12 file
    encrypted with `MOTCUA_AGENCY_KEY_PASSPHRASE` (checked now) or on a PKCS#11 token whose
    PIN is that setting (`module`, `token_label`, `key_label`)."""
    passphrase = _require_passphrase()
    agency = _agency(ecode)
    certs = authority.load_pems(cert_pem)
    if not certs:
        raise SigningSetupError("Tệp chứng thư không có chứng thư PEM nào.")
    cert = certs[0]
    chain = authority.load_pems(chain_pem)
    if p12 is not None:
        try:
            _key, p12_cert, _others = pkcs12.load_key_and_certificates(
                p12, passphrase.encode("utf-8")
            )
        except ValueError:
            raise SigningSetupError(
                "Không mở được tệp .p12 bằng MOTCUA_AGENCY_KEY_PASSPHRASE: tệp khóa của cơ quan "
                "phải được mã hóa bằng mật khẩu này."
            ) from None
        if p12_cert is not None and authority.fingerprint(p12_cert) != authority.fingerprint(cert):
            raise SigningSetupError("Tệp .p12 không chứa khóa của chứng thư này.")
        intermediates = _intermediates(chain, trust_root=trust_root)
        file_name = f"agency-{ecode}-{format(cert.serial_number, 'x')[:16]}.p12"
        _write_private(keys_dir() / file_name, p12)
        return _certificate_row(
            None, cert, intermediates, agency=agency, backend=Backend.PKCS12, key_file=file_name
        )
    if module and token_label and key_label:
        intermediates = _intermediates(chain, trust_root=trust_root)
        return _certificate_row(
            None,
            cert,
            intermediates,
            agency=agency,
            backend=Backend.PKCS11,
            module_path=module,
            token_label=token_label,
            key_label=key_label,
            key_id=key_id,
        )
    raise SigningSetupError(
        "Cần tệp .p12 (--p12) hoặc thiết bị PKCS#11 (--module, --token-label, --key-label)."
    )


@transaction.atomic
def revoke_agency_certificate(ecode: str, *, fingerprint: str = "") -> list[Certificate]:
    """Revoke an agency's valid seals (or the one with `fingerprint`): they sign no more."""
    agency = _agency(ecode)
    rows = Certificate.objects.filter(agency=agency, status=CertificateStatus.VALID)
    if fingerprint:
        rows = rows.filter(fingerprint=fingerprint.lower())
    revoked = list(rows)
    if not revoked:
        raise SigningSetupError(f"Cơ quan '{ecode}' không có chứng thư số còn hiệu lực.")
    now = timezone.now()
    for cert in revoked:
        cert.status = CertificateStatus.REVOKED
        cert.revoked_at = now
        cert.save(update_fields=["status", "revoked_at", "updated_at"])
    return revoked


def agency_certificate(agency_id: int, at: dt.datetime | None = None) -> Certificate | None:
    """The agency's newest seal usable at `at` (valid, not expired, not revoked), else None."""
    at = at or timezone.now()
    certificates = Certificate.objects.filter(
        agency_id=agency_id,
        status=CertificateStatus.VALID,
        not_before__lte=at,
        not_after__gt=at,
    ).order_by("-not_after", "-pk")
    return next((cert for cert in certificates if cert.usable_at(at)), None)


# ---------------------------------------------------------------------------------------------
# Issuing a result.


def signing_certificate(user: AbstractBaseUser, at: dt.datetime) -> Certificate | None:
    """The certificate the user signs with: the newest usable one, else the newest at all (so
    a revoked or expired one is named in the failure), else None (the leader signs on paper)."""
    certificates = list(
        Certificate.objects.filter(official__user_id=user.pk).order_by("-not_after", "-pk")
    )
    usable = [cert for cert in certificates if cert.usable_at(at)]
    if usable:
        return usable[0]
    return certificates[0] if certificates else None


def _stamp(certificate: Certificate, dossier: Dossier, at: dt.datetime) -> StampText:
    cert = authority.load_pems(certificate.pem)[0]
    oid = x509.NameOID
    return StampText(
        name=authority.attribute(cert.subject, oid.COMMON_NAME) or certificate.holder_name,
        title=authority.attribute(cert.subject, oid.TITLE) or "Lãnh đạo",
        unit=authority.attribute(cert.subject, oid.ORGANIZATION_NAME)
        or f"UBND {dossier.unit.short_name}",
        when=f"{timezone.localtime(at):%H:%M:%S ngày %d/%m/%Y}",
    )


def render_result(dossier: Dossier, slot: ResultSignature) -> bytes:
    """The result PDF with room for the signature: the procedure's electronic result form
    where one is registered (the civil-status extracts), else a result notice."""
    if has_result_form(dossier.procedure_code):
        try:
            return render_form(dossier, "result", base_url=public_url(), signature=slot)
        except DocumentError:
            logger.info("no result form for %s; issuing a notice", dossier.code)
    return result_notice(dossier, slot)


def _store(content: bytes, digest: str) -> str:
    name = f"results/{digest[:2]}/{digest[2:4]}/{digest}.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


# What a new result replaces of an earlier one of the same dossier (all but its creation).
_RESULT_FIELDS = (
    "paper",
    "storage_name",
    "sha256",
    "size",
    "certificate",
    "signed_by",
    "signed_at",
    "updated_at",
)


def _record_result(result: SignedResult) -> None:
    """Record the dossier's result, replacing an earlier one (one per dossier), in one
    upsert: `update_or_create` took a savepoint, a locking SELECT and an INSERT inside
    every approval's transaction (docs/performance.md)."""
    SignedResult.objects.bulk_create(
        [result], update_conflicts=True, unique_fields=["dossier"], update_fields=_RESULT_FIELDS
    )


def issue_result(
    dossier: Dossier, *, actor: AbstractBaseUser, pin: str, at: dt.datetime
) -> ResultOutcome:
    """Issue `dossier`'s result as `actor` (called inside the lifecycle transaction).

    No certificate: a paper result (signed by hand) is recorded. Otherwise the result is
    rendered and signed; any failure (wrong PIN, token absent, revoked or expired certificate,
    device error) is recorded as a failed attempt and answered "failed" with its reason.
    """
    certificate = signing_certificate(actor, at)
    if certificate is None:
        _record_result(
            SignedResult(dossier=dossier, paper=True, signed_by_id=actor.pk, signed_at=at)
        )
        SigningAttempt.objects.create(
            dossier=dossier, actor_id=actor.pk, outcome=AttemptOutcome.PAPER, at=at
        )
        return ResultOutcome("paper")
    stamp = _stamp(certificate, dossier, at)
    slot = ResultSignature(
        verify_url=verify_url(dossier.code), signer_name=stamp.name, signer_title=stamp.title
    )
    try:
        content = sign_pdf(
            render_result(dossier, slot),
            certificate=certificate,
            pin=pin,
            slot=slot,
            stamp=stamp,
            reason=f"Phê duyệt kết quả giải quyết hồ sơ {dossier.code}",
        )
    except SigningFailedError as error:
        reason = error.message
        signing_failed("result")
    except Exception:
        logger.exception("unexpected signing error for dossier %s", dossier.code)
        reason = "Lỗi không mong đợi khi ký số; hãy thử lại hoặc báo quản trị."
        signing_failed("result")
    else:
        digest = hashlib.sha256(content).hexdigest()
        _record_result(
            SignedResult(
                dossier=dossier,
                paper=False,
                storage_name=_store(content, digest),
                sha256=digest,
                size=len(content),
                certificate=certificate,
                signed_by_id=actor.pk,
                signed_at=at,
            )
        )
        SigningAttempt.objects.create(
            dossier=dossier,
            actor_id=actor.pk,
            certificate=certificate,
            outcome=AttemptOutcome.SIGNED,
            at=at,
        )
        return ResultOutcome(
            "signed", details={"sha256": digest, "certificate": certificate.fingerprint}
        )
    SigningAttempt.objects.create(
        dossier=dossier,
        actor_id=actor.pk,
        certificate=certificate,
        outcome=AttemptOutcome.FAILED,
        reason=reason,
        at=at,
    )
    return ResultOutcome("failed", reason=reason, details={"certificate": certificate.fingerprint})
