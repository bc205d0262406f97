"""Places, corrections, privacy and the attendance contract for other apps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from hibrida.audit.models import AuditEvent
from hibrida.presence import selectors, services, tasks
from hibrida.presence.models import CheckIn, CorrectionRequest, HomeLocation, LocationView
from tests.conftest import client_for

from .conftest import body, post

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))


def test_home_location_needs_approval_and_keeps_history(city, office, api_headers):
    """Rule: a home counts only after the atasan approves; a change supersedes the old row."""
    asn, atasan = city.users["asn"], city.users["atasan"]
    first = services.request_home_location(actor=asn, latitude=-6.30, longitude=107.0)
    assert selectors.today_plan(asn)["mode"] == "WFO"
    services.decide_home_location(actor=atasan, home=first, approve=True)
    second = services.request_home_location(actor=asn, latitude=-6.31, longitude=107.01)
    services.decide_home_location(actor=atasan, home=second, approve=True)
    first.refresh_from_db()
    assert first.status == "superseded" and HomeLocation.objects.count() == 2
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"presence.home_requested", "presence.home_approved"} <= actions


def test_home_location_decided_only_by_atasan_or_opd_admin(city):
    """Rule: a colleague (or the employee) cannot approve; Inspektorat cannot write."""
    home = services.request_home_location(actor=city.users["asn"], latitude=-6.30, longitude=107.0)
    from tests.factories import make_user

    colleague = make_user(city.staff2)
    with pytest.raises(PermissionDenied):
        services.decide_home_location(actor=colleague, home=home, approve=True)
    with pytest.raises(PermissionDenied):
        services.decide_home_location(actor=city.users["inspektorat"], home=home, approve=True)
    services.decide_home_location(actor=city.users["opd_admin"], home=home, approve=True)
    assert HomeLocation.objects.get().status == "approved"


def test_home_request_validates_coordinates(city):
    """Rule: out-of-range coordinates are refused with field messages."""
    with pytest.raises(ValidationError) as err:
        services.request_home_location(actor=city.users["asn"], latitude=95, longitude=200)
    assert set(err.value.message_dict) == {"latitude", "longitude"}
    assert HomeLocation.objects.count() == 0


def test_wfh_check_in_uses_approved_home(city, office, api_headers, monkeypatch):
    """Rule: on a WFH day the home fence is checked, not the office."""
    monkeypatch.setattr(
        "hibrida.presence.context.expected_modes",
        lambda ids, day: {i: "WFH" for i in ids},
    )
    home = services.request_home_location(actor=city.users["asn"], latitude=-6.30, longitude=107.0)
    services.decide_home_location(actor=city.users["atasan"], home=home, approve=True)
    headers = api_headers(city.users["asn"])
    at_home = post(Client(), body(latitude=-6.3001, longitude=107.0), headers).json()
    assert at_home["status"] == "VALID" and at_home["expected_mode"] == "WFH"
    at_office = post(Client(), body(), headers).json()
    assert "outside_fence" in [r["code"] for r in at_office["reasons"]]


def test_correction_flow_is_audited_and_changes_the_day(city, office, api_headers):
    """Rule: a forgotten check-out corrected and approved by the atasan counts in the recap."""
    asn = city.users["asn"]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    morning = dt.datetime.combine(yesterday, dt.time(7, 25), tzinfo=WIB)
    post(Client(), body(device_time=morning.isoformat()), api_headers(asn))
    day = selectors.day_attendance(city.staff1.pk, yesterday)
    assert day["missing_out"]
    item = services.request_correction(
        actor=asn,
        work_date=yesterday,
        kind="forgot_out",
        reason="Lupa menekan tombol pulang karena rapat.",
        time_out=dt.time(16, 10),
    )
    with pytest.raises(PermissionDenied):
        services.decide_correction(actor=city.users["opd_admin"], item=item, approve=True)
    services.decide_correction(actor=city.users["atasan"], item=item, approve=True)
    day = selectors.day_attendance(city.staff1.pk, yesterday)
    assert not day["missing_out"] and day["corrected"] and day["early_tier"] == ""
    assert AuditEvent.objects.filter(action="presence.correction_approved").exists()


def test_correction_requires_reason(city):
    """Rule: a correction without a real reason is refused, nothing stored."""
    with pytest.raises(ValidationError) as err:
        services.request_correction(
            actor=city.users["asn"],
            work_date=timezone.localdate(),
            kind="forgot_out",
            reason="lupa",
            time_out=dt.time(16, 0),
        )
    assert "reason" in err.value.message_dict
    assert CorrectionRequest.objects.count() == 0


def test_attendance_summary_bulk_contract(city, office, api_headers):
    """Rule: attendance_summary returns {(employee, day): summary} for many employees."""
    post(Client(), body(), api_headers(city.users["asn"]))
    post(Client(), body(device_id="hp-kabid"), api_headers(city.users["atasan"]))
    today = timezone.localdate()
    out = selectors.attendance_summary(
        [city.staff1.pk, city.kabid.pk, city.staff2.pk], today, today
    )
    assert set(out) == {(city.staff1.pk, today), (city.kabid.pk, today)}
    assert out[(city.staff1.pk, today)]["first_in"] is not None


def test_atasan_sees_only_subordinates_attendance(city, office, api_headers):
    """Rule: an atasan reads a subordinate's day; another OPD's employee is 404."""
    headers = api_headers(city.users["atasan"])
    day = timezone.localdate().isoformat()
    ok = Client().get(f"/api/v1/presence/attendance/{city.staff1.pk}?day={day}", **headers)
    assert ok.status_code == 200
    other = Client().get(f"/api/v1/presence/attendance/{city.other.pk}?day={day}", **headers)
    assert other.status_code == 404
    asn_headers = api_headers(city.users["asn"])
    peer = Client().get(f"/api/v1/presence/attendance/{city.staff2.pk}?day={day}", **asn_headers)
    assert peer.status_code == 404


def test_recap_scoped_to_viewer(city, office, api_headers):
    """Rule: the atasan's monthly recap lists only their subordinates (and self)."""
    post(Client(), body(), api_headers(city.users["asn"]))
    today = timezone.localdate()
    rows = selectors.monthly_recap(city.users["atasan"], today.year, today.month)
    names = {r["name"] for r in rows}
    assert "Staf Satu" in names and "Staf Lain" not in names and "Kepala A" not in names


