"""The hash chain of dossier events (invariant 1).

Each event's `hash` is sha256(prev_hash + canonical JSON of the event), where the canonical
JSON has sorted keys, no spaces, UTF-8 text and timestamps as ISO 8601 in UTC. The dossier
keeps the head of its chain (`head_hash`, `events_count`), so `verify_chain` finds a changed
payload, a removed or reordered event, and even a removed last event; and since the first
event names the dossier's snapshot (ADR 0008), a dossier moved to another one.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.utils import timezone

from .choices import event_label
from .models import GENESIS_HASH, Dossier, DossierEvent


def iso_utc(instant: datetime) -> str:
    """An aware instant as ISO 8601 in UTC with microseconds: "2026-11-26T07:00:00.000000Z"."""
    if instant.tzinfo is None:
        raise ValueError("Thời điểm của sự kiện phải có múi giờ.")
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_body(
    *, dossier_code: str, seq: int, action: str, actor_id: int | None, at: datetime, payload: Any
) -> dict[str, Any]:
    """What an event's hash covers."""
    return {
        "dossier": dossier_code,
        "seq": seq,
        "action": action,
        "actor": actor_id,
        "at": iso_utc(at),
        "payload": payload,
    }


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(body)).encode("utf-8")).hexdigest()


def _hash_of(event: DossierEvent, dossier_code: str, prev_hash: str) -> str:
    body = event_body(
        dossier_code=dossier_code,
        seq=event.seq,
        action=event.action,
        actor_id=event.actor_id,
        at=event.at,
        payload=event.payload,
    )
    return chain_hash(prev_hash, body)


def append_event(
    dossier: Dossier,
    *,
    action: str,
    actor: AbstractBaseUser | None,
    payload: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> DossierEvent:
    """Append one event to the dossier's chain and move the dossier's head to it.

    Called only by actions, inside their transaction, after they locked or created the
    dossier row: the (dossier, seq) unique constraint refuses a second writer anyway.
    `payload` must be JSON data (dates as strings) so it reads back exactly as hashed.
    """
    event = chained_event(dossier, action=action, actor=actor, payload=payload, at=at)
    event.save(force_insert=True)
    Dossier.objects.filter(pk=dossier.pk).update(
        head_hash=dossier.head_hash, events_count=dossier.events_count
    )
    return event


def chained_event(
    dossier: Dossier,
    *,
    action: str,
    actor: AbstractBaseUser | None,
    payload: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> DossierEvent:
    """The next event of the dossier's chain, hashed but not saved; the dossier's head
    (`head_hash`, `events_count`) moves to it in memory only.

    For an action that writes the dossier row anyway: it saves the head with its own
    INSERT or UPDATE, then saves the event (`event.save(force_insert=True)`), one statement
    fewer than `append_event`. Same rules: inside the action's transaction, row locked or new.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("append_event phải chạy trong giao dịch của thao tác hồ sơ.")
    payload = json.loads(canonical_json(payload or {}))
    # Whole microseconds in UTC: what every database stores and gives back.
    at = (at or timezone.now()).astimezone(UTC)
    event = DossierEvent(
        dossier=dossier,
        seq=dossier.events_count + 1,
        action=action,
        actor_id=actor.pk if actor is not None else None,
        at=at,
        payload=payload,
        prev_hash=dossier.head_hash,
    )
    event.hash = _hash_of(event, dossier.code, event.prev_hash)
    dossier.head_hash = event.hash
    dossier.events_count = event.seq
    return event


def verify_chain(dossier: Dossier) -> list[str]:
    """Every break in the dossier's event chain, in Vietnamese; empty when intact."""
    return chain_report(dossier)[0]


def chain_report(dossier: Dossier) -> tuple[list[str], int | None]:
    """The chain's problems (Vietnamese) and the seq of the first broken event, if any.

    A break found only at the head (a removed last event) reports `events_count` as the seq.
    """
    problems: list[str] = []
    broken_at: int | None = None
    head = (
        Dossier.objects.filter(pk=dossier.pk)
        .values("code", "head_hash", "events_count", "procedure_snapshot_id")
        .get()
    )
    prev_hash = GENESIS_HASH
    expected_seq = 1
    for event in DossierEvent.objects.filter(dossier_id=dossier.pk).order_by("seq", "pk"):
        before = len(problems)
        if event.seq != expected_seq:
            problems.append(
                f"Sự kiện số {expected_seq} bị thiếu hoặc sai thứ tự (gặp số {event.seq})."
            )
        if event.prev_hash != prev_hash:
            problems.append(f"Sự kiện số {event.seq}: mã băm trước không khớp sự kiện liền trước.")
        if _hash_of(event, head["code"], event.prev_hash) != event.hash:
            problems.append(
                f"Sự kiện số {event.seq} ({event_label(event.action)}): nội dung đã bị sửa."
            )
        if broken_at is None and len(problems) > before:
            broken_at = min(event.seq, expected_seq)
        named = event.payload.get("snapshot") if event.seq == 1 else None
        if named is not None and named != head["procedure_snapshot_id"]:
            # The first event names the snapshot the dossier was received under (ADR 0008).
            problems.append(
                "Thông tin thủ tục lúc tiếp nhận của hồ sơ không khớp sự kiện tiếp nhận."
            )
            broken_at = broken_at or 1
        prev_hash = event.hash
        expected_seq = event.seq + 1
    if expected_seq - 1 != head["events_count"]:
        problems.append(
            f"Hồ sơ ghi nhận {head['events_count']} sự kiện nhưng chuỗi có {expected_seq - 1}."
        )
    if prev_hash != head["head_hash"]:
        problems.append("Sự kiện cuối của chuỗi không khớp mã băm lưu trên hồ sơ.")
    if problems and broken_at is None:
        broken_at = max(head["events_count"], 1)
    return problems, broken_at
