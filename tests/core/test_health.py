"""`/healthz` (public: up or not, nothing internal) and `/readyz` (the monitoring's: the
database, the task worker's backlog, the outbox), issue 23 part 9."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.notifications.models import Message, MessageChannel, MessageStatus

pytestmark = pytest.mark.django_db


def test_healthz_says_only_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_for_the_monitoring_only(client, settings):
    assert client.get("/readyz").status_code == 200  # the test client is 127.0.0.1
    response = client.get("/readyz", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 404
    assert "database" not in response.content.decode()


def test_readyz_reports_a_worker_that_is_not_working_and_a_stuck_outbox(client, settings):
    # given nothing waiting: ready
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert body["checks"]["tasks"]["oldest_waiting_s"] == 0
    # when a task waits 10 minutes past its time (no worker took it)
    late = timezone.now() - timedelta(minutes=10)
    DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="motcua.notifications.tasks.deliver_message",
        queue_name="default",
        backend_name="default",
        run_after=late,
    )
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503 and body["status"] == "error"
    assert body["checks"]["tasks"]["ok"] is False
    assert body["checks"]["tasks"]["oldest_waiting_s"] >= 600
    assert body["checks"]["outbox"]["ok"] is True
    # and a message waits 20 minutes past its time, another failed
    settings.MOTCUA_READY_TASK_DELAY_S = 3600
    for status, due in ((MessageStatus.PENDING, 20), (MessageStatus.FAILED, 0)):
        Message.objects.create(
            channel=MessageChannel.SMS,
            destination="0912345678",
            body="Thử",
            purpose="test",
            status=status,
            next_attempt_at=timezone.now() - timedelta(minutes=due),
        )
    body = client.get("/readyz").json()
    assert body["checks"]["tasks"]["ok"] is True
    assert body["checks"]["outbox"] == {
        "ok": False,
        "oldest_pending_s": body["checks"]["outbox"]["oldest_pending_s"],
        "limit_s": 900,
        "failed": 1,
    }
    assert body["checks"]["outbox"]["oldest_pending_s"] >= 1200