def test_team_map_view_is_logged(city, office, api_headers):
    """Rule: every view of another person's location writes a LocationView and an audit event."""
    post(Client(), body(), api_headers(city.users["asn"]))
    resp = client_for(city.users["atasan"]).get("/presensi/peta/data/")
    assert resp.status_code == 200
    assert [i["employee_id"] for i in resp.json()["items"]] == [city.staff1.pk]
    assert LocationView.objects.filter(employee=city.staff1, context="peta_tim").count() == 1
    assert AuditEvent.objects.filter(action="presence.location_viewed").exists()


def test_team_map_refused_to_plain_asn(city):
    """Rule: an ASN without subordinates has no team map."""
    assert client_for(city.users["asn"]).get("/presensi/peta/data/").status_code == 403


def test_coarsen_old_locations_task(city, office, api_headers, settings):
    """Rule: after the retention period coordinates are rounded to ~1 km; recent ones kept."""
    settings.HIBRIDA_GPS_RETENTION_DAYS = 90
    headers = api_headers(city.users["asn"])
    post(Client(), body(latitude=-6.2355678, longitude=106.9925678), headers)
    old = CheckIn.objects.get()
    CheckIn.objects.filter(pk=old.pk).update(device_time=timezone.now() - dt.timedelta(days=91))
    post(Client(), body(latitude=-6.2355999, longitude=106.9925999), headers)
    counts = tasks.coarsen_old_locations.delay().get()
    assert counts["check_ins"] == 1
    old.refresh_from_db()
    assert old.coarsened and old.latitude == -6.24 and old.longitude == 106.99
    assert CheckIn.objects.filter(coarsened=False, latitude=-6.2355999).exists()
    assert AuditEvent.objects.filter(action="presence.locations_coarsened").exists()


def test_own_location_history_csv_contains_only_own(city, office, api_headers):
    """Rule: the employee downloads their own location history, nobody else's."""
    post(Client(), body(), api_headers(city.users["asn"]))
    post(Client(), body(device_id="hp-kabid"), api_headers(city.users["atasan"]))
    resp = client_for(city.users["asn"]).get("/presensi/riwayat/lokasi-saya.csv")
    lines = resp.content.decode().strip().splitlines()
    assert resp.status_code == 200 and len(lines) == 2
    assert str(CheckIn.objects.get(employee=city.staff1).client_uuid) in lines[1]
    # Every download of personal data is audited, with the number of rows handed out.
    event = AuditEvent.objects.get(action="presence.own_locations_downloaded")
    assert (event.actor_id, event.object_id, event.after) == (
        city.users["asn"].pk,
        str(city.staff1.pk),
        {"rows": 1},
    )


def test_field_report_photo_type_checked(city):
    """Rule: a field-report photo must really be JPEG/PNG (content, not name), ≤ 3 MB."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.jpg", b"GIF89a....", content_type="image/jpeg")
    with pytest.raises(ValidationError) as err:
        services.submit_field_report(
            actor=city.users["asn"], latitude=-6.2, longitude=107.0, photo=fake
        )
    assert "photo" in err.value.message_dict


def test_field_ping_api_and_area_by_opd_admin_only(city, api_headers):
    """Rule: an ASN pings during field work; only the OPD's admin defines its field areas
    (another OPD's admin gets 404; an ASN gets 403); bad polygons are refused."""
    from hibrida.presence.models import FieldArea, FieldReport
    from tests.factories import make_user

    ping = Client().post(
        "/api/v1/presence/field-reports",
        data={"latitude": -6.24, "longitude": 106.99, "note": "patroli pasar"},
        content_type="application/json",
        **api_headers(city.users["asn"]),
    )
    assert ping.status_code == 201 and FieldReport.objects.get().note == "patroli pasar"
    area = {
        "opd_id": city.opd_a.pk,
        "name": "Area Pasar",
        "polygon": [[-6.25, 106.98], [-6.25, 107.0], [-6.23, 106.99]],
    }

    def create(user, data):
        return Client().post(
            "/api/v1/presence/field-areas",
            data=data,
            content_type="application/json",
            **api_headers(user),
        )

    assert create(city.users["opd_admin"], area).status_code == 201
    assert create(city.users["asn"], area).status_code == 403
    from hibrida.org.models import GrantedRole

    admin_b = make_user(None, GrantedRole.OPD_ADMIN, city.opd_b)
    assert create(admin_b, area).status_code == 404
    bad = create(city.users["opd_admin"], {**area, "polygon": [[-6.25, 106.98]]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "polygon"
    assert FieldArea.objects.count() == 1
