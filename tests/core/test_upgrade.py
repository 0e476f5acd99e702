"""Upgrading an installation (issue 23, part 8): the demo installation of the previous
release (`tests/fixtures/releases`), restored from the backup that release wrote and migrated
to the head in separate processes, keeps every dossier, every event chain, every attachment
and every signed result. Runs on the database the suite runs on (SQLite, or PostgreSQL in
CI's second run), from that database's archive."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from motcua.core.backup import read_manifest
from tests.conftest import load_master_data
from tests.signing.test_backup import READ_BACK, motcua, restored_env

RELEASES = Path(__file__).parents[1] / "fixtures" / "releases"
PREVIOUS = "0.1.0"


@pytest.fixture(scope="module", autouse=True)
def _master_data_after_flush(django_db_blocker):
    """The transactional test's flush removes the units and catalog: put them back."""
    yield
    load_master_data(django_db_blocker)


@pytest.mark.django_db(transaction=True)
def test_the_previous_release_upgrades_to_the_head(master_data_restored, tmp_path):
    # given the previous release's demo installation, as its own backup wrote it
    vendor = connection.vendor
    held = json.loads((RELEASES / f"{PREVIOUS}.json").read_text(encoding="utf-8"))[vendor]
    backup = tmp_path / "backup"
    with tarfile.open(RELEASES / f"{PREVIOUS}-{vendor}.tar.xz") as archive:
        archive.extractall(backup, filter="data")
    applied = set(read_manifest(backup)["migrations"])
    head = {f"{app}.{name}" for app, name in MigrationLoader(None).graph.leaf_nodes()}
    assert head - applied, "the head has migrations the release did not: a real upgrade"

    # when it is restored into a new installation and migrated to the head
    env, database = restored_env(tmp_path)
    try:
        motcua(env, "restore", str(backup))
        motcua(env, "migrate", "--no-input")
        plan = motcua(env, "migrate", "--plan")
        report = json.loads(motcua(env, "shell", "-c", READ_BACK).strip().splitlines()[-1])
    finally:
        if database is not None:
            connection.close()
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    # then nothing is left to apply, and nothing was lost or broken
    assert "No planned migration operations." in plan
    assert report["codes"] == held["codes"]
    assert report["broken_chains"] == []
    assert report["attachments"] == [True] * held["attachments"]
    assert report["results"] == [True] * held["signed"]
