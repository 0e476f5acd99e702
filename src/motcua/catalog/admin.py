"""Admin of the procedure catalog (reference data), in Vietnamese.

Versions are never edited: a saved version is read-only, and the add form publishes a new
version through `publish_version` (prefilled from an existing one with "?from=<id>"), so
the admin keeps invariant 2 exactly as the API and the loader do.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from .actions import publish_version
from .content import ContentError, check_content, normalize_content
from .models import CONTENT_FIELDS, Procedure, ProcedureVersion


class ProcedureVersionInline(admin.TabularInline):
    model = ProcedureVersion
    extra = 0
    fields = ("number", "is_current", "name", "change_note", "published_by", "created_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    ordering = ["-number"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "current_name", "current_field", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "versions__name_folded"]
    fields = ["code", "is_active", "new_version_link"]
    readonly_fields = ["new_version_link"]
    inlines = [ProcedureVersionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Procedure]:
        current = ProcedureVersion.objects.filter(procedure=OuterRef("pk"), is_current=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                current_name_value=Subquery(current.values("name")[:1]),
                current_field_value=Subquery(current.values("field")[:1]),
            )
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code", "new_version_link"] if obj is not None else ["new_version_link"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Procedure], search_term: str
    ) -> tuple[QuerySet[Procedure], bool]:
        from motcua.core.text import fold

        results, _ = super().get_search_results(request, queryset, fold(search_term))
        return results.distinct(), False

    @admin.display(description="tên thủ tục (hiện hành)")
    def current_name(self, obj: Any) -> str:
        return obj.current_name_value or "—"

    @admin.display(description="lĩnh vực")
    def current_field(self, obj: Any) -> str:
        return obj.current_field_value or "—"

    @admin.display(description="phiên bản mới")
    def new_version_link(self, obj: Procedure | None) -> str:
        if obj is None or obj.pk is None:
            return "Lưu thủ tục trước, sau đó thêm phiên bản."
        current = obj.versions.filter(is_current=True).first()
        url = reverse("admin:catalog_procedureversion_add")
        query = f"?from={current.pk}" if current else f"?procedure={obj.pk}"
        return format_html('<a href="{}{}">Tạo phiên bản mới</a>', url, query)


class ProcedureVersionForm(forms.ModelForm):
    """The content of a new version; checked with the same rules as `publish_version`."""

    class Meta:
        model = ProcedureVersion
        fields = ["procedure", "change_note", *CONTENT_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not current until `publish_version` makes it so: model validation must not see a
        # second current version of the procedure.
        self.instance.is_current = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        content = {name: cleaned.get(name) for name in CONTENT_FIELDS}
        try:
            values = normalize_content(content)
            check_content(values)
        except ContentError as error:
            raise forms.ValidationError(error.errors) from error
        procedure = cleaned["procedure"]
        current = procedure.versions.filter(is_current=True).first()
        candidate = ProcedureVersion(procedure=procedure, **values)
        if current is not None and current.content_hash == candidate.compute_hash():
            raise forms.ValidationError(
                "Nội dung không thay đổi so với phiên bản hiện hành: không tạo phiên bản mới."
            )
        self.content = values
        return cleaned


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    form = ProcedureVersionForm
    list_display = ["procedure", "number", "name", "field", "is_current", "created_at"]
    list_filter = ["is_current", "field", "time_limit_kind", "online"]
    search_fields = ["procedure__code", "name_folded"]
    list_select_related = ["procedure"]
    ordering = ["procedure__code", "-number"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = ("procedure", "change_note", *CONTENT_FIELDS)
        if obj is None:
            return fields
        return ("number", "is_current", "published_by", "created_at", "content_hash", *fields)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.get_fields(request, obj) if obj is not None else ()

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        source_pk = request.GET.get("from", "")
        source = (
            ProcedureVersion.objects.filter(pk=source_pk).first() if source_pk.isdigit() else None
        )
        if source is not None:
            initial.update({name: getattr(source, name) for name in CONTENT_FIELDS})
            initial["procedure"] = source.procedure_id
        return initial

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool
    ) -> None:
        if change:
            # Read-only form: nothing can change; never write an existing version.
            return
        version = publish_version(
            obj.procedure,
            actor=request.user,
            change_note=form.cleaned_data.get("change_note", ""),
            **form.content,
        )
        # The admin goes on with `obj` (history log, redirect): point it at the new row.
        obj.pk = version.pk
        obj.number = version.number
        obj.is_current = version.is_current
        obj._state.adding = False
        obj._state.db = version._state.db
