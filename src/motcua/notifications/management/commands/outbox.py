"""`motcua outbox retry [--failed]`: resend the outbox messages that are due (invariant 7)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.notifications.actions import retry_due


class Command(BaseCommand):
    help = "Hộp thư đi: gửi lại các tin đến hạn (retry)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["retry"])
        parser.add_argument("--failed", action="store_true", help="gửi lại cả tin đã thất bại")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "retry":
            raise CommandError("Chỉ có lệnh 'retry'.")
        results = retry_due(include_failed=options["failed"])
        sent = sum(1 for message in results if message.status == "sent")
        self.stdout.write(
            f"Đã thử {len(results)} tin: {sent} gửi được, {len(results) - sent} chưa."
        )
