"""Django forms of the citizen's pages (parse and validate; the rules are in the actions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.conf import settings

from motcua.catalog.choices import DocumentForm
from motcua.core.forms import CutText, WholeNumber
from motcua.units.choices import Level
from motcua.units.models import Unit

from .actions import CitizenError, normalize_destination
from .models import ContactField, IdentityDocument

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
OTHER = "other"


class SupplementForm(forms.Form):
    """The online supplement (bổ sung hồ sơ trực tuyến): one file per document of the
    procedure that is handed in (not the e-form, not a document only shown), one more for
    anything else, and a note. The e-form, when corrected, is read by `dossiers.forms`."""

    note = forms.CharField(
        label="Ghi chú gửi cán bộ (nếu cần)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Ghi chú tối đa %(limit_value)d ký tự."},
    )
    # The dossier's version the page was drawn from (a hidden input): another change in
    # between is refused by the action, with a message, rather than overwritten.
    version = WholeNumber(
        label="Phiên bản hồ sơ trên trang",
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "Trang đã cũ, hãy tải lại trang rồi gửi lại.",
            "min_value": "Trang đã cũ, hãy tải lại trang rồi gửi lại.",
        },
    )

    def __init__(self, *args: Any, documents: Sequence[Mapping[str, Any]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        limit = settings.MOTCUA_MAX_UPLOAD_MB
        self.document_fields: list[str] = []
        for doc in documents:
            doc_id = str(doc.get("id", ""))
            if doc_id.startswith("to-khai") or doc.get("form") == DocumentForm.PRESENT:
                continue
            self._file_field(doc_id, str(doc.get("name", doc_id)), limit)
        self._file_field(OTHER, "Giấy tờ khác được yêu cầu", limit)

    def _file_field(self, doc_id: str, label: str, limit: float) -> None:
        name = f"tep_{doc_id}"
        self.fields[name] = forms.FileField(
            label=label,
            required=False,
            help_text=f"PDF, JPEG hoặc PNG, tối đa {limit:g} MB.",
            widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        )
        self.document_fields.append(name)

    def uploads(self) -> list[tuple[str, Any]]:
        """(document id or "" for another paper, the uploaded file) for each file chosen."""
        out = []
        for name in self.document_fields:
            upload = self.cleaned_data.get(name)
            if upload:
                doc_id = name[len("tep_") :]
                out.append(("" if doc_id == OTHER else doc_id, upload))
        return out


class LoginForm(forms.Form):
    """The citizen's sign-in or registration (đăng nhập, đăng ký) by one-time code: first
    the phone or e-mail (and the name, to register), then the code sent there. The
    destination is read as `actions.normalize_destination` reads it (10 digits, or an e-mail
    in lower case); whether an account exists is the view's question (a query)."""

    destination = forms.CharField(required=False)
    full_name = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": "Họ và tên: tối đa %(limit_value)d ký tự."},
    )
    code = forms.CharField(required=False)
    register = forms.BooleanField(required=False)
    next = forms.CharField(required=False)

    def __init__(self, *args: Any, register: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registering = register  # `?dang_ky=1` in the address

    def clean_destination(self) -> str:
        try:
            return normalize_destination(self.cleaned_data["destination"])
        except CitizenError as error:
            raise forms.ValidationError(error.message) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        registering = self.registering or data.get("register")
        if registering and not data.get("code") and not data.get("full_name"):
            self.add_error("full_name", "Hãy nhập họ và tên.")
        return data

    def first_error(self) -> str:
        """The message shown above the form: the first problem, destination first."""
        return next(str(message) for errors in self.errors.values() for message in errors)


class FileStartForm(forms.Form):
    """The first step of online filing: the commune that decides (any of the province's)."""

    unit = CutText(5, error_messages={"required": "Hãy chọn xã, phường."})

    def clean_unit(self) -> str:
        unit = self.cleaned_data["unit"]
        if not Unit.objects.filter(code=unit, level=Level.COMMUNE).exists():
            raise forms.ValidationError("Hãy chọn xã, phường.")
        return unit


class ConsentForm(forms.Form):
    """A volunteer records the citizen's consent (sự đồng ý): a code sent to the citizen's
    phone and typed back, or the signed slip uploaded. The code is checked by the action."""

    method = forms.CharField(required=False)
    phone = forms.CharField(required=False, strip=False)
    code = forms.CharField(required=False)
    slip = forms.FileField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == "slip" and not data.get("slip"):
            self.add_error("slip", "Chưa chọn tệp phiếu đồng ý.")
        return data


class FeedbackForm(forms.Form):
    """`/phan-anh/`: a report or proposal (phản ánh, kiến nghị). Every rule (a kind, a
    commune, the text, a contact for a visitor) is `actions.send_feedback`'s, which names the
    field of each problem; the form only reads what was typed, kept as typed."""

    kind = forms.CharField(required=False, strip=False)
    unit = forms.CharField(required=False, strip=False)
    text = forms.CharField(required=False, strip=False)
    dossier_code = forms.CharField(required=False, strip=False)
    name = forms.CharField(required=False, strip=False)
    phone = forms.CharField(required=False, strip=False)
    email = forms.CharField(required=False, strip=False)


class RatingForm(forms.Form):
    """The one rating of a returned dossier: an answer to each satisfaction question
    (`citizens.satisfaction`, none pre-chosen) and a reason. Which answers are required is
    the action's rule (`actions.rate_dossier`), which names the unanswered ones."""

    reason = forms.CharField(required=False, strip=False)

    def __init__(self, *args: Any, questions: Sequence[tuple[str, Any]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.codes = [code for code, _ in questions]
        for code in self.codes:
            self.fields[f"q_{code}"] = forms.CharField(required=False)

    def answers(self) -> dict[str, str]:
        """Question code → the answer chosen ("" when none)."""
        return {code: self.cleaned_data.get(f"q_{code}", "") for code in self.codes}


class FeedbackResponseForm(forms.Form):
    """An official's response to one feedback of the queue; the text's rules are the
    action's (`actions.respond_feedback`)."""

    id = WholeNumber()
    response = forms.CharField(required=False, strip=False)


class RetryForm(forms.Form):
    """The outbox page's "Gửi lại": which message to send again."""

    id = WholeNumber()


class DraftControlsForm(forms.Form):
    """The controls posted with an e-form (the filing wizard's step 1, the online
    supplement): "Thêm một dòng" of a list in the e-form (the same page again, one row
    longer, nothing checked yet)."""

    them_dong = CutText(100, widget=forms.HiddenInput)


class WizardStepForm(forms.Form):
    """Which step of the filing wizard a request is for (`?buoc=` or a posted `buoc`): one
    of the four, else the first (an old or hand-typed address starts the wizard over)."""

    buoc = forms.ChoiceField(choices=[(n, n) for n in ("1", "2", "3", "4")])

    @classmethod
    def step_of(cls, data: Mapping[str, Any]) -> str:
        form = cls(data)
        return str(form.cleaned_data["buoc"]) if form.is_valid() else "1"


class ContactChangeForm(forms.Form):
    """The citizen's change of phone or e-mail: which one and the new value (step 1), then
    the code from the old address (step 2), then the code from the new one (step 3)."""

    step = forms.ChoiceField(choices=[("start", ""), ("old", ""), ("new", "")], required=False)
    field = forms.ChoiceField(
        choices=ContactField.choices,
        required=False,
        error_messages={"invalid_choice": "Hãy chọn đổi số điện thoại hay thư điện tử."},
    )
    new_value = CutText(254)
    code = CutText(12)


class CounterContactForm(forms.Form):
    """A counter officer changes a citizen's phone or e-mail after checking their identity
    document: the account (by its current phone or e-mail), the new value, the document."""

    current = CutText(254)
    field = forms.ChoiceField(
        choices=ContactField.choices,
        error_messages={
            "required": "Hãy chọn đổi số điện thoại hay thư điện tử.",
            "invalid_choice": "Hãy chọn đổi số điện thoại hay thư điện tử.",
        },
    )
    new_value = CutText(254)
    document_kind = forms.ChoiceField(
        choices=IdentityDocument.choices,
        error_messages={
            "required": "Hãy chọn loại giấy tờ tùy thân đã đối chiếu.",
            "invalid_choice": "Hãy chọn loại giấy tờ tùy thân đã đối chiếu.",
        },
    )
    document_number = CutText(20)
    checked = forms.BooleanField(
        error_messages={
            "required": "Hãy xác nhận đã đối chiếu giấy tờ tùy thân với người đứng trước quầy."
        }
    )

    def first_error(self) -> str:
        return next(str(message) for errors in self.errors.values() for message in errors)
