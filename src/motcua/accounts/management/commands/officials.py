"""`motcua officials`: add, import, list officials and lift login locks (for the province IT
team)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.actions import (
    IMPORT_COLUMNS,
    AccountError,
    OfficialsImportError,
    add_position,
    create_official,
    generate_password,
    import_officials,
    normalize_unit_code,
    unlock_login,
)
from motcua.accounts.choices import Role, Title
from motcua.accounts.models import Official
from motcua.accounts.queries import officials_list
from motcua.units.choices import AgencyKind

IMPORT_HELP = f"""Nhập cán bộ từ tệp CSV (UTF-8, có dòng tiêu đề), tất cả hoặc không gì cả.
Các cột: {", ".join(IMPORT_COLUMNS)}. Bắt buộc: username, unit (mã đơn vị, ví dụ 08914 hoặc 25),
role ({", ".join(Role.values)}). full_name bắt buộc với cán bộ mới. title: {", ".join(Title.values)}
(để trống: theo vai trò). agency: {", ".join(AgencyKind.values)}. password để trống: tạo ngẫu
nhiên và in ra. Tên đăng nhập đã có (hoặc lặp lại trong tệp) được thêm chức vụ (kiêm nhiệm).
Lỗi được báo theo số dòng ("Dòng 3: ..."); có lỗi thì không lưu dòng nào."""


class Command(BaseCommand):
    help = "Cán bộ, công chức: thêm, nhập từ CSV, liệt kê."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser(
            "add",
            help="Thêm cán bộ (tạo tài khoản) hoặc thêm chức vụ kiêm nhiệm cho cán bộ đã có.",
        )
        add.add_argument("username")
        add.add_argument("--unit", required=True, help="Mã đơn vị, ví dụ 08914 (xã) hoặc 25.")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--password", help="Để trống: tạo mật khẩu ngẫu nhiên và in ra.")
        add.add_argument("--full-name", help="Họ và tên (mặc định: tên đăng nhập).")
        add.add_argument("--title", choices=Title.values, help="Chức danh (mặc định theo vai trò).")
        add.add_argument("--agency", choices=AgencyKind.values, help="Loại cơ quan trong đơn vị.")
        add.add_argument("--email", default="")
        imp = sub.add_parser("import", help=IMPORT_HELP, description=IMPORT_HELP)
        imp.add_argument("file")
        lst = sub.add_parser("list", help="Liệt kê cán bộ và chức vụ đang giữ.")
        lst.add_argument("--unit", help="Chỉ cán bộ có chức vụ tại đơn vị này.")
        unlock = sub.add_parser(
            "unlock", help="Mở khóa đăng nhập (sau nhiều lần sai mật khẩu) của một tên đăng nhập."
        )
        unlock.add_argument("username")
        unlock.add_argument("--ip", help="Chỉ mở khóa tại địa chỉ máy này (mặc định: mọi nơi).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "add":
                self._add(options)
            elif action == "import":
                self._import(options["file"])
            elif action == "unlock":
                removed = unlock_login(options["username"], ip_address=options.get("ip"))
                where = f" tại {options['ip']}" if options.get("ip") else ""
                if removed:
                    self.stdout.write(f"Đã mở khóa đăng nhập của '{options['username']}'{where}.")
                else:
                    self.stdout.write(f"'{options['username']}' không bị khóa{where}.")
            else:
                self._list(options.get("unit"))
        except AccountError as error:
            raise CommandError(str(error)) from error

    def _add(self, options: dict[str, Any]) -> None:
        username = options["username"]
        existing = User.objects.filter(username__iexact=username).first()
        if existing is not None:
            official = Official.objects.filter(user=existing).first()
            if official is None:
                raise CommandError(
                    f"Tên đăng nhập '{username}' đã dùng cho tài khoản không phải cán bộ."
                )
            position = add_position(
                official,
                unit=options["unit"],
                role=options["role"],
                title=options["title"],
                agency=options["agency"],
            )
            self.stdout.write(
                f"Đã thêm chức vụ kiêm nhiệm cho {official.full_name}: "
                f"{position.get_title_display()} tại {position.unit.name} "
                f"(vai trò {position.get_role_display()})."
            )
            return
        password = options["password"] or generate_password()
        official = create_official(
            username,
            full_name=options["full_name"] or username,
            unit=options["unit"],
            role=options["role"],
            title=options["title"],
            agency=options["agency"],
            password=password,
            email=options["email"],
        )
        self.stdout.write(
            f"Đã tạo cán bộ {official.full_name} ({username}) tại {official.unit.name}, "
            f"vai trò {Role(options['role']).label}."
        )
        if not options["password"]:
            self.stdout.write(f"Mật khẩu: {password}")

    def _import(self, file: str) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"Tệp {path} không phải UTF-8.") from error
        try:
            report = import_officials(text)
        except OfficialsImportError as error:
            raise CommandError("Không nhập gì, tệp có lỗi:\n" + "\n".join(error.errors)) from error
        self.stdout.write(
            f"Đã nhập {report.officials_created} cán bộ mới, {report.positions_added} chức vụ."
        )
        for username, password in report.passwords:
            self.stdout.write(f"{username}\t{password}")

    def _list(self, unit: str | None) -> None:
        officials = officials_list(unit=normalize_unit_code(unit) if unit else None)
        count = 0
        for official in officials:
            count += 1
            posts = "; ".join(
                f"{p.get_title_display()} {p.unit_id} ({p.role})"
                for p in official.active_positions  # type: ignore[attr-defined]
            )
            self.stdout.write(
                f"{official.user.get_username()}\t{official.full_name}\t{official.unit_id}\t{posts}"
            )
        self.stdout.write(f"Tổng: {count} cán bộ.")
