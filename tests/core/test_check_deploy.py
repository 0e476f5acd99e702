"""`motcua check --deploy` under the documented production settings reports nothing
(docs/guides/deploy.md); with the demo's settings it says in Vietnamese what to set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def documented_production() -> dict[str, str]:
    """The production example of docs/guides/deploy.md, deploy/motcua.env.example (the data
    dir and the static root left to each test; no database is opened by `check --deploy` alone)."""
    env: dict[str, str] = {}
    for line in (ROOT / "deploy" / "motcua.env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    env.pop("MOTCUA_DATA_DIR")
    env.pop("MOTCUA_STATIC_ROOT")
    return env


PRODUCTION = documented_production()


def _check_deploy(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    base.update(MOTCUA_DATA_DIR=str(tmp_path / "data"), **env)
    return subprocess.run(
        [sys.executable, "-m", "motcua.cli", "check", "--deploy"],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_the_documented_production_settings(tmp_path):
    result = _check_deploy(tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_with_the_demo_settings_says_what_to_set(tmp_path):
    result = _check_deploy(tmp_path)

    assert result.returncode != 0
    for expected in (
        "motcua.E001",
        "motcua.E002",
        "motcua.E003",
        "motcua.E020",
        "Đặt MOTCUA_PUBLIC_URL",
    ):
        assert expected in result.stderr
