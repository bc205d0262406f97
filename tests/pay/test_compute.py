"""The monthly recap: what is deducted, what never is, review, final, carry-over, warnings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.activity.models import Notification
from hibrida.audit.decisions import AlreadyDecided
from hibrida.audit.models import AuditEvent
from hibrida.pay import services
from hibrida.pay.models import DisciplineNotice, LineStatus, RecapLine, RecapStatus
from hibrida.presence.models import ApprovalStatus, CheckIn, CorrectionRequest
from hibrida.roster.models import Absence

from .conftest import DAYS, END, MONTH, on_time, stamp

D = Decimal


def compute(city):
    return services.compute_month(
        actor=city.users["bkpsdm"], year=MONTH[0], month=MONTH[1], today=END
    )


def line_of(recap, employee) -> RecapLine:
    return recap.lines.get(employee=employee)


def everyone(city):
    return [city.kepala, city.kabid, city.staff1, city.staff2, city.other]


def test_on_time_month_costs_nothing(city, table):
    on_time(everyone(city))
    recap = compute(city)
    assert recap.lines.count() == 5
    assert {line.percent for line in recap.lines.all()} == {D(0)}


def test_late_arrival_is_deducted_by_tier_with_its_record(city, table):
    on_time(everyone(city), skip={(city.staff1.pk, DAYS[0])})
    CheckIn.objects.bulk_create(
        [stamp(city.staff1, DAYS[0], "in", "08:15"), stamp(city.staff1, DAYS[0], "out", "16:05")]
    )
    line = line_of(compute(city), city.staff1)
    # 08.15 is 45 min after 07.30 (tier 2: 1 %); leaving 16.05 is after 16.00: no PSW.
    assert [(i["code"], i["tier"], i["minutes"], i["percent"]) for i in line.items] == [
        ("TL", 2, 45, "1.00")
    ]
    assert line.items[0]["day"] == DAYS[0].isoformat()
    assert "masuk 08.15" in line.items[0]["record"]
    assert line.percent == D("1") and line.tl_percent == D("1")


def test_leaving_early_on_friday_counts_from_friday_end(city, table):
    friday = next(d for d in DAYS if d.weekday() == 4)
    on_time(everyone(city), skip={(city.staff1.pk, friday)})
    CheckIn.objects.bulk_create(
        [stamp(city.staff1, friday, "in", "07:30"), stamp(city.staff1, friday, "out", "16:00")]
    )
    line = line_of(compute(city), city.staff1)
    # Friday ends 16.30 (90-minute break): leaving 16.00 is 30 min early, tier 1.
    assert [(i["code"], i["minutes"], i["percent"]) for i in line.items] == [("PSW", 30, "0.50")]


def test_absent_day_without_reason_costs_the_absence_percent(city, table):
    on_time(everyone(city), skip={(city.staff1.pk, DAYS[3])})
    line = line_of(compute(city), city.staff1)
    assert [(i["code"], i["percent"]) for i in line.items] == [("TK", "3.00")]
    assert line.absent_days == 1 and line.absent_dates == [DAYS[3].isoformat()]


def test_leave_duty_and_approved_correction_are_never_deducted(city, table):
    skip = {(city.staff1.pk, DAYS[0]), (city.staff1.pk, DAYS[1]), (city.staff1.pk, DAYS[2])}
    on_time(everyone(city), skip=skip)
    Absence.objects.create(
        employee=city.staff1,
        kind="cuti",
        start=DAYS[0],
        end=DAYS[0],
        created_by=city.users["opd_admin"],
    )
    Absence.objects.create(
        employee=city.staff1,
        kind="dinas_luar",
        start=DAYS[1],
        end=DAYS[1],
        created_by=city.users["opd_admin"],
    )
    CheckIn.objects.create(
        **{
            f.name: getattr(stamp(city.staff1, DAYS[2], "in", "07:20"), f.name)
            for f in CheckIn._meta.concrete_fields
            if f.name != "id"
        }
    )
    CorrectionRequest.objects.create(
        employee=city.staff1,
        work_date=DAYS[2],
        kind="forgot_out",
        time_out=dt.time(16, 0),
        reason="lupa presensi pulang karena rapat",
        status=ApprovalStatus.APPROVED,
    )
    line = line_of(compute(city), city.staff1)
    assert line.items == [] and line.percent == D(0)


def test_holiday_is_not_a_working_day(city, table):
    from hibrida.policy.models import CalendarDay

    CalendarDay.objects.create(
        date=DAYS[4], kind="libur_daerah", name="Libur uji", created_by=city.users["bkpsdm"]
    )
    on_time(everyone(city), skip={(city.staff1.pk, DAYS[4])})
    assert line_of(compute(city), city.staff1).items == []


def test_rejected_check_in_is_not_presence(city, table):
    on_time(everyone(city), skip={(city.staff1.pk, DAYS[0])})
    CheckIn.objects.bulk_create(
        [
            stamp(city.staff1, DAYS[0], "in", "07:00", "REJECTED"),
            stamp(city.staff1, DAYS[0], "out", "16:30"),
        ]
    )
    line = line_of(compute(city), city.staff1)
    # No counted arrival: TL at the "no record" tier, PSW none.
    assert [(i["code"], i["tier"], i["percent"]) for i in line.items] == [("TL", 4, "1.50")]


def test_atasan_reviews_then_bkpsdm_finalises_and_final_is_immutable(city, table):
    on_time(everyone(city))
    recap = compute(city)
    staff_line = line_of(recap, city.staff1)
    with pytest.raises(PermissionDenied):
        services.review_line(actor=city.users["asn"], pk=staff_line.pk)
    with pytest.raises(ValidationError) as err:
        services.finalise_month(actor=city.users["bkpsdm"], pk=recap.pk)
    assert "belum ditinjau" in str(err.value)
    # kabid (the atasan user) supervises staff1 and staff2; kepala supervises kabid and has none.
    for employee in (city.staff1, city.staff2):
        services.review_line(actor=city.users["atasan"], pk=line_of(recap, employee).pk)
    with pytest.raises(AlreadyDecided):
        services.review_line(actor=city.users["atasan"], pk=staff_line.pk)
    with pytest.raises(ValidationError):  # kabid's own line waits for kepala, who has no account
        services.finalise_month(actor=city.users["bkpsdm"], pk=recap.pk)
    line_of(recap, city.kabid).__class__.objects.filter(pk=line_of(recap, city.kabid).pk).update(
        status=LineStatus.REVIEWED
    )
    services.finalise_month(actor=city.users["bkpsdm"], pk=recap.pk)
    recap.refresh_from_db()
    assert recap.status == RecapStatus.FINAL
    # kepala and "other" have no atasan: BKPSDM reviewed them in the same step.
    assert set(recap.lines.values_list("status", flat=True)) == {LineStatus.REVIEWED}
    with pytest.raises(ValidationError) as again:
        compute(city)
    assert "final" in str(again.value)
    assert AuditEvent.objects.filter(action="tpp.month_final").count() == 1
    assert AuditEvent.objects.filter(action="tpp.line_reviewed").count() == 2


def test_correction_after_final_goes_to_next_month(city, table):
    on_time(everyone(city), skip={(city.staff1.pk, DAYS[5])})
    recap = compute(city)
    assert line_of(recap, city.staff1).percent == D("3")
    RecapLine.objects.filter(recap=recap).update(status=LineStatus.REVIEWED)
    services.finalise_month(actor=city.users["bkpsdm"], pk=recap.pk)
    Absence.objects.create(
        employee=city.staff1,
        kind="cuti",
        start=DAYS[5],
        end=DAYS[5],
        created_by=city.users["opd_admin"],
    )
    december = services.compute_month(
        actor=city.users["bkpsdm"], year=2025, month=12, today=dt.date(2025, 12, 2)
    )
    line = december.lines.get(employee=city.staff1)
    adjustments = [i for i in line.items if i["code"] == "ADJ"]
    assert [a["percent"] for a in adjustments] == ["-3.00"]
    assert line_of(recap, city.staff1).percent == D("3")  # the final month did not change


def test_only_bkpsdm_computes_and_sets_tables(city, table):
    for role in ("asn", "atasan", "opd_admin", "inspektorat"):
        with pytest.raises(PermissionDenied):
            services.compute_month(actor=city.users[role], year=2025, month=11, today=END)


def test_bad_tier_table_names_the_field_and_writes_nothing(city, table):
    from hibrida.pay.models import TierTable

    data = {
        "name": "x",
        "source": "y",
        "valid_from": "2024-01-01",
        "valid_to": "2024-12-31",
        "tl_tiers": "60:1; 30:0,5; *:2",
        "psw_tiers": "30:abc; *:1",
        "absent_percent": "101",
    }
    with pytest.raises(ValidationError) as err:
        services.create_tier_table(actor=city.users["bkpsdm"], data=data)
    assert set(err.value.message_dict) == {"tl_tiers", "psw_tiers", "absent_percent"}
    overlapping = {
        **data,
        "tl_tiers": "30:1; *:2",
        "psw_tiers": "*:1",
        "absent_percent": "2",
        "valid_to": "2025-02-01",
    }
    with pytest.raises(ValidationError) as err:
        services.create_tier_table(actor=city.users["bkpsdm"], data=overlapping)
    assert "tumpang tindih" in err.value.message_dict["valid_from"][0]
    assert TierTable.objects.count() == 1


def test_no_table_for_the_month_is_refused(city):
    with pytest.raises(ValidationError) as err:
        compute(city)
    assert "tabel" in err.value.message_dict["month"][0]


def test_three_absent_days_warn_the_atasan_and_bkpsdm_once(city, table):
    skip = {(city.staff1.pk, d) for d in DAYS[:3]}
    on_time(everyone(city), skip=skip)
    compute(city)
    notice = DisciplineNotice.objects.get(employee=city.staff1)
    assert (notice.days, notice.category) == (3, "Teguran lisan")
    for role in ("atasan", "bkpsdm"):
        assert (
            Notification.objects.filter(user=city.users[role], kind="tpp_discipline").count() == 1
        )
    assert not Notification.objects.filter(user=city.users["asn"], kind="tpp_discipline").exists()
    compute(city)  # recomputing the same month sends nothing new
    assert DisciplineNotice.objects.count() == 1
    assert Notification.objects.filter(kind="tpp_discipline").count() == 2
    assert AuditEvent.objects.filter(action="tpp.discipline_notice").count() == 1


def test_weekly_hours_check_is_recorded(city, table):
    on_time(everyone(city))
    line = line_of(compute(city), city.staff1)
    first = line.weeks[0]
    # 07.25–16.35 minus 60 min (Fri 90) = 490 min Mon–Thu, 460 Fri; owed 450 a day (Fri 450).
    assert first["week"] == "2025-11-03"
    assert first["required"] == 5 * 450
    assert first["worked"] == 4 * 490 + 460


def test_dynamic_hours_start_at_the_arrival_within_the_window(city, table):
    from hibrida.presence.hours import hours_to_json
    from hibrida.presence.models import WorkHourPolicy
    from hibrida.presence.worktime import Hours

    WorkHourPolicy.objects.create(
        opd=city.opd_a,
        position=city.staff1.position,
        kind="dynamic",
        hours=hours_to_json(
            {
                **{d: Hours(dt.time(7, 30), dt.time(16, 0), 60) for d in range(4)},
                4: Hours(dt.time(7, 30), dt.time(16, 30), 90),
            }
        ),
        window_start=dt.time(7, 0),
        window_end=dt.time(8, 30),
        daily_minutes=450,
        direct_service=False,
        valid_from=dt.date(2025, 1, 1),
        source="SK uji",
        created_by=city.users["bkpsdm"],
    )
    first = DAYS[:4]
    on_time(everyone(city), skip={(city.staff1.pk, d) for d in first})
    CheckIn.objects.bulk_create(
        [
            stamp(city.staff1, DAYS[0], "in", "08:00"),  # ends 16.30: on time
            stamp(city.staff1, DAYS[0], "out", "16:30"),
            stamp(city.staff1, DAYS[1], "in", "08:45"),  # 15 min after the window
            stamp(city.staff1, DAYS[1], "out", "17:00"),  # the day ends 08.30 + 8 h 30
            stamp(city.staff1, DAYS[2], "in", "07:10"),  # the day ends 15.40
            stamp(city.staff1, DAYS[2], "out", "15:00"),  # 40 min early
        ]  # DAYS[3]: no record
    )
    recap = compute(city)
    line = line_of(recap, city.staff1)
    assert [(i["day"], i["code"], i["minutes"], i["percent"]) for i in line.items] == [
        (DAYS[1].isoformat(), "TL", 15, "0.50"),
        (DAYS[2].isoformat(), "PSW", 40, "1.00"),
        (DAYS[3].isoformat(), "TK", 0, "3.00"),
    ]
    assert "(jam kerja 07.10–15.40)" in line.items[1]["record"]
    # Week of 3 November: 5 × 450 min owed; worked 450 + 435 + 410 + 0 + 460 (Friday 07.25
    # to 16.35 less the 90-minute break).
    assert line.weeks[0] == {"week": DAYS[0].isoformat(), "worked": 1755, "required": 2250}
    # Everyone else keeps the fixed hours: on time all month.
    assert line_of(recap, city.staff2).items == []
