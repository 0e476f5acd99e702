"""Working-calendar endpoints (owned by the workcal work)."""

from ninja import Router

router = Router(tags=["calendar"])
