"""The benchmark's output: the configuration, the user-facing budgets with PASS or MISS
beside each figure, the figures given as information, the JSON file, and `compare` of two
JSON files (each p99's growth between sizes, against its budget).

Budgets are reported, never asserted (STYLE.md: performance is measured in bench/). They
are issue 25's and ADR 0009's; they hold for PostgreSQL at 1M and 10M dossiers and for
SQLite at 100k (docs/performance.md).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connection

# The figures every run writes, in table order.
KEYS = (
    "lookup_p50_ms",
    "lookup_p95_ms",
    "lookup_p99_ms",
    "search_id_p50_ms",
    "search_id_p95_ms",
    "search_id_p99_ms",
    "search_name_p50_ms",
    "search_name_p95_ms",
    "search_name_p99_ms",
    "worklist_p50_ms",
    "worklist_p95_ms",
    "worklist_p99_ms",
    "mixed_max_rps",
    "mixed_clients",
    "mixed_rps",
    "mixed_p99_ms",
    "mixed_errors",
    "mixed_intake_p99_ms",
    "mixed_action_p99_ms",
    "mixed_intake_requests",
    "mixed_action_requests",
    "intake_per_s",
    "raw_insert_per_s",
    "intake_raw_ratio",
    "transitions_per_s",
    "spiff_transitions_per_s",
    "spiff_transitions_ratio",
    "bare_commit_per_s",
    "spiff_ratio_ceiling",
)

# The mixed load's budget: this rate held, every request answered, p99 within
# `measures.P99_LIMIT_MS` (200 ms); the intake's and actions' budgets are read at it.
MIXED_RPS_BUDGET = 250.0
# Each p99 may grow at most this much from 1M to 10M dossiers (`compare`).
GROWTH_BUDGET = 1.3


@dataclass(frozen=True)
class Budget:
    """A user-facing budget: `check(value)` is True when the figure `key` is within it."""

    key: str
    label: str
    text: str
    unit: str
    check: Callable[[float], bool]


BUDGETS: tuple[Budget, ...] = (
    Budget("lookup_p99_ms", "public lookup, p99", "< 50 ms", "ms", lambda v: v < 50),
    Budget("search_id_p99_ms", "staff search by ID number, p99", "< 50 ms", "ms", lambda v: v < 50),
    Budget(
        "search_name_p99_ms",
        "staff search by name without diacritics, p99",
        "< 50 ms",
        "ms",
        lambda v: v < 50,
    ),
    Budget("worklist_p99_ms", "work queue's first page, p99", "< 50 ms", "ms", lambda v: v < 50),
    Budget(
        "mixed_intake_p99_ms",
        "intake within the mixed load, p99",
        "< 100 ms",
        "ms",
        lambda v: v < 100,
    ),
    Budget(
        "mixed_action_p99_ms",
        "lifecycle actions within the mixed load, p99",
        "< 100 ms",
        "ms",
        lambda v: v < 100,
    ),
    Budget(
        "mixed_max_rps",
        "mixed load held (p99 ≤ 200 ms, no errors)",
        f"≥ {MIXED_RPS_BUDGET:.0f} rps",
        "rps",
        lambda v: v >= MIXED_RPS_BUDGET,
    ),
)

# Printed as information, with no target: issue 25 withdrew the two ratio targets
# (intake ≥ 0.5 × raw inserts, transitions ≥ 5 × SpiffWorkflow).
INFORMATION = (
    ("intake_raw_ratio", "intake / raw inserts"),
    ("spiff_transitions_ratio", "transitions / SpiffWorkflow's"),
    ("spiff_ratio_ceiling", "bare commits / SpiffWorkflow's transitions"),
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def database_description() -> dict[str, str]:
    """The database vendor and server version, and its name (no credentials)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = str(cursor.fetchone()[0])
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = str(cursor.fetchone()[0])
        else:
            version = "?"
    return {
        "vendor": connection.vendor,
        "version": version,
        "name": Path(str(connection.settings_dict["NAME"])).name,
    }


def configuration(**extra: Any) -> dict[str, Any]:
    """Where and how the figures were measured."""
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database_description(),
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory": memory,
        "machine": platform.platform(),
        "python": sys.version.split()[0],
        **extra,
    }


