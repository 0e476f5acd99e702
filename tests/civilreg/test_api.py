"""The register's API (issue 26, part 9): `/api/v1/civil-registry/entries` searches the
communes in the caller's scope with IDs masked, `POST .../entries/search` finds by personal ID
number in the body, `.../entries/{id}` gives one entry as it stands (logged); readers only."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.civilreg.actions import register_entry
from motcua.civilreg.choices import BookKind
from motcua.civilreg.models import EntryAccess
from motcua.units.models import Unit
from tests.civilreg.test_pages import DAO_TRU, VINH_PHUC, birth, registrar  # noqa: F401

API = "/api/v1/civil-registry/entries"


def death(unit: str, name: str, personal_id: str, actor):
    return register_entry(
        unit=Unit.objects.get(code=unit),
        kind=BookKind.DEATH,
        data={"deceased": {"full_name": name, "id_number": personal_id}},
        subject_name=name,
        personal_id=personal_id,
        personal_id_state="issued",
        actor=actor,
    )


def test_the_list_finds_in_scope_with_ids_masked(api_client, registrar):  # noqa: F811
    # given a death at Vĩnh Phúc with the deceased's ID, and one at Đạo Trù
    mine = death(VINH_PHUC, "Nguyễn Văn Bảo", "025040007788", registrar)
    death(DAO_TRU, "Nguyễn Văn Bảo", "025040009999", registrar)

    # when the registrar searches without diacritics
    answer = api_client(registrar).get(API, {"q": "nguyen van bao", "kind": "death"})

    # then only the commune's own entry, its ID masked
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == mine.pk and item["unit"] == VINH_PHUC
    assert item["book"] == mine.book.label and item["number"] == 1
    assert item["personal_id"] == "*********788"
    assert item["personal_id_state"] == "issued"


def test_a_search_by_personal_id_goes_in_the_body(api_client, registrar):  # noqa: F811
    mine = death(VINH_PHUC, "Nguyễn Văn Bảo", "025040007788", registrar)
    client = api_client(registrar)
    answer = client.post(
        f"{API}/search", {"personal_id": "025040007788"}, content_type="application/json"
    )
    assert answer.status_code == 200
    assert [item["id"] for item in answer.json()["items"]] == [mine.pk]
    bad = client.post(f"{API}/search", {"personal_id": "0250"}, content_type="application/json")
    assert bad.status_code == 422


def test_one_entry_in_full_and_logged(api_client, registrar):  # noqa: F811
    entry = birth(VINH_PHUC, "Lê Thị Hoa", registrar)
    client = api_client(registrar)
    answer = client.get(f"{API}/{entry.pk}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["content"]["mother"]["id_number"] == "025195004321"
    assert body["extracts"] == [] and body["amendments"] == []
    assert EntryAccess.objects.filter(entry=entry).count() == 1
    other = birth(DAO_TRU, "Lê Văn Bình", registrar)
    assert client.get(f"{API}/{other.pk}").status_code == 404
    assert client.get(f"{API}/{2**63}").status_code in (404, 422)


def test_only_readers_and_bad_filters(api_client, registrar, specialist_vp):  # noqa: F811
    answer = api_client(specialist_vp).get(API)
    assert answer.status_code == 403
    assert "công chức hộ tịch" in answer.json()["detail"]
    client = api_client(registrar)
    assert client.get(API, {"kind": "nothing"}).status_code == 422
    assert client.get(API, {"year": "1800"}).status_code == 422


def test_the_list_reads_a_fixed_number_of_queries(api_client, registrar):  # noqa: F811
    client = api_client(registrar)
    birth(VINH_PHUC, "Lê Thị Hoa", registrar)
    client.get(API)
    with CaptureQueriesContext(connection) as one:
        client.get(API)
    for n in range(6):
        birth(VINH_PHUC, f"Trẻ số {n}", registrar)
    with CaptureQueriesContext(connection) as seven:
        client.get(API)
    assert len(seven) == len(one)
