"""`motcua catalog`: load the procedure catalog (idempotent)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.actions import CatalogError, load_catalog
from motcua.catalog.content import ContentError


class Command(BaseCommand):
    help = "Danh mục thủ tục hành chính: nạp danh mục (chạy lại không thay đổi gì)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load",
            help="Nạp danh mục thủ tục; chỉ tạo phiên bản mới khi nội dung thay đổi.",
        )
        load.add_argument(
            "--file",
            help="Tệp JSON (danh sách thủ tục, cùng cấu trúc với dữ liệu kèm theo) thay cho "
            "dữ liệu mặc định.",
        )

    def handle(self, *args, **options) -> None:
        if options["action"] == "load":
            entries = None
            if options.get("file"):
                path = Path(options["file"])
                if not path.exists():
                    raise CommandError(f"Không tìm thấy tệp {path}.")
                try:
                    entries = json.loads(path.read_text(encoding="utf-8"))
                except json.JSONDecodeError as error:
                    raise CommandError(f"Tệp {path} không phải JSON hợp lệ: {error}") from error
                if not isinstance(entries, list):
                    raise CommandError("Tệp phải chứa một danh sách thủ tục.")
            try:
                report = load_catalog(entries)
            except (ContentError, CatalogError) as error:
                raise CommandError(f"Không nạp gì, dữ liệu có lỗi: {error}") from error
            self.stdout.write(
                f"Thủ tục: {len(report.created)} mới, {len(report.new_versions)} có phiên bản "
                f"mới, {len(report.unchanged)} không đổi."
            )
