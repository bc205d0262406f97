"""Results back to BKN: queued once per record, sent once, BKN's records checked before a
send, failures kept with their error for the next round."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.audit.models import AuditEvent
from hibrida.national import services
from hibrida.national.models import BknSubmission, SendStatus

from .fake_gateway import PREFIX
from .results import scored


@pytest.fixture
def queued(city, siasn_settings):
    scored(city.staff1, year=2026, month=1, done=11, pns_id="pns-s1")  # 110 %
    scored(city.staff2, year=2026, month=1, done=5, pns_id="pns-s2")  # 50 %
    counts = services.queue_results(
        actor=city.users["bkpsdm"], operation="kinerjaperiodik", year=2026, month=1
    )
    return city, counts


def test_queues_one_row_per_asn_with_a_score_and_a_siasn_id(queued):
    city, counts = queued
    assert counts == {"queued": 2, "already": 0, "no_siasn_id": 0, "no_score": 3}
    rows = {r.employee_id: r for r in BknSubmission.objects.all()}
    assert set(rows) == {city.staff1.pk, city.staff2.pk}
    body = rows[city.staff1.pk].payload
    assert body["pnsDinilaiId"] == "pns-s1"
    assert (body["tahunMulaiPenilaian"], body["bulanMulaiPenilaian"]) == (2026, 1)
    assert body["hasilKinerjaNilai"] == 1  # 110 %: above expectation
    assert rows[city.staff2.pk].payload["hasilKinerjaNilai"] == 3  # 50 %: below
    assert body["penilaiNipNrp"] == city.kabid.nip
    assert AuditEvent.objects.filter(action="national.results_queued").count() == 1


def test_queueing_the_same_month_again_adds_nothing(queued):
    city, _ = queued
    again = services.queue_results(
        actor=city.users["bkpsdm"], operation="kinerjaperiodik", year=2026, month=1
    )
    assert (again["queued"], again["already"]) == (0, 2)
    assert BknSubmission.objects.count() == 2


def test_annual_skp_uses_the_mean_of_the_twelve_months(city, siasn_settings):
    # 110 + 70 + 10 × 90 = 1,080; / 12 = 90: exactly "as expected". A month without output
    # scores 0 (its plan still counts), so one missing month would drop it below.
    scored(city.staff1, year=2026, month=1, done=11, pns_id="pns-s1")
    scored(city.staff1, year=2026, month=2, done=7, pns_id="pns-s1")
    for month in range(3, 13):
        scored(city.staff1, year=2026, month=month, done=9, pns_id="pns-s1")
    services.queue_results(actor=city.users["bkpsdm"], operation="skp22", year=2026, month=None)
    row = BknSubmission.objects.get()
    assert (row.period, row.payload["tahun"], row.payload["hasilKinerjaNilai"]) == ("2026", 2026, 2)


@pytest.mark.parametrize(
    ("operation", "year", "month", "field"),
    [
        ("lain", 2026, 1, "operation"),
        ("kinerjaperiodik", 1999, 1, "year"),
        ("kinerjaperiodik", 2026, 13, "month"),
    ],
)
def test_bad_input_names_the_field(city, operation, year, month, field):
    with pytest.raises(ValidationError) as caught:
        services.queue_results(
            actor=city.users["bkpsdm"], operation=operation, year=year, month=month
        )
    assert field in caught.value.message_dict
    assert not BknSubmission.objects.exists()


def test_only_bkpsdm_queues(city):
    with pytest.raises(PermissionDenied):
        services.queue_results(
            actor=city.users["inspektorat"], operation="skp22", year=2026, month=None
        )


def test_sends_each_record_once(queued, gateway):
    for pk in services.sendable():
        assert services.send_submission(pk) == SendStatus.SENT
    for pk in BknSubmission.objects.values_list("pk", flat=True):
        services.send_submission(pk)  # a repeated task finds the row sent
    assert len(gateway.gw.saves) == 2
    rows = list(BknSubmission.objects.order_by("bkn_id"))
    assert [r.bkn_id for r in rows] == ["bkn-00001", "bkn-00002"]
    assert all(r.status == SendStatus.SENT and r.attempts == 1 and r.sent_at for r in rows)
    assert services.sendable() == []


def test_a_record_bkn_already_holds_is_adopted_not_sent_again(queued, gateway):
    city, _ = queued
    row = BknSubmission.objects.get(employee=city.staff2)
    # As if a worker died after BKN stored it and before Hibrida marked it sent.
    gateway.gw.stored[f"kinerjaperiodik:{city.staff2.nip}"] = [{**row.payload, "id": "bkn-lama"}]
    services.send_submission(row.pk)
    row.refresh_from_db()
    assert (row.status, row.bkn_id) == (SendStatus.SENT, "bkn-lama")
    assert gateway.gw.saves == []


def test_a_failed_send_keeps_the_error_and_is_sent_next_round(queued, gateway):
    city, _ = queued
    row = BknSubmission.objects.get(employee=city.staff1)
    gateway.gw.fail(f"{PREFIX}/kinerjaperiodik/save", *[500] * 10)
    assert services.send_submission(row.pk) == SendStatus.FAILED
    row.refresh_from_db()
    assert (row.attempts, row.bkn_id) == (1, "")
    assert "HTTP 500" in row.last_error
    assert row.pk in services.sendable()
    gateway.gw.faults.clear()
    assert services.send_submission(row.pk) == SendStatus.SENT
    row.refresh_from_db()
    assert (row.attempts, row.last_error) == (2, "")
    assert [
        e
        for e in AuditEvent.objects.values_list("action", flat=True)
        if e.startswith("national.result_")
    ] == [
        "national.result_failed",
        "national.result_sent",
    ]


def test_gives_up_after_the_attempt_limit(queued):
    BknSubmission.objects.update(status=SendStatus.FAILED, attempts=services.MAX_SEND_ATTEMPTS)
    assert services.sendable() == []
