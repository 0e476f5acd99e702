"""`motcua worker`: the task worker of one installation (issue 23), beside `motcua serve`.

Background work (the outbox's SMS and e-mail, invariant 7) goes through Django's tasks API on
the database (`django-tasks-db`): this runs its worker, `db_worker`, after the same checks as
`serve` (outside debug, a start without an SMS gateway, a public URL ... stops here: the worker
is the process that sends the messages and prints the links). Never reloads on code changes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý việc nền (gửi SMS, thư điện tử...) sau khi kiểm tra cấu hình."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Số giây chờ khi hàng đợi trống trước khi xem lại (mặc định 1).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Làm hết các việc đang chờ rồi thoát."
        )
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=None,
            help="Thoát sau chừng ấy việc (trình quản lý dịch vụ sẽ chạy lại).",
        )
        parser.add_argument(
            "--check-only", action="store_true", help="Chỉ kiểm tra cấu hình, không chạy."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.check(include_deployment_checks=not settings.DEBUG, databases=["default"])
        if options["check_only"]:
            return
        call_command(
            "db_worker",
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            reload=False,
            verbosity=options["verbosity"],
            skip_checks=True,
        )
