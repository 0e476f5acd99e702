"""Public endpoints (no login): the dossier lookup by code printed on the receipt.

The code alone answers only that the dossier exists (`exists`); with the receipt's lookup
token (`?t=`, `dossiers.lookup_tokens`) it gives what the receipt holder may see (invariant
8): status, appointment, steps done, the procedure and the applicant's masked name; never an
ID number, phone or address.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from motcua.core.ratelimit import TOO_MANY_LOOKUPS, lookup_allowed
from motcua.dossiers.lookup_tokens import token_matches
from motcua.dossiers.queries import not_found, public_lookup

from .problems import Problem

router = Router(tags=["public"])


class PublicStepOut(Schema):
    name: str
    done: bool


class PublicPresenceOut(Schema):
    """The answer to the code alone: the dossier exists, nothing more."""

    code: str
    exists: bool


class PublicDossierOut(Schema):
    code: str
    exists: bool = True
    procedure_name: str
    status: int
    status_label: str
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    applicant_name: str
    steps_done: int
    steps: list[PublicStepOut]


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value is not None else None


WRONG_LOOKUP_CODE = "Mã tra cứu không đúng với mã hồ sơ."


@router.get(
    "/dossiers/{code}",
    response=PublicDossierOut | PublicPresenceOut,
    auth=None,
    summary="Tra cứu hồ sơ theo mã (không cần đăng nhập)",
    description=(
        "Chỉ mã hồ sơ: trả lời hồ sơ có tồn tại (`exists`). Thêm mã tra cứu in trên giấy "
        "tiếp nhận (`t`, có hoặc không có dấu gạch ngang): trạng thái, hẹn trả, các bước."
    ),
)
def lookup(request: HttpRequest, code: str, t: str = "") -> dict[str, Any]:
    if not lookup_allowed(request):
        raise Problem(429, TOO_MANY_LOOKUPS)
    found = public_lookup(code)
    if found is None:
        raise Problem(404, not_found(code))
    if not t.strip():
        return {"code": found["code"], "exists": True}
    if not token_matches(found["code"], t[:64]):
        raise Problem(403, WRONG_LOOKUP_CODE)
    for key in ("received_at", "due_at", "finished_at", "returned_at"):
        found[key] = _local(found[key])
    return {**found, "exists": True}
