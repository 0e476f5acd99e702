"""The daily seal of the dossiers' event chains (niêm phong lịch sử hồ sơ; invariant 1, issue 24
part 7).

Each dossier's events are a sha256 chain whose head is kept on the dossier row (`events`):
that finds an edit, but whoever can write the database can also recompute the chain and its
head. So once a day `seal` writes, for every dossier whose chain moved since the last seal,
its (code, head hash, event count), sorted by code, as one line of an append-only JSON-lines
file outside the database (`MOTCUA_AUDIT_SEALS`). The line is keyed with HMAC-SHA256 under a
key that is not in the database either (`MOTCUA_AUDIT_KEY` or `MOTCUA_AUDIT_KEY_FILE`), and
names the previous line's digest, so the lines form a chain of their own: a line removed,
reordered or edited without the key is found.

A dossier is sealed only when its chain is intact and still begins with the head sealed
before, so its latest sealed head vouches for every earlier one. `verify` then checks every
dossier: its chain recomputed from its events against the head on its row (`chain_report`),
and the event at the sealed count against the sealed head, so a rewritten history is found
even when the chain was recomputed to match.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from .events import canonical_json, chain_report
from .models import Dossier, DossierEvent


class SealError(Exception):
    """The seals cannot be written (no key, or a seal file that no longer verifies)."""


def audit_key() -> bytes:
    """The sealing key: `MOTCUA_AUDIT_KEY`, else the file `MOTCUA_AUDIT_KEY_FILE`.

    The file is made with a random key (readable by its owner only) when it does not exist
    and no path was set: the demo and the tests, whose data dir holds it. A production start
    refuses a generated key (`checks.check_audit_key`): a key in the data dir is copied with
    the database by whoever copies the data dir."""
    given = str(getattr(settings, "MOTCUA_AUDIT_KEY", "") or "").strip()
    if given:
        return given.encode("utf-8")
    path = Path(settings.MOTCUA_AUDIT_KEY_FILE)
    if not path.exists():
        if not settings.MOTCUA_AUDIT_KEY_GENERATED:
            raise SealError(
                f"Không đọc được khóa niêm phong lịch sử: tệp {path} không tồn tại "
                "(MOTCUA_AUDIT_KEY_FILE)."
            )
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32))
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise SealError(f"Tệp khóa niêm phong lịch sử {path} trống.")
    return key.encode("ascii")


def digest(line: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 of the line's canonical JSON, without its own `hmac`."""
    body = {name: value for name, value in line.items() if name != "hmac"}
    return hmac.new(key, canonical_json(body).encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class SealedHead:
    """A dossier's head as its latest seal wrote it (slots: one for each dossier sealed)."""

    head: str
    count: int
    seal: int
    sealed_at: str


@dataclass
class Seals:
    """What the seal file says: each dossier's latest sealed head, the last line's digest and
    number, and every problem found reading it (Vietnamese, with the line number)."""

    heads: dict[str, SealedHead] = field(default_factory=dict)
    last_digest: str = ""
    last_number: int = 0
    problems: list[str] = field(default_factory=list)


def seals_path() -> Path:
    return Path(settings.MOTCUA_AUDIT_SEALS)


def read_seals(key: bytes, path: Path | None = None) -> Seals:
    """Read and check the seal file: each line's HMAC, number and link to the line before."""
    seals = Seals()
    path = path or seals_path()
    if not path.exists():
        return seals
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            where = f"Tệp niêm phong {path.name}, dòng {number}"
            try:
                line = json.loads(text)
                stated = str(line["hmac"])
                entries = line["dossiers"]
            except (ValueError, KeyError, TypeError):
                seals.problems.append(f"{where}: không đọc được nội dung.")
                continue
            if not hmac.compare_digest(stated, digest(line, key)):
                seals.problems.append(
                    f"{where}: mã xác thực (HMAC) không khớp: dòng đã bị sửa hoặc không do "
                    "khóa niêm phong của hệ thống tạo ra."
                )
                continue
            if line.get("previous") != seals.last_digest or line.get("n") != seals.last_number + 1:
                seals.problems.append(
                    f"{where}: không nối tiếp lần niêm phong trước (có dòng bị xóa, chèn hoặc "
                    "đổi thứ tự)."
                )
            try:
                heads = {
                    str(code): SealedHead(str(head), int(count), int(line["n"]), str(line["at"]))
                    for code, head, count in entries
                }
            except (ValueError, KeyError, TypeError):
                seals.problems.append(f"{where}: danh sách hồ sơ không đúng dạng.")
                continue
            seals.heads.update(heads)
            seals.last_digest = stated
            seals.last_number = int(line["n"])
    return seals


@dataclass
class SealOutcome:
    """One run of `seal`: the line's number (0 when nothing moved), how many dossiers it
    holds, and the dossiers left unsealed because their history no longer verifies."""

    number: int
    sealed: int
    refused: dict[str, list[str]]


def seal(*, now: datetime | None = None) -> SealOutcome:
    """Append today's seal: every dossier whose chain moved since its last seal, if intact.

    One writer at a time (an exclusive lock on the file); a seal file that no longer
    verifies is not extended (that would vouch for it): `SealError`."""
    key = audit_key()
    path = seals_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a+", encoding="utf-8") as out:
        fcntl.flock(out, fcntl.LOCK_EX)
        seals = read_seals(key, path)
        if seals.problems:
            raise SealError(
                "Tệp niêm phong không còn nguyên vẹn; không niêm phong thêm. "
                + " ".join(seals.problems)
            )
        entries: list[list[Any]] = []
        refused: dict[str, list[str]] = {}
        for dossier in _dossiers():
            before = seals.heads.get(dossier.code)
            if before is not None and (before.head, before.count) == (
                dossier.head_hash,
                dossier.events_count,
            ):
                continue
            problems = chain_report(dossier)[0] + _against_seal(dossier, before)
            if problems:
                refused[dossier.code] = problems
                continue
            entries.append([dossier.code, dossier.head_hash, dossier.events_count])
        if not entries:
            return SealOutcome(0, 0, refused)
        at = (now or timezone.now()).astimezone(UTC)
        line: dict[str, Any] = {
            "n": seals.last_number + 1,
            "at": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "previous": seals.last_digest,
            "dossiers": entries,
        }
        line["hmac"] = digest(line, key)
        out.write(canonical_json(line) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return SealOutcome(line["n"], len(entries), refused)


def _dossiers() -> Iterator[Dossier]:
    rows = Dossier.objects.filter(events_count__gt=0).order_by("code")
    return rows.only("pk", "code", "head_hash", "events_count").iterator(chunk_size=2000)


def _against_seal(dossier: Dossier, sealed: SealedHead | None) -> list[str]:
    """The dossier's chain still holds its sealed head at the sealed count, else a problem."""
    if sealed is None:
        return []
    if dossier.events_count < sealed.count:
        return [
            f"Hồ sơ có {dossier.events_count} sự kiện, ít hơn {sealed.count} sự kiện đã niêm "
            f"phong lúc {_local(sealed.sealed_at)}: lịch sử đã bị xóa bớt."
        ]
    hashes = DossierEvent.objects.filter(dossier_id=dossier.pk, seq=sealed.count)
    if hashes.values_list("hash", flat=True).first() != sealed.head:
        return [
            f"Lịch sử đến sự kiện số {sealed.count}, đã niêm phong lúc "
            f"{_local(sealed.sealed_at)}, không còn như khi niêm phong: đã bị viết lại."
        ]
    return []


def _local(instant: str) -> str:
    try:
        moment = datetime.strptime(instant, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return instant
    return timezone.localtime(moment).strftime("%H:%M ngày %d/%m/%Y")


@dataclass
class VerifyReport:
    """What `verify` found: the seal file's problems, each dossier's, how many were checked
    and how many moved since their last seal (not an error: the next seal takes them)."""

    seal_problems: list[str]
    dossiers: dict[str, list[str]]
    checked: int
    unsealed: int

    @property
    def ok(self) -> bool:
        return not self.seal_problems and not self.dossiers


def verify() -> VerifyReport:
    """Check every dossier's chain and its latest sealed head, and the seal file itself."""
    seals = read_seals(audit_key())
    found: dict[str, list[str]] = {}
    checked = unsealed = 0
    present: set[str] = set()
    for dossier in _dossiers():
        checked += 1
        present.add(dossier.code)
        sealed = seals.heads.get(dossier.code)
        problems = chain_report(dossier)[0] + _against_seal(dossier, sealed)
        if problems:
            found[dossier.code] = problems
        elif sealed is None or sealed.count != dossier.events_count:
            unsealed += 1
    for code, sealed in seals.heads.items():
        if code not in present:
            found[code] = [
                f"Hồ sơ đã niêm phong lúc {_local(sealed.sealed_at)} với {sealed.count} sự "
                "kiện nhưng không còn (hoặc không còn sự kiện nào) trong cơ sở dữ liệu."
            ]
    return VerifyReport(seals.problems, found, checked, unsealed)
