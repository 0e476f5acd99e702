"""What the intake writes: the dossier as the caller holds it, its first event and the words
of the applicant's name for search, all pointing to the new dossier."""

from __future__ import annotations

import pytest

from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Dossier, DossierEvent, NameWord, ProcedureSnapshot

from .conftest import DAO_TRU, VINH_PHUC, receive


@pytest.mark.django_db
def test_the_received_dossier_is_stored_as_it_is_in_memory(counter_vp):
    # when
    dossier = receive(counter_vp)
    # then every column read back equals the instance the intake returned
    stored = Dossier.objects.get(pk=dossier.pk)
    for field in Dossier._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(dossier, field.attname), field.name
    assert isinstance(stored.data, dict) and stored.data == dossier.data


@pytest.mark.django_db
def test_the_first_event_and_the_name_words_point_to_the_new_dossier(counter_vp):
    # when
    dossier = receive(counter_vp)
    # then
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.seq, event.action, event.actor_id) == (1, "receive", counter_vp.pk)
    assert event.payload["code"] == dossier.code
    assert event.hash == dossier.head_hash
    assert verify_chain(dossier) == []
    keys = NameWord.objects.filter(dossier=dossier).values_list("word", "other")
    # each word alone and with each other word of the name (ADR 0006)
    assert sorted(keys) == [
        ("an", ""), ("an", "nguyen"), ("an", "van"),
        ("nguyen", ""), ("nguyen", "an"), ("nguyen", "van"),
        ("van", ""), ("van", "an"), ("van", "nguyen"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_dossier_filed_away_has_its_name_words_under_both_communes(counter_vp):
    # when Vĩnh Phúc's counter receives a dossier for Đạo Trù
    away = receive(counter_vp, unit=DAO_TRU)
    # then each word pair is kept once for each commune that sees the dossier
    rows = NameWord.objects.filter(dossier=away).values_list("place", "name")
    assert {place for place, _ in rows} == {VINH_PHUC, DAO_TRU}
    assert {name for _, name in rows} == {away.applicant_name_folded}
    assert len(rows) == 2 * 9  # three words, each alone and with the two others


@pytest.mark.django_db
def test_dossiers_of_one_version_share_one_snapshot_row_written_once(counter_vp):
    # when
    first, second = receive(counter_vp), receive(counter_vp)
    # then
    assert first.procedure_snapshot_id == second.procedure_snapshot_id
    assert ProcedureSnapshot.objects.filter(pk=first.procedure_snapshot_id).count() == 1
    assert first.snapshot["procedure"] == first.procedure_version.procedure.code
