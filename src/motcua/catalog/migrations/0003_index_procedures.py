"""Fill the finder's index of the procedures already loaded (data migration, reversible:
going back leaves the index to be dropped with its columns). Mirrors
`catalog.actions.index_procedure` with the historical models; the everyday words are the
bundled ones (`catalog/data/everyday_words.py`) for procedures that have none yet."""

from django.db import migrations

from motcua.core.text import index_words

SEPARATOR = " | "


def index(apps, schema_editor):
    from motcua.catalog.data.everyday_words import EVERYDAY_WORDS

    Procedure = apps.get_model("catalog", "Procedure")
    Version = apps.get_model("catalog", "ProcedureVersion")
    for procedure in Procedure.objects.all():
        if not procedure.everyday_words:
            procedure.everyday_words = EVERYDAY_WORDS.get(procedure.code, [])
        words = [index_words(str(word)) for word in procedure.everyday_words]
        parts = [*words]
        version = Version.objects.filter(procedure=procedure, is_current=True).first()
        if version is not None:
            parts += [version.name, version.field]
            parts += [str(d.get("name", "")) for d in version.required_documents]
            parts += [str(d.get("name", "")) for d in version.result_documents]
        procedure.everyday_folded = SEPARATOR.join(word for word in words if word)
        procedure.search_folded = f" {' '.join(index_words(part) for part in parts)} "
        procedure.save(update_fields=["everyday_words", "everyday_folded", "search_folded"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_procedure_finder_index")]

    operations = [migrations.RunPython(index, migrations.RunPython.noop)]
