"""The joki batch job over stored check-ins, its findings on the audit pages and API, and the
risk score it feeds (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from hibrida.audit import evidence, joki, tasks
from hibrida.audit.models import AuditEvent, JokiFinding
from hibrida.org.models import OfficeLocation
from hibrida.presence import joki as rules
from hibrida.presence.models import ApprovalStatus, CheckIn, DeviceReset, LocationView
from tests.conftest import client_for

JKT = ZoneInfo("Asia/Jakarta")
DAY = dt.date(2026, 3, 2)  # a Monday
HOME = (-6.2500, 107.0000)
OFFICE = (-6.2383, 106.9756)


def at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, h, m, tzinfo=JKT)


def north(point, metres):
    return point[0] + metres / 110_574, point[1]


def check_in(emp, when, point=HOME, device="", mode="WFH", reasons=(), kind="in"):
    return CheckIn.objects.create(
        client_uuid=uuid.uuid4(),
        employee=emp,
        kind=kind,
        device_time=when,
        received_at=when,
        work_date=when.astimezone(JKT).date(),
        latitude=point[0],
        longitude=point[1],
        accuracy_m=10,
        device_id=device or f"hp-{emp.pk}",
        expected_mode=mode,
        status="FLAGGED" if reasons else "VALID",
        reasons=list(reasons),
    )


def scan(day=DAY, end=None):
    return joki.scan(start=day, end=end or day)


@pytest.fixture
def shared(city):
    """Staf Dua checked in twice on Staf Satu's phone (her password on his phone)."""
    own = [check_in(city.staff1, at(DAY, "07:20"), device="hp-satu", mode="WFO")]
    proxy = [check_in(city.staff2, at(DAY, "07:22"), north(HOME, 500), device="hp-satu")]
    return own, proxy


def test_scan_records_a_shared_device_with_who_which_phone_and_when(city, shared):
    created = scan()
    assert created[rules.SHARED_DEVICE] == 1
    finding = JokiFinding.objects.get(rule=rules.SHARED_DEVICE)
    assert set(finding.employees.all()) == {city.staff1, city.staff2}
    assert finding.suspect_ids == [shared[1][0].pk]
    assert "hp-satu" in finding.explanation
    assert f"Staf Dua (NIP {city.staff2.nip})" in finding.explanation
    assert "02/03/2026 07:22" in finding.explanation  # Asia/Jakarta, as recorded
    assert finding.suspect_days == [[city.staff2.pk, "2026-03-02"]]


def test_every_finding_and_the_run_leave_audit_events(city, shared):
    before = AuditEvent.objects.count()
    scan()
    finding = JokiFinding.objects.get()
    recorded = AuditEvent.objects.get(action="audit.joki_finding_recorded")
    assert recorded.object_id == str(finding.pk)
    assert recorded.after["employees"] == sorted([city.staff1.pk, city.staff2.pk])
    assert AuditEvent.objects.filter(action="audit.joki_scan").count() == 1
    assert AuditEvent.objects.count() == before + 2


def test_rescanning_the_same_period_adds_no_duplicate(city, shared):
    scan()
    again = scan()
    assert sum(again.values()) == 0
    assert JokiFinding.objects.count() == 1


def test_a_finding_stored_meanwhile_by_another_run_is_kept_not_doubled(city, shared, monkeypatch):
    scan()
    stored = JokiFinding.objects.get()

    class SeesNothingYet:
        """The other run committed after this one looked for existing keys."""

        class objects:  # noqa: N801 - stands in for the manager
            filter = staticmethod(lambda **kw: JokiFinding.objects.none())
            create = staticmethod(JokiFinding.objects.create)

    monkeypatch.setattr(joki, "JokiFinding", SeesNothingYet)
    assert sum(scan().values()) == 0
    assert list(JokiFinding.objects.all()) == [stored]
    assert AuditEvent.objects.filter(action="audit.joki_finding_recorded").count() == 1


