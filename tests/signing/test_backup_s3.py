"""`motcua backup` / `motcua restore` with the files in an S3-compatible store (issue 23,
part 4): the backup copies the bucket's objects into its files/, the restore puts them into a
new, empty bucket; the restored installation reads them back (same hashes, the signed result
verifies). Against moto's standalone server (tests/fixtures/s3.py).

Its own module: a transactional test's flush removes the master data until the module's end
(`_master_data_after_flush`), so each such round trip starts a module.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from motcua.core.backup import backup
from motcua.dossiers.actions import approve
from motcua.dossiers.actions.attachments import attach_file
from motcua.dossiers.models import Dossier
from motcua.signing.models import Certificate
from tests.conftest import load_master_data
from tests.fixtures.s3 import new_bucket, use_store
from tests.signing.conftest import PIN
from tests.signing.test_backup import READ_BACK, motcua, restored_env


@pytest.fixture(scope="module", autouse=True)
def _master_data_after_flush(django_db_blocker):
    """The transactional test's flush removes the units and catalog: put them back."""
    yield
    load_master_data(django_db_blocker)


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip_through_an_s3_store(
    master_data_restored,
    s3_storage,
    s3_endpoint,
    to_approve: Dossier,
    leader_vp: User,
    leader_cert: Certificate,
    settings,
    tmp_path,
):
    """With the files in a bucket (issue 23, part 4), the backup copies the bucket's objects
    into its files/ and the restore puts them into a new, empty bucket, under a prefix."""
    # given a bucket holding a scanned paper and a signed result, under a prefix
    use_store(settings, s3_storage, MOTCUA_S3_PREFIX="tinh-25")
    attach_file(
        to_approve,
        actor=leader_vp,
        upload=SimpleUploadedFile("giay-to.pdf", b"%PDF-1.4\n% scan\n"),
    )
    approve(to_approve, actor=leader_vp, pin=PIN)
    source_keys = s3_storage.object_keys()
    assert len(source_keys) == 2 and all(key.startswith("tinh-25/") for key in source_keys)

    # when the installation is backed up, then restored into a new one on a new bucket
    target = tmp_path / "backup"
    manifest = backup(target)
    stored = {
        f"files/{key.removeprefix('tinh-25/')}": hashlib.sha256(s3_storage.read(key)).hexdigest()
        for key in source_keys
    }
    assert {name: manifest.files[name]["sha256"] for name in stored} == stored
    fresh = new_bucket(s3_endpoint)
    env, database = restored_env(tmp_path)
    env.update(fresh.env())
    try:
        motcua(env, "restore", str(target))
        report = json.loads(motcua(env, "shell", "-c", READ_BACK).strip().splitlines()[-1])
        # a second restore into the now full bucket is refused
        refused = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "motcua.cli", "restore", str(target)],
            env={**env, "MOTCUA_DATA_DIR": str(tmp_path / "again")},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        if database is not None:
            connection.close()
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    # then the new bucket holds the same objects with the same hashes, nothing on the disk
    assert [f"tinh-25/{key}" for key in fresh.object_keys()] == source_keys
    for key in fresh.object_keys():
        assert hashlib.sha256(fresh.read(key)).hexdigest() == stored[f"files/{key}"]
    assert not (tmp_path / "restored" / "files").exists()
    # and the restored installation reads them back: attachment good, signed result verifies
    assert report["broken_chains"] == []
    assert report["attachments"] == [True]
    assert report["results"] == [True]
    assert refused.returncode != 0 and "đã có dữ liệu" in refused.stderr
