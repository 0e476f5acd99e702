"""Backup and restore of one motcua installation (issue 23, part 7).

`backup(target)` writes into an empty folder:

    database.sqlite3 | database.pgdump   a consistent copy of the database: SQLite's online
                                         backup API, or pg_dump's custom format
    files/                               the uploaded files and signed results, copied
                                         through the file store: the local disk (MEDIA_ROOT)
                                         or the S3-compatible bucket (MOTCUA_S3_BUCKET)
    keys/                                the signing keys (DATA_DIR/keys): SECRET
    secret_key                           Django's secret key file, when there is one: SECRET
    manifest.json                        every file above with its size and sha256, the
                                         database vendor, the applied migrations, the time

`restore(source)` checks every sha256 of the manifest first, then restores into an empty
database (no table), an empty file store (folder or bucket) and an empty keys folder, and
refuses anything else, so a restore never mixes two installations. Both work on SQLite and
PostgreSQL through public APIs only: `sqlite3.Connection.backup`, and the `pg_dump` /
`pg_restore` programs of the PostgreSQL client (Debian package postgresql-client). The files
go through Django's storage API (`STORAGES["default"]`), so the same code copies a local
folder or an S3 bucket.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
SQLITE_COPY = "database.sqlite3"
PG_COPY = "database.pgdump"
FOLDERS = ("files", "keys")
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in Vietnamese."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def _keys() -> Path:
    return Path(settings.DATA_DIR) / "keys"


def _store() -> Storage:
    """Where the attachments and signed results live: `STORAGES["default"]`."""
    return storages["default"]


def _listed(store: Storage, folder: str) -> Iterator[str]:
    try:
        directories, files = store.listdir(folder)
    except FileNotFoundError:  # the local store's folder before the first upload
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for directory in sorted(directories):
        yield from _listed(store, posixpath.join(folder, directory))


def _stored_names(store: Storage) -> Iterator[str]:
    """Every file's name in the store. An S3 bucket is listed flat, a thousand keys a request
    (under the store's prefix), rather than one request per folder; any other store through
    `listdir`."""
    from storages.backends.s3 import S3Storage

    if not isinstance(store, S3Storage):
        yield from _listed(store, "")
        return
    prefix = f"{store.location.strip('/')}/" if store.location.strip("/") else ""
    for summary in store.bucket.objects.filter(Prefix=prefix):
        if not summary.key.endswith("/"):  # a folder marker some tools create
            yield summary.key[len(prefix) :]


def _safe(name: str) -> str:
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or ".." in parts:
        raise BackupError(f"Tên tệp trong kho lưu trữ không hợp lệ: '{name}'.")
    return name


def _copy_store_out(folder: Path) -> None:
    """Every file of the store into `folder`, by name, through the storage API."""
    store = _store()
    folder.mkdir()
    for name in _stored_names(store):
        destination = folder / _safe(name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with store.open(name, "rb") as source, destination.open("wb") as copy:
            shutil.copyfileobj(source, copy, 1024 * 1024)


def _copy_store_in(folder: Path) -> None:
    """Every file under `folder` into the (empty) store, under the same names."""
    store = _store()
    for path in _files_under(folder):
        name = path.relative_to(folder).as_posix()
        with path.open("rb") as stream:
            saved = store.save(name, File(stream, name=name))
        if saved != name:
            raise BackupError(f"Kho lưu trữ đã đặt tên khác cho tệp {name} ({saved}).")


def _pg_env(config: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump / pg_restore from a Django database config (the
    password through the environment, never on the command line)."""
    args = []
    if config.get("HOST"):
        args += ["-h", str(config["HOST"])]
    if config.get("PORT"):
        args += ["-p", str(config["PORT"])]
    if config.get("USER"):
        args += ["-U", str(config["USER"])]
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"Không tìm thấy chương trình {command[0]} (cài gói postgresql-client)."
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} báo lỗi: {error.stderr.strip()[:500]}") from error


