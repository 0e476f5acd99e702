"""Public endpoints."""

from ninja import Router

router = Router(tags=["public"])
