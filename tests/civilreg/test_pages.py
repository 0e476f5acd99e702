"""The register's pages for officials (issue 26, part 9): `/ho-tich/` searches the books of
the communes in scope by folded name or entry number, `/ho-tich/muc/<id>/` shows one entry as
it stands (each opening logged); readers only, others told why."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.actions import create_official
from motcua.civilreg.actions import register_entry, void_entry
from motcua.civilreg.choices import BookKind
from motcua.civilreg.models import EntryAccess
from motcua.units.models import Unit

VINH_PHUC = "08716"
DAO_TRU = "08914"


@pytest.fixture
def registrar(db):
    return create_official(
        "hotich_vp", full_name="Phan Thị Thu", unit=VINH_PHUC, role="registrar"
    ).user


def birth(unit: str, name: str, actor, mother_id: str = "025195004321"):
    return register_entry(
        unit=Unit.objects.get(code=unit),
        kind=BookKind.BIRTH,
        data={
            "child": {"full_name": name, "gender": "female", "date_of_birth": "2026-01-05"},
            "mother": {"full_name": "Trần Thị Bình", "id_number": mother_id},
        },
        subject_name=name,
        actor=actor,
    )


def test_the_register_finds_by_folded_name_and_by_number_within_scope(client, registrar):
    # given births at Vĩnh Phúc and one at Đạo Trù (outside the registrar's scope)
    hoa = birth(VINH_PHUC, "Lê Thị Hoa", registrar)
    birth(VINH_PHUC, "Nguyễn Minh Khang", registrar)
    birth(DAO_TRU, "Lê Thị Hoa Đào Trù", registrar)
    client.force_login(registrar)

    # when the registrar types the name without diacritics
    page = client.get("/ho-tich/", {"q": "le thi hoa"})

    # then only the commune's own entry is listed
    text = page.content.decode()
    assert page.status_code == 200
    assert "Lê Thị Hoa" in text and "Đào Trù" not in text and "Nguyễn Minh Khang" not in text
    assert f"Số {hoa.number}, quyển {hoa.book.label}" in text

    # and by the number as written on the extract
    page = client.get("/ho-tich/", {"q": f"2/{hoa.year}"})
    assert "Nguyễn Minh Khang" in page.content.decode()
    assert "Lê Thị Hoa" not in page.content.decode()


def test_a_bad_year_is_named_and_the_search_kept(client, registrar):
    client.force_login(registrar)
    page = client.get("/ho-tich/", {"q": "Hoa", "nam": "hai nghìn"})
    text = page.content.decode()
    assert page.status_code == 422
    assert "Năm đăng ký phải là một số" in text
    assert 'value="Hoa"' in text


def test_an_entry_page_shows_its_current_content_and_logs_the_opening(client, registrar):
    # given a birth with its mother's ID, corrected once
    entry = birth(VINH_PHUC, "Lê Thị Hoa", registrar)
    register_entry(
        unit=entry.unit,
        kind=BookKind.CHANGE,
        data={"changes": {"child.full_name": "Lê Thị Hoà"}, "reason": "Cải chính họ tên"},
        subject_name="Lê Thị Hoà",
        actor=registrar,
        amends=entry,
    )
    client.force_login(registrar)

    # when the registrar opens it
    page = client.get(f"/ho-tich/muc/{entry.pk}/")

    # then the content as it stands, the note and the correction are shown, in Vietnamese
    text = page.content.decode()
    assert page.status_code == 200
    assert "Lê Thị Hoà" in text and "Đã cải chính họ tên theo Số 1" in text
    assert "05/01/2026" in text and "Nữ" in text and "025195004321" in text
    assert "full_name" not in text and "female" not in text
    # and the opening is in the register's access log
    assert EntryAccess.objects.filter(entry=entry, user=registrar).count() == 1


def test_an_entry_of_another_commune_looks_absent(client, registrar):
    other = birth(DAO_TRU, "Lê Văn Bình", registrar)
    client.force_login(registrar)
    assert client.get(f"/ho-tich/muc/{other.pk}/").status_code == 404
    assert not EntryAccess.objects.exists()


def test_a_void_entry_says_so(client, registrar):
    entry = birth(VINH_PHUC, "Ghi Nhầm", registrar)
    void_entry(entry, reason="Ghi trùng", actor=registrar)
    client.force_login(registrar)
    text = client.get(f"/ho-tich/muc/{entry.pk}/").content.decode()
    assert "Mục này đã bị hủy vì ghi nhầm" in text and "Ghi trùng" in text


def test_who_may_read_the_register(client, registrar, specialist_vp, counter_vp):
    # the registrar and the counter find it among their tools and open it
    for user in (registrar, counter_vp):
        client.force_login(user)
        assert 'id="so-ho-tich"' in client.get("/can-bo/").content.decode()
        assert client.get("/ho-tich/").status_code == 200
    # a specialist of another field neither sees the link nor opens it, and is told why
    client.force_login(specialist_vp)
    assert 'id="so-ho-tich"' not in client.get("/can-bo/").content.decode()
    page = client.get("/ho-tich/")
    assert page.status_code == 403
    assert "công chức hộ tịch" in page.content.decode()
    # an anonymous visitor is sent to log in
    client.logout()
    assert client.get("/ho-tich/").status_code == 302


def test_the_register_list_reads_a_fixed_number_of_queries(client, registrar):
    client.force_login(registrar)
    birth(VINH_PHUC, "Lê Thị Hoa", registrar)
    client.get("/ho-tich/")  # warm the session and the user's standing
    with CaptureQueriesContext(connection) as one:
        client.get("/ho-tich/")
    for n in range(6):
        birth(VINH_PHUC, f"Trẻ số {n}", registrar)
    with CaptureQueriesContext(connection) as seven:
        client.get("/ho-tich/")
    assert len(seven) == len(one)
