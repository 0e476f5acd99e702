"""The generator's bulk load outside a transaction, as `python -m bench run` does it: the
batches written on a thread of their own, on PostgreSQL with the reference checks skipped
and the indexes set aside and built again (bench/generate.py).

Transactional tests (`master_data_restored` first, so the master data comes back after the
flush): the writer's connection must see the master data, and commits its rows.
"""

from __future__ import annotations

import pytest
from bench.generate import WRITTEN
from django.conf import settings
from django.db import connection
from django.db.models import ForeignKey

from bench import generate, staff
from motcua.dossiers.models import Attachment, Dossier, DossierEvent, NameWord


def _crews(count: int = 3) -> dict[str, staff.CommuneStaff]:
    places = generate.province_places(settings.MOTCUA_PROVINCE)
    busiest = sorted(places, key=lambda place: (-place.weight, place.code))[:count]
    return staff.ensure_staff([place.code for place in busiest], settings.MOTCUA_PROVINCE)


def _dangling_references() -> dict[str, int]:
    """Rows of the written tables naming a row that does not exist, by column."""
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for model in WRITTEN:
            for model_field in model._meta.concrete_fields:
                if not isinstance(model_field, ForeignKey):
                    continue
                table, column = model._meta.db_table, model_field.column
                target = model_field.related_model._meta.db_table
                target_column = model_field.target_field.column
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} x LEFT JOIN {target} y"  # noqa: S608
                    f" ON x.{column} = y.{target_column}"
                    f" WHERE x.{column} IS NOT NULL AND y.{target_column} IS NULL"
                )
                found[f"{table}.{column}"] = cursor.fetchone()[0]
    return found


def _indexes() -> set[tuple[str, str]]:
    """Every index of the written tables, by name and definition."""
    tables = [model._meta.db_table for model in WRITTEN]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
                " WHERE indrelid::regclass::text = ANY(%s)",
                [tables],
            )
        else:
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, COALESCE(sql, '') FROM sqlite_master"  # noqa: S608
                f" WHERE type = 'index' AND tbl_name IN ({marks})",
                tables,
            )
        return set(cursor.fetchall())


def test_threaded_load_keeps_every_reference_and_every_index(
    master_data_restored, transactional_db
):
    # given bench officials for three communes, and the indexes as the migrations made them
    crews = _crews()
    before = _indexes()
    # when the generator loads outside any transaction (its writer thread)
    report = generate.generate(400, seed=3, staff=crews, progress=False)
    # then every row it counted is there
    assert Dossier.objects.count() == report.dossiers == 400
    assert DossierEvent.objects.count() == report.events > 400
    assert Attachment.objects.count() == report.attachments > 0
    assert NameWord.objects.filter(dossier__isnull=False).count() >= 400
    # and every reference names a row that exists (the checks PostgreSQL skipped)
    references = _dangling_references()
    assert len(references) >= 10
    assert set(references.values()) == {0}, references
    # and every index is back as it was, none left set aside
    assert _indexes() == before
    assert generate.restore_indexes() == 0


def test_a_failed_batch_stops_the_load_with_its_error_and_the_indexes_come_back(
    master_data_restored, transactional_db, monkeypatch
):
    # given a writer that fails on the name words' table
    crews = _crews(1)
    before = _indexes()
    real_write = generate.TableWriter.write

    def failing(self, rows):
        if self.model is NameWord:
            raise RuntimeError("đĩa đầy (thử)")
        real_write(self, rows)

    monkeypatch.setattr(generate.TableWriter, "write", failing)
    # when the generator loads
    with pytest.raises(RuntimeError, match="đĩa đầy"):
        generate.generate(50, seed=3, staff=crews, progress=False)
    # then the failed batch left nothing behind, and the indexes are all there
    assert not Dossier.objects.exists()
    assert _indexes() == before


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="indexes are set aside on PostgreSQL only",
)
def test_indexes_an_interrupted_load_set_aside_are_built_again(
    master_data_restored, transactional_db
):
    # given the indexes set aside by a load that never finished
    before = _indexes()
    set_aside = generate.set_aside_indexes(WRITTEN)
    assert set_aside > 10
    assert len(_indexes()) == len(before) - set_aside
    # and primary keys and unique constraints stayed
    assert {name for name, _ in _indexes()} >= {"dossiers_dossier_pkey", "dossier_event_unique_seq"}
    # when they are restored (as the next run does first)
    assert generate.restore_indexes() == set_aside
    # then every index is back, and nothing is waiting any more
    assert _indexes() == before
    assert generate.restore_indexes() == 0
