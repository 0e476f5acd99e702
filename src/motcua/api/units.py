"""Units endpoints: `/api/v1/units` (paginated) and `/api/v1/units/{code}` with agencies."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from motcua.units.choices import Level
from motcua.units.queries import unit_with_agencies, units_list

from .pagination import PageParams, paginate
from .problems import Problem

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name: str
    level: str
    division_type: str
    province: str | None
    is_active: bool

    @staticmethod
    def resolve_province(obj) -> str | None:
        return obj.parent_id


class AgencyOut(Schema):
    kind: str
    name: str
    ecode: str | None
    ecode_is_demo: bool


class UnitDetailOut(UnitOut):
    province_name: str | None
    has_public_service_centre: bool
    has_health_station: bool
    agencies: list[AgencyOut]

    @staticmethod
    def resolve_province_name(obj) -> str | None:
        return obj.parent.name if obj.parent_id else None

    @staticmethod
    def resolve_agencies(obj) -> list:
        return obj.active_agencies


class UnitPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[UnitOut]


class UnitFilters(Schema):
    province: str | None = None
    level: str | None = None
    q: str | None = None


@router.get("", response=UnitPage, summary="Danh sách đơn vị hành chính")
def list_units(request: HttpRequest, filters: Query[UnitFilters], page: Query[PageParams]) -> dict:
    if filters.level and filters.level not in Level.values:
        raise Problem(422, "level phải là 'province' hoặc 'commune'.")
    if filters.province and not (filters.province.isdigit() and len(filters.province) <= 2):
        raise Problem(422, "province là mã tỉnh gồm 2 chữ số, ví dụ 25.")
    return paginate(units_list(province=filters.province, level=filters.level, q=filters.q), page)


@router.get("/{code}", response=UnitDetailOut, summary="Một đơn vị và các cơ quan của nó")
def get_unit(request: HttpRequest, code: str):
    unit = unit_with_agencies(code) if code.isdigit() else None
    if unit is None:
        raise Problem(404, f"Không có đơn vị hành chính mã {code}.")
    return unit
