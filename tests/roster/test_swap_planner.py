"""The swap planner: colleagues' WFH days of the unit, a form that keeps its values, withdrawal."""

import pytest
from django.core.exceptions import ValidationError

from hibrida.audit.models import AuditEvent
from hibrida.roster.models import ChangeRequest, RequestStatus
from hibrida.roster.selectors import colleague_wfh_days, planned_mode
from hibrida.roster.services import approve_request, request_change, withdraw_request
from tests.conftest import client_for
from tests.factories import make_user

from .conftest import next_month
from .test_requests import published  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _page(c):
    return f"/rotasi/saya/?bulan={next_month():%Y-%m}"


def test_same_unit_asn_sees_colleagues_wfh_days_names_and_days_only(published):  # noqa: F811
    """Rule: staff1 (unit A) sees the 7 other people of unit A with their WFH days of the month:
    staff2 and three others on d2, the rest none; unit A2 (s3 on d4, s4 on d1) is not listed."""
    c = published
    rows = colleague_wfh_days(c.users["asn"], next_month())
    assert all(set(r) == {"pk", "name", "days"} for r in rows)
    by_pk = {r["pk"]: r["days"] for r in rows}
    unit_a_others = {e.pk for e in c.unit_a_staff} - {c.staff1.pk}
    assert set(by_pk) == unit_a_others
    assert by_pk[c.staff2.pk] == [c.d2]
    assert sorted(len(d) for d in by_pk.values()) == [0, 0, 0, 1, 1, 1, 1]
    assert c.s3.pk not in by_pk and c.s4.pk not in by_pk
    body = client_for(c.users["asn"]).get(_page(c)).content.decode()
    assert 'data-testid="colleague-days"' in body
    assert "Staf Dua" in body and f'value="{c.staff2.pk}:{c.d2.isoformat()}"' in body
    assert c.staff2.nip not in body  # names and days, nothing else of the person
    assert f'value="{c.s3.pk}:{c.d4.isoformat()}"' not in body


def test_other_unit_asn_does_not_see_unit_a_days(published):  # noqa: F811
    """Rule: s3 (unit A2) sees s4 with d1 and nobody of unit A."""
    c = published
    rows = colleague_wfh_days(make_user(c.s3), next_month())
    assert [(r["pk"], r["days"]) for r in rows] == [(c.s4.pk, [c.d1])]


def test_partner_day_picked_from_the_list_makes_the_swap(published):  # noqa: F811
    c = published
    response = client_for(c.users["asn"]).post(
        _page(c),
        {"kind": "swap", "day": c.d1.isoformat(), "partner_day": f"{c.staff2.pk}:{c.d2}"},
    )
    assert response.status_code == 302
    req = ChangeRequest.objects.get()
    assert (req.kind, req.counterpart_id, req.day, req.other_day) == (
        "swap",
        c.staff2.pk,
        c.d1,
        c.d2,
    )


def test_partner_day_of_another_unit_is_a_field_error(published):  # noqa: F811
    c = published
    response = client_for(c.users["asn"]).post(
        _page(c), {"kind": "swap", "day": c.d1.isoformat(), "partner_day": f"{c.s3.pk}:{c.d4}"}
    )
    assert response.status_code == 200
    assert 'data-testid="error-partner-day"' in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_refused_request_re_renders_the_form_with_its_values(published):  # noqa: F811
    """Rule: moving d1 → d2 breaks unit A's coverage on d2 (3 on site, minimum 4): the page
    comes back with the error under "Hari baru" and every value as typed."""
    c = published
    body = (
        client_for(c.users["asn"])
        .post(
            _page(c),
            {
                "kind": "move",
                "day": c.d1.isoformat(),
                "other_day": c.d2.isoformat(),
                "reason": "urusan keluarga",
            },
        )
        .content.decode()
    )
    assert 'data-testid="error-other-day"' in body and "padahal minimal 4" in body
    assert f'name="day" value="{c.d1.isoformat()}"' in body
    assert f'name="other_day" value="{c.d2.isoformat()}"' in body
    assert '<option value="move" selected>' in body
    assert 'name="reason" value="urusan keluarga"' in body
    assert not ChangeRequest.objects.exists()


def test_requester_withdraws_a_pending_request_audited(published):  # noqa: F811
    c = published
    req = request_change(actor=c.users["asn"], kind="move", day=c.d1, other_day=c.d3)
    body = client_for(c.users["asn"]).get(_page(c)).content.decode()
    assert f'action="/rotasi/permintaan/{req.pk}/tarik/"' in body
    response = client_for(c.users["asn"]).post(f"/rotasi/permintaan/{req.pk}/tarik/")
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.WITHDRAWN
    assert req.decided_by == c.users["asn"]
    event = AuditEvent.objects.get(action="change_request.withdrawn")
    assert event.object_id == str(req.pk)
    # Withdrawn, nothing changes in the plan: staff1 stays WFH on d1.
    assert planned_mode(c.staff1.pk, c.d1) == "WFH"


def test_someone_else_cannot_withdraw_404(published):  # noqa: F811
    """Rule: the atasan (who may see the request) and the swap partner get 404, not the row."""
    c = published
    req = request_change(
        actor=c.users["asn"], kind="swap", day=c.d1, other_day=c.d2, counterpart=c.staff2
    )
    for user in (c.users["atasan"], make_user(c.staff2), c.users["opd_admin"]):
        assert client_for(user).post(f"/rotasi/permintaan/{req.pk}/tarik/").status_code == 404
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING
    assert not AuditEvent.objects.filter(action="change_request.withdrawn").exists()


def test_decided_request_cannot_be_withdrawn(published):  # noqa: F811
    c = published
    req = request_change(actor=c.users["asn"], kind="move", day=c.d1, other_day=c.d3)
    approve_request(actor=c.users["atasan"], request=req)
    with pytest.raises(ValidationError) as err:
        withdraw_request(actor=c.users["asn"], request=req)
    assert "sudah diputuskan" in " ".join(err.value.message_dict["status"])
    client = client_for(c.users["asn"])
    response = client.post(f"/rotasi/permintaan/{req.pk}/tarik/", follow=True)
    assert "tidak dapat ditarik lagi" in response.content.decode()
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED


def test_api_withdraw_by_requester_then_409_and_404_for_others(published, api_headers):  # noqa: F811
    """Rule: POST /api/v1/roster/requests/{id}/withdraw withdraws the requester's pending
    request (audited); a second call is 409; the partner and the atasan get 404."""
    c = published
    req = request_change(
        actor=c.users["asn"], kind="swap", day=c.d1, other_day=c.d2, counterpart=c.staff2
    )
    url = f"/api/v1/roster/requests/{req.pk}/withdraw"
    for user in (c.users["atasan"], make_user(c.staff2)):
        assert client_for(user).post(url, **api_headers(user)).status_code == 404
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING
    asn = c.users["asn"]
    response = client_for(asn).post(url, **api_headers(asn))
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert AuditEvent.objects.filter(action="change_request.withdrawn").count() == 1
    again = client_for(asn).post(url, **api_headers(asn))
    assert again.status_code == 409
    assert AuditEvent.objects.filter(action="change_request.withdrawn").count() == 1
