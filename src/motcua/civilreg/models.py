"""Civil-status books and entries (sổ hộ tịch, Circular 04/2020/TT-BTP; ../shared/DOMAIN.md,
"Civil registry").

A `Book` is one commune's book of one kind for one year: book numbers restart at 01 each year
per kind, a book opens at its first entry and closes at its last (when the registrar closes
it) or on 31 December. An `Entry` is one registered act, numbered without gaps through the
year for its commune and kind (on into the next book if one closes early) when it is
registered on the server (`actions.register_entry`); an entry made in error is
voided with a reason, never deleted, so its number stays taken and the year-end summary
counts it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from motcua.core.models import TimeStampedModel, WriteOnce, WriteOnceQuerySet

from .choices import BookKind, EntryStatus, PersonalIdState


class Book(TimeStampedModel):
    """A civil-status book (sổ hộ tịch) of a commune: kind, year and number (01, 02, ... in
    the year). `last_number` is the number of its last entry; it is read and raised under a
    row lock in the registering transaction, so entry numbers run 1, 2, ... without holes."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="civil_books", verbose_name="xã"
    )
    kind = models.CharField("loại sổ", max_length=20, choices=BookKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveSmallIntegerField("quyển số")
    last_number = models.PositiveIntegerField("số của mục cuối", default=0)
    opened_at = models.DateTimeField("mở sổ lúc", null=True, blank=True)
    closed_at = models.DateTimeField("khóa sổ lúc", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người khóa sổ",
    )

    class Meta:
        verbose_name = "sổ hộ tịch"
        verbose_name_plural = "sổ hộ tịch"
        ordering = ["unit", "kind", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year", "number"], name="civil_book_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="civil_book_number_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, quyển số {self.label}"

    @property
    def label(self) -> str:
        """ "01/2026": how the book is cited on an extract (Quyển số)."""
        return f"{self.number:02d}/{self.year}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Entry(TimeStampedModel):
    """One registered civil-status act (một việc hộ tịch đã đăng ký) in a book.

    `data` holds the fields the law asks for the kind (DOMAIN.md: a birth's child and parents,
    a death's deceased, time, place and cause, a marriage's two parties) as registered; it is
    never rewritten: a correction is a new entry of the change book that `amends` this one.
    """

    book = models.ForeignKey(
        Book, on_delete=models.PROTECT, related_name="entries", verbose_name="sổ"
    )
    number = models.PositiveIntegerField("số")
    # The book's unit, kind and year, copied so searches over the province filter on the entry.
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="xã"
    )
    kind = models.CharField("loại việc", max_length=20, choices=BookKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    registered_at = models.DateTimeField("đăng ký lúc")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đăng ký",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="civil_entries",
        verbose_name="hồ sơ",
    )
    data = models.JSONField("nội dung đăng ký")
    # A marriage's entry names both parties ("A và B").
    subject_name = models.CharField("họ tên người được đăng ký", max_length=210)
    subject_name_folded = models.CharField(max_length=210, editable=False, db_index=True)
    subject_birth_date = models.DateField("ngày sinh", null=True, blank=True)
    personal_id = models.CharField("số định danh cá nhân", max_length=12, blank=True)
    personal_id_state = models.CharField(
        "tình trạng số định danh",
        max_length=16,
        choices=PersonalIdState.choices,
        default=PersonalIdState.NOT_APPLICABLE,
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name="sửa đổi cho mục",
    )
    status = models.CharField(
        "hiệu lực", max_length=8, choices=EntryStatus.choices, default=EntryStatus.ACTIVE
    )
    void_reason = models.CharField("lý do hủy", max_length=500, blank=True)
    voided_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người hủy",
    )

    class Meta:
        verbose_name = "mục đăng ký hộ tịch"
        verbose_name_plural = "mục đăng ký hộ tịch"
        ordering = ["book", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year", "number"], name="civil_entry_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="civil_entry_number_from_1"),
            models.CheckConstraint(
                condition=Q(status=EntryStatus.ACTIVE, voided_at__isnull=True)
                | (Q(status=EntryStatus.VOID, voided_at__isnull=False) & ~Q(void_reason="")),
                name="civil_entry_void_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "kind", "year"], name="civil_entry_unit_kind_year"),
            models.Index(fields=["subject_birth_date"], name="civil_entry_birth_date"),
            models.Index(fields=["personal_id"], name="civil_entry_personal_id"),
        ]

    def __str__(self) -> str:
        return f"Số {self.number}, quyển số {self.book.label}: {self.subject_name}"

    @property
    def is_void(self) -> bool:
        return self.status == EntryStatus.VOID


