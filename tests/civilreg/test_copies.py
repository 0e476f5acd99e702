"""Copies of an extract from the register (procedure 2.000635; issue 26, part 3): approving
the request finds the entry in the province's register, wherever it was registered, and the
result is the copy printed from it."""

from __future__ import annotations

import pytest

from motcua.civilreg.actions import register_entry, void_entry
from motcua.civilreg.choices import BookKind
from motcua.civilreg.models import Entry, ExtractIssue
from motcua.documents.forms import DocumentNotAvailableError, render_form
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.civilreg.test_registration import settle
from tests.documents.conftest import BASE_URL, pdf_text
from tests.dossiers.conftest import form_example, receive

COPY = "2.000635"
DAO_TRU = "08914"


def registered_in_dao_tru(name: str, registrar) -> Entry:
    """A birth the commune of Đạo Trù registered (another commune of the province)."""
    return register_entry(
        unit=Unit.objects.get(code=DAO_TRU),
        kind=BookKind.BIRTH,
        data={"child": {"full_name": name, "gender": "female", "date_of_birth": "2026-01-05"}},
        subject_name=name,
        actor=registrar,
    )


def copy_request(counter, **data) -> Dossier:
    """A request for copies; a field given as None is left out of the form."""
    merged = {**form_example(COPY), **data}
    return receive(counter, procedure=COPY, data={k: v for k, v in merged.items() if v is not None})


def test_a_copy_is_issued_from_an_entry_registered_elsewhere_in_the_province(
    counter_vp, specialist_vp, leader_vp
):
    # given a birth registered at Đạo Trù, and a request for 2 copies at Vĩnh Phúc that
    # names the child without diacritics and gives the number as on the extract
    entry = registered_in_dao_tru("Lê Thị Hoa", leader_vp)
    request = copy_request(
        counter_vp,
        subject_full_name="le thi hoa",
        registration_number=f"{entry.number}/{entry.year}",
        copies=2,
    )

    # when the leader approves it
    dossier = settle(request, counter_vp, specialist_vp, leader_vp)

    # then the copy comes from that entry, and nothing new is registered
    issued = ExtractIssue.objects.get(dossier=dossier)
    assert (issued.entry, issued.original, issued.copies) == (entry, False, 2)
    assert Entry.objects.count() == 1
    assert dossier.events.get(action="approve").payload["civil_entry"]["unit"] == DAO_TRU
    text = pdf_text(render_form(dossier, "result", base_url=BASE_URL))
    assert "Bản sao, cấp từ Sổ hộ tịch" in text
    assert "LÊ THỊ HOA" in text
    assert f"Số: {entry.number}; Quyển số: {entry.book.label}" in text
    assert "Ủy ban nhân dân xã Đạo Trù" in text


def test_a_request_naming_no_entry_is_issued_from_the_paper_book(
    counter_vp, specialist_vp, leader_vp
):
    # given a register without the person asked for (their book not digitised yet)
    registered_in_dao_tru("Lê Thị Hoa", leader_vp)
    request = copy_request(
        counter_vp,
        subject_full_name="Lê Thị Hồng",
        registration_number=None,
        registration_date=None,
    )

    # when the leader approves, the approval stands and its event says why
    dossier = settle(request, counter_vp, specialist_vp, leader_vp)
    assert dossier.status == 9
    note = dossier.events.get(action="approve").payload["civil_copy"]
    assert "không có mục của Lê Thị Hồng" in note and "sổ hộ tịch giấy" in note

    # and no extract is issued from the register: the result is a result notice
    assert not ExtractIssue.objects.exists()
    with pytest.raises(DocumentNotAvailableError, match="sổ hộ tịch điện tử"):
        render_form(dossier, "result", base_url=BASE_URL)


def test_two_entries_of_one_name_need_the_number(counter_vp, specialist_vp, leader_vp):
    # given two children of the same name registered in the province
    first = registered_in_dao_tru("Lê Thị Hoa", leader_vp)
    second = registered_in_dao_tru("Lê Thị Hoa", leader_vp)
    unnumbered = {"registration_number": None, "registration_date": None}

    # then a request without the number issues nothing from the register, and says why
    dossier = settle(
        copy_request(counter_vp, subject_full_name="Lê Thị Hoa", **unnumbered),
        counter_vp,
        specialist_vp,
        leader_vp,
    )
    assert "có nhiều mục" in dossier.events.get(action="approve").payload["civil_copy"]
    assert not ExtractIssue.objects.exists()

    # and once the first is void, only the standing one is found
    void_entry(first, reason="Ghi trùng", actor=leader_vp)
    dossier = settle(
        copy_request(counter_vp, subject_full_name="Lê Thị Hoa", **unnumbered),
        counter_vp,
        specialist_vp,
        leader_vp,
    )
    assert ExtractIssue.objects.get(dossier=dossier).entry == second


def test_the_requesting_communes_own_entry_is_taken_when_several_communes_hold_one(
    counter_vp, specialist_vp, leader_vp
):
    # given a child of the same name registered as number 1 at Đạo Trù and at Vĩnh Phúc
    registered_in_dao_tru("Lê Thị Hoa", leader_vp)
    here = register_entry(
        unit=Unit.objects.get(code="08716"),
        kind=BookKind.BIRTH,
        data={"child": {"full_name": "Lê Thị Hoa"}},
        subject_name="Lê Thị Hoa",
        actor=leader_vp,
    )

    # when Vĩnh Phúc's counter asks for a copy of number 1
    dossier = settle(
        copy_request(
            counter_vp,
            subject_full_name="Lê Thị Hoa",
            registration_number=f"1/{here.year}",
        ),
        counter_vp,
        specialist_vp,
        leader_vp,
    )

    # then its own entry is copied
    assert ExtractIssue.objects.get(dossier=dossier).entry == here