def test_colleagues_at_an_office_fence_are_normal_even_off_schedule(city):
    OfficeLocation.objects.create(
        opd=city.opd_a, name="Kantor A", latitude=OFFICE[0], longitude=OFFICE[1], radius_m=100
    )
    # One is scheduled WFO there; the other was expected at home but came to the office.
    check_in(city.staff1, at(DAY, "07:20"), OFFICE, mode="WFO")
    check_in(city.staff2, at(DAY, "07:21"), north(OFFICE, 10), reasons=["outside_fence"])
    scan()
    assert not JokiFinding.objects.filter(rule=rules.COLOCATED_BURST).exists()


def test_a_colleague_checked_in_from_someone_elses_home_is_a_burst(city):
    check_in(city.staff1, at(DAY, "07:20"), HOME)  # at his own approved home (no reason)
    proxy = check_in(city.staff2, at(DAY, "07:23"), north(HOME, 8), reasons=["outside_fence"])
    scan()
    finding = JokiFinding.objects.get(rule=rules.COLOCATED_BURST)
    assert finding.suspect_ids == [proxy.pk]
    assert "bukan kantor" in finding.explanation


def test_a_phone_released_by_an_approved_reset_that_checks_in_again_is_a_finding(city):
    check_in(city.staff1, at(DAY, "07:20"), device="hp-lama")
    DeviceReset.objects.create(
        employee=city.staff1,
        reason="HP hilang di angkot",
        status=ApprovalStatus.APPROVED,
        decided_at=at(DAY, "10:00"),
    )
    reused = check_in(city.staff1, at(DAY, "16:05"), device="hp-lama", kind="out")
    check_in(city.staff1, at(DAY, "16:06"), device="hp-baru", kind="out")
    scan()
    finding = JokiFinding.objects.get(rule=rules.LOST_DEVICE)
    assert finding.suspect_ids == [reused.pk]
    assert "HP hilang di angkot" in finding.explanation


def test_a_pending_reset_releases_nothing(city):
    check_in(city.staff1, at(DAY, "07:20"), device="hp-lama")
    DeviceReset.objects.create(employee=city.staff1, reason="HP hilang")
    check_in(city.staff1, at(DAY, "16:05"), device="hp-lama", kind="out")
    scan()
    assert not JokiFinding.objects.filter(rule=rules.LOST_DEVICE).exists()


def test_the_risk_score_counts_a_day_held_doubtful_by_a_finding(city, shared):
    emp = city.staff2.pk
    before = evidence.score_employee_days([emp], [DAY], DAY, DAY)[(emp, DAY)]
    scan()
    after = evidence.score_employee_days([emp], [DAY], DAY, DAY)[(emp, DAY)]
    component = {c.key: c for c in after.components}["joki_finding"]
    assert component.points == 4.0
    assert after.total == before.total + 4.0
    owner = evidence.score_employee_days([city.staff1.pk], [DAY], DAY, DAY)
    assert {c.key: c for c in owner[(city.staff1.pk, DAY)].components}["joki_finding"].points == 0


def test_scan_refuses_a_reversed_or_too_long_period(city):
    with pytest.raises(ValueError):
        joki.scan(start=DAY, end=DAY - dt.timedelta(days=1))
    with pytest.raises(ValueError):
        joki.scan(start=DAY, end=DAY + dt.timedelta(days=joki.MAX_PERIOD_DAYS + 1))


def test_command_scans_a_period_and_rejects_bad_dates(city, shared, capsys):
    call_command("joki_scan", "--start", "2026-03-02", "--end", "2026-03-06")
    assert "shared_device: 1 temuan baru" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Tanggal tidak sah"):
        call_command("joki_scan", "--start", "2026-02-30", "--end", "2026-03-06")
    with pytest.raises(CommandError, match="sebelum"):
        call_command("joki_scan", "--start", "2026-03-06", "--end", "2026-03-02")


