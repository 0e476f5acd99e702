"""What governs a dossier from receipt on (invariant 2), written once per distinct content.

`snapshot_of` is what a dossier keeps of its procedure version; `store_snapshot` gives the
digest a new dossier names (`Dossier.procedure_snapshot`), writing the `ProcedureSnapshot`
row in the caller's transaction if it is not there yet. Until migration 0019 every dossier
row carried the whole snapshot (ADR 0008).
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from django.db import connection
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.core.sql import Ahead

from .events import canonical_json
from .models import ProcedureSnapshot, remember_snapshot

# By version (id, procedure, number, content hash): its snapshot's digest and canonical
# JSON. A published version never changes (`ProcedureVersion.save`), so neither does this.
_BY_VERSION: dict[tuple[int, int, int, str], tuple[str, str]] = {}


def snapshot_of(version: ProcedureVersion) -> dict[str, Any]:
    """What governs a dossier from receipt on (invariant 2), as JSON data."""
    return {
        "procedure": version.procedure.code,
        "version": version.number,
        "content_hash": version.content_hash,
        "name": version.name,
        "field": version.field,
        "time_limit": version.time_limit,
        "limit_hours": version.limit_hours,
        "steps": version.steps,
        "fee_schedule": version.fee_schedule,
        "required_documents": version.required_documents,
        "result_documents": version.result_documents,
    }


def snapshot_digest(body: Any) -> tuple[str, str]:
    """The digest that names a snapshot (sha256 of its canonical JSON), and that JSON."""
    text = canonical_json(body)
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), text


def snapshot_row(version: ProcedureVersion) -> tuple[str, Ahead]:
    """The digest of `version`'s snapshot, and the statement that writes its row if absent
    (it writes nothing when the row is there: it is, but for a version's first dossier),
    to run with the dossier's INSERT (`core.sql.insert_family`)."""
    key = (version.pk, version.procedure_id, version.number, version.content_hash)
    known = _BY_VERSION.get(key)
    if known is None:
        body = snapshot_of(version)
        known = _BY_VERSION[key] = snapshot_digest(body)
        remember_snapshot(known[0], body)
    digest, text = known
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return digest, Ahead(_insert_sql(), (digest, text, now))


def store_snapshot(version: ProcedureVersion) -> str:
    """`snapshot_row`'s statement run now; the digest."""
    digest, insert = snapshot_row(version)
    with connection.cursor() as cursor:
        cursor.execute(insert.sql, insert.params)
    return digest


@functools.cache
def _insert_sql() -> str:
    quote = connection.ops.quote_name
    body = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    return (
        f"INSERT INTO {quote(ProcedureSnapshot._meta.db_table)} (digest, body, created_at)"  # noqa: S608
        f" VALUES (%s, {body}, %s) ON CONFLICT (digest) DO NOTHING"
    )
