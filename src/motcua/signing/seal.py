"""The agency seal on printed forms (issue 4, part 2): "receipts and forms can carry the
agency's signature where a province enables it".

`MOTCUA_SIGN_FORMS` lists the forms (among 01..06) the province has signed; when one of them is
served and the dossier's receiving agency holds a usable seal (`Certificate.agency`) and
`MOTCUA_AGENCY_KEY_PASSPHRASE` is set, the PDF is signed (PAdES, visible stamp "Ký bởi:
<agency>", time) before it is served. Any problem (no seal, revoked or expired, key file
missing, wrong passphrase, token absent) serves the unsigned PDF and logs a warning: a seal
never blocks the counter (invariant 7). `ServedForm.signature` ("agency" / "none") is what the
views put in the `X-Motcua-Signature` header.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from motcua.documents.forms import render_form
from motcua.dossiers.models import Dossier

from .actions import agency_certificate, agency_passphrase
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


def serve_form(dossier: Dossier, form: str, *, base_url: str) -> ServedForm:
    """`render_form` and then `seal_form`: what every view serving a form calls. Raises what
    `render_form` raises (`DocumentError`, Vietnamese)."""
    return seal_form(dossier, form, render_form(dossier, form, base_url=base_url))
