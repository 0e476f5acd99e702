"""What governs a dossier from receipt on (invariant 2), written once per distinct content.

`snapshot_of` is what a dossier keeps of its procedure version; `store_snapshot` gives the
digest a new dossier names (`Dossier.procedure_snapshot`), writing the `ProcedureSnapshot`
row in the caller's transaction if it is not there yet. Until migration 0019 every dossier
row carried the whole snapshot (ADR 0008).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from motcua.catalog.models import ProcedureVersion

from .events import canonical_json
from .models import ProcedureSnapshot, remember_snapshot

# By version (id, procedure, number, content hash): its snapshot's digest and body as
# JSON data. A published version never changes (`ProcedureVersion.save`), so neither does this.
_BY_VERSION: dict[tuple[int, int, int, str], tuple[str, Any]] = {}


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


def store_snapshot(version: ProcedureVersion) -> str:
    """The digest of `version`'s snapshot, its `ProcedureSnapshot` row written in the
    caller's transaction if it is not there yet (it is, but for a version's first dossier)."""
    key = (version.pk, version.procedure_id, version.number, version.content_hash)
    known = _BY_VERSION.get(key)
    if known is None:
        body = snapshot_of(version)
        digest, text = snapshot_digest(body)
        known = _BY_VERSION[key] = (digest, json.loads(text))
        remember_snapshot(digest, body)
    digest, stored = known
    # A row is never changed once written (`WriteOnce`): an existing digest is left alone.
    ProcedureSnapshot.objects.bulk_create(
        [ProcedureSnapshot(digest=digest, body=stored)], ignore_conflicts=True
    )
    return digest
