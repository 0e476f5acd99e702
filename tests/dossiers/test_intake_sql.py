"""The intake's writes without the ORM's compiler (core.sql.insert_family): what is stored is
what `Model.save` would store, and PostgreSQL gets it in one statement."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.sql import insert_family
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Dossier, DossierEvent, NameWord

from .conftest import receive


@pytest.mark.django_db
def test_the_received_dossier_is_stored_as_it_is_in_memory(counter_vp):
    # when
    dossier = receive(counter_vp)
    # then every column read back equals the instance the intake returned
    stored = Dossier.objects.get(pk=dossier.pk)
    for field in Dossier._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(dossier, field.attname), field.name
    assert isinstance(stored.data, dict) and stored.data == dossier.data
    assert not dossier._state.adding


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
def test_a_family_without_children_inserts_the_parent_alone(counter_vp):
    # given a copy of a received dossier under a new code and key
    dossier = receive(counter_vp)
    copy = Dossier.objects.get(pk=dossier.pk)
    copy.pk = None
    copy._state.adding = True
    copy.code = dossier.code[:-4] + "9999"
    # when
    with CaptureQueriesContext(connection) as captured:
        insert_family(copy, ("dossier", []))
    # then
    assert len(captured.captured_queries) == 1
    assert copy.pk != dossier.pk
    assert Dossier.objects.get(pk=copy.pk).code == copy.code
    assert not NameWord.objects.filter(dossier_id=copy.pk).exists()


@pytest.mark.django_db
def test_the_intake_writes_in_one_statement_on_postgresql(counter_vp):
    receive(counter_vp)
    with CaptureQueriesContext(connection) as captured:
        receive(counter_vp)
    inserts = [q["sql"] for q in captured.captured_queries if "INSERT INTO" in q["sql"]]
    # The applicant's SMS goes to the outbox in its own INSERT (issue 22; walk-ins are told).
    told = [sql for sql in inserts if "notifications_message" in sql]
    inserts = [sql for sql in inserts if sql not in told]
    assert len(told) == 1
    # Elsewhere: the snapshot (if new), the dossier, its event, its name keys.
    assert len(inserts) == (1 if connection.vendor == "postgresql" else 4), inserts


@pytest.mark.django_db
def test_name_keys_given_as_values_are_stored_as_instances_would_be(counter_vp):
    """The intake gives the name keys as values (`core.sql.ValueRows`): the rows stored
    are those its instances hold (as the online submission saves them), at home and
    filed away (under two communes); values must name every column the insert writes."""
    from motcua.core.sql import ValueRows
    from motcua.dossiers.models import name_word_values

    from .conftest import DAO_TRU, VINH_PHUC

    home = receive(counter_vp)
    away = receive(counter_vp, unit=DAO_TRU)  # received at Vĩnh Phúc for Đạo Trù
    columns = ("place", "word", "other", "name", "dossier_id")
    for dossier in (home, away):
        stored = NameWord.objects.filter(dossier=dossier).values_list(*columns)
        instances = name_word_values(dossier, VINH_PHUC).instances(dossier=dossier)
        expected = [tuple(getattr(row, c) for c in columns) for row in instances]
        assert sorted(stored) == sorted(expected)
    assert {place for place, *_ in expected} == {VINH_PHUC, DAO_TRU}
    assert len(expected) == 2 * 9  # three words, each alone and with the two others
    copy = Dossier.objects.get(pk=home.pk)
    copy.pk, copy.code = None, home.code[:-4] + "9998"
    copy._state.adding = True
    with pytest.raises(TypeError, match="not the columns"):
        insert_family(copy, ("dossier", ValueRows(NameWord, ("place", "word"), [("1", "a")])))
