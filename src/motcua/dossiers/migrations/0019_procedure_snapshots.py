"""Snapshots kept once per distinct content (ADR 0008): each dossier row carried its whole
snapshot (about 1.5 KB of JSON, the same for every dossier of a procedure version); it now
names a `ProcedureSnapshot` by the sha256 of the body's canonical JSON.

The dossiers already there keep exactly what they stored: each distinct snapshot becomes
one row, its digest computed here as `dossiers.snapshots.snapshot_digest` computes it
(written out, so this migration means the same whatever that module becomes), and each
dossier is pointed at its row in one pass. Reversible: going back writes the bodies into
the dossiers again.
"""

import hashlib
import json

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def _digest(body):
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), text


def fill_snapshots(apps, schema_editor):
    """One snapshot row per distinct snapshot of the dossiers, and each dossier's digest."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    dossiers = quote(apps.get_model("dossiers", "Dossier")._meta.db_table)
    snapshots = quote(apps.get_model("dossiers", "ProcedureSnapshot")._meta.db_table)
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            # The foreign keys are checked as each statement ends, not left pending for the
            # commit, where they stop the NOT NULL that follows in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # jsonb compares by value and hashes (a few hundred groups over the whole table), and
        # comes back as its text; SQLite's column is the text the ORM wrote, compared as is.
        cursor.execute(f"SELECT DISTINCT snapshot FROM {dossiers}")  # noqa: S608
        stored = [value for (value,) in cursor.fetchall()]
        if not stored:
            return
        mapping = []
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        body_param = "CAST(%s AS jsonb)" if postgresql else "%s"
        for value in stored:
            if not isinstance(value, str):  # a driver that decodes JSON itself
                value = json.dumps(value, ensure_ascii=False)
            digest, text = _digest(json.loads(value))
            cursor.execute(
                f"INSERT INTO {snapshots} (digest, body, created_at)"  # noqa: S608
                f" VALUES (%s, {body_param}, %s) ON CONFLICT (digest) DO NOTHING",
                [digest, text, now],
            )
            mapping.append((value, digest))
        pairs = " UNION ALL ".join([f"SELECT {body_param} AS body, %s AS digest"] * len(mapping))
        cursor.execute(
            f"UPDATE {dossiers} SET snapshot_digest = m.digest"  # noqa: S608
            f" FROM ({pairs}) m WHERE {dossiers}.snapshot = m.body",
            [param for pair in mapping for param in pair],
        )


def empty_snapshots(apps, schema_editor):
    """Going back: each dossier carries its snapshot's body again."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    dossiers = quote(apps.get_model("dossiers", "Dossier")._meta.db_table)
    snapshots = quote(apps.get_model("dossiers", "ProcedureSnapshot")._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"UPDATE {dossiers} SET snapshot = (SELECT s.body FROM {snapshots} s"  # noqa: S608
            f" WHERE s.digest = {dossiers}.snapshot_digest)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0018_open_dossiers_by_due_time"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProcedureSnapshot",
            fields=[
                (
                    "digest",
                    models.CharField(
                        max_length=64,
                        primary_key=True,
                        serialize=False,
                        verbose_name="mã băm nội dung",
                    ),
                ),
                ("body", models.JSONField(verbose_name="thông tin thủ tục lúc tiếp nhận")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
            ],
            options={
                "verbose_name": "thông tin thủ tục lúc tiếp nhận",
                "verbose_name_plural": "thông tin thủ tục lúc tiếp nhận",
            },
        ),
        migrations.AddField(
            model_name="dossier",
            name="procedure_snapshot",
            field=models.ForeignKey(
                db_column="snapshot_digest",
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="dossiers.proceduresnapshot",
                verbose_name="thông tin thủ tục lúc tiếp nhận",
            ),
        ),
        migrations.AlterField(
            model_name="dossier",
            name="snapshot",
            field=models.JSONField(null=True, verbose_name="thông tin thủ tục lúc tiếp nhận"),
        ),
        migrations.RunPython(fill_snapshots, empty_snapshots),
        migrations.AlterField(
            model_name="dossier",
            name="procedure_snapshot",
            field=models.ForeignKey(
                db_column="snapshot_digest",
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="dossiers.proceduresnapshot",
                verbose_name="thông tin thủ tục lúc tiếp nhận",
            ),
        ),
        migrations.RemoveField(
            model_name="dossier",
            name="snapshot",
        ),
    ]
