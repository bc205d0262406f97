"""Rules of the daily report and its validation (services)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.activity import services
from hibrida.activity.models import DailyReport, EventKind, Notification, ReportStatus
from hibrida.audit import decisions
from hibrida.audit.models import AuditEvent
from tests.factories import EmployeeFactory, make_user

from .conftest import ACTIVITY, TODAY, submitted_report

pytestmark = pytest.mark.django_db


def test_report_filled_with_mode_from_roster(env, modes):
    """Rule: the work mode of the day is filled in automatically from the roster."""
    modes[(env.staff1.pk, TODAY)] = "WFH"
    report = services.start_report(actor=env.users["asn"], day=TODAY)
    assert report.work_mode == "WFH"
    assert report.status == ReportStatus.DRAFT


def test_no_report_for_future_day(env):
    """Rule: no reports for future days."""
    with pytest.raises(ValidationError) as err:
        services.start_report(actor=env.users["asn"], day=TODAY + dt.timedelta(days=1))
    assert "day" in err.value.message_dict


def test_no_report_on_leave_day(env, modes):
    """Rule: no reports for days on leave."""
    modes[(env.staff1.pk, TODAY)] = "LEAVE"
    with pytest.raises(ValidationError) as err:
        services.start_report(actor=env.users["asn"], day=TODAY)
    assert "cuti" in err.value.message_dict["day"][0]
    assert not DailyReport.objects.exists()


def test_no_report_on_weekend(env):
    """Rule: reports are per working day."""
    with pytest.raises(ValidationError):
        services.start_report(actor=env.users["asn"], day=dt.date(2026, 2, 8))


def test_submission_before_deadline_is_not_late(env, clock):
    """Rule: submitted by 23:59 WIB of the day is on time."""
    clock.set(TODAY, 23, 58)
    report = submitted_report(env.users["asn"])
    assert report.status == ReportStatus.SUBMITTED
    assert report.is_late is False
    assert report.validator_id == env.kabid.pk


def test_submission_after_deadline_is_late(env, clock):
    """Rule: after the end of the day (no grace) the report is marked late."""
    yesterday = TODAY - dt.timedelta(days=1)
    clock.set(TODAY, 0, 1)
    report = submitted_report(env.users["asn"], day=yesterday)
    assert report.is_late is True


def test_grace_period_is_configurable(env, clock, settings):
    """Rule: a configured grace extends the deadline."""
    settings.HIBRIDA_REPORT_GRACE_MINUTES = 120
    yesterday = TODAY - dt.timedelta(days=1)
    clock.set(TODAY, 1, 30)
    assert submitted_report(env.users["asn"], day=yesterday).is_late is False


def test_cannot_submit_empty_report(env):
    """Rule: a report needs at least one activity."""
    report = services.start_report(actor=env.users["asn"], day=TODAY)
    with pytest.raises(ValidationError) as err:
        services.submit_report(actor=env.users["asn"], report=report)
    assert "activities" in err.value.message_dict


def test_approved_report_is_locked(env):
    """Rule: locked once validated: no more activities, no resubmission."""
    report = submitted_report(env.users["asn"])
    services.approve_report(actor=env.users["atasan"], report=report)
    report.refresh_from_db()
    assert report.locked
    with pytest.raises(ValidationError):
        services.add_activity(actor=env.users["asn"], report=report, data=ACTIVITY)
    with pytest.raises(ValidationError):
        services.submit_report(actor=env.users["asn"], report=report)
    with pytest.raises(ValidationError):
        services.return_report(actor=env.users["atasan"], report=report, comment="ulang")


def test_submitted_report_cannot_be_edited(env):
    """Rule: while waiting for validation the report is frozen."""
    report = submitted_report(env.users["asn"])
    with pytest.raises(ValidationError):
        services.add_activity(actor=env.users["asn"], report=report, data=ACTIVITY)


def test_return_requires_comment_and_allows_revision(env):
    """Rule: return for revision needs a comment; the ASN can then edit and resubmit."""
    report = submitted_report(env.users["asn"])
    with pytest.raises(ValidationError) as err:
        services.return_report(actor=env.users["atasan"], report=report, comment="  ")
    assert "comment" in err.value.message_dict
    services.return_report(actor=env.users["atasan"], report=report, comment="Lampirkan bukti")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    notice = Notification.objects.get(user=env.users["asn"])
    assert "Lampirkan bukti" in notice.message
    services.add_activity(actor=env.users["asn"], report=report, data=ACTIVITY)
    report = services.submit_report(actor=env.users["asn"], report=report)
    assert report.status == ReportStatus.SUBMITTED
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "returned", "submitted"]


def test_reject_requires_reason(env):
    """Rule: reject needs a reason and locks the report."""
    report = submitted_report(env.users["asn"])
    with pytest.raises(ValidationError) as err:
        services.reject_report(actor=env.users["atasan"], report=report, reason="")
    assert "reason" in err.value.message_dict
    services.reject_report(actor=env.users["atasan"], report=report, reason="Bukan kegiatan dinas")
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED and report.locked


def test_nobody_validates_own_report(env):
    """Rule: nobody validates their own report, even as Plt of their own atasan."""
    report = submitted_report(env.users["asn"])
    services.create_delegation(
        actor=env.users["atasan"],
        principal=env.kabid,
        delegate=env.staff1,
        start=TODAY,
        end=TODAY,
        reason="cuti",
    )
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=env.users["asn"], report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_only_assigned_validator_decides(env):
    """Rule: a colleague or the kepala (not yet escalated) cannot validate."""
    report = submitted_report(env.users["asn"])
    colleague = make_user(env.staff2)
    kepala = make_user(env.kepala)
    for user in (colleague, kepala, env.users["opd_admin"], env.users["bkpsdm"]):
        with pytest.raises(PermissionDenied):
            services.approve_report(actor=user, report=report)


def test_inspektorat_cannot_validate(env):
    """Rule: Inspektorat reads everything, validates nothing."""
    report = submitted_report(env.users["asn"])
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=env.users["inspektorat"], report=report)


def test_plt_validates_during_period_only(env, clock):
    """Rule: a Plt validates for the atasan on leave, only inside the delegation period."""
    report = submitted_report(env.users["asn"])
    plt_user = make_user(env.staff2)
    services.create_delegation(
        actor=env.users["atasan"],
        principal=env.kabid,
        delegate=env.staff2,
        start=TODAY + dt.timedelta(days=1),
        end=TODAY + dt.timedelta(days=3),
        reason="cuti",
    )
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=plt_user, report=report)
    clock.set(TODAY + dt.timedelta(days=1))
    services.approve_report(actor=plt_user, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.decided_by == plt_user


def test_delegation_rules(env):
    """Rule: a Plt is someone else, the period is ordered and a reason is given."""
    with pytest.raises(ValidationError) as err:
        services.create_delegation(
            actor=env.users["atasan"],
            principal=env.kabid,
            delegate=env.kabid,
            start=TODAY,
            end=TODAY - dt.timedelta(days=1),
            reason="",
        )
    assert {"delegate", "end", "reason"} <= set(err.value.message_dict)
    with pytest.raises(PermissionDenied):
        services.create_delegation(
            actor=env.users["asn"],
            principal=env.kabid,
            delegate=env.staff2,
            start=TODAY,
            end=TODAY,
            reason="cuti",
        )


def test_escalation_after_three_working_days(env, clock):
    """Rule: unvalidated after 3 working days → escalated to the next atasan."""
    report = submitted_report(env.users["asn"])  # Tue 10 Feb → due Fri 13 Feb
    assert report.validation_due == dt.date(2026, 2, 13)
    assert services.escalate_overdue(on=dt.date(2026, 2, 13)) == 0
    assert services.escalate_overdue(on=dt.date(2026, 2, 16)) == 1
    report.refresh_from_db()
    assert report.validator_id == env.kepala.pk
    assert report.escalation_level == 1
    # The city calendar, not Monday–Friday: Tue 17 Feb 2026 is Imlek, so Wed, Thu, Fri.
    assert report.validation_due == dt.date(2026, 2, 20)
    assert report.events.filter(kind=EventKind.ESCALATED).exists()
    # The former validator can no longer decide; the kepala can.
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=env.users["atasan"], report=report)
    services.approve_report(actor=make_user(env.kepala), report=report)


def test_escalation_stops_at_the_top(env, clock):
    """Rule: with no atasan above the validator, the report stays (no loss, no loop)."""
    report = submitted_report(env.users["atasan"])
    assert report.validator_id == env.kepala.pk
    assert services.escalate_overdue(on=dt.date(2026, 3, 2)) == 0


def test_escalation_task_runs(env, clock):
    """The Celery task wraps the same service."""
    from hibrida.activity.tasks import escalate_overdue

    submitted_report(env.users["asn"])
    assert escalate_overdue.delay("2026-02-20").get() == 1


def test_bulk_approval_needs_each_report_opened(env):
    """Rule: bulk approval only for reports the atasan has opened."""
    r1 = submitted_report(env.users["asn"])
    r2 = submitted_report(make_user(env.staff2))
    services.mark_opened(actor=env.users["atasan"], report=r1)
    with pytest.raises(ValidationError) as err:
        services.bulk_approve(actor=env.users["atasan"], reports=[r1, r2])
    assert "reports" in err.value.message_dict
    assert DailyReport.objects.filter(status=ReportStatus.APPROVED).count() == 0
    services.mark_opened(actor=env.users["atasan"], report=r2)
    assert services.bulk_approve(actor=env.users["atasan"], reports=[r1, r2]) == 2
    assert DailyReport.objects.filter(status=ReportStatus.APPROVED).count() == 2


def test_opening_is_recorded_once_per_validator(env):
    """Rule: opened_at per validator; non-validators opening does not count."""
    report = submitted_report(env.users["asn"])
    assert services.mark_opened(actor=env.users["bkpsdm"], report=report) is False
    assert services.mark_opened(actor=env.users["atasan"], report=report) is True
    assert services.mark_opened(actor=env.users["atasan"], report=report) is False
    assert report.openings.count() == 1


def test_every_write_is_audited(env):
    """Rule: every write leaves an audit event."""
    report = submitted_report(env.users["asn"])
    services.approve_report(actor=env.users["atasan"], report=report)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "activity_report.created",
        "activity_report.activity_added",
        "activity_report.submitted",
        "activity_report.approved",
    } <= actions


def test_activity_validation_messages(env):
    """Rule: bad input gets Indonesian field errors and changes nothing."""
    report = services.start_report(actor=env.users["asn"], day=TODAY)
    with pytest.raises(ValidationError) as err:
        services.add_activity(
            actor=env.users["asn"],
            report=report,
            data={
                "description": "",
                "output": "x",
                "quantity": "-1",
                "unit": "",
                "minutes": 0,
                "evidence_link": "ftp://x",
            },
        )
    assert {"description", "quantity", "unit", "minutes", "evidence_link"} <= set(
        err.value.message_dict
    )
    assert report.activities.count() == 0


def test_target_must_be_own_and_same_year(env):
    """Rule: an activity counts only towards the author's own SKP target of that year."""
    other_target = services.create_target(
        actor=env.users["atasan"],
        employee=env.staff2,
        data={"year": 2026, "title": "T", "indicator": "I", "target_quantity": "10", "unit": "u"},
    )
    report = services.start_report(actor=env.users["asn"], day=TODAY)
    with pytest.raises(ValidationError) as err:
        services.add_activity(
            actor=env.users["asn"], report=report, data={**ACTIVITY, "target": other_target}
        )
    assert "target" in err.value.message_dict


