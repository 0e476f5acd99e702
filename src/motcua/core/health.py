"""Health of one installation, for a load balancer and a monitor (issue 23, part 9).

`/healthz` is public (a proxy or load balancer polls it, over plain HTTP too): 200 when the
database answers, 503 when not, and nothing more, so it tells the public nothing internal.
`/readyz` is for the monitoring only (`MOTCUA_MONITOR_ADDRESSES`, loopback by default; any
other address gets 404 as if it did not exist): the database, the task worker (the oldest
task waiting past its time: a worker that is down leaves tasks waiting) and the outbox (the
oldest message waiting to be sent past its time, and how many failed), each with its figure,
503 when one is not ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, JsonResponse
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.notifications.models import Message, MessageStatus

from .proxies import client_ip, is_trusted


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def healthz(request: HttpRequest) -> JsonResponse:
    """200 `{"status": "ok"}` when the database answers, else 503 `{"status": "error"}`
    (public contract; no detail: the public learns nothing internal)."""
    if _database_answers():
        return JsonResponse({"status": "ok"})
    return JsonResponse({"status": "error"}, status=503)


def _age_seconds(moment: Any) -> int:
    return max(int((timezone.now() - moment).total_seconds()), 0) if moment else 0


@dataclass(frozen=True)
class Backlog:
    """What waits: due tasks no worker took, and the outbox's pending and failed messages."""

    tasks_waiting: int
    oldest_task_s: int
    outbox_pending: int
    oldest_message_s: int
    outbox_failed: int


def backlog() -> Backlog:
    """The task queue and the outbox as `/readyz` and `/metrics` report them (a few counts
    and two oldest times, each on an index)."""
    now = timezone.now()
    tasks = DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=now)
    oldest_task = tasks.order_by("run_after").values_list("run_after", flat=True).first()
    due = Message.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
    oldest_message = (
        due.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()
    )
    return Backlog(
        tasks_waiting=tasks.count(),
        oldest_task_s=_age_seconds(oldest_task),
        outbox_pending=Message.objects.filter(status=MessageStatus.PENDING).count(),
        oldest_message_s=_age_seconds(oldest_message),
        outbox_failed=Message.objects.filter(status=MessageStatus.FAILED).count(),
    )


def readiness() -> dict[str, Any]:
    """Each check with its figure and whether it is ready (the body of `/readyz`)."""
    if not _database_answers():
        return {"status": "error", "checks": {"database": {"ok": False}}}
    task_limit = settings.MOTCUA_READY_TASK_DELAY_S
    outbox_limit = settings.MOTCUA_READY_OUTBOX_DELAY_S
    waiting = backlog()
    checks: dict[str, dict[str, Any]] = {
        "database": {"ok": True},
        "tasks": {
            "ok": waiting.oldest_task_s <= task_limit,
            "oldest_waiting_s": waiting.oldest_task_s,
            "limit_s": task_limit,
        },
        "outbox": {
            "ok": waiting.oldest_message_s <= outbox_limit,
            "oldest_pending_s": waiting.oldest_message_s,
            "limit_s": outbox_limit,
            "failed": waiting.outbox_failed,
        },
    }
    ready = all(check["ok"] for check in checks.values())
    return {"status": "ok" if ready else "error", "checks": checks}


def readyz(request: HttpRequest) -> JsonResponse:
    """The readiness of the installation for the monitoring (`readiness`); 404 elsewhere."""
    if not is_trusted(client_ip(request) or "", settings.MOTCUA_MONITOR_ADDRESSES):
        raise Http404("Không tìm thấy trang.")
    body = readiness()
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)
