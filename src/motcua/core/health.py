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


def readiness() -> dict[str, Any]:
    """Each check with its figure and whether it is ready (the body of `/readyz`)."""
    if not _database_answers():
        return {"status": "error", "checks": {"database": {"ok": False}}}
    now = timezone.now()
    task_limit = settings.MOTCUA_READY_TASK_DELAY_S
    outbox_limit = settings.MOTCUA_READY_OUTBOX_DELAY_S
    waiting = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=now)
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    pending = (
        Message.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    task_age, outbox_age = _age_seconds(waiting), _age_seconds(pending)
    checks: dict[str, dict[str, Any]] = {
        "database": {"ok": True},
        "tasks": {
            "ok": task_age <= task_limit,
            "oldest_waiting_s": task_age,
            "limit_s": task_limit,
        },
        "outbox": {
            "ok": outbox_age <= outbox_limit,
            "oldest_pending_s": outbox_age,
            "limit_s": outbox_limit,
            "failed": Message.objects.filter(status=MessageStatus.FAILED).count(),
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
