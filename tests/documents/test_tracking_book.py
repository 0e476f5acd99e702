"""Form 07, the tracking book as Excel: the book's columns, one row per dossier received in
the range, and a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from motcua.documents.tracking_book import HEADERS, tracking_book
from tests.dossiers.conftest import APPLICANT, DAO_TRU, VINH_PHUC, WEDNESDAY, at, receive

EXPECTED_HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Người nộp",
    "Số định danh cá nhân",
    "Địa chỉ",
    "Số điện thoại",
    "Trích yếu",
    "Cơ quan có thẩm quyền giải quyết",
    "Phí, lệ phí",
    "Đã thu (số biên lai)",
    "Ngày nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày giải quyết xong",
    "Ngày trả kết quả",
    "Kênh nộp",
    "Trạng thái",
    "Mã thủ tục",
    "Cán bộ tiếp nhận",
    "Người nhận kết quả ký, ghi rõ họ tên",
]


def rows_of(content: bytes) -> list[list[object]]:
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_tracking_book_has_the_columns_and_one_row_per_dossier(counter_vp, counter_dt):
    # given two dossiers of Vĩnh Phúc received on Wednesday, one the day after, and one of
    # another commune received at its own centre on Wednesday
    first = receive(counter_vp, received_at=at(WEDNESDAY, 8, 5))
    second = receive(counter_vp, received_at=at(WEDNESDAY, 16, 45))
    receive(counter_vp, received_at=at(WEDNESDAY.replace(day=27), 9))
    receive(counter_dt, unit=DAO_TRU, received_at=at(WEDNESDAY, 10))

    # when the book of Vĩnh Phúc for Wednesday is exported
    content = tracking_book(VINH_PHUC, WEDNESDAY, WEDNESDAY)
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    rows = rows_of(content)

    # then the header is the book's columns, frozen, and each dossier is one row
    assert list(HEADERS) == EXPECTED_HEADERS
    assert rows[0] == EXPECTED_HEADERS
    assert sheet.freeze_panes == "A2"
    assert [row[1] for row in rows[1:]] == [first.code, second.code]
    assert rows[1] == [
        "1",
        first.code,
        "Nguyễn Văn An",
        "025090123456",
        APPLICANT.address,
        "0912000111",
        "Đăng ký khai sinh",
        "UBND phường Vĩnh Phúc",
        "0 đồng",
        None,
        rows[1][10],
        "26/11/2025 08:05",
        "26/11/2025 17:00",
        None,
        None,
        "Trực tiếp",
        "Đã tiếp nhận",
        "1.001193",
        "Nguyễn Thị Lan",
        None,
    ]
    # received at the counter after the fact: submitted is the receipt time
    assert rows[1][10] == "26/11/2025 08:05"
    # received after 15:00: due the next working day
    assert rows[2][12] == "27/11/2025 17:00"
    # printed as the paper book: A4 landscape, one page wide, the header on every page
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"


def test_tracking_book_of_a_dossier_filed_away_is_the_receiving_centres(counter_vp, counter_dt):
    # given a dossier of Phường Vĩnh Phúc received and numbered at the centre of Xã Đạo Trù
    dossier = receive(counter_dt, unit=VINH_PHUC, received_at=at(WEDNESDAY, 9))

    # when both books of the day are exported
    dao_tru = rows_of(tracking_book(DAO_TRU, WEDNESDAY, WEDNESDAY))
    vinh_phuc = rows_of(tracking_book(VINH_PHUC, WEDNESDAY, WEDNESDAY))

    # then it is in Đạo Trù's book, naming Vĩnh Phúc as competent, and not in Vĩnh Phúc's
    assert [row[1] for row in dao_tru[1:]] == [dossier.code]
    assert dao_tru[1][7] == "UBND phường Vĩnh Phúc"
    assert vinh_phuc == [EXPECTED_HEADERS]


def test_tracking_book_of_an_empty_range_has_only_the_header(db):
    rows = rows_of(tracking_book(VINH_PHUC, date(2020, 1, 1), date(2020, 1, 31)))
    assert rows == [EXPECTED_HEADERS]


def test_tracking_book_query_count_does_not_grow_with_rows(counter_vp, counter_dt):
    # given one dossier, the queries the book takes
    receive(counter_vp, received_at=at(WEDNESDAY, 8))
    with CaptureQueriesContext(connection) as one:
        tracking_book(VINH_PHUC, WEDNESDAY, WEDNESDAY)

    # when two more, one for another commune (filed away), are added
    receive(counter_vp, received_at=at(WEDNESDAY, 9))
    receive(counter_vp, unit=DAO_TRU, received_at=at(WEDNESDAY, 10))
    with CaptureQueriesContext(connection) as three:
        content = tracking_book(VINH_PHUC, WEDNESDAY, WEDNESDAY)

    # then the book has three rows and took the same number of queries
    assert len(rows_of(content)) == 4
    assert len(three.captured_queries) == len(one.captured_queries)


def test_tracking_book_names_who_collected_the_result(counter_vp, specialist_vp, leader_vp):
    # given a dossier returned to someone other than the applicant
    from motcua.dossiers.actions import return_result

    from .conftest import settle

    dossier = settle(receive(counter_vp), counter_vp, specialist_vp, leader_vp)
    return_result(
        dossier,
        actor=counter_vp,
        collector_name="Trần Thị Bình",
        collector_id_number="025190123456",
    )
    # when the book is exported
    today = dossier.received_at.astimezone(at(WEDNESDAY, 8).tzinfo).date()
    rows = rows_of(tracking_book(VINH_PHUC, today, today))
    # then the signature column names the collector, the ID number masked
    assert rows[1][-1].startswith("Người nhận: Trần Thị Bình (số định danh ")
    assert "025190123456" not in rows[1][-1]


def test_tracking_book_keeps_hostile_names_as_text(counter_vp):
    # given a dossier whose applicant's name was stored with a control character and starts
    # with a formula (data from before input was checked, or from an import)
    from dataclasses import replace

    name = "=cmd|' /C calc'!A0\x01"
    receive(
        counter_vp,
        applicant=replace(APPLICANT, full_name=name, address="+1+1"),
        received_at=at(WEDNESDAY, 9),
    )

    # when the book is exported (it raised IllegalCharacterError: 500)
    content = tracking_book(VINH_PHUC, WEDNESDAY, WEDNESDAY)

    # then the cells are text a spreadsheet shows as typed, never formulas
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    name_cell, address_cell = sheet.cell(row=2, column=3), sheet.cell(row=2, column=5)
    assert name_cell.data_type == "s"
    assert name_cell.value == "'=cmd|' /C calc'!A0"
    assert address_cell.data_type == "s"
    assert address_cell.value == "'+1+1"
