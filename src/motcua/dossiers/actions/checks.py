"""The checks the counter's intake and the online filing share, so a dossier filed online is
held to the same rules as one taken at the counter: who receives where (the counter's PSC),
the competent commune, the live procedure version, the applicant, the documents against
the version's list, the fee owed and the due time (through workcal, invariant 3).

Each `check_*` adds its Vietnamese problems to an `errors` dict (field → messages) and
returns the clean value or None; `errors_summary` gives the one-line message of a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.models import Position
from motcua.catalog.choices import TimeLimitKind
from motcua.catalog.fees import FeeAssessment, assess_fee, format_vnd
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.queries import live_version
from motcua.core.idnumber import InvalidIdNumber, parse_id_number
from motcua.core.text import fold
from motcua.units.choices import AgencyKind, Level
from motcua.units.models import Agency, Unit
from motcua.workcal.deadlines import TZ, Calendar
from motcua.workcal.queries import calendar_for

from ..choices import CATALOG_CHANNEL
from .errors import DossierPermissionError

PHONE_RE = re.compile(r"^0\d{9}$")
MAX_COUNT = 99


@dataclass(frozen=True)
class Applicant:
    """The person who submits (người nộp hồ sơ), as the counter enters them."""

    full_name: str
    id_number: str
    date_of_birth: date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""

    def columns(self) -> dict[str, Any]:
        """The dossier's applicant columns, trimmed, with the folded name for search."""
        return {
            "applicant_name": self.full_name.strip(),
            "applicant_name_folded": fold(self.full_name)[:120],
            "applicant_id_number": self.id_number.strip(),
            "applicant_date_of_birth": self.date_of_birth,
            "applicant_address": self.address.strip(),
            "applicant_phone": self.phone.strip(),
            "applicant_email": self.email.strip(),
        }


def receiving_agency_of(actor: AbstractBaseUser) -> Agency:
    """The PSC where the actor works the counter; `DossierPermissionError` if none.

    An official with counter positions in several communes (kiêm nhiệm) receives at the
    first by commune code, the order positions are listed in everywhere: the PSC the position
    names if it is an active PSC, else the active PSC of the position's commune.
    """
    if not (actor.is_authenticated and actor.is_active):
        raise DossierPermissionError(COUNTER_ONLY)
    positions = list(
        Position.objects.filter(official__user_id=actor.pk, is_active=True, role=Role.COUNTER)
        .select_related("agency")
        .order_by("unit_id", "pk")
    )
    # Agency kinds are unique per unit: at most one active PSC a commune.
    pscs = {
        psc.unit_id: psc
        for psc in Agency.objects.filter(
            unit_id__in={position.unit_id for position in positions},
            kind=AgencyKind.PSC,
            is_active=True,
        ).order_by("-pk")
    }
    for position in positions:
        named = position.agency
        if named is not None and named.is_active and named.kind == AgencyKind.PSC:
            return named
        if position.unit_id in pscs:
            return pscs[position.unit_id]
    if positions:
        raise DossierPermissionError(
            "Cán bộ chưa được bố trí tại Trung tâm Phục vụ hành chính công nào để tiếp nhận hồ sơ."
        )
    raise DossierPermissionError(COUNTER_ONLY)


COUNTER_ONLY = "Chỉ cán bộ bộ phận một cửa (vai trò tiếp nhận) mới được tiếp nhận hồ sơ."


def competent_unit(code: str, errors: dict[str, list[str]]) -> Unit | None:
    """The active commune of the province with `code` (zero-padded), else None with the
    error that says why (a commune merged away is named, so the officer knows what to fix)."""
    code = (code or "").strip()
    unit = Unit.objects.filter(
        code=code.zfill(5) if code.isdigit() else code,
        level=Level.COMMUNE,
        parent_id=settings.MOTCUA_PROVINCE,
        is_active=True,
    ).first()
    if unit is None:
        gone = Unit.objects.filter(code=code, is_active=False).first()
        errors["unit"] = [
            f"{gone.name} không còn hoạt động (đã sắp xếp, sáp nhập); chọn xã, phường giải "
            "quyết hiện nay."
            if gone is not None
            else f"Mã '{code}' không phải một xã, phường đang hoạt động của "
            "tỉnh; chỉ tiếp nhận hồ sơ thuộc thẩm quyền các xã, phường trong tỉnh."
        ]
    return unit


def current_version(code: str, errors: dict[str, list[str]]) -> ProcedureVersion | None:
    """The live version of the procedure `code`, else None with the error that says so."""
    version = live_version((code or "").strip())
    if version is None:
        errors["procedure"] = [f"Không có thủ tục hành chính đang áp dụng mã '{code}'."]
    return version


