"""An offline counter device's dossier at sync (đồng bộ hồ sơ tiếp nhận ngoại tuyến): the
intake (`intake.receive_dossier_outcome`) trusts the device's clock only within limits
(`check_device_time`), claims the printed code once from the device's own block
(`claim_code`, under the block's row lock), marks it used (`mark_used`) and gives back the
notes the officer must see (`attention_of`). Every refusal carries an `outcome`, so the
device keeps the dossier as "needs attention": a conflict never vanishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from motcua.workcal.deadlines import TZ

from ..models import CodeBlock, DossierEvent
from .errors import DossierConflictError, DossierInvalidError
from .offline import clock_skew, device_name, window_hours


def check_device_time(received_at: datetime | None, *, now: datetime) -> datetime:
    """The device's `received_at` if the server may trust it, else `DossierInvalidError`.

    Not ahead of the server by more than the clock-skew allowance, not older than the
    offline window: a wrong device clock must not give a receipt a false time.
    """
    if received_at is None:
        raise DossierInvalidError(
            "Hồ sơ tiếp nhận ngoại tuyến phải kèm thời điểm tiếp nhận trên thiết bị.",
            {"received_at": ["Thiếu thời điểm tiếp nhận."]},
            outcome="received_at_missing",
        )
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise DossierInvalidError(
            "Thời điểm tiếp nhận phải có múi giờ.",
            {"received_at": ["Thời điểm tiếp nhận phải có múi giờ."]},
            outcome="received_at_invalid",
        )
    if received_at > now + clock_skew():
        raise DossierInvalidError(
            f"Thời điểm tiếp nhận trên thiết bị ({_show(received_at)}) ở tương lai so với máy "
            f"chủ ({_show(now)}): đồng hồ thiết bị sai, cần kiểm tra lại.",
            {"received_at": ["Thời điểm tiếp nhận ở tương lai."]},
            outcome="received_at_future",
        )
    hours = window_hours()
    if received_at < now - timedelta(hours=hours):
        raise DossierInvalidError(
            f"Hồ sơ tiếp nhận ngoại tuyến lúc {_show(received_at)} đã quá {hours:g} giờ mới "
            "đồng bộ; cần lãnh đạo xem xét và tiếp nhận lại.",
            {"received_at": [f"Quá thời hạn đồng bộ {hours:g} giờ."]},
            outcome="received_at_too_old",
        )
    return received_at


def _show(instant: datetime) -> str:
    return f"{instant.astimezone(TZ):%H:%M %d/%m/%Y}"


@dataclass(frozen=True)
class Claim:
    """A leased number a synced dossier takes: its block (locked) and the number."""

    block: CodeBlock
    number: int


def claim_code(
    *, agency_id: int, ecode: str, device_id: str, code: str, received_at: datetime
) -> Claim:
    """Lock the device's block holding `code` and check the dossier may take it.

    The code must be this agency's, dated the local day of `received_at`, inside an
    unreleased part of a block this device leased, unused, and `received_at` not before the
    lease (less the clock-skew allowance). Must run in the intake transaction; the caller
    creates the dossier and then calls `mark_used`. Raises `DossierError` with an outcome.
    """
    device = device_name(device_id)
    code = (code or "").strip()
    prefix, _, tail = code.rpartition("-")
    agency_part, _, yymmdd = prefix.rpartition("-")
    if agency_part != ecode or not (tail.isdigit() and len(tail) == 4 and len(yymmdd) == 6):
        raise DossierConflictError(
            f"Mã hồ sơ {code} không phải mã của {ecode} theo dạng <mã cơ quan>-YYMMDD-NNNN.",
            outcome="code_foreign",
        )
    number = int(tail)
    day = received_at.astimezone(TZ).date()
    if yymmdd != f"{day:%y%m%d}":
        raise DossierConflictError(
            f"Mã hồ sơ {code} mang ngày khác ngày tiếp nhận trên thiết bị ({day:%d/%m/%Y}).",
            outcome="code_day_mismatch",
        )
    block = (
        CodeBlock.objects.select_for_update()
        .filter(agency_id=agency_id, device_id=device, day=day, first__lte=number, last__gte=number)
        .first()
    )
    if block is None:
        raise DossierConflictError(
            f"Mã hồ sơ {code} không thuộc khối số nào thiết bị này đã giữ trước; phiếu hẹn đã "
            "in mang mã không hợp lệ, cần cấp lại mã và báo lại cho người nộp.",
            outcome="code_outside_block",
        )
    if number > block.usable_last:
        raise DossierConflictError(
            f"Mã hồ sơ {code} thuộc phần số thiết bị đã trả lại; cần cấp lại mã và báo lại cho "
            "người nộp.",
            outcome="code_released",
        )
    if number in block.used:
        raise DossierConflictError(
            f"Mã hồ sơ {code} đã dùng cho một hồ sơ khác; cần cấp lại mã và báo lại cho người nộp.",
            outcome="code_used",
        )
    if received_at < block.leased_at - clock_skew():
        raise DossierInvalidError(
            f"Thời điểm tiếp nhận trên thiết bị ({_show(received_at)}) trước lúc giữ khối số "
            f"({_show(block.leased_at)}): đồng hồ thiết bị sai, cần kiểm tra lại.",
            {"received_at": ["Thời điểm tiếp nhận trước lúc giữ số."]},
            outcome="received_at_before_lease",
        )
    return Claim(block=block, number=number)


def mark_used(claim: Claim) -> None:
    """Record the claimed number as used in its block (in the intake transaction)."""
    claim.block.used = sorted([*claim.block.used, claim.number])
    claim.block.save(update_fields=["used"])


def attention_of(dossier_id: int) -> list[str]:
    """The notes an offline receipt was synced with (e.g. a newer procedure version)."""
    event = DossierEvent.objects.filter(dossier_id=dossier_id, seq=1).only("payload").first()
    if event is None:
        return []
    offline = event.payload.get("offline") or {}
    return [str(note) for note in offline.get("attention", [])]
