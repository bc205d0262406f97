"""Notification channels and the two reminders (missing reports, pending validations).

A channel sends one message to one user; in-app and e-mail are on by default
(``HIBRIDA_NOTIFY_CHANNELS``) and WhatsApp is added by implementing :class:`WhatsAppChannel`.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from hibrida.audit.log import record_event
from hibrida.org.models import User
from hibrida.policy.calendar import is_working_day
from hibrida.roster.modes import WorkMode

from .facts import work_mode
from .models import DailyReport, Notification, ReportStatus

log = logging.getLogger(__name__)


class Channel:
    """The interface: ``send`` returns True when the message was handed over."""

    name = "base"

    def send(self, *, user: User, kind: str, message: str, url: str = "") -> bool:
        raise NotImplementedError


class InAppChannel(Channel):
    """Stores a Notification row; the report pages list the unread ones."""

    name = "inapp"

    def send(self, *, user: User, kind: str, message: str, url: str = "") -> bool:
        Notification.objects.create(user=user, kind=kind, message=message, url=url)
        return True


class EmailChannel(Channel):
    """E-mail through django.core.mail (the SMTP settings of the deployment)."""

    name = "email"

    def send(self, *, user: User, kind: str, message: str, url: str = "") -> bool:
        address = user.email or getattr(getattr(user, "employee", None), "email", "")
        if not address:
            return False
        body = message + (f"\n\n{url}" if url else "") + "\n\n-- Hibrida Kota Bekasi"
        try:
            send_mail("[Hibrida] " + message[:60], body, None, [address], fail_silently=False)
        except OSError as err:  # a mail server outage must not stop the other reminders
            log.warning("email reminder to %s failed: %s", address, err)
            return False
        return True


class WhatsAppChannel(Channel):
    """Extension point for a WhatsApp gateway (not used by default).

    To connect one: implement ``send`` with the provider's HTTP API (phone number from
    ``user.employee.phone``, a pre-approved message template for ``kind``), keep the token in an
    environment variable, and add "whatsapp" to ``HIBRIDA_NOTIFY_CHANNELS``."""

    name = "whatsapp"

    def send(self, *, user: User, kind: str, message: str, url: str = "") -> bool:
        raise NotImplementedError("Gateway WhatsApp belum dihubungkan.")


CHANNELS: dict[str, type[Channel]] = {
    c.name: c for c in (InAppChannel, EmailChannel, WhatsAppChannel)
}


def default_channels() -> list[Channel]:
    names = getattr(settings, "HIBRIDA_NOTIFY_CHANNELS", "inapp,email")
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    return [CHANNELS[n]() for n in names if n in CHANNELS]


def notify(user: User, *, kind: str, message: str, url: str = "", channels=None) -> int:
    """Send through every channel; returns how many accepted the message."""
    sent = 0
    for channel in channels if channels is not None else default_channels():
        if channel.send(user=user, kind=kind, message=message, url=url):
            sent += 1
    return sent


def remind_missing_reports(*, on: dt.date, channels=None) -> int:
    """Remind every ASN with a login who has not submitted the report of ``on`` (once a day)."""
    if not is_working_day(on):
        return 0
    kind = f"report_missing:{on.isoformat()}"
    done = DailyReport.objects.filter(day=on).exclude(status=ReportStatus.DRAFT)
    users = (
        User.objects.filter(is_active=True, employee__is_active=True)
        .exclude(employee__reports__in=done)
        .exclude(activity_notifications__kind=kind)
        .select_related("employee")
    )
    url = reverse("activity:write", args=[on.isoformat()])
    message = f"Laporan harian {on:%d-%m-%Y} belum dikirim. Batas: pukul 23.59 WIB."
    count = 0
    with transaction.atomic():
        for user in users.iterator(chunk_size=500):
            if work_mode(user.employee, on) == WorkMode.LEAVE:
                continue
            notify(user, kind=kind, message=message, url=url, channels=channels)
            count += 1
        record_event(
            actor=None,
            action="activity_reminder.missing_reports",
            object_type="activity",
            object_id=on.isoformat(),
            after={"day": on, "reminded": count},
        )
    return count


def remind_pending_validations(*, on: dt.date, channels=None) -> int:
    """Remind each validator with reports waiting for them (once a day)."""
    kind = f"validation_pending:{on.isoformat()}"
    pending = (
        DailyReport.objects.filter(status=ReportStatus.SUBMITTED, validator__isnull=False)
        .values("validator_id")
        .annotate(n=Count("id"))
    )
    counts = {row["validator_id"]: row["n"] for row in pending}
    users = (
        User.objects.filter(employee_id__in=counts, is_active=True)
        .exclude(activity_notifications__kind=kind)
        .select_related("employee")
    )
    url = reverse("activity:inbox")
    count = 0
    with transaction.atomic():
        for user in users:
            n = counts[user.employee_id]
            notify(
                user,
                kind=kind,
                message=f"{n} laporan harian menunggu validasi Anda.",
                url=url,
                channels=channels,
            )
            count += 1
        record_event(
            actor=None,
            action="activity_reminder.pending_validations",
            object_type="activity",
            object_id=on.isoformat(),
            after={"day": on, "reminded": count},
        )
    return count


def mark_read(user: User) -> int:
    """Mark the user's in-app notices as read (not audited: it changes nobody's record)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
