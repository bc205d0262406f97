"""Hibrida: hybrid-work (WFH/WFO) management for the civil servants of Kota Bekasi."""

from .celery import app as celery_app

__all__ = ["celery_app"]
