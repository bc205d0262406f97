"""The adapter to other apps degrades to None; eligibility falls back to positions."""

import datetime as dt
import sys

import pytest

from hibrida.efficiency import integration, selectors
from tests.efficiency.test_views import add_staff


def test_missing_apps_give_none(monkeypatch):
    """Rule: a missing or half-built app makes the adapter return None, never raise."""
    for name in ("hibrida.roster.selectors", "hibrida.presence.selectors"):
        monkeypatch.setitem(sys.modules, name, None)  # import raises ImportError
    assert integration.planned_offsite_share(dt.date(2025, 12, 1), dt.date(2025, 12, 31)) is None
    assert integration.monthly_metrics(dt.date(2025, 12, 1)) is None
    assert integration.fairness_by_opd() is None


def test_eligibility_uses_policy_when_it_has_eligible_staff(city, monkeypatch):
    """Rule: the policy engine's eligibility wins when it has eligible staff."""
    data = {city.opd_a.pk: {"total": 4, "eligible": 3, "by_reason": {"belum siap": 1}}}
    monkeypatch.setattr(integration, "eligibility_by_opd", lambda *a, **k: data)
    monkeypatch.setattr(integration, "policy_configured", lambda: True)
    got, source = selectors.eligibility_source()
    assert got == data and "mesin kebijakan" in source


def test_eligibility_falls_back_when_policy_not_configured(city, monkeypatch):
    """Rule: without policy rules and readiness records, eligibility comes from positions."""
    add_staff(city.opd_b, 2, presence=True, reason="loket pelayanan")
    zero = {city.opd_a.pk: {"total": 4, "eligible": 0, "by_reason": {"x": 4}}}
    monkeypatch.setattr(integration, "eligibility_by_opd", lambda *a, **k: zero)
    monkeypatch.setattr(integration, "policy_configured", lambda: False)
    got, source = selectors.eligibility_source()
    assert "belum diisi" in source
    assert got[city.opd_a.pk]["eligible"] == 4
    assert got[city.opd_b.pk] == {"total": 3, "eligible": 0, "by_reason": {"loket pelayanan": 3}}


def test_monthly_task_stores_measured_metrics_over_synthetic(city, monkeypatch):
    """Rule: measured metrics replace the synthetic row of the same OPD/month/metric, with
    one audit event; the pilot page then names its source as measured."""
    from hibrida.audit.models import AuditEvent
    from hibrida.efficiency.models import PilotMetric
    from hibrida.efficiency.tasks import refresh_pilot_metrics

    month = dt.date(2025, 11, 1)
    PilotMetric.objects.create(
        opd=city.opd_a,
        month=month,
        metric="attendance_compliance",
        value=50,
        staff=4,
        synthetic=True,
    )
    fake = {
        (city.opd_a.pk, "attendance_compliance"): (96.5, 4),
        (city.opd_a.pk, "unknown_metric"): (1.0, 4),
    }
    monkeypatch.setattr(integration, "monthly_metrics", lambda m: fake if m == month else None)
    assert refresh_pilot_metrics("2025-11-01") == 1
    row = PilotMetric.objects.get(opd=city.opd_a, month=month, metric="attendance_compliance")
    assert (row.value, row.synthetic) == (96.5, False)
    assert AuditEvent.objects.filter(action="pilot_metrics.stored").count() == 1
    assert refresh_pilot_metrics("2025-12-01") == 0
    values, source = selectors.pilot_values({city.opd_a.pk})
    assert "terukur" in source and values[(city.opd_a.pk, "tahap_1", "attendance_compliance")] == (
        96.5
    )


def test_planned_share_and_fairness_from_roster(city, monkeypatch):
    """Rule: the WFH share counts planned WFO/WFH/FIELD days only (leave and duty excluded);
    fairness per OPD is read from the roster's monthly report."""
    import types

    day = dt.date(2025, 12, 1)
    modes = {
        (city.staff1.pk, day): "WFH",
        (city.staff2.pk, day): "WFO",
        (city.kabid.pk, day): "LEAVE",
        (city.kepala.pk, day): "DUTY",
        (city.other.pk, day): "WFO",
    }
    report = {
        "opds": {
            "DinasA": {"eligible": 3, "wfh_days": {"gini": 0.12, "mean": 4.0, "min": 2, "max": 5}}
        }
    }
    fake = types.SimpleNamespace(
        planned_modes=lambda ids, start, end: modes,
        latest_published_month=lambda: day,
        month_fairness=lambda month: report,
    )
    monkeypatch.setitem(sys.modules, "hibrida.roster.selectors", fake)
    shares = integration.planned_offsite_share(day, day)
    assert shares == {city.opd_a.pk: 0.5, city.opd_b.pk: 0.0}
    fairness = integration.fairness_by_opd()
    assert fairness[city.opd_a.pk]["gini"] == 0.12 and fairness[city.opd_a.pk]["staff"] == 3


def test_monthly_metrics_hand_computed(city, monkeypatch):
    """Rule: attendance = present planned days / planned days; on time = not late / present;
    report submission = non-draft reports / planned days; approval = approved / submitted."""
    import types

    from hibrida.activity.models import DailyReport

    d1, d2 = dt.date(2025, 12, 1), dt.date(2025, 12, 2)
    s1, s2 = city.staff1.pk, city.staff2.pk
    modes = {(s1, d1): "WFH", (s1, d2): "WFO", (s2, d1): "WFO", (s2, d2): "LEAVE"}
    attendance = {
        (s1, d1): {"missing_in": False, "late_minutes": 0},
        (s1, d2): {"missing_in": False, "late_minutes": 12},
        (s2, d1): {"missing_in": True, "late_minutes": 0},
    }
    monkeypatch.setitem(
        sys.modules,
        "hibrida.roster.selectors",
        types.SimpleNamespace(planned_modes=lambda ids, a, b: modes),
    )
    monkeypatch.setitem(
        sys.modules,
        "hibrida.presence.selectors",
        types.SimpleNamespace(attendance_summary=lambda ids, a, b: attendance),
    )
    DailyReport.objects.create(employee_id=s1, day=d1, status="approved", work_mode="WFH")
    DailyReport.objects.create(employee_id=s1, day=d2, status="submitted", work_mode="WFO")
    DailyReport.objects.create(employee_id=s2, day=d1, status="draft", work_mode="WFO")
    got = integration.monthly_metrics(dt.date(2025, 12, 1))
    a = city.opd_a.pk
    assert got[(a, "attendance_compliance")][0] == pytest.approx(100 * 2 / 3)
    assert got[(a, "on_time_rate")][0] == pytest.approx(50.0)
    assert got[(a, "wfh_share")][0] == pytest.approx(100 / 3)
    assert got[(a, "attendance_wfh")][0] == pytest.approx(100.0)
    assert got[(a, "attendance_wfo")][0] == pytest.approx(50.0)
    assert got[(a, "report_submission")][0] == pytest.approx(100 * 2 / 3)
    assert got[(a, "report_approval")][0] == pytest.approx(50.0)
    assert got[(a, "attendance_compliance")][1] == 2  # two people measured
