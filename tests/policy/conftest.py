"""Policy fixtures: the mini city with a city rule, class defaults and ready staff."""

import pytest
from django.utils import timezone

from hibrida.org.models import OpdClass
from hibrida.policy.models import Level, PolicyRule, WfhReadiness


def make_ready(*employees):
    now = timezone.now()
    for e in employees:
        WfhReadiness.objects.update_or_create(
            employee=e,
            defaults={
                "connectivity_checked_at": now,
                "connectivity_mbps": 20,
                "device_registered_at": now,
                "device_label": "Laptop",
                "security_accepted_at": now,
            },
        )


@pytest.fixture
def policy_city(city):
    PolicyRule.objects.create(
        level=Level.KOTA,
        wfh_allowed=True,
        pattern="weekly_quota",
        wfh_days_per_week=1,
        max_wfh_per_week=2,
        min_onsite_share=0.5,
        min_onsite_count=1,
    )
    PolicyRule.objects.create(
        level=Level.KELAS, opd_class=OpdClass.PELAYANAN_LANGSUNG, wfh_allowed=False
    )
    make_ready(city.kepala, city.kabid, city.staff1, city.staff2, city.other)
    return city
