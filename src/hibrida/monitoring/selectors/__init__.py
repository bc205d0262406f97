"""Dashboard reads, always scoped to the viewer through hibrida.org.access: one module per
dashboard (team, opd, city, map, oversight) over shared filters, scope and summary sums.

Each dashboard is one function returning plain data; the page, the htmx fragment, the API and
the CSV/XLSX export all call the same function, so their scope is identical.
"""

from .city import city_dashboard
from .filters import MAX_PERIOD_DAYS, Filters, default_filters, parse_filters
from .map import MAX_MARKERS, checkin_map, map_day
from .opd import opd_dashboard, person_rows
from .oversight import meeting_compliance, oversight
from .period import nearest_with_data
from .scope import can_see_people, dashboard_opds, opd_choices, unit_choices
from .summary import MAX_PEOPLE
from .team import team_today

__all__ = [
    "MAX_MARKERS",
    "MAX_PEOPLE",
    "MAX_PERIOD_DAYS",
    "Filters",
    "can_see_people",
    "checkin_map",
    "city_dashboard",
    "dashboard_opds",
    "default_filters",
    "map_day",
    "meeting_compliance",
    "nearest_with_data",
    "opd_choices",
    "opd_dashboard",
    "oversight",
    "parse_filters",
    "person_rows",
    "team_today",
    "unit_choices",
]
