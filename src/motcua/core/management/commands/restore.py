"""`motcua restore DIR`: restore a backup made by `motcua backup` into an empty database and
empty data folders, after checking every sha256 of its manifest (`core.backup`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu DIR vào cơ sở dữ liệu và thư mục dữ liệu còn trống."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path, help="thư mục bản sao lưu của motcua backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["dir"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {manifest['created_at']} ({len(manifest['files'])} "
            "tệp, đã kiểm tra mã băm). Khởi động lại các tiến trình motcua để dùng khóa bí mật "
            "đã khôi phục."
        )
