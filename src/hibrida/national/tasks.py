"""Scheduled and queued jobs of the national integration (Celery; eager without REDIS_URL)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="national.tasks.nightly_sync")
def nightly_sync() -> int | None:
    """Each night: pull SIASN into a diff for BKPSDM to review (nothing is applied)."""
    if not services.config().configured:
        return None
    return services.pull(actor=None, trigger="nightly").pk


@shared_task(name="national.tasks.manual_sync")
def manual_sync(user_id: int, extra_nips: list[str]) -> int:
    """BKPSDM's "sync now": a pull of every ASN is thousands of calls, so never in a request."""
    from hibrida.org.models import User

    actor = User.objects.get(pk=user_id)
    return services.pull(actor=actor, trigger="manual", extra_nips=extra_nips).pk


@shared_task(name="national.tasks.send_submission")
def send_submission(pk: int) -> str:
    return services.send_submission(pk)


@shared_task(name="national.tasks.send_pending")
def send_pending() -> int:
    """Send every queued result not yet sent (failed ones again, up to the attempt limit)."""
    if not services.config().configured:
        return 0
    ids = services.sendable()
    for pk in ids:
        send_submission.delay(pk)
    return len(ids)
