"""Two atasan deciding one request at the same moment: exactly one decision (PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hibrida.audit.decisions import AlreadyDecided
from hibrida.audit.models import AuditEvent
from hibrida.presence import services
from hibrida.presence.models import ApprovalStatus, HomeLocation
from tests.races import one_won, pg_only, run_together  # noqa: F401 (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _decided_events(item) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_type=item._meta.label_lower,
            object_id=str(item.pk),
            action__regex=r"_(approved|rejected)$",
        ).values_list("action", flat=True)
    )


def _home(city) -> HomeLocation:
    return services.request_home_location(
        actor=city.users["asn"], latitude=-6.25, longitude=107.0, radius_m=100
    )


def test_two_approvals_of_one_home_give_one_decision(pg_only, city):  # noqa: F811
    home = _home(city)
    results = run_together(
        lambda: services.decide_home_location(actor=city.users["atasan"], home=home, approve=True),
        lambda: services.decide_home_location(
            actor=city.users["opd_admin"], home=home, approve=True
        ),
    )
    won, refused = one_won(results)
    assert isinstance(refused, AlreadyDecided)
    home.refresh_from_db()
    assert home.status == ApprovalStatus.APPROVED and home.decided_by_id == won.decided_by_id
    assert _decided_events(home) == ["presence.home_approved"]


def test_approve_and_reject_of_one_home_leave_one_consistent_answer(pg_only, city):  # noqa: F811
    previous = _home(city)
    services.decide_home_location(actor=city.users["atasan"], home=previous, approve=True)
    home = _home(city)
    results = run_together(
        lambda: services.decide_home_location(actor=city.users["atasan"], home=home, approve=True),
        lambda: services.decide_home_location(
            actor=city.users["opd_admin"], home=home, approve=False, note="Di luar kota"
        ),
    )
    won, refused = one_won(results)
    assert isinstance(refused, AlreadyDecided)
    home.refresh_from_db()
    previous.refresh_from_db()
    assert home.status == won.status
    assert len(_decided_events(home)) == 1
    # Whichever won, the employee keeps exactly one approved home.
    approved = HomeLocation.objects.filter(employee=city.staff1, status=ApprovalStatus.APPROVED)
    assert list(approved) == ([home] if home.status == ApprovalStatus.APPROVED else [previous])


def test_approve_and_reject_of_one_correction_give_one_decision(pg_only, city):  # noqa: F811
    item = services.request_correction(
        actor=city.users["asn"],
        work_date=timezone.localdate() - dt.timedelta(days=1),
        kind="forgot_out",
        reason="Lupa presensi pulang karena rapat",
        time_out=dt.time(16, 30),
    )
    atasan = city.users["atasan"]
    results = run_together(
        lambda: services.decide_correction(actor=atasan, item=item, approve=True),
        lambda: services.decide_correction(actor=atasan, item=item, approve=False, note="Tidak"),
    )
    won, refused = one_won(results)
    assert isinstance(refused, AlreadyDecided)
    item.refresh_from_db()
    assert item.status == won.status
    assert item.decision_note == ("" if won.status == ApprovalStatus.APPROVED else "Tidak")
    assert len(_decided_events(item)) == 1


def test_two_homes_of_one_employee_approved_at_once_leave_one_approved(pg_only, city):  # noqa: F811
    first, second = _home(city), _home(city)
    results = run_together(
        lambda: services.decide_home_location(actor=city.users["atasan"], home=first, approve=True),
        lambda: services.decide_home_location(
            actor=city.users["opd_admin"], home=second, approve=True
        ),
    )
    assert [kind for kind, _ in results] == ["ok", "ok"], results
    approved = HomeLocation.objects.filter(employee=city.staff1, status=ApprovalStatus.APPROVED)
    superseded = HomeLocation.objects.filter(employee=city.staff1, status=ApprovalStatus.SUPERSEDED)
    assert approved.count() == 1 and superseded.count() == 1
