"""Account endpoints (owned by the accounts work)."""

from ninja import Router

router = Router(tags=["accounts"])
