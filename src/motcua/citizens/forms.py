"""Django forms of the citizen's pages (parse and validate; the rules are in the actions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.conf import settings

from motcua.catalog.choices import DocumentForm

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
