"""Dossier reads: one scoping query for every caller, public lookup without personal data."""

from __future__ import annotations

import re

import pytest

from motcua.dossiers.queries import dossier_by_code, dossiers_for, dossiers_list, public_lookup

from .conftest import APPLICANT, DAO_TRU, VINH_PHUC, receive


def test_dossiers_for_scopes_by_competent_unit(
    counter_vp, counter_dt, specialist_vp, province_supervisor, citizen, anonymous
):
    # given one dossier settled by Vĩnh Phúc and one by Đạo Trù
    vp = receive(counter_vp, unit=VINH_PHUC)
    dt = receive(counter_dt, unit=DAO_TRU)

    # then officials of Vĩnh Phúc see only Vĩnh Phúc's, Đạo Trù's only Đạo Trù's
    assert set(dossiers_for(counter_vp)) == {vp}
    assert set(dossiers_for(specialist_vp)) == {vp}
    assert set(dossiers_for(counter_dt)) == {dt}
    # the province sees both; citizens and anonymous see none through this staff query
    assert set(dossiers_for(province_supervisor)) == {vp, dt}
    assert not dossiers_for(citizen).exists()
    assert not dossiers_for(anonymous).exists()


def test_dossier_received_elsewhere_is_seen_by_both_communes_only(
    counter_vp, counter_dt, django_user_model
):
    from motcua.accounts.actions import create_official

    # given Đạo Trù's counter receives a dossier Vĩnh Phúc settles (phi địa giới)
    dossier = receive(counter_dt, unit=VINH_PHUC)
    other = create_official("lienson.x", full_name="Xa Lạ", unit="04960", role="counter").user
    # then the competent commune and the receiving one see it, a third commune does not
    assert dossier_by_code(counter_vp, dossier.code) == dossier
    assert dossier_by_code(counter_dt, dossier.code) == dossier
    assert dossier_by_code(other, dossier.code) is None


# A statement reading dossiers by the PSC that received them.
RECEIVING_SIDE = re.compile(r'receiving_agency_id"? IN')


