"""Scheduled and queued jobs of e-Presensi."""

from celery import shared_task

from . import selfies, services


@shared_task(name="presence.tasks.coarsen_old_locations")
def coarsen_old_locations() -> dict[str, int]:
    """Round coordinates older than HIBRIDA_GPS_RETENTION_DAYS to ~1 km (run nightly)."""
    return services.coarsen_old_locations(actor=None)


@shared_task(name="presence.tasks.plan_presence_checks")
def plan_presence_checks() -> dict[str, int]:
    """Plan (and re-align with the day's plan and consent) today's random presence checks."""
    from django.utils import timezone

    from . import random_checks

    return random_checks.plan_day(day=timezone.localdate())


@shared_task(name="presence.tasks.check_selfie")
def check_selfie(selfie_id: int) -> str:
    """Match one check-in's selfie frames (queued after the check-in was answered)."""
    return selfies.run_check(selfie_id).state


@shared_task(name="presence.tasks.flag_missing_selfies")
def flag_missing_selfies() -> int:
    """Flag check-ins sent without the selfie their OPD requires (every few minutes)."""
    return selfies.flag_missing()
