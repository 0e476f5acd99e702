"""The `motcua` console command: Django's management with motcua's settings.

`motcua demo`, `motcua units import`, `motcua officials add` ... are management commands of
the apps; this entry point only selects the settings and makes sure the data dir exists.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    data_dir = Path(os.environ.get("MOTCUA_DATA_DIR", "var"))
    # database, uploads and keys: the service user's only (a folder that exists keeps its mode)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["serve"]:
        _metrics_folder(data_dir)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["motcua", *args])


def _metrics_folder(data_dir: Path) -> None:
    """`motcua serve`'s workers are processes: their metrics go to files in one folder that a
    scrape sums (prometheus_client's multiprocess mode, `core.metrics`). Set before anything
    imports prometheus_client, emptied at each start (a dead worker's files would count)."""
    folder = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or data_dir / "metrics")
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder.resolve())


if __name__ == "__main__":
    main()
