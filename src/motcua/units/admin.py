"""Admin for units and agencies (reference data only)."""

from django.contrib import admin

from .actions import assign_demo_codes, ensure_agencies
from .models import Agency, Unit


class AgencyInline(admin.TabularInline):
    model = Agency
    extra = 0
    fields = ["kind", "name", "ecode", "ecode_is_demo", "is_active"]
    readonly_fields = ["kind", "name"]
    can_delete = False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "level",
        "division_type",
        "parent",
        "is_active",
        "has_public_service_centre",
        "has_health_station",
    ]
    list_filter = [
        "level",
        "division_type",
        "is_active",
        "has_public_service_centre",
        "has_health_station",
    ]
    search_fields = ["code", "name", "name_folded"]
    readonly_fields = ["code", "name", "codename", "level", "division_type", "parent"]
    fields = [*readonly_fields, "is_active", "has_public_service_centre", "has_health_station"]
    inlines = [AgencyInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The optional agencies follow the flags, as with `motcua units set`.
        if obj.level == "commune":
            ensure_agencies([obj])
            assign_demo_codes()


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "ecode", "ecode_is_demo", "is_active"]
    list_filter = ["kind", "ecode_is_demo", "is_active"]
    search_fields = ["name", "ecode", "unit__code", "unit__name"]
    readonly_fields = ["unit", "kind"]
    list_select_related = ["unit"]
