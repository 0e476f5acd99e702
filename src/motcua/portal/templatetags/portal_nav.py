"""The site header's links for officials: work queues for anyone with a unit scope, intake
for the counter role. One query for a logged-in user, none for a visitor."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.accounts.choices import Role
from motcua.accounts.queries import roles_of

register = template.Library()


@register.simple_tag
def staff_nav(user: Any) -> dict[str, bool]:
    """`{"official": ..., "counter": ...}` for the header of `portal/base.html`."""
    if user is None or not user.is_authenticated:
        return {"official": False, "counter": False}
    roles = roles_of(user)
    return {
        "official": bool(roles) or bool(getattr(user, "is_superuser", False)),
        "counter": Role.COUNTER in roles,
    }
