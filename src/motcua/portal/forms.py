"""Django forms of the public pages: what a visitor types or a receipt's QR carries."""

from __future__ import annotations

from django import forms

from motcua.core.forms import CutText

MAX_CODE_LENGTH = 32  # a dossier's code is shorter; a longer text finds nothing


class ProcedureSearchForm(forms.Form):
    """`/`: words of a procedure's name (without diacritics too) and a field to browse."""

    q = CutText(200)
    field = CutText(120)


class LookupForm(forms.Form):
    """`/tra-cuu/`: a dossier's code as printed on the receipt (found in any case) and the
    lookup token of the receipt's QR code, which opens the signed result."""

    ma = CutText(MAX_CODE_LENGTH)
    t = CutText(64, strip=False)

    def clean_ma(self) -> str:
        return self.cleaned_data["ma"].upper()