def test_the_province_lists_every_dossier_without_reading_a_receiving_side(
    counter_vp, counter_dt, province_supervisor
):
    """The province's scope holds every commune a dossier can belong to, so its lists read
    the communes' side alone (`queries._sides`): a dossier filed away is in them once, and
    no statement asks which PSC received what. A commune's lists still read both sides."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    here = receive(counter_vp)
    away = receive(counter_dt, unit=VINH_PHUC)  # filed at Đạo Trù for Vĩnh Phúc
    theirs = receive(counter_dt, unit=DAO_TRU)
    expected = [theirs, away, here]
    with CaptureQueriesContext(connection) as province:
        assert dossiers_list(province_supervisor).page(0, 10) == (3, expected)
        assert dossiers_list(province_supervisor, status=2).page(0, 10) == (3, expected)
        assert dossiers_list(province_supervisor, unit=VINH_PHUC).page(0, 10) == (2, [away, here])
        assert list(dossiers_for(province_supervisor).order_by("-pk")) == expected
    assert not [q for q in province.captured_queries if RECEIVING_SIDE.search(q["sql"])]
    with CaptureQueriesContext(connection) as commune:
        assert dossiers_list(counter_dt, status=2).page(0, 10) == (2, [theirs, away])
    assert [q for q in commune.captured_queries if RECEIVING_SIDE.search(q["sql"])]


def test_a_whole_code_is_read_by_equality_and_a_part_by_pattern_alone(counter_vp, counter_dt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dossier = receive(counter_vp)
    away = receive(counter_dt, unit=VINH_PHUC)
    for query in [dossier.code, dossier.code.lower(), f"  {dossier.code} "]:
        with CaptureQueriesContext(connection) as read:
            assert dossiers_list(counter_vp, q=query).page(0, 10) == (1, [dossier])
        assert not [q for q in read.captured_queries if "LIKE" in q["sql"].upper()]
    assert dossiers_list(counter_dt, q=away.code).page(0, 10) == (1, [away])  # received side
    assert dossiers_list(counter_dt, q=dossier.code).page(0, 10) == (0, [])  # out of scope
    assert dossiers_list(counter_vp, q=dossier.code[:-1] + "X").page(0, 10) == (0, [])
    # a part of a code still matches anywhere in it; code characters start no name, so
    # no name words are asked for (an OR with them read every dossier in scope)
    with CaptureQueriesContext(connection) as read:
        assert dossiers_list(counter_vp, q=dossier.code[-11:-1]).page(0, 10) == (2, [away, dossier])
    assert not [q for q in read.captured_queries if "dossiers_nameword w WHERE" in q["sql"]]


def test_dossiers_list_filters_by_status_and_query(counter_vp):
    dossier = receive(counter_vp)
    assert list(dossiers_list(counter_vp, status=2)) == [dossier]
    assert list(dossiers_list(counter_vp, status=4)) == []
    assert list(dossiers_list(counter_vp, q="nguyen van an")) == [dossier]
    assert list(dossiers_list(counter_vp, q=APPLICANT.id_number)) == [dossier]
    assert list(dossiers_list(counter_vp, q=dossier.code[-11:])) == [dossier]
    assert list(dossiers_list(counter_vp, q="tran thi")) == []


def test_public_lookup_has_no_personal_data(counter_vp, django_assert_num_queries):
    dossier = receive(counter_vp)
    with django_assert_num_queries(1):  # the fields it shows, nothing deferred read later
        found = public_lookup(f" {dossier.code} ")
    assert found is not None
    assert "applicant_id_number" not in found
    assert found["applicant_name"] == "Nguyễn V*** A**"
    # no text shown carries a piece of the ID number (times are not text: their
    # microseconds may hold any digits)
    texts = [value for value in found.values() if isinstance(value, str)]
    texts += [step["name"] for step in found["steps"]]
    assert not any(APPLICANT.id_number[-3:] in text for text in texts)
    assert found["procedure_name"] == "Đăng ký khai sinh"
    assert found["status"] == 2
    assert found["due_at"] == dossier.due_at
    assert APPLICANT.full_name not in str(found)
    assert APPLICANT.phone not in str(found)
    assert public_lookup("000.00.00.H00-250101-9999") is None


def test_name_search_matches_word_starts_in_any_order(counter_vp):
    from dataclasses import replace

    an = receive(counter_vp)  # Nguyễn Văn An
    lan = receive(counter_vp, applicant=replace(APPLICANT, full_name="Trần Thị Lan"))
    thanh = receive(counter_vp, applicant=replace(APPLICANT, full_name="Lê Thanh Hà"))
    # each word of the query starts a word of the name, diacritics, case and order ignored
    assert list(dossiers_list(counter_vp, q="Nguyễn Văn An")) == [an]
    assert list(dossiers_list(counter_vp, q="an nguyen")) == [an]
    assert list(dossiers_list(counter_vp, q="NG V A")) == [an]
    # "an" is the start of "An", not a piece of "Lan" or "Thanh"; "ha" finds "Hà" only
    assert list(dossiers_list(counter_vp, q="an")) == [an]
    assert list(dossiers_list(counter_vp, q="ha")) == [thanh]
    assert list(dossiers_list(counter_vp, q="thi lan")) == [lan]
    assert list(dossiers_list(counter_vp, q="van lan")) == []
    # punctuation alone matches nothing; a code fragment still finds by code
    assert list(dossiers_list(counter_vp, q="!!")) == []
    assert list(dossiers_list(counter_vp, q=an.code)) == [an]


def test_name_search_works_for_both_communes_of_a_dossier_filed_away(counter_vp, counter_dt):
    from motcua.accounts.actions import create_official

    dossier = receive(counter_dt, unit=VINH_PHUC)
    other = create_official("lienson.y", full_name="Xa Lạ", unit="04960", role="counter").user
    assert list(dossiers_list(counter_vp, q="nguyen van an")) == [dossier]
    assert list(dossiers_list(counter_dt, q="nguyen van an")) == [dossier]
    assert list(dossiers_list(other, q="nguyen van an")) == []


def test_name_search_windows_and_counts_hold_the_whole_list(
    counter_vp, counter_dt, province_supervisor
):
    """A name search with nothing else narrowing it reads its count and its windows from
    the name words alone (`Listing.words`); they hold what the whole list read from the
    dossier table holds, in the same order (newest filed first): a dossier filed away is
    found by both communes and counted once by the province, which sees both; a name
    with two words in the term's range ("An Anh") is one match."""
    from dataclasses import replace

    here = receive(counter_vp)  # Nguyễn Văn An, at Vĩnh Phúc
    away = receive(counter_dt, unit=VINH_PHUC)  # filed at Đạo Trù for Vĩnh Phúc
    twice = receive(counter_vp, applicant=replace(APPLICANT, full_name="Nguyễn An Anh"))
    theirs = receive(counter_dt, unit=DAO_TRU)
    receive(counter_vp, applicant=replace(APPLICANT, full_name="Trần Thị Lan"))
    for user, expected in [
        (counter_vp, [twice, away, here]),
        (counter_dt, [theirs, away]),
        (province_supervisor, [theirs, twice, away, here]),
    ]:
        listed = dossiers_list(user, q="an")
        assert listed.listing.words is not None
        assert list(listed) == expected  # the whole list, from the dossier table
        assert listed[0:10] == expected  # a window, from the name words
        assert listed.count() == len(expected)
        assert listed.page(1, 3) == (len(expected), expected[1:3])
        assert listed.page(5, 7) == (len(expected), [])
    # narrowed by a status too, the same search reads the dossier table, newest first
    narrowed = dossiers_list(counter_vp, q="an", status=2)
    assert narrowed.listing.words is None
    assert narrowed[0:10] == [twice, away, here]
    assert narrowed.page(0, 2) == (3, [twice, away])


