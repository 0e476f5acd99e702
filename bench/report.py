"""The benchmark's output: the configuration, a table of figures beside their targets, the
JSON file, and `compare` of two JSON files (growth between sizes).

Targets are reported, never asserted (STYLE.md: performance is measured in bench/).
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
    "intake_per_s",
    "raw_insert_per_s",
    "intake_raw_ratio",
    "lookup_p50_ms",
    "lookup_p95_ms",
    "lookup_p99_ms",
    "search_p50_ms",
    "search_p95_ms",
    "search_p99_ms",
    "worklist_p50_ms",
    "worklist_p95_ms",
    "worklist_p99_ms",
    "mixed_max_rps",
    "transitions_per_s",
    "spiff_transitions_per_s",
    "spiff_transitions_ratio",
    "bare_commit_per_s",
    "spiff_ratio_ceiling",
)


@dataclass(frozen=True)
class Target:
    """A figure to reach: `check(value)` is True when met; `text` says what it is."""

    text: str
    check: Callable[[float], bool]


TARGETS: dict[str, Target] = {
    "intake_raw_ratio": Target("≥ 0.5 × raw", lambda v: v >= 0.5),
    "lookup_p99_ms": Target("< 50 ms at 1M", lambda v: v < 50),
    "search_p99_ms": Target("< 50 ms at 1M", lambda v: v < 50),
    "worklist_p99_ms": Target("< 50 ms at 1M", lambda v: v < 50),
    "mixed_max_rps": Target("≥ 400 rps, p99 < 200 ms (2 cores, PG)", lambda v: v >= 400),
    "spiff_transitions_ratio": Target("≥ 5 × Spiff", lambda v: v >= 5),
}


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


def table(result: dict[str, Any]) -> str:
    """The figures as a text table, with the configuration above and targets beside."""
    config = result["config"]
    database = config["database"]
    lines = [
        f"motcua bench · {config['date']}",
        f"database {database['vendor']} {database['version']} ({database['name']}) · "
        f"dossiers {config['dossiers']:,} ({_generated(config['size'])}) · "
        f"seed {config['seed']}",
        f"machine {config['machine']} · {config['cpu_count']} CPU ({config['cpu']}) · "
        f"{config['memory']} · Python {config['python']}",
        f"server gunicorn -w {config.get('workers', 2)} · CPU probe (ms, start → end) "
        f"{' → '.join(str(ms) for ms in config.get('cpu_probe_ms') or ['n/a'])} · "
        f"notes: {config.get('notes', '')}",
        "",
        f"{'measure':<26}{'value':>14}  {'target':<40}{'met':>4}",
        "-" * 86,
    ]
    for key in KEYS:
        value = result.get(key)
        target = TARGETS.get(key)
        met = ""
        if target is not None and isinstance(value, int | float):
            met = "yes" if target.check(float(value)) else "no"
        lines.append(f"{key:<26}{_format(value):>14}  {target.text if target else '':<40}{met:>4}")
    for level in result.get("details", {}).get("mixed_levels", []):
        lines.append(
            f"  mixed {level['clients']:>3} clients: {level['rps']:>8.1f} rps, "
            f"p99 {level['p99_ms']:.1f} ms, errors {level['errors']}"
        )
    return "\n".join(lines)


def write_json(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def compare(first: Path, second: Path) -> str:
    """Each figure of two runs (e.g. 100k and 1M) and their ratio second / first."""
    a = json.loads(first.read_text(encoding="utf-8"))
    b = json.loads(second.read_text(encoding="utf-8"))
    size_a = a.get("config", {}).get("dossiers", "?")
    size_b = b.get("config", {}).get("dossiers", "?")
    lines = [
        f"{'measure':<26}{f'A ({size_a:,})' if isinstance(size_a, int) else 'A':>16}"
        f"{f'B ({size_b:,})' if isinstance(size_b, int) else 'B':>16}{'B/A':>10}",
        "-" * 68,
    ]
    for key in KEYS:
        left, right = a.get(key), b.get(key)
        ratio = "n/a"
        if isinstance(left, int | float) and isinstance(right, int | float) and left:
            ratio = f"{right / left:.2f}"
        lines.append(f"{key:<26}{_format(left):>16}{_format(right):>16}{ratio:>10}")
    return "\n".join(lines)
