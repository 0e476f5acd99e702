"""Prometheus metrics (issue 23, part 9), at `/metrics` for the monitoring only.

What a province's IT team watches: each request's latency by view and the time it spent in
the database (`MetricsMiddleware`), the signing failures (`signing_failed`), and, read from
the database at each scrape, the task backlog and the outbox (`BacklogCollector`).

`/metrics` answers only the addresses in `MOTCUA_MONITOR_ADDRESSES` (loopback by default;
anyone else gets 404, as for `/readyz`). Under `motcua serve` each gunicorn worker is its
own process: `serve` sets `PROMETHEUS_MULTIPROC_DIR` (a fresh folder under the data dir)
before anything imports prometheus_client, and a scrape sums every worker's figures
(prometheus_client's multiprocess mode). Without it (the demo, tests) the figures are the
process's own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from .proxies import client_ip, is_trusted

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_SECONDS = Histogram(
    "motcua_request_duration_seconds",
    "Time to answer a request, by view (URL name), method and status class.",
    ["view", "method", "status"],
    buckets=BUCKETS,
)
DATABASE_SECONDS = Histogram(
    "motcua_request_database_seconds",
    "Time a request spent in database statements, by view.",
    ["view"],
    buckets=BUCKETS,
)
SIGNING_FAILURES = Counter(
    "motcua_signing_failures",
    "Signatures that could not be made (result or agency seal), by kind.",
    ["kind"],
)


def signing_failed(kind: str) -> None:
    """Count a signature that failed: `result` (a leader's approval), `seal` (an agency's)."""
    SIGNING_FAILURES.labels(kind=kind).inc()


class _DatabaseTimer:
    """A connection's execute wrapper that adds each statement's time to `seconds`."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


class MetricsMiddleware:
    """Times each request and its database statements; labels them by the view's URL name
    (never the path: it holds dossier codes)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timer = _DatabaseTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match is not None else "unresolved"
        REQUEST_SECONDS.labels(
            view=view, method=request.method or "", status=f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - started)
        DATABASE_SECONDS.labels(view=view).observe(timer.seconds)
        return response


class BacklogCollector(Collector):
    """The task queue and the outbox, read from the database at each scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """The backlog's gauges, and `motcua_database_up` (0, and no backlog, when the
        database does not answer or is not migrated: the scrape itself never fails)."""
        try:
            gauges = list(self._backlog())
        except DatabaseError:
            gauges = []
        yield GaugeMetricFamily(
            "motcua_database_up", "1 when the database answered the scrape.", 1 if gauges else 0
        )
        yield from gauges

    def _backlog(self) -> Iterator[GaugeMetricFamily]:
        from .health import backlog

        waiting = backlog()
        yield GaugeMetricFamily(
            "motcua_tasks_waiting",
            "Tasks due and not yet taken by a worker.",
            waiting.tasks_waiting,
        )
        yield GaugeMetricFamily(
            "motcua_tasks_oldest_waiting_seconds",
            "How long the oldest due task has waited (a worker down leaves it growing).",
            waiting.oldest_task_s,
        )
        outbox = GaugeMetricFamily(
            "motcua_outbox_messages", "Messages of the outbox by status.", labels=["status"]
        )
        outbox.add_metric(["pending"], waiting.outbox_pending)
        outbox.add_metric(["failed"], waiting.outbox_failed)
        yield outbox


def _registry() -> CollectorRegistry:
    """Every worker's figures under `motcua serve`, else this process's; plus the backlog."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessMetrics())
    registry.register(BacklogCollector())
    return registry


class _ProcessMetrics(Collector):
    """The default registry's metrics (this process's), for a registry of our own."""

    def collect(self) -> Iterator[Any]:
        yield from REGISTRY.collect()


def metrics(request: HttpRequest) -> HttpResponse:
    """`/metrics` in Prometheus's text format, for the monitoring's addresses only."""
    if not is_trusted(client_ip(request) or "", settings.MOTCUA_MONITOR_ADDRESSES):
        raise Http404("Không tìm thấy trang.")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
