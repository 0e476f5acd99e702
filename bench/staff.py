"""The benchmark's officials: a counter officer, a specialist and a leader in each commune of
the province, and one province supervisor, created through `accounts.actions` like real ones.

They are bench data: user names start with "bench." and full names end with "(bench)".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from motcua.accounts.actions import create_official, create_token
from motcua.accounts.choices import Role, Title
from motcua.units.choices import AgencyKind

# (username suffix, role, title, agency kind)
POSTS = (
    ("motcua", Role.COUNTER, Title.OFFICER, AgencyKind.PSC),
    ("chuyenvien", Role.SPECIALIST, Title.SPECIALIST, AgencyKind.CULTURE_SOCIETY),
    ("lanhdao", Role.LEADER, Title.CHAIRMAN, AgencyKind.PEOPLES_COMMITTEE),
)
SUPERVISOR = "bench.tinh"


def username(unit: str, role: str) -> str:
    """`bench.<commune code>.<post>` for the commune's bench official holding `role`."""
    suffix = next(post[0] for post in POSTS if post[1] == role)
    return f"bench.{unit}.{suffix}"


@dataclass(frozen=True)
class CommuneStaff:
    """The three bench officials of one commune."""

    unit: str
    counter: User
    specialist: User
    leader: User


@transaction.atomic
def ensure_staff(units: list[str], province: str) -> dict[str, CommuneStaff]:
    """Create the bench officials that do not exist yet (idempotent); all of them by commune."""
    existing = {user.username: user for user in User.objects.filter(username__startswith="bench.")}
    if SUPERVISOR not in existing:
        existing[SUPERVISOR] = create_official(
            SUPERVISOR,
            full_name="Giám sát tỉnh (bench)",
            unit=province,
            role=Role.PROVINCE_SUPERVISOR,
            title=Title.PROVINCE_SPECIALIST,
        ).user
    staff: dict[str, CommuneStaff] = {}
    for unit in units:
        people: dict[str, User] = {}
        for suffix, role, title, agency in POSTS:
            name = f"bench.{unit}.{suffix}"
            if name not in existing:
                existing[name] = create_official(
                    name,
                    full_name=f"Cán bộ {suffix} {unit} (bench)",
                    unit=unit,
                    role=role,
                    title=title,
                    agency=agency,
                ).user
            people[role] = existing[name]
        staff[unit] = CommuneStaff(
            unit, people[Role.COUNTER], people[Role.SPECIALIST], people[Role.LEADER]
        )
    return staff


def supervisor() -> User:
    return User.objects.get(username=SUPERVISOR)


def token_for(user: User) -> str:
    """A new API token (raw key) for a bench official, for the HTTP measures."""
    return create_token(user, "bench")[1]
