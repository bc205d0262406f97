"""Efficiency figures read the real policy, roster, presence and activity records; a fault
in one of them surfaces instead of turning into "data belum tersedia"."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from hibrida.activity.models import DailyReport
from hibrida.efficiency import selectors
from hibrida.efficiency.tasks import refresh_pilot_metrics
from hibrida.policy.models import Level, PolicyRule, WfhReadiness
from hibrida.presence.models import CheckIn
from tests.efficiency.test_views import add_staff
from tests.factories import publish_manual

DEC = dt.date(2025, 12, 1)
D1, D2 = dt.date(2025, 12, 1), dt.date(2025, 12, 2)  # Monday and Tuesday, working days


def check_in(employee, day: dt.date, hour: int, minute: int) -> None:
    at = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())
    CheckIn.objects.create(
        client_uuid=uuid.uuid4(),
        employee=employee,
        kind="in",
        device_time=at,
        received_at=at,
        work_date=day,
        latitude=-6.24,
        longitude=106.99,
        accuracy_m=10,
        device_id="uji",
        status="VALID",
    )


def test_eligibility_comes_from_the_policy_engine_once_configured(city):
    """Rule: with policy rules and readiness records the engine's per-employee eligibility is
    used (every active employee counted once, eligible or with a reason)."""
    PolicyRule.objects.create(level=Level.KOTA, wfh_allowed=True, pattern="weekly_quota")
    now = timezone.now()
    WfhReadiness.objects.create(
        employee=city.staff1,
        connectivity_checked_at=now,
        connectivity_mbps=20,
        device_registered_at=now,
        device_label="Laptop",
        security_accepted_at=now,
    )
    got, source = selectors.eligibility_source()
    assert "mesin kebijakan" in source
    row = got[city.opd_a.pk]
    assert row["total"] == 4
    assert row["eligible"] + sum(row["by_reason"].values()) == 4


def test_eligibility_falls_back_when_policy_not_configured(city):
    """Rule: without policy rules and readiness records, eligibility comes from positions."""
    add_staff(city.opd_b, 2, presence=True, reason="loket pelayanan")
    got, source = selectors.eligibility_source()
    assert "belum diisi" in source
    assert got[city.opd_a.pk]["eligible"] == 4
    assert got[city.opd_b.pk] == {"total": 3, "eligible": 0, "by_reason": {"loket pelayanan": 3}}


def test_planned_share_counts_only_working_place_days_of_the_published_roster(city):
    """Rule: the WFH share counts planned WFO/WFH/FIELD days only (leave and duty excluded)."""
    publish_manual(
        city.opd_a,
        DEC,
        {
            city.staff1: {D1: "WFH"},
            city.staff2: {},
            city.kabid: {D1: "LEAVE"},
            city.kepala: {D1: "DUTY"},
        },
    )
    publish_manual(city.opd_b, DEC, {city.other: {}})
    assert selectors.planned_offsite_share(D1, D1) == {city.opd_a.pk: 0.5, city.opd_b.pk: 0.0}


def test_nothing_published_is_no_data_not_zero(city):
    """Rule: without a published roster the share and fairness are unknown (None), not 0."""
    assert selectors.planned_offsite_share(D1, D1) is None
    assert selectors.fairness_by_opd() is None


def test_monthly_metrics_hand_computed(city):
    """Rule: attendance = present planned days / planned days; on time = not late / present;
    report submission = non-draft reports / planned days; approval = approved / submitted."""
    s1, s2 = city.staff1, city.staff2
    days = {D1, D2}
    # Only D1 and D2 planned: the other days of the month are leave for both.
    rest = {d: "LEAVE" for d in (D1 + dt.timedelta(days=i) for i in range(31)) if d not in days}
    publish_manual(
        city.opd_a, DEC, {s1: {**rest, D1: "WFH", D2: "WFO"}, s2: {**rest, D1: "WFO", D2: "LEAVE"}}
    )
    check_in(s1, D1, 7, 20)  # on time
    check_in(s1, D2, 7, 42)  # late
    # s2 did not check in on D1.
    DailyReport.objects.create(employee=s1, day=D1, status="approved", work_mode="WFH")
    DailyReport.objects.create(employee=s1, day=D2, status="submitted", work_mode="WFO")
    DailyReport.objects.create(employee=s2, day=D1, status="draft", work_mode="WFO")
    got = selectors.monthly_metrics(DEC)
    a = city.opd_a.pk
    assert got[(a, "attendance_compliance")][0] == pytest.approx(100 * 2 / 3)
    assert got[(a, "on_time_rate")][0] == pytest.approx(50.0)
    assert got[(a, "wfh_share")][0] == pytest.approx(100 / 3)
    assert got[(a, "attendance_wfh")][0] == pytest.approx(100.0)
    assert got[(a, "attendance_wfo")][0] == pytest.approx(50.0)
    assert got[(a, "report_submission")][0] == pytest.approx(100 * 2 / 3)
    assert got[(a, "report_approval")][0] == pytest.approx(50.0)
    assert got[(a, "attendance_compliance")][1] == 2  # two people measured


def test_monthly_task_stores_measured_metrics_over_synthetic(city):
    """Rule: measured metrics replace the synthetic row of the same OPD/month/metric, with
    one audit event; the pilot page then names its source as measured."""
    from hibrida.audit.models import AuditEvent
    from hibrida.efficiency.models import PilotMetric

    month = dt.date(2025, 11, 1)
    PilotMetric.objects.create(
        opd=city.opd_a,
        month=month,
        metric="attendance_compliance",
        value=50,
        staff=4,
        synthetic=True,
    )
    publish_manual(city.opd_a, month, {city.staff1: {}})  # WFO every day, never checked in
    stored = refresh_pilot_metrics("2025-11-01")
    assert stored == PilotMetric.objects.filter(month=month, synthetic=False).count() > 0
    row = PilotMetric.objects.get(opd=city.opd_a, month=month, metric="attendance_compliance")
    assert (row.value, row.synthetic) == (0.0, False)
    assert AuditEvent.objects.filter(action="pilot_metrics.stored").count() == 1
    assert refresh_pilot_metrics("2025-12-01") == 0  # nothing published for December
    values, source = selectors.pilot_values({city.opd_a.pk})
    assert "terukur" in source
    assert values[(city.opd_a.pk, "tahap_1", "attendance_compliance")] == 0.0


def test_a_failing_presence_read_fails_the_monthly_task_instead_of_storing_nothing(
    city, monkeypatch
):
    """Rule: a fault in a source app surfaces; the old adapter logged it and stored 0 rows,
    so the pilot page silently kept its synthetic figures."""
    publish_manual(city.opd_a, DEC, {city.staff1: {}})

    def broken(*args, **kwargs):
        raise RuntimeError("presensi rusak")

    monkeypatch.setattr("hibrida.efficiency.selectors.attendance_summary", broken)
    with pytest.raises(RuntimeError, match="presensi rusak"):
        refresh_pilot_metrics("2025-12-01")


def test_a_failing_roster_read_fails_the_planned_share_instead_of_no_data(city, monkeypatch):
    """Rule: when the roster read breaks, the share raises; the old adapter answered None and
    the pages said "data belum tersedia" as if nothing had been published."""

    def broken(*args, **kwargs):
        raise RuntimeError("jadwal rusak")

    monkeypatch.setattr("hibrida.efficiency.selectors.planned_modes", broken)
    with pytest.raises(RuntimeError, match="jadwal rusak"):
        selectors.planned_offsite_share(D1, D1)
