"""`motcua units`: import units, load agency e-codes, set a commune's optional bodies."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.units.actions import CodeFileError, import_units, load_agency_codes, set_unit_flags
from motcua.units.models import Unit


def _yes_no(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"yes", "y", "1", "true", "co", "có"}:
        return True
    if lowered in {"no", "n", "0", "false", "khong", "không"}:
        return False
    raise CommandError(f"Giá trị '{value}' không hợp lệ: dùng yes hoặc no.")


class Command(BaseCommand):
    help = "Đơn vị hành chính: import, nạp mã định danh cơ quan, đặt cờ đơn vị."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("import", help="Nhập 34 tỉnh và các xã từ gói vietnam-provinces.")
        load = sub.add_parser("load-codes", help="Nạp mã định danh điện tử (CSV) của cơ quan.")
        load.add_argument("file")
        flags = sub.add_parser("set", help="Đặt cờ Trung tâm DVSNC / Trạm Y tế của một xã.")
        flags.add_argument("code")
        flags.add_argument("--public-service-centre", type=_yes_no)
        flags.add_argument("--health-station", type=_yes_no)

    def handle(self, *args, **options) -> None:
        action = options["action"]
        if action == "import":
            report = import_units()
            self.stdout.write(
                f"Đơn vị: {report.created} mới, {report.updated} cập nhật, "
                f"{report.unchanged} không đổi, {report.deactivated} hết hiệu lực; "
                f"cơ quan mới: {report.agencies_created}; mã demo: {report.demo_codes_assigned}."
            )
        elif action == "load-codes":
            path = Path(options["file"])
            if not path.exists():
                raise CommandError(f"Không tìm thấy tệp {path}.")
            try:
                loaded = load_agency_codes(path.read_text(encoding="utf-8"))
            except CodeFileError as error:
                raise CommandError(
                    "Không nạp gì, tệp có lỗi:\n" + "\n".join(error.errors)
                ) from error
            self.stdout.write(f"Đã nạp {loaded.assigned} mã, {loaded.unchanged} không đổi.")
        elif action == "set":
            code = options["code"]
            unit = Unit.objects.filter(code=code.zfill(5)).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {code}.")
            try:
                set_unit_flags(
                    unit,
                    has_public_service_centre=options["public_service_centre"],
                    has_health_station=options["health_station"],
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Đã cập nhật {unit}.")