def check_applicant(applicant: Applicant, errors: dict[str, list[str]]) -> None:
    if not applicant.full_name.strip():
        errors["applicant.full_name"] = ["Thiếu họ và tên người nộp hồ sơ."]
    elif len(applicant.full_name.strip()) > 120:
        errors["applicant.full_name"] = ["Họ và tên tối đa 120 ký tự."]
    try:
        parse_id_number(applicant.id_number, date_of_birth=applicant.date_of_birth)
    except InvalidIdNumber as error:
        errors["applicant.id_number"] = [str(error)]
    if applicant.date_of_birth is not None and applicant.date_of_birth > timezone.localdate():
        errors["applicant.date_of_birth"] = ["Ngày sinh không được sau ngày hôm nay."]
    if len(applicant.address.strip()) > 300:
        errors["applicant.address"] = ["Địa chỉ tối đa 300 ký tự."]
    phone = applicant.phone.strip()
    if phone and not PHONE_RE.match(phone):
        errors["applicant.phone"] = ["Số điện thoại gồm 10 chữ số, bắt đầu bằng 0."]
    email = applicant.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["applicant.email"] = ["Địa chỉ thư điện tử không hợp lệ."]


def _count(item: Mapping[str, Any], name: str) -> int | None:
    value = item.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        return None
    return value


def check_documents(
    version: ProcedureVersion,
    documents: Sequence[Mapping[str, Any]],
    errors: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """The received documents, checked against the version's list (thành phần hồ sơ)."""
    known = {doc["id"]: doc for doc in version.required_documents}
    problems: list[str] = []
    seen: set[str] = set()
    clean: list[dict[str, Any]] = []
    for index, item in enumerate(documents, start=1):
        document = str(item.get("document", ""))
        if document not in known:
            problems.append(f"Giấy tờ thứ {index}: '{document}' không thuộc thành phần hồ sơ.")
            continue
        if document in seen:
            problems.append(f"Giấy tờ '{known[document]['name']}' được khai hai lần.")
            continue
        seen.add(document)
        originals, copies = _count(item, "originals"), _count(item, "copies")
        if originals is None or copies is None:
            problems.append(
                f"'{known[document]['name']}': số bản chính, bản sao phải từ 0 đến {MAX_COUNT}."
            )
            continue
        if originals + copies == 0:
            problems.append(f"'{known[document]['name']}': cần ít nhất một bản.")
            continue
        clean.append({"document": document, "originals": originals, "copies": copies})
    missing = [
        doc["name"]
        for doc in version.required_documents
        if doc["mandatory"] and doc["id"] not in seen
    ]
    if missing:
        problems.append("Thiếu giấy tờ bắt buộc: " + "; ".join(missing) + ".")
    if problems:
        errors["documents"] = problems
    return clean


def errors_summary(errors: Mapping[str, list[str]]) -> str:
    if not errors:
        return "Hồ sơ không hợp lệ."
    first = next(iter(errors.values()))[0]
    more = sum(len(items) for items in errors.values()) - 1
    return "Hồ sơ chưa hợp lệ: " + first + (f" (và {more} lỗi khác)." if more else "")


def dossier_fee(
    version: ProcedureVersion, channel: int, data: Mapping[str, Any], received: datetime
) -> FeeAssessment:
    """What the dossier owes under the version's schedule and its own e-form data (pages
    and copies per document, the on-time period of a registration), shown before
    submitting and printed on the receipt."""
    return assess_fee(
        version.fee_schedule,
        data,
        channel=CATALOG_CHANNEL[channel],
        received_on=received.astimezone(TZ).date(),
    )


def fee_owed(
    version: ProcedureVersion,
    channel: int,
    entered: int | None,
    *,
    data: Mapping[str, Any],
    received: datetime,
    reason: str = "",
    errors: dict[str, list[str]] | None = None,
) -> tuple[int, str, dict[str, Any] | None]:
    """The fee owed, the note printed with it, and the override the event records.

    The amount comes from the data (`dossier_fee`). An amount the counter enters where the
    catalog holds none (a provincial rate) needs no reason; one that differs from the
    computed amount is an override and needs `reason` (else an error under "fee_reason").
    """
    assessment = dossier_fee(version, channel, data, received)
    if entered is None:
        return assessment.amount or 0, assessment.text, None
    if assessment.amount is None or entered == assessment.amount:
        return entered, assessment.text if assessment.amount is not None else "", None
    if not reason.strip():
        if errors is not None:
            errors.setdefault("fee_reason", []).append(
                f"Mức thu nhập ({format_vnd(entered)}) khác mức tính theo biểu phí "
                f"({format_vnd(assessment.amount)}): cần ghi lý do."
            )
        return entered, "", None
    override = {"computed": assessment.amount, "entered": entered, "reason": reason.strip()[:300]}
    return entered, "", override


def due_time(
    version: ProcedureVersion, received_at: datetime, calendar: Calendar | None = None
) -> datetime | None:
    """The appointment for the result, through workcal (invariant 3); None if no limit.

    Same-day procedures follow the cut-off rule (before 15:00 → 17:00 that day, else 17:00
    the next working day); working-day ones add limit × 8 working hours. A caller that
    already holds the province's calendar passes it.
    """
    calendar = calendar or calendar_for(settings.MOTCUA_PROVINCE)
    if version.time_limit_kind == TimeLimitKind.SAME_DAY:
        cutoff: time | None = version.same_day_cutoff
        if cutoff is None:
            return calendar.same_day_due(received_at)
        return calendar.same_day_due(received_at, cutoff)
    hours = version.limit_hours
    if hours is None:
        return None
    return calendar.add_working_hours(received_at, hours)
