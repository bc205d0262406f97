"""Sending the daily anchors out of the system: RFC 3161 tokens, e-mail and in-app notices.

Run by the daily anchor task after the anchor is stored; see docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import urllib.error

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hibrida.activity.notify import InAppChannel
from hibrida.org.models import GrantedRole, User

from . import timestamp
from .anchors import anchor_digest, anchor_line
from .log import record_event
from .models import DailyAnchor

log = logging.getLogger(__name__)

# A day whose token or e-mail failed is retried by the next runs for this long.
RETRY_DAYS = 14


def _pending(**filters) -> list[DailyAnchor]:
    since = timezone.localdate() - dt.timedelta(days=RETRY_DAYS)
    return list(DailyAnchor.objects.filter(day__gte=since, **filters).order_by("day"))


def timestamp_pending() -> int:
    """Fetch a token for every recent anchor without one; returns how many were stamped."""
    url = settings.HIBRIDA_TSA_URL
    if not url:
        return 0
    stamped = 0
    for anchor in _pending(tsa_token__isnull=True):
        digest = anchor_digest(anchor.day, anchor.last_seq, anchor.head_hash)
        try:
            token, at = timestamp.request_token(url, digest)
        except (OSError, urllib.error.URLError, timestamp.TimestampError) as err:
            # The anchor itself is stored; the next run asks again (RETRY_DAYS).
            log.warning("RFC 3161 time-stamp for %s failed: %s", anchor.day, err)
            continue
        with transaction.atomic():
            DailyAnchor.objects.filter(pk=anchor.pk, tsa_token__isnull=True).update(
                tsa_token=token, tsa_time=at
            )
            record_event(
                actor=None,
                action="audit.anchor_timestamped",
                obj=anchor,
                after={"day": anchor.day, "tsa_url": url, "tsa_time": at},
            )
        stamped += 1
    return stamped


def _message(anchors: list[DailyAnchor]) -> str:
    lines = "\n".join(anchor_line(a.day, a.last_seq, a.head_hash) for a in anchors)
    return (
        "Jangkar harian rantai log audit Hibrida (hari, nomor peristiwa terakhir, hash).\n"
        "Simpan baris-baris ini di luar sistem; `hibrida verify_audit_log --anchors BERKAS` "
        "memeriksa rantai terhadapnya.\n\n" + lines + "\n"
    )


def send_pending() -> int:
    """E-mail every recent unsent anchor to HIBRIDA_ANCHOR_EMAILS and notify the Inspektorat
    in the app; returns how many anchors went out (0 when none is configured or mail failed)."""
    recipients = settings.HIBRIDA_ANCHOR_EMAILS
    anchors = _pending(sent_at__isnull=True)
    if not anchors:
        return 0
    body = _message(anchors)
    first, last = anchors[0].day, anchors[-1].day
    title = f"Jangkar log audit {first.isoformat()}" + (
        f" s.d. {last.isoformat()}" if last != first else ""
    )
    subject = "[Hibrida] " + title
    if recipients:
        try:
            send_mail(subject, body, None, recipients, fail_silently=False)
        except OSError as err:
            # Left unsent: the next run sends these lines again with the new day's.
            log.warning("anchor e-mail to %s failed: %s", recipients, err)
            return 0
    auditors = User.objects.filter(
        role_grants__role=GrantedRole.INSPEKTORAT, is_active=True
    ).distinct()
    with transaction.atomic():
        for user in auditors:
            InAppChannel().send(
                user=user, kind="audit_anchor", message=title, url=reverse("audit:log")
            )
        now = timezone.now()
        DailyAnchor.objects.filter(pk__in=[a.pk for a in anchors]).update(sent_at=now)
        record_event(
            actor=None,
            action="audit.anchors_sent",
            object_type="audit.dailyanchor",
            after={
                "days": [a.day for a in anchors],
                "emails": len(recipients),
                "inapp": len(auditors),
            },
        )
    return len(anchors)
