"""Reads of the access log (`models.RecordAccess`): the province admin's page and its Excel
file, and what the applicant sees of who opened their dossier.

The province admin (quản trị cấp tỉnh) reads the whole province's log, newest first,
narrowed by dossier code, official (user name, or part of the full name as written) and
days; the applicant sees the
openings of their own dossier, by whom (name and post, never an address). Each read is a
fixed number of queries whatever the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from motcua.accounts.choices import Role
from motcua.accounts.queries import has_role
from motcua.core.text import spreadsheet_row

from .choices import AccessKind
from .models import Dossier, RecordAccess

# Who reads the province's access log (besides superusers).
LOG_READERS = frozenset({Role.PROVINCE_ADMIN})
# Rows on one page of the log, and the most an Excel file holds (a narrower range for more).
PAGE_ROWS = 50
EXPORT_MAX_ROWS = 50_000
# Openings of one dossier its applicant is shown (newest first).
SHOWN_TO_APPLICANT = 50


def may_read_log(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A superuser or an official with an active province-admin position."""
    if user.is_authenticated and user.is_active and getattr(user, "is_superuser", False):
        return True
    return has_role(user, *LOG_READERS)


def log_rows(
    *, code: str = "", official: str = "", start: date | None = None, end: date | None = None
) -> QuerySet[RecordAccess]:
    """The log narrowed (dossier code exact, official by user name or a part of the full
    name as written, local days `start`..`end` inclusive), newest first, with the
    dossier, the user, their official record and the file in the same query."""
    rows = RecordAccess.objects.select_related("dossier", "user__official", "attachment")
    if code:
        rows = rows.filter(dossier__code=code.strip().upper())
    official = official.strip()
    if official:
        rows = rows.filter(
            Q(user__username=official) | Q(user__official__full_name__icontains=official)
        )
    if start is not None:
        rows = rows.filter(at__gte=_local_midnight(start))
    if end is not None:
        rows = rows.filter(at__lt=_local_midnight(end + timedelta(days=1)))
    return rows.order_by("-at", "-pk")


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Opening:
    """One opening of a dossier as its applicant sees it."""

    at: datetime
    who: str
    what: str


def openings_of(dossier: Dossier) -> tuple[int, list[Opening]]:
    """How many times officials opened the dossier, and the newest `SHOWN_TO_APPLICANT`
    openings (when, who by name and post, what): two queries."""
    rows = RecordAccess.objects.filter(dossier_id=dossier.pk)
    total = rows.count()
    newest = rows.select_related("user__official").order_by("-at", "-pk")[:SHOWN_TO_APPLICANT]
    return total, [
        Opening(at=row.at, who=official_name(row.user), what=row.get_kind_display())
        for row in newest
    ]


def official_name(user: AbstractBaseUser) -> str:
    """The official's full name, else the user name (an account without an official record,
    such as a superuser)."""
    official = getattr(user, "official", None)
    return official.full_name if official is not None else user.get_username()


def what_of(row: RecordAccess) -> str:
    """What was opened, for the admin's page and file: the record, or which file (by its
    document of the dossier and its hash prefix; the file's name may be personal)."""
    if row.kind == AccessKind.FILE and row.attachment is not None:
        document = row.attachment.document or "giấy tờ khác"
        return f"Tệp đính kèm ({document}, sha256 {row.attachment.sha256[:12]}…)"
    return row.get_kind_display()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADINGS = ("Thời điểm", "Tài khoản", "Họ và tên", "Mã hồ sơ", "Nội dung đã xem", "Địa chỉ IP")


def log_workbook(rows: QuerySet[RecordAccess]) -> tuple[bytes, bool]:
    """The rows as an Excel workbook (at most `EXPORT_MAX_ROWS`, read in chunks), and
    whether there were more."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nhật ký truy cập")
    for column, width in zip("ABCDEF", (20, 22, 28, 28, 48, 18), strict=True):
        sheet.column_dimensions[column].width = width
    headings = []
    for heading in HEADINGS:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        headings.append(cell)
    sheet.append(headings)
    more = False
    for count, row in enumerate(rows[: EXPORT_MAX_ROWS + 1].iterator(chunk_size=2000)):
        if count == EXPORT_MAX_ROWS:
            more = True
            break
        sheet.append(
            spreadsheet_row(
                [
                    f"{timezone.localtime(row.at):%d/%m/%Y %H:%M:%S}",
                    row.user.get_username(),
                    official_name(row.user),
                    row.dossier.code,
                    what_of(row),
                    row.address or "",
                ]
            )
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), more
