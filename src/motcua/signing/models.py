"""Officials' signing certificates (chứng thư số), agencies' seals (chứng thư số của cơ quan),
the CAs the province trusts, the signed results and every signing attempt.

Keys never live in the database: a PKCS#12 key is a file under `DATA_DIR/keys/` encrypted with
the official's PIN (which is never stored), a PKCS#11 key stays on its token. The database
holds only public material (certificates) and where to find the key. An agency's seal is used
by the server with no person present: its passphrase or token PIN is
`MOTCUA_AGENCY_KEY_PASSPHRASE`, read from the environment, never from the database.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from motcua.accounts.models import Official
from motcua.core.models import TimeStampedModel
from motcua.dossiers.models import Dossier
from motcua.units.models import Agency

from .choices import AttemptOutcome, Backend, CertificateStatus


class TrustAnchor(TimeStampedModel):
    """A CA certificate the province trusts for verification (tổ chức cung cấp dịch vụ chứng
    thực chữ ký số được tin cậy).

    A result signed under any other CA is reported "untrusted issuer". `is_demo` marks the CA
    made by `motcua ca init`, whose key sits unprotected in `DATA_DIR/keys/`: good for demos
    and tests, never for real results (docs/guides/signing.md).
    """

    name = models.CharField("tên", max_length=300)
    pem = models.TextField("chứng thư (PEM)")
    subject = models.CharField("chủ thể", max_length=500)
    fingerprint = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    not_after = models.DateTimeField("hết hạn lúc")
    is_demo = models.BooleanField("CA thử nghiệm", default=False)
    key_file = models.CharField(
        "tệp khóa (trong DATA_DIR/keys)",
        max_length=200,
        blank=True,
        help_text="Chỉ có với CA thử nghiệm do motcua tạo; CA thật giữ khóa ở nơi khác.",
    )

    class Meta:
        verbose_name = "CA tin cậy"
        verbose_name_plural = "CA tin cậy"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Certificate(TimeStampedModel):
    """An official's signing certificate (chứng thư số cá nhân), or an agency's seal (chứng
    thư số của cơ quan, e.g. the commune PSC's), and where its key is held.

    Exactly one of `official` / `agency` is set. An official's key is unlocked with their PIN
    at signing time; an agency's key with `MOTCUA_AGENCY_KEY_PASSPHRASE` (the server signs the
    agency's forms with no person present, `signing.seal`).

    `backend` "pkcs12": `key_file` names an encrypted .p12 under `DATA_DIR/keys/`; "pkcs11":
    the key stays on a token found by `module_path` and `token_label`, and `key_label` (or
    `key_id`, hex) names it. A certificate signs only while `status` is valid and the time is
    within `not_before`..`not_after` (`usable_at`); revocation is recorded, never deleted.
    `chain_pem` holds the intermediate CAs of an imported certificate.
    """

    official = models.ForeignKey(
        Official,
        verbose_name="cán bộ",
        on_delete=models.PROTECT,
        related_name="certificates",
        null=True,
        blank=True,
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan",
        on_delete=models.PROTECT,
        related_name="certificates",
        null=True,
        blank=True,
    )
    pem = models.TextField("chứng thư (PEM)")
    chain_pem = models.TextField("chuỗi chứng thư trung gian (PEM)", blank=True)
    serial = models.CharField("số hiệu", max_length=64)
    subject = models.CharField("chủ thể", max_length=500)
    issuer = models.CharField("tổ chức cấp", max_length=500)
    not_before = models.DateTimeField("hiệu lực từ")
    not_after = models.DateTimeField("hết hạn lúc")
    fingerprint = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    status = models.CharField(
        "tình trạng", max_length=16, choices=CertificateStatus.choices, default="valid"
    )
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    backend = models.CharField("nơi giữ khóa", max_length=16, choices=Backend.choices)
    key_file = models.CharField("tệp PKCS#12 (trong DATA_DIR/keys)", max_length=200, blank=True)
    module_path = models.CharField("thư viện PKCS#11", max_length=300, blank=True)
    token_label = models.CharField("nhãn thiết bị", max_length=100, blank=True)
    key_label = models.CharField("nhãn khóa", max_length=100, blank=True)
    key_id = models.CharField("mã khóa (hex)", max_length=100, blank=True)

    class Meta:
        verbose_name = "chứng thư số"
        verbose_name_plural = "chứng thư số"
        ordering = ["official_id", "-not_after"]
        indexes = [models.Index(fields=["official", "status"], name="certificate_official_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(official__isnull=False, agency__isnull=True)
                | models.Q(official__isnull=True, agency__isnull=False),
                name="certificate_official_xor_agency",
            ),
            models.CheckConstraint(
                condition=models.Q(status="valid", revoked_at__isnull=True)
                | models.Q(status="revoked", revoked_at__isnull=False),
                name="certificate_revoked_iff_revoked_at",
            ),
            models.CheckConstraint(
                condition=models.Q(backend="pkcs11") | ~models.Q(key_file=""),
                name="certificate_pkcs12_has_key_file",
            ),
            models.CheckConstraint(
                condition=models.Q(backend="pkcs12")
                | (~models.Q(module_path="") & ~models.Q(token_label="")),
                name="certificate_pkcs11_has_token",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.serial})"

    @property
    def holder_name(self) -> str:
        """Who the certificate belongs to: the official's full name or the agency's name."""
        if self.agency_id is not None and self.agency is not None:
            return self.agency.name
        return self.official.full_name if self.official is not None else ""

    def problem_at(self, moment: dt.datetime | None = None) -> str | None:
        """Why this certificate cannot sign at `moment` (Vietnamese), or None if it can."""
        moment = moment or timezone.now()
        if self.status == CertificateStatus.REVOKED:
            when = timezone.localtime(self.revoked_at) if self.revoked_at else None
            return "Chứng thư số đã bị thu hồi" + (
                f" lúc {when:%H:%M ngày %d/%m/%Y}." if when else "."
            )
        if moment > self.not_after:
            return (
                "Chứng thư số đã hết hạn lúc "
                f"{timezone.localtime(self.not_after):%H:%M ngày %d/%m/%Y}."
            )
        if moment < self.not_before:
            return (
                "Chứng thư số chưa có hiệu lực (từ "
                f"{timezone.localtime(self.not_before):%H:%M ngày %d/%m/%Y})."
            )
        return None

    def usable_at(self, moment: dt.datetime | None = None) -> bool:
        return self.problem_at(moment) is None


class SignedResult(TimeStampedModel):
    """The result issued for a dossier (kết quả giải quyết): an electronically signed PDF, or a
    paper result signed by hand (`paper`, no file, no certificate).

    One per dossier. `sha256` is the hash of the exact bytes issued, so anyone holding the
    file can check that it is the one recorded (public verification). The file lives in
    `default_storage` at `storage_name`, content-addressed.
    """

    dossier = models.OneToOneField(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="signed_result"
    )
    paper = models.BooleanField("kết quả giấy, ký tay", default=False)
    storage_name = models.CharField("tệp", max_length=300, blank=True)
    sha256 = models.CharField("mã băm SHA-256", max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0)
    certificate = models.ForeignKey(
        Certificate,
        verbose_name="chứng thư ký",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_results",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ký",
        on_delete=models.PROTECT,
        related_name="signed_results",
    )
    signed_at = models.DateTimeField("ký lúc")

    class Meta:
        verbose_name = "kết quả đã ký"
        verbose_name_plural = "kết quả đã ký"
        ordering = ["-signed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paper=True, certificate__isnull=True, sha256="")
                | models.Q(paper=False, certificate__isnull=False)
                & ~models.Q(sha256="")
                & ~models.Q(storage_name=""),
                name="signed_result_paper_or_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {'giấy' if self.paper else self.sha256[:12]}"


class SigningAttempt(models.Model):
    """One try to issue a dossier's result (lần ký số): signed, paper or failed with a reason.

    The failure reason is what the leader sees on an "awaiting signature" dossier. The PIN is
    never stored, in this row or anywhere else.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="signing_attempts"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ký",
        on_delete=models.PROTECT,
        related_name="signing_attempts",
    )
    certificate = models.ForeignKey(
        Certificate,
        verbose_name="chứng thư",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempts",
    )
    outcome = models.CharField("kết quả", max_length=16, choices=AttemptOutcome.choices)
    reason = models.TextField("lý do", blank=True)
    at = models.DateTimeField("thời điểm")

    class Meta:
        verbose_name = "lần ký số"
        verbose_name_plural = "lần ký số"
        ordering = ["dossier_id", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.outcome} {self.at:%Y-%m-%d %H:%M}"
