"""The staff's lists read a fixed number of queries whatever their rows (STYLE.md): the
search by name and by ID number on the queue page and through the API, and a few
behaviours of their counts and windows (past the end, not late, the province's queues)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.dossiers.models import Dossier
from tests.fixtures.personas import api_client_for

from .conftest import APPLICANT, receive

PAGE = "/ho-so/"
API = "/api/v1/dossiers"
SEARCHES = {"name": "nguyen van an", "id number": APPLICANT.id_number}


def _receive_many(official, count: int) -> list[Dossier]:
    return [receive(official) for _ in range(count)]  # each of "Nguyễn Văn An", one ID number


@pytest.mark.django_db
@pytest.mark.parametrize("by", SEARCHES)
def test_the_search_page_costs_the_same_queries_for_2_or_12_matches(client, counter_vp, by):
    # given two matches, then twelve
    client.force_login(counter_vp)
    _receive_many(counter_vp, 2)
    client.get(PAGE, {"tim": SEARCHES[by]})  # the process's sample of names, read once
    with CaptureQueriesContext(connection) as two:
        html = client.get(PAGE, {"tim": SEARCHES[by]}).content.decode()
    assert html.count("<tr>") == 1 + 2
    _receive_many(counter_vp, 10)
    with CaptureQueriesContext(connection) as twelve:
        html = client.get(PAGE, {"tim": SEARCHES[by]}).content.decode()
    # then the page shows them all and costs the same queries
    assert html.count("<tr>") == 1 + 12
    assert len(twelve) == len(two)


@pytest.mark.django_db
@pytest.mark.parametrize("by", SEARCHES)
def test_the_api_search_costs_the_same_queries_for_2_or_12_matches(counter_vp, by):
    client = api_client_for(counter_vp)
    _receive_many(counter_vp, 2)
    client.get(API, {"q": SEARCHES[by]})  # the token's first use and the sample of names
    with CaptureQueriesContext(connection) as two:
        assert client.get(API, {"q": SEARCHES[by]}).json()["count"] == 2
    _receive_many(counter_vp, 10)
    with CaptureQueriesContext(connection) as twelve:
        body = client.get(API, {"q": SEARCHES[by]}).json()
    assert (body["count"], len(body["items"])) == (12, 12)
    assert len(twelve) == len(two)


@pytest.mark.django_db
def test_the_api_queue_costs_the_same_queries_for_2_or_12_rows(counter_vp):
    client = api_client_for(counter_vp)
    _receive_many(counter_vp, 2)
    client.get(API, {"queue": "unit"})
    with CaptureQueriesContext(connection) as two:
        assert client.get(API, {"queue": "unit"}).json()["count"] == 2
    _receive_many(counter_vp, 10)
    with CaptureQueriesContext(connection) as twelve:
        assert len(client.get(API, {"queue": "unit"}).json()["items"]) == 12
    assert len(twelve) == len(two)


@pytest.mark.django_db
def test_an_api_search_pages_the_newest_matches_and_counts_them_past_the_end(counter_vp):
    """`GET /api/v1/dossiers?q=...`: the newest matches first; a page past the end still
    has the count, and a search without matches counts none."""
    matches = _receive_many(counter_vp, 5)
    client = api_client_for(counter_vp)
    listed = client.get(API, {"q": "nguyen van an", "limit": 2, "offset": 1}).json()
    assert listed["count"] == 5
    assert [item["code"] for item in listed["items"]] == [matches[3].code, matches[2].code]
    past = client.get(API, {"q": "nguyen van an", "limit": 2, "offset": 6}).json()
    assert (past["count"], past["items"]) == (5, [])
    none = client.get(API, {"q": "tran thi lan", "limit": 2}).json()
    assert (none["count"], none["items"]) == (0, [])


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["counter_vp", "province_supervisor"])
def test_a_list_of_dossiers_not_late_leaves_out_the_late_ones(counter_vp, reader, request):
    from motcua.dossiers.queries import dossiers_list

    on_time, late = _receive_many(counter_vp, 2)
    Dossier.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    user = request.getfixturevalue(reader)
    assert dossiers_list(user, overdue=False).page(0, 10) == (1, [on_time])
    assert dossiers_list(user, overdue=True).page(0, 10) == (1, [late])


@pytest.mark.django_db
@pytest.mark.parametrize("queue", ["overdue", "unit"])
def test_the_provinces_queues_put_the_soonest_due_first(counter_vp, province_supervisor, queue):
    from motcua.dossiers.queries import queue_rows

    found = _receive_many(counter_vp, 3)
    Dossier.objects.filter(pk=found[1].pk).update(due_at=timezone.now() - timedelta(days=1))
    count, page = queue_rows(province_supervisor, queue).as_values().page(0, 2)
    assert count == (3 if queue == "unit" else 1)
    assert page[0]["code"] == found[1].code


@pytest.mark.django_db
def test_a_name_search_shows_the_commune_and_the_assignee_of_each_row(counter_vp):
    from motcua.dossiers.queries import dossiers_list

    dossier = receive(counter_vp, applicant=replace(APPLICANT, full_name="Trần Thị Lan"))
    (row,) = dossiers_list(counter_vp, q="tran lan").as_values()[0:20]
    assert (row["code"], row["unit_id"]) == (dossier.code, dossier.unit_id)
    assert row["unit_name"] == dossier.unit.name
    assert row["procedure"] == dossier.procedure_code
