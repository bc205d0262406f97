"""Background jobs of the roster: solving an OPD's (or the city's) month off the request."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="roster.generate_schedule")
def generate_schedule_task(
    *, user_id: int, month: str, opd_id: int | None = None, key: str = ""
) -> list[int]:
    """Generate draft versions for ``month`` (YYYY-MM) as ``user_id``; returns schedule ids.

    Eager in the embedded set-up (no REDIS_URL); with Redis a worker runs it. For a very large
    city the solver's ``split_problem`` / ``merge_solutions`` allow a group of per-unit tasks.
    ``key`` (one per request) makes a redelivered task return the drafts it already stored.
    """
    from hibrida.org.models import Opd, User

    from .services import generate_draft

    actor = User.objects.get(pk=user_id)
    opd = Opd.objects.get(pk=opd_id) if opd_id else None
    return [s.pk for s in generate_draft(actor=actor, month=month, opd=opd, key=key)]
