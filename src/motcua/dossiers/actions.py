"""Writes of dossiers: every change is one function here, in one transaction that also appends
a hash-chained `DossierEvent` (invariant 1). Pages, API, commands and tests all call these.

Errors are a `DossierError` carrying an HTTP-like status (403 not allowed, 409 conflict with a
rule or the current state, 422 invalid input) and a Vietnamese message, with per-field
messages for 422, so every caller answers the same way.
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
from django.db import transaction
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.models import Official, Position
from motcua.catalog.choices import TimeLimitKind
from motcua.catalog.eforms import version_data_problems
from motcua.catalog.fees import FeeAssessment, assess_fee, format_vnd
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.queries import live_version, live_version_lookup, procedure_version
from motcua.core.idnumber import InvalidIdNumber, parse_id_number
from motcua.core.sql import (
    OneRow,
    insert_family,
    model_columns,
    model_lookup,
    one_row,
    one_row_each,
)
from motcua.core.text import fold
from motcua.dossiers.notices import notify_dossier_event
from motcua.units.choices import AgencyKind, Level
from motcua.units.models import Agency, Unit
from motcua.workcal.deadlines import TZ, Calendar
from motcua.workcal.queries import calendar_for, calendar_version_lookup

from .choices import CATALOG_CHANNEL, STATUS_OF_STATE, Channel, State
from .events import chained_event
from .models import Dossier, name_word_values
from .numbering import SequenceExhaustedError, dossier_code, next_number
from .snapshots import snapshot_row
from .steps import start_step

PHONE_RE = re.compile(r"^0\d{9}$")
MAX_COUNT = 99


class DossierError(Exception):
    """A refused dossier write: `status` (403/409/422), Vietnamese `message`, field `errors`.

    `outcome` is a machine-readable reason (e.g. "code_outside_block") for clients that must
    keep and show a refused write, like the offline counter's outbox; empty when none.
    """

    status = 400

    def __init__(
        self,
        message: str,
        errors: Mapping[str, list[str]] | None = None,
        *,
        outcome: str = "",
    ):
        super().__init__(message)
        self.message = message
        self.errors: dict[str, list[str]] = dict(errors or {})
        self.outcome = outcome


class DossierPermissionError(DossierError):
    """The actor may not do this (403)."""

    status = 403


class DossierConflictError(DossierError):
    """A rule or the current state forbids it (409)."""

    status = 409


class DossierInvalidError(DossierError):
    """The input is invalid (422); `errors` maps each field to its problems."""

    status = 422


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


@dataclass(frozen=True)
class ReceiveOutcome:
    """The dossier an intake gave, and whether this call created it (False on a replay)."""

    dossier: Dossier
    created: bool
    attention: tuple[str, ...] = ()


def receive_dossier(
    *,
    actor: AbstractBaseUser,
    procedure: str,
    unit: str,
    channel: int,
    applicant: Applicant,
    data: Mapping[str, Any],
    documents: Sequence[Mapping[str, Any]],
    idempotency_key: str | None = None,
    received_at: datetime | None = None,
    assisted_by_volunteer: bool = False,
    fee: int | None = None,
    fee_reason: str = "",
) -> Dossier:
    """Receive a dossier at the counter (tiếp nhận hồ sơ); see `receive_dossier_outcome`."""
    return receive_dossier_outcome(
        actor=actor,
        procedure=procedure,
        unit=unit,
        channel=channel,
        applicant=applicant,
        data=data,
        documents=documents,
        idempotency_key=idempotency_key,
        received_at=received_at,
        assisted_by_volunteer=assisted_by_volunteer,
        fee=fee,
        fee_reason=fee_reason,
    ).dossier


@transaction.atomic
def receive_dossier_outcome(
    *,
    actor: AbstractBaseUser,
    procedure: str,
    unit: str,
    channel: int,
    applicant: Applicant,
    data: Mapping[str, Any],
    documents: Sequence[Mapping[str, Any]],
    idempotency_key: str | None = None,
    received_at: datetime | None = None,
    assisted_by_volunteer: bool = False,
    fee: int | None = None,
    fee_reason: str = "",
    code: str | None = None,
    device_id: str | None = None,
    procedure_version_number: int | None = None,
) -> ReceiveOutcome:
    """Receive a dossier at the counter: check, number, snapshot, schedule, log.

    The actor must hold the counter role; the receiving agency is the PSC of the commune of
    their counter position, and its e-code starts the code. Any PSC receives for any commune
    of the province (phi địa giới): `unit` is the competent commune. One transaction takes
    the day's number, creates the dossier with the snapshot of its procedure version
    (invariant 2) and a due time from workcal (invariant 3), and appends the "receive" event
    (invariant 1). The same `idempotency_key` from the same official returns the first
    dossier and creates nothing (invariant 4). Raises `DossierError`.

    A dossier received offline (`dossiers.offline`) comes with the `code` its receipt
    printed, from a block leased to `device_id`, the device's `received_at` and the
    procedure version the device had cached (`procedure_version_number`). Its code and due
    time (from the device time, through workcal) are kept so the printed receipt stays true;
    the device time is trusted only within limits; the number is marked used in its block;
    the event records device and server times. A newer procedure version does not refuse
    it: the dossier follows the version the citizen was received under, with a note in
    `attention`. Every refusal carries an `outcome` the device keeps as "needs attention".
    """
    from . import offline  # offline imports this module; the cycle is broken here

    # The four lookups every intake makes, in one round trip (docs/performance.md).
    found_agency, found_unit, found_version, calendar_version = one_row_each(
        receiving_agency_lookup(actor),
        competent_unit_lookup(unit),
        live_version_lookup((procedure or "").strip()),
        calendar_version_lookup(settings.MOTCUA_PROVINCE),
    )
    agency = _counter_agency(actor, found_agency)
    key = (idempotency_key or "").strip() or None
    offline_code = (code or "").strip() or None
    if key is not None and len(key) > 100:
        raise DossierInvalidError(
            "Khóa chống gửi trùng quá dài.", {"idempotency_key": ["Tối đa 100 ký tự."]}
        )
    request: dict[str, Any] = {
        "procedure": procedure,
        "unit": unit,
        "applicant": applicant,
        "data": data,
    }
    if key is not None:
        earlier = _earlier(actor, key)
        if earlier is not None:
            _same_request(earlier, **request)
            notes = offline.attention_of(earlier.pk) if offline_code else []
            return ReceiveOutcome(earlier, created=False, attention=tuple(notes))
    if agency.ecode is None:
        raise DossierConflictError(
            f"{agency.name} chưa có mã định danh điện tử; chưa thể cấp mã hồ sơ."
        )
    errors: dict[str, list[str]] = {}
    target = _check_unit(unit, found_unit, errors)
    version = _check_version(procedure, found_version, errors)
    attention: list[str] = []
    if offline_code is not None and version is not None:
        version = _cached_version(version, procedure_version_number, attention)
    channel_value = _channel(channel, errors)
    _check_applicant(applicant, errors)
    server_now = timezone.now()
    if offline_code is not None:
        if not (device_id or "").strip():
            errors["device_id"] = ["Hồ sơ tiếp nhận ngoại tuyến phải kèm mã thiết bị."]
        received: datetime | None = offline.check_device_time(received_at, now=server_now)
    else:
        received = _received_at(received_at, errors)
    clean_documents: list[dict[str, Any]] = []
    if version is not None:
        problems = version_data_problems(version, dict(data))
        if problems:
            errors["data"] = problems
        clean_documents = _check_documents(version, documents, errors)
    if fee is not None and (isinstance(fee, bool) or not isinstance(fee, int) or fee < 0):
        errors.setdefault("fee", []).append("Phí, lệ phí phải là số đồng không âm.")
    owed: tuple[int, str, dict[str, Any] | None] | None = None
    if version is not None and channel_value is not None and received is not None:
        owed = _fee(
            version,
            channel_value,
            fee if "fee" not in errors else None,
            data=data,
            received=received,
            reason=fee_reason,
            errors=errors,
        )
    if (
        errors
        or target is None
        or version is None
        or channel_value is None
        or received is None
        or owed is None
    ):
        raise DossierInvalidError(_summary(errors), errors)

    amount, fee_note, fee_override = owed
    calendar = calendar_for(settings.MOTCUA_PROVINCE, version=calendar_version)
    due_at = due_time(version, received, calendar)
    day = received.astimezone(TZ).date()
    claim: offline.Claim | None = None
    if offline_code is not None:
        # The block's row lock serialises two deliveries of the same code.
        try:
            claim = offline.claim_code(
                agency_id=agency.pk,
                ecode=agency.ecode,
                device_id=device_id or "",
                code=offline_code,
                received_at=received,
            )
        except DossierConflictError as error:
            # A concurrent delivery of this same dossier won the lock: answer its result.
            earlier = _earlier(actor, key) if key is not None else None
            if error.outcome == "code_used" and earlier is not None:
                notes = offline.attention_of(earlier.pk)
                return ReceiveOutcome(earlier, created=False, attention=tuple(notes))
            raise
        number = claim.number
    else:
        try:
            number = next_number(agency, day)
        except SequenceExhaustedError as error:
            raise DossierConflictError(str(error)) from error
    if key is not None:
        # Re-checked under the lock: a concurrent retry that won is now visible.
        earlier = _earlier(actor, key)
        if earlier is not None:
            transaction.set_rollback(True)
            _same_request(earlier, **request)
            notes = offline.attention_of(earlier.pk) if claim is not None else []
            return ReceiveOutcome(earlier, created=False, attention=tuple(notes))
    snapshot, snapshot_insert = snapshot_row(version)
    dossier = Dossier(
        code=dossier_code(agency.ecode, day, number),
        receiving_agency=agency,
        unit=target,
        procedure_version=version,
        procedure_snapshot_id=snapshot,
        channel=channel_value,
        assisted_by_volunteer=bool(assisted_by_volunteer),
        **applicant.columns(),
        data=dict(data),
        documents=clean_documents,
        fee=amount,
        fee_note=fee_note,
        state=State.RECEIVED,
        status=STATUS_OF_STATE[State.RECEIVED],
        received_at=received,
        due_at=due_at,
        received_by_id=actor.pk,
        idempotency_key=key,
    )
    start_step(dossier, "receive", received, calendar)
    # The event first (in memory), so the INSERT of the dossier carries the chain head.
    event = chained_event(
        dossier,
        action="receive",
        actor=actor,
        at=received,
        payload={
            "code": dossier.code,
            "receiving_agency": agency.ecode,
            "unit": target.code,
            "procedure": version.procedure.code,
            "procedure_version": version.number,
            "content_hash": version.content_hash,
            "snapshot": dossier.procedure_snapshot_id,
            "channel": channel_value,
            "documents": clean_documents,
            "fee": amount,
            **({"fee_override": fee_override} if fee_override else {}),
            "due_at": due_at.isoformat() if due_at else None,
            "step": dossier.current_step,
            "step_due_at": dossier.step_due_at.isoformat() if dossier.step_due_at else None,
            "status": dossier.status,
            "state": dossier.state,
            **(
                {
                    "offline": {
                        "device_id": claim.block.device_id,
                        "device_received_at": received.isoformat(),
                        "server_received_at": server_now.isoformat(),
                        "block": [claim.block.first, claim.block.last],
                        "procedure_version_cached": procedure_version_number,
                        "attention": attention,
                    }
                }
                if claim is not None
                else {}
            ),
        },
    )
    # One statement on PostgreSQL: the snapshot if new, the dossier, its first event and
    # its search words.
    keys = name_word_values(dossier, agency.unit_id)
    insert_family(dossier, ("dossier", [event]), ("dossier", keys), ahead=snapshot_insert)
    if claim is not None:
        offline.mark_used(claim)
    # The applicant's phone or e-mail hears of it in this transaction (outbox, issue 22).
    notify_dossier_event(dossier, "receive")
    return ReceiveOutcome(dossier, created=True, attention=tuple(attention))


def _cached_version(
    current: ProcedureVersion, number: int | None, attention: list[str]
) -> ProcedureVersion:
    """The version an offline device received under: its cached one if it changed since.

    The citizen holds a receipt printed under that version, so the dossier follows it
    (invariant 2) and the officer gets a note; a version that no longer exists is a
    conflict the device keeps as "needs attention".
    """
    if number is None or number == current.number:
        return current
    cached = procedure_version(current.procedure.code, number=number)
    if cached is None:
        raise DossierConflictError(
            f"Thủ tục {current.procedure.code} không có phiên bản số {number} mà thiết bị đã "
            f"dùng; phiên bản hiện hành là số {current.number}. Cần tiếp nhận lại theo phiên "
            "bản hiện hành.",
            outcome="procedure_version_unknown",
        )
    attention.append(
        f"Thủ tục {current.procedure.code} đã có phiên bản mới (số {current.number}) sau khi "
        f"thiết bị lưu danh mục; hồ sơ được tiếp nhận theo phiên bản số {number} như phiếu "
        "hẹn đã in. Cần kiểm tra lại thành phần hồ sơ theo phiên bản mới."
    )
    return cached


def _earlier(actor: AbstractBaseUser, key: str) -> Dossier | None:
    return Dossier.objects.filter(received_by_id=actor.pk, idempotency_key=key).first()


def _same_request(
    earlier: Dossier,
    *,
    procedure: str,
    unit: str,
    applicant: Applicant,
    data: Mapping[str, Any],
) -> Dossier:
    """The earlier dossier of a replayed key, if the replay asks for the same thing.

    An idempotency key belongs to one filled-in form (invariant 4): a retry sends the same
    content and gets the first dossier. Different content under a used key (the officer
    went Back, corrected a field and submitted again) is not a retry: answering with the
    earlier dossier would drop the correction in silence, so it is refused with a message
    that names the earlier dossier, and nothing is saved.
    """
    columns = applicant.columns()
    same = (
        earlier.unit_id == (unit or "").strip()
        and earlier.applicant_id_number == columns["applicant_id_number"]
        and earlier.applicant_name == columns["applicant_name"]
        and earlier.data == dict(data)
        and earlier.procedure_version.procedure.code == (procedure or "").strip()
    )
    if not same:
        raise DossierConflictError(
            f"Biểu mẫu này đã được dùng để tiếp nhận hồ sơ {earlier.code}, và nội dung vừa "
            "gửi khác hồ sơ đó nên chưa được lưu. Nếu đây là một hồ sơ mới, kiểm tra lại "
            "rồi bấm “Tiếp nhận hồ sơ” một lần nữa; nếu cần sửa hồ sơ đã tiếp nhận, mở hồ "
            f"sơ {earlier.code}.",
            {"idempotency_key": [f"Đã dùng cho hồ sơ {earlier.code}."]},
            outcome="key_reused",
        )
    return earlier


def receiving_agency_of(actor: AbstractBaseUser) -> Agency:
    """The PSC where the actor works the counter; `DossierPermissionError` if none.

    An official with counter positions in several communes (kiêm nhiệm) receives at the
    first by commune code, the order positions are listed in everywhere: the PSC the position
    names if it is an active PSC, else the active PSC of the position's commune. One
    statement (`receiving_agency_lookup`), written as SQL because every intake runs it.
    """
    return _counter_agency(actor, one_row(receiving_agency_lookup(actor)))


def receiving_agency_lookup(actor: AbstractBaseUser) -> OneRow[Agency | None]:
    """The actor's receiving PSC (see `receiving_agency_of`) as a lookup to run with others
    in one statement (`core.sql`); None when there is none."""
    return model_lookup(
        Agency,
        _RECEIVING_AGENCY_SQL,
        [AgencyKind.PSC.value, AgencyKind.PSC.value, actor.pk, Role.COUNTER.value],
    )


def _counter_agency(actor: AbstractBaseUser, agency: Agency | None) -> Agency:
    """The agency `receiving_agency_lookup` found, or the refusal that says why not."""
    if agency is not None and actor.is_authenticated and actor.is_active:
        return agency
    if actor.is_authenticated and actor.is_active and _holds_counter(actor):
        raise DossierPermissionError(
            "Cán bộ chưa được bố trí tại Trung tâm Phục vụ hành chính công nào để tiếp nhận hồ sơ."
        )
    raise DossierPermissionError(
        "Chỉ cán bộ bộ phận một cửa (vai trò tiếp nhận) mới được tiếp nhận hồ sơ."
    )


def _holds_counter(actor: AbstractBaseUser) -> bool:
    return Position.objects.filter(
        official__user_id=actor.pk, is_active=True, role=Role.COUNTER
    ).exists()


def _receiving_agency_sql() -> str:
    # For each active counter position in (commune, id) order, the candidates are the agency
    # it names when that is an active PSC, otherwise the active PSC of its commune (at most
    # one: agency kinds are unique per unit); the first candidate wins.
    agency = Agency._meta.db_table
    position = Position._meta.db_table
    official = Official._meta.db_table
    return (
        f"SELECT {model_columns(Agency, 'a')} FROM {agency} a INNER JOIN {position} p"  # noqa: S608
        " ON a.is_active AND a.kind = %s AND ("
        "  a.id = p.agency_id"
        f"  OR (a.unit_id = p.unit_id AND NOT EXISTS (SELECT 1 FROM {agency} n"
        "   WHERE n.id = p.agency_id AND n.is_active AND n.kind = %s)))"
        f" INNER JOIN {official} o ON o.id = p.official_id"
        " WHERE o.user_id = %s AND p.is_active AND p.role = %s"
        " ORDER BY p.unit_id, p.id, a.id LIMIT 1"
    )


_RECEIVING_AGENCY_SQL = _receiving_agency_sql()


def _competent_unit(code: str, errors: dict[str, list[str]]) -> Unit | None:
    return _check_unit(code, one_row(competent_unit_lookup(code)), errors)


def competent_unit_lookup(code: str) -> OneRow[Unit | None]:
    """The active commune of the province with `code` (zero-padded), as a lookup to run with
    others in one statement (`core.sql`); None when there is none."""
    code = (code or "").strip()
    return model_lookup(
        Unit,
        _COMPETENT_UNIT_SQL,
        [code.zfill(5) if code.isdigit() else code, Level.COMMUNE.value, settings.MOTCUA_PROVINCE],
    )


def _check_unit(code: str, unit: Unit | None, errors: dict[str, list[str]]) -> Unit | None:
    if unit is None:
        # Only on a refusal: a commune merged away is named, so the officer knows what to fix.
        gone = Unit.objects.filter(code=(code or "").strip(), is_active=False).first()
        errors["unit"] = [
            f"{gone.name} không còn hoạt động (đã sắp xếp, sáp nhập); chọn xã, phường giải "
            "quyết hiện nay."
            if gone is not None
            else f"Mã '{(code or '').strip()}' không phải một xã, phường đang hoạt động của "
            "tỉnh; chỉ tiếp nhận hồ sơ thuộc thẩm quyền các xã, phường trong tỉnh."
        ]
    return unit


# An active commune of the province, by code: every intake asks, so it is written as SQL.
_COMPETENT_UNIT_SQL = (
    f"SELECT {model_columns(Unit, 'u')} FROM {Unit._meta.db_table} u"  # noqa: S608
    " WHERE u.code = %s AND u.level = %s AND u.parent_id = %s AND u.is_active"
)


def _check_version(
    code: str, version: ProcedureVersion | None, errors: dict[str, list[str]]
) -> ProcedureVersion | None:
    if version is None:
        errors["procedure"] = [f"Không có thủ tục hành chính đang áp dụng mã '{code}'."]
    return version


def _procedure_version(code: str, errors: dict[str, list[str]]) -> ProcedureVersion | None:
    return _check_version(code, live_version((code or "").strip()), errors)


def _channel(value: int, errors: dict[str, list[str]]) -> int | None:
    if value not in Channel.values:
        errors["channel"] = ["Kênh nộp phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)."]
        return None
    return int(value)


def _check_applicant(applicant: Applicant, errors: dict[str, list[str]]) -> None:
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


def _received_at(value: datetime | None, errors: dict[str, list[str]]) -> datetime | None:
    if value is None:
        return timezone.now()
    if value.tzinfo is None or value.utcoffset() is None:
        errors["received_at"] = ["Thời điểm tiếp nhận phải có múi giờ."]
        return None
    if value > timezone.now():
        errors["received_at"] = ["Thời điểm tiếp nhận không được ở tương lai."]
        return None
    return value


def _count(item: Mapping[str, Any], name: str) -> int | None:
    value = item.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        return None
    return value


def _check_documents(
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


def _summary(errors: Mapping[str, list[str]]) -> str:
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


def _fee(
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
