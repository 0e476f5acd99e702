"""Snapshots kept once per distinct content (ADR 0008, `dossiers.snapshots`): what a dossier
names, what the row holds and what a new version changes."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.actions import publish_version
from motcua.catalog.queries import procedure_version
from motcua.dossiers.events import chain_report, verify_chain
from motcua.dossiers.models import (
    Dossier,
    DossierEvent,
    ProcedureSnapshot,
    SnapshotTamperingError,
)
from motcua.dossiers.models import dossier as dossier_models
from motcua.dossiers.snapshots import snapshot_of

from .conftest import RESIDENCE, receive


def _digest(body: object) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.django_db
def test_dossiers_of_one_version_name_one_snapshot_row(counter_vp):
    # when two dossiers of one version and one of another are received
    first = receive(counter_vp, procedure=RESIDENCE)
    second = receive(counter_vp, procedure=RESIDENCE)
    other = receive(counter_vp)
    # then the first two name the same row, the third its own
    assert first.procedure_snapshot_id == second.procedure_snapshot_id
    assert other.procedure_snapshot_id != first.procedure_snapshot_id
    version = procedure_version(RESIDENCE)
    assert version is not None
    row = ProcedureSnapshot.objects.get(pk=first.procedure_snapshot_id)
    assert row.body == snapshot_of(version)
    # and the digest is the body's own (sha256 of its canonical JSON)
    assert row.digest == _digest(row.body)
    assert Dossier.objects.get(pk=second.pk).snapshot == row.body


@pytest.mark.django_db
def test_the_receive_event_names_the_snapshot_so_the_chain_covers_it(counter_vp):
    dossier = receive(counter_vp)
    event = DossierEvent.objects.get(dossier=dossier, seq=1)
    assert event.payload["snapshot"] == dossier.procedure_snapshot_id
    assert verify_chain(dossier) == []
    # when the dossier is pointed at another snapshot behind the actions' back
    other = receive(counter_vp, procedure=RESIDENCE).procedure_snapshot_id
    Dossier.objects.filter(pk=dossier.pk).update(procedure_snapshot=other)
    # then the chain check says so, at the receive event
    assert verify_chain(dossier) == [
        "Thông tin thủ tục lúc tiếp nhận của hồ sơ không khớp sự kiện tiếp nhận."
    ]
    assert chain_report(dossier)[1] == 1


@pytest.mark.django_db
def test_a_new_version_gives_new_dossiers_a_new_snapshot_and_old_ones_keep_theirs(counter_vp):
    # given a dossier received under the current version
    before = receive(counter_vp, procedure=RESIDENCE)
    version = procedure_version(RESIDENCE)
    assert version is not None
    # when a new version with another time limit is published
    publish_version(version.procedure, time_limit_days=10, change_note="test")
    after = receive(counter_vp, procedure=RESIDENCE)
    # then
    assert after.procedure_snapshot_id != before.procedure_snapshot_id
    assert after.snapshot["time_limit"]["days"] == 10
    assert Dossier.objects.get(pk=before.pk).snapshot["time_limit"]["days"] == 7
    assert (
        ProcedureSnapshot.objects.filter(
            pk__in=[before.procedure_snapshot_id, after.procedure_snapshot_id]
        ).count()
        == 2
    )


@pytest.mark.django_db
def test_a_snapshot_is_never_changed_or_deleted(counter_vp):
    row = ProcedureSnapshot.objects.get(pk=receive(counter_vp).procedure_snapshot_id)
    row.body = {**row.body, "name": "khác"}
    with pytest.raises(SnapshotTamperingError):
        row.save()
    with pytest.raises(SnapshotTamperingError):
        row.delete()
    with pytest.raises(SnapshotTamperingError):
        ProcedureSnapshot.objects.filter(pk=row.pk).update(body={})
    with pytest.raises(SnapshotTamperingError):
        ProcedureSnapshot.objects.filter(pk=row.pk).delete()


@pytest.mark.django_db
def test_a_process_reads_a_snapshot_once(counter_vp, monkeypatch):
    # given a process that has not read this snapshot yet
    received = receive(counter_vp)
    monkeypatch.setattr(dossier_models, "_SNAPSHOT_BODIES", {})
    dossier = Dossier.objects.get(pk=received.pk)
    # when its snapshot is read twice
    with CaptureQueriesContext(connection) as first:
        steps = dossier.snapshot["steps"]
    with CaptureQueriesContext(connection) as second:
        again = Dossier.objects.get(pk=dossier.pk).snapshot["steps"]
    # then one statement read it, and the second dossier load only its row
    assert len(first.captured_queries) == 1
    assert (
        len(second.captured_queries) == 1
        and "proceduresnapshot" not in (second.captured_queries[0]["sql"])
    )
    assert steps == again
