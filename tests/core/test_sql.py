"""core.sql: several one-row lookups in one statement, models from raw rows, and a row with
the rows pointing to it inserted in one statement, a row read with the rows it points to,
each giving what the ORM gives."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from motcua.dossiers.acting import LOCKED_WITH

from motcua.core.sql import (
    OneRow,
    model_columns,
    model_from_row,
    one_row_each,
    row_with_related,
    scalar,
    unprepared,
    update_row,
)
from motcua.dossiers.actions import competent_unit_lookup
from motcua.dossiers.models import Dossier
from motcua.units.models import Agency, Unit
from tests.dossiers.conftest import receive

VINH_PHUC = "08716"


@pytest.mark.django_db
def test_lookups_run_in_one_statement_each_with_its_own_answer():
    # given a lookup that finds its row, one that finds none, and one whose row is all NULL
    nulls = OneRow("SELECT NULL AS a, NULL AS b", [], 2, lambda row: row)
    count = OneRow(
        f"SELECT COUNT(*) FROM {Unit._meta.db_table} WHERE parent_id = %s",  # noqa: S608
        ["25"],
        1,
        lambda row: row[0] if row is not None else None,
    )
    # when
    with CaptureQueriesContext(connection) as captured:
        found, missing, all_null, communes = one_row_each(
            competent_unit_lookup(VINH_PHUC), competent_unit_lookup("99999"), nulls, count
        )
    # then
    assert len(captured.captured_queries) == 1
    assert found == Unit.objects.get(code=VINH_PHUC)
    assert missing is None
    assert tuple(all_null) == (None, None)  # a row of NULLs is a row, not a missing one
    assert communes == Unit.objects.filter(parent_id="25").count() == 148


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Unit, Agency])
def test_a_model_from_its_raw_row_equals_the_orm_instance(model):
    # given a row of every column, as a raw cursor gives it (text dates, 0/1 on SQLite)
    expected = model.objects.filter(is_active=True).order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {model_columns(model, 't')} FROM {model._meta.db_table} t"  # noqa: S608
            f" WHERE t.{model._meta.pk.column} = %s",
            [expected.pk],
        )
        row = cursor.fetchone()
    # when
    built = model_from_row(model, row)
    # then every field has the value and the type the ORM gives
    for field in model._meta.concrete_fields:
        ours, theirs = getattr(built, field.attname), getattr(expected, field.attname)
        assert ours == theirs and type(ours) is type(theirs), field.name
    assert not built._state.adding


def test_named_fields_of_a_raw_row_equal_only_and_the_rest_is_deferred(counter_vp):
    # given a dossier, read with a few of its fields (JSON and instants among them)
    dossier = receive(counter_vp)
    names = ("code", "procedure_snapshot", "due_at", "current_step")
    expected = Dossier.objects.only(*names).get(pk=dossier.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {model_columns(Dossier, 'd', names)} FROM {Dossier._meta.db_table} d"  # noqa: S608
            " WHERE d.id = %s",
            [dossier.pk],
        )
        row = cursor.fetchone()
    # when
    built = model_from_row(Dossier, row, names)
    # then the id comes first, the named fields as .only() gives them, the others deferred
    assert len(row) == 1 + len(names)
    for name in ("id", *names):
        ours, theirs = getattr(built, name), getattr(expected, name)
        assert ours == theirs and type(ours) is type(theirs), name
    assert built.get_deferred_fields() == expected.get_deferred_fields()
    with pytest.raises(TypeError):
        model_columns(Dossier, "d", ("code", "attachments"))


@pytest.mark.django_db
def test_scalar_is_the_first_column_of_the_first_row_or_none():
    units = Unit._meta.db_table
    assert scalar(f"SELECT COUNT(*) FROM {units} WHERE parent_id = %s", ["25"]) == 148  # noqa: S608
    assert scalar(f"SELECT code FROM {units} WHERE code = %s", ["99999"]) is None  # noqa: S608


@pytest.mark.django_db
def test_constant_in_writes_code_constants_into_the_sql_and_finds_what_in_finds(counter_vp):
    # given
    received = receive(counter_vp)
    # when
    constants = Dossier.objects.filter(state__constant_in={"received", "processing"})
    # then
    assert "IN ('processing', 'received')" in str(constants.query)
    assert list(constants) == list(Dossier.objects.filter(state__in=["received", "processing"]))
    assert list(constants) == [received]
    assert not Dossier.objects.filter(state__constant_in=["processing"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("values", [["received'; DROP TABLE x; --"], ["Received"], [], [1]])
def test_constant_in_refuses_anything_but_code_constants(values):
    with pytest.raises(ValueError, match="constant_in"):
        list(Dossier.objects.filter(state__constant_in=values))


@pytest.mark.django_db
def test_unprepared_statements_answer_as_prepared_ones():
    counted = Unit.objects.filter(parent_id="25")
    before = [counted.count() for _ in range(6)]  # prepared from the third run on PostgreSQL
    with unprepared(), CaptureQueriesContext(connection) as captured:
        inside = [counted.count() for _ in range(6)]
    assert inside == before == [148] * 6
    assert len(captured.captured_queries) == 6  # still seen by Django's query log


@pytest.mark.django_db
def test_a_row_with_its_related_rows_equals_select_related(counter_vp, specialist_vp):
    # given a dossier with an assignee and one without (a null key)
    from motcua.dossiers import lifecycle

    assigned, waiting = receive(counter_vp), receive(counter_vp)
    lifecycle.transfer(assigned, actor=counter_vp, assignee_username=specialist_vp.username)
    for dossier in (assigned, waiting):
        expected = Dossier.objects.select_related(*LOCKED_WITH).get(pk=dossier.pk)
        # when
        with CaptureQueriesContext(connection) as captured:
            built = row_with_related(Dossier, dossier.pk, LOCKED_WITH, lock=True)
            related = [getattr(built, name) for name in LOCKED_WITH]  # cached: no query
        # then one statement, every field and every related row as the ORM reads them
        assert len(captured.captured_queries) == 1
        for field in Dossier._meta.concrete_fields:
            ours, theirs = getattr(built, field.attname), getattr(expected, field.attname)
            assert ours == theirs and type(ours) is type(theirs), field.name
        for name, ours in zip(LOCKED_WITH, related, strict=True):
            theirs = getattr(expected, name)
            assert ours == theirs, name
            if theirs is not None:
                for field in type(theirs)._meta.concrete_fields:
                    assert getattr(ours, field.attname) == getattr(theirs, field.attname)
        sql = captured.captured_queries[0]["sql"]
        assert ("FOR UPDATE OF m" in sql) == connection.features.has_select_for_update_of
    assert waiting.assignee_id is None
    assert row_with_related(Dossier, 0, LOCKED_WITH) is None


@pytest.mark.django_db
def test_a_row_with_related_takes_foreign_keys_only():
    with pytest.raises(TypeError, match="not a foreign key"):
        row_with_related(Dossier, 1, ("code",))


@pytest.mark.django_db
def test_a_row_updated_by_name_is_saved_as_the_orm_saves_it(counter_vp, specialist_vp):
    # given a dossier changed in memory: a foreign key, a date-time, text, and one field
    # changed but not named (it must stay as stored)
    dossier = receive(counter_vp)
    stored = Dossier.objects.get(pk=dossier.pk)
    before = stored.updated_at
    dossier.assignee = specialist_vp
    dossier.step_due_at = stored.received_at
    dossier.state = "processing"
    dossier.applicant_name = "Không được lưu"
    # when (a name given twice counts once)
    with CaptureQueriesContext(connection) as captured:
        update_row(dossier, ["assignee", "step_due_at", "state", "updated_at", "state"])
    # then one UPDATE of those columns, auto_now moved on, the rest untouched
    assert len(captured.captured_queries) == 1
    saved = Dossier.objects.get(pk=dossier.pk)
    assert (saved.assignee_id, saved.step_due_at, saved.state) == (
        specialist_vp.pk,
        stored.received_at,
        "processing",
    )
    assert saved.updated_at == dossier.updated_at and saved.updated_at >= before
    assert saved.applicant_name == stored.applicant_name
    with pytest.raises(TypeError, match="not all columns"):
        update_row(dossier, ["events"])
