"""Account endpoints: `GET /api/v1/me` and `GET /api/v1/officials` (scoped)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Query, Router, Schema

from motcua.accounts.models import Official, Position
from motcua.accounts.queries import (
    account_of,
    has_province_scope,
    official_with_positions,
    officials_in_scope,
    roles_of,
    scope_unit_codes,
    sees_usernames,
)

from .auth import auth
from .pagination import PageParams, paginate
from .problems import Problem

router = Router(tags=["accounts"])


class PositionOut(Schema):
    unit: str
    unit_name: str
    agency: str | None
    agency_name: str | None
    title: str
    title_label: str
    role: str
    role_label: str

    @staticmethod
    def from_position(position: Position) -> PositionOut:
        return PositionOut(
            unit=position.unit_id,
            unit_name=position.unit.name,
            agency=position.agency.kind if position.agency else None,
            agency_name=position.agency.name if position.agency else None,
            title=position.title,
            title_label=position.get_title_display(),
            role=position.role,
            role_label=position.get_role_display(),
        )


class MeOut(Schema):
    username: str
    full_name: str
    kind: str
    roles: list[str]
    unit: str | None
    positions: list[PositionOut]
    scope: list[str] | str


class OfficialOut(Schema):
    # only to callers who hand dossiers over or manage logins, and one's own (sees_usernames)
    username: str | None
    full_name: str
    unit: str
    positions: list[PositionOut]


class OfficialPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OfficialOut]


def _official_out(official: Official, *, caller: Any, usernames: bool) -> OfficialOut:
    own = official.user_id == caller.pk
    return OfficialOut(
        username=official.user.get_username() if usernames or own else None,
        full_name=official.full_name,
        unit=official.unit_id,
        positions=[
            PositionOut.from_position(position)
            for position in official.active_positions  # type: ignore[attr-defined]
        ],
    )


def _user_full_name(user: Any) -> str:
    return user.get_full_name() if isinstance(user, User) else ""


@router.get("/me", response=MeOut, auth=auth, summary="Tài khoản đang đăng nhập")
def me(request: HttpRequest) -> dict[str, Any]:
    """Who the caller is: kind, roles, positions and scope ("province" or unit codes)."""
    user = request.user
    official = official_with_positions(user)
    account = None if official else account_of(user)
    unit: str | None
    if official is not None:
        kind, full_name, unit = "official", official.full_name, official.unit_id
        positions = [PositionOut.from_position(p) for p in official.active_positions]  # type: ignore[attr-defined]
    else:
        staff = bool(getattr(user, "is_staff", False))
        kind = account.kind if account else ("official" if staff else "citizen")
        full_name = account.full_name if account else _user_full_name(user)
        unit = account.unit_id if account else None
        positions = []
    scope: list[str] | str = (
        "province" if has_province_scope(user) else sorted(scope_unit_codes(user))
    )
    return {
        "username": user.get_username(),
        "full_name": full_name,
        "kind": kind,
        "roles": sorted(roles_of(user)),
        "unit": unit,
        "positions": positions,
        "scope": scope,
    }


@router.get(
    "/officials",
    response=OfficialPage,
    auth=auth,
    summary="Cán bộ trong phạm vi đơn vị của người gọi",
)
def list_officials(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Officials holding a position in a unit the caller may see; officials only."""
    if not roles_of(request.user) and not getattr(request.user, "is_superuser", False):
        raise Problem(403, "Chỉ cán bộ, công chức mới xem được danh sách cán bộ.")
    result = paginate(officials_in_scope(request.user), page)
    usernames = sees_usernames(request.user)
    result["items"] = [
        _official_out(official, caller=request.user, usernames=usernames)
        for official in result["items"]
    ]
    return result
