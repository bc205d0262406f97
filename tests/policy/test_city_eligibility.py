"""The city's eligibility counts are cached per day until an audited write to one of their
inputs (issue #13 item 12: the policy page and plan-vs-realised costs under 1 s at 12,000 ASN)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from hibrida.audit.log import record_event
from hibrida.efficiency.selectors import eligibility_by_opd
from hibrida.policy.city_eligibility import ELIGIBILITY_INPUT_ACTIONS, eligibility_inputs_seq
from hibrida.policy.models import Level, WfhReadiness
from hibrida.policy.selectors import eligibility_counts
from hibrida.policy.services import (
    READINESS_ITEMS,
    record_discipline,
    record_readiness,
    set_job_criteria,
    set_policy_rule,
)
from tests.factories import EmployeeFactory

DAY = dt.date(2026, 2, 10)  # a Tuesday
SANCTION = "Status disiplin (Pasal 25): sedang menjalani hukuman disiplin"
ICT = "Kriteria jabatan (Pasal 23): tidak dapat dikerjakan dengan TIK"
NO_SECURITY = "Kesiapan WFH: pernyataan keamanan data belum disetujui"
NO_CONNECTIVITY = "Kesiapan WFH: uji konektivitas belum dicatat"
ALL_TICKED = {
    "outside_office": True,
    "no_special_equipment": True,
    "ict_capable": True,
    "minimal_face_to_face": True,
    "no_constant_supervision": True,
}
SRC = Path(__file__).resolve().parents[2] / "src" / "hibrida"
# The models eligibility reads, as the audit actions of their writes are spelled.
INPUT_PREFIXES = (
    "opd",
    "unit",
    "position",
    "employee",
    "policy_rule",
    "phase",
    "legal_parameter",
    "job_criteria",
    "discipline",
    "special_circumstance",
    "wfh_readiness",
    "demo",
)


def _opd_a(c, day=DAY):
    counts = eligibility_counts(c.users["bkpsdm"], opd_id=c.opd_a.pk, day=day)
    return counts["total"], counts["eligible"], dict(counts["by_reason"])


def test_every_action_written_on_an_eligibility_input_moves_the_key():
    """Rule: a service that audits a write on a model eligibility reads (by its action's
    prefix) uses an action in ELIGIBILITY_INPUT_ACTIONS, or the counts would stay stale."""
    prefixes = "|".join(INPUT_PREFIXES)
    pattern = re.compile(rf"""["']((?:{prefixes})\.[a-z_]+)["']""")
    written = {m for path in SRC.rglob("*.py") for m in pattern.findall(path.read_text())}
    written |= {f"wfh_readiness.{item}" for item in READINESS_ITEMS}  # an f-string there
    assert len(written) > 25
    assert written - set(ELIGIBILITY_INPUT_ACTIONS) == set()


@pytest.mark.django_db
def test_the_key_moves_with_an_input_action_only():
    before = eligibility_inputs_seq()
    record_event(actor=None, action="meeting.checked_in", object_type="meetings")
    record_event(actor=None, action="activity_report.submitted", object_type="activity")
    assert eligibility_inputs_seq() == before
    record_event(actor=None, action="discipline.recorded", object_type="policy")
    assert eligibility_inputs_seq() > before


@pytest.mark.django_db
def test_counts_survive_unrelated_events_and_follow_each_input_write(policy_city):
    """Rule: four ready Analis in Dinas A read 4 of 4 eligible. A fifth employee stored with no
    audit event (which the cache cannot know of) stays unseen across a check-in and a report;
    then a discipline record, a job checklist (set, then cleared) and an OPD rule each show
    at once, with the fifth employee counted (no readiness yet)."""
    c = policy_city
    assert _opd_a(c) == (4, 4, {})
    EmployeeFactory(unit=c.staff1.unit, position=c.staff1.position, name="Pegawai Diam")
    record_event(actor=None, action="presence.check_ins_recorded", object_type="presence")
    record_event(actor=None, action="activity_report.submitted", object_type="activity")
    assert _opd_a(c) == (4, 4, {})

    record_discipline(
        actor=c.users["opd_admin"],
        employee=c.staff2,
        kind="hukuman",
        start=DAY,
        end=DAY + dt.timedelta(days=30),
        reference="SK 800/1/2026",
    )
    assert _opd_a(c) == (5, 3, {SANCTION: 1, NO_CONNECTIVITY: 1})
    # The day is part of the key: the day before the sanction still counts staff2 eligible.
    assert _opd_a(c, DAY - dt.timedelta(days=1)) == (5, 4, {NO_CONNECTIVITY: 1})
    # The efficiency pages read the same counts.
    assert eligibility_by_opd(DAY)[c.opd_a.pk] == {
        "total": 5,
        "eligible": 3,
        "by_reason": {SANCTION: 1, NO_CONNECTIVITY: 1},
    }

    set_job_criteria(
        actor=c.users["opd_admin"],
        position=c.staff1.position,
        flags={**ALL_TICKED, "ict_capable": False},
    )
    assert _opd_a(c) == (5, 0, {ICT: 5})

    set_job_criteria(actor=c.users["opd_admin"], position=c.staff1.position, flags=ALL_TICKED)
    assert _opd_a(c) == (5, 3, {SANCTION: 1, NO_CONNECTIVITY: 1})
    set_policy_rule(
        actor=c.users["bkpsdm"], level=Level.OPD, opd=c.opd_a, values={"wfh_allowed": False}
    )
    assert _opd_a(c) == (5, 0, {f"OPD {c.opd_a}: WFO penuh": 5})


@pytest.mark.django_db
def test_a_readiness_record_refreshes_the_counts(policy_city):
    """Rule: staff1 loses every readiness record behind the cache's back (no event): the counts
    keep 4 eligible until staff1 records one condition, then read staff1 ineligible with the
    first condition still missing."""
    c = policy_city
    assert _opd_a(c) == (4, 4, {})
    WfhReadiness.objects.filter(employee=c.staff1).delete()
    assert _opd_a(c) == (4, 4, {})
    record_readiness(actor=c.users["asn"], employee=c.staff1, item="security")
    assert _opd_a(c) == (4, 3, {NO_CONNECTIVITY: 1})
    assert NO_SECURITY not in _opd_a(c)[2]


@pytest.mark.django_db
def test_ties_between_reasons_are_listed_by_reason(policy_city):
    """Rule: the policy page lists reasons by count, ties alphabetically (stable across the
    cache, which keeps counts per OPD rather than per person)."""
    c = policy_city
    record_discipline(
        actor=c.users["opd_admin"],
        employee=c.staff2,
        kind="hukuman",
        start=DAY,
        end=DAY,
        reference="SK 800/2/2026",
    )
    EmployeeFactory(unit=c.staff1.unit, position=c.staff1.position, name="Pegawai Baru")
    record_event(actor=None, action="employee.created", object_type="org.employee")
    counts = eligibility_counts(c.users["bkpsdm"], opd_id=c.opd_a.pk, day=DAY)
    assert counts["by_reason"] == sorted([(NO_CONNECTIVITY, 1), (SANCTION, 1)])
