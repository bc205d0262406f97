"""Today on a schedule: a class, aria-current and a "Hari ini" label; codes shown as labels.

The roster fixtures freeze today at Tuesday 1 December 2026, 09:00 WIB.
"""

import re

from hibrida.roster.services import generate_draft
from tests.conftest import client_for


def _cell(body: str, day: str) -> re.Match:
    match = re.search(rf'<td class="([^"]*)" data-date="{day}"([^>]*)>(.*?)</td>', body, re.S)
    assert match, day
    return match


def test_my_calendar_marks_today_and_only_today(roster_city):
    body = client_for(roster_city.users["asn"]).get("/rotasi/saya/?bulan=2026-12").content.decode()
    today = _cell(body, "2026-12-01")
    assert "today" in today.group(1).split()
    assert 'aria-current="date"' in today.group(2)
    assert "Hari ini" in today.group(3)
    tomorrow = _cell(body, "2026-12-02")
    assert "today" not in tomorrow.group(1).split()
    assert body.count('aria-current="date"') == 1


def test_another_month_has_no_today(roster_city):
    body = client_for(roster_city.users["asn"]).get("/rotasi/saya/?bulan=2027-01").content.decode()
    assert 'aria-current="date"' not in body
    assert "today" not in _cell(body, "2027-01-05").group(1).split()


def test_roster_grid_marks_todays_column_and_names_the_solver_status(roster_city):
    admin = roster_city.users["opd_admin"]
    [schedule] = generate_draft(actor=admin, month="2026-12", opd=roster_city.opd_a)
    client = client_for(admin)
    body = client.get(
        f"/rotasi/jadwal/{schedule.pk}/?unit={roster_city.unit_a.pk}"
    ).content.decode()
    header = re.search(r'<th class="today" aria-current="date">(\d\d)<br>', body)
    assert header and header.group(1) == "01"
    # One marked cell per person of unit A (8 staff), in the first column of days.
    rows = re.findall(r"<tr><td>.*?</tr>", body.split('data-testid="grid"')[1], re.S)
    marked = [re.findall(r'<td class="mode-\w*( today)?"', r) for r in rows]
    assert len(marked) == 8
    assert all(cells[0] == " today" and " today" not in cells[1:] for cells in marked)
    assert "Solver: optimal" in body and "OPTIMAL" not in body
    index = client.get("/rotasi/?bulan=2026-12").content.decode()
    assert "Kuota mingguan" in index and "weekly_quota" not in index


def test_roster_grid_tooltips_name_the_mode_not_its_code(roster_city):
    admin = roster_city.users["opd_admin"]
    [schedule] = generate_draft(actor=admin, month="2026-12", opd=roster_city.opd_a)
    body = client_for(admin).get(f"/rotasi/jadwal/{schedule.pk}/?unit={roster_city.unit_a.pk}")
    grid = body.content.decode().split('data-testid="grid"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="mode-(\w*)[^"]*"(?: title="([^"]*)")?>(\w?)</td>', grid)
    labels = {
        "WFO": ("WFO (kerja di kantor)", "O"),
        "WFH": ("WFH (kerja dari rumah)", "H"),
        "FIELD": ("Tugas lapangan", "L"),
        "LEAVE": ("Cuti", "C"),
        "DUTY": ("Dinas luar", "D"),
    }
    assert {code for code, _, _ in cells} >= {"WFO", "WFH"}
    for code, title, letter in cells:
        assert (title, letter) == labels[code], code
