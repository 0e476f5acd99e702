"""`motcua codeblocks release-expired`: day's end for leased dossier numbers (run daily).

Gives back the unused tails of code blocks no offline dossier can still use
(`dossiers.actions.offline.release_expired`); the offline page gives back its own day's numbers
itself ("Kết thúc ngày"). docs/guides/offline.md, "Numbers stay honest".
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.dossiers.actions.offline import release_expired


class Command(BaseCommand):
    help = "Khối số hồ sơ giữ trước cho thiết bị ngoại tuyến: trả lại phần số đã hết hạn dùng."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "release-expired",
            help="Trả lại phần số chưa dùng của các khối không hồ sơ nào còn dùng được.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        releases = release_expired()
        back = sum(r.last - r.first + 1 for r in releases if r.returned_to_sequence)
        gaps = sum(r.last - r.first + 1 for r in releases if not r.returned_to_sequence)
        self.stdout.write(
            f"Đã xử lý {len(releases)} khối số: {back} số trả về dãy số của ngày, "
            f"{gaps} số đánh dấu đã trả (khoảng trống ghi trong sổ theo dõi)."
        )
