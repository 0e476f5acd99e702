"""Public endpoints (no login): the dossier lookup by code printed on the receipt.

Only what the receipt holder may see (invariant 8): status, appointment, steps done, the
procedure and the applicant's masked name; never an ID number, phone or address.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from motcua.core.ratelimit import TOO_MANY_LOOKUPS, lookup_allowed
from motcua.dossiers.queries import not_found, public_lookup

from .problems import Problem

router = Router(tags=["public"])


class PublicStepOut(Schema):
    name: str
    done: bool


class PublicDossierOut(Schema):
    code: str
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


@router.get(
    "/dossiers/{code}",
    response=PublicDossierOut,
    auth=None,
    summary="Tra cứu hồ sơ theo mã (không cần đăng nhập)",
)
def lookup(request: HttpRequest, code: str) -> dict[str, Any]:
    if not lookup_allowed(request):
        raise Problem(429, TOO_MANY_LOOKUPS)
    found = public_lookup(code)
    if found is None:
        raise Problem(404, not_found(code))
    for key in ("received_at", "due_at", "finished_at", "returned_at"):
        found[key] = _local(found[key])
    return found
