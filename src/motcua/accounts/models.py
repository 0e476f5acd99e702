"""Officials and their positions, citizen and volunteer accounts, API tokens.

Every account is a `django.contrib.auth` User; the rows here say who that user is. An
official (cán bộ, công chức) holds one or more positions at once (kiêm nhiệm); the positions
give the roles and the units the official may see (accounts.queries.scope_unit_codes).
"""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.db import models

from motcua.core.models import TimeStampedModel
from motcua.units.models import Agency, Unit

from .choices import AccountKind, Role, Title


class Official(TimeStampedModel):
    """A commune or province official (cán bộ, công chức) linked to one login.

    `unit` is the official's home unit (where they are on the payroll); what they may do and
    see comes from their active positions, which may be in more than one unit.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.PROTECT,
        related_name="official",
    )
    full_name = models.CharField("họ và tên", max_length=120)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="officials"
    )

    class Meta:
        verbose_name = "cán bộ, công chức"
        verbose_name_plural = "cán bộ, công chức"
        ordering = ["unit_id", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class Position(TimeStampedModel):
    """One post an official holds (chức vụ): in a unit, optionally an agency, with a role.

    Several active positions at once are kiêm nhiệm. A position is never deleted: it is
    deactivated, so the history of who held what stays. At most one active chairman per unit
    is enforced by the database; the vice-chairman limit by accounts.actions.add_position.
    """

    official = models.ForeignKey(
        Official, verbose_name="cán bộ", on_delete=models.PROTECT, related_name="positions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="positions"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )
    title = models.CharField("chức danh", max_length=32, choices=Title.choices)
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    is_active = models.BooleanField("đang giữ", default=True)
    ended_at = models.DateTimeField("thôi giữ lúc", null=True, blank=True)

    class Meta:
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"
        ordering = ["official_id", "unit_id", "role"]
        indexes = [models.Index(fields=["unit", "is_active"], name="position_unit_active_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(title=Title.CHAIRMAN, is_active=True),
                name="position_one_active_chairman_per_unit",
                violation_error_message="Đơn vị này đã có Chủ tịch UBND.",
            ),
            models.UniqueConstraint(
                fields=["official", "unit", "role", "title"],
                condition=models.Q(is_active=True),
                name="position_no_duplicate_active",
                violation_error_message="Cán bộ đã giữ chức vụ này.",
            ),
            models.CheckConstraint(
                condition=models.Q(is_active=True, ended_at__isnull=True)
                | models.Q(is_active=False, ended_at__isnull=False),
                name="position_ended_iff_inactive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()} - {self.unit_id} ({self.get_role_display()})"


class Account(TimeStampedModel):
    """A citizen (công dân) or digital volunteer (tình nguyện viên số) account.

    A volunteer helps people of one commune use online services, so may name that `unit`.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.PROTECT,
        related_name="account",
    )
    kind = models.CharField("loại", max_length=16, choices=AccountKind.choices)
    full_name = models.CharField("họ và tên", max_length=120)
    phone = models.CharField("số điện thoại", max_length=10, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="xã hỗ trợ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
    )

    class Meta:
        verbose_name = "tài khoản công dân"
        verbose_name_plural = "tài khoản công dân, tình nguyện viên"
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=~models.Q(phone=""),
                name="account_unique_phone",
                violation_error_message="Số điện thoại đã được dùng cho tài khoản khác.",
            ),
            models.CheckConstraint(
                condition=~models.Q(phone="", email=""), name="account_has_phone_or_email"
            ),
            models.CheckConstraint(
                condition=models.Q(kind=AccountKind.VOLUNTEER) | models.Q(unit__isnull=True),
                name="account_only_volunteer_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_kind_display()})"


class LoginLock(AccessAttempt):
    """django-axes' failed-login counter for one (username, client address), in Vietnamese
    for the admin (khóa đăng nhập): the province IT team sees who is locked and lifts it.

    A proxy: the rows are axes' own (accounts.lockout); nothing is stored here."""

    class Meta:
        proxy = True
        verbose_name = "khóa đăng nhập"
        verbose_name_plural = "khóa đăng nhập (đăng nhập sai)"


class ApiToken(models.Model):
    """A key for the API (`Authorization: Bearer <key>`), for scripts and other systems.

    Only the sha256 of the key is stored; the key is shown once at creation. `prefix` (its
    first characters) lets people tell their tokens apart. A token stops working at
    `expires_at` (MOTCUA_API_TOKEN_DAYS after creation by default); a `read_only` one may only
    read (GET, HEAD). Tokens are a machine's credential: they skip the two-step sign-in.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField("tên", max_length=100)
    prefix = models.CharField("tiền tố", max_length=12, db_index=True)
    key_hash = models.CharField("mã băm SHA-256", max_length=64, unique=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng gần nhất", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    read_only = models.BooleanField("chỉ đọc", default=False)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def is_expired(self, now: dt.datetime) -> bool:
        return self.expires_at <= now


class SavedForm(models.Model):
    """What an official had typed into a form when their session expired (issue 22, part 8).

    Made by `accounts.saved_forms.keeps_form` from a POST that arrives without a session but
    carries the signed owner the form was rendered for; given back only to that official,
    after login, until `expires_at`. Files chosen in the form are not kept.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        on_delete=models.CASCADE,
        related_name="saved_forms",
    )
    path = models.CharField("trang gửi đến", max_length=300)
    data = models.JSONField("nội dung đã nhập", default=dict)
    review = models.CharField("trường mở lại để kiểm tra", max_length=40, blank=True)
    had_files = models.BooleanField("có tệp chưa được giữ", default=False)
    created_at = models.DateTimeField("lưu lúc")
    expires_at = models.DateTimeField("hết hạn lúc")

    class Meta:
        verbose_name = "biểu mẫu giữ lại khi hết phiên"
        verbose_name_plural = "biểu mẫu giữ lại khi hết phiên"
        indexes = [models.Index(fields=["expires_at"], name="saved_form_expiry_idx")]

    def __str__(self) -> str:
        return f"{self.owner_id} {self.path}"
