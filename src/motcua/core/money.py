"""Money as Vietnamese documents write it (STYLE.md): a dot for thousands, then "đồng"."""

from __future__ import annotations


def format_vnd(amount: int) -> str:
    """20000 → "20.000 đồng"."""
    return f"{amount:,}".replace(",", ".") + " đồng"
