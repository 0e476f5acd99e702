"""Form 07, the tracking book (Sổ theo dõi hồ sơ): rows for the staff page and the Excel file.

One row per dossier a one-stop centre received and numbered in a date range (by the local
date of `received_at`, Asia/Ho_Chi_Minh): the book is the receiving centre's, so a dossier
received phi địa giới (filed away) is in the book of the centre that numbered it, with the
competent commune named in its own column. The columns are DOMAIN.md's (code, applicant, ID
number, phone, summary, submitted, received, due, finished, returned, channel, status,
procedure, receiving officer) with the book's running number (STT), the applicant's address,
the competent agency, the fee, and a blank column where the citizen signs for the result.
The rows come from one query (select_related), so a month of a busy ward costs the same
number of queries as one dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.page import PageMargins

from motcua.core.money import format_vnd
from motcua.core.text import spreadsheet_row
from motcua.dossiers.actions import collection_text
from motcua.dossiers.actions.offline import unused_ranges_of_unit
from motcua.dossiers.choices import PaymentKind
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workcal.deadlines import TZ

from .pdf import short_datetime

# (header, column width in characters), in the order of the book.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("STT", 6),
    ("Mã hồ sơ", 28),
    ("Người nộp", 26),
    ("Số định danh cá nhân", 16),
    ("Địa chỉ", 32),
    ("Số điện thoại", 13),
    ("Trích yếu", 40),
    ("Cơ quan có thẩm quyền giải quyết", 28),
    ("Phí, lệ phí", 14),
    ("Đã thu (số biên lai)", 22),
    ("Ngày nộp", 17),
    ("Ngày tiếp nhận", 17),
    ("Ngày hẹn trả", 17),
    ("Ngày giải quyết xong", 17),
    ("Ngày trả kết quả", 17),
    ("Kênh nộp", 14),
    ("Trạng thái", 30),
    ("Mã thủ tục", 12),
    ("Cán bộ tiếp nhận", 24),
    ("Người nhận kết quả ký, ghi rõ họ tên", 22),
)
HEADERS = tuple(header for header, _ in COLUMNS)
SHEET_TITLE = "Sổ theo dõi hồ sơ"
# The longest range one export or page covers.
MAX_RANGE_DAYS = 366


def local_day_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """[start of `date_from`, start of the day after `date_to`) in Vietnam time (invariant 3)."""
    start = datetime.combine(date_from, time.min, tzinfo=TZ)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=TZ)
    return start, end


def book_dossiers(unit_code: str, date_from: date, date_to: date) -> QuerySet[Dossier]:
    """The dossiers the centres of `unit_code` received in the range, oldest first, with the
    officer's name and the competent commune (one query)."""
    start, end = local_day_bounds(date_from, date_to)
    return (
        Dossier.objects.filter(
            receiving_agency__unit_id=unit_code, received_at__gte=start, received_at__lt=end
        )
        .select_related("received_by__official", "unit")
        .prefetch_related("payments")
        .defer("data")
        .order_by("received_at", "pk")
    )


def _officer(dossier: Dossier) -> str:
    user = dossier.received_by
    if user is None:  # submitted online, not yet received at a counter
        return ""
    official = getattr(user, "official", None)
    if official is not None:
        return str(official.full_name)
    return user.get_full_name() or user.get_username()


def _submitted(dossier: Dossier) -> datetime:
    """When the citizen submitted: the record's creation for an online dossier accepted later,
    the receipt itself at the counter (which may be entered after the fact)."""
    return min(dossier.created_at, dossier.received_at)


def paid_text(dossier: Dossier) -> str:
    """ "20.000 đồng (BL 0001234)": what was collected net of refunds, with the receipt
    numbers (the payments come prefetched with the book's dossiers)."""
    payments = list(dossier.payments.all())
    if not payments:
        return ""
    paid = sum(p.amount if p.kind == PaymentKind.COLLECT else -p.amount for p in payments)
    numbers = ", ".join(p.receipt_number for p in payments if p.receipt_number)
    return f"{format_vnd(paid)} (BL {numbers})" if numbers else format_vnd(paid)


def competent_agency(dossier: Dossier) -> str:
    """ "UBND phường Vĩnh Phúc": who settles the dossier (another commune when filed away)."""
    return f"UBND {dossier.unit.short_name}"


@dataclass(frozen=True)
class BookRow:
    """One line of the book as the staff page shows it; `cells` is the Excel row."""

    number: int
    dossier: Dossier
    cells: list[str]


