"""Reminders through the channel interface, and the tasks that schedule them."""

from __future__ import annotations

import pytest
from django.core import mail

from hibrida.activity import notify
from hibrida.activity.models import Notification
from hibrida.activity.tasks import remind_missing_reports, remind_pending_validations

from .conftest import TODAY, submitted_report

pytestmark = pytest.mark.django_db


def test_missing_report_reminder_in_app_and_email(env):
    """Rule: ASN without a submitted report are reminded once (in-app and e-mail)."""
    env.staff1.email = "staf1@asn.bekasikota.go.id"
    env.staff1.save()
    submitted_report(env.users["atasan"])  # kabid reported: not reminded
    count = notify.remind_missing_reports(on=TODAY)
    assert count == 1
    note = Notification.objects.get()
    assert note.user == env.users["asn"] and "belum dikirim" in note.message
    assert mail.outbox[0].to == ["staf1@asn.bekasikota.go.id"]
    assert notify.remind_missing_reports(on=TODAY) == 0  # once a day


def test_no_reminder_on_leave(env, modes):
    modes[(env.staff1.pk, TODAY)] = "LEAVE"
    modes[(env.kabid.pk, TODAY)] = "LEAVE"
    assert notify.remind_missing_reports(on=TODAY) == 0


def test_pending_validation_reminder_via_task(env):
    submitted_report(env.users["asn"])
    assert remind_pending_validations.delay(TODAY.isoformat()).get() == 1
    assert Notification.objects.get().user == env.users["atasan"]
    assert remind_missing_reports.delay(TODAY.isoformat()).get() == 1  # kabid has not reported


def test_whatsapp_channel_is_an_unconnected_extension_point(env):
    with pytest.raises(NotImplementedError):
        notify.WhatsAppChannel().send(user=env.users["asn"], kind="x", message="y")
    assert "whatsapp" not in [c.name for c in notify.default_channels()]


def test_notifications_shown_on_page(env):
    from django.urls import reverse

    from tests.conftest import client_for

    notify.notify(env.users["asn"], kind="t", message="Pesan uji", channels=[notify.InAppChannel()])
    page = client_for(env.users["asn"]).get(reverse("activity:my_reports")).content.decode()
    assert "Pesan uji" in page
