"""The name words' pair keys (ADR 0006): each word of a name also with each other word of
the same name, and the index that reads them."""

from django.db import migrations, models

BATCH = 500_000  # dossiers per statement: a bounded join on large tables


def fill_pairs(apps, schema_editor):
    """The pair keys of the dossiers already there, from their single words (every row is a
    single word before this migration): as `dossiers.models.name_word_keys` writes them."""
    table = apps.get_model("dossiers", "NameWord")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            # The foreign keys are checked as each INSERT ends, not left pending for the
            # commit, where they stop the index below from being built in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # The new index sorts every key once (~90M at 10M dossiers): in memory, not in
            # many passes over temporary files, for this migration's transaction only.
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute(f"SELECT MIN(dossier_id), MAX(dossier_id) FROM {table}")  # noqa: S608
        first, last = cursor.fetchone()
        if first is None:
            return
        for start in range(first, last + 1, BATCH):
            cursor.execute(
                f"INSERT INTO {table} (place, word, other, name, dossier_id)"  # noqa: S608
                " SELECT a.place, a.word, b.word, a.name, a.dossier_id"
                f" FROM {table} a JOIN {table} b ON b.dossier_id = a.dossier_id"
                " AND b.place = a.place AND b.word <> a.word"
                " WHERE a.dossier_id >= %s AND a.dossier_id < %s"
                " AND a.other = '' AND b.other = ''",
                [start, start + BATCH],
            )


def drop_pairs(apps, schema_editor):
    apps.get_model("dossiers", "NameWord").objects.exclude(other="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0016_psc_received_index_with_commune"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="nameword",
            name="name_word_place_word_idx",
        ),
        migrations.AddField(
            model_name="nameword",
            name="other",
            field=models.CharField(
                blank=True,
                default="",
                max_length=40,
                verbose_name="từ khác cùng họ tên (không dấu)",
            ),
        ),
        migrations.RunPython(fill_pairs, drop_pairs),
        migrations.AddIndex(
            model_name="nameword",
            index=models.Index(
                fields=["place", "word", "other", "dossier"],
                include=("name",),
                name="name_word_place_pair_idx",
                opclasses=[
                    "varchar_pattern_ops",
                    "varchar_pattern_ops",
                    "varchar_pattern_ops",
                    "int8_ops",
                ],
            ),
        ),
    ]
