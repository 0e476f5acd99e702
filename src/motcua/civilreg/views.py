"""The civil-status register's pages for officials: `/ho-tich/` (search the books of the
communes in the user's scope) and `/ho-tich/muc/<id>/` (one entry: its content as it
stands, corrections, extracts issued; each opening logged, invariant 8)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.core.idnumber import mask_id_number
from motcua.core.paging import page_of

from .choices import EntryStatus
from .forms import RegisterFilter
from .labels import readable
from .queries import (
    NOT_A_READER,
    current_content,
    entry_for,
    log_entry_opened,
    may_read_register,
    search_entries,
)

PAGE_ROWS = 50
FILTERS = ("q", "loai", "nam")


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "403.html", {"message": NOT_A_READER}, status=403)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Search the register: newest first, a page of 50 at a time."""
    if not may_read_register(request.user):
        return _forbidden(request)
    form = RegisterFilter(request.GET)
    context: dict[str, object] = {"form": form, "rows": []}
    if not form.is_valid():
        return render(request, "civilreg/register.html", context, status=422)
    data = form.cleaned_data
    entries = search_entries(request.user, q=data["q"], kind=data["loai"], year=data["nam"])
    query = {key: request.GET[key] for key in FILTERS if request.GET.get(key)}
    shown, paging = page_of(entries, data["trang"], PAGE_ROWS, query)
    context.update(
        {
            "rows": [
                {
                    "entry": entry,
                    "personal_id": mask_id_number(entry.personal_id) if entry.personal_id else "",
                }
                for entry in shown
            ],
            **paging,
        }
    )
    return render(request, "civilreg/register.html", context)


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry in full, as it stands today, with its corrections and the extracts issued."""
    if not may_read_register(request.user):
        return _forbidden(request)
    entry = entry_for(request.user, pk)
    if entry is None:
        raise Http404("Không tìm thấy mục đăng ký hộ tịch này.")
    log_entry_opened(request.user, entry)
    content = current_content(entry)
    amendments = entry.amendments.select_related("book").order_by("registered_at", "pk")
    extracts = entry.extracts.select_related("dossier").order_by("created_at", "pk")
    return render(
        request,
        "civilreg/entry.html",
        {
            "entry": entry,
            "parts": readable(content.data),
            "notes": content.notes,
            "amendments": amendments,
            "extracts": extracts,
            "void": entry.status == EntryStatus.VOID,
        },
    )
