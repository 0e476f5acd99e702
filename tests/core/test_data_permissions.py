"""The data folder, the database and the uploads are the service user's only (issue 24,
part 8): others on the server read none of them, whatever the umask."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_dir_its_database_and_secret_key_are_the_owners_only(tmp_path):
    # given no data dir yet and the usual umask, which leaves files readable by all
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["MOTCUA_DATA_DIR"] = str(data)

    # when motcua first runs
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; os.umask(0o022); from motcua.cli import main; main(['check'])",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    # then the folder, the database file and the key are closed to everyone else
    assert mode(data) == 0o700
    assert mode(data / "motcua.sqlite3") == 0o600
    assert mode(data / "secret_key") == 0o600
    # and SQLite gives the files it adds (WAL, shared memory) the database file's mode
    previous = os.umask(0o022)
    try:
        database = sqlite3.connect(data / "motcua.sqlite3")
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("CREATE TABLE t (x)")
        database.commit()
        assert mode(data / "motcua.sqlite3-wal") == 0o600
        database.close()
    finally:
        os.umask(previous)


def test_uploads_and_their_folders_are_the_owners_only(tmp_path, settings):
    # given the usual umask
    previous = os.umask(0o022)
    try:
        store = FileSystemStorage(location=tmp_path / "files")
        # when a file is stored in a new folder (as an attachment is: attachments/ab/cd/...)
        name = store.save("attachments/ab/cd/scan.pdf", ContentFile(b"%PDF-1.7 test"))
    finally:
        os.umask(previous)

    # then the file and each folder made for it are readable by the service user only
    assert mode(tmp_path / "files" / name) == 0o600
    assert mode(tmp_path / "files" / "attachments" / "ab" / "cd") == 0o700
    assert mode(tmp_path / "files" / "attachments") == 0o700


def test_static_files_stay_readable_by_the_proxy(tmp_path):
    store = storages["staticfiles"]
    assert store.file_permissions_mode == 0o644
    assert store.directory_permissions_mode == 0o755