def test_asn_without_login_employee_cannot_write(env):
    """Rule: only ASN write reports (a BKPSDM account without employee cannot)."""
    with pytest.raises(PermissionDenied):
        services.start_report(actor=env.users["bkpsdm"], day=TODAY)


def test_target_cascading_parent_must_be_atasan(env):
    """Rule: a planned result links to a result of the direct atasan, same year."""
    kepala = make_user(env.kepala)
    parent = services.create_target(
        actor=kepala,
        employee=env.kabid,
        data={
            "year": 2026,
            "title": "Hasil Kabid",
            "indicator": "I",
            "target_quantity": "5",
            "unit": "u",
        },
    )
    wrong = services.create_target(
        actor=kepala,
        employee=env.kepala,
        data={
            "year": 2026,
            "title": "Hasil Kepala",
            "indicator": "I",
            "target_quantity": "5",
            "unit": "u",
        },
    )
    base = {
        "year": 2026,
        "title": "Hasil Staf",
        "indicator": "I",
        "target_quantity": "5",
        "unit": "u",
    }
    with pytest.raises(ValidationError) as err:
        services.create_target(
            actor=env.users["asn"], employee=env.staff1, data={**base, "parent": wrong}
        )
    assert "parent" in err.value.message_dict
    target = services.create_target(
        actor=env.users["asn"], employee=env.staff1, data={**base, "parent": parent}
    )
    assert target.parent == parent
    other = EmployeeFactory()
    with pytest.raises(PermissionDenied):
        services.create_target(actor=env.users["asn"], employee=other, data=base)


