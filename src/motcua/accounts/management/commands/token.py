"""`motcua token`: create, list and revoke API tokens (Authorization: Bearer ...)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.accounts.actions import AccountError, create_token, revoke_token
from motcua.accounts.models import ApiToken


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Mã truy cập API: tạo (in mã ở dòng cuối), liệt kê, thu hồi."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Tạo mã cho một tài khoản; mã in ở dòng cuối.")
        create.add_argument("username")
        create.add_argument("--name", default="", help="Tên gợi nhớ, ví dụ 'Kết nối DVCQG'.")
        create.add_argument(
            "--days",
            type=int,
            default=None,
            help="Số ngày hiệu lực (mặc định MOTCUA_API_TOKEN_DAYS, 90; tối đa 730).",
        )
        create.add_argument(
            "--read-only", action="store_true", help="Mã chỉ được đọc (GET), không được ghi."
        )
        lst = sub.add_parser("list", help="Liệt kê mã của một tài khoản.")
        lst.add_argument("username")
        revoke = sub.add_parser("revoke", help="Thu hồi mã theo tiền tố (ví dụ mc_AbCdEfG).")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "revoke":
            self._revoke(options["prefix"])
            return
        username = options["username"]
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản '{username}'.")
        if action == "create":
            try:
                token, raw_key = create_token(
                    user, options["name"], days=options["days"], read_only=options["read_only"]
                )
            except AccountError as error:
                raise CommandError(str(error)) from error
            kind = "chỉ đọc" if token.read_only else "đọc và ghi"
            self.stdout.write(
                f"Đã tạo mã truy cập '{token.name}' ({kind}) cho {user.get_username()}, "
                f"hết hạn {_when(token.expires_at)}. Mã chỉ hiện một lần, hãy lưu lại:"
            )
            self.stdout.write(raw_key)
            return
        for token in ApiToken.objects.filter(user=user).order_by("-created_at"):
            if token.revoked_at:
                state = f"thu hồi {_when(token.revoked_at)}"
            elif token.is_expired(timezone.now()):
                state = "đã hết hạn"
            else:
                state = "đang dùng"
            kind = "chỉ đọc" if token.read_only else "đọc và ghi"
            self.stdout.write(
                f"{token.prefix}\t{token.name}\t{kind}\ttạo {_when(token.created_at)}\t"
                f"hết hạn {_when(token.expires_at)}\tdùng {_when(token.last_used_at)}\t{state}"
            )

    def _revoke(self, prefix: str) -> None:
        tokens = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
        if not tokens:
            raise CommandError(f"Không có mã đang dùng với tiền tố '{prefix}'.")
        if len(tokens) > 1:
            raise CommandError(f"Có {len(tokens)} mã cùng tiền tố '{prefix}'; thu hồi trong admin.")
        revoke_token(tokens[0])
        self.stdout.write(f"Đã thu hồi mã {prefix} ({tokens[0].name}).")
