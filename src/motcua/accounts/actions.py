"""Writes for accounts: officials and positions, citizen/volunteer accounts, API tokens,
bulk import of officials.

Pages, API, commands and tests all call these functions. Each runs in one transaction and
raises AccountError with a Vietnamese message when a rule refuses the change.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission, User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.core.text import fold, input_problem
from motcua.units.choices import AgencyKind, Level
from motcua.units.models import Agency, Unit

from .choices import DEFAULT_TITLE, MAX_VICE_CHAIRMEN, PROVINCE_ROLES, AccountKind, Role, Title
from .models import Account, ApiToken, LoginLock, Official, Position

# Who performs an action, for the record; None for the system (commands, imports).
Actor = AbstractBaseUser | AnonymousUser | None

logger = logging.getLogger("motcua.accounts")

TOKEN_PREFIX = "mc_"  # noqa: S105 - a marker, not a secret
TOKEN_PREFIX_LENGTH = 10
# The longest life a token may be given (days): a forgotten key stops working within it.
MAX_TOKEN_DAYS = 730


class AccountError(ValueError):
    """A rule refused the change; the message is Vietnamese and meant for the user."""


class OfficialsImportError(AccountError):
    """A CSV of officials with errors; `errors` lists them as "Dòng N: ...". Nothing saved."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# --- lookups shared by the actions -----------------------------------------------------


def _choice(choices: Any, value: str, what: str) -> str:
    """A TextChoices value from its value or its Vietnamese label (diacritics ignored)."""
    raw = (value or "").strip()
    for member in choices:
        if raw == member.value or fold(raw) == fold(member.label):
            return str(member.value)
    allowed = ", ".join(member.value for member in choices)
    raise AccountError(f"{what} '{raw}' không có. Dùng một trong: {allowed}.")


def normalize_unit_code(code: str) -> str:
    """ "8914" → "08914", "25" → "25": statistical codes are zero-padded strings."""
    code = code.strip()
    if not code.isdigit():
        return code
    return code.zfill(2) if len(code) <= 2 else code.zfill(5)


def resolve_unit(unit: Unit | str) -> Unit:
    if isinstance(unit, Unit):
        return unit
    found = Unit.objects.filter(code=normalize_unit_code(unit)).first()
    if found is None:
        raise AccountError(f"Không có đơn vị hành chính mã '{unit}'.")
    return found


def resolve_agency(unit: Unit, agency: Agency | str | None) -> Agency | None:
    if agency is None or agency == "":
        return None
    if isinstance(agency, Agency):
        if agency.unit_id != unit.code:
            raise AccountError(f"Cơ quan {agency.name} không thuộc {unit.name}.")
        return agency
    kind = _choice(AgencyKind, agency, "Loại cơ quan")
    found = Agency.objects.filter(unit=unit, kind=kind, is_active=True).first()
    if found is None:
        raise AccountError(f"{unit.name} không có cơ quan '{AgencyKind(kind).label}'.")
    return found


def check_unit_for_role(unit: Unit, role: str, title: str) -> None:
    if not unit.is_active:
        raise AccountError(f"{unit.name} ({unit.code}) không còn hiệu lực.")
    if unit.province_code != settings.MOTCUA_PROVINCE:
        raise AccountError(
            f"{unit.name} ({unit.code}) không thuộc tỉnh mã {settings.MOTCUA_PROVINCE} "
            "mà hệ thống phục vụ."
        )
    if role in PROVINCE_ROLES and unit.level != Level.PROVINCE:
        raise AccountError(f"Vai trò '{Role(role).label}' phải gắn với đơn vị cấp tỉnh.")
    if role not in PROVINCE_ROLES and unit.level != Level.COMMUNE:
        raise AccountError(f"Vai trò '{Role(role).label}' phải gắn với một xã, phường.")
    if title in {Title.CHAIRMAN, Title.VICE_CHAIRMAN} and unit.level != Level.COMMUNE:
        raise AccountError(f"Chức danh '{Title(title).label}' chỉ có ở cấp xã.")


