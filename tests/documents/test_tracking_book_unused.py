"""Form 07 states the numbers leased to offline devices but not used (issue 6, part 2)."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from motcua.documents.tracking_book import UNUSED_SHEET_TITLE, tracking_book
from motcua.dossiers.actions.offline import lease_block, release_block

from ..dossiers.conftest import VINH_PHUC, WEDNESDAY, at, receive

pytestmark = pytest.mark.django_db


def test_tracking_book_lists_leased_and_released_ranges(time_machine, counter_vp):
    # given a device holding 1..10, one dossier numbered online after it (11), and the tail
    # 6..10 given back too late to return to the sequence
    time_machine.move_to(at(WEDNESDAY, 8), tick=False)
    lease_block(actor=counter_vp, device_id="quay-1", day=WEDNESDAY, size=10)
    receive(counter_vp)
    release_block(actor=counter_vp, device_id="quay-1", day=WEDNESDAY, first=6, last=10)
    # when the tracking book of the day is exported
    book = load_workbook(BytesIO(tracking_book(VINH_PHUC, WEDNESDAY, WEDNESDAY)))
    # then its second sheet states both ranges
    sheet = book[UNUSED_SHEET_TITLE]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [(row[1][-4:], row[2][-4:], row[3]) for row in rows] == [
        ("0001", "0005", "5"),
        ("0006", "0010", "5"),
    ]
    assert rows[0][4].startswith("Thiết bị còn giữ")
    assert rows[1][4].startswith("Đã trả lại")
    assert rows[0][5] == "quay-1"


def test_tracking_book_without_offline_leases_has_an_empty_unused_sheet(counter_vp):
    receive(counter_vp)
    book = load_workbook(BytesIO(tracking_book(VINH_PHUC, WEDNESDAY, WEDNESDAY)))
    assert book[UNUSED_SHEET_TITLE].max_row == 1