def row_of(dossier: Dossier, number: int = 1, collected: str = "") -> list[str]:
    """One line of the book, dates as dd/mm/yyyy HH:MM in Vietnam time; `collected` (who
    took the result, or the postal tracking number) heads the column the recipient signs."""
    return [
        str(number),
        dossier.code,
        dossier.applicant_name,
        dossier.applicant_id_number,
        dossier.applicant_address,
        dossier.applicant_phone,
        dossier.procedure_name,
        competent_agency(dossier),
        format_vnd(dossier.fee),
        paid_text(dossier),
        short_datetime(_submitted(dossier)),
        short_datetime(dossier.received_at),
        short_datetime(dossier.due_at),
        short_datetime(dossier.finished_at),
        short_datetime(dossier.returned_at),
        dossier.get_channel_display(),
        dossier.get_status_display(),
        dossier.procedure_code,
        _officer(dossier),
        collected,
    ]


def _collections(dossiers: list[Dossier]) -> dict[int, str]:
    """Who collected each returned dossier's result, from its return event (one query)."""
    returned = [dossier.pk for dossier in dossiers if dossier.returned_at is not None]
    if not returned:
        return {}
    events = DossierEvent.objects.filter(dossier_id__in=returned, action="return").values_list(
        "dossier_id", "payload"
    )
    return {dossier_id: collection_text(payload) for dossier_id, payload in events}


def book_rows(unit_code: str, date_from: date, date_to: date) -> list[BookRow]:
    """The book of a unit for a range, numbered from 1 (the caller checks scope)."""
    dossiers = list(book_dossiers(unit_code, date_from, date_to))
    collected = _collections(dossiers)
    return [
        BookRow(number, dossier, row_of(dossier, number, collected.get(dossier.pk, "")))
        for number, dossier in enumerate(dossiers, start=1)
    ]


UNUSED_SHEET_TITLE = "Số chưa dùng"
UNUSED_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Ngày", 12),
    ("Từ mã hồ sơ", 30),
    ("Đến mã hồ sơ", 30),
    ("Số lượng", 10),
    ("Tình trạng", 44),
    ("Thiết bị", 20),
    ("Cán bộ nhận dải số", 20),
)
UNUSED_STATES = {
    "leased": "Thiết bị còn giữ, có thể còn được dùng cho hồ sơ tiếp nhận ngoại tuyến",
    "released": "Đã trả lại, không cấp cho hồ sơ nào (số bỏ trống)",
}


def _unused_numbers_sheet(
    workbook: Workbook, unit_code: str, date_from: date, date_to: date
) -> None:
    """Numbers leased to offline counter devices but not (yet) used, stated honestly.

    The book's numbers run without gaps except for these: a range a device still holds, or
    one it gave back after later numbers were issued. One query for the whole date range.
    """
    sheet = workbook.create_sheet(UNUSED_SHEET_TITLE)
    sheet.append([header for header, _ in UNUSED_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in unused_ranges_of_unit(unit_code, date_from, date_to):
        sheet.append(
            spreadsheet_row(
                [
                    f"{row['day']:%d/%m/%Y}",
                    row["first_code"],
                    row["last_code"],
                    str(row["last"] - row["first"] + 1),
                    UNUSED_STATES[row["state"]],
                    row["device_id"],
                    row["leased_by"],
                ]
            )
        )
    for index, (_, width) in enumerate(UNUSED_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"


def tracking_book(unit_code: str, date_from: date, date_to: date) -> bytes:
    """The .xlsx of form 07 for one unit and an inclusive date range.

    The caller checks that the unit is in the requester's scope (invariant 6). The header row
    is frozen and bold, the columns sized for the content, every cell plain text so Excel
    keeps ID numbers' leading zeros.
    """
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = SHEET_TITLE
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in book_rows(unit_code, date_from, date_to):
        sheet.append(spreadsheet_row(row.cells))
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    # Printed as the paper book: A4 landscape, one page wide, the header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.print_title_rows = "1:1"
    sheet.auto_filter.ref = sheet.dimensions
    _unused_numbers_sheet(workbook, unit_code, date_from, date_to)
    workbook.properties.title = f"{SHEET_TITLE} {unit_code} {date_from:%d/%m/%Y}-{date_to:%d/%m/%Y}"
    workbook.properties.creator = "motcua"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
