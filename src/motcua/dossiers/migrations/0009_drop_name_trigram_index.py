from django.db import migrations

# The name search reads `NameWord` since 0008 (docs/adr/0004-name-word-index.md): the
# trigram index on applicant_name_folded (0007, PostgreSQL only) serves no query any more
# and costs every intake a GIN update. The code's trigram index stays.


def drop_name_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS dossier_name_trgm_idx")


def create_name_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS dossier_name_trgm_idx ON dossiers_dossier "
            "USING gin (applicant_name_folded gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0008_name_words")]

    operations = [migrations.RunPython(drop_name_trigram, create_name_trigram, elidable=False)]