def _copy_database(target: Path) -> str:
    """The database copied into `target`; answers the file's name."""
    config = connection.settings_dict
    if connection.in_atomic_block:
        # SQLite's backup waits for the writer to finish: never from inside a transaction.
        raise BackupError("Không sao lưu từ bên trong một giao dịch cơ sở dữ liệu đang mở.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_COPY)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return SQLITE_COPY
    if connection.vendor == "postgresql":
        args, env = _pg_env(config)
        _run(
            ["pg_dump", "-Fc", "--no-owner", *args, "-f", str(target / PG_COPY), config["NAME"]],
            env,
        )
        return PG_COPY
    raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {connection.vendor}.")


@dataclass(frozen=True)
class Manifest:
    database: str
    vendor: str
    files: dict[str, dict[str, Any]]
    migrations: list[str]
    created_at: str

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "database": self.database,
            "vendor": self.vendor,
            "files": self.files,
            "migrations": self.migrations,
            "created_at": self.created_at,
        }


def backup(target: Path) -> Manifest:
    """Write a backup of this installation into the empty (or new) folder `target`."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"Thư mục {target} đã có dữ liệu; hãy chọn một thư mục trống.")
    target.mkdir(parents=True, exist_ok=True)
    os.chmod(target, 0o700)  # keys and the secret key are inside
    database = _copy_database(target)
    _copy_store_out(target / "files")
    if _keys().exists():
        shutil.copytree(_keys(), target / "keys")
    else:
        (target / "keys").mkdir()
    secret = Path(settings.DATA_DIR) / "secret_key"
    if secret.exists():
        shutil.copy2(secret, target / "secret_key")
    files = {
        str(path.relative_to(target)): {"size": path.stat().st_size, "sha256": _sha256(path)}
        for path in _files_under(target)
    }
    migrations = sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )
    manifest = Manifest(
        database=database,
        vendor=connection.vendor,
        files=files,
        migrations=migrations,
        created_at=datetime.now(UTC).isoformat(),
    )
    (target / MANIFEST).write_text(json.dumps(manifest.as_json(), indent=2, ensure_ascii=False))
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of a backup, after checking every file it lists (size and sha256)."""
    path = Path(source) / MANIFEST
    if not path.exists():
        raise BackupError(f"{source} không phải bản sao lưu motcua (thiếu {MANIFEST}).")
    manifest: dict[str, Any] = json.loads(path.read_text())
    bad = [
        name
        for name, entry in manifest["files"].items()
        if not (Path(source) / name).is_file() or _sha256(Path(source) / name) != entry["sha256"]
    ]
    if bad:
        raise BackupError(
            "Bản sao lưu bị hỏng hoặc bị sửa: "
            + ", ".join(bad[:5])
            + (" …" if len(bad) > 5 else "")
        )
    return manifest


def _empty_database() -> bool:
    return not connection.introspection.table_names()


def restore(source: Path) -> dict[str, Any]:
    """Restore a backup into this installation's empty database and folders."""
    source = Path(source)
    manifest = read_manifest(source)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"Bản sao lưu là của {manifest['vendor']}, cơ sở dữ liệu hiện tại là "
            f"{connection.vendor}: không khôi phục chéo."
        )
    if next(_stored_names(_store()), None) is not None:
        raise BackupError(
            "Kho lưu trữ tệp (thư mục files hoặc bucket S3) đã có dữ liệu; cần kho trống."
        )
    if _keys().exists() and any(_keys().iterdir()):
        raise BackupError(f"Thư mục {_keys()} (keys) đã có dữ liệu; cần thư mục trống.")
    if not _empty_database():
        raise BackupError(
            "Cơ sở dữ liệu hiện tại đã có bảng; chỉ khôi phục vào cơ sở dữ liệu trống."
        )
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.close()
        copy = sqlite3.connect(source / manifest["database"])
        live = sqlite3.connect(config["NAME"])
        try:
            copy.backup(live)
        finally:
            copy.close()
            live.close()
    else:
        args, env = _pg_env(config)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                *args,
                "-d",
                config["NAME"],
                str(source / manifest["database"]),
            ],
            env,
        )
    _copy_store_in(source / "files")
    keys = _keys()
    keys.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "keys", keys, dirs_exist_ok=True)
    os.chmod(keys, 0o700)
    secret = source / "secret_key"
    if secret.exists():
        # Links and tokens signed before keep working once the services restart with it.
        target_secret = Path(settings.DATA_DIR) / "secret_key"
        shutil.copy2(secret, target_secret)
        os.chmod(target_secret, 0o600)
    return manifest
