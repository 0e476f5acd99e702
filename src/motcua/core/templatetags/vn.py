"""Template filters for Vietnamese display conventions (STYLE.md)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

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


@register.simple_tag(takes_context=True)
def form_owner(context: template.Context) -> str:
    """The hidden signed owner of a staff form, so what was typed survives an expired session
    (`accounts.saved_forms`)."""
    from motcua.accounts.saved_forms import OWNER_FIELD, owner_token

    request = context.get("request")
    token = owner_token(getattr(request, "user", None))
    if not token:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', OWNER_FIELD, token)
