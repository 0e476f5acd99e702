"""Admin for the province's calendar data (reference data, in Vietnamese).

Overrides are saved through `workcal.actions`, so the admin refuses the same mistakes as
every other caller; office hours are checked by the model's `clean`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from . import actions
from .choices import Weekday
from .models import CalendarOverride, OfficeHours


class OfficeHoursForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label="Ngày làm việc trong tuần",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = OfficeHours
        fields = [
            "province",
            "name",
            "valid_from_day",
            "valid_from_month",
            "morning_start",
            "morning_end",
            "afternoon_start",
            "afternoon_end",
            "weekdays",
        ]


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    form = OfficeHoursForm
    list_display = [
        "name",
        "province",
        "valid_from_day",
        "valid_from_month",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
    ]
    list_filter = ["province"]
    list_select_related = ["province"]


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["province", "date", "kind", "name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        province, day = data.get("province"), data.get("date")
        kind, name = data.get("kind"), data.get("name")
        if province is not None and day is not None and kind and name is not None:
            actions.check_override(
                province=province.code,
                day=day,
                kind=kind,
                name=name,
                exclude_pk=self.instance.pk,
            )
        return data

    def validate_unique(self) -> None:
        """`check_override` reports a duplicate date in Vietnamese already."""


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    form = CalendarOverrideForm
    list_display = ["date", "province", "kind", "name"]
    list_filter = ["province", "kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    list_select_related = ["province"]

    def save_model(
        self, request: HttpRequest, obj: CalendarOverride, form: forms.ModelForm, change: bool
    ) -> None:
        if change:
            actions.change_override(
                obj, actor=request.user, day=obj.date, kind=obj.kind, name=obj.name
            )
        else:
            saved = actions.add_override(
                actor=request.user,
                province=obj.province_id,
                day=obj.date,
                kind=obj.kind,
                name=obj.name,
            )
            obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        actions.remove_override(actor=request.user, province=obj.province_id, day=obj.date)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for override in queryset:
            self.delete_model(request, override)
