"""API routes of this app (mounted by hibrida.api)."""

from ninja import Router

router = Router(tags=["policy"])
