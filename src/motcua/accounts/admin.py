"""Admin in Vietnamese for officials (with positions), citizen accounts and API tokens.

Login locks are django-axes' counters, shown here in Vietnamese (LoginLock; accounts.lockout).

New positions and deactivations made here go through accounts.actions, so the admin keeps
the same rules (one chairman, at most two vice-chairmen) as the CLI and the pages. Officials
and tokens are created with `motcua officials add` / `motcua token create`, which hand out
the password or the key once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from . import actions
from .lockout import cool_off
from .models import Account, ApiToken, LoginLock, Official, Position


class PositionInlineForm(forms.ModelForm):
    """Checks a new position against the rules before the admin saves anything."""

    class Meta:
        model = Position
        fields = ["unit", "agency", "title", "role", "is_active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None and cleaned.get("unit") and cleaned.get("role"):
            official = getattr(self.instance, "official", None)
            try:
                role = cleaned["role"]
                title = cleaned.get("title") or None
                unit = cleaned["unit"]
                actions.check_unit_for_role(unit, role, title or "")
                actions.resolve_agency(unit, cleaned.get("agency"))
                if official is not None:
                    actions.check_position_allowed(
                        official, unit=unit, role=role, title=title or ""
                    )
            except actions.AccountError as error:
                raise forms.ValidationError(str(error)) from error
        return cleaned


class PositionInline(admin.TabularInline):
    model = Position
    form = PositionInlineForm
    extra = 0
    can_delete = False
    fields = ["unit", "agency", "title", "role", "is_active", "ended_at"]
    readonly_fields = ["ended_at"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["agency"]
    verbose_name = "chức vụ"
    verbose_name_plural = "chức vụ (kiêm nhiệm)"


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["full_name", "username", "unit", "roles"]
    list_filter = ["positions__role", "positions__title"]
    search_fields = ["full_name", "user__username", "unit__code", "unit__name"]
    list_select_related = ["user", "unit"]
    readonly_fields = ["user", "created_at", "updated_at"]
    fields = ["user", "full_name", "unit", "created_at", "updated_at"]
    autocomplete_fields = ["unit"]
    inlines = [PositionInline]
    actions = ["reset_two_factor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Official]:
        return super().get_queryset(request).prefetch_related("positions")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="tên đăng nhập", ordering="user__username")
    def username(self, obj: Official) -> str:
        return obj.user.get_username()

    @admin.display(description="vai trò")
    def roles(self, obj: Official) -> str:
        labels = {p.get_role_display() for p in obj.positions.all() if p.is_active}
        return ", ".join(sorted(labels))

    @admin.action(description="Đặt lại xác thực hai bước (mất điện thoại)")
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[Official]) -> None:
        """The official enrols an app again at their next sign-in; logged (LogEntry, log)."""
        for official in queryset.select_related("user"):
            actions.reset_two_factor(
                official.user, actor=request.user, reason="quản trị viên đặt lại trong admin"
            )
        messages.success(
            request,
            f"Đã đặt lại xác thực hai bước cho {queryset.count()} cán bộ; "
            "họ sẽ đăng ký lại ứng dụng xác thực khi đăng nhập.",
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Position:
            super().save_formset(request, form, formset, change)
            return
        for inline in formset.forms:
            if not inline.has_changed() or not inline.cleaned_data:
                continue
            data = inline.cleaned_data
            position = inline.instance
            try:
                if position.pk is None:
                    created = actions.add_position(
                        form.instance,
                        unit=data["unit"],
                        role=data["role"],
                        title=data.get("title") or None,
                        agency=data.get("agency"),
                        actor=request.user,
                    )
                    if not data.get("is_active", True):
                        actions.deactivate_position(created, actor=request.user)
                elif "is_active" in inline.changed_data and not data["is_active"]:
                    actions.deactivate_position(position, actor=request.user)
                elif inline.changed_data:
                    messages.warning(
                        request,
                        "Không sửa chức vụ đã có: hãy cho thôi giữ và thêm chức vụ mới.",
                    )
            except actions.AccountError as error:
                messages.error(request, str(error))


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["full_name", "kind", "phone", "email", "unit", "created_at"]
    list_filter = ["kind"]
    search_fields = ["full_name", "phone", "email", "user__username"]
    list_select_related = ["unit"]
    # The phone and e-mail are the citizen's login: changed only with codes to the old and
    # the new address or at a counter with the identity checked (citizens.contacts), never
    # here, where an administrator could take an account over silently (issue 24).
    readonly_fields = ["user", "kind", "phone", "email", "created_at", "updated_at"]
    autocomplete_fields = ["unit"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "user",
        "read_only",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["read_only", "revoked_at", "expires_at"]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "key_hash",
        "read_only",
        "created_at",
        "expires_at",
        "last_used_at",
    ]
    fields = [*readonly_fields, "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Thu hồi các mã truy cập đã chọn")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            actions.revoke_token(token, actor=request.user)
        messages.success(request, f"Đã thu hồi {queryset.count()} mã truy cập.")


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):
    """Failed logins per (username, address); "Mở khóa" lifts a lock (accounts.unlock_login)."""

    list_display = ["username_shown", "address", "failures", "last_failure", "locked"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    actions = ["unlock"]
    fields = readonly_fields = (
        "username",
        "ip_address",
        "failures_since_start",
        "attempt_time",
        "path_info",
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # unlocking is logged (the "unlock" action); a bare delete would not be

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="tên đăng nhập", ordering="username")
    def username_shown(self, obj: LoginLock) -> str:
        return obj.username or ""

    @admin.display(description="địa chỉ máy", ordering="ip_address")
    def address(self, obj: LoginLock) -> str:
        return obj.ip_address or ""

    @admin.display(description="số lần sai", ordering="failures_since_start")
    def failures(self, obj: LoginLock) -> int:
        return obj.failures_since_start

    @admin.display(description="lần sai gần nhất", ordering="attempt_time")
    def last_failure(self, obj: LoginLock) -> Any:
        return obj.attempt_time

    @admin.display(description="đang khóa", boolean=True)
    def locked(self, obj: LoginLock) -> bool:
        return obj.failures_since_start >= settings.LOGIN_MAX_FAILURES and (
            obj.attempt_time + cool_off() > timezone.now()
        )

    @admin.action(description="Mở khóa đăng nhập (tại địa chỉ đã chọn)")
    def unlock(self, request: HttpRequest, queryset: QuerySet[LoginLock]) -> None:
        count = 0
        for lock in queryset:
            count += actions.unlock_login(
                lock.username or "", ip_address=lock.ip_address, actor=request.user
            )
        messages.success(request, f"Đã mở khóa {count} tên đăng nhập tại địa chỉ đã chọn.")
