"""Choices for certificates and signing (chữ ký số)."""

from django.db import models


class CertificateStatus(models.TextChoices):
    """What the province's registry says of a certificate; expiry is read from `not_after`."""

    VALID = "valid", "Còn hiệu lực"
    REVOKED = "revoked", "Đã thu hồi"


class Backend(models.TextChoices):
    """Where the private key lives: an encrypted PKCS#12 file, or a PKCS#11 token (USB, HSM)."""

    PKCS12 = "pkcs12", "Tệp PKCS#12 mã hóa"
    PKCS11 = "pkcs11", "Thiết bị PKCS#11 (USB token, HSM)"


class AttemptOutcome(models.TextChoices):
    """How one signing attempt ended."""

    SIGNED = "signed", "Đã ký số"
    FAILED = "failed", "Ký số không thành công"
    PAPER = "paper", "Kết quả giấy, ký tay"
