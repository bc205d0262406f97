"""The oversight panel: coordination-meeting compliance and spot-check rates per OPD."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone

from hibrida.org import access
from hibrida.org.models import Opd, User

from ..models import OpdDailySummary
from .filters import Filters
from .scope import (
    _visible_opd,
    dashboard_opds,
)


def oversight(viewer: User, f: Filters) -> dict:
    """Coordination-meeting compliance of the week ending the period and spot-check rates over
    the period, per OPD (spot checks through the meetings app's own scoped selector).

    Loaded as a separate fragment, refreshed every 5 minutes.
    """
    from hibrida.meetings import selectors as meetings

    if not (access.scope_for(viewer).admin_opd_ids or access.can_view_city_aggregates(viewer)):
        raise PermissionDenied("Panel pengawasan hanya untuk admin OPD dan pengguna tingkat kota.")
    if f.opd_id:
        _visible_opd(viewer, f.opd_id)
    allowed = set(dashboard_opds(viewer).values_list("id", flat=True))
    if f.opd_id:
        allowed &= {f.opd_id}
    week = meetings.week_start_of(f.end)
    compliance = meeting_compliance(allowed, week)
    spot = [
        r
        for r in meetings.spot_check_rates(viewer, f.start, f.end, by="opd")
        if r["key"] in allowed
    ]
    week_end = week + dt.timedelta(days=6)
    # A week still running judges nothing yet: its meetings may be later in the week.
    finished = timezone.localdate() > week_end
    for r in compliance:
        r["needed"] = max(0, meetings.MIN_MEETINGS_PER_WEEK - r["meetings"]) if r["has_wfh"] else 0
    return {
        "week": week,
        "week_end": week_end,
        "week_finished": finished,
        "minimum": meetings.MIN_MEETINGS_PER_WEEK,
        "meetings": compliance,
        "warnings": [r for r in compliance if not r["compliant"]] if finished else [],
        "spot_checks": spot,
    }


def meeting_compliance(opd_ids: set[int], week: dt.date) -> list[dict]:
    """Per OPD in ``opd_ids`` (already scoped): distinct sittings held or joined in the week.

    The definition of hibrida.meetings.selectors.meeting_compliance (held: a sitting of a
    meeting the OPD organised marked held; joined: a sitting someone of the OPD attended,
    check-in not rejected, sitting not cancelled; only OPDs with WFH that week must reach the
    minimum), but "has WFH" is read from the summary's planned WFH person-days instead of
    decoding the whole city's schedule week (0.4 s at 12,000 ASN): a test keeps both equal.
    """
    from hibrida.meetings import selectors as meetings
    from hibrida.meetings.models import (
        AttendanceStatus,
        MeetingAttendance,
        MeetingOccurrence,
        OccurrenceStatus,
    )
    from hibrida.org.models import OpdClass

    end = week + dt.timedelta(days=6)
    ids = sorted(opd_ids)
    per_opd: dict[int, set[int]] = defaultdict(set)
    held = MeetingOccurrence.objects.filter(
        date__range=(week, end),
        status=OccurrenceStatus.HELD,
        meeting__organiser_opd_id__in=ids,
    ).values_list("id", "meeting__organiser_opd_id")
    joined = (
        MeetingAttendance.objects.filter(
            occurrence__date__range=(week, end), employee__opd_id__in=ids
        )
        .exclude(status=AttendanceStatus.REJECTED)
        .exclude(occurrence__status=OccurrenceStatus.CANCELLED)
        .values_list("occurrence_id", "employee__opd_id")
        .distinct()
    )
    for occurrence, opd_id in [*held, *joined]:
        per_opd[opd_id].add(occurrence)
    planned = dict(
        OpdDailySummary.objects.filter(day__range=(week, end), opd_id__in=ids)
        .values("opd_id")
        .annotate(wfh=Sum("wfh"))
        .values_list("opd_id", "wfh")
    )
    known = bool(planned)
    basis = "jadwal rotasi" if known else "kelas OPD (jadwal belum tersedia)"
    rows = []
    for pk, name, short, klass in (
        Opd.objects.filter(id__in=ids, is_active=True)
        .order_by("name")
        .values_list("id", "name", "short_name", "opd_class")
    ):
        has_wfh = bool(planned.get(pk)) if known else klass != OpdClass.PELAYANAN_LANGSUNG
        count = len(per_opd.get(pk, ()))
        rows.append(
            {
                "key": pk,
                "name": short or name,
                "meetings": count,
                "has_wfh": has_wfh,
                "compliant": count >= meetings.MIN_MEETINGS_PER_WEEK if has_wfh else True,
                "basis": basis,
            }
        )
    return rows
