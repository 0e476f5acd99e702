"""`motcua demo`: prepare the embedded database idempotently, print the logins, serve.

Public contract (ARCHITECTURE.md): migrate, master data (units, agencies, catalog), demo
officials; a second run is fast and changes nothing; `--port`, `--host`, `--no-serve`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from motcua.catalog.actions import load_catalog
from motcua.demo.dossiers import ensure_demo_dossiers
from motcua.demo.officials import (
    DEMO_PASSWORD,
    demo_officials,
    ensure_demo_authenticators,
    ensure_demo_officials,
)
from motcua.demo.signing import DEMO_PIN, SIGNING_CHAIRMEN, ensure_demo_certificates
from motcua.units.actions import import_units


def served_address(host: str) -> str:
    """The address others reach the server at: `host`, or for a wildcard bind (0.0.0.0, ::)
    this machine's address on its default route (no packet is sent), else 127.0.0.1."""
    if host not in {"0.0.0.0", "::", ""}:  # noqa: S104
        return host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
            return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"


class Command(BaseCommand):
    help = "Chuẩn bị dữ liệu minh họa (đơn vị, thủ tục, cán bộ demo) và chạy máy chủ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe.")
        parser.add_argument("--port", type=int, default=8000, help="Cổng (mặc định 8000).")
        parser.add_argument(
            "--no-serve", action="store_true", help="Chỉ chuẩn bị dữ liệu, không chạy máy chủ."
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        if not options["no_serve"]:
            # before the sample dossiers: their signed results carry the address in a QR
            self._serve_public_url(options["host"], options["port"])
        call_command("migrate", interactive=False, verbosity=0)
        units = import_units()
        catalog = load_catalog()
        created = ensure_demo_officials(settings.MOTCUA_PROVINCE)
        authenticators = ensure_demo_authenticators(settings.MOTCUA_PROVINCE)
        ensure_demo_certificates()
        dossiers = ensure_demo_dossiers()
        self.stdout.write(
            f"Cơ sở dữ liệu: {settings.DATABASES['default']['NAME']}\n"
            f"Đơn vị hành chính: {units.created} mới, {units.updated} cập nhật; "
            f"thủ tục: {len(catalog.created)} mới, {len(catalog.new_versions)} phiên bản mới; "
            f"cán bộ demo mới: {len(created)}; hồ sơ mẫu mới: {dossiers} "
            f"({time.monotonic() - started:.1f} giây)."
        )
        self._print_logins(authenticators)
        if options["no_serve"]:
            return
        host, port = options["host"], options["port"]
        if host not in settings.ALLOWED_HOSTS and host not in {"0.0.0.0", "::"}:  # noqa: S104
            settings.ALLOWED_HOSTS.append(host)
        # The outbox (SMS, e-mail) is delivered by the task worker: run one beside the server,
        # and, without a real gateway, the SMS simulator as the citizens' phone (no log line
        # carries a one-time code: read them from the simulator's /messages).
        simulator = self._start_sms_simulator()
        worker = subprocess.Popen(
            [sys.executable, "-m", "motcua.cli", "db_worker", "--interval", "1"],
        )
        try:
            call_command(
                "runserver",
                f"{host}:{port}" if ":" not in host else f"[{host}]:{port}",
                use_reloader=False,
                insecure_serving=True,
            )
        finally:
            worker.terminate()
            worker.wait(timeout=10)
            if simulator is not None:
                simulator.terminate()
                simulator.wait(timeout=10)

    def _start_sms_simulator(self) -> subprocess.Popen[bytes] | None:
        """Without `MOTCUA_SMS_URL`, run `motcua sms-simulator` on a free local port and point
        the worker (which inherits the environment) at it; None when a gateway is set."""
        if os.environ.get("MOTCUA_SMS_URL"):
            return None
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        simulator = subprocess.Popen(  # noqa: S603 (our own command and a port number)
            [sys.executable, "-m", "motcua.cli", "sms-simulator", "--port", str(port)],
            stdout=subprocess.DEVNULL,
        )
        os.environ["MOTCUA_SMS_URL"] = f"http://127.0.0.1:{port}/sms"
        settings.MOTCUA_SMS_URL = os.environ["MOTCUA_SMS_URL"]
        self.stdout.write(
            "SMS giả lập (điện thoại của công dân demo, kể cả mã xác thực): "
            f"http://127.0.0.1:{port}/messages"
        )
        return simulator

    def _serve_public_url(self, host: str, port: int) -> None:
        """Every QR code and link (receipts, signed results) points at the address served,
        unless `MOTCUA_PUBLIC_URL` is set in the environment (a proxy's public name). The
        task worker started beside the server inherits it."""
        if not os.environ.get("MOTCUA_PUBLIC_URL"):
            shown = served_address(host)
            shown = f"[{shown}]" if ":" in shown else shown
            os.environ["MOTCUA_PUBLIC_URL"] = f"http://{shown}:{port}/"
        settings.MOTCUA_PUBLIC_URL = os.environ["MOTCUA_PUBLIC_URL"]
        self.stdout.write(f"Địa chỉ công khai (mã QR, liên kết): {settings.MOTCUA_PUBLIC_URL}")

    def _print_logins(self, authenticators: list[tuple[str, str]]) -> None:
        self.stdout.write(
            f"\nTài khoản minh họa (DỮ LIỆU DEMO, mật khẩu chung: {DEMO_PASSWORD}):\n"
        )
        for person in demo_officials(settings.MOTCUA_PROVINCE):
            roles = ", ".join(f"{p.role}@{p.unit}" for p in person.positions)
            self.stdout.write(f"  {person.username:<22} {person.full_name:<28} {roles}")
        self.stdout.write(
            "\nXác thực hai bước (KHÓA DEMO, công khai, không dùng thật): lãnh đạo, quản trị "
            "và cán bộ cấp tỉnh nhập thêm mã 6 chữ số. Thêm khóa dưới đây vào một ứng dụng xác "
            "thực (loại theo thời gian, 30 giây, 6 chữ số):"
        )
        for username, secret in authenticators:
            self.stdout.write(f"  {username:<22} {secret}")
        self.stdout.write(
            f"\nChữ ký số (CA DEMO, không dùng thật): {', '.join(SIGNING_CHAIRMEN)} ký kết quả "
            f"với mã PIN {DEMO_PIN}; lienson.chutich chưa có chứng thư (kết quả giấy).\n"
            "Công dân demo: đăng nhập /cong-dan/dang-nhap/ bằng số 0900000025; mã xác thực "
            "xem ở SMS giả lập (địa chỉ in bên dưới khi máy chủ chạy; SMS không gửi thật)."
        )
        self.stdout.write(
            "\nĐăng nhập: /dang-nhap/ · Quản trị danh mục: /admin/ (tinh.quantri) · "
            "API: /api/v1/docs\n"
        )