def _clean_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise AccountError("Thiếu tên đăng nhập.")
    if len(username) > 150:
        raise AccountError("Tên đăng nhập dài quá 150 ký tự.")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as error:
        raise AccountError(
            f"Tên đăng nhập '{username}' chỉ được gồm chữ, số và các ký tự @ . + - _."
        ) from error
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"Tên đăng nhập '{username}' đã có người dùng.")
    return username


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise AccountError(f"Địa chỉ thư điện tử '{email}' không hợp lệ.") from error
    return email


_PHONE = re.compile(r"^0\d{9}$")


def normalize_phone(phone: str) -> str:
    """A Vietnamese phone number as 10 digits starting with 0 ("+84 912 345 678" → "0912345678")."""
    digits = re.sub(r"[\s.\-()]", "", phone or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if digits and not _PHONE.match(digits):
        raise AccountError(f"Số điện thoại '{phone}' không hợp lệ: cần 10 chữ số, bắt đầu bằng 0.")
    return digits


def _new_user(username: str, *, email: str, password: str | None, full_name: str) -> User:
    user = User(username=username, email=email)
    # Vietnamese names read family name first ("Nguyễn Thị Lan"); Django's get_full_name()
    # puts first_name first, so the whole name is kept in first_name and shown as written.
    user.first_name, user.last_name = full_name[:150], ""
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise AccountError("Mật khẩu không đạt: " + " ".join(error.messages)) from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def generate_password() -> str:
    """A random password to hand to a new official, who should change it."""
    return secrets.token_urlsafe(12)


# --- officials and positions -----------------------------------------------------------


@transaction.atomic
def create_official(
    username: str,
    *,
    full_name: str,
    unit: Unit | str,
    role: str,
    title: str | None = None,
    agency: Agency | str | None = None,
    password: str | None = None,
    email: str = "",
    actor: Actor = None,
) -> Official:
    """Create a login, the official (cán bộ) and their first position, all or nothing.

    `unit` and `agency` may be given as objects or as a unit code ("08914") and an agency kind
    ("psc"). Without `password` the login has an unusable password (set one later).
    `title` defaults by role (accounts.choices.DEFAULT_TITLE).
    """
    username = _clean_username(username)
    full_name = (full_name or "").strip()
    if not full_name:
        raise AccountError("Thiếu họ và tên cán bộ.")
    home = resolve_unit(unit)
    user = _new_user(username, email=_clean_email(email), password=password, full_name=full_name)
    official = Official.objects.create(user=user, full_name=full_name[:120], unit=home)
    add_position(official, unit=home, role=role, title=title, agency=agency, actor=actor)
    return official


@transaction.atomic
def add_position(
    official: Official,
    *,
    unit: Unit | str,
    role: str,
    title: str | None = None,
    agency: Agency | str | None = None,
    actor: Actor = None,
) -> Position:
    """Give an official one more position (kiêm nhiệm) in a unit, with a role.

    Keeps the rule "one chairman and at most two vice-chairmen per commune": the unit's row
    is locked (select_for_update) so two concurrent appointments are serialised, then the
    active posts are counted; the database also refuses a second active chairman.
    """
    role = _choice(Role, role, "Vai trò")
    title = _choice(Title, title, "Chức danh") if title else str(DEFAULT_TITLE[role])
    target = resolve_unit(unit)
    check_unit_for_role(target, role, title)
    agency_row = resolve_agency(target, agency)
    # Serialise appointments in one unit: the count below stays true until commit.
    Unit.objects.select_for_update().filter(pk=target.pk).first()
    check_position_allowed(official, unit=target, role=role, title=title)
    try:
        with transaction.atomic():
            position = Position.objects.create(
                official=official, unit=target, agency=agency_row, title=title, role=role
            )
    except IntegrityError as error:
        raise AccountError(
            f"Không thêm được chức vụ '{Title(title).label}' tại {target.name}: "
            "đã có người giữ hoặc cán bộ đã giữ chức vụ này."
        ) from error
    sync_admin_access(official.user)
    return position


# Reference data the province administrators keep in the Django admin (ARCHITECTURE.md:
# "Django admin is for reference data only").
REFERENCE_DATA_APPS = ("units", "accounts", "workcal", "catalog")
REFERENCE_ADMIN_GROUP = "Quản trị danh mục cấp tỉnh"


def sync_admin_access(user: User) -> None:
    """Open the reference-data admin to exactly the active province administrators.

    Access follows the role (is_staff plus the group's model permissions), so ending the
    position closes the admin again. Superusers are left as they are.
    """
    if user.is_superuser:
        return
    is_admin = Position.objects.filter(
        official__user=user, is_active=True, role=Role.PROVINCE_ADMIN
    ).exists()
    group, created = Group.objects.get_or_create(name=REFERENCE_ADMIN_GROUP)
    if created or not group.permissions.exists():
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=REFERENCE_DATA_APPS)
        )
    if is_admin:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if user.is_staff != is_admin:
        user.is_staff = is_admin
        user.save(update_fields=["is_staff"])


