"""`motcua ca`: the demo CA, officials' certificates and tokens (for the province IT team).

    motcua ca init
    motcua ca issue USERNAME --pin PIN [--days N]
    motcua ca import CERT.pem --chain CHAIN.pem [--username U] [--p12 FILE]
    motcua ca revoke USERNAME [--fingerprint SHA256]
    motcua ca pkcs11-register USERNAME --module PATH --token-label L --key-label K
    motcua ca issue-agency ECODE [--days N]
    motcua ca import-agency ECODE CERT.pem --chain CHAIN.pem (--p12 FILE | --module PATH
        --token-label L --key-label K)
    motcua ca revoke-agency ECODE [--fingerprint SHA256]

Thin: parse, call `signing.actions`, print. A PIN given on the command line is used once
and never printed or stored. An agency's seal (`*-agency`) is encrypted with, or its token
unlocked by, `MOTCUA_AGENCY_KEY_PASSPHRASE` from the environment: the server uses it alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.signing.actions import (
    SigningSetupError,
    import_agency_certificate,
    import_certificate,
    init_demo_ca,
    issue_agency_certificate,
    issue_certificate,
    register_pkcs11,
    revoke_agency_certificate,
    revoke_certificate,
)
from motcua.signing.models import Certificate


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Không đọc được tệp {path}: {error.strerror}.") from None


class Command(BaseCommand):
    help = "Chữ ký số: CA thử nghiệm, cấp, nhập, thu hồi chứng thư số, đăng ký USB token."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("init", help="Tạo CA thử nghiệm của tỉnh (KHÔNG DÙNG THẬT), nếu chưa có.")
        issue = sub.add_parser("issue", help="Cấp khóa và chứng thư thử nghiệm cho cán bộ.")
        issue.add_argument("username")
        issue.add_argument("--pin", required=True, help="Mã PIN mã hóa tệp khóa (.p12).")
        issue.add_argument("--days", type=int, default=365)
        imp = sub.add_parser("import", help="Nhập chứng thư của CA thật cùng chuỗi chứng thư.")
        imp.add_argument("cert")
        imp.add_argument("--chain", required=True, help="Tệp PEM chuỗi CA (trung gian, gốc).")
        imp.add_argument("--username", help="Tên đăng nhập của cán bộ (mặc định: theo CN).")
        imp.add_argument("--p12", help="Tệp .p12 chứa khóa (đã mã hóa bằng PIN của cán bộ).")
        revoke = sub.add_parser("revoke", help="Thu hồi chứng thư số của cán bộ.")
        revoke.add_argument("username")
        revoke.add_argument("--fingerprint", default="", help="Chỉ thu hồi chứng thư này.")
        token = sub.add_parser("pkcs11-register", help="Đăng ký USB token / HSM (PKCS#11).")
        token.add_argument("username")
        token.add_argument("--module", required=True, help="Thư viện PKCS#11 (.so).")
        token.add_argument("--token-label", required=True)
        token.add_argument("--key-label", required=True)
        token.add_argument("--key-id", default="", help="Mã khóa (hex), nếu nhãn trùng.")
        token.add_argument("--cert", help="Tệp PEM chứng thư (mặc định: đọc từ thiết bị).")
        agency = sub.add_parser(
            "issue-agency",
            help="Cấp chứng thư thử nghiệm (con dấu số) cho cơ quan; khóa .p12 mã hóa bằng "
            "MOTCUA_AGENCY_KEY_PASSPHRASE.",
        )
        agency.add_argument("ecode", help="Mã định danh điện tử của cơ quan (QCVN 102).")
        agency.add_argument("--days", type=int, default=365)
        imp_agency = sub.add_parser(
            "import-agency", help="Nhập chứng thư số của cơ quan do CA thật cấp."
        )
        imp_agency.add_argument("ecode", help="Mã định danh điện tử của cơ quan (QCVN 102).")
        imp_agency.add_argument("cert")
        imp_agency.add_argument("--chain", required=True, help="Tệp PEM chuỗi CA.")
        imp_agency.add_argument(
            "--p12", help="Tệp .p12 chứa khóa, mã hóa bằng MOTCUA_AGENCY_KEY_PASSPHRASE."
        )
        imp_agency.add_argument("--module", default="", help="Thư viện PKCS#11 (.so).")
        imp_agency.add_argument("--token-label", default="")
        imp_agency.add_argument("--key-label", default="")
        imp_agency.add_argument("--key-id", default="", help="Mã khóa (hex), nếu nhãn trùng.")
        rev_agency = sub.add_parser("revoke-agency", help="Thu hồi chứng thư số của cơ quan.")
        rev_agency.add_argument("ecode")
        rev_agency.add_argument("--fingerprint", default="", help="Chỉ thu hồi chứng thư này.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except SigningSetupError as error:
            raise CommandError(error.message) from None

    def _certificate(self, cert: Certificate, verb: str) -> None:
        self.stdout.write(
            f"{verb} chứng thư {cert.serial} cho {cert.holder_name}: {cert.subject}, "
            f"hiệu lực đến {timezone.localtime(cert.not_after):%d/%m/%Y}, "
            f"SHA-256 {cert.fingerprint}."
        )

    def _init(self, options: dict[str, Any]) -> None:
        ca = init_demo_ca()
        verb = "Đã tạo" if ca.created else "Đã có"
        self.stdout.write(
            f"{verb} CA thử nghiệm “{ca.anchor.name}” (SHA-256 {ca.anchor.fingerprint}). "
            "Chỉ dùng để trình diễn và kiểm thử, không dùng cho kết quả thật."
        )

    def _issue(self, options: dict[str, Any]) -> None:
        cert = issue_certificate(options["username"], pin=options["pin"], days=options["days"])
        self._certificate(cert, "Đã cấp")

    def _import(self, options: dict[str, Any]) -> None:
        cert = import_certificate(
            _read(options["cert"]),
            chain_pem=_read(options["chain"]),
            username=options.get("username"),
            p12=_read(options["p12"]) if options.get("p12") else None,
        )
        self._certificate(cert, "Đã nhập")

    def _revoke(self, options: dict[str, Any]) -> None:
        for cert in revoke_certificate(options["username"], fingerprint=options["fingerprint"]):
            self._certificate(cert, "Đã thu hồi")

    def _pkcs11_register(self, options: dict[str, Any]) -> None:
        cert = register_pkcs11(
            options["username"],
            module=options["module"],
            token_label=options["token_label"],
            key_label=options["key_label"],
            key_id=options["key_id"],
            cert_pem=_read(options["cert"]) if options.get("cert") else None,
        )
        self._certificate(cert, "Đã đăng ký")

    def _issue_agency(self, options: dict[str, Any]) -> None:
        cert = issue_agency_certificate(options["ecode"], days=options["days"])
        self._certificate(cert, "Đã cấp")

    def _import_agency(self, options: dict[str, Any]) -> None:
        cert = import_agency_certificate(
            options["ecode"],
            _read(options["cert"]),
            chain_pem=_read(options["chain"]),
            p12=_read(options["p12"]) if options.get("p12") else None,
            module=options["module"],
            token_label=options["token_label"],
            key_label=options["key_label"],
            key_id=options["key_id"],
        )
        self._certificate(cert, "Đã nhập")

    def _revoke_agency(self, options: dict[str, Any]) -> None:
        for cert in revoke_agency_certificate(options["ecode"], fingerprint=options["fingerprint"]):
            self._certificate(cert, "Đã thu hồi")
