"""The civil-status register's books: numbering without gaps through the year (on PostgreSQL
under concurrency too), the yearly restart, closing a book early and at year end, and voiding
an entry made in error (Circular 04/2020/TT-BTP; issue 26, part 1)."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections, transaction

from motcua.accounts.actions import create_official
from motcua.civilreg.actions import (
    RegisterError,
    close_book,
    close_year,
    register_entry,
    void_entry,
)
from motcua.civilreg.choices import BookKind, EntryStatus
from motcua.civilreg.models import Book, Entry, YearEndSummary
from motcua.units.models import Unit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
VINH_PHUC = "08716"
DAO_TRU = "08914"


@pytest.fixture
def registrar(db):
    return create_official(
        "hotich_vp", full_name="Công chức Hộ tịch", unit=VINH_PHUC, role="registrar"
    ).user


def birth(unit: str, name: str, registrar, **extra) -> Entry:
    return register_entry(
        unit=Unit.objects.get(code=unit),
        kind=BookKind.BIRTH,
        data={"child": {"full_name": name}},
        subject_name=name,
        actor=registrar,
        **extra,
    )


def test_entries_numbered_in_order_per_commune_and_kind(registrar):
    # given births and a death registered in two communes
    first = birth(VINH_PHUC, "Nguyễn Minh Khang", registrar)
    second = birth(VINH_PHUC, "Trần Thu Hà", registrar)
    elsewhere = birth(DAO_TRU, "Lê Văn Bình", registrar)
    death = register_entry(
        unit=Unit.objects.get(code=VINH_PHUC),
        kind=BookKind.DEATH,
        data={},
        subject_name="Nguyễn Văn Bảo",
        actor=registrar,
    )

    # then each commune's book of each kind counts from 1, in book 01 of the year
    assert (first.number, second.number) == (1, 2)
    assert first.book == second.book and first.book.label.startswith("01/")
    assert elsewhere.number == 1 and elsewhere.book != first.book
    assert death.number == 1 and death.book.kind == BookKind.DEATH
    assert second.subject_name_folded == "tran thu ha"
    assert Book.objects.get(pk=first.book_id).last_number == 2


def test_a_rolled_back_registration_gives_its_number_back(registrar):
    # given one entry, then a registration whose transaction fails after it was numbered
    birth(VINH_PHUC, "Nguyễn Minh Khang", registrar)
    with pytest.raises(RuntimeError), transaction.atomic():
        birth(VINH_PHUC, "Hồ sơ lỗi", registrar)
        raise RuntimeError("the dossier's event could not be written")

    # when the next birth is registered
    entry = birth(VINH_PHUC, "Trần Thu Hà", registrar)

    # then it takes number 2: no hole in the book
    assert entry.number == 2
    assert list(Entry.objects.values_list("number", flat=True)) == [1, 2]


def test_numbers_restart_each_year_in_a_new_book(registrar):
    # given a birth registered late on 31 December (Vietnam time, 16:30 UTC)
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=TZ)):
        birth(VINH_PHUC, "Nguyễn Minh Khang", registrar)
        last_of_year = birth(VINH_PHUC, "Trần Thu Hà", registrar)

    # when the next is registered after midnight
    with time_machine.travel(datetime(2027, 1, 1, 0, 10, tzinfo=TZ)):
        first_of_year = birth(VINH_PHUC, "Lê Văn Bình", registrar)

    # then the new year has its own book 01 and numbers from 1 again
    assert (last_of_year.year, last_of_year.number, last_of_year.book.label) == (2026, 2, "01/2026")
    assert (first_of_year.year, first_of_year.number, first_of_year.book.label) == (
        2027,
        1,
        "01/2027",
    )


def test_a_book_closed_early_goes_on_in_the_next_book(registrar):
    # given a book with two entries that the registrar closes before the year ends
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=TZ)):
        birth(VINH_PHUC, "Nguyễn Minh Khang", registrar)
        second = birth(VINH_PHUC, "Trần Thu Hà", registrar)
        summary = close_book(second.book, actor=registrar)

        # when the next birth is registered
        third = birth(VINH_PHUC, "Lê Văn Bình", registrar)

    # then it opens book 02 of the year and the year's numbering goes on
    assert third.book.label == "02/2026" and third.number == 3
    assert (summary.entries, summary.first_number, summary.last_number) == (2, 1, 2)
    with pytest.raises(RegisterError, match="đã được khóa sổ"):
        close_book(second.book, actor=registrar)


def test_a_void_entry_keeps_its_number_and_is_counted_at_year_end(registrar):
    # given three births of 2026, the second made in error, the first corrected
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=TZ)):
        first = birth(VINH_PHUC, "Nguyễn Minh Khang", registrar)
        wrong = birth(VINH_PHUC, "Ghi nhầm", registrar)
        birth(VINH_PHUC, "Trần Thu Hà", registrar)
        register_entry(
            unit=first.unit,
            kind=BookKind.CHANGE,
            data={"changes": {"child.full_name": "Nguyễn Minh Khôi"}},
            subject_name="Nguyễn Minh Khôi",
            actor=registrar,
            amends=first,
        )

        # when the wrong one is voided without a reason, then with one
        with pytest.raises(RegisterError, match="Lý do hủy"):
            void_entry(wrong, reason="  ", actor=registrar)
        void_entry(wrong, reason="Ghi trùng hồ sơ đã đăng ký", actor=registrar)

    # then it stays in the book, void, with who and why
    wrong.refresh_from_db()
    assert wrong.status == EntryStatus.VOID and wrong.voided_by == registrar
    assert Entry.objects.filter(kind=BookKind.BIRTH).count() == 3
    with pytest.raises(RegisterError, match="đã được hủy"):
        void_entry(wrong, reason="Lần nữa", actor=registrar)
    # an entry with a standing correction cannot be voided before the correction
    with pytest.raises(RegisterError, match="thay đổi, cải chính"):
        void_entry(first, reason="Nhầm", actor=registrar)

    # and the year-end closing, refused before 31 December, counts it
    with (
        time_machine.travel(datetime(2026, 12, 30, 9, 0, tzinfo=TZ)),
        pytest.raises(RegisterError, match="31/12/2026"),
    ):
        close_year(first.unit, 2026, actor=registrar)
    with time_machine.travel(datetime(2026, 12, 31, 16, 0, tzinfo=TZ)):
        summaries = close_year(first.unit, 2026, actor=registrar)
    births = YearEndSummary.objects.get(book__kind=BookKind.BIRTH)
    assert len(summaries) == 2  # the birth book and the change book
    assert (births.entries, births.corrections, births.void_entries) == (3, 1, 1)


def test_an_amendment_goes_in_the_change_book_of_a_standing_entry(registrar):
    entry = birth(VINH_PHUC, "Nguyễn Minh Khang", registrar)
    with pytest.raises(RegisterError, match="Sổ thay đổi, cải chính"):
        birth(VINH_PHUC, "Nguyễn Minh Khôi", registrar, amends=entry)
    void_entry(entry, reason="Ghi nhầm xã", actor=registrar)
    with pytest.raises(RegisterError, match="đã hủy"):
        register_entry(
            unit=entry.unit,
            kind=BookKind.CHANGE,
            data={},
            subject_name="Nguyễn Minh Khôi",
            actor=registrar,
            amends=entry,
        )


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (SELECT FOR UPDATE); SQLite serialises all writers",
)
def test_concurrent_registrations_take_consecutive_numbers(master_data_restored, transactional_db):
    # given two registrars of one commune registering at the same moment, 5 births each,
    # the very first of which also opens the year's book
    registrars = [
        create_official(f"hotich_{n}", full_name=f"Hộ tịch {n}", unit=VINH_PHUC, role="registrar")
        for n in (1, 2)
    ]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(user) -> None:
        try:
            barrier.wait(timeout=10)
            for n in range(5):
                birth(VINH_PHUC, f"Trẻ {user.username} {n}", user)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(r.user,)) for r in registrars]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then the ten entries are numbered 1..10 in one book, with no hole and no repeat
    assert errors == []
    assert sorted(Entry.objects.values_list("number", flat=True)) == list(range(1, 11))
    assert Book.objects.count() == 1 and Book.objects.get().last_number == 10
