"""Reads for accounts, above all the scope: which units' records a user may see.

Scope is decided here and only here (ARCHITECTURE.md invariant 6). Every list or load of
scoped records calls `scope_filter(queryset, user, field=...)` or `scope_unit_codes(user)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Model, Prefetch, Q, QuerySet

from motcua.units.models import Unit

from .choices import PROVINCE_ROLES, AccountKind
from .models import Account, Official, Position

AnyUser = AbstractBaseUser | AnonymousUser


def _is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_superuser", False))


def _active_positions(user: AnyUser) -> list[tuple[str, str]]:
    """(unit code, role) of the user's active positions; empty for anonymous and citizens."""
    if not user.is_authenticated or not user.is_active:
        return []
    positions = Position.objects.filter(official__user_id=user.pk, is_active=True)
    return list(positions.order_by("unit_id", "role").values_list("unit_id", "role"))


@dataclass(frozen=True)
class Standing:
    """What a user's active positions give, read once: the roles in each unit and the scope.

    An action checks scope, then roles in the competent commune and maybe at the receiving
    PSC: one `standing_of` answers all three with the one positions query. Read it within
    the request (never keep it across requests): a position revoked a moment ago must
    count.
    """

    positions: tuple[tuple[str, str], ...]
    superuser: bool = False

    def roles_in(self, unit_code: str) -> frozenset[str]:
        """The roles of the active positions in this unit."""
        return frozenset(role for unit, role in self.positions if unit == unit_code)

    @property
    def province_wide(self) -> bool:
        """Superusers and holders of a province role see the whole province."""
        return self.superuser or any(role in PROVINCE_ROLES for _, role in self.positions)

    def scope_codes(self) -> frozenset[str]:
        """See `scope_unit_codes`."""
        if self.province_wide:
            return province_unit_codes()
        return frozenset(unit for unit, _ in self.positions)


def standing_of(user: AnyUser) -> Standing:
    """The user's `Standing` (one query; none for anonymous users and citizens)."""
    return Standing(tuple(_active_positions(user)), _is_superuser(user))


def roles_of(user: AnyUser) -> frozenset[str]:
    """The union of the roles of the user's active positions."""
    return frozenset(role for _, role in _active_positions(user))


def has_role(user: AnyUser, *roles: str) -> bool:
    """True if the user holds at least one of these roles through an active position."""
    return bool(roles_of(user) & set(roles))


def province_unit_codes(province: str | None = None) -> frozenset[str]:
    """The province unit and all its communes (active or not: old records keep their unit)."""
    code = province or settings.MOTCUA_PROVINCE
    return frozenset(
        Unit.objects.filter(Q(code=code) | Q(parent_id=code)).values_list("code", flat=True)
    )


def has_province_scope(user: AnyUser) -> bool:
    """Superusers and holders of a province role see the whole province."""
    if _is_superuser(user):
        return True
    return any(role in PROVINCE_ROLES for _, role in _active_positions(user))


def scope_unit_codes(user: AnyUser) -> frozenset[str]:
    """The codes of the units whose records the user may see.

    A commune official: the units of their active positions (kiêm nhiệm in two communes
    gives both). A province role or a superuser: the province unit and all its communes.
    Anonymous users, citizens and volunteers: nothing (they see only their own records,
    through other queries).
    """
    if _is_superuser(user):
        return province_unit_codes()
    return standing_of(user).scope_codes()


def scope_filter[M: Model](
    queryset: QuerySet[M], user: AnyUser, field: str = "unit"
) -> QuerySet[M]:
    """Narrow `queryset` to rows whose `field` (a FK to units.Unit) is in the user's scope."""
    codes = scope_unit_codes(user)
    if not codes:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": sorted(codes)})


def can_see_unit(user: AnyUser, unit_code: str) -> bool:
    """True if records of this unit are in the user's scope."""
    return unit_code in scope_unit_codes(user)


def active_user(username: str) -> User | None:
    """The active login named `username`, None without one: an action naming an official
    (a transfer's assignee) asks."""
    return User.objects.filter(username=username, is_active=True).first()


def official_of(user: AnyUser) -> Official | None:
    """The official behind a login, with home unit, or None."""
    if not user.is_authenticated:
        return None
    return Official.objects.select_related("unit").filter(user_id=user.pk).first()


def official_with_positions(user: AnyUser) -> Official | None:
    """The official behind a login with active positions prefetched (`active_positions`)."""
    if not user.is_authenticated:
        return None
    return (
        Official.objects.filter(user_id=user.pk)
        .select_related("unit", "user")
        .prefetch_related(active_positions_prefetch())
        .first()
    )


def account_of(user: AnyUser) -> Account | None:
    """The citizen or volunteer profile behind a login, or None."""
    if not user.is_authenticated:
        return None
    return Account.objects.filter(user_id=user.pk).first()


def account_kind(user: AnyUser) -> str | None:
    """ "official", "citizen", "volunteer", or None for anonymous users.

    A login with neither profile (e.g. a superuser made with createsuperuser) counts as an
    official if it is staff, else as a citizen.
    """
    if not user.is_authenticated:
        return None
    if Official.objects.filter(user_id=user.pk).exists():
        return "official"
    account = account_of(user)
    if account is not None:
        return account.kind
    return "official" if getattr(user, "is_staff", False) else AccountKind.CITIZEN.value


def active_positions_prefetch() -> Prefetch:
    return Prefetch(
        "positions",
        queryset=Position.objects.filter(is_active=True)
        .select_related("unit", "agency")
        .order_by("unit_id", "role", "title"),
        to_attr="active_positions",
    )


def officials_list(
    *, unit: str | None = None, units: frozenset[str] | set[str] | None = None
) -> QuerySet[Official]:
    """Officials with an active position in `unit` (or in any of `units`), with those
    positions prefetched as `active_positions`; a fixed number of queries for any size."""
    officials = Official.objects.select_related("user", "unit")
    if unit is not None:
        officials = officials.filter(positions__unit_id=unit, positions__is_active=True)
    if units is not None:
        officials = officials.filter(
            positions__unit_id__in=sorted(units), positions__is_active=True
        )
    return (
        officials.distinct()
        .prefetch_related(active_positions_prefetch())
        .order_by("unit_id", "full_name", "pk")
    )


def officials_in_scope(user: AnyUser) -> QuerySet[Official]:
    """Officials with a position in one of the units the user may see."""
    codes = scope_unit_codes(user)
    if not codes:
        return Official.objects.none()
    return officials_list(units=codes)


# Roles whose holders need other officials' usernames: the counter and leaders hand a dossier
# to a specialist by username (dossiers.actions.transfer), administrators manage logins.
USERNAME_READER_ROLES = frozenset({"counter", "leader", "commune_admin", "province_admin"})


def sees_usernames(user: AnyUser) -> bool:
    """Whether answers may show this user other officials' usernames (issue 24: usernames
    are half of a login, so only those who need them see them)."""
    return _is_superuser(user) or bool(roles_of(user) & USERNAME_READER_ROLES)


def display_name(user: AnyUser | None) -> str | None:
    """The name shown for an official in answers instead of their username: their full name
    (kept in first_name, accounts.actions), or a neutral label when none was given."""
    if user is None:
        return None
    return user.get_full_name().strip() or "Cán bộ (chưa có họ tên)"  # type: ignore[union-attr]
