"""The tracking book page `/ho-so/so-theo-doi/` (issue 22, part 10): a unit in scope, days
by picker, the book's columns, the Excel link, and a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.documents.tracking_book import HEADERS
from tests.dossiers.conftest import APPLICANT, DAO_TRU, VINH_PHUC, WEDNESDAY, at, receive

pytestmark = pytest.mark.django_db
PAGE = "/ho-so/so-theo-doi/"
DAY = {"tu": "26/11/2025", "den": "26/11/2025"}


def test_tracking_book_page_lists_the_units_book_with_its_columns(client, counter_vp):
    # given a dossier received at Vĩnh Phúc's centre on Wednesday
    dossier = receive(counter_vp, received_at=at(WEDNESDAY, 8, 5))
    client.force_login(counter_vp)

    # when the officer opens the book of her commune for that day
    response = client.get(PAGE, {"don_vi": VINH_PHUC, **DAY})

    # then the book's columns and the dossier's row, personal numbers masked, and the Excel
    html = response.content.decode()
    assert response.status_code == 200
    for header in (*HEADERS, "STT", "Địa chỉ", "Cơ quan có thẩm quyền giải quyết"):
        assert f">{header}</th>" in html
    assert "Người nhận kết quả ký" in html
    assert dossier.code in html
    assert APPLICANT.address in html
    assert "UBND phường Vĩnh Phúc" in html
    assert APPLICANT.id_number not in html
    assert "*********456" in html
    assert (
        "/api/v1/reports/tracking-book.xlsx?unit=08716&amp;from=2025-11-26&amp;to=2025-11-26"
        in html
    )
    assert 'class="stack book"' in html


def test_tracking_book_page_defaults_to_the_officials_commune_this_month(client, counter_vp):
    client.force_login(counter_vp)
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{VINH_PHUC}" selected>' in html
    assert "Tải tệp Excel" in html


def test_tracking_book_page_of_a_unit_out_of_scope_is_403(client, counter_vp, counter_dt):
    # given a dossier of Đạo Trù's centre
    other = receive(counter_dt, unit=DAO_TRU, received_at=at(WEDNESDAY, 9))
    client.force_login(counter_vp)

    # when an officer of Vĩnh Phúc asks for Đạo Trù's book
    response = client.get(PAGE, {"don_vi": DAO_TRU, **DAY})

    # then refused, and nothing of it shown
    assert response.status_code == 403
    assert other.code not in response.content.decode()


def test_tracking_book_page_for_the_province_supervisor_any_commune(
    client, counter_dt, province_supervisor
):
    dossier = receive(counter_dt, unit=DAO_TRU, received_at=at(WEDNESDAY, 9))
    client.force_login(province_supervisor)
    response = client.get(PAGE, {"don_vi": DAO_TRU, **DAY})
    assert response.status_code == 200
    assert dossier.code in response.content.decode()


def test_tracking_book_page_is_refused_to_a_citizen_and_anonymous(client, citizen):
    assert client.get(PAGE).status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get(PAGE).status_code == 403


def test_tracking_book_page_bad_dates_say_why(client, counter_vp):
    client.force_login(counter_vp)
    response = client.get(PAGE, {"don_vi": VINH_PHUC, "tu": "31/02/2025", "den": "01/01/2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in html
    assert 'aria-invalid="true"' in html
    assert "Tải tệp Excel" not in html


def test_tracking_book_page_query_count_does_not_grow_with_rows(client, counter_vp):
    # given one dossier, the queries the page takes
    receive(counter_vp, received_at=at(WEDNESDAY, 8))
    client.force_login(counter_vp)
    client.get(PAGE, {"don_vi": VINH_PHUC, **DAY})
    with CaptureQueriesContext(connection) as one:
        client.get(PAGE, {"don_vi": VINH_PHUC, **DAY})

    # when three more, one for another commune (filed away), are added
    receive(counter_vp, received_at=at(WEDNESDAY, 9))
    receive(counter_vp, received_at=at(WEDNESDAY, 10))
    receive(counter_vp, unit=DAO_TRU, received_at=at(WEDNESDAY, 11))
    with CaptureQueriesContext(connection) as four:
        response = client.get(PAGE, {"don_vi": VINH_PHUC, **DAY})

    # then four rows, the same number of queries
    assert response.content.decode().count('<td data-label="STT">') == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_staff_home_links_to_the_tracking_book(client, counter_vp):
    client.force_login(counter_vp)
    assert 'href="/ho-so/so-theo-doi/"' in client.get("/can-bo/").content.decode()
