"""Scheduled retention jobs (one beat entry per job, settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import retention


@shared_task(name="privacy.tasks.apply_retention")
def apply_retention(job_key: str) -> dict[str, int]:
    """Idempotent: a re-run after a lost worker finds nothing more past the cutoff."""
    return retention.apply_retention(job_key)
