"""Django forms of the dossier pages' fixed inputs (STYLE.md: views never read `request.POST`
key by key).

They parse and validate; the rules stay in the actions (`receive_dossier_outcome` decides
whether a fee or a channel is acceptable for the procedure). The templates show the values
as typed (the bound form's data), so nothing is lost when a page comes back with an error.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django import forms

from motcua.core.forms import CutText, DayField, WholeNumber

from ..choices import PaymentMethod


def first_errors(form: forms.Form) -> dict[str, list[str]]:
    """The form's errors as the pages show them: field name → Vietnamese messages."""
    return {name: [str(message) for message in errors] for name, errors in form.errors.items()}


class QueueFilterForm(forms.Form):
    """The filters of `/ho-so/` (hàng đợi, tìm kiếm): the queue, the commune of the scope,
    the search text and the page. A filter that does not apply falls back to its default,
    it never stops the page."""

    hang = CutText(32)
    xa = CutText(5)
    tim = CutText(100)
    trang = CutText(12)

    def __init__(
        self, data: Mapping[str, Any], *, queues: Collection[str], scope: Collection[str]
    ) -> None:
        super().__init__(data)
        self.queues = queues
        self.scope = scope

    def clean_hang(self) -> str:
        queue = self.cleaned_data["hang"]
        return queue if queue in self.queues else ""

    def clean_xa(self) -> str:
        commune = self.cleaned_data["xa"]
        return commune if commune in self.scope else ""


class AccessLogFilter(forms.Form):
    """The filters of the access log (`/ho-so/nhat-ky-truy-cap/`): a dossier code, an
    official (user name or part of the name), the days (dd/mm/yyyy), the page. A day that
    is not a day, or an end before the start, is an error named on its field; the other
    inputs never stop the page."""

    ma = CutText(40, label="Mã hồ sơ")
    can_bo = CutText(120, label="Cán bộ (tên đăng nhập hoặc họ tên)")
    tu = DayField(label="Từ ngày", required=False)
    den = DayField(label="Đến ngày", required=False)
    trang = CutText(6)

    def clean_trang(self) -> int:
        page = self.cleaned_data["trang"]
        return int(page) if page.isdigit() and int(page) >= 1 else 1

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if start and end and start > end:
            self.add_error("den", "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
        return data


class IntakeForm(forms.Form):
    """The fixed inputs of the counter intake (`/ho-so/tiep-nhan/`): the procedure and the
    competent commune chosen in step 1, the channel, the fee as the officer typed it, the
    money taken at the counter, and the page's own controls. The applicant, the document
    checklist and the e-form depend on the procedure and are read by `eform`."""

    q = CutText(200)
    procedure = CutText(16)
    unit = CutText(5)
    idempotency_key = CutText(100)
    them_dong = CutText(100)  # "Thêm một dòng" of a list in the e-form
    tinh_phi = forms.BooleanField(required=False)  # "Tính phí": the same form, the fee shown
    viec_khac = forms.BooleanField(required=False)  # another matter than the online dossier
    assisted = forms.BooleanField(required=False)
    channel = forms.CharField(required=False)
    fee = forms.CharField(required=False)
    fee_reason = forms.CharField(required=False, strip=False)
    pay_method = forms.CharField(required=False)
    receipt_number = forms.CharField(
        required=False,
        max_length=40,
        error_messages={"max_length": "Số biên lai: tối đa 40 ký tự."},
    )

    def clean_channel(self) -> int:
        """The channel's number; 0 (refused by the action) when it is not a number."""
        try:
            return int(self.cleaned_data["channel"] or "1")
        except ValueError:
            return 0

    def clean_fee(self) -> int | None:
        """The amount typed, in đồng ("20.000" reads as 20000); None when left empty."""
        text = self.cleaned_data["fee"].replace(".", "")
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise forms.ValidationError("Phí, lệ phí là số đồng, ví dụ 20000.") from None

    def clean_pay_method(self) -> str:
        return self.cleaned_data["pay_method"] or PaymentMethod.CASH

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("receipt_number") and data.get("pay_method") not in PaymentMethod.values:
            self.add_error("pay_method", "Hình thức nộp: chọn tiền mặt, chuyển khoản hoặc thẻ.")
        return data


class ActionForm(forms.Form):
    """The hidden version of a dossier page's action form: the version the page showed, so a
    stale page gets a conflict instead of overwriting (invariant 5). The action's own fields
    depend on the action and are read by `eform.action_arguments`."""

    version = WholeNumber(
        error_messages={
            "required": "Thiếu phiên bản hồ sơ; hãy tải lại trang.",
            "invalid": "Thiếu phiên bản hồ sơ; hãy tải lại trang.",
        }
    )


class CorrectionForm(forms.Form):
    """The fixed inputs of a correction after intake (sửa thông tin, sửa tờ khai): the reason,
    the version the page showed (none: the action checks against the current one) and the
    e-form's "Thêm một dòng". The applicant and the e-form are read by `eform`; the rules
    (a reason, something changed) are `corrections`'."""

    reason = forms.CharField(required=False, strip=False)
    version = WholeNumber(required=False)
    them_dong = CutText(100)

    def given(self) -> dict[str, Any]:
        """The values read; a version that is not a number counts as none, as before."""
        self.is_valid()
        return {
            "reason": self.cleaned_data.get("reason", ""),
            "version": self.cleaned_data.get("version"),
            "them_dong": self.cleaned_data.get("them_dong", ""),
        }


class AttachmentForm(forms.Form):
    """The dossier page's upload: the document of the checklist the scans are for (none:
    each file names its own, or none). The files are checked by `attachments`."""

    document = CutText(100)
