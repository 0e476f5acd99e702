"""The `motcua` console command runs Django management with motcua's settings."""

from __future__ import annotations

import os
import subprocess
import sys


def test_console_command_runs_a_management_command(tmp_path):
    env = {**os.environ, "MOTCUA_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "motcua.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert (tmp_path / "data" / "secret_key").exists()
