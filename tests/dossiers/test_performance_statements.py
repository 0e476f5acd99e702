"""Statements per intake and per lifecycle action (issue 7, docs/performance.md): ceilings,
so a change that adds queries to the hot path shows up here before it shows in the bench."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import names
from motcua.dossiers.models import Dossier, NameWord

from .conftest import APPLICANT, DAO_TRU, receive


def _statements(captured: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


@pytest.mark.django_db
def test_search_reads_the_table_rows_of_its_page_only(counter_vp):
    """A name search's matches are chosen (scope, newest first, window) from the name
    words' index alone, without a probe of the dossier table for each match; the list's
    columns are read for the page's dossiers only: over a history larger than memory
    each row read is a disk read (10M: p99 157 ms, docs/performance.md, seventh and
    eighth passes). The commune's name and the assignee come by key for the page's rows,
    not through a join that PostgreSQL planned as a hash of the country's 3,355
    communes."""
    from motcua.dossiers.queries import dossiers_list

    matches = [receive(counter_vp) for _ in range(5)]  # five of "Nguyễn Văn An"
    names.word_counts()  # the process's sample of words, read once an hour
    with CaptureQueriesContext(connection) as captured:
        page = dossiers_list(counter_vp, q="nguyen van an").as_values()[1:3]
    assert [row["code"] for row in page] == [matches[3].code, matches[2].code]
    by_row = [q for q in captured.captured_queries if "d.applicant_name" in q["sql"]]
    assert len(by_row) == 1, _statements(captured)
    assert "nameword" not in by_row[0]["sql"]
    # the commune's name and the assignee by key, not a join over the country's communes
    assert " JOIN " not in by_row[0]["sql"].upper()
    assert by_row[0]["sql"].endswith(f"d.id IN ({matches[3].pk}, {matches[2].pk})")
    # the words the driving term starts (a loose index scan), then the keys with the count
    found = [q for q in captured.captured_queries if "nameword" in q["sql"]]
    assert len(found) == 2, found
    assert not any(Dossier._meta.db_table in q["sql"] for q in found), found


@pytest.mark.django_db
def test_api_search_counts_its_matches_with_the_page(counter_vp):
    """`GET /api/v1/dossiers?q=...`: the matches are read once, for the count and the
    page's ids together, then the page's rows; a page past the end still has the count,
    and a search without matches counts none."""
    from tests.fixtures.personas import api_client_for

    matches = [receive(counter_vp) for _ in range(5)]  # five of "Nguyễn Văn An"
    client = api_client_for(counter_vp)
    names.word_counts()  # the process's sample of words, read once an hour
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/v1/dossiers", {"q": "nguyen van an", "limit": 2, "offset": 1})
    assert body.status_code == 200, body.content
    listed = body.json()
    assert listed["count"] == 5
    assert [item["code"] for item in listed["items"]] == [matches[3].code, matches[2].code]
    # the words the driving term starts, then the keys with the count (ADR 0006)
    assert sum("nameword" in sql for sql in _statements(captured)) == 2, _statements(captured)
    past = client.get("/api/v1/dossiers", {"q": "nguyen van an", "limit": 2, "offset": 6}).json()
    assert (past["count"], past["items"]) == (5, [])
    none = client.get("/api/v1/dossiers", {"q": "tran thi lan", "limit": 2}).json()
    assert (none["count"], none["items"]) == (0, [])


def _plan_nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """A plan node of EXPLAIN (FORMAT JSON) and every node under it."""
    nodes = [plan]
    for child in plan.get("Plans", []):
        nodes += _plan_nodes(child)
    return nodes


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="index-only scans and INCLUDE are PostgreSQL's"
)
def test_id_number_search_reads_its_matches_from_the_index_alone(
    master_data_restored, transactional_db, counter_vp
):  # transactional: `_scans` runs a VACUUM
    """A search by ID number checks the scope and orders the person's dossiers by receipt
    from `dossier_applicant_id_idx` alone (migration 0015), not from a table row per
    dossier: over a history larger than memory each is a disk read (the statement the
    search ran, planned by `_scans`)."""
    from motcua.dossiers.queries import dossiers_list

    receive(counter_vp)
    with CaptureQueriesContext(connection) as captured:
        count, page = dossiers_list(counter_vp, q=APPLICANT.id_number).as_values().page(0, 20)
    assert count == 1 and len(page) == 1
    [search] = [q["sql"] for q in captured.captured_queries if "applicant_id_number =" in q["sql"]]
    assert _scans(search) == [("Index Only Scan", "dossier_applicant_id_idx")]


def _scans(sql: str) -> list[tuple[str, str | None]]:
    """The scans of tables in PostgreSQL's plan of `sql` (node type, index), planned as
    `_planned` plans it."""
    return [
        (node["Node Type"], node.get("Index Name"))
        for node in _planned(sql)
        if "Relation Name" in node
    ]


def _planned(sql: str, *, analyze: bool = False) -> list[dict[str, Any]]:
    """The nodes of PostgreSQL's plan of `sql` (run too, `analyze`), after a VACUUM of the
    tables the searches read (as autovacuum leaves a large table: its pages all-visible,
    so an index that covers the statement costs no table row) and with table scans
    turned off (in a test's few rows a table scan is cheaper). Needs a test outside a
    transaction."""
    with connection.cursor() as cursor:
        for model in (Dossier, NameWord):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return _plan_nodes(plan[0]["Plan"])


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="index-only scans and INCLUDE are PostgreSQL's"
)
def test_a_plain_list_reads_each_side_from_its_own_index(
    master_data_restored, transactional_db, counter_vp, counter_dt
):  # transactional: `_scans` runs a VACUUM
    """A list newest first counts and pages its two sides apart (`Listing.count`,
    `_halves_ids`): the commune's dossiers, and those its PSC received for other
    communes, leaving out the commune's own (and another status) from
    `dossier_psc_received_idx` alone (migration 0016). Counted as one OR, PostgreSQL read
    all of `dossier_id_scope_idx`, the province's history (busiest ward at 1M: 179 ms, 1.5
    s with a status); paged as one, it walked the province's received index backwards
    until it met 20 of the scope's (docs/performance.md, eighth pass)."""
    from motcua.dossiers.queries import dossiers_list

    from .conftest import VINH_PHUC

    here = receive(counter_vp)
    away = receive(counter_vp, unit=DAO_TRU)  # received at Vĩnh Phúc's PSC for Đạo Trù
    theirs = receive(counter_dt, unit=VINH_PHUC)
    for status in (None, 2):
        with CaptureQueriesContext(connection) as captured:
            listed = dossiers_list(counter_vp, status=status)
            assert listed.count() == 3
            assert listed[0:2] == [theirs, away] and listed[2:4] == [here]
        [count] = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
        assert _scans(count)[1] == ("Index Only Scan", "dossier_psc_received_idx")
        pages = [q["sql"] for q in captured.captured_queries if " UNION ALL " in q["sql"]]
        assert len(pages) == 2, _statements(captured)
        assert ("Index Only Scan", "dossier_psc_received_idx") in _scans(pages[0])


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="index-only scans and INCLUDE are PostgreSQL's"
)
@pytest.mark.parametrize("reader", ["counter_vp", "province_supervisor"])
def test_a_name_search_reads_the_keys_of_dossiers_with_both_words(
    master_data_restored, transactional_db, counter_vp, reader, request
):  # transactional: `_planned` runs a VACUUM
    """A search of two words reads, from the name words' index alone, the keys of the
    dossiers whose names have both ("van an": Nguyễn Văn An), not every key of one of the
    words (five of Lê Văn Hùng, five of Trần Minh An): a given name's range in a busy
    ward at 10M is ~13,000 keys (docs/performance.md, ninth pass; ADR 0006)."""
    from motcua.dossiers.queries import dossiers_list

    found = [
        receive(counter_vp, applicant=replace(APPLICANT, full_name=name))
        for name in ["Lê Văn Hùng", "Trần Minh An"] * 5 + ["Nguyễn Văn An"]
    ]
    # the keys of a province's other names (here all one dossier's, under a commune of
    # no one's), so that reading the whole index costs what it costs in a large table
    NameWord.objects.bulk_create(
        NameWord(place="99999", word=f"w{n:05}", other=other, name="x", dossier=found[0])
        for n in range(5_000)
        for other in ("", "an", "van")
    )
    user = request.getfixturevalue(reader)  # one commune, or the province's 148
    with CaptureQueriesContext(connection) as captured:
        count, page = dossiers_list(user, q="van an").as_values().page(0, 20)
    assert count == 1 and [row["applicant_name"] for row in page] == ["Nguyễn Văn An"]
    [window] = [q["sql"] for q in captured.captured_queries if "OVER ()" in q["sql"]]
    [keys] = [
        node
        for node in _planned(window, analyze=True)
        if node.get("Index Name") == "name_word_place_pair_idx" and "other" in node["Index Cond"]
    ]
    assert keys["Node Type"] == "Index Only Scan"
    assert all(f"({column} =" in keys["Index Cond"] for column in ("place", "word")), keys
    read = keys["Actual Rows"] * keys["Actual Loops"] + keys.get("Rows Removed by Filter", 0)
    assert read == 1, keys
    names.forget_word_counts()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="index-only scans and INCLUDE are PostgreSQL's"
)
def test_a_name_search_reads_each_keys_newest_entries_up_to_its_cap(
    master_data_restored, transactional_db, counter_vp, monkeypatch
):  # transactional: `_planned` runs a VACUUM
    """A name search reads, of each key, its newest entries only, backwards from the
    index alone, up to the count's cap (`COUNT_CAP`, or the window's end past it): a
    common name's thousands of matches at 10M are not each read, grouped and sorted for
    a page of 20 (docs/performance.md, eleventh pass)."""
    from motcua.dossiers import listing
    from motcua.dossiers.queries import dossiers_list

    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    found = [receive(counter_vp) for _ in range(8)]  # eight of "Nguyễn Văn An"
    for window, read in [((0, 2), 3), ((4, 6), 6)]:
        with CaptureQueriesContext(connection) as captured:
            count, page = dossiers_list(counter_vp, q="van an").as_values().page(*window)
        newest = [dossier.code for dossier in reversed(found)]
        assert count == 3 and [row["code"] for row in page] == newest[slice(*window)]
        [statement] = [q["sql"] for q in captured.captured_queries if "OVER ()" in q["sql"]]
        [keys] = [
            node
            for node in _planned(statement, analyze=True)
            if node.get("Index Name") == "name_word_place_pair_idx"
        ]
        assert (keys["Node Type"], keys["Scan Direction"]) == ("Index Only Scan", "Backward")
        assert keys["Actual Rows"] * keys["Actual Loops"] == read, keys
    names.forget_word_counts()


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["counter_vp", "province_supervisor"])
def test_a_list_of_dossiers_not_late_is_counted_without_reading_every_dossier(
    counter_vp, reader, request
):
    """`overdue=false` is counted as the list's count less its late dossiers', each from
    indexes (the scope's received indexes, the open dossiers' partial indexes), where
    a count of `NOT (late)` read every dossier in scope (eleventh pass)."""
    from motcua.dossiers.queries import dossiers_list

    receive(counter_vp)
    listed = dossiers_list(request.getfixturevalue(reader), overdue=False)
    with CaptureQueriesContext(connection) as captured:
        assert listed.count() == 1
    counts = _statements(captured)
    assert len(counts) == 2, counts  # the whole list's, then the late ones'
    assert not any("NOT (d.state" in sql for sql in counts), counts


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partial covering indexes are PostgreSQL's"
)
@pytest.mark.parametrize("queue", ["overdue", "unit"])
def test_the_provinces_queues_read_open_dossiers_in_due_order(
    master_data_restored, transactional_db, counter_vp, province_supervisor, queue
):  # transactional: `_planned` runs a VACUUM
    """The province's queues (one side: every commune) walk the open dossiers in due
    order and stop at the page (`dossier_open_due_idx`), and count them from that index
    alone, where per commune they gathered and sorted every overdue dossier of the
    province (10M: 58,618, 0.5 s; eleventh pass)."""
    from datetime import timedelta

    from django.utils import timezone

    from motcua.dossiers.queries import queue_rows

    found = [receive(counter_vp) for _ in range(3)]
    Dossier.objects.filter(pk=found[1].pk).update(due_at=timezone.now() - timedelta(days=1))
    listed = queue_rows(province_supervisor, queue)
    with CaptureQueriesContext(connection) as captured:
        count, page = listed.as_values().page(0, 2)
    assert count == (3 if queue == "unit" else 1)
    assert page[0]["code"] == found[1].code  # the soonest due first
    statements = [q["sql"] for q in captured.captured_queries if "dossiers_dossier d" in q["sql"]]
    for statement in statements:
        nodes = _planned(statement)
        assert not any(node["Node Type"] == "Sort" for node in nodes), nodes
        read = {node.get("Index Name") for node in nodes if "Index Name" in node}
        assert "dossier_open_due_idx" in read, nodes
