"""Template filters for Vietnamese display conventions (STYLE.md)."""

from __future__ import annotations

from django import template

from motcua.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount: object) -> str:
    """20000 → "20.000 đồng": a dot for thousands, as Vietnamese documents write money."""
    try:
        value = int(str(amount))
    except (TypeError, ValueError):
        return ""
    return format_vnd(value)
