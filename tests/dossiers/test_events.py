"""The hash chain of dossier events: append-only, and verify_chain finds any edit."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import transaction

from motcua.dossiers.events import append_event, verify_chain
from motcua.dossiers.models import GENESIS_HASH, DossierEvent, EventTamperingError

from .conftest import receive


@pytest.fixture
def dossier(counter_vp):
    """A received dossier with two more events (three in all)."""
    dossier = receive(counter_vp)
    with transaction.atomic():
        append_event(dossier, action="note", actor=counter_vp, payload={"text": "Đã gọi điện"})
        append_event(dossier, action="note", actor=None, payload={"text": "Nhắc hạn"})
    return dossier


def test_receive_appends_first_event_of_chain(counter_vp):
    dossier = receive(counter_vp)
    event = dossier.events.get()
    assert event.seq == 1
    assert event.action == "receive"
    assert event.actor == counter_vp
    assert event.prev_hash == GENESIS_HASH
    assert event.payload["code"] == dossier.code
    assert event.at == dossier.received_at
    assert verify_chain(dossier) == []


def test_event_hash_is_sha256_of_prev_hash_and_canonical_json(dossier):
    event = dossier.events.get(seq=2)
    body = {
        "dossier": dossier.code,
        "seq": 2,
        "action": "note",
        "actor": event.actor_id,
        "at": event.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "payload": {"text": "Đã gọi điện"},
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = hashlib.sha256((event.prev_hash + canonical).encode()).hexdigest()
    assert event.hash == expected
    assert event.prev_hash == dossier.events.get(seq=1).hash


def test_chain_intact_after_appends(dossier):
    assert dossier.events.count() == 3
    assert verify_chain(dossier) == []


def test_events_refuse_update_and_delete(dossier):
    event = dossier.events.get(seq=2)
    event.payload = {"text": "sửa"}
    with pytest.raises(EventTamperingError):
        event.save()
    with pytest.raises(EventTamperingError):
        event.delete()
    with pytest.raises(EventTamperingError):
        DossierEvent.objects.filter(pk=event.pk).update(payload={})
    with pytest.raises(EventTamperingError):
        DossierEvent.objects.filter(pk=event.pk).delete()
    assert verify_chain(dossier) == []


def test_verify_chain_detects_payload_edited_in_database(dossier):
    # given someone edits a payload behind the application's back (a raw queryset update)
    DossierEvent._base_manager.filter(dossier=dossier, seq=2).update(payload={"text": "khác"})
    # then the chain reports it
    problems = verify_chain(dossier)
    assert any("Sự kiện số 2" in problem and "bị sửa" in problem for problem in problems)


def test_verify_chain_detects_removed_event(dossier):
    DossierEvent._base_manager.filter(dossier=dossier, seq=2).delete()
    assert any("số 2 bị thiếu" in problem for problem in verify_chain(dossier))


def test_verify_chain_detects_removed_last_event(dossier):
    DossierEvent._base_manager.filter(dossier=dossier, seq=3).delete()
    problems = verify_chain(dossier)
    assert problems
    assert any("3 sự kiện" in problem for problem in problems)


def test_verify_chain_detects_reordered_events(dossier):
    manager = DossierEvent._base_manager
    manager.filter(dossier=dossier, seq=2).update(seq=99)
    manager.filter(dossier=dossier, seq=3).update(seq=2)
    manager.filter(dossier=dossier, seq=99).update(seq=3)
    assert verify_chain(dossier)


def test_verify_chain_detects_changed_actor_or_time(dossier):
    event = dossier.events.get(seq=1)
    DossierEvent._base_manager.filter(pk=event.pk).update(actor=None)
    assert verify_chain(dossier)
