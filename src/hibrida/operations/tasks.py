"""Operations jobs: beat's heartbeat and the nightly backup with its retention."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from . import backup as backups
from . import heartbeat as beat_heartbeat


@shared_task(name="operations.tasks.heartbeat", acks_late=False, ignore_result=True)
def heartbeat() -> dict[str, float]:
    """Every HIBRIDA_HEARTBEAT_S: stamp Redis so /healthz sees beat and a worker alive."""
    return beat_heartbeat.beat()


@shared_task(name="operations.tasks.backup")
def backup() -> dict:
    """Nightly: a full backup into HIBRIDA_BACKUP_DIR, then keep the newest HIBRIDA_BACKUP_KEEP."""
    made = backups.create_backup(settings.HIBRIDA_BACKUP_DIR)
    removed = backups.prune(settings.HIBRIDA_BACKUP_DIR, keep=settings.HIBRIDA_BACKUP_KEEP)
    return {"path": str(made.path), "removed": [str(p) for p in removed]}
