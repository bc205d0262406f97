"""PermenPANRB 4/2025 above the city: the Pasal 13(1) cap, Pasal 23 job criteria, Pasal 25
staff criteria (discipline, new employee), Pasal 30 special circumstances."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hibrida.audit.decisions import AlreadyDecided
from hibrida.audit.models import AuditEvent
from hibrida.efficiency.selectors import eligibility_by_opd
from hibrida.org.models import Employee
from hibrida.org.nip import make_nip
from hibrida.policy.engine import effective_policy, eligibility
from hibrida.policy.models import LegalParameter, Level, PolicyRule
from hibrida.policy.rules import add_months, resolve, staff_reasons, tmt_from_nip
from hibrida.policy.selectors import eligibility_counts
from hibrida.policy.services import (
    add_legal_parameter,
    apply_special_circumstance,
    approve_special_circumstance,
    record_discipline,
    reject_special_circumstance,
    set_job_criteria,
    set_policy_rule,
)
from tests.factories import EmployeeFactory
from tests.policy.conftest import make_ready

DAY = dt.date(2026, 2, 10)  # a Tuesday
ICT = "Kriteria jabatan (Pasal 23): tidak dapat dikerjakan dengan TIK"
SANCTION = "Status disiplin (Pasal 25): sedang menjalani hukuman disiplin"
NEW = "Pegawai baru (Pasal 25): masa kerja sejak TMT belum 12 bulan"
ALL_TICKED = {
    "outside_office": True,
    "no_special_equipment": True,
    "ict_capable": True,
    "minimal_face_to_face": True,
    "no_constant_supervision": True,
}


# --- pure rules -----------------------------------------------------------------------------


def test_add_months_clips_to_the_end_of_a_shorter_month():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 3, 15), 12) == dt.date(2025, 3, 15)
    assert add_months(dt.date(2025, 11, 1), 3) == dt.date(2026, 2, 1)


def test_tmt_comes_from_the_nip_month_and_the_pppk_year_end():
    nip = make_nip(dt.date(1995, 5, 17), 2025, 3, "P", 12)
    assert tmt_from_nip(nip, "PNS") == dt.date(2025, 3, 1)
    # NI PPPK: birth date, appointment year, "21", gender, sequence.
    assert tmt_from_nip("199505172024211012", "PPPK") == dt.date(2024, 12, 1)
    assert tmt_from_nip("12345", "PNS") is None


@pytest.mark.parametrize(
    ("day", "new"),
    [(dt.date(2026, 2, 28), True), (dt.date(2026, 3, 1), False), (dt.date(2026, 3, 2), False)],
)
def test_a_new_employee_is_one_with_fewer_whole_months_than_the_parameter(day, new):
    reasons = staff_reasons(
        day=day, discipline_kinds=(), tmt=dt.date(2025, 3, 1), new_employee_months=12
    )
    assert (NEW in reasons) is new


def test_unknown_tmt_is_a_reason_and_zero_months_turns_the_rule_off():
    assert staff_reasons(day=DAY, discipline_kinds=(), tmt=None, new_employee_months=12) == [
        "Pegawai baru (Pasal 25): TMT tidak dapat ditentukan"
    ]
    assert staff_reasons(day=DAY, discipline_kinds=(), tmt=None, new_employee_months=0) == []


def test_the_national_cap_cuts_a_layer_that_sets_more_and_names_pasal_13():
    policy = resolve(
        [("kota", {"max_wfh_per_week": 3, "wfh_days_per_week": 3})],
        national_cap=(2, "nasional (Pasal 13 ayat (1))"),
    )
    assert (policy.max_wfh_per_week, policy.wfh_days_per_week) == (2, 2)
    assert policy.sources["max_wfh_per_week"] == "nasional (Pasal 13 ayat (1))"
    fewer = resolve([("kota", {"max_wfh_per_week": 1})], national_cap=(2, "nasional"))
    assert (fewer.max_wfh_per_week, fewer.sources["max_wfh_per_week"]) == (1, "kota")


# --- Pasal 13(1): the city may set fewer, never more -------------------------------------------


@pytest.mark.django_db
def test_a_city_rule_above_two_days_is_refused_naming_pasal_13(city):
    with pytest.raises(ValidationError) as err:
        set_policy_rule(
            actor=city.users["bkpsdm"], level=Level.KOTA, values={"max_wfh_per_week": 3}
        )
    assert "Pasal 13 ayat (1)" in err.value.message_dict["max_wfh_per_week"][0]
    assert not PolicyRule.objects.exists()
    set_policy_rule(actor=city.users["bkpsdm"], level=Level.KOTA, values={"max_wfh_per_week": 1})
    assert PolicyRule.objects.get(level=Level.KOTA).max_wfh_per_week == 1


@pytest.mark.django_db
def test_the_api_refuses_three_days_with_a_field_message(city, client, api_headers):
    response = client.put(
        "/api/v1/policy/rules",
        data={"level": "opd", "opd_id": city.opd_a.pk, "values": {"wfh_days_per_week": 3}},
        content_type="application/json",
        **api_headers(city.users["opd_admin"]),
    )
    assert response.status_code == 422
    assert "Pasal 13 ayat (1)" in response.content.decode()
    assert not PolicyRule.objects.exists()


@pytest.mark.django_db
def test_a_new_cap_applies_from_its_day_and_the_old_one_keeps_the_days_before(policy_city):
    LegalParameter.objects.all().delete()  # the migration's row; this test writes its own
    bkpsdm = policy_city.users["bkpsdm"]
    add_legal_parameter(
        actor=bkpsdm,
        key="max_location_days_per_week",
        value=2,
        legal_source="PermenPANRB 4/2025 Pasal 13 ayat (1)",
        valid_from=dt.date(2025, 4, 21),
    )
    add_legal_parameter(
        actor=bkpsdm,
        key="max_location_days_per_week",
        value=1,
        legal_source="Perubahan uji",
        valid_from=DAY,
    )
    old = LegalParameter.objects.get(valid_from=dt.date(2025, 4, 21))
    assert old.valid_to == DAY - dt.timedelta(days=1)
    before = effective_policy(policy_city.staff1, DAY - dt.timedelta(days=1))
    after = effective_policy(policy_city.staff1, DAY)
    assert before.max_wfh_per_week == 2
    assert (after.max_wfh_per_week, after.sources["max_wfh_per_week"]) == (1, "Perubahan uji")
    assert AuditEvent.objects.filter(action="legal_parameter.ended").count() == 1
    with pytest.raises(PermissionDenied):
        add_legal_parameter(
            actor=policy_city.users["opd_admin"],
            key="new_employee_months",
            value=6,
            legal_source="x",
            valid_from=DAY,
        )


@pytest.mark.django_db
def test_a_legal_parameter_needs_its_source(city):
    with pytest.raises(ValidationError) as err:
        add_legal_parameter(
            actor=city.users["bkpsdm"],
            key="new_employee_months",
            value=6,
            legal_source=" ",
            valid_from=DAY,
        )
    assert "legal_source" in err.value.message_dict


# --- Pasal 23: job criteria per position ------------------------------------------------------


@pytest.mark.django_db
def test_an_unticked_criterion_makes_the_position_ineligible_with_that_reason(policy_city):
    c = policy_city
    assert eligibility(c.staff1, DAY) == (True, [])
    set_job_criteria(
        actor=c.users["opd_admin"],
        position=c.staff1.position,
        flags={**ALL_TICKED, "ict_capable": False},
    )
    assert eligibility(c.staff1, DAY) == (False, [ICT])
    counts = eligibility_counts(c.users["bkpsdm"], opd_id=c.opd_a.pk, day=DAY)
    assert dict(counts["by_reason"])[ICT] == 4  # kepala, kabid, staff1, staff2 share Analis
    # The public page's counts come from the same engine (reasons as labels).
    assert eligibility_by_opd(DAY)[c.opd_a.pk]["by_reason"] == {ICT: 4}
    event = AuditEvent.objects.get(action="job_criteria.set")
    assert event.after["ict_capable"] is False


@pytest.mark.django_db
def test_only_the_positions_own_opd_admin_or_bkpsdm_set_the_checklist(policy_city):
    c = policy_city
    with pytest.raises(PermissionDenied):
        set_job_criteria(actor=c.users["opd_admin"], position=c.other.position, flags=ALL_TICKED)
    with pytest.raises(PermissionDenied):
        set_job_criteria(actor=c.users["inspektorat"], position=c.staff1.position, flags={})
    with pytest.raises(ValidationError):
        set_job_criteria(
            actor=c.users["bkpsdm"], position=c.staff1.position, flags={"kantor": True}
        )


# --- Pasal 25: discipline and new employees ---------------------------------------------------


@pytest.mark.django_db
def test_a_sanction_bars_flexible_work_for_its_period_only(policy_city):
    c = policy_city
    record_discipline(
        actor=c.users["opd_admin"],
        employee=c.staff2,
        kind="hukuman",
        start=DAY,
        end=DAY + dt.timedelta(days=30),
        reference="SK 800/1/2026",
    )
    assert eligibility(c.staff2, DAY - dt.timedelta(days=1)) == (True, [])
    assert eligibility(c.staff2, DAY) == (False, [SANCTION])
    assert eligibility(c.staff2, DAY + dt.timedelta(days=30)) == (False, [SANCTION])
    assert eligibility(c.staff2, DAY + dt.timedelta(days=31)) == (True, [])
    assert AuditEvent.objects.filter(action="discipline.recorded").count() == 1


@pytest.mark.django_db
def test_discipline_is_recorded_by_the_opd_admin_or_bkpsdm_with_a_valid_period(policy_city):
    c = policy_city
    with pytest.raises(PermissionDenied):
        record_discipline(
            actor=c.users["opd_admin"],
            employee=c.other,
            kind="proses",
            start=DAY,
            end=DAY,
            reference="x",
        )
    with pytest.raises(PermissionDenied):
        record_discipline(
            actor=c.users["atasan"],
            employee=c.staff1,
            kind="proses",
            start=DAY,
            end=DAY,
            reference="x",
        )
    with pytest.raises(ValidationError) as err:
        record_discipline(
            actor=c.users["bkpsdm"],
            employee=c.staff1,
            kind="proses",
            start=DAY,
            end=DAY - dt.timedelta(days=1),
            reference="",
        )
    assert set(err.value.message_dict) == {"end", "reference"}


@pytest.mark.django_db
def test_a_new_employee_waits_the_months_the_city_sets(policy_city):
    c = policy_city
    fresh = EmployeeFactory(
        unit=c.staff1.unit,
        position=c.staff1.position,
        nip=make_nip(dt.date(1998, 1, 2), 2025, 9, "L", 321),
    )
    make_ready(fresh)
    assert eligibility(fresh, DAY) == (False, [NEW])
    add_legal_parameter(
        actor=c.users["bkpsdm"],
        key="new_employee_months",
        value=3,
        legal_source="Perwal uji",
        valid_from=DAY,
    )
    assert eligibility(fresh, DAY) == (True, [])


# --- Pasal 30: special circumstances ----------------------------------------------------------


@pytest.mark.django_db
def test_an_approved_special_circumstance_makes_the_asn_eligible_until_its_end(policy_city):
    """Rule: an approved Pasal 30 application waives the job criteria until its end date."""
    c = policy_city
    set_job_criteria(
        actor=c.users["opd_admin"],
        position=c.staff1.position,
        flags={**ALL_TICKED, "ict_capable": False},
    )
    today = timezone.localdate()
    end = today + dt.timedelta(days=10)
    row = apply_special_circumstance(
        actor=c.users["asn"], employee=c.staff1, reason="Pascaoperasi", end=end
    )
    with pytest.raises(PermissionDenied):
        approve_special_circumstance(actor=c.users["asn"], row=row)
    with pytest.raises(PermissionDenied):
        approve_special_circumstance(actor=c.users["opd_admin"], row=row)
    assert eligibility(c.staff1, today)[0] is False
    approve_special_circumstance(actor=c.users["atasan"], row=row, note="Semoga lekas pulih")
    assert eligibility(c.staff1, today) == (True, [])
    assert eligibility(c.staff1, end + dt.timedelta(days=1))[0] is False
    with pytest.raises(AlreadyDecided):
        reject_special_circumstance(actor=c.users["atasan"], row=row, note="terlambat")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"special_circumstance.applied", "special_circumstance.approved"} <= actions


@pytest.mark.django_db
def test_a_special_circumstance_does_not_lift_a_discipline_process(policy_city):
    """Rule: Pasal 30 answers circumstances; a sanction or process in force (Pasal 25) still
    bars flexible work, and the discipline reason is the one shown."""
    c = policy_city
    today = timezone.localdate()
    record_discipline(
        actor=c.users["bkpsdm"],
        employee=c.staff1,
        kind="proses",
        start=today - dt.timedelta(days=1),
        end=today + dt.timedelta(days=30),
        reference="BAP 1",
    )
    row = apply_special_circumstance(
        actor=c.users["asn"], employee=c.staff1, reason="Pascaoperasi", end=today
    )
    approve_special_circumstance(actor=c.users["atasan"], row=row)
    eligible, reasons = eligibility(c.staff1, today)
    assert eligible is False
    assert reasons == ["Status disiplin (Pasal 25): dalam proses penjatuhan hukuman disiplin"]


@pytest.mark.django_db
def test_a_special_application_needs_a_reason_a_future_end_and_its_own_applicant(city):
    with pytest.raises(ValidationError) as err:
        apply_special_circumstance(
            actor=city.users["asn"],
            employee=city.staff1,
            reason="",
            end=timezone.localdate() - dt.timedelta(days=1),
        )
    assert set(err.value.message_dict) == {"reason", "end"}
    with pytest.raises(PermissionDenied):
        apply_special_circumstance(
            actor=city.users["atasan"], employee=city.staff1, reason="x", end=timezone.localdate()
        )


@pytest.mark.django_db
def test_a_rejection_must_say_why(city):
    row = apply_special_circumstance(
        actor=city.users["asn"], employee=city.staff1, reason="Hamil", end=timezone.localdate()
    )
    with pytest.raises(ValidationError) as err:
        reject_special_circumstance(actor=city.users["atasan"], row=row, note=" ")
    assert "note" in err.value.message_dict
    reject_special_circumstance(actor=city.users["atasan"], row=row, note="Belum ada surat dokter")
    row.refresh_from_db()
    assert row.status == "rejected"


@pytest.mark.django_db
def test_the_recorded_tmt_comes_before_the_nip(policy_city):
    """Rule: Pasal 25 counts from the appointment date on record; the NIP only without one."""
    c = policy_city
    # The NIP says CPNS in January 2020 (long ago); the SK says 1 December 2025.
    fresh = EmployeeFactory(
        unit=c.staff1.unit,
        position=c.staff1.position,
        nip=make_nip(dt.date(1995, 1, 2), 2020, 1, "L", 322),
        tmt=dt.date(2025, 12, 1),
    )
    make_ready(fresh)
    assert eligibility(fresh, DAY) == (False, [NEW])
    Employee.objects.filter(pk=fresh.pk).update(tmt=None)
    assert eligibility(fresh, DAY) == (True, [])
