"""What the dossier pages share: the 403 page, the PDFs' addresses, loading a dossier."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Dossier
from ..queries import dossier_by_code, not_found


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """A 403 page in Vietnamese that says why."""
    return render(request, "403.html", {"message": message}, status=403)


def pdf_url(code: str, form: str) -> str:
    """The API address of one of the dossier's PDFs (forms 01-06, the result)."""
    return f"/api/v1/dossiers/{code}/documents/{form}.pdf"


def dossier_or_404(request: HttpRequest, code: str) -> Dossier:
    """The dossier in the user's scope, else 404 (out of scope looks absent, invariant 6)."""
    dossier = dossier_by_code(request.user, code)
    if dossier is None:
        raise Http404(not_found(code))
    return dossier