def check_position_allowed(official: Official, *, unit: Unit, role: str, title: str) -> None:
    """Raise AccountError if the official may not take this post now (duplicates, limits)."""
    active = Position.objects.filter(unit=unit, is_active=True)
    if official.pk and active.filter(official=official, role=role, title=title).exists():
        raise AccountError(
            f"{official.full_name} đã giữ chức vụ '{Title(title).label}' "
            f"(vai trò {Role(role).label}) tại {unit.name}."
        )
    if title == Title.CHAIRMAN:
        holder = active.filter(title=Title.CHAIRMAN).select_related("official").first()
        if holder is not None:
            raise AccountError(
                f"{unit.name} đã có Chủ tịch UBND ({holder.official.full_name}); "
                "mỗi xã, phường chỉ có một Chủ tịch."
            )
    if title == Title.VICE_CHAIRMAN:
        vices = list(
            active.filter(title=Title.VICE_CHAIRMAN).values_list("official__full_name", flat=True)
        )
        if len(vices) >= MAX_VICE_CHAIRMEN:
            raise AccountError(
                f"{unit.name} đã có đủ {MAX_VICE_CHAIRMEN} Phó Chủ tịch UBND "
                f"({', '.join(vices)}); mỗi xã, phường có tối đa {MAX_VICE_CHAIRMEN} Phó Chủ tịch."
            )


@transaction.atomic
def deactivate_position(position: Position, *, actor: Actor = None) -> Position:
    """End a position (thôi giữ chức vụ); the row stays as history."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    if not position.is_active:
        raise AccountError("Chức vụ này đã thôi giữ.")
    position.is_active = False
    position.ended_at = timezone.now()
    position.save(update_fields=["is_active", "ended_at", "updated_at"])
    sync_admin_access(position.official.user)
    return position


# --- citizens and digital volunteers ----------------------------------------------------


def _create_account(
    kind: str,
    *,
    full_name: str,
    phone: str,
    email: str,
    unit: Unit | str | None,
    username: str | None,
    password: str | None,
) -> Account:
    full_name = (full_name or "").strip()
    if not full_name:
        raise AccountError("Thiếu họ và tên.")
    phone = normalize_phone(phone)
    email = _clean_email(email)
    if not phone and not email:
        raise AccountError("Cần số điện thoại hoặc địa chỉ thư điện tử.")
    if phone and Account.objects.filter(phone=phone).exists():
        raise AccountError(f"Số điện thoại {phone} đã được dùng cho tài khoản khác.")
    home = resolve_unit(unit) if unit else None
    if home is not None and home.level != Level.COMMUNE:
        raise AccountError("Tình nguyện viên số hỗ trợ một xã, phường: hãy chọn đơn vị cấp xã.")
    login = _clean_username(username or phone or email)
    user = _new_user(login, email=email, password=password, full_name=full_name)
    return Account.objects.create(
        user=user, kind=kind, full_name=full_name[:120], phone=phone, email=email, unit=home
    )


@transaction.atomic
def create_citizen_account(
    *,
    full_name: str,
    phone: str = "",
    email: str = "",
    username: str | None = None,
    password: str | None = None,
    actor: Actor = None,
) -> Account:
    """Create a citizen's (công dân) login and profile; the username defaults to the phone."""
    return _create_account(
        AccountKind.CITIZEN,
        full_name=full_name,
        phone=phone,
        email=email,
        unit=None,
        username=username,
        password=password,
    )


@transaction.atomic
def create_volunteer_account(
    *,
    full_name: str,
    phone: str = "",
    email: str = "",
    unit: Unit | str | None = None,
    username: str | None = None,
    password: str | None = None,
    actor: Actor = None,
) -> Account:
    """Create a digital volunteer's (tình nguyện viên số) login, optionally for one commune."""
    return _create_account(
        AccountKind.VOLUNTEER,
        full_name=full_name,
        phone=phone,
        email=email,
        unit=unit,
        username=username,
        password=password,
    )


