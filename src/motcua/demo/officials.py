"""Demo officials: made-up people for three real communes and the province, one per role.

They are demo data, labelled "(demo)" in their names; the communes are real (Phường Vĩnh Phúc,
Xã Đạo Trù, Xã Liên Sơn of Phú Thọ). Every role of accounts.Role appears at least once, and
each commune's registrar also sits at the counter (kiêm nhiệm).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.actions import TOTP_DEVICE_NAME, add_position, create_official
from motcua.accounts.choices import Role, Title
from motcua.accounts.twofactor import needs_two_factor
from motcua.units.choices import AgencyKind

# Shown by `motcua demo`; demo accounts only, never a production password.
DEMO_PASSWORD = "motcua-demo"  # noqa: S105


def demo_totp_key(username: str) -> str:
    """The fixed TOTP seed (hex, 20 bytes) of a demo official's authenticator: derived from
    the username so that every demo, and the browser journeys, know it. Demo data only."""
    return hashlib.sha1(f"motcua-demo-totp:{username}".encode()).hexdigest()  # noqa: S324


def demo_totp_secret(username: str) -> str:
    """The same seed as an authenticator app takes it (base32)."""
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode("ascii")


@dataclass(frozen=True)
class DemoPosition:
    unit: str
    role: str
    title: str
    agency: str | None


@dataclass(frozen=True)
class DemoOfficial:
    username: str
    full_name: str
    positions: tuple[DemoPosition, ...]


DEMO_COMMUNES = (
    ("vinhphuc", "08716"),  # Phường Vĩnh Phúc
    ("daotru", "08914"),  # Xã Đạo Trù
    ("lienson", "04960"),  # Xã Liên Sơn
)

# (username suffix, role, title, agency); names come from _NAMES, one row per commune.
_COMMUNE_POSTS = (
    ("chutich", Role.LEADER, Title.CHAIRMAN, AgencyKind.PEOPLES_COMMITTEE),
    ("phochutich", Role.LEADER, Title.VICE_CHAIRMAN, AgencyKind.PEOPLES_COMMITTEE),
    ("motcua", Role.COUNTER, Title.OFFICER, AgencyKind.PSC),
    ("chuyenvien", Role.SPECIALIST, Title.SPECIALIST, AgencyKind.CULTURE_SOCIETY),
    ("hotich", Role.REGISTRAR, Title.CIVIL_STATUS_OFFICER, AgencyKind.OFFICE),
    ("quantri", Role.COMMUNE_ADMIN, Title.OFFICER, AgencyKind.OFFICE),
)
_NAMES = (
    (
        "Nguyễn Văn Chung",
        "Trần Thị Hà",
        "Lê Thị Lan",
        "Phạm Minh Đức",
        "Hoàng Thu Trang",
        "Đỗ Quang Huy",
    ),
    (
        "Đinh Công Thành",
        "Hà Thị Nguyệt",
        "Bùi Thị Hoa",
        "Quách Văn Tiến",
        "Xa Thị Mến",
        "Triệu Văn Sơn",
    ),
    (
        "Vương Đình Khải",
        "Kiều Thị Thu",
        "Tạ Thị Ngọc",
        "Lưu Văn Hùng",
        "Cao Thị Yến",
        "Phùng Văn Lâm",
    ),
)


def demo_officials(province: str = "25") -> list[DemoOfficial]:
    """The demo officials, province roles first."""
    people = [
        DemoOfficial(
            "tinh.giamsat",
            "Vũ Thị Mai (demo)",
            (DemoPosition(province, Role.PROVINCE_SUPERVISOR, Title.PROVINCE_SPECIALIST, None),),
        ),
        DemoOfficial(
            "tinh.quantri",
            "Bùi Văn Nam (demo)",
            (DemoPosition(province, Role.PROVINCE_ADMIN, Title.PROVINCE_SPECIALIST, None),),
        ),
    ]
    for (prefix, unit), names in zip(DEMO_COMMUNES, _NAMES, strict=True):
        for (suffix, role, title, agency), name in zip(_COMMUNE_POSTS, names, strict=True):
            positions = [DemoPosition(unit, role, title, agency)]
            if role == Role.REGISTRAR:
                positions.append(DemoPosition(unit, Role.COUNTER, Title.OFFICER, AgencyKind.PSC))
            people.append(DemoOfficial(f"{prefix}.{suffix}", f"{name} (demo)", tuple(positions)))
    return people


@transaction.atomic
def ensure_demo_officials(province: str = "25") -> list[DemoOfficial]:
    """Create the demo officials that do not exist yet; returns those created.

    Existing accounts are left as they are (a second `motcua demo` changes nothing, and a
    password an operator changed stays changed).
    """
    created: list[DemoOfficial] = []
    existing = set(User.objects.values_list("username", flat=True))
    for person in demo_officials(province):
        if person.username in existing:
            continue
        first, *rest = person.positions
        official = create_official(
            person.username,
            full_name=person.full_name,
            unit=first.unit,
            role=first.role,
            title=first.title,
            agency=first.agency,
        )
        # Seeded, not typed: the demo password is shorter than the policy asks of a real one
        # (AUTH_PASSWORD_VALIDATORS), so it is set without the validators.
        official.user.set_password(DEMO_PASSWORD)
        official.user.save(update_fields=["password"])
        for position in rest:
            add_position(
                official,
                unit=position.unit,
                role=position.role,
                title=position.title,
                agency=position.agency,
            )
        created.append(person)
    return created


@transaction.atomic
def ensure_demo_authenticators(province: str = "25") -> list[tuple[str, str]]:
    """Give the demo officials whose roles need two-step sign-in an authenticator with their
    fixed seed (`demo_totp_secret`), unless they have one; returns (username, secret) for all
    of them, to print. A device the operator enrolled themselves is left as it is."""
    shown: list[tuple[str, str]] = []
    for person in demo_officials(province):
        user = User.objects.filter(username=person.username).first()
        if user is None or not needs_two_factor(user):
            continue
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user,
                name=TOTP_DEVICE_NAME,
                key=demo_totp_key(person.username),
                confirmed=True,
            )
        shown.append((person.username, demo_totp_secret(person.username)))
    return shown