def cpu_probe_ms() -> float:
    """The best of three runs of a fixed pure-Python loop, in ms: how fast this machine's
    core is right now. On a shared VM it moves during a run (0.40-0.75 s for the same loop
    within an hour, 26/11/2026), so the run records it at its start and its end and two
    runs compare only as far as their probes agree."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(number * number for number in range(1_000_000))
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def _format(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return str(value)


def _generated(size: int | None) -> str:
    return f"generated {size:,}" if size is not None else "as found, --skip-load"


def _verdict(budget: Budget, value: Any) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "n/a"
    return "PASS" if budget.check(float(value)) else "MISS"


def _probe(config: dict[str, Any]) -> str:
    return " → ".join(str(ms) for ms in config.get("cpu_probe_ms") or ["n/a"])


def budgets(result: dict[str, Any]) -> list[str]:
    """One line per budget: what, the figure, the budget, PASS or MISS (n/a when the
    figure was not measured, e.g. `--no-http`)."""
    config = result.get("config", {})
    lines = [
        "Budgets (issue 25, ADR 0009: PostgreSQL at 1M and 10M, SQLite at 100k; "
        "reported, never asserted)",
        f"  {'what':<46}{'figure':>12}  {'budget':<12}{'':>5}",
    ]
    for budget in BUDGETS:
        value = result.get(budget.key)
        figure = f"{_format(value)} {budget.unit}" if value is not None else "n/a"
        line = f"  {budget.label:<46}{figure:>12}  {budget.text:<12}{_verdict(budget, value):>5}"
        if budget.key == "mixed_max_rps":
            line += f"   CPU probe {_probe(config)} ms"
        lines.append(line)
    if result.get("mixed_clients") is not None:
        lines.append(
            f"  intake and actions read at {result['mixed_clients']} clients (the first level "
            f"held at ≥ {MIXED_RPS_BUDGET:.0f} rps, else the best held, else the last run): "
            f"{_format(result.get('mixed_rps'))} rps, p99 {_format(result.get('mixed_p99_ms'))} "
            f"ms, errors {result.get('mixed_errors')},"
        )
        lines.append(
            f"  {result.get('mixed_intake_requests')} intakes and "
            f"{result.get('mixed_action_requests')} actions (a p99 of a few is their slowest)"
        )
    return lines


def table(result: dict[str, Any]) -> str:
    """The configuration, the budgets with PASS/MISS, the ratios given as information, then
    every figure and the mixed load's levels."""
    config = result["config"]
    database = config["database"]
    lines = [
        f"motcua bench · {config['date']}",
        f"database {database['vendor']} {database['version']} ({database['name']}) · "
        f"dossiers {config['dossiers']:,} ({_generated(config['size'])}) · "
        f"seed {config['seed']}",
        f"machine {config['machine']} · {config['cpu_count']} CPU ({config['cpu']}) · "
        f"{config['memory']} · Python {config['python']}",
        f"server gunicorn -w {config.get('workers', 2)} --threads {config.get('threads', 1)} · "
        f"CPU probe (ms, start → end) "
        f"{_probe(config)} · notes: {config.get('notes', '')}",
        "",
        *budgets(result),
        "",
        "Information (no target: the ratio targets were withdrawn by issue 25)",
    ]
    for key, label in INFORMATION:
        lines.append(f"  {label:<46}{_format(result.get(key)):>12}  ({key})")
    lines += ["", f"{'figure':<26}{'value':>14}", "-" * 40]
    for key in KEYS:
        lines.append(f"{key:<26}{_format(result.get(key)):>14}")
    for level in result.get("details", {}).get("mixed_levels", []):
        kinds = ", ".join(
            f"{kind} {figures['p99_ms']:.1f}" for kind, figures in level.get("by_kind", {}).items()
        )
        lines.append(
            f"  mixed {level['clients']:>3} clients: {level['rps']:>8.1f} rps, "
            f"p99 {level['p99_ms']:.1f} ms, errors {level['errors']}"
            + (f" · p99 by kind (ms): {kinds}" if kinds else "")
        )
    return "\n".join(lines)


def write_json(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def compare(first: Path, second: Path) -> str:
    """Each p99 of two runs (A at 1M, B at 10M) and its growth B / A against the budget
    (at most 1.3×), then the other figures and their ratio as information."""
    a = json.loads(first.read_text(encoding="utf-8"))
    b = json.loads(second.read_text(encoding="utf-8"))
    size_a = a.get("config", {}).get("dossiers", "?")
    size_b = b.get("config", {}).get("dossiers", "?")
    head = (
        f"{'measure':<26}{f'A ({size_a:,})' if isinstance(size_a, int) else 'A':>16}"
        f"{f'B ({size_b:,})' if isinstance(size_b, int) else 'B':>16}{'B/A':>10}"
    )
    lines = [
        f"CPU probe (ms, start → end): A {_probe(a.get('config', {}))} · "
        f"B {_probe(b.get('config', {}))}",
        "",
        f"p99 growth, budget B/A ≤ {GROWTH_BUDGET}× (1M → 10M)",
        f"{head}{'':>6}",
        "-" * 74,
    ]
    p99s = [key for key in KEYS if key.endswith("_p99_ms")]
    for key in p99s:
        left, right = a.get(key), b.get(key)
        ratio, verdict = "n/a", "n/a"
        if _number(left) and _number(right) and left:
            growth = right / left
            ratio, verdict = f"{growth:.2f}", "PASS" if growth <= GROWTH_BUDGET else "MISS"
        lines.append(f"{key:<26}{_format(left):>16}{_format(right):>16}{ratio:>10}{verdict:>6}")
    lines += ["", "Other figures (information)", head, "-" * 68]
    for key in KEYS:
        if key in p99s:
            continue
        left, right = a.get(key), b.get(key)
        ratio = f"{right / left:.2f}" if _number(left) and _number(right) and left else "n/a"
        lines.append(f"{key:<26}{_format(left):>16}{_format(right):>16}{ratio:>10}")
    return "\n".join(lines)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