# --- login locks (django-axes, accounts.lockout) --------------------------------------------


def unlock_login(username: str, *, ip_address: str | None = None, actor: Actor = None) -> int:
    """Lift the lock-out of a username, at every address or at one (the province IT team,
    after checking who asks). Returns how many counters were removed; logged."""
    from axes.utils import reset

    from .lockout import fold_username

    folded = fold_username(username)
    if not folded:
        raise AccountError("Thiếu tên đăng nhập cần mở khóa.")
    if ip_address:
        removed = LoginLock.objects.filter(username=folded, ip_address=ip_address).count()
        LoginLock.objects.filter(username=folded, ip_address=ip_address).delete()
    else:
        removed = reset(username=folded)
    logger.warning(
        "login unlocked",
        extra={
            "event": "login_unlocked",
            "username": folded,
            "ip_address": ip_address,
            "actor": getattr(actor, "pk", None),
            "removed": removed,
        },
    )
    return removed


# --- two-step sign-in (accounts.twofactor) -----------------------------------------------

TOTP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã dự phòng"


@transaction.atomic
def start_authenticator_enrolment(user: User) -> TOTPDevice:
    """The unconfirmed authenticator (TOTP) device the user is enrolling: made once, then the
    same one shown again until confirmed, so a reload does not change the secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_authenticator(user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm enrolment with the app's first code; returns the new recovery codes (shown
    once), or None if the code is wrong. Any earlier app and recovery codes are replaced."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token((code or "").strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return replace_recovery_codes(user)


@transaction.atomic
def replace_recovery_codes(user: User) -> list[str]:
    """New recovery codes for the user (MOTCUA_RECOVERY_CODES of them, each usable once); the
    old ones stop working. Returned in the clear to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.MOTCUA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def reset_two_factor(user: User, *, actor: Actor = None, reason: str = "") -> int:
    """Remove the user's authenticator and recovery codes (a lost phone): they enrol again at
    their next sign-in. Recorded in the admin's history (LogEntry) and as a log line, since it
    weakens an account. Returns how many devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _ = model.objects.filter(user=user).delete()
        removed += count
    message = "Đặt lại xác thực hai bước" + (f": {reason}" if reason else "")
    if actor is not None and actor.is_authenticated:
        LogEntry.objects.log_actions(
            user_id=actor.pk,
            queryset=[user],
            action_flag=CHANGE,
            change_message=message,
            single_object=True,
        )
    logger.warning(
        "two-factor reset",
        extra={
            "event": "two_factor_reset",
            "user": user.pk,
            "actor": getattr(actor, "pk", None),
            "devices_removed": removed,
        },
    )
    return removed


# --- API tokens -------------------------------------------------------------------------


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def create_token(
    user: User,
    name: str = "",
    *,
    days: int | None = None,
    read_only: bool = False,
    actor: Actor = None,
) -> tuple[ApiToken, str]:
    """Create an API token; returns it and the raw key, which is never stored or shown again.

    It expires after `days` (default MOTCUA_API_TOKEN_DAYS); `read_only` limits it to GET/HEAD.
    """
    if not user.is_active:
        raise AccountError("Tài khoản đã bị khóa, không tạo được mã truy cập.")
    days = settings.MOTCUA_API_TOKEN_DAYS if days is None else days
    if days < 1 or days > MAX_TOKEN_DAYS:
        raise AccountError(f"Số ngày hiệu lực của mã phải từ 1 đến {MAX_TOKEN_DAYS}.")
    raw_key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "").strip()[:100] or "API",
        prefix=raw_key[:TOKEN_PREFIX_LENGTH],
        key_hash=hash_key(raw_key),
        expires_at=timezone.now() + dt.timedelta(days=days),
        read_only=read_only,
    )
    return token, raw_key


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Actor = None) -> ApiToken:
    """Revoke a token: it stops working at once; the row stays for the record."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# last_used_at is a hint, not an audit log: write it at most once a minute per token so an
