"""`/metrics` (issue 23, part 9): request latency and database time by view, the signing
failures, the task backlog and the outbox, in Prometheus's format, for the monitoring's
addresses only. The multiprocess sum under `motcua serve` is checked in test_serve.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.core.metrics import signing_failed
from motcua.notifications.models import Message, MessageChannel, MessageStatus

pytestmark = pytest.mark.django_db


def _value(text: str, sample: str) -> float:
    found = re.search(rf"^{re.escape(sample)} ([0-9.e+-]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def test_metrics_count_requests_by_view_and_their_database_time(client):
    before = client.get("/metrics").content.decode()
    client.get("/healthz")
    client.get("/tra-cuu/")
    after = client.get("/metrics").content.decode()
    healthz = 'motcua_request_duration_seconds_count{method="GET",status="2xx",view="healthz"}'
    assert _value(after, healthz) == _value(before, healthz) + 1
    lookup = 'motcua_request_database_seconds_count{view="portal:lookup"}'
    assert _value(after, lookup) >= 1
    # the path (which may hold a dossier code) is never a label
    assert "/tra-cuu/" not in after


def test_metrics_show_the_backlog_and_signing_failures(client):
    Message.objects.create(
        channel=MessageChannel.SMS,
        destination="0912345678",
        body="Thử",
        purpose="test",
        status=MessageStatus.FAILED,
        next_attempt_at=timezone.now() - timedelta(minutes=1),
    )
    text = client.get("/metrics").content.decode()
    assert _value(text, 'motcua_outbox_messages{status="failed"}') == 1
    assert _value(text, "motcua_tasks_waiting") == 0
    assert _value(text, "motcua_database_up") == 1
    before = _value(text, 'motcua_signing_failures_total{kind="result"}')
    signing_failed("result")
    text = client.get("/metrics").content.decode()
    assert _value(text, 'motcua_signing_failures_total{kind="result"}') == before + 1


def test_metrics_answer_the_monitoring_only(client):
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5").status_code == 404
