"""Fail-closed check of the signing app (core.checks): the demo CA, whose key lies
unprotected in the data dir, must not be among the trust anchors of a real installation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from motcua.core.checks import TAG


@register(TAG, Tags.database, deploy=True)
def check_no_demo_trust_anchor(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Anyone with the data dir could sign "valid" results under the demo CA."""
    if settings.DEBUG or not databases:
        return []
    from django.db import DatabaseError

    from .models import TrustAnchor

    try:
        names = list(TrustAnchor.objects.filter(is_demo=True).values_list("name", flat=True))
    except DatabaseError:  # not migrated yet: nothing is trusted
        return []
    if not names:
        return []
    return [
        Error(
            f"CA thử nghiệm đang nằm trong danh sách CA tin cậy ({', '.join(names)}): kết quả "
            "ký bằng chứng thư thử nghiệm sẽ được báo là hợp lệ.",
            hint=(
                "Xóa CA thử nghiệm khỏi mục «CA tin cậy» (trang /admin/) và nhập CA thật bằng "
                "`motcua ca import` (docs/guides/signing.md)."
            ),
            id="motcua.E005",
        )
    ]
