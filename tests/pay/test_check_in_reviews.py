"""The atasan's decision on a FLAGGED check-in in the TPP recap (issue 15 item 3): accepted
counts as valid, rejected as no record, undecided as valid but the month cannot be final."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hibrida.pay import services
from hibrida.pay.models import LineStatus, RecapLine, RecapStatus
from hibrida.presence import reviews, selectors
from hibrida.presence.models import CheckIn

from .conftest import DAYS, END, MONTH, on_time, stamp

pytestmark = pytest.mark.django_db


def everyone(city):
    return [city.kepala, city.kabid, city.staff1, city.staff2, city.other]


def compute(city):
    return services.compute_month(
        actor=city.users["bkpsdm"], year=MONTH[0], month=MONTH[1], today=END
    )


def staff1_day(city, day, first_in="07:25", last_out="16:35", *, flag=("in",)):
    """staff1's day written as rows; the kinds in ``flag`` are FLAGGED."""
    rows = [
        stamp(city.staff1, day, "in", first_in, "FLAGGED" if "in" in flag else "VALID"),
        stamp(city.staff1, day, "out", last_out, "FLAGGED" if "out" in flag else "VALID"),
    ]
    CheckIn.objects.bulk_create(rows)
    return CheckIn.objects.filter(employee=city.staff1, work_date=day, status="FLAGGED")


def decide(city, rows, accept: bool):
    for row in rows:
        reviews.decide_check_in(
            actor=city.users["atasan"], check_in=row, accept=accept, note="Diperiksa via video"
        )


def items_of(recap, employee):
    line = recap.lines.get(employee=employee)
    return [(i["code"], i["tier"], i["percent"]) for i in line.items]


def test_accepted_flagged_check_in_counts_like_a_valid_one(city, table):
    on_time(everyone(city), skip={(city.staff1.pk, DAYS[0])})
    decide(city, staff1_day(city, DAYS[0]), accept=True)
    assert items_of(compute(city), city.staff1) == []


def test_rejected_arrival_is_the_no_record_tier(city, table):
    on_time(everyone(city), skip={(city.staff1.pk, DAYS[0])})
    decide(city, staff1_day(city, DAYS[0]), accept=False)
    # The departure stays: TL at the "no record" tier (4: 1.5 %), not an absent day.
    assert items_of(compute(city), city.staff1) == [("TL", 4, "1.50")]


def test_both_stamps_rejected_is_an_absent_day(city, table):
    on_time(everyone(city), skip={(city.staff1.pk, DAYS[1])})
    decide(city, staff1_day(city, DAYS[1], flag=("in", "out")), accept=False)
    recap = compute(city)
    assert items_of(recap, city.staff1) == [("TK", 0, "3.00")]
    assert recap.lines.get(employee=city.staff1).absent_dates == [DAYS[1].isoformat()]


def test_rejected_check_in_is_left_out_of_the_integer_stamps(city):
    rows = staff1_day(city, DAYS[0], first_in="07:10", flag=("in",))
    CheckIn.objects.bulk_create([stamp(city.staff1, DAYS[0], "in", "07:50")])
    key = (city.staff1.pk, 0)
    before = selectors.attendance_offsets(DAYS[0], DAYS[0], [city.staff1.pk])[key]
    assert before[0] == (7 * 60 + 10) * 60_000_000  # undecided: counted as it was received
    decide(city, rows, accept=False)
    after = selectors.attendance_offsets(DAYS[0], DAYS[0], [city.staff1.pk])[key]
    assert after[0] == (7 * 60 + 50) * 60_000_000
    bounds = selectors.attendance_bounds(DAYS[0], DAYS[0], [city.staff1.pk])
    assert bounds[(city.staff1.pk, DAYS[0])][0].strftime("%H:%M") == "07:50"


def test_undecided_flag_counts_as_valid_but_blocks_the_final_month(city, table):
    on_time(everyone(city), skip={(city.staff1.pk, DAYS[2])})
    flagged = staff1_day(city, DAYS[2])
    recap = compute(city)
    assert items_of(recap, city.staff1) == []
    RecapLine.objects.filter(recap=recap).update(status=LineStatus.REVIEWED)
    with pytest.raises(ValidationError) as err:
        services.finalise_month(actor=city.users["bkpsdm"], pk=recap.pk)
    assert "1 presensi yang ditandai" in str(err.value)
    recap.refresh_from_db()
    assert recap.status == RecapStatus.DRAFT
    decide(city, flagged, accept=True)
    services.finalise_month(actor=city.users["bkpsdm"], pk=recap.pk)
    recap.refresh_from_db()
    assert recap.status == RecapStatus.FINAL


def test_undecided_flag_of_another_month_does_not_block(city, table):
    on_time(everyone(city))
    CheckIn.objects.bulk_create(
        [stamp(city.staff1, dt.date(2025, 12, 1), "in", "07:10", "FLAGGED")]
    )
    recap = compute(city)
    RecapLine.objects.filter(recap=recap).update(status=LineStatus.REVIEWED)
    services.finalise_month(actor=city.users["bkpsdm"], pk=recap.pk)
    recap.refresh_from_db()
    assert recap.status == RecapStatus.FINAL


def test_late_synced_flag_decided_after_final_goes_to_the_next_month(city, table):
    on_time(everyone(city), skip={(city.staff1.pk, DAYS[3])})
    CheckIn.objects.bulk_create([stamp(city.staff1, DAYS[3], "in", "07:25")])
    recap = compute(city)
    assert items_of(recap, city.staff1) == [("PSW", 4, "1.50")]  # no departure recorded
    RecapLine.objects.filter(recap=recap).update(status=LineStatus.REVIEWED)
    services.finalise_month(actor=city.users["bkpsdm"], pk=recap.pk)
    # The phone was offline: its flagged departure reaches the server after the month is final.
    late = stamp(city.staff1, DAYS[3], "out", "16:35", "FLAGGED")
    late.save()
    decide(city, [late], accept=True)
    december = services.compute_month(
        actor=city.users["bkpsdm"], year=2025, month=12, today=dt.date(2025, 12, 2)
    )
    line = december.lines.get(employee=city.staff1)
    assert [i["percent"] for i in line.items if i["code"] == "ADJ"] == ["-1.50"]
    assert recap.lines.get(employee=city.staff1).percent == Decimal("1.5")