def test_a_name_search_counts_up_to_its_cap_and_still_pages_the_newest(counter_vp, monkeypatch):
    """A name search counts its matches up to `COUNT_CAP` and says the count is capped;
    its windows are the newest matches all the same, past the cap too. A name with two
    words in the term's range ("Nguyễn An Anh") is one match."""
    from dataclasses import replace

    from motcua.dossiers import listing

    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    names = ["Nguyễn Văn An", "Nguyễn An Anh", "Trần Văn Anh", "Lê Thị Lan", "Lê Văn An"]
    found = [receive(counter_vp, applicant=replace(APPLICANT, full_name=n)) for n in names]
    newest = [found[4], found[2], found[1], found[0]]  # an "an" word, newest first
    listed = dossiers_list(counter_vp, q="an")
    total = 3
    assert (listed.count(), listed.capped(listed.count())) == (total, True)
    assert listed.page(0, 2) == (total, newest[0:2])
    assert listed.page(2, 4) == (total, newest[2:4])  # past the cap
    assert listed[0:10] == newest
    assert dossiers_list(counter_vp, q="van an").page(0, 5) == (3, [found[4], found[2], found[0]])


SEARCHED_NAMES = [
    "Nguyễn Văn An",
    "Nguyễn An Anh",
    "Trần Thị Anh",
    "Lê Văn Anh Tuấn",
    "An Văn Nguyễn",
    "Nguyễn Nguyễn Hà",
    "Hà Thị Hạnh",
    "Đỗ Đức Hải",
    "Lê Thanh Hà",
]
SEARCHES = [
    "an", "anh", "an anh", "anh an", "van an", "an van nguyen", "nguyen nguyen", "ng v a",
    "t", "ha", "ha thi", "thi ha", "d d h", "le anh tuan", "tuan le", "an an", "x", "van x",
    "an\U0010ffff", "\U0010ffff",
]  # fmt: skip


@pytest.mark.parametrize("ranking", ["sampled", "by length"])
def test_name_search_finds_what_each_word_start_finds(counter_vp, monkeypatch, ranking):
    """Whichever terms drive the read (the rarest by the sample, or by length where
    nothing is sampled) and whichever is the partner word, a name search finds the
    dossiers where each term starts a word of the name, newest filed first: terms that
    start the same word ("an anh"), a word twice, a name of four words, single letters,
    any order (ADR 0006)."""
    from dataclasses import replace

    from motcua.core.text import fold, search_terms
    from motcua.dossiers import names

    received = [
        receive(counter_vp, applicant=replace(APPLICANT, full_name=name)) for name in SEARCHED_NAMES
    ]
    names.forget_word_counts()
    if ranking == "by length":
        monkeypatch.setattr(names, "word_counts", names.WordCounts)
    for query in SEARCHES:
        terms = search_terms(query)
        expected = [
            dossier
            for dossier in reversed(received)
            if all(
                any(word.startswith(term) for word in fold(dossier.applicant_name).split())
                for term in terms
            )
        ]
        listed = dossiers_list(counter_vp, q=query)
        assert listed.listing.words is not None
        assert (listed.count(), listed[0:20]) == (len(expected), expected), query


def test_the_rarest_terms_drive_a_name_search(counter_vp):
    """The driving term is the one the newest names start fewest words with, its partner
    the next rarest that cannot start the same word; the rest are checked on the name."""
    from dataclasses import replace

    from motcua.dossiers import names

    for name in ["Nguyễn Văn Hùng", "Nguyễn Văn Bình", "Nguyễn Văn An", "Nguyễn Thị Anh"]:
        receive(counter_vp, applicant=replace(APPLICANT, full_name=name))
    names.forget_word_counts()
    assert names.word_counts().starting("an") == 2  # An, Anh
    assert names.ranked_terms(["nguyen", "van", "an"]) == ("an", "van", ["nguyen"])
    assert names.ranked_terms(["nguyen", "van", "anh"]) == ("anh", "van", ["nguyen"])
    # "an" may start the same word as "anh": not a partner, checked on the name
    assert names.ranked_terms(["an", "anh", "nguyen"]) == ("anh", "nguyen", ["an"])
    assert names.ranked_terms(["an", "anh"]) == ("anh", None, ["an"])
    # a word no sampled name has is the rarest; ties go to the longer
    assert names.ranked_terms(["van", "hung", "tuan"]) == ("tuan", "hung", ["van"])
    assert names.ranked_terms(["hu", "binh"]) == ("binh", "hu", [])
    names.forget_word_counts()


def test_a_prefix_range_ends_after_every_word_it_starts():
    """`names.after`: the end of a prefix's range of words, exact past the last character
    (U+10FFFF), which no character follows."""
    from motcua.dossiers.models import WORD_LENGTH
    from motcua.dossiers.names import after

    last = chr(0x10FFFF)
    assert after("an") == "ao"
    assert after("a" + last) == after("a" + last * 3) == "b"
    for prefix, inside, outside in [
        ("an", "anh" + last, "ao"),
        ("a" + last, "a" + last + "z", "b"),
    ]:
        assert prefix <= inside < after(prefix) <= outside
    assert last * WORD_LENGTH < after(last)
