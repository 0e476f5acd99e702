"""Signing endpoints."""

from ninja import Router

router = Router(tags=["signing"])
