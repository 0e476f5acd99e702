"""Endpoints of the offline counter (docs/guides/offline.md).

- `POST /api/v1/code-blocks` leases numbers of the caller's PSC daily sequence to a device;
- `POST /api/v1/code-blocks/release` gives an unused tail back;
- `GET /api/v1/code-blocks?date=` lists the day's leased-but-unused ranges (tracking book);
- `GET /api/v1/calendar/offline-pack?days=30` the working periods of the coming days, so the
  device computes due times offline exactly like workcal.

Thin: parse, call `dossiers.actions.offline`, render; refusals are problem+json with an `outcome`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from motcua.dossiers.actions import DossierError, offline, receiving_agency_of
from motcua.workcal.deadlines import HOURS_PER_WORKING_DAY, SAME_DAY_CUTOFF
from motcua.workcal.queries import calendar_for

from .auth import auth
from .dossiers import dossier_problem
from .numbers import INT_MAX
from .problems import Problem

router = Router(tags=["offline"])

MAX_PACK_DAYS = 120


class LeaseIn(Schema):
    device_id: str = Field(..., max_length=64)
    date: date
    # Absent: what the device's recent use needs, less what it holds (`offline.lease_need`).
    size: int | None = Field(None, ge=1, le=offline.MAX_BLOCK_SIZE)


class LeaseOut(Schema):
    device_id: str
    date: date
    prefix: str
    first: int
    last: int
    leased_at: datetime
    need: int


class NeedOut(Schema):
    date: date
    need: int
    held: int


class ReleaseIn(Schema):
    device_id: str = Field(..., max_length=64)
    date: date
    first: int = Field(..., ge=1, le=INT_MAX)
    last: int = Field(..., ge=1, le=INT_MAX)


class ReleaseOut(Schema):
    date: date
    first: int
    last: int
    returned_to_sequence: bool
    block_first: int | None
    block_last: int | None
    released_from: int | None


class UnusedRangeOut(Schema):
    device_id: str
    day: date
    first: int
    last: int
    first_code: str
    last_code: str
    state: str
    leased_by: str
    leased_at: datetime


class UnusedRangesOut(Schema):
    date: date
    agency: str
    count: int
    items: list[UnusedRangeOut]


@router.post(
    "/code-blocks",
    response={201: LeaseOut},
    auth=auth,
    summary="Giữ trước một khối số hồ sơ cho thiết bị tiếp nhận ngoại tuyến",
)
def lease(request: HttpRequest, payload: LeaseIn) -> Status[dict[str, Any]]:
    try:
        block, prefix = offline.lease_block(
            actor=request.user,  # type: ignore[arg-type]
            device_id=payload.device_id,
            day=payload.date,
            size=payload.size,
        )
    except DossierError as error:
        raise dossier_problem(error) from error
    return Status(
        201,
        {
            "device_id": block.device_id,
            "date": block.day,
            "prefix": prefix,
            "first": block.first,
            "last": block.last,
            "leased_at": timezone.localtime(block.leased_at),
            "need": offline.lease_need(request.user),  # type: ignore[arg-type]
        },
    )


class NeedQuery(Schema):
    device_id: str = Field(..., max_length=64)
    date: date


@router.get(
    "/code-blocks/need",
    response=NeedOut,
    auth=auth,
    summary="Số hồ sơ một thiết bị cần giữ cho một ngày theo mức tiếp nhận gần đây",
)
def need(request: HttpRequest, query: Query[NeedQuery]) -> dict[str, Any]:
    try:
        agency = receiving_agency_of(request.user)  # type: ignore[arg-type]
    except DossierError as error:
        raise dossier_problem(error) from error
    return {
        "date": query.date,
        "need": offline.lease_need(request.user),  # type: ignore[arg-type]
        "held": offline.held_numbers(agency.pk, query.device_id.strip(), query.date),
    }


@router.post(
    "/code-blocks/release",
    response=ReleaseOut,
    auth=auth,
    summary="Trả lại phần số chưa dùng ở cuối một khối số",
)
def release(request: HttpRequest, payload: ReleaseIn) -> dict[str, Any]:
    try:
        done = offline.release_block(
            actor=request.user,  # type: ignore[arg-type]
            device_id=payload.device_id,
            day=payload.date,
            first=payload.first,
            last=payload.last,
        )
    except DossierError as error:
        raise dossier_problem(error) from error
    return {
        "date": payload.date,
        "first": done.first,
        "last": done.last,
        "returned_to_sequence": done.returned_to_sequence,
        "block_first": done.block.first if done.block else None,
        "block_last": done.block.last if done.block else None,
        "released_from": done.block.released_from if done.block else None,
    }


class RangesQuery(Schema):
    date: date


@router.get(
    "/code-blocks",
    response=UnusedRangesOut,
    auth=auth,
    summary="Các số đã giữ trước nhưng chưa dùng của cơ quan trong ngày (sổ theo dõi)",
)
def unused(request: HttpRequest, query: Query[RangesQuery]) -> dict[str, Any]:
    try:
        agency = receiving_agency_of(request.user)  # type: ignore[arg-type]
    except DossierError as error:
        raise dossier_problem(error) from error
    items = offline.unused_ranges(agency.pk, query.date)
    return {"date": query.date, "agency": agency.name, "count": len(items), "items": items}


class PackQuery(Schema):
    days: int = Field(30, ge=1, le=MAX_PACK_DAYS)


class PackDayOut(Schema):
    date: date
    working: bool
    name: str
    periods: list[list[str]]


class PackOut(Schema):
    province: str
    timezone: str
    generated_at: datetime
    hours_per_working_day: int
    same_day_cutoff: str
    days: list[PackDayOut]


@router.get(
    "/calendar/offline-pack",
    response=PackOut,
    summary="Lịch làm việc các ngày tới để thiết bị tính hạn khi mất mạng",
)
def offline_pack(request: HttpRequest, query: Query[PackQuery]) -> dict[str, Any]:
    """Each day from today: worked or not and its periods (HH:MM, Asia/Ho_Chi_Minh).

    The device walks these periods with the same rules as `workcal.deadlines` (start at the
    next period, 8 h a working day, the same-day 15:00 cut-off), so an offline receipt shows
    the due time the server computes.
    """
    if not 1 <= query.days <= MAX_PACK_DAYS:
        raise Problem(422, f"days phải từ 1 đến {MAX_PACK_DAYS}.")
    calendar = calendar_for(settings.MOTCUA_PROVINCE)
    today = timezone.localdate()
    days = []
    for offset in range(query.days):
        work_day = calendar.day(today + timedelta(days=offset))
        days.append(
            {
                "date": work_day.day,
                "working": work_day.is_working,
                "name": work_day.name,
                "periods": [[f"{start:%H:%M}", f"{end:%H:%M}"] for start, end in work_day.periods],
            }
        )
    return {
        "province": settings.MOTCUA_PROVINCE,
        "timezone": "Asia/Ho_Chi_Minh",
        "generated_at": timezone.localtime(),
        "hours_per_working_day": HOURS_PER_WORKING_DAY,
        "same_day_cutoff": f"{SAME_DAY_CUTOFF:%H:%M}",
        "days": days,
    }
