"""Effective policy with sources and WFH eligibility with Indonesian reasons."""

import datetime as dt

import pytest

from hibrida.org.models import OpdClass
from hibrida.policy.engine import effective_policy, eligibility
from hibrida.policy.models import Level, Phase, PhaseStatus, PolicyRule, WfhReadiness
from tests.factories import PositionFactory

DAY = dt.date(2025, 11, 13)


@pytest.mark.django_db
def test_each_value_names_its_source_level(policy_city):
    c = policy_city
    PolicyRule.objects.create(level=Level.OPD, opd=c.opd_a, min_onsite_share=0.6)
    PolicyRule.objects.create(level=Level.UNIT, unit=c.staff1.unit, min_onsite_count=2)
    PolicyRule.objects.create(level=Level.JABATAN, position=c.staff1.position, max_wfh_per_week=1)
    PolicyRule.objects.create(
        level=Level.KELAS, opd_class=OpdClass.ADMINISTRATIF_TEKNIS, allowed_weekdays=["thu", "fri"]
    )
    policy = effective_policy(c.staff1, DAY)
    assert (policy.wfh_days_per_week, policy.sources["wfh_days_per_week"]) == (1, "kota")
    assert (policy.allowed_weekdays, policy.sources["allowed_weekdays"]) == (
        ("thu", "fri"),
        "kelas OPD",
    )
    assert (policy.min_onsite_share, policy.sources["min_onsite_share"]) == (0.6, "OPD")
    assert (policy.min_onsite_count, policy.sources["min_onsite_count"]) == (2, "unit")
    assert (policy.max_wfh_per_week, policy.sources["max_wfh_per_week"]) == (1, "jabatan")


@pytest.mark.django_db
def test_active_phase_sets_the_pattern_for_its_period_and_opds_only(policy_city):
    c = policy_city
    phase = Phase.objects.create(
        name="Tahap I",
        start=dt.date(2025, 11, 1),
        end=dt.date(2025, 11, 30),
        status=PhaseStatus.ACTIVE,
        pattern="fixed_weekday",
        fixed_weekday="thu",
    )
    phase.opds.set([c.opd_a])
    Phase.objects.create(
        name="Model 2026",
        start=dt.date(2025, 11, 1),
        end=dt.date(2026, 12, 31),
        status=PhaseStatus.DRAFT,
        pattern="rotation",
        wfh_share=0.5,
    )
    inside = effective_policy(c.staff1, DAY)
    assert inside.pattern == "fixed_weekday" and inside.fixed_weekday == "thu"
    assert inside.sources["pattern"] == "fase Tahap I"
    # Outside its dates, and for an OPD it does not list, the phase does not apply;
    # a draft phase never applies.
    assert effective_policy(c.staff1, dt.date(2025, 12, 1)).pattern == "weekly_quota"
    assert effective_policy(c.other, DAY).sources["pattern"] == "kota"


@pytest.mark.django_db
def test_frontline_position_gives_the_position_reason_in_indonesian(policy_city):
    ok, reasons = eligibility(policy_city.other, DAY)
    assert not ok
    assert "Jabatan memerlukan kehadiran: loket pelayanan" in reasons
    assert any(r.startswith("Kelas OPD pelayanan langsung") for r in reasons)


@pytest.mark.django_db
def test_ready_back_office_staff_is_eligible(policy_city):
    assert eligibility(policy_city.staff1, DAY) == (True, [])


@pytest.mark.django_db
def test_each_missing_readiness_condition_is_a_reason(policy_city):
    c = policy_city
    WfhReadiness.objects.filter(employee=c.staff2).update(
        device_registered_at=None, security_accepted_at=None
    )
    ok, reasons = eligibility(c.staff2, DAY)
    assert not ok
    assert reasons == [
        "Kesiapan WFH: perangkat dinas belum didaftarkan",
        "Kesiapan WFH: pernyataan keamanan data belum disetujui",
    ]


@pytest.mark.django_db
def test_unit_and_field_work_reasons(policy_city):
    c = policy_city
    PolicyRule.objects.create(level=Level.UNIT, unit=c.staff1.unit, wfh_allowed=False)
    ok, reasons = eligibility(c.staff1, DAY)
    assert not ok and reasons[0].startswith("Unit memerlukan kehadiran")
    field_pos = PositionFactory(opd=c.opd_a, name="Pengawas Lapangan", field_work=True)
    c.staff2.position = field_pos
    c.staff2.save()
    ok, reasons = eligibility(c.staff2, DAY)
    assert not ok and "Tugas lapangan" in reasons[1]
