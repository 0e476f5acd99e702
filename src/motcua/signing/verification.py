"""Public verification of a signed result (kiểm tra văn bản điện tử): intact or altered, who
signed, with what certificate status, when, and whether it is the file recorded for a dossier.

pyHanko validates the signature against a `ValidationContext` trusting only the province's
`TrustAnchor`s, at the signing time the file reports (a certificate valid when it signed stays
"valid" for that signature; expiry and revocation come from our registry, which the province
keeps). "Altered" means: the digest does not match, the signature is broken, or it does not
cover the whole file (bytes appended after signing).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .choices import CertificateStatus
from .models import Certificate, SignedResult, TrustAnchor
from .signer import asn1_certs

logger = logging.getLogger(__name__)

# Certificate statuses reported to the public.
VALID = "valid"
EXPIRED = "expired"
REVOKED = "revoked"
UNTRUSTED = "untrusted"
STATUS_LABELS = {
    VALID: "Còn hiệu lực",
    EXPIRED: "Đã hết hạn",
    REVOKED: "Đã bị thu hồi",
    UNTRUSTED: "Tổ chức cấp chứng thư không được tin cậy",
}
MAX_PDF_BYTES = 20 * 1024 * 1024
# Who signed, as the registry knows the certificate: an official (a result) or an agency (its
# seal on a form, `signing.seal`); "" for a certificate the registry does not hold.
OFFICIAL = "official"
AGENCY = "agency"


@dataclass
class Report:
    """What the public learns of one file. `signed` False: no signature found at all.
    `signer_kind` "agency": the seal of an agency on a form (not a dossier's result, so never
    `recorded`); "official": a person's signature."""

    sha256: str
    signed: bool = False
    intact: bool = False
    altered: bool = False
    signer_kind: str = ""
    signer_name: str = ""
    signer_title: str = ""
    signer_unit: str = ""
    issuer: str = ""
    certificate_status: str = ""
    signed_at: dt.datetime | None = None
    recorded: bool = False
    dossier_code: str = ""
    messages: list[str] = field(default_factory=list)

    @property
    def certificate_status_label(self) -> str:
        return STATUS_LABELS.get(self.certificate_status, "")

    @property
    def genuine(self) -> bool:
        """Intact, signed by a certificate valid and trusted: the one-word answer."""
        return self.signed and self.intact and self.certificate_status == VALID

    def as_dict(self) -> dict[str, object]:
        return {
            "sha256": self.sha256,
            "signed": self.signed,
            "intact": self.intact,
            "altered": self.altered,
            "genuine": self.genuine,
            "signer_kind": self.signer_kind,
            "signer_name": self.signer_name,
            "signer_title": self.signer_title,
            "signer_unit": self.signer_unit,
            "issuer": self.issuer,
            "certificate_status": self.certificate_status,
            "certificate_status_label": self.certificate_status_label,
            "signed_at": timezone.localtime(self.signed_at) if self.signed_at else None,
            "recorded": self.recorded,
            "dossier_code": self.dossier_code,
            "messages": self.messages,
        }


def _name_part(cert: asn1_x509.Certificate, key: str) -> str:
    value = cert.subject.native.get(key, "")
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    return str(value or "")


def _context(moment: dt.datetime | None) -> ValidationContext:
    roots = [cert for anchor in TrustAnchor.objects.only("pem") for cert in asn1_certs(anchor.pem)]
    others = [
        cert
        for chain in Certificate.objects.exclude(chain_pem="").values_list("chain_pem", flat=True)
        for cert in asn1_certs(chain)
    ]
    return ValidationContext(
        trust_roots=roots,
        other_certs=others,
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=moment,
    )


def _registry_status(report: Report, fingerprint: str, trusted: bool) -> None:
    certificate = (
        Certificate.objects.select_related("official__unit", "agency__unit")
        .filter(fingerprint=fingerprint)
        .first()
    )
    if certificate is not None and certificate.agency is not None:
        report.signer_kind = AGENCY
        report.signer_name = report.signer_name or certificate.agency.name
        report.signer_unit = report.signer_unit or certificate.agency.unit.name
    elif certificate is not None and certificate.official is not None:
        report.signer_kind = OFFICIAL
        report.signer_name = report.signer_name or certificate.official.full_name
        report.signer_unit = report.signer_unit or certificate.official.unit.name
    if not trusted:
        report.certificate_status = UNTRUSTED
        report.messages.append(
            "Chứng thư số không do tổ chức được tỉnh tin cậy cấp: không xác nhận được người ký."
        )
    elif certificate is not None and certificate.status == CertificateStatus.REVOKED:
        report.certificate_status = REVOKED
        when = timezone.localtime(certificate.revoked_at) if certificate.revoked_at else None
        report.messages.append(
            "Chứng thư số của người ký đã bị thu hồi"
            + (f" lúc {when:%H:%M ngày %d/%m/%Y}." if when else ".")
        )
    elif certificate is not None and timezone.now() > certificate.not_after:
        report.certificate_status = EXPIRED
    else:
        report.certificate_status = VALID


def verify_pdf(data: bytes, *, code: str = "") -> Report:
    """Check one PDF; never raises on a bad file (the report says what is wrong)."""
    report = Report(sha256=hashlib.sha256(data).hexdigest())
    recorded = SignedResult.objects.select_related("dossier").filter(sha256=report.sha256)
    if code:
        recorded = recorded.filter(dossier__code=code)
    match = recorded.first()
    if match is not None:
        report.recorded = True
        report.dossier_code = match.dossier.code
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        report.altered = True
        report.messages.append("Tệp không đọc được như một tệp PDF hợp lệ (có thể đã bị sửa).")
        return report
    if not signatures:
        report.messages.append("Tệp không có chữ ký số.")
        return report
    report.signed = True
    embedded = signatures[-1]
    try:
        reported = embedded.self_reported_timestamp
        cert = embedded.signer_cert
        report.signer_name = _name_part(cert, "common_name")
        report.signer_title = _name_part(cert, "title")
        report.signer_unit = _name_part(cert, "organization_name")
        report.issuer = str(cert.issuer.native.get("common_name", "") or cert.issuer.human_friendly)
        status = validate_pdf_signature(
            embedded,
            _context(reported),
            key_usage_settings=KeyUsageConstraints(
                key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False
            ),
        )
    except Exception:
        logger.info("signature validation failed for %s", report.sha256, exc_info=True)
        report.altered = True
        report.messages.append("Không kiểm tra được chữ ký số: tệp đã bị sửa hoặc chữ ký hỏng.")
        return report
    report.signed_at = status.signer_reported_dt or reported
    covers_all = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    report.intact = bool(status.intact and status.valid and covers_all)
    report.altered = not report.intact
    if not (status.intact and status.valid):
        report.messages.append("Nội dung đã bị thay đổi sau khi ký: chữ ký số không còn khớp.")
    elif not covers_all:
        report.messages.append("Có dữ liệu được thêm vào sau khi ký: tệp không còn nguyên vẹn.")
    fingerprint = hashlib.sha256(cert.dump()).hexdigest()
    _registry_status(report, fingerprint, trusted=status.trusted)
    if code and not report.recorded and report.signer_kind != AGENCY:
        report.messages.append(f"Tệp này không phải tệp kết quả đã lưu của hồ sơ {code}.")
    return report
