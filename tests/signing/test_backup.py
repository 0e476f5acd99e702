"""`motcua backup` / `motcua restore` (issue 23, part 7): a round trip on the database the suite
runs on (SQLite, or PostgreSQL in CI's second run) gives the same dossiers, every event chain
verifies, the signed result verifies and every attachment matches its hash.

The backup is taken from the test database; the restore runs as the `motcua` command in a
separate process, into a new data folder (and, on PostgreSQL, a new empty database), and
another process reads the restored installation back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from motcua.core.backup import MANIFEST, BackupError, backup, read_manifest
from motcua.dossiers.actions import approve
from motcua.dossiers.actions.attachments import attach_file
from motcua.dossiers.models import Dossier
from motcua.signing.models import Certificate
from tests.conftest import load_master_data
from tests.signing.conftest import PIN

READ_BACK = """
import hashlib, json
from django.core.files.storage import default_storage
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Attachment, Dossier
from motcua.signing.models import SignedResult
from motcua.signing.verification import verify_pdf

def read(name):
    with default_storage.open(name, "rb") as handle:
        return handle.read()

print(json.dumps({
    "codes": sorted(Dossier.objects.values_list("code", flat=True)),
    "broken_chains": [d.code for d in Dossier.objects.all() if verify_chain(d)],
    "attachments": [
        hashlib.sha256(read(a.path)).hexdigest() == a.sha256 for a in Attachment.objects.all()
    ],
    "results": [
        verify_pdf(read(r.storage_name), code=r.dossier.code).genuine
        for r in SignedResult.objects.filter(paper=False).select_related("dossier")
    ],
}))
"""


@pytest.fixture(scope="module", autouse=True)
def _master_data_after_flush(django_db_blocker):
    """The transactional test's flush removes the units and catalog: put them back."""
    yield
    load_master_data(django_db_blocker)


def motcua(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "motcua.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def restored_env(tmp_path: Path) -> tuple[dict[str, str], str | None]:
    """The environment of a new, empty installation on the same kind of database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MOTCUA_")}
    env["MOTCUA_DATA_DIR"] = str(tmp_path / "restored")
    if connection.vendor != "postgresql":
        return env, None
    config = connection.settings_dict
    name = f"motcua_restore_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    host, port, user = config.get("HOST") or "127.0.0.1", config.get("PORT") or 5432, config["USER"]
    env["MOTCUA_DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{name}"
    return env, name


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip(
    master_data_restored, to_approve: Dossier, leader_vp: User, leader_cert: Certificate, tmp_path
):
    # given a dossier with a scanned paper and a signed result, and one merely received
    attach_file(
        to_approve,
        actor=leader_vp,
        upload=SimpleUploadedFile("giay-to.pdf", b"%PDF-1.4\n% scan\n"),
    )
    approve(to_approve, actor=leader_vp, pin=PIN)
    codes = sorted(Dossier.objects.values_list("code", flat=True))

    # when the installation is backed up, then restored into a new one
    target = tmp_path / "backup"
    manifest = backup(target)
    assert manifest.vendor == connection.vendor
    assert any(name.startswith("files/attachments/") for name in manifest.files)
    assert any(name.startswith("keys/") for name in manifest.files)
    env, database = restored_env(tmp_path)
    try:
        motcua(env, "restore", str(target))
        report = json.loads(motcua(env, "shell", "-c", READ_BACK).strip().splitlines()[-1])
    finally:
        if database is not None:
            connection.close()
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    # then the same dossiers, every chain intact, the attachment and the signed result good
    assert report["codes"] == codes
    assert report["broken_chains"] == []
    assert report["attachments"] == [True]
    assert report["results"] == [True]


@pytest.mark.django_db(transaction=True)
def test_a_changed_backup_is_refused(tmp_path, master_data_restored):
    target = tmp_path / "backup"
    manifest = backup(target)
    name = next(iter(manifest.files))
    (target / name).write_bytes((target / name).read_bytes() + b"x")

    with pytest.raises(BackupError, match="bị hỏng hoặc bị sửa"):
        read_manifest(target)
    assert (target / MANIFEST).exists()


def test_backup_needs_an_empty_folder(tmp_path, db):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(BackupError, match="đã có dữ liệu"):
        backup(tmp_path)
