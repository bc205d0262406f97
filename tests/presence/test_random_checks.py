"""Random presence checks (issue 15 item 4): consent, the OPD setting, planning on WFH days,
answering with a passkey inside the window, and the evidence the atasan sees."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hibrida.audit.models import AuditEvent
from hibrida.presence import assertion, random_checks, randomcheck
from hibrida.presence.models import (
    ApprovalStatus,
    CheckIn,
    HomeLocation,
    PasskeyMode,
    PasskeyPolicy,
    PresenceCheck,
    PresenceCheckPolicy,
)
from hibrida.presence.services import coarsen_old_locations
from tests.conftest import client_for
from tests.factories import publish_manual

from .passkey_kit import enrol, nonces, sign

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
DAY = dt.date(2026, 2, 12)  # a Thursday, a working day
MORNING = dt.datetime(2026, 2, 12, 6, 0, tzinfo=WIB)
HOME = (-6.2700, 107.0000)
FAR = (-6.3000, 107.0500)


def wfh(city, *people, day=DAY, mode="WFH", others=None):
    modes = {p: {day: mode} for p in people}
    modes.update({p: {day: m} for p, m in (others or {}).items()})
    publish_manual(city.opd_a, day.replace(day=1), modes)


def layer_on(city, checks=2, window=15):
    return random_checks.set_policy(
        actor=city.users["opd_admin"],
        opd=city.opd_a,
        enabled=True,
        checks_per_day=checks,
        window_minutes=window,
        now=MORNING,
    )


def consent(city, user="asn", given=True, now=MORNING):
    return random_checks.set_consent(actor=city.users[user], consent=given, now=now)


def home_for(employee, lat=HOME[0], lon=HOME[1]):
    return HomeLocation.objects.create(
        employee=employee, latitude=lat, longitude=lon, radius_m=100, status=ApprovalStatus.APPROVED
    )


# --- planning -------------------------------------------------------------------------------


def test_consenting_wfh_employee_gets_the_drawn_checks_inside_hours(city, settings):
    wfh(city, city.staff1)
    layer_on(city, checks=3)
    consent(city)
    result = random_checks.plan_day(day=DAY, now=MORNING)
    rows = list(PresenceCheck.objects.filter(employee=city.staff1).order_by("seq"))
    assert len(rows) == 3 and result == {"created": 0, "dropped": 0}  # consent planned them
    expected = randomcheck.draw_instants(
        secret=settings.HIBRIDA_SPOT_CHECK_SECRET or settings.SECRET_KEY,
        employee_id=city.staff1.pk,
        day=DAY,
        mode="WFH",
        working_day=True,
        start=dt.datetime(2026, 2, 12, 7, 30, tzinfo=WIB),
        end=dt.datetime(2026, 2, 12, 16, 0, tzinfo=WIB),
        # Thursday, the city default's 60-minute break at 12.00.
        rest=(
            dt.datetime(2026, 2, 12, 12, 0, tzinfo=WIB),
            dt.datetime(2026, 2, 12, 13, 0, tzinfo=WIB),
        ),
        count=3,
        window=dt.timedelta(minutes=15),
    )
    assert [r.asked_at for r in rows] == expected
    for row in rows:
        assert row.deadline == row.asked_at + dt.timedelta(minutes=15)
        assert row.closes_at == dt.datetime(2026, 2, 12, 16, 0, tzinfo=WIB)
        assert not (
            dt.datetime(2026, 2, 12, 11, 45, tzinfo=WIB)
            < row.asked_at
            < dt.datetime(2026, 2, 12, 13, 0, tzinfo=WIB)
        )


def test_no_checks_without_consent_on_wfo_or_on_leave(city):
    wfh(city, city.staff1, city.staff2, others={city.kabid: "LEAVE"})
    layer_on(city)
    # staff2 is WFH but never consented; kabid consented but is on leave.
    consent(city, "atasan")
    random_checks.plan_day(day=DAY, now=MORNING)
    assert not PresenceCheck.objects.exists()
    consent(city)
    assert set(PresenceCheck.objects.values_list("employee_id", flat=True)) == {city.staff1.pk}
    # The next day is planned WFO (publish_manual's default): nothing.
    random_checks.plan_day(day=DAY + dt.timedelta(days=1), now=MORNING + dt.timedelta(days=1))
    assert not PresenceCheck.objects.exclude(day=DAY).exists()


def test_no_checks_when_the_opd_has_not_switched_the_layer_on(city):
    wfh(city, city.staff1)
    consent(city)
    random_checks.plan_day(day=DAY, now=MORNING)
    assert not PresenceCheck.objects.exists()


def test_no_checks_on_a_holiday(city):
    holiday = dt.date(2026, 1, 1)
    layer_on(city)
    consent(city, now=dt.datetime(2026, 1, 1, 6, tzinfo=WIB))
    random_checks.plan_day(day=holiday, now=dt.datetime(2026, 1, 1, 6, tzinfo=WIB))
    assert not PresenceCheck.objects.exists()


def test_planning_is_idempotent_and_skips_windows_already_over(city):
    wfh(city, city.staff1)
    layer_on(city, checks=2)
    consent(city)
    assert random_checks.plan_day(day=DAY, now=MORNING) == {"created": 0, "dropped": 0}
    first, second = PresenceCheck.objects.order_by("seq")
    PresenceCheck.objects.all().delete()
    # Planned after the first window closed: that check would be a miss nobody saw.
    later = first.deadline + dt.timedelta(seconds=1)
    assert random_checks.plan_day(day=DAY, now=later) == {"created": 1, "dropped": 0}
    assert list(PresenceCheck.objects.values_list("seq", "asked_at")) == [(1, second.asked_at)]


def test_withdrawing_consent_drops_checks_not_yet_asked_and_keeps_asked_ones(city):
    wfh(city, city.staff1)
    layer_on(city, checks=2)
    consent(city)
    first, second = PresenceCheck.objects.order_by("seq")
    between = first.asked_at + dt.timedelta(minutes=1)
    consent(city, given=False, now=between)
    assert list(PresenceCheck.objects.all()) == [first]
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "presence.presence_check_consent_withdrawn" in actions
    assert "presence.presence_checks_planned" in actions


def test_a_day_changed_to_leave_is_realigned_by_the_scheduled_run(city):
    wfh(city, city.staff1)
    layer_on(city)
    consent(city)
    assert PresenceCheck.objects.count() == 2
    from hibrida.roster.models import DayOverride

    DayOverride.objects.create(employee=city.staff1, day=DAY, mode="LEAVE")
    assert random_checks.plan_day(day=DAY, now=MORNING)["dropped"] == 2


def test_policy_values_are_checked_per_field_and_nothing_changes(city):
    layer_on(city, checks=2, window=15)
    with pytest.raises(Exception) as err:
        random_checks.set_policy(
            actor=city.users["opd_admin"],
            opd=city.opd_a,
            enabled=True,
            checks_per_day=9,
            window_minutes="lima",
        )
    assert err.value.message_dict == {  # type: ignore[attr-defined]
        "checks_per_day": ["Antara 1 dan 6."],
        "window_minutes": ["Isi dengan bilangan bulat."],
    }
    row = PresenceCheckPolicy.objects.get()
    assert (row.checks_per_day, row.window_minutes) == (2, 15)


def test_only_the_opds_admin_or_bkpsdm_sets_the_policy(city):
    from django.core.exceptions import PermissionDenied

    for user in ("asn", "atasan", "inspektorat"):
        with pytest.raises(PermissionDenied):
            random_checks.set_policy(actor=city.users[user], opd=city.opd_a, enabled=True)
    with pytest.raises(PermissionDenied):
        random_checks.set_policy(actor=city.users["opd_admin"], opd=city.opd_b, enabled=True)
    random_checks.set_policy(actor=city.users["bkpsdm"], opd=city.opd_b, enabled=True)
    assert PresenceCheckPolicy.objects.get(opd=city.opd_b).enabled


# --- answering through the API ----------------------------------------------------------------


@pytest.fixture
def asked(city):
    """An open check of staff1 asked a minute ago, consent given, the layer on."""
    PresenceCheckPolicy.objects.create(opd=city.opd_a, enabled=True)
    random_checks.set_consent(actor=city.users["asn"], consent=True)
    now = timezone.now()
    return PresenceCheck.objects.create(
        employee=city.staff1,
        day=timezone.localdate(now),
        seq=0,
        asked_at=now - dt.timedelta(minutes=1),
        deadline=now + dt.timedelta(minutes=14),
        closes_at=now + dt.timedelta(hours=2),
    )


@pytest.fixture
def enrolled(city, settings):
    settings.HIBRIDA_PASSKEY_DEFAULT_MODE = "required"
    settings.HIBRIDA_PASSKEY_RP_ID = ""
    settings.HIBRIDA_PASSKEY_ORIGINS = ""
    client = client_for(city.users["asn"])
    key, resp = enrol(client)
    approve = client_for(city.users["atasan"]).post(
        f"/api/v1/presence/passkeys/{resp.json()['id']}/approve",
        data="{}",
        content_type="application/json",
    )
    assert approve.status_code == 200, approve.content
    return client, key


def answer_body(check, lat=HOME[0], lon=HOME[1]) -> dict:
    return {
        "uuid": str(check.uuid),
        "kind": "presence",
        "device_time": timezone.now().isoformat(),
        "latitude": lat,
        "longitude": lon,
        "accuracy_m": 9.0,
    }


def answer(client, check, data):
    return client.post(
        f"/api/v1/presence/presence-checks/{check.pk}/answer",
        data=json.dumps({k: v for k, v in data.items() if k not in ("uuid", "kind")}),
        content_type="application/json",
    )


def test_open_check_is_shown_with_the_time_left(city, asked):
    resp = client_for(city.users["asn"]).get("/api/v1/presence/presence-checks/open")
    assert resp.status_code == 200
    data = resp.json()
    assert data["check"]["uuid"] == str(asked.uuid) and data["check"]["state"] == "open"
    assert 13 * 60 <= data["seconds_left"] <= 14 * 60
    assert data["consented"] and data["enabled"]


def test_a_planned_check_stays_hidden_until_its_moment(city, asked):
    asked.asked_at = timezone.now() + dt.timedelta(minutes=30)
    asked.save()
    client = client_for(city.users["asn"])
    assert client.get("/api/v1/presence/presence-checks/open").json()["check"] is None
    assert answer(client, asked, answer_body(asked)).status_code == 404
    team = client_for(city.users["atasan"]).get("/api/v1/presence/presence-checks/team").json()
    assert [p["asked"] for p in team if p["employee_id"] == city.staff1.pk] == [0]


def test_signed_answer_at_home_in_time(city, asked, enrolled):
    client, key = enrolled
    home_for(city.staff1)
    resp = answer(client, asked, sign(answer_body(asked), key, nonces(client, 1)[0]))
    assert resp.status_code == 200, resp.content
    assert resp.json()["state"] == "home" and resp.json()["passkey_verified"] is True
    asked.refresh_from_db()
    assert asked.result == "home" and asked.distance_m == 0 and asked.answered_at is not None
    event = AuditEvent.objects.get(action="presence.presence_check_answered")
    assert event.after["result"] == "home"
    # The location stays in its row, not in the tamper-evident log.
    assert "latitude" not in json.dumps(event.after)


def test_signed_answer_elsewhere(city, asked, enrolled):
    client, key = enrolled
    home_for(city.staff1)
    data = sign(answer_body(asked, *FAR), key, nonces(client, 1)[0])
    resp = answer(client, asked, data)
    assert resp.json()["state"] == "elsewhere" and resp.json()["distance_m"] > 5000


def test_answer_after_the_deadline_is_kept_as_late(city, asked, enrolled):
    client, key = enrolled
    home_for(city.staff1)
    asked.deadline = timezone.now() - dt.timedelta(seconds=1)
    asked.save()
    resp = answer(client, asked, sign(answer_body(asked), key, nonces(client, 1)[0]))
    assert resp.json()["state"] == "late"


def test_answer_after_the_working_day_closed_is_refused_and_counts_as_missed(city, asked):
    asked.deadline = timezone.now() - dt.timedelta(hours=2)
    asked.closes_at = timezone.now() - dt.timedelta(seconds=1)
    asked.save()
    resp = answer(client_for(city.users["asn"]), asked, answer_body(asked))
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "check"
    asked.refresh_from_db()
    assert asked.answered_at is None
    assert random_checks.state(asked, timezone.now()) == "missed"


def test_second_answer_is_refused(city, asked, enrolled):
    client, key = enrolled
    assert (
        answer(client, asked, sign(answer_body(asked), key, nonces(client, 1)[0])).status_code
        == 200
    )
    again = answer(client, asked, sign(answer_body(asked, *FAR), key, nonces(client, 1)[0]))
    assert again.status_code == 422
    asked.refresh_from_db()
    assert asked.latitude == HOME[0]


def test_required_mode_refuses_an_answer_without_assertion(city, asked, enrolled):
    client, _ = enrolled
    resp = answer(client, asked, answer_body(asked))
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "passkey"
    asked.refresh_from_db()
    assert asked.answered_at is None


def test_fallback_mode_keeps_an_unsigned_answer_as_weaker_evidence(city, asked, enrolled):
    PasskeyPolicy.objects.create(opd=city.opd_a, mode=PasskeyMode.FALLBACK)
    client, _ = enrolled
    home_for(city.staff1)
    resp = answer(client, asked, answer_body(asked))
    assert resp.status_code == 200
    assert resp.json()["passkey_verified"] is False
    assert resp.json()["evidence"].startswith("Bukti lebih lemah")
    asked.refresh_from_db()
    assert asked.passkey_reason == assertion.NO_PASSKEY and asked.result == "home"


def test_the_signature_binds_the_coordinates_and_the_check(city, asked, enrolled):
    client, key = enrolled
    moved = sign(answer_body(asked), key, nonces(client, 1)[0])
    moved["latitude"] += 0.01
    resp = answer(client, asked, moved)
    assert resp.status_code == 403
    assert resp.json()["detail"] == assertion.MESSAGES[assertion.PASSKEY_INVALID]
    # An assertion made for a check-in (another UUID and kind) does not answer the check.
    other = sign({**answer_body(asked), "kind": "in"}, key, nonces(client, 1)[0])
    assert answer(client, asked, other).status_code == 403
    asked.refresh_from_db()
    assert asked.answered_at is None


def test_someone_elses_check_is_not_found(city, asked):
    # The atasan (kabid) is not the check's employee: not even told it exists.
    resp = answer(client_for(city.users["atasan"]), asked, answer_body(asked))
    assert resp.status_code == 404


def test_bad_coordinates_are_a_field_error(city, asked):
    data = {**answer_body(asked), "latitude": 123.0}
    resp = answer(client_for(city.users["asn"]), asked, data)
    assert resp.status_code == 422
    assert any("latitude" in e["field"] for e in resp.json()["errors"])


# --- evidence ---------------------------------------------------------------------------------


def test_atasan_sees_missed_and_elsewhere_and_who_did_not_consent(city, asked):
    asked.closes_at = timezone.now() - dt.timedelta(seconds=1)
    asked.deadline = asked.closes_at
    asked.save()
    team = client_for(city.users["atasan"]).get("/api/v1/presence/presence-checks/team").json()
    by_id = {p["employee_id"]: p for p in team}
    assert by_id[city.staff1.pk]["counts"]["missed"] == 1
    assert by_id[city.staff1.pk]["concern"] == 1
    assert by_id[city.staff2.pk]["note"] == random_checks.NO_CONSENT
    assert by_id[city.staff2.pk]["concern"] == 0
    # A colleague without subordinates sees no team; another OPD's admin sees nobody here.
    assert client_for(city.users["asn"]).get("/api/v1/presence/presence-checks/team").json() == []


def test_answers_do_not_touch_attendance(city, asked, enrolled):
    """Rule: evidence, not a sanction: no check-in row, no working time, no TPP input."""
    client, key = enrolled
    answer(client, asked, sign(answer_body(asked, *FAR), key, nonces(client, 1)[0]))
    assert not CheckIn.objects.exists()


def test_old_answer_coordinates_are_coarsened(city, asked):
    asked.answered_at = timezone.now() - dt.timedelta(days=400)
    asked.latitude, asked.longitude = -6.123456, 106.987654
    asked.result = "home"
    asked.save()
    assert coarsen_old_locations()["presence_checks"] == 1
    asked.refresh_from_db()
    assert (asked.latitude, asked.longitude, asked.coarsened) == (-6.12, 106.99, True)


# --- pages ------------------------------------------------------------------------------------


def test_consent_page_gives_and_withdraws(city):
    client = client_for(city.users["asn"])
    page = client.get("/presensi/cek-acak/")
    assert page.status_code == 200 and "tidak ikut" in page.content.decode()
    assert client.post("/presensi/cek-acak/persetujuan/", {"consent": "1"}).status_code == 302
    assert client.get("/api/v1/presence/presence-checks/consent").json()["consented"] is True
    client.post("/presensi/cek-acak/persetujuan/", {"consent": "0"})
    assert client.get("/api/v1/presence/presence-checks/consent").json()["consented"] is False


def test_policy_form_saves_and_reports_a_bad_value(city):
    client = client_for(city.users["opd_admin"])
    url = f"/presensi/cek-acak/kebijakan/{city.opd_a.pk}/"
    client.post(url, {"enabled": "1", "checks_per_day": "3", "window_minutes": "10"})
    row = PresenceCheckPolicy.objects.get()
    assert (row.enabled, row.checks_per_day, row.window_minutes) == (True, 3, 10)
    resp = client.post(
        url, {"enabled": "1", "checks_per_day": "0", "window_minutes": "10"}, follow=True
    )
    assert "Cek per hari WFH: Antara 1 dan 6." in resp.content.decode()
    row.refresh_from_db()
    assert row.checks_per_day == 3
    assert client.post(f"/presensi/cek-acak/kebijakan/{city.opd_b.pk}/", {}).status_code == 404


def test_spot_check_call_lists_the_days_checks_as_evidence(city, asked):
    from hibrida.meetings.models import SpotCheck

    asked.closes_at = asked.deadline = timezone.now() - dt.timedelta(seconds=1)
    asked.save()
    SpotCheck.objects.create(
        day=asked.day,
        atasan=city.kabid,
        employee=city.staff1,
        call_url="https://meet.example/Supervisi-uji",
        proposed_at=timezone.now(),
    )
    client = client_for(city.users["atasan"])
    page = client.get("/rapat/uji-petik/").content.decode()
    assert "Tidak dijawab" in page and "bukan sanksi" in page
    calls = client.get(
        "/api/v1/meetings/spot-checks", {"mine": "true", "day": asked.day.isoformat()}
    ).json()
    assert calls[0]["presence_evidence"]["counts"]["missed"] == 1
    assert calls[0]["presence_evidence"]["checks"][0]["state_label"] == "Tidak dijawab"
