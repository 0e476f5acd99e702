"""Fail-closed check of the units app (core.checks): agencies must carry the province's
real QCVN 102 e-codes, the prefix of every dossier code, before the first real dossier."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.db.models import Q

from motcua.core.checks import TAG


@register(TAG, Tags.database, deploy=True)
def check_no_demo_ecodes(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Dossier codes built on a made-up agency code cannot be exchanged with the national
    portal nor changed once printed."""
    if settings.DEBUG or not databases:
        return []
    from django.db import DatabaseError

    from .models import Agency

    try:
        # The province's own agencies only: the other provinces' (loaded with the country's
        # units) never number this installation's dossiers.
        province = settings.MOTCUA_PROVINCE
        count = (
            Agency.objects.filter(is_active=True, ecode_is_demo=True, ecode__isnull=False)
            .filter(Q(unit_id=province) | Q(unit__parent_id=province))
            .count()
        )
    except DatabaseError:  # not migrated yet: no agency
        return []
    if not count:
        return []
    return [
        Error(
            f"{count} cơ quan đang dùng mã định danh điện tử minh họa (demo), không phải mã "
            "QCVN 102 do tỉnh cấp.",
            hint=(
                "Nạp mã thật của các cơ quan bằng `motcua units load-codes <tệp CSV>` "
                "(docs/adr/0002-agency-ecodes-demo-until-loaded.md)."
            ),
            id="motcua.E006",
        )
    ]