def test_weekly_task_scans_last_monday_to_sunday(city, time_machine):
    time_machine.move_to(at(DAY + dt.timedelta(days=7), "01:45"))
    sunday, monday = DAY + dt.timedelta(days=6), DAY + dt.timedelta(days=7)
    check_in(city.staff1, at(sunday, "07:20"), HOME, device="hp-x")
    check_in(city.staff2, at(sunday, "07:21"), north(HOME, 900), device="hp-x")
    check_in(city.staff1, at(monday, "00:30"), north(HOME, 2000), device="hp-y")
    check_in(city.staff2, at(monday, "00:31"), north(HOME, 3000), device="hp-y")  # this week
    result = tasks.scan_joki_last_week()
    assert result["start"] == DAY.isoformat()
    assert list(JokiFinding.objects.values_list("subject", flat=True)) == ["hp-x"]


# --- pages and API -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["inspektorat", "bkpsdm"])
def test_audit_readers_see_findings_with_their_explanation(city, shared, role):
    scan()
    finding = JokiFinding.objects.get()
    page = client_for(city.users[role]).get("/audit/joki/")
    assert page.status_code == 200
    assert "Satu perangkat dipakai beberapa ASN" in page.content.decode()
    detail = client_for(city.users[role]).get(f"/audit/joki/{finding.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert finding.explanation.split(":")[0] in text
    assert "hp-satu" in text


@pytest.mark.parametrize("role", ["asn", "atasan", "opd_admin", "diskominfo"])
def test_other_roles_get_no_joki_page(city, shared, role):
    scan()
    pk = JokiFinding.objects.get().pk
    assert client_for(city.users[role]).get("/audit/joki/").status_code == 403
    assert client_for(city.users[role]).get(f"/audit/joki/{pk}/").status_code == 403


def test_anonymous_is_sent_to_login(city):
    assert Client().get("/audit/joki/").status_code == 302


def test_opening_a_finding_logs_whose_locations_were_seen(city, shared):
    scan()
    pk = JokiFinding.objects.get().pk
    client_for(city.users["inspektorat"]).get(f"/audit/joki/{pk}/")
    seen = set(LocationView.objects.values_list("employee_id", flat=True))
    assert seen == {city.staff1.pk, city.staff2.pk}
    assert AuditEvent.objects.filter(
        action="presence.location_viewed", object_id=f"joki:{pk}"
    ).exists()


def test_page_filters_by_rule(city, shared):
    scan()
    inspektorat = client_for(city.users["inspektorat"])
    assert "hp-satu" in inspektorat.get("/audit/joki/?aturan=shared_device").content.decode()
    assert "hp-satu" not in inspektorat.get("/audit/joki/?aturan=lost_device").content.decode()


def test_api_lists_findings_for_audit_readers_only(city, shared, api_headers):
    scan()
    client = Client()
    rows = client.get("/api/v1/audit/joki", **api_headers(city.users["inspektorat"])).json()
    assert [r["rule"] for r in rows] == [rules.SHARED_DEVICE]
    assert rows[0]["rule_label"] == "Satu perangkat dipakai beberapa ASN"
    assert rows[0]["employee_ids"] == sorted([city.staff1.pk, city.staff2.pk])
    assert client.get("/api/v1/audit/joki", **api_headers(city.users["asn"])).json() == []


def test_api_detail_carries_the_evidence_and_is_hidden_from_others(city, shared, api_headers):
    scan()
    pk = JokiFinding.objects.get().pk
    client = Client()
    body = client.get(f"/api/v1/audit/joki/{pk}", **api_headers(city.users["bkpsdm"])).json()
    assert [c["suspect"] for c in body["check_ins"]] == [False, True]
    assert LocationView.objects.filter(context=f"joki:{pk}").count() == 2
    hidden = client.get(f"/api/v1/audit/joki/{pk}", **api_headers(city.users["opd_admin"]))
    assert hidden.status_code == 404


def test_api_rejects_an_unknown_rule_and_a_silly_limit(city, api_headers):
    headers = api_headers(city.users["inspektorat"])
    assert Client().get("/api/v1/audit/joki?rule=semua", **headers).status_code == 422
    assert Client().get("/api/v1/audit/joki?limit=0", **headers).status_code == 422


def test_api_rule_choices_are_the_rules(city):
    import typing

    from hibrida.audit.api import JokiRule

    assert typing.get_args(JokiRule) == ("", *rules.RULES)