class ExtractIssue(TimeStampedModel):
    """An extract issued from the register as a dossier's result: the original when the
    dossier registered the entry, or copies (bản sao trích lục, procedure 2.000635) issued
    later from the entry, wherever in the province it was registered."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="civil_extracts",
        verbose_name="hồ sơ",
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.PROTECT, related_name="extracts", verbose_name="mục đăng ký"
    )
    original = models.BooleanField("bản chính")
    copies = models.PositiveSmallIntegerField("số bản", default=1)

    class Meta:
        verbose_name = "trích lục đã cấp"
        verbose_name_plural = "trích lục đã cấp"
        constraints = [
            models.UniqueConstraint(fields=["dossier"], name="civil_extract_one_per_dossier")
        ]

    def __str__(self) -> str:
        return f"{'Bản chính' if self.original else 'Bản sao'} trích lục {self.entry}"


class YearEndSummary(TimeStampedModel):
    """The year-end record of a closed book (Circular 04/2020/TT-BTP): how many entries it
    holds, how many were corrected and how many voided, as counted when it closed. The
    chairman signs it; the counts never change after (later corrections go in next year's)."""

    book = models.OneToOneField(
        Book, on_delete=models.PROTECT, related_name="summary", verbose_name="sổ"
    )
    entries = models.PositiveIntegerField("số mục đã đăng ký")
    corrections = models.PositiveIntegerField("số mục đã thay đổi, cải chính")
    void_entries = models.PositiveIntegerField("số mục đã hủy")
    first_number = models.PositiveIntegerField("từ số", null=True, blank=True)
    last_number = models.PositiveIntegerField("đến số", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người lập",
    )

    class Meta:
        verbose_name = "tổng hợp cuối năm của sổ"
        verbose_name_plural = "tổng hợp cuối năm của sổ"

    def __str__(self) -> str:
        return f"Tổng hợp {self.book}"


class EntryAccessTamperingError(Exception):
    """Someone tried to change or delete a row of the register's access log."""


class EntryAccessQuerySet(WriteOnceQuerySet["EntryAccess"]):
    pass


class EntryAccess(WriteOnce):
    """One opening of an entry's full record by an official (invariant 8), with the
    request's client address: written once, never changed or deleted."""

    entry = models.ForeignKey(
        Entry, on_delete=models.PROTECT, related_name="accesses", verbose_name="mục đăng ký"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người xem",
    )
    at = models.DateTimeField("thời điểm", default=timezone.now)
    address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    objects = EntryAccessQuerySet.as_manager()

    TAMPERING = EntryAccessTamperingError
    CHANGED = "Nhật ký truy cập sổ hộ tịch chỉ được ghi thêm, không được sửa."
    DELETED = "Nhật ký truy cập sổ hộ tịch chỉ được ghi thêm, không được xóa."

    class Meta:
        verbose_name = "lượt xem mục đăng ký hộ tịch"
        verbose_name_plural = "nhật ký xem sổ hộ tịch"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["entry", "-at"], name="civil_access_entry_at")]

    def __str__(self) -> str:
        return f"{self.user_id} xem {self.entry_id} lúc {self.at:%d/%m/%Y %H:%M}"
