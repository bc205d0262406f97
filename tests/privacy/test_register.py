"""The record of processing declares every model that holds personal data."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from hibrida.org.models import Employee, User
from hibrida.privacy import register, retention, selectors

# Field names that mark personal data wherever they appear.
PERSONAL_NAMES = {
    "nip",
    "name",
    "full_name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "latitude",
    "longitude",
    "lat",
    "lon",
    "address",
    "birth_date",
    "username",
    "ip_address",
    "user_agent",
    "photo",
}


def personal_fields(model: type[models.Model]) -> list[str]:
    """Fields naming a person: a personal name, or a link to an employee or a login."""
    found = []
    for f in model._meta.concrete_fields:
        if (f.is_relation and f.related_model in (Employee, User)) or f.name in PERSONAL_NAMES:
            found.append(f.name)
    return found


def scanned() -> set[str]:
    return {m._meta.label for m in apps.get_models() if personal_fields(m)}


def test_the_scan_finds_known_personal_models():
    found = scanned()
    # Named by hand from the models: GPS, a person link, axes' username, a login link.
    assert {"presence.CheckIn", "roster.ScheduleRow", "axes.AccessLog", "org.RoleGrant"} <= found
    assert personal_fields(apps.get_model("presence.CheckIn")) == [
        "employee",
        "latitude",
        "longitude",
    ]
    assert "policy.PolicyRule" not in found


def test_every_model_with_a_personal_field_is_declared():
    declared = set(register.declared_tables()) | set(register.NOT_PERSONAL)
    missing = sorted(scanned() - declared)
    assert missing == [], f"declare these in hibrida/privacy/register.py: {missing}"


def test_declarations_name_real_models_and_fields():
    for label, item in register.declared_tables().items():
        model = apps.get_model(label)
        for name in item.table.secret_fields:
            model._meta.get_field(name)
        assert bool(item.table.subject) != bool(item.table.not_downloaded), label
    for label in register.NOT_PERSONAL:
        apps.get_model(label)


def test_each_model_is_declared_once():
    labels = [t.label for a in register.ACTIVITIES for t in a.tables]
    assert len(labels) == len(set(labels))


def test_retention_jobs_cover_declared_tables_with_a_setting():
    assert retention.undeclared_job_tables() == []
    assert set(retention.JOBS) == {
        "notifikasi",
        "log_masuk",
        "lihat_lokasi",
        "token_api",
        "foto_lapangan",
        "spot_check",
        "swafoto",
        "foto_wajah",
    }


@pytest.mark.django_db
def test_every_subject_lookup_runs(city):
    """Each declared lookup is a valid query path (a typo would fail here, not in production);
    the fresh city holds only Staf Satu's employee row and login."""
    user = city.users["asn"]
    counts = {}
    for label, item in register.declared_tables().items():
        if item.table.subject:
            counts[label] = len(list(selectors._rows(item.table, city.staff1, user)))
    assert {label: n for label, n in counts.items() if n} == {"org.Employee": 1, "org.User": 1}


def test_every_retention_job_has_a_beat_entry(settings):
    scheduled = {
        entry["args"][0]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "privacy.tasks.apply_retention"
    }
    assert scheduled == set(retention.JOBS)
