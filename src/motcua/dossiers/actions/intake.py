"""The counter's intake (tiếp nhận hồ sơ): `receive_dossier` checks, numbers, snapshots,
schedules and logs a new dossier in one transaction with its first hash-chained event
(invariants 1-4), at the counter or delivered later by an offline counter device
(`offline`: its printed code, its device time).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from motcua.catalog.eforms import version_data_problems
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.queries import procedure_version
from motcua.core.money import MAX_FEE, format_vnd
from motcua.dossiers.notices import notify_dossier_event
from motcua.workcal.deadlines import TZ
from motcua.workcal.queries import calendar_for

from ..choices import STATUS_OF_STATE, Channel, State
from ..events import chained_event
from ..models import Dossier, NameWord, name_words
from ..numbering import SequenceExhaustedError, dossier_code, next_number
from ..snapshots import store_snapshot
from ..steps import start_step
from .checks import (
    Applicant,
    check_applicant,
    check_documents,
    competent_unit,
    current_version,
    due_time,
    errors_summary,
    fee_owed,
    receiving_agency_of,
)
from .errors import DossierConflictError, DossierInvalidError
from .sync import Claim, attention_of, check_device_time, claim_code, mark_used


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

    A dossier received offline (`offline`) comes with the `code` its receipt
    printed, from a block leased to `device_id`, the device's `received_at` and the
    procedure version the device had cached (`procedure_version_number`). Its code and due
    time (from the device time, through workcal) are kept so the printed receipt stays true;
    the device time is trusted only within limits; the number is marked used in its block;
    the event records device and server times. A newer procedure version does not refuse
    it: the dossier follows the version the citizen was received under, with a note in
    `attention`. Every refusal carries an `outcome` the device keeps as "needs attention".
    """
    agency = receiving_agency_of(actor)
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
            notes = attention_of(earlier.pk) if offline_code else []
            return ReceiveOutcome(earlier, created=False, attention=tuple(notes))
    if agency.ecode is None:
        raise DossierConflictError(
            f"{agency.name} chưa có mã định danh điện tử; chưa thể cấp mã hồ sơ."
        )
    errors: dict[str, list[str]] = {}
    target = competent_unit(unit, errors)
    version = current_version(procedure, errors)
    attention: list[str] = []
    if offline_code is not None and version is not None:
        version = _cached_version(version, procedure_version_number, attention)
    channel_value = _channel(channel, errors)
    check_applicant(applicant, errors)
    server_now = timezone.now()
    if offline_code is not None:
        if not (device_id or "").strip():
            errors["device_id"] = ["Hồ sơ tiếp nhận ngoại tuyến phải kèm mã thiết bị."]
        received: datetime | None = check_device_time(received_at, now=server_now)
    else:
        received = _received_at(received_at, errors)
    clean_documents: list[dict[str, Any]] = []
    if version is not None:
        problems = version_data_problems(version, dict(data))
        if problems:
            errors["data"] = problems
        clean_documents = check_documents(version, documents, errors)
    if fee is not None and (isinstance(fee, bool) or not isinstance(fee, int) or fee < 0):
        errors.setdefault("fee", []).append("Phí, lệ phí phải là số đồng không âm.")
    elif fee is not None and fee > MAX_FEE:
        errors.setdefault("fee", []).append(
            f"Phí, lệ phí không được lớn hơn {format_vnd(MAX_FEE)}."
        )
    owed: tuple[int, str, dict[str, Any] | None] | None = None
    if version is not None and channel_value is not None and received is not None:
        owed = fee_owed(
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
        raise DossierInvalidError(errors_summary(errors), errors)

    amount, fee_note, fee_override = owed
    calendar = calendar_for(settings.MOTCUA_PROVINCE)
    due_at = due_time(version, received, calendar)
    day = received.astimezone(TZ).date()
    claim: Claim | None = None
    if offline_code is not None:
        # The block's row lock serialises two deliveries of the same code.
        try:
            claim = claim_code(
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
                notes = attention_of(earlier.pk)
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
            notes = attention_of(earlier.pk) if claim is not None else []
            return ReceiveOutcome(earlier, created=False, attention=tuple(notes))
    snapshot = store_snapshot(version)
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
    # The event first (in memory), so the dossier's INSERT carries the chain head.
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
    dossier.save(force_insert=True)
    event.save(force_insert=True)
    NameWord.objects.bulk_create(name_words(dossier, agency.unit_id))
    if claim is not None:
        mark_used(claim)
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


def _channel(value: int, errors: dict[str, list[str]]) -> int | None:
    if value not in Channel.values:
        errors["channel"] = ["Kênh nộp phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)."]
        return None
    return int(value)


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
