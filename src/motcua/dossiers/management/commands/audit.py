"""`motcua audit seal` and `motcua audit verify`: the daily seal of the dossiers' histories and
its check (invariant 1; `dossiers.sealing`, docs/guides/deploy.md).

`seal` runs once a day (deploy/systemd/motcua-audit-seal.timer) and appends one keyed line
for the dossiers whose chain moved; `verify` recomputes every dossier's chain and compares it
with the head on its row and with its latest sealed head, and checks the seal file itself.
Both end with a non-zero exit code when something does not match, so a timer or a monitor
notices.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers.sealing import SealError, seal, seals_path, verify


class Command(BaseCommand):
    help = "Niêm phong lịch sử hồ sơ mỗi ngày và kiểm tra lịch sử với các lần niêm phong."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "seal",
            help="Niêm phong đầu chuỗi sự kiện của các hồ sơ có thay đổi từ lần niêm phong trước.",
        )
        sub.add_parser(
            "verify",
            help=(
                "Tính lại chuỗi sự kiện của mọi hồ sơ, so với hồ sơ và với lần niêm phong gần nhất."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "seal":
                self._seal()
            else:
                self._verify()
        except SealError as error:
            raise CommandError(str(error)) from error

    def _seal(self) -> None:
        outcome = seal()
        if outcome.number:
            self.stdout.write(
                f"Đã niêm phong lần {outcome.number}: {outcome.sealed} hồ sơ có thay đổi "
                f"(tệp {seals_path()})."
            )
        else:
            self.stdout.write("Không có hồ sơ nào thay đổi từ lần niêm phong trước.")
        if outcome.refused:
            for code, problems in outcome.refused.items():
                self.stderr.write(f"Hồ sơ {code} không được niêm phong: " + " ".join(problems))
            raise CommandError(
                f"{len(outcome.refused)} hồ sơ có lịch sử không khớp, không được niêm phong; "
                "chạy `motcua audit verify` để xem và xử lý."
            )

    def _verify(self) -> None:
        report = verify()
        for problem in report.seal_problems:
            self.stderr.write(problem)
        for code, problems in report.dossiers.items():
            for problem in problems:
                self.stderr.write(f"Hồ sơ {code}: {problem}")
        if not report.ok:
            raise CommandError(
                f"Phát hiện sai khác: {len(report.dossiers)} hồ sơ"
                + (", tệp niêm phong không nguyên vẹn" if report.seal_problems else "")
                + f" (đã kiểm tra {report.checked} hồ sơ)."
            )
        self.stdout.write(
            f"Lịch sử {report.checked} hồ sơ khớp với chuỗi sự kiện và các lần niêm phong"
            + (
                f" ({report.unsealed} hồ sơ có thay đổi chưa được niêm phong)."
                if report.unsealed
                else "."
            )
        )
