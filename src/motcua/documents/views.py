"""Staff page of the tracking book (Sổ theo dõi hồ sơ, form 07): `/ho-so/so-theo-doi/`.

Thin: the unit must be in the official's scope (`scope_unit_codes`, invariant 6), the rows
come from `tracking_book.book_rows` (one query whatever their number), the Excel file from
the API endpoint that calls the same module. The page prints as the paper book (A4
landscape, `documents/so-theo-doi.css`); on a phone each row is a stacked card.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from motcua.accounts.models import Position
from motcua.accounts.queries import scope_unit_codes
from motcua.core.dates import date_text
from motcua.core.idnumber import mask_id_number
from motcua.dossiers.views.common import forbidden
from motcua.units.models import Unit

from .filters import TrackingBookFilter
from .tracking_book import HEADERS, book_rows

# The book's columns whose personal data the page masks (invariant 8); the Excel file, the
# official record, keeps them whole.
MASKED = frozenset({"Số định danh cá nhân", "Số điện thoại"})
# Printed (the paper book has every column) but left off the screen, where the width is
# the officer's: the masked numbers, the day submitted (mostly the day received), the
# procedure's code and the blank signature column.
PRINT_ONLY = frozenset({*MASKED, "Ngày nộp", "Mã thủ tục", HEADERS[-1]})


def _default_unit(user_id: int, units: list[tuple[str, str]]) -> str:
    """The commune of the official's first active position, else the first unit in scope."""
    codes = {code for code, _ in units}
    for code in (
        Position.objects.filter(official__user_id=user_id, is_active=True)
        .order_by("pk")
        .values_list("unit_id", flat=True)
    ):
        if code in codes:
            return code
    return units[0][0]


@login_required
def tracking_book_page(request: HttpRequest) -> HttpResponse:
    """`/ho-so/so-theo-doi/?don_vi=&tu=&den=`: the book of one unit in scope for a range of
    days (this month by default), with the Excel download and a print layout."""
    scope = scope_unit_codes(request.user)
    if not scope:
        return forbidden(request, "Sổ theo dõi hồ sơ dành cho cán bộ, công chức.")
    units = [
        (code, name)
        for code, name in Unit.objects.filter(code__in=scope)
        .order_by("level", "name_folded", "code")
        .values_list("code", "name")
    ]
    if not units:
        return forbidden(request, "Sổ theo dõi hồ sơ dành cho cán bộ, công chức.")
    unit = request.GET.get("don_vi", "").strip()[:5]
    if unit and unit not in scope:
        return forbidden(request, f"Bạn không có quyền xem sổ theo dõi hồ sơ của đơn vị {unit}.")
    today = timezone.localdate()
    initial = {
        "don_vi": unit or _default_unit(request.user.pk, units),  # type: ignore[arg-type]
        "tu": date_text(today.replace(day=1)),
        "den": date_text(today),
    }
    data = {key: request.GET.get(key) or value for key, value in initial.items()}
    form = TrackingBookFilter(data, units=units)
    table: list[list[tuple[str, str, bool]]] = []
    excel_url = ""
    chosen = ""
    if form.is_valid():
        code = form.cleaned_data["don_vi"]
        start: date = form.cleaned_data["tu"]
        end: date = form.cleaned_data["den"]
        table = [
            [
                (
                    header,
                    mask_id_number(value) if header in MASKED and value else value,
                    header in PRINT_ONLY,
                )
                for header, value in zip(HEADERS, row.cells, strict=True)
            ]
            for row in book_rows(code, start, end)
        ]
        chosen = dict(units)[code]
        excel_url = "/api/v1/reports/tracking-book.xlsx?" + urlencode(
            {"unit": code, "from": start.isoformat(), "to": end.isoformat()}
        )
    return render(
        request,
        "documents/tracking_book.html",
        {
            "form": form,
            "headers": [(header, header in PRINT_ONLY) for header in HEADERS],
            "table": table,
            "excel_url": excel_url,
            "unit_name": chosen,
        },
    )
