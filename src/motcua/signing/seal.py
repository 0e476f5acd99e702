"""The agency seal on printed forms (issue 4, part 2): "receipts and forms can carry the
agency's signature where a province enables it".

`MOTCUA_SIGN_FORMS` lists the forms (among 01..06) the province has signed; when one of them is
served and the dossier's receiving agency holds a usable seal (`Certificate.agency`) and
`MOTCUA_AGENCY_KEY_PASSPHRASE` is set, the PDF is signed (PAdES, visible stamp "Ký bởi:
<agency>", time) before it is served. Any problem (no seal, revoked or expired, key file
missing, wrong passphrase, token absent) serves the unsigned PDF and logs a warning: a seal
never blocks the counter (invariant 7). `ServedForm.signature` ("agency" / "none", "official"
for the leader's signed result) is what the views put in the `X-Motcua-Signature` header.
The result itself is never rendered again: `serve_form(dossier, "result")` serves the bytes
stored when it was signed (`stored_result`), the file `/verify` reports genuine.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.utils import timezone

from motcua.core.metrics import signing_failed
from motcua.core.public_url import public_url
from motcua.documents.forms import DocumentNotAvailableError, render_form
from motcua.dossiers.choices import Status
from motcua.dossiers.models import Dossier

from .actions import agency_certificate, agency_passphrase
from .models import SignedResult
from .signer import SealText, SigningFailedError, seal_pdf

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Motcua-Signature"
AGENCY = "agency"
NONE = "none"
SEALABLE_FORMS = ("01", "02", "03", "04", "05", "06")


@dataclass(frozen=True)
class ServedForm:
    """A form's bytes as served and whether the agency signed them ("agency" / "none")."""

    content: bytes
    signature: str = NONE

    def respond(self, file_name: str) -> HttpResponse:
        """The inline PDF response with the `X-Motcua-Signature` header."""
        response = HttpResponse(self.content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{file_name}"'
        response[SIGNATURE_HEADER] = self.signature
        return response


def sealed_forms() -> frozenset[str]:
    """The forms the province has the agency sign (`MOTCUA_SIGN_FORMS`, "01,02" or a list);
    unknown names are ignored, "1" means "01"."""
    value: str | Iterable[str] = getattr(settings, "MOTCUA_SIGN_FORMS", "") or ""
    items = value.split(",") if isinstance(value, str) else value
    forms = {str(item).strip().zfill(2) for item in items if str(item).strip()}
    return frozenset(forms & set(SEALABLE_FORMS))


def seal_form(dossier: Dossier, form: str, pdf: bytes) -> ServedForm:
    """`pdf` (form `form` of `dossier`) signed with its receiving agency's seal when the
    province enabled that form and the seal is usable; else `pdf` unchanged. Never raises for
    a signing problem."""
    if form not in sealed_forms():
        return ServedForm(pdf)
    passphrase = agency_passphrase()
    if not passphrase:
        logger.warning(
            "form %s of %s served unsigned: MOTCUA_AGENCY_KEY_PASSPHRASE is not set",
            form,
            dossier.code,
        )
        return ServedForm(pdf)
    now = timezone.now()
    certificate = agency_certificate(dossier.receiving_agency_id, now)
    if certificate is None:
        logger.warning(
            "form %s of %s served unsigned: agency %s has no valid certificate",
            form,
            dossier.code,
            dossier.receiving_agency_id,
        )
        return ServedForm(pdf)
    seal = SealText(
        agency=certificate.holder_name,
        when=f"{timezone.localtime(now):%H:%M:%S ngày %d/%m/%Y}",
    )
    try:
        signed = seal_pdf(pdf, certificate=certificate, passphrase=passphrase, seal=seal)
    except SigningFailedError as error:
        signing_failed("seal")
        logger.warning(
            "form %s of %s served unsigned: agency seal failed: %s",
            form,
            dossier.code,
            error.message,
        )
        return ServedForm(pdf)
    except Exception:
        logger.warning(
            "form %s of %s served unsigned: unexpected agency seal error",
            form,
            dossier.code,
            exc_info=True,
        )
        return ServedForm(pdf)
    return ServedForm(signed, AGENCY)


OFFICIAL = "official"


def stored_result(dossier: Dossier) -> ServedForm:
    """The exact bytes of the dossier's signed result as issued (what `/verify` checks), never
    a fresh copy; `DocumentNotAvailableError` (409, Vietnamese) when there is none to serve:
    not yet issued, or issued on paper signed by hand (then no electronic copy exists)."""
    result = SignedResult.objects.filter(dossier_id=dossier.pk).first()
    if result is None:
        if dossier.status >= Status.RESULT_READY:
            raise DocumentNotAvailableError(
                f"Hồ sơ {dossier.code} không có bản điện tử đã ký số của kết quả; nhận bản "
                "giấy tại bộ phận một cửa."
            )
        raise DocumentNotAvailableError(
            f"Hồ sơ {dossier.code} chưa có kết quả giải quyết (đang ở tình trạng "
            f"“{dossier.get_status_display()}”)."
        )
    if result.paper:
        raise DocumentNotAvailableError(
            f"Kết quả của hồ sơ {dossier.code} được ký tay trên giấy, không có bản điện tử; "
            "nhận bản giấy tại bộ phận một cửa nơi đã nộp hồ sơ."
        )
    with default_storage.open(result.storage_name, "rb") as handle:
        return ServedForm(handle.read(), OFFICIAL)


def result_state(dossier: Dossier) -> str:
    """ "signed", "paper" or "" (no result yet): what the pages say before offering a download."""
    paper = (
        SignedResult.objects.filter(dossier_id=dossier.pk).values_list("paper", flat=True).first()
    )
    if paper is None:
        return ""
    return "paper" if paper else "signed"


def serve_form(dossier: Dossier, form: str) -> ServedForm:
    """What every view serving a form calls: the result as stored and signed
    (`stored_result`), any other form rendered (`render_form`, QR and links on
    `MOTCUA_PUBLIC_URL`) and then sealed (`seal_form`). Raises `DocumentError` (Vietnamese)."""
    if form == "result":
        return stored_result(dossier)
    return seal_form(dossier, form, render_form(dossier, form, base_url=public_url()))
