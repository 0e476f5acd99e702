"""The daily seal of the dossiers' histories (issue 24, part 7): `motcua audit seal` and
`motcua audit verify` find an edit by someone who can write the database, even one who
recomputed the chain, and a seal file edited without the key."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import QuerySet

from motcua.dossiers.actions import transfer
from motcua.dossiers.events import chain_hash, event_body, verify_chain
from motcua.dossiers.models import GENESIS_HASH, Dossier, DossierEvent
from motcua.dossiers.sealing import read_seals, seal, verify

from .conftest import receive


@pytest.fixture(autouse=True)
def _audit_files(settings, tmp_path):
    settings.MOTCUA_AUDIT_KEY = ""
    settings.MOTCUA_AUDIT_KEY_FILE = tmp_path / "keys" / "audit_key"
    settings.MOTCUA_AUDIT_KEY_GENERATED = True
    settings.MOTCUA_AUDIT_SEALS = tmp_path / "audit" / "seals.jsonl"


@pytest.fixture
def two_dossiers(counter_vp, specialist_vp) -> tuple[Dossier, Dossier]:
    first = transfer(receive(counter_vp), actor=counter_vp, assignee_username="specialist_vp")
    second = receive(counter_vp)
    return first, second


def audit(action: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit", action, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def audit_fails(action: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("audit", action, stdout=out, stderr=err)
    return str(caught.value), err.getvalue()


def raw_events() -> QuerySet[DossierEvent]:
    """The events as someone with database access reaches them: a plain queryset, without the
    model's refusal to update or delete (what an UPDATE in psql does)."""
    return QuerySet(model=DossierEvent)


def rewrite_history(dossier: Dossier, seq: int, payload: dict) -> None:
    """What an attacker with database access does: change an event, then recompute every
    hash after it and the head on the dossier, so the chain checks out again."""
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))
    prev = GENESIS_HASH
    for event in events:
        if event.seq == seq:
            event.payload = payload
        body = event_body(
            dossier_code=dossier.code,
            seq=event.seq,
            action=event.action,
            actor_id=event.actor_id,
            at=event.at,
            payload=event.payload,
        )
        event.prev_hash = prev
        event.hash = chain_hash(prev, body)
        prev = event.hash
        raw_events().filter(pk=event.pk).update(
            payload=event.payload, prev_hash=event.prev_hash, hash=event.hash
        )
    Dossier.objects.filter(pk=dossier.pk).update(head_hash=prev)


def test_seal_writes_the_moved_dossiers_keyed_and_chained(two_dossiers, settings):
    first, second = two_dossiers

    out, _ = audit("seal")

    assert "lần 1: 2 hồ sơ" in out
    line = json.loads(settings.MOTCUA_AUDIT_SEALS.read_text().splitlines()[0])
    assert line["n"] == 1 and line["previous"] == ""
    first.refresh_from_db()
    assert [first.code, first.head_hash, 2] in line["dossiers"]
    assert settings.MOTCUA_AUDIT_KEY_FILE.stat().st_mode & 0o777 == 0o600
    # nothing moved: no new line; one dossier moved: a line with it alone, linked to the first
    assert "Không có hồ sơ nào thay đổi" in audit("seal")[0]
    transfer(second, actor=second.received_by, assignee_username="specialist_vp")
    audit("seal")
    lines = settings.MOTCUA_AUDIT_SEALS.read_text().splitlines()
    assert len(lines) == 2
    later = json.loads(lines[1])
    assert later["previous"] == line["hmac"]
    assert [entry[0] for entry in later["dossiers"]] == [second.code]
    assert "khớp" in audit("verify")[0]


def test_verify_reports_an_edited_event(two_dossiers):
    first, second = two_dossiers
    audit("seal")

    # an official with database access changes the assignee in the history
    raw_events().filter(dossier=first, seq=2).update(payload={"assignee": "ai_do"})

    message, err = audit_fails("verify")
    assert first.code in err
    assert "nội dung đã bị sửa" in err
    assert second.code not in err
    assert "1 hồ sơ" in message


def test_verify_reports_a_rewritten_and_recomputed_chain_by_its_seal(two_dossiers):
    first, _ = two_dossiers
    audit("seal")

    # the attacker rewrites the event and recomputes the chain and the head to match
    rewrite_history(first, 2, {"assignee": "ai_do"})
    assert verify_chain(first) == []  # the chain alone looks intact

    _, err = audit_fails("verify")
    assert f"Hồ sơ {first.code}" in err
    assert "đã bị viết lại" in err
    # and the next seal does not vouch for it
    _, seal_err = audit_fails("seal")
    assert first.code in seal_err


def test_verify_reports_events_removed_after_the_seal(two_dossiers):
    first, _ = two_dossiers
    audit("seal")
    raw_events().filter(dossier=first, seq=2).delete()
    last = DossierEvent.objects.get(dossier=first, seq=1)
    Dossier.objects.filter(pk=first.pk).update(head_hash=last.hash, events_count=1)

    _, err = audit_fails("verify")
    assert "xóa bớt" in err


def test_an_edited_seal_file_is_found(two_dossiers, settings):
    audit("seal")
    path = settings.MOTCUA_AUDIT_SEALS
    line = json.loads(path.read_text())
    # the attacker edits the sealed head to the one of a rewritten chain, without the key
    line["dossiers"][0][1] = "0" * 64
    path.write_text(json.dumps(line) + "\n")

    message, err = audit_fails("verify")
    assert "HMAC" in err
    assert "tệp niêm phong không nguyên vẹn" in message
    with pytest.raises(CommandError):
        call_command("audit", "seal", stdout=StringIO(), stderr=StringIO())


def test_a_removed_seal_line_is_found(two_dossiers, settings):
    _, second = two_dossiers
    audit("seal")
    transfer(second, actor=second.received_by, assignee_username="specialist_vp")
    audit("seal")
    path = settings.MOTCUA_AUDIT_SEALS
    path.write_text(path.read_text().splitlines()[1] + "\n")

    seals = read_seals(settings.MOTCUA_AUDIT_KEY_FILE.read_bytes().strip())
    assert any("không nối tiếp" in problem for problem in seals.problems)


def test_a_seal_made_with_another_key_does_not_verify(two_dossiers, settings):
    seal()
    settings.MOTCUA_AUDIT_KEY = "another-key"

    report = verify()
    assert not report.ok
    assert report.seal_problems
