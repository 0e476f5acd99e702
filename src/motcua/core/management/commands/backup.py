"""`motcua backup DIR`: a consistent copy of the database, the files and the keys, with a
manifest of sha256s (`core.backup`; docs/guides/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, tệp đính kèm, kết quả đã ký và khóa ký số vào thư mục DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path, help="thư mục trống hoặc chưa có, để ghi bản sao lưu")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["dir"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(entry["size"] for entry in manifest.files.values())
        self.stdout.write(
            f"Đã sao lưu vào {options['dir']}: cơ sở dữ liệu ({manifest.vendor}), "
            f"{len(manifest.files)} tệp, {size:,} byte. Thư mục có khóa ký số và khóa bí mật: "
            "giữ như tài liệu mật, chép ra nơi khác (xem docs/guides/backup.md)."
        )
