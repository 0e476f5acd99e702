"""Admin of the citizens' side: the record of phone and e-mail changes, read only (it is an
audit record; changes are made by `citizens.contacts`, never here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ContactChange


@admin.register(ContactChange)
class ContactChangeAdmin(admin.ModelAdmin):
    list_display = ["account", "field", "method", "officer_name", "unit", "changed_at"]
    list_filter = ["field", "method"]
    search_fields = ["account__full_name", "officer_name"]
    list_select_related = ["account", "unit"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
