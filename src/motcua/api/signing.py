"""Signing endpoints: public verification of a signed PDF `POST /api/v1/public/verify` (no
login, rate-limited per IP) and the signing state of a dossier
`GET /api/v1/signing/dossiers/{code}` (in scope), where a leader reads why signing failed.

Thin: parse, call `signing.verification` / `signing.queries`, render.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from motcua.accounts.queries import display_name
from motcua.dossiers.queries import dossier_by_code, not_found
from motcua.signing.models import SignedResult, SigningAttempt
from motcua.signing.ratelimit import TOO_MANY, VERIFY_SCOPE, allow, verify_limit
from motcua.signing.verification import MAX_PDF_BYTES, verify_pdf

from .auth import auth
from .problems import Problem

router = Router(tags=["signing"])


class VerifyReportOut(Schema):
    sha256: str
    signed: bool
    intact: bool
    altered: bool
    genuine: bool
    signer_kind: str
    signer_name: str
    signer_title: str
    signer_unit: str
    issuer: str
    certificate_status: str
    certificate_status_label: str
    signed_at: datetime | None
    recorded: bool
    dossier_code: str
    messages: list[str]


@router.post(
    "/public/verify",
    response=VerifyReportOut,
    auth=None,
    summary="Kiểm tra tệp PDF đã ký số (không cần đăng nhập)",
)
def public_verify(
    request: HttpRequest, file: File[UploadedFile], code: Form[str] = ""
) -> dict[str, Any]:
    if not allow(request, VERIFY_SCOPE, verify_limit()):
        raise Problem(429, TOO_MANY)
    if file.size and file.size > MAX_PDF_BYTES:
        raise Problem(422, "Tệp quá lớn (tối đa 20 MB).")
    data = file.read()
    if not data.startswith(b"%PDF-"):
        raise Problem(422, "Tệp không phải PDF.")
    return verify_pdf(data, code=code.strip()[:32]).as_dict()


class AttemptOut(Schema):
    outcome: str
    reason: str
    at: datetime
    actor: str


class SigningStateOut(Schema):
    code: str
    state: str
    result: str | None
    sha256: str | None
    signed_at: datetime | None
    attempts: list[AttemptOut]


@router.get(
    "/signing/dossiers/{code}",
    response=SigningStateOut,
    auth=auth,
    summary="Tình trạng ký số kết quả của hồ sơ (lý do nếu chưa ký được)",
)
def signing_state(request: HttpRequest, code: str) -> dict[str, Any]:
    dossier = dossier_by_code(request.user, code)
    if dossier is None:
        raise Problem(404, not_found(code))
    result = SignedResult.objects.filter(dossier=dossier).first()
    attempts = SigningAttempt.objects.filter(dossier=dossier).select_related("actor")
    return {
        "code": dossier.code,
        "state": dossier.state,
        "result": None if result is None else ("paper" if result.paper else "signed"),
        "sha256": (result.sha256 or None) if result else None,
        "signed_at": timezone.localtime(result.signed_at) if result else None,
        "attempts": [
            {
                "outcome": attempt.outcome,
                "reason": attempt.reason,
                "at": timezone.localtime(attempt.at),
                "actor": display_name(attempt.actor),
            }
            for attempt in attempts
        ],
    }
