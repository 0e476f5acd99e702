"""Smoke runs of the province benchmark (bench/), so it cannot rot.

Only the shape of the output is checked: every figure is present and numeric. Performance is
never asserted here (STYLE.md); the figures live in docs/performance.md.

- `test_bench_in_test_database_*` runs the generator and the in-process measures (intake,
  raw SQL, motcua vs SpiffWorkflow) inside the pytest database through the ORM: on SQLite
  or on PostgreSQL, whichever the suite runs on. The HTTP phase is skipped there, because a
  gunicorn subprocess cannot see the test transaction.
- `test_bench_command_line_with_http_*` runs `python -m bench run --quick` as a subprocess
  against a temporary SQLite data dir, even on the PostgreSQL run, so the gunicorn path
  (lookup, search, work queue, mixed load) is exercised once in every suite run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.run import Options, run

from bench import report

ROOT = Path(__file__).resolve().parents[2]
HTTP_KEYS = {
    key for key in report.KEYS if key.startswith(("lookup", "search", "worklist", "mixed"))
}


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@pytest.mark.django_db
def test_bench_in_test_database_writes_every_in_process_figure(tmp_path, settings):
    # given the test database with units and catalog (tests/conftest.py)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # when a tiny run without the HTTP phase
    result = run(
        Options(
            size=300, seed=7, duration=0.5, quick=True, http=False, prepare=False, progress=False
        )
    )
    # then every key is there, and the in-process figures are numbers
    assert set(report.KEYS) <= set(result)
    for key in set(report.KEYS) - HTTP_KEYS:
        assert _numeric(result[key]), key
    # and the dossiers the measures received are gone again: the history is the generated one
    assert result["config"]["dossiers"] == 300
    assert "dossiers 300 (generated 300)" in report.table(result)
    assert (
        result["details"]["intake"]["count"] > 0 and result["details"]["transitions"]["count"] > 0
    )
    # and the transitions' ceiling is the bare commits' rate over SpiffWorkflow's
    assert result["details"]["bare_commit"]["count"] > 0
    assert result["spiff_ratio_ceiling"] == pytest.approx(
        result["bare_commit_per_s"] / result["spiff_transitions_per_s"]
    )


def test_bench_command_line_with_http_writes_every_figure(tmp_path):
    # given a fresh SQLite data dir (never the suite's database, on any vendor)
    env = {k: v for k, v in os.environ.items() if k != "MOTCUA_DATABASE_URL"}
    env["MOTCUA_DATA_DIR"] = str(tmp_path / "data")
    out = tmp_path / "out.json"
    # when the command runs quickly, gunicorn included
    completed = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench", "run", "--size", "300", "--quick", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    # then it succeeds and every figure is a number
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    for key in report.KEYS:
        assert _numeric(result.get(key)), key
    assert result["config"]["database"]["vendor"] == "sqlite"
    # and each budget is printed with its figure and PASS or MISS beside it
    for budget in report.BUDGETS:
        line = next(line for line in completed.stdout.splitlines() if budget.label in line)
        assert budget.text in line and ({"PASS", "MISS"} & set(line.split())), line
    assert "CPU probe" in next(
        line for line in completed.stdout.splitlines() if "mixed load held" in line
    )
    # and the withdrawn ratios are printed as information, without a verdict
    assert "Information (no target" in completed.stdout
    assert result["budgets"]["mixed_max_rps"] == "≥ 250 rps"


def test_compare_reports_each_p99_growth_against_its_budget(tmp_path):
    # given two runs' figures (1M and 10M)
    first = {"config": {"dossiers": 1_000_000}, "lookup_p99_ms": 10.0, "search_id_p99_ms": 10.0}
    second = {"config": {"dossiers": 10_000_000}, "lookup_p99_ms": 12.0, "search_id_p99_ms": 14.0}
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    report.write_json(first, a)
    report.write_json(second, b)
    # when they are compared
    lines = report.compare(a, b).splitlines()
    # then each p99's growth is given with PASS within 1.3× and MISS beyond it
    assert next(line for line in lines if line.startswith("lookup_p99_ms")).split()[-2:] == [
        "1.20",
        "PASS",
    ]
    assert next(line for line in lines if line.startswith("search_id_p99_ms")).split()[-2:] == [
        "1.40",
        "MISS",
    ]
    # and a figure one run lacks is n/a, not an error
    assert next(line for line in lines if line.startswith("worklist_p99_ms")).split()[-1] == "n/a"
