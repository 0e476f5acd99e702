"""Money as Vietnamese documents write it (STYLE.md): a dot for thousands, then "đồng"."""

from __future__ import annotations

# The largest fee a dossier holds (its `fee` column, a PositiveIntegerField: `integer` on
# PostgreSQL): two billion đồng, beyond any fee of a procedure; more is a typing slip, refused
# with a message rather than failing in the database.
MAX_FEE = 2_147_483_647


def format_vnd(amount: int) -> str:
    """20000 → "20.000 đồng"."""
    return f"{amount:,}".replace(",", ".") + " đồng"
