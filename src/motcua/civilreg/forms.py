"""Page input of the civil-status register, parsed by Django forms."""

from __future__ import annotations

from django import forms

from .choices import BookKind


class RegisterFilter(forms.Form):
    """`/ho-tich/?q=&loai=&nam=&trang=`: a name (diacritics optional) or an entry number
    ("125" or "125/2025"), the kind of act, the year, the page."""

    q = forms.CharField(label="Họ tên hoặc số đăng ký", required=False, max_length=100)
    loai = forms.ChoiceField(
        label="Loại việc",
        required=False,
        choices=[("", "Tất cả"), *[(kind.value, kind.label) for kind in BookKind]],
        error_messages={"invalid_choice": "Loại việc không có trong danh sách."},
    )
    nam = forms.IntegerField(
        label="Năm đăng ký",
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            "invalid": "Năm đăng ký phải là một số, ví dụ 2026.",
            "min_value": "Năm đăng ký phải từ 1900 trở đi.",
            "max_value": "Năm đăng ký phải trước năm 2100.",
        },
    )
    trang = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def clean_trang(self) -> int:
        return self.cleaned_data.get("trang") or 1
