"""`python -m bench`: province-scale benchmarks of motcua (see bench/README.md).

    uv run python -m bench run --size 100000 --json out.json [--seed 1] [--skip-load]
                               [--duration 10] [--quick] [--no-http] [--reset]
    uv run python -m bench compare small.json large.json

SQLite by default, in its own data dir (MOTCUA_DATA_DIR=var/bench unless set) so the demo
database is untouched; PostgreSQL through MOTCUA_DATABASE_URL.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="generate data, measure, print (and save) figures")
    run.add_argument("--size", type=int, default=100_000, help="dossiers to generate")
    run.add_argument("--json", type=Path, help="write the figures to this JSON file")
    run.add_argument("--seed", type=int, default=1, help="random seed (reproducible data)")
    run.add_argument("--skip-load", action="store_true", help="measure the data already there")
    run.add_argument("--duration", type=float, help="seconds per measure (default 10, quick 1.5)")
    run.add_argument("--quick", action="store_true", help="tiny bounded phases (smoke test)")
    run.add_argument("--no-http", action="store_true", help="skip the gunicorn measures")
    run.add_argument("--reset", action="store_true", help="allow wiping a non-bench database")
    run.add_argument(
        "--workers", type=int, help="gunicorn workers (default: motcua serve's, MOTCUA_WORKERS)"
    )
    run.add_argument(
        "--threads", type=int, help="threads per worker (default: motcua serve's, MOTCUA_THREADS)"
    )
    compare = commands.add_parser("compare", help="ratios of two runs' figures (B / A)")
    compare.add_argument("first", type=Path)
    compare.add_argument("second", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ.setdefault("MOTCUA_DATA_DIR", "var/bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    Path(os.environ["MOTCUA_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    # The gunicorn subprocess must find the same data dir whatever its working directory.
    os.environ["MOTCUA_DATA_DIR"] = str(Path(os.environ["MOTCUA_DATA_DIR"]).resolve())

    import django

    django.setup()
    from . import report

    if args.command == "compare":
        print(report.compare(args.first, args.second))
        return 0

    from django.conf import settings

    from .run import Options, run

    options = Options(
        size=args.size,
        seed=args.seed,
        skip_load=args.skip_load,
        duration=args.duration if args.duration is not None else (1.5 if args.quick else 10.0),
        quick=args.quick,
        http=not args.no_http,
        reset=args.reset,
        progress=sys.stderr.isatty() or not args.quick,
        workers=args.workers or settings.MOTCUA_WORKERS,
        threads=args.threads or settings.MOTCUA_THREADS,
        json_path=args.json,
    )
    result = run(options)
    print(report.table(result))
    if args.json is not None:
        report.write_json(result, args.json)
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
