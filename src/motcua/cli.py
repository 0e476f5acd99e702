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
    Path(os.environ.get("MOTCUA_DATA_DIR", "var")).mkdir(parents=True, exist_ok=True)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["motcua", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
