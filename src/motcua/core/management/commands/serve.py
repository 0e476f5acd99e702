"""`motcua serve`: the production server (gunicorn) of one installation (issue 23).

It runs the checks first, the deployment ones outside debug (core.checks: a production start
without a public URL, an SMS gateway, real agency codes ... stops here, saying what to set),
collects the static files for the proxy to serve (`MOTCUA_STATIC_ROOT`, nginx in deploy/), then
runs gunicorn in this process with motcua's WSGI application. Gunicorn's own reading of
X-Forwarded-* is turned off: the client's address and scheme are settled once, by
`core.proxies` from `MOTCUA_TRUSTED_PROXIES`. Address, workers, threads and timeouts come from
the options, whose defaults come from the environment (`MOTCUA_BIND`, `MOTCUA_WORKERS`,
`MOTCUA_THREADS`, `MOTCUA_TIMEOUT`). docs/guides/deploy.md.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from motcua.core.serving import MotcuaApplication, gunicorn_config


def positive(value: str) -> int:
    """An argparse type: a whole number of at least 1, refused in Vietnamese otherwise."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải '{value}'")
    return number


class Command(BaseCommand):
    help = "Chạy máy chủ ứng dụng cho môi trường thật (gunicorn), sau khi kiểm tra cấu hình."
    # the checks run in handle(): the deployment ones, with the database
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            action="append",
            help=(
                "Địa chỉ lắng nghe, host:port hoặc unix:/đường/dẫn (có thể lặp lại; "
                f"mặc định MOTCUA_BIND={settings.MOTCUA_BIND})."
            ),
        )
        parser.add_argument(
            "--workers",
            type=positive,
            default=settings.MOTCUA_WORKERS,
            help=f"Số tiến trình (mặc định MOTCUA_WORKERS={settings.MOTCUA_WORKERS}).",
        )
        parser.add_argument(
            "--threads",
            type=positive,
            default=settings.MOTCUA_THREADS,
            help=f"Số luồng mỗi tiến trình (mặc định MOTCUA_THREADS={settings.MOTCUA_THREADS}).",
        )
        parser.add_argument(
            "--timeout",
            type=positive,
            default=settings.MOTCUA_TIMEOUT,
            help=(
                "Số giây tối đa cho một yêu cầu trước khi tiến trình bị khởi động lại "
                f"(mặc định MOTCUA_TIMEOUT={settings.MOTCUA_TIMEOUT})."
            ),
        )
        parser.add_argument(
            "--graceful-timeout",
            type=positive,
            default=30,
            help="Số giây chờ các yêu cầu đang chạy khi dừng (mặc định 30).",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=1000,
            help="Thay tiến trình sau chừng ấy yêu cầu; 0 = không thay (mặc định 1000).",
        )
        parser.add_argument(
            "--no-access-log",
            dest="access_log",
            action="store_false",
            # with JSON logs each request is already a line of motcua.requests (core.logs)
            default=settings.MOTCUA_LOG_FORMAT != "json",
            help=(
                "Không ghi nhật ký truy cập của gunicorn (với MOTCUA_LOG_FORMAT=json thì "
                "không bao giờ ghi: mỗi yêu cầu đã là một dòng JSON)."
            ),
        )
        parser.add_argument(
            "--no-collectstatic",
            dest="collectstatic",
            action="store_false",
            help="Không gom tệp tĩnh vào STATIC_ROOT trước khi chạy.",
        )
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="Chỉ kiểm tra cấu hình và in thiết lập máy chủ, không chạy.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        options["bind"] = options["bind"] or [settings.MOTCUA_BIND]
        # the secret-key check counts the processes this start runs
        settings.MOTCUA_WORKERS = options["workers"]
        self.check(
            include_deployment_checks=not settings.DEBUG,
            databases=["default"],
            display_num_errors=True,
        )
        self.check_migrations()
        config = gunicorn_config(
            bind=options["bind"],
            workers=options["workers"],
            threads=options["threads"],
            timeout=options["timeout"],
            graceful_timeout=options["graceful_timeout"],
            max_requests=options["max_requests"],
            access_log=options["access_log"],
            json_logs=settings.MOTCUA_LOG_FORMAT == "json",
        )
        self.stdout.write(
            f"motcua: {', '.join(config['bind'])}, {config['workers']} tiến trình × "
            f"{config['threads']} luồng, giới hạn {config['timeout']} giây; "
            f"địa chỉ công khai {settings.MOTCUA_PUBLIC_URL}"
        )
        if options["check_only"]:
            return
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        MotcuaApplication(config).run()
