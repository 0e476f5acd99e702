"""Registering a civil-status act from its dossier (issue 26, part 2): approving a birth,
death, marriage or re-registered birth writes its entry in the commune's book in the approval's
transaction, and the dossier's result is the entry's extract with its book and number."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from motcua.civilreg.actions import register_entry
from motcua.civilreg.choices import BookKind, PersonalIdState
from motcua.civilreg.models import Entry
from motcua.documents.forms import render_form
from motcua.dossiers.actions import DossierInvalidError, appraise, approve, transfer
from motcua.dossiers.models import Dossier
from tests.documents.conftest import BASE_URL, pdf_text
from tests.dossiers.conftest import RESIDENCE, form_example, receive

DEATH = "1.000656"
MARRIAGE = "1.000894"
BIRTH_AGAIN = "1.004884"


def settle(dossier: Dossier, counter: User, specialist: User, leader: User) -> Dossier:
    transfer(dossier, actor=counter, assignee_username=specialist.username)
    appraise(dossier, actor=specialist, proposal="approve", note="Đủ điều kiện")
    return approve(dossier, actor=leader)


def test_approving_a_birth_registers_it_and_its_extract_cites_the_entry(
    counter_vp, specialist_vp, leader_vp
):
    # given two birth dossiers of Phường Vĩnh Phúc, received and appraised
    first = settle(receive(counter_vp), counter_vp, specialist_vp, leader_vp)
    second = settle(receive(counter_vp), counter_vp, specialist_vp, leader_vp)

    # then each approval wrote the child in the year's birth book, numbered in order
    entries = list(Entry.objects.order_by("number"))
    assert [(e.dossier_id, e.kind, e.number) for e in entries] == [
        (first.pk, BookKind.BIRTH, 1),
        (second.pk, BookKind.BIRTH, 2),
    ]
    entry = entries[0]
    assert entry.subject_name == "Nguyễn Minh Khang"
    assert entry.data["mother"]["full_name"] == "Trần Thị Bình"
    assert entry.personal_id_state == PersonalIdState.WAITING
    assert entry.registered_by == leader_vp
    # and the approval's event says where
    event = first.events.filter(action="approve").get()
    assert event.payload["civil_entry"] == {
        "kind": "birth",
        "book": entry.book.label,
        "number": 1,
    }

    # and the result is the entry's extract: book, number, the child, the parents
    text = pdf_text(render_form(first, "result", base_url=BASE_URL))
    assert "TRÍCH LỤC KHAI SINH" in text
    assert f"Số: 1; Quyển số: {entry.book.label}" in text
    assert "NGUYỄN MINH KHANG" in text
    assert "Trần Thị Bình" in text
    assert "Nguyễn Văn An (Cha)" in text


def test_a_correction_shows_on_the_extract_without_rewriting_the_entry(
    counter_vp, specialist_vp, leader_vp
):
    # given a registered birth, then its home town corrected in the change book
    dossier = settle(receive(counter_vp), counter_vp, specialist_vp, leader_vp)
    entry = Entry.objects.get(dossier=dossier)
    amendment = register_entry(
        unit=entry.unit,
        kind=BookKind.CHANGE,
        data={
            "changes": {"child.hometown": "xã Sơn Vi, tỉnh Phú Thọ"},
            "reason": "Cải chính quê quán",
        },
        subject_name=entry.subject_name,
        actor=leader_vp,
        amends=entry,
    )

    # when the extract is printed again
    text = pdf_text(render_form(dossier, "result", base_url=BASE_URL))

    # then it shows the current content and the note, and the entry is as registered
    assert "xã Sơn Vi, tỉnh Phú Thọ" in text
    assert f"Đã cải chính quê quán theo Số {amendment.number}" in text
    entry.refresh_from_db()
    assert entry.data["child"]["hometown"] == "xã Ví Dụ, tỉnh Phú Thọ"


@pytest.mark.parametrize(
    ("procedure", "kind", "name", "heading"),
    [
        (DEATH, BookKind.DEATH, "Nguyễn Văn Bảo", "TRÍCH LỤC KHAI TỬ"),
        (MARRIAGE, BookKind.MARRIAGE, None, "TRÍCH LỤC KẾT HÔN"),
        (BIRTH_AGAIN, BookKind.BIRTH, None, "TRÍCH LỤC KHAI SINH"),
    ],
)
def test_each_civil_status_kind_is_registered_in_its_book(
    procedure, kind, name, heading, counter_vp, specialist_vp, leader_vp
):
    example = form_example(procedure)
    dossier = settle(
        receive(counter_vp, procedure=procedure),
        counter_vp,
        specialist_vp,
        leader_vp,
    )
    entry = Entry.objects.get(dossier=dossier)
    assert entry.kind == kind and entry.number == 1
    if procedure == MARRIAGE:
        parties = (example["husband"]["full_name"], example["wife"]["full_name"])
        assert entry.subject_name == f"{parties[0]} và {parties[1]}"
    elif procedure == BIRTH_AGAIN:
        assert entry.subject_name == example["person"]["full_name"]
    else:
        assert entry.subject_name == name
        assert entry.personal_id == example["deceased"]["id_number"]
    text = pdf_text(render_form(dossier, "result", base_url=BASE_URL))
    assert heading in text and f"Số: 1; Quyển số: {entry.book.label}" in text


def test_a_dossier_of_another_procedure_registers_nothing(counter_vp, specialist_vp, leader_vp):
    settle(receive(counter_vp, procedure=RESIDENCE), counter_vp, specialist_vp, leader_vp)
    assert not Entry.objects.exists()


def test_an_approval_that_cannot_be_written_registers_nothing_and_changes_nothing(
    counter_vp, specialist_vp, leader_vp
):
    # given a birth dossier whose data lost the child's name (the form requires it)
    dossier = receive(counter_vp)
    transfer(dossier, actor=counter_vp, assignee_username=specialist_vp.username)
    appraise(dossier, actor=specialist_vp, proposal="approve", note="Đủ điều kiện")
    Dossier.objects.filter(pk=dossier.pk).update(data={**dossier.data, "child": {}})
    version = Dossier.objects.get(pk=dossier.pk).version

    # when the leader approves, then a clear error and nothing is written
    with pytest.raises(DossierInvalidError, match="sổ hộ tịch"):
        approve(dossier, actor=leader_vp)
    assert not Entry.objects.exists()
    assert Dossier.objects.get(pk=dossier.pk).version == version
