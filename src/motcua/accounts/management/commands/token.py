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
                token, raw_key = create_token(user, options["name"])
            except AccountError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"Đã tạo mã truy cập '{token.name}' cho {user.get_username()}. "
                "Mã chỉ hiện một lần, hãy lưu lại:"
            )
            self.stdout.write(raw_key)
            return
        for token in ApiToken.objects.filter(user=user).order_by("-created_at"):
            state = f"thu hồi {_when(token.revoked_at)}" if token.revoked_at else "đang dùng"
            self.stdout.write(
                f"{token.prefix}\t{token.name}\ttạo {_when(token.created_at)}\t"
                f"dùng {_when(token.last_used_at)}\t{state}"
            )

    def _revoke(self, prefix: str) -> None:
        tokens = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
        if not tokens:
            raise CommandError(f"Không có mã đang dùng với tiền tố '{prefix}'.")
        if len(tokens) > 1:
            raise CommandError(f"Có {len(tokens)} mã cùng tiền tố '{prefix}'; thu hồi trong admin.")
        revoke_token(tokens[0])
        self.stdout.write(f"Đã thu hồi mã {prefix} ({tokens[0].name}).")