def test_refused_first_activity_leaves_no_draft(env):
    """Rule: bad input changes nothing — no empty draft after a refused first activity."""
    with pytest.raises(ValidationError):
        services.write_activity(actor=env.users["asn"], day=TODAY, data={**ACTIVITY, "minutes": 0})
    with pytest.raises(ValidationError):
        services.save_draft(
            actor=env.users["asn"], day=TODAY, note="", activities=[{**ACTIVITY, "unit": ""}]
        )
    assert not DailyReport.objects.exists()


def test_a_broken_calendar_fails_the_submission_instead_of_a_weekday_deadline(env, monkeypatch):
    """Rule: the validation deadline comes from the city calendar; when the calendar fails the
    submission fails and nothing is stored (the old adapter silently counted Monday–Friday)."""
    report = services.start_report(actor=env.users["asn"], day=TODAY)
    services.add_activity(actor=env.users["asn"], report=report, data=ACTIVITY)

    def broken(start, end):
        raise RuntimeError("kalender rusak")

    monkeypatch.setattr("hibrida.policy.calendar.days_off", broken)
    with pytest.raises(RuntimeError, match="kalender rusak"):
        services.submit_report(actor=env.users["asn"], report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.validation_due is None


def test_return_notice_quotes_the_whole_comment_up_to_the_note_limit(env):
    """Rule: the author's notice carries the validator's full comment, never a cut copy."""
    report = submitted_report(env.users["asn"])
    comment = "Perbaiki bukti kegiatan. " * 40
    comment = comment[: decisions.NOTE_MAX_CHARS].strip()
    services.return_report(actor=env.users["atasan"], report=report, comment=comment)
    notice = Notification.objects.get(user=env.users["asn"])
    assert notice.message.endswith(comment)
