"""Citizens endpoints."""

from ninja import Router

router = Router(tags=["citizens"])
