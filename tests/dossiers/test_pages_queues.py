"""Work queues `/ho-so/`: officials only, scoped, sorted by due time, constant queries."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import APPLICANT, DAO_TRU, TZ, receive

URL = "/ho-so/"


def test_queues_redirect_anonymous_and_forbid_citizens(client, citizen):
    # denied: anonymous → login; a citizen → 403
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")
    client.force_login(citizen)
    assert client.get(URL).status_code == 403


def test_queue_of_the_unit_shows_only_dossiers_in_scope(client, counter_vp, counter_dt):
    # given a dossier of Phường Vĩnh Phúc and one of Xã Đạo Trù
    vinh_phuc = receive(counter_vp)
    dao_tru = receive(counter_dt, unit=DAO_TRU)

    # when each counter officer opens their unit's queue
    client.force_login(counter_dt)
    html_dt = client.get(URL, {"hang": "unit"}).content.decode()
    client.force_login(counter_vp)
    html_vp = client.get(URL, {"hang": "unit"}).content.decode()

    # then each sees only their own commune's dossier, with the ID number masked
    assert dao_tru.code in html_dt
    assert vinh_phuc.code not in html_dt
    assert vinh_phuc.code in html_vp
    assert dao_tru.code not in html_vp
    assert APPLICANT.id_number not in html_vp
    assert "*********456" in html_vp
    assert APPLICANT.full_name in html_vp


def test_queue_tabs_and_due_time_format(client, counter_vp):
    dossier = receive(counter_vp)
    client.force_login(counter_vp)
    html = client.get(URL).content.decode()
    for label in ("Hồ sơ tôi đang xử lý", "Hồ sơ của đơn vị", "Quá hạn", "Chờ công dân bổ sung"):
        assert label in html
    assert 'aria-current="page"' in html
    assert dossier.code in html  # the counter starts on the unit's queue
    local = dossier.due_at.astimezone(TZ)
    assert local.strftime("%d/%m/%Y %H:%M") in html


def test_queue_overdue_badge(client, counter_vp, time_machine):
    # given a dossier received long ago, now past its due time
    dossier = receive(counter_vp)
    time_machine.move_to(dossier.due_at + timedelta(days=3))
    client.force_login(counter_vp)
    html = client.get(URL, {"hang": "overdue"}).content.decode()
    assert dossier.code in html
    assert "badge late" in html


def test_queue_query_count_does_not_grow_with_rows(client, counter_vp):
    # given one dossier, then six
    client.force_login(counter_vp)
    receive(counter_vp)
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL, {"hang": "unit"}).status_code == 200
    for _ in range(5):
        receive(counter_vp)
    with CaptureQueriesContext(connection) as six:
        html = client.get(URL, {"hang": "unit"}).content.decode()

    # then the page costs the same number of queries
    assert html.count("<tr>") == 1 + 6
    assert len(six) == len(one)


def test_queue_query_count_bounded(client, counter_vp, django_assert_max_num_queries):
    client.force_login(counter_vp)
    for _ in range(3):
        receive(counter_vp)
    with django_assert_max_num_queries(12):
        client.get(URL, {"hang": "unit"})


def test_queue_page_finds_dossiers_by_name_id_or_code_within_scope(client, counter_vp, counter_dt):
    from dataclasses import replace

    # given Nguyễn Văn An's dossier and Trần Thị Lan's in Vĩnh Phúc
    an = receive(counter_vp)
    lan = receive(counter_vp, applicant=replace(APPLICANT, full_name="Trần Thị Lan"))
    client.force_login(counter_vp)
    # when the counter officer searches by name without diacritics
    page = client.get(URL, {"tim": "nguyen van an"}).content.decode()
    # then An's dossier is listed and Lan's is not ("an" starts no word of "Lan")
    assert an.code in page and lan.code not in page
    assert "Kết quả tìm “nguyen van an”" in page
    # by ID number and by code too
    assert an.code in client.get(URL, {"tim": APPLICANT.id_number}).content.decode()
    assert lan.code in client.get(URL, {"tim": lan.code}).content.decode()
    # nothing found says how names are matched
    assert "đầu một từ" in client.get(URL, {"tim": "xyz"}).content.decode()
    # another commune's officer finds nothing of Vĩnh Phúc's
    client.force_login(counter_dt)
    assert an.code not in client.get(URL, {"tim": "nguyen van an"}).content.decode()


def test_a_search_past_the_count_cap_says_there_are_that_many_or_more(
    client, counter_vp, monkeypatch
):
    from motcua.dossiers import listing

    # given three dossiers of Nguyễn Văn An and a name search that counts up to two
    monkeypatch.setattr(listing, "COUNT_CAP", 2)
    found = [receive(counter_vp) for _ in range(3)]
    client.force_login(counter_vp)
    # when the counter officer searches the name, then the page says "two or more"
    page = client.get(URL, {"tim": "nguyen van an"}).content.decode()
    assert "từ 2 hồ sơ trở lên, thêm từ để thu hẹp" in page
    # the pages go as far as the count: the newest two (the API pages past it)
    assert [dossier.code in page for dossier in found] == [False, True, True]
    # a search within the cap says how many it found
    assert "(1 hồ sơ)" in client.get(URL, {"tim": found[0].code}).content.decode()


def test_province_overdue_queue_by_commune(
    client, counter_vp, counter_dt, province_supervisor, time_machine
):
    # given an overdue dossier in each of two communes
    vinh_phuc = receive(counter_vp)
    dao_tru = receive(counter_dt, unit=DAO_TRU)
    time_machine.move_to(max(vinh_phuc.due_at, dao_tru.due_at) + timedelta(days=3))

    # when the province supervisor opens the overdue queue: both, each with its commune
    client.force_login(province_supervisor)
    html = client.get(URL, {"hang": "overdue"}).content.decode()
    assert vinh_phuc.code in html and dao_tru.code in html
    assert '<th scope="col">Xã, phường</th>' in html
    assert '<td data-label="Xã, phường">Xã Đạo Trù</td>' in html

    # then narrowed to one commune, only its dossier, and the tabs keep the commune
    html = client.get(URL, {"hang": "overdue", "xa": DAO_TRU}).content.decode()
    assert dao_tru.code in html and vinh_phuc.code not in html
    assert f"?hang=unit&amp;xa={DAO_TRU}" in html
    assert f'<option value="{DAO_TRU}" selected>' in html


def test_commune_filter_stays_within_scope(client, counter_vp, counter_dt):
    # a commune official has one commune: no column, no filter; another commune is ignored
    vinh_phuc = receive(counter_vp)
    receive(counter_dt, unit=DAO_TRU)
    client.force_login(counter_vp)
    html = client.get(URL, {"hang": "unit", "xa": DAO_TRU}).content.decode()
    assert vinh_phuc.code in html
    assert "Lọc theo xã, phường" not in html and "Xã, phường</th>" not in html
