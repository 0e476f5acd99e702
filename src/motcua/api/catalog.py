"""Procedure catalog endpoints (owned by the catalog work)."""

from ninja import Router

router = Router(tags=["procedures"])
