"""Publication: versioned, immutable, audited; planned_mode(s) read the version in force."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hibrida.audit.models import AuditEvent
from hibrida.roster.models import ImmutableError, Schedule, ScheduleRow, ScheduleStatus
from hibrida.roster.selectors import planned_mode, planned_modes
from hibrida.roster.services import (
    discard_draft,
    generate_draft,
    publish_schedule,
    record_absence,
)


@pytest.mark.django_db
def test_published_version_is_immutable_and_replanning_creates_a_new_version(roster_city):
    c = roster_city
    admin = c.users["opd_admin"]
    [v1] = generate_draft(actor=admin, month="2025-12", opd=c.opd_a)
    assert planned_mode(c.staff1.pk, dt.date(2025, 12, 1)) is None  # drafts are not plans
    publish_schedule(actor=admin, schedule=v1)
    v1.refresh_from_db()
    assert v1.status == ScheduleStatus.PUBLISHED and v1.published_by == admin
    assert AuditEvent.objects.filter(action="schedule.published").exists()
    rows_v1 = dict(ScheduleRow.objects.filter(schedule=v1).values_list("employee_id", "modes"))

    row = ScheduleRow.objects.filter(schedule=v1).first()
    row.modes = "H" * len(row.modes)
    with pytest.raises(ImmutableError):
        row.save()
    with pytest.raises(ValidationError):
        publish_schedule(actor=admin, schedule=v1)
    with pytest.raises(ValidationError):
        discard_draft(actor=admin, schedule=v1)

    [v2] = generate_draft(actor=admin, month="2025-12", opd=c.opd_a)
    assert v2.version == 2
    # Nothing changed in the inputs, so stability keeps every published assignment.
    rows_v2 = dict(ScheduleRow.objects.filter(schedule=v2).values_list("employee_id", "modes"))
    assert rows_v2 == rows_v1
    publish_schedule(actor=admin, schedule=v2)
    v1.refresh_from_db()
    assert v1.status == ScheduleStatus.SUPERSEDED
    assert dict(ScheduleRow.objects.filter(schedule=v1).values_list("employee_id", "modes")) == (
        rows_v1
    )
    assert Schedule.objects.filter(status=ScheduleStatus.PUBLISHED).count() == 1


@pytest.mark.django_db
def test_planned_modes_bulk_matches_single_and_leave_overlays_the_plan(roster_city):
    c = roster_city
    admin = c.users["opd_admin"]
    [s] = generate_draft(actor=admin, month="2025-12", opd=c.opd_a)
    publish_schedule(actor=admin, schedule=s)
    start, end = dt.date(2025, 12, 1), dt.date(2025, 12, 31)
    ids = [e.pk for e in c.unit_a_staff]
    bulk = planned_modes(ids, start, end)
    assert len(bulk) == len(ids) * 22
    assert bulk[(c.staff1.pk, dt.date(2025, 12, 2))] == planned_mode(
        c.staff1.pk, dt.date(2025, 12, 2)
    )
    assert planned_mode(c.staff1.pk, dt.date(2025, 12, 25)) is None  # Christmas
    assert planned_mode(c.staff1.pk, dt.date(2025, 12, 6)) is None  # Saturday

    record_absence(
        actor=c.users["atasan"],
        employee=c.staff1,
        kind="cuti",
        start=dt.date(2025, 12, 8),
        end=dt.date(2025, 12, 9),
    )
    assert planned_mode(c.staff1.pk, dt.date(2025, 12, 8)) == "LEAVE"
    assert planned_mode(c.staff1.pk, dt.date(2025, 12, 9)) == "LEAVE"
    # The published version itself is untouched; a re-plan writes the leave in.
    row = ScheduleRow.objects.get(schedule=s, employee=c.staff1)
    assert row.mode_on(dt.date(2025, 12, 8)) != "LEAVE"
    [v2] = generate_draft(actor=admin, month="2025-12", opd=c.opd_a)
    assert (
        ScheduleRow.objects.get(schedule=v2, employee=c.staff1).mode_on(dt.date(2025, 12, 8))
        == "LEAVE"
    )


@pytest.mark.django_db
def test_absence_needs_atasan_or_admin_and_valid_dates(roster_city):
    from django.core.exceptions import PermissionDenied

    c = roster_city
    with pytest.raises(PermissionDenied):
        record_absence(
            actor=c.users["asn"],
            employee=c.staff2,
            kind="cuti",
            start=dt.date(2025, 12, 8),
            end=dt.date(2025, 12, 8),
        )
    with pytest.raises(ValidationError) as err:
        record_absence(
            actor=c.users["opd_admin"],
            employee=c.staff2,
            kind="cuti",
            start=dt.date(2025, 12, 9),
            end=dt.date(2025, 12, 8),
        )
    assert "end" in err.value.message_dict


@pytest.mark.django_db
def test_field_staff_rotate_between_field_and_office(roster_city):
    from hibrida.policy.models import Level, PolicyRule
    from tests.factories import PositionFactory

    c = roster_city
    field = PositionFactory(opd=c.opd_a, name="Pengawas", field_work=True)
    for e in (c.s3, c.s4):
        e.position = field
        e.save()
    PolicyRule.objects.create(level=Level.UNIT, unit=c.unit_a2, field_rotation=True)
    [s] = generate_draft(actor=c.users["opd_admin"], month="2026-02", opd=c.opd_a)
    rows = {r.employee_id: r for r in ScheduleRow.objects.filter(schedule=s)}
    s3, s4 = rows[c.s3.pk], rows[c.s4.pk]
    assert not s3.eligible and s3.reason.startswith("Tugas lapangan")
    assert "F" in s3.modes and "H" not in s3.modes
    # Staggered: on any working day one of the two is in the field, the other in the office.
    for a, b in zip(s3.modes, s4.modes, strict=True):
        if a != "-":
            assert {a, b} == {"F", "O"}


@pytest.mark.django_db
def test_planned_modes_of_a_queryset_match_the_id_list_and_read_each_version_in_force(
    roster_city,
):
    """Rule: a change entered after the version in force was published overrides it; one
    entered before (already part of a re-plan) does not. A queryset of employees (the
    city-wide form, one subquery) answers exactly as the list of their ids."""
    from django.utils import timezone

    from hibrida.org.models import Employee
    from hibrida.roster.models import DayOverride

    c = roster_city
    admin = c.users["opd_admin"]
    [s] = generate_draft(actor=admin, month="2025-12", opd=c.opd_a)
    publish_schedule(actor=admin, schedule=s)
    s.refresh_from_db()
    day = dt.date(2025, 12, 2)
    start, end = dt.date(2025, 11, 24), dt.date(2025, 12, 7)  # across two months
    plan = {e: planned_mode(e.pk, day) for e in (c.staff1, c.staff2)}
    flip = {"WFO": "WFH", "WFH": "WFO"}
    after = DayOverride.objects.create(employee=c.staff1, day=day, mode=flip[plan[c.staff1]])
    before = DayOverride.objects.create(employee=c.staff2, day=day, mode=flip[plan[c.staff2]])
    DayOverride.objects.filter(pk=before.pk).update(
        created_at=s.published_at - dt.timedelta(minutes=1)
    )
    assert after.created_at > s.published_at and after.created_at <= timezone.now()

    people = Employee.objects.filter(opd=c.opd_a)
    by_query = planned_modes(people, start, end)
    assert by_query == planned_modes(list(people.values_list("pk", flat=True)), start, end)
    assert by_query[(c.staff1.pk, day)] == flip[plan[c.staff1]]
    assert by_query[(c.staff2.pk, day)] == plan[c.staff2]
    assert not any(d.month == 11 for _e, d in by_query)  # nothing published for November
    assert len(by_query) == people.count() * 5  # 1-5 December, Monday to Friday