# API client does not turn every read into a write.
_LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_for_key(raw_key: str) -> ApiToken | None:
    """The token a raw API key belongs to, with its user, if it is neither revoked nor its
    user inactive; an expired one too (the caller says so: `ApiToken.is_expired`). Every API
    request asks; the last use is written at most once a minute, never for an expired one."""
    raw_key = (raw_key or "").strip()
    if not raw_key.startswith(TOKEN_PREFIX) or len(raw_key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(raw_key), revoked_at__isnull=True, user__is_active=True)
        .only("id", "last_used_at", "expires_at", "read_only", "user")
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if not token.is_expired(now) and (
        token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def authenticate_token(raw_key: str) -> User | None:
    """The active user a raw API key belongs to, or None (unknown, revoked, expired, inactive
    user)."""
    token = token_for_key(raw_key)
    if token is None or token.is_expired(timezone.now()):
        return None
    return token.user


# --- bulk import ------------------------------------------------------------------------

IMPORT_COLUMNS = ("username", "full_name", "unit", "role", "title", "agency", "password", "email")
IMPORT_REQUIRED = ("username", "unit", "role")


@dataclass
class OfficialsImportReport:
    """What an import did; `passwords` holds the generated ones, to hand over once."""

    officials_created: int = 0
    positions_added: int = 0
    passwords: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def import_officials(text: str, *, actor: Actor = None) -> OfficialsImportReport:
    """Import officials from CSV (UTF-8, header row), all or nothing.

    Columns: username, unit, role (required); full_name (required for a new login), title,
    agency (a kind such as "psc" or its Vietnamese name), password (blank: generated), email.
    A username already in the system, or earlier in the file, gets one more position
    (kiêm nhiệm). Rows are applied in order inside one transaction, so the chairman and
    vice-chairman limits count the rows above too. Any error rejects the whole file with
    OfficialsImportError listing "Dòng N: ..." (N is the line number in the file).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in IMPORT_REQUIRED if name not in header]
    unknown = [name for name in header if name and name not in IMPORT_COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append("thiếu cột " + ", ".join(missing))
        if unknown:
            problems.append("cột không dùng được " + ", ".join(unknown))
        raise OfficialsImportError(
            [f"Dòng 1: {'; '.join(problems)} (các cột: {', '.join(IMPORT_COLUMNS)})."]
        )
    report = OfficialsImportReport()
    errors: list[str] = []
    rows = 0
    for row in reader:
        rows += 1
        line = reader.line_num
        values = {
            (key or "").strip(): (value or "").strip()
            for key, value in row.items()
            if isinstance(value, str | None)
        }
        refused = [
            f"Dòng {line}, cột {key}: {problem}"
            for key, value in values.items()
            if (problem := input_problem(key) or input_problem(value))
        ]
        if refused:
            errors.extend(refused)
            continue
        try:
            with transaction.atomic():
                _import_row(values, report, actor=actor)
        except AccountError as error:
            errors.append(f"Dòng {line}: {error}")
    if rows == 0:
        errors.append("Dòng 2: tệp không có cán bộ nào.")
    if errors:
        raise OfficialsImportError(errors)
    return report


def _import_row(values: dict[str, str], report: OfficialsImportReport, *, actor: Actor) -> None:
    for name in IMPORT_REQUIRED:
        if not values.get(name):
            raise AccountError(f"thiếu {name}.")
    username = values["username"]
    existing = User.objects.filter(username__iexact=username).select_related("official").first()
    unit, role = values["unit"], values["role"]
    title, agency = values.get("title") or None, values.get("agency") or None
    if existing is not None:
        official = Official.objects.filter(user=existing).first()
        if official is None:
            raise AccountError(
                f"tên đăng nhập '{username}' đã dùng cho tài khoản không phải cán bộ."
            )
        add_position(official, unit=unit, role=role, title=title, agency=agency, actor=actor)
        report.positions_added += 1
        return
    if not values.get("full_name"):
        raise AccountError("thiếu full_name (họ và tên) cho cán bộ mới.")
    password = values.get("password") or ""
    if not password:
        password = generate_password()
        report.passwords.append((username, password))
    create_official(
        username,
        full_name=values["full_name"],
        password=password,
        email=values.get("email", ""),
        unit=unit,
        role=role,
        title=title,
        agency=agency,
        actor=actor,
    )
    report.officials_created += 1
    report.positions_added += 1
