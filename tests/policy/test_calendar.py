"""Working-day calendar: weekends, national holidays, cuti bersama rows, office hours."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.audit.models import AuditEvent
from hibrida.policy import calendar
from hibrida.policy.services import add_calendar_day, remove_calendar_day, set_working_hours


@pytest.mark.django_db
def test_known_2026_national_holiday_is_not_a_working_day():
    independence_day = dt.date(2026, 8, 17)  # a Monday
    assert independence_day.weekday() == 0
    assert not calendar.is_working_day(independence_day)
    assert calendar.is_working_day(dt.date(2026, 8, 18))
    assert not calendar.is_working_day(dt.date(2026, 8, 15))  # Saturday


@pytest.mark.django_db
def test_cuti_bersama_added_by_bkpsdm_is_not_a_working_day_and_removal_restores_it(city):
    day = dt.date(2026, 12, 24)
    assert calendar.is_working_day(day)
    row = add_calendar_day(
        actor=city.users["bkpsdm"], date=day, kind="cuti_bersama", name="Cuti Bersama Natal"
    )
    assert not calendar.is_working_day(day)
    assert day not in calendar.working_days(dt.date(2026, 12, 21), dt.date(2026, 12, 31))
    assert AuditEvent.objects.filter(action="calendar_day.created").exists()
    remove_calendar_day(actor=city.users["bkpsdm"], day=row)
    assert calendar.is_working_day(day)


@pytest.mark.django_db
def test_only_bkpsdm_edits_the_calendar_and_bad_input_names_the_field(city):
    with pytest.raises(PermissionDenied):
        add_calendar_day(
            actor=city.users["opd_admin"], date=dt.date(2026, 12, 24), kind="cuti_bersama", name="x"
        )
    with pytest.raises(PermissionDenied):
        add_calendar_day(
            actor=city.users["inspektorat"],
            date=dt.date(2026, 12, 24),
            kind="cuti_bersama",
            name="x",
        )
    with pytest.raises(ValidationError) as err:
        add_calendar_day(
            actor=city.users["bkpsdm"], date=dt.date(2026, 12, 26), kind="cuti_bersama", name="x"
        )
    assert "date" in err.value.message_dict  # a Saturday


@pytest.mark.django_db
def test_working_days_of_a_month_and_add_working_days_skip_holidays():
    # December 2025: 23 weekdays, Christmas (25th) is a national holiday.
    days = calendar.working_days(dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert len(days) == 22
    assert dt.date(2025, 12, 25) not in days
    assert calendar.add_working_days(dt.date(2025, 12, 24), 1) == dt.date(2025, 12, 26)
    assert calendar.add_working_days(dt.date(2025, 12, 26), -1) == dt.date(2025, 12, 24)
    assert calendar.add_working_days(dt.date(2025, 12, 24), 0) == dt.date(2025, 12, 24)


@pytest.mark.django_db
def test_default_office_hours_are_37_5_hours_a_week_and_an_opd_can_change_a_day(city):
    start, end, pause = calendar.working_hours(city.opd_a, dt.date(2026, 1, 9))  # Friday
    assert (start, end, pause) == (dt.time(7, 30), dt.time(16, 30), 90)
    assert calendar.working_hours(None, dt.date(2026, 1, 5)) == (
        dt.time(7, 30),
        dt.time(16, 0),
        60,
    )
    assert calendar.weekly_hours(city.opd_a) == 37.5
    set_working_hours(
        actor=city.users["opd_admin"],
        opd=city.opd_a,
        weekday=0,
        start=dt.time(8, 0),
        end=dt.time(16, 0),
        break_minutes=60,
    )
    assert calendar.working_hours(city.opd_a.pk, dt.date(2026, 1, 5))[0] == dt.time(8, 0)
    assert calendar.working_hours(city.opd_b, dt.date(2026, 1, 5))[0] == dt.time(7, 30)
    with pytest.raises(PermissionDenied):
        set_working_hours(
            actor=city.users["opd_admin"],
            opd=city.opd_b,
            weekday=0,
            start=dt.time(8, 0),
            end=dt.time(16, 0),
            break_minutes=60,
        )
