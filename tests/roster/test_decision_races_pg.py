"""An approval and a rejection of one change request at the same moment (PostgreSQL)."""

from __future__ import annotations

import pytest

from hibrida.audit.decisions import AlreadyDecided
from hibrida.audit.models import AuditEvent
from hibrida.roster.models import DayOverride, RequestStatus
from hibrida.roster.services import approve_request, reject_request, request_change
from tests.races import one_won, pg_only, run_together  # noqa: F401 (fixture)

from .test_requests import published  # noqa: F401 (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_approve_and_reject_of_one_request_give_one_decision(pg_only, published):  # noqa: F811
    c = published
    req = request_change(actor=c.users["asn"], kind="move", day=c.d1, other_day=c.d3)
    atasan = c.users["atasan"]
    results = run_together(
        lambda: approve_request(actor=atasan, request=req),
        lambda: reject_request(actor=atasan, request=req, note="Rapat tatap muka."),
    )
    won, refused = one_won(results)
    assert isinstance(refused, AlreadyDecided)
    req.refresh_from_db()
    assert req.status == won.status
    overlay = DayOverride.objects.filter(request=req).count()
    assert overlay == (2 if req.status == RequestStatus.APPROVED else 0)
    decided = AuditEvent.objects.filter(
        object_id=str(req.pk),
        action__in=["change_request.approved", "change_request.rejected"],
    )
    assert decided.count() == 1
