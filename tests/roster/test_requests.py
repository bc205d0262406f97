"""Change requests after publication: move / swap, atasan approval, refusals with reasons."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.audit.models import AuditEvent
from hibrida.policy.calendar import working_days
from hibrida.roster.models import DayOverride, RequestStatus
from hibrida.roster.planning import month_end
from hibrida.roster.selectors import planned_mode, swaps_to_answer
from hibrida.roster.services import (
    answer_swap,
    approve_request,
    reject_request,
    request_change,
)
from tests.factories import make_user, publish_manual

from .conftest import next_month


def _weeks(month):
    weeks = {}
    for d in working_days(month, month_end(month)):
        weeks.setdefault(d.isocalendar()[:2], []).append(d)
    return [w for w in weeks.values() if len(w) >= 4]


@pytest.fixture
def published(roster_city):
    """Next month: unit A (8) with staff1 WFH on d1; staff2 + 3 others WFH on d2 (so d2 has
    exactly the 4 on site the 50 % rule needs); unit A2: s4 WFH d1, s3 WFH on d4."""
    c = roster_city
    month = next_month()
    week, later = _weeks(month)[0], _weeks(month)[1]
    d1, d2, d3, d4 = week[0], week[1], week[2], week[3]
    others = [e for e in c.unit_a_staff if e not in (c.staff1, c.staff2)]
    modes = {e: {} for e in c.unit_a_staff}
    modes[c.staff1] = {d1: "WFH", later[0]: "WFH"}
    modes[c.staff2] = {d2: "WFH"}
    for e in others[:3]:
        modes[e] = {d2: "WFH"}
    modes[c.s3] = {d4: "WFH"}
    modes[c.s4] = {d1: "WFH"}
    publish_manual(c.opd_a, month, modes)
    c.d1, c.d2, c.d3, c.d4, c.later = d1, d2, d3, d4, later
    return c


@pytest.mark.django_db
def test_move_that_would_break_coverage_is_refused_with_the_reason(published):
    c = published
    with pytest.raises(ValidationError) as err:
        request_change(actor=c.users["asn"], kind="move", day=c.d1, other_day=c.d2)
    message = " ".join(err.value.message_dict["other_day"])
    assert "hanya akan memiliki 3 pegawai di kantor, padahal minimal 4" in message
    assert not DayOverride.objects.exists()


@pytest.mark.django_db
def test_swap_that_would_break_the_other_units_coverage_is_refused(published):
    c = published
    # staff1 gives WFH on d1 to s3 and takes s3's d4: unit A2 would have nobody on site on d1.
    with pytest.raises(ValidationError) as err:
        request_change(
            actor=c.users["asn"], kind="swap", day=c.d1, other_day=c.d4, counterpart=c.s3
        )
    message = " ".join(err.value.message_dict["other_day"])
    assert "unit Seksi A2 hanya akan memiliki 0 pegawai di kantor" in message


@pytest.mark.django_db
def test_move_over_the_weekly_quota_is_refused(published):
    c = published
    with pytest.raises(ValidationError) as err:
        request_change(actor=c.users["asn"], kind="move", day=c.later[0], other_day=c.d3)
    assert "kuota WFH" in " ".join(err.value.message_dict["other_day"])


@pytest.mark.django_db
def test_valid_move_approved_by_atasan_changes_the_plan_not_the_version(published):
    c = published
    req = request_change(actor=c.users["asn"], kind="move", day=c.d1, other_day=c.d3, reason="x")
    assert req.status == RequestStatus.PENDING
    assert planned_mode(c.staff1.pk, c.d1) == "WFH"  # nothing changes before approval
    with pytest.raises(PermissionDenied):
        approve_request(actor=c.users["opd_admin"], request=req)
    with pytest.raises(PermissionDenied):
        approve_request(actor=c.users["asn"], request=req)
    approve_request(actor=c.users["atasan"], request=req)
    assert planned_mode(c.staff1.pk, c.d1) == "WFO"
    assert planned_mode(c.staff1.pk, c.d3) == "WFH"
    assert AuditEvent.objects.filter(action="change_request.approved").exists()
    with pytest.raises(ValidationError):
        approve_request(actor=c.users["atasan"], request=req)


@pytest.mark.django_db
def test_swap_needs_the_colleague_then_the_atasan(published):
    """Rule: a swap changes the colleague's days too: the atasan cannot approve it before the
    colleague agrees, and only the colleague can agree."""
    c = published
    partner = make_user(c.staff2)
    req = request_change(
        actor=c.users["asn"], kind="swap", day=c.d1, other_day=c.d2, counterpart=c.staff2
    )
    assert list(swaps_to_answer(partner)) == [req]
    with pytest.raises(ValidationError) as err:
        approve_request(actor=c.users["atasan"], request=req)
    assert "belum menyetujui" in " ".join(err.value.message_dict["status"])
    assert not DayOverride.objects.exists()
    for stranger in (c.users["asn"], c.users["atasan"]):  # the requester, the atasan
        with pytest.raises(PermissionDenied):
            answer_swap(actor=stranger, request=req, agree=True)
    req = answer_swap(actor=partner, request=req, agree=True)
    assert req.counterpart_agreed_at is not None and list(swaps_to_answer(partner)) == []
    with pytest.raises(ValidationError):
        answer_swap(actor=partner, request=req, agree=False)  # answered already
    approve_request(actor=c.users["atasan"], request=req)
    assert planned_mode(c.staff1.pk, c.d2) == "WFH" and planned_mode(c.staff2.pk, c.d1) == "WFH"
    assert planned_mode(c.staff1.pk, c.d1) == "WFO" and planned_mode(c.staff2.pk, c.d2) == "WFO"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"change_request.partner_agreed", "change_request.approved"} <= actions


@pytest.mark.django_db
def test_colleague_declining_closes_the_swap(published):
    c = published
    partner = make_user(c.staff2)
    req = request_change(
        actor=c.users["asn"], kind="swap", day=c.d1, other_day=c.d2, counterpart=c.staff2
    )
    req = answer_swap(actor=partner, request=req, agree=False, note="Ada rapat di kantor.")
    assert req.status == RequestStatus.REJECTED
    assert req.decision_note == "Ditolak oleh rekan: Ada rapat di kantor."
    with pytest.raises(ValidationError):
        approve_request(actor=c.users["atasan"], request=req)
    assert planned_mode(c.staff1.pk, c.d1) == "WFH" and planned_mode(c.staff2.pk, c.d2) == "WFH"
    assert AuditEvent.objects.filter(action="change_request.partner_declined").exists()


@pytest.mark.django_db
def test_request_shape_errors_and_rejection_needs_a_reason(published):
    c = published
    with pytest.raises(ValidationError) as err:
        request_change(actor=c.users["asn"], kind="move", day=c.d2, other_day=c.d3)
    assert "day" in err.value.message_dict  # not WFH on d2
    with pytest.raises(ValidationError) as err:
        request_change(
            actor=c.users["asn"], kind="swap", day=c.d1, other_day=c.d2, counterpart=c.other
        )
    assert "counterpart" in err.value.message_dict  # another OPD
    req = request_change(actor=c.users["asn"], kind="move", day=c.d1, other_day=c.d3)
    with pytest.raises(ValidationError):
        reject_request(actor=c.users["atasan"], request=req, note="")
    reject_request(actor=c.users["atasan"], request=req, note="Rapat tatap muka hari itu.")
    req.refresh_from_db()
    assert req.status == RequestStatus.REJECTED
    assert planned_mode(c.staff1.pk, c.d1) == "WFH"


@pytest.mark.django_db
def test_past_days_cannot_be_changed(roster_city):
    c = roster_city
    month = dt.date(2025, 12, 1)
    d1, d2 = dt.date(2025, 12, 2), dt.date(2025, 12, 3)
    publish_manual(c.opd_a, month, {c.staff1: {d1: "WFH"}})
    with pytest.raises(ValidationError) as err:
        request_change(actor=c.users["asn"], kind="move", day=d1, other_day=d2)
    assert "sudah lewat" in " ".join(err.value.message_dict["other_day"])


@pytest.mark.django_db
def test_move_off_the_phase_weekday_is_refused(roster_city):
    from hibrida.policy.models import Phase, PhaseStatus

    c = roster_city
    month = next_month()
    Phase.objects.create(
        name="Tahap Kamis",
        start=month,
        end=month_end(month),
        status=PhaseStatus.ACTIVE,
        pattern="fixed_weekday",
        fixed_weekday="thu",
    )
    days = working_days(month, month_end(month))
    thursday = next(d for d in days if d.weekday() == 3)
    friday = next(d for d in days if d > thursday and d.weekday() == 4)
    publish_manual(c.opd_a, month, {e: {} for e in c.unit_a_staff} | {c.staff1: {thursday: "WFH"}})
    with pytest.raises(ValidationError) as err:
        request_change(actor=c.users["asn"], kind="move", day=thursday, other_day=friday)
    assert "WFH hanya hari Kamis" in " ".join(err.value.message_dict["other_day"])
