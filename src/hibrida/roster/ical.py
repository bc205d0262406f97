"""iCalendar feed of an employee's published schedule.

Calendar apps cannot log in, so the feed URL carries a secret: an HMAC of the user id and the
password hash. Changing the password therefore revokes every old feed URL.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from hibrida.org.models import Employee

from .modes import WorkMode
from .selectors import planned_modes

SUMMARIES: dict[str, str] = {
    WorkMode.WFH: "WFH (kerja dari rumah)",
    WorkMode.WFO: "WFO (kerja di kantor)",
    WorkMode.FIELD: "Tugas lapangan",
    WorkMode.LEAVE: "Cuti",
    WorkMode.DUTY: "Dinas luar",
}


def feed_token(user) -> str:
    return salted_hmac("hibrida.roster.ical", f"{user.pk}:{user.password}").hexdigest()[:32]


def check_token(user, token: str) -> bool:
    return constant_time_compare(feed_token(user), token or "")


def feed_path(user) -> str:
    return reverse("roster:ical", kwargs={"user_id": user.pk, "token": feed_token(user)})


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def feed_for(employee: Employee, *, months_back: int = 1, months_ahead: int = 3) -> str:
    """VCALENDAR text with one all-day event per planned working day."""
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=31 * months_back)).replace(day=1)
    end = today + dt.timedelta(days=31 * months_ahead)
    modes = planned_modes([employee.pk], start, end)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Pemerintah Kota Bekasi//Hibrida//ID",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape('Jadwal kerja ' + employee.name)}",
        "X-WR-TIMEZONE:Asia/Jakarta",
    ]
    for (_, day), mode in sorted(modes.items()):
        lines += [
            "BEGIN:VEVENT",
            f"UID:hibrida-{employee.pk}-{day:%Y%m%d}@bekasikota.go.id",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(SUMMARIES.get(mode, mode))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
