"""p50/p95 latency of each dashboard's data function next to hand-written SQL (issue #6 item 6).

    .venv/bin/python benchmarks/scale_year.py           # once: one year of the city (PostgreSQL)
    .venv/bin/python benchmarks/dashboard.py            # then this
    .venv/bin/python benchmarks/dashboard.py --runs 50 --database-url postgres://…/hibrida_scale

For every case it times the selector the page, fragment and export call, with the arguments
the views pass (so access scoping, the ORM and the Python shaping are included; the ``*_api``
cases are the API's call, which also sums the counts no figure needs), and a hand-written SQL
baseline that computes the same figures with raw psycopg, with the driver settings Django uses
(client-side binding; ``--server-binding`` gives the baseline psycopg's prepared statements):

* summary-backed figures against SQL over the same summary table the function reads
  (``monitoring_opddailysummary`` for the city ranking, ``monitoring_dailysummary`` for an
  OPD and its units, ``monitoring_persondailysummary`` for the people of a unit) — the target
  is p95 ≤ 300 ms and ≤ 1.5 × that baseline;
* the same figures straight from the source tables (schedule rows, check-ins, reports) as an
  information line: what the dashboards would cost without the summary;
* the live pages (team today, map) against SQL over the source tables.

Bench users (BKPSDM, an OPD admin of the largest OPD, an atasan) are created if missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hibrida_scale"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hibrida.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95


def measure(*fns: Callable[[], object], runs: int) -> list[tuple[float, float]]:
    """(p50, p95) in milliseconds of each function after two warm-up calls each.

    Several functions are called in turn within each run, so a slower moment of the machine
    falls on all of them alike instead of on whichever was being timed then.
    """
    for fn in fns:
        fn()
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, into in zip(fns, times, strict=True):
            t = time.perf_counter()
            fn()
            into.append((time.perf_counter() - t) * 1000)
    return [_percentiles(t) for t in times]


def bench_users():
    from django.db.models import Count

    from hibrida.org.access import subordinate_ids
    from hibrida.org.models import Employee, GrantedRole, Opd, RoleGrant, User

    def user(name: str, role: str | None = None, opd=None, employee=None):
        u, _ = User.objects.get_or_create(username=name, defaults={"employee": employee})
        if role:
            RoleGrant.objects.get_or_create(user=u, role=role, opd=opd)
        return u

    biggest = (
        Opd.objects.annotate(n=Count("employees")).order_by("-n").first()
    )  # the heaviest OPD page
    # An atasan of a typical team: the head with most direct reports and ≤ 60 people below.
    heads = Employee.objects.annotate(n=Count("subordinates")).filter(n__gte=3).order_by("-n")[:50]
    atasan = next(e for e in heads if len(subordinate_ids(e.pk)) <= 60)
    return {
        "bkpsdm": user("bench_bkpsdm", GrantedRole.BKPSDM),
        "opd_admin": user("bench_opd_admin", GrantedRole.OPD_ADMIN, biggest),
        "atasan": user(f"bench_atasan_{atasan.pk}", employee=atasan),
        "opd": biggest,
        "team": sorted(subordinate_ids(atasan.pk)),
    }


def months_between(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    from hibrida.monitoring.counting import month_chunks

    return month_chunks(start, end)


SUM_COLS = (
    "sum(expected), sum(present_valid), sum(checked_in), sum(on_time), sum(flagged_days),"
    " sum(reports_submitted), sum(reports_validated), sum(wfh),"
    " sum(output_wfh_days), sum(output_wfh_score), sum(output_wfo_days), sum(output_wfo_score)"
)
# The API returns every count of metrics.Counts, so its baseline sums them all.
ALL_SUM_COLS = SUM_COLS + (
    ", sum(planned), sum(flagged), sum(rejected), sum(reports_approved), sum(reports_pending),"
    " sum(reports_late)"
)


def baselines(cur, *, today, first, opd_id, unit_id, team, atasan_id, start30):
    """Hand-written SQL for the same figures: {case: callable}."""

    def q(sql, params):
        cur.execute(sql, params)
        return cur.fetchall()

    def period(lo, hi) -> str:
        return "day" if (hi - lo).days <= 62 else "CAST(date_trunc('month', day) AS date)"

    def city_summary(lo, hi, cols=SUM_COLS):
        """Per OPD and per period in one pass (the fastest hand-written form found)."""

        def run():
            p = period(lo, hi)
            q(
                f"SELECT s.*, coalesce(nullif(n.short_name, ''), n.name) FROM (SELECT opd_id,"
                f" {p}, {cols}, max(refreshed_at) FROM monitoring_opddailysummary"
                f" WHERE day BETWEEN %s AND %s GROUP BY GROUPING SETS ((opd_id), ({p}))) s"
                " LEFT JOIN org_opd n ON n.id = s.opd_id AND n.is_active",
                [lo, hi],
            )

        return run

    def opd_summary(lo, hi, unit=None, cols=SUM_COLS):
        extra = " AND unit_id = %s" if unit else ""
        params = [opd_id, lo, hi] + ([unit] if unit else [])

        def run():
            p = period(lo, hi)
            # The OPD's own row (its name heads the page) and its units' sums with names.
            q(
                "SELECT o.*, s.*, n.name FROM org_opd o LEFT JOIN (SELECT unit_id, "
                f"{p}, {cols}, max(refreshed_at) FROM monitoring_dailysummary WHERE opd_id = %s"
                f" AND day BETWEEN %s AND %s{extra} GROUP BY GROUPING SETS ((unit_id), ({p}))) s"
                " ON TRUE LEFT JOIN org_unit n ON n.id = s.unit_id WHERE o.id = %s"
                " AND o.is_active",
                [*params, opd_id],
            )

        return run

    def raw_city(lo, hi, opd=None):
        """The figures from the source tables: no pre-aggregation."""
        where_opd = " AND e.opd_id = %s" if opd else ""
        extra = [opd] if opd else []

        def run():
            for mlo, mhi in months_between(lo, hi):
                a, b = mlo.day, mhi.day
                q(
                    "SELECT s.opd_id, sum(length(regexp_replace(substr(r.modes, %s, %s),"
                    " '[^OHF]', '', 'g'))), sum(length(regexp_replace(substr(r.modes, %s, %s),"
                    " '[^H]', '', 'g'))) FROM roster_schedulerow r JOIN roster_schedule s"
                    " ON s.id = r.schedule_id JOIN org_employee e ON e.id = r.employee_id"
                    f" WHERE s.status = 'published' AND s.month = %s{where_opd}"
                    " GROUP BY s.opd_id",
                    [a, b - a + 1, a, b - a + 1, mlo.replace(day=1), *extra],
                )
            q(
                "SELECT e.opd_id, count(DISTINCT (c.employee_id, c.work_date)) FILTER"
                " (WHERE c.kind = 'in' AND c.status = 'VALID'),"
                " count(DISTINCT (c.employee_id, c.work_date)) FILTER"
                " (WHERE c.kind = 'in' AND c.status <> 'REJECTED'),"
                " count(DISTINCT (c.employee_id, c.work_date)) FILTER (WHERE c.status = 'FLAGGED')"
                " FROM presence_checkin c JOIN org_employee e ON e.id = c.employee_id"
                f" WHERE c.work_date BETWEEN %s AND %s{where_opd} GROUP BY e.opd_id",
                [lo, hi, *extra],
            )
            q(
                "SELECT e.opd_id, count(*), count(*) FILTER (WHERE d.status IN"
                " ('approved', 'rejected')) FROM activity_dailyreport d JOIN org_employee e"
                " ON e.id = d.employee_id WHERE d.day BETWEEN %s AND %s AND d.status <> 'draft'"
                f"{where_opd} GROUP BY e.opd_id",
                [lo, hi, *extra],
            )

        return run

    def team_today():
        """Everything the team page and its API return: each person's planned mode (latest
        published schedule, approved overlay, leave/duty first), report, approved correction
        and check-ins of the day; the calendar and working hours (on-time); the SKP targets and
        validated quantities (output score); the pending counts."""
        month = today.replace(day=1)
        # The team's ids as the function has them: access.scope_for caches them on the user.
        q(
            "SELECT e.id, e.name, e.nip, e.opd_id, u.name, substr(r.modes, %s, 1),"
            " (SELECT o.mode FROM roster_dayoverride o WHERE o.employee_id = e.id AND o.day = %s"
            " AND (o.absence_id IS NOT NULL OR o.created_at >= r.published_at)"
            " ORDER BY o.absence_id IS NOT NULL DESC, o.created_at DESC, o.id DESC LIMIT 1),"
            " d.id, d.status, d.is_late, EXISTS (SELECT 1 FROM presence_correctionrequest c"
            " WHERE c.employee_id = e.id AND c.work_date = %s AND c.status = 'approved'"
            " AND c.time_in IS NOT NULL) FROM org_employee e JOIN org_unit u ON u.id = e.unit_id"
            " LEFT JOIN LATERAL (SELECT sr.modes,"
            " sc.published_at FROM roster_schedulerow sr JOIN roster_schedule sc"
            " ON sc.id = sr.schedule_id WHERE sr.employee_id = e.id AND sc.status = 'published'"
            " AND sc.month = %s ORDER BY sc.published_at DESC LIMIT 1) r ON TRUE"
            " LEFT JOIN activity_dailyreport d ON d.employee_id = e.id AND d.day = %s"
            " WHERE e.id = ANY(%s) AND e.is_active ORDER BY u.name, e.name",
            [today.day, today, today, month, today, team],
        )
        q(
            "SELECT employee_id, kind, device_time, status, reasons FROM presence_checkin"
            " WHERE work_date = %s AND employee_id = ANY(%s) ORDER BY device_time",
            [today, team],
        )
        q(
            "SELECT date, kind FROM policy_calendarday WHERE date BETWEEN %s AND %s",
            [month, today.replace(day=28) + dt.timedelta(days=4)],
        )
        q(
            "SELECT w.opd_id, w.start FROM policy_workinghours w WHERE w.weekday = %s"
            " AND w.opd_id IN (SELECT opd_id FROM org_employee WHERE id = ANY(%s))",
            [min(today.weekday(), 4), team],
        )
        q(
            "SELECT t.id, t.employee_id, t.target_quantity, p.planned_quantity"
            " FROM activity_skptarget t LEFT JOIN activity_actionplan p ON p.target_id = t.id"
            " AND p.month = %s WHERE t.employee_id = ANY(%s) AND t.year = %s",
            [today.month, team, today.year],
        )
        q(
            "SELECT a.report_id, a.target_id, sum(a.quantity) FROM activity_activity a"
            " JOIN activity_dailyreport d ON d.id = a.report_id WHERE d.employee_id = ANY(%s)"
            " AND d.day = %s AND d.status = 'approved' AND a.target_id IS NOT NULL"
            " GROUP BY a.report_id, a.target_id",
            [team, today],
        )
        # The pending counts shown on the page: validations, schedule, correction, home, phone.
        q(
            "SELECT (SELECT count(*) FROM activity_dailyreport WHERE status = 'submitted'"
            " AND validator_id = %s), (SELECT count(*) FROM roster_changerequest WHERE"
            " status = 'pending' AND requester_id = ANY(%s)), (SELECT count(*) FROM"
            " presence_correctionrequest WHERE status = 'pending' AND employee_id = ANY(%s)),"
            " (SELECT count(*) FROM presence_homelocation WHERE status = 'pending'"
            " AND employee_id = ANY(%s)), (SELECT count(*) FROM presence_devicereset"
            " WHERE status = 'pending' AND employee_id = ANY(%s))",
            [atasan_id, team, team, team, team],
        )

    def people_summary():
        """The unit's figures and its people's sums from the person rows, as the page shows."""
        opd_summary(start30, today, unit=unit_id)()
        q(
            f"SELECT e.id, e.name, e.nip, u.name, s.* FROM org_employee e JOIN org_unit u"
            " ON u.id = e.unit_id LEFT JOIN (SELECT employee_id,"
            f" {ALL_SUM_COLS} FROM monitoring_persondailysummary WHERE day BETWEEN %s AND %s"
            " AND employee_id IN (SELECT id FROM org_employee WHERE unit_id = %s)"
            " GROUP BY employee_id) s ON s.employee_id = e.id WHERE e.unit_id = %s"
            " AND e.is_active ORDER BY e.name",
            [start30, today, unit_id, unit_id],
        )

    def people_of_unit():
        """Without the person rows: attendance, flags and reports only (no on-time, no output)."""
        ids = [r[0] for r in q("SELECT id FROM org_employee WHERE unit_id = %s", [unit_id])]
        q(
            "SELECT employee_id, count(DISTINCT work_date) FILTER (WHERE kind = 'in'"
            " AND status = 'VALID'), count(*) FILTER (WHERE status = 'FLAGGED')"
            " FROM presence_checkin WHERE employee_id = ANY(%s) AND work_date BETWEEN %s AND %s"
            " GROUP BY employee_id",
            [ids, start30, today],
        )
        q(
            "SELECT employee_id, count(*) FROM activity_dailyreport WHERE employee_id = ANY(%s)"
            " AND day BETWEEN %s AND %s AND status <> 'draft' GROUP BY employee_id",
            [ids, start30, today],
        )
        q(
            "SELECT r.employee_id, s.month, r.modes FROM roster_schedulerow r JOIN"
            " roster_schedule s ON s.id = r.schedule_id WHERE r.employee_id = ANY(%s)"
            " AND s.status = 'published' AND s.month BETWEEN %s AND %s",
            [ids, start30.replace(day=1), today],
        )
        # Approved overlay and corrections, as the live count applies them.
        q(
            "SELECT employee_id, day, mode FROM roster_dayoverride WHERE employee_id = ANY(%s)"
            " AND day BETWEEN %s AND %s",
            [ids, start30, today],
        )
        q(
            "SELECT employee_id, work_date FROM presence_correctionrequest WHERE"
            " employee_id = ANY(%s) AND work_date BETWEEN %s AND %s AND status = 'approved'",
            [ids, start30, today],
        )

    def map_today():
        q(
            "SELECT round(latitude::numeric, 3), round(longitude::numeric, 3), status, count(*)"
            " FROM presence_checkin WHERE work_date = %s AND kind = 'in' GROUP BY 1, 2, 3",
            [today],
        )

    return {
        "city_30d": (city_summary(start30, today), raw_city(start30, today)),
        "city_year": (city_summary(first, today), raw_city(first, today)),
        "city_drill_opd_30d": (opd_summary(start30, today), raw_city(start30, today, opd_id)),
        "opd_30d": (opd_summary(start30, today), raw_city(start30, today, opd_id)),
        "opd_year": (opd_summary(first, today), raw_city(first, today, opd_id)),
        "opd_unit_people_30d": (people_summary, people_of_unit),
        "city_30d_api": (city_summary(start30, today, ALL_SUM_COLS), None),
        "opd_30d_api": (opd_summary(start30, today, cols=ALL_SUM_COLS), None),
        "team_today": (team_today, None),
        "map_today": (map_today, None),
        # The meetings app's own selectors (lazy fragment, every 5 min): no baseline.
        "oversight_city_30d": (None, None),
        "oversight_opd_30d": (None, None),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--raw-runs", type=int, default=5, help="runs of the no-summary SQL (0: skip it)"
    )
    parser.add_argument("--only", default="", help="comma-separated case names (default: all)")
    parser.add_argument(
        "--server-binding",
        action="store_true",
        help="baseline with psycopg's server-side binding (prepares repeated statements)",
    )
    args = parser.parse_args(argv)
    setup_django(args.database_url)

    import psycopg
    from django.db import connection
    from django.db.models import Count, Max, Min
    from django.utils import timezone

    from hibrida.monitoring import selectors
    from hibrida.monitoring.models import DailySummary
    from hibrida.org.models import Employee
    from hibrida.presence.models import CheckIn

    first = DailySummary.objects.aggregate(d=Min("day"))["d"]
    if first is None:
        sys.exit("No DailySummary rows: run benchmarks/scale_year.py first.")
    # "Today" is the last generated day, so the team page and the map have records.
    today = min(timezone.localdate(), CheckIn.objects.aggregate(d=Max("work_date"))["d"])
    start30 = today - dt.timedelta(days=29)
    users = bench_users()
    opd = users["opd"]
    unit_id = (
        Employee.objects.filter(opd=opd)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["unit_id"]
    )
    F = selectors.Filters
    # As the page, fragment and exports call them (views._city / views._opd): the figures'
    # counts only. The *_api cases add the API's extra counts against the same baseline.
    page = {"all_counts": False}
    cases = {
        "city_30d": lambda: selectors.city_dashboard(users["bkpsdm"], F(start30, today), **page),
        "city_year": lambda: selectors.city_dashboard(users["bkpsdm"], F(first, today), **page),
        "city_drill_opd_30d": lambda: selectors.city_dashboard(
            users["bkpsdm"], F(start30, today, opd.pk), **page
        ),
        "opd_30d": lambda: selectors.opd_dashboard(users["opd_admin"], F(start30, today), **page),
        "opd_year": lambda: selectors.opd_dashboard(users["opd_admin"], F(first, today), **page),
        "opd_unit_people_30d": lambda: selectors.opd_dashboard(
            users["opd_admin"], F(start30, today, None, unit_id), **page
        ),
        "city_30d_api": lambda: selectors.city_dashboard(users["bkpsdm"], F(start30, today)),
        "opd_30d_api": lambda: selectors.opd_dashboard(users["opd_admin"], F(start30, today)),
        "team_today": lambda: selectors.team_today(users["atasan"], today),
        "map_today": lambda: selectors.checkin_map(users["bkpsdm"], today),
        "oversight_city_30d": lambda: selectors.oversight(users["bkpsdm"], F(start30, today)),
        "oversight_opd_30d": lambda: selectors.oversight(users["opd_admin"], F(start30, today)),
    }
    with connection.cursor() as c:
        c.execute(
            "SELECT (SELECT count(*) FROM org_employee), (SELECT count(*) FROM roster_schedulerow),"
            " (SELECT count(*) FROM presence_checkin), (SELECT count(*) FROM activity_dailyreport),"
            " (SELECT count(*) FROM monitoring_dailysummary),"
            " (SELECT count(*) FROM monitoring_persondailysummary)"
        )
        n = c.fetchone()
    print(
        f"data: {n[0]} ASN, {n[1]} schedule rows, {n[2]} check-ins, {n[3]} reports, "
        f"{n[4]} unit and {n[5]} person summary rows; period {first} … {today};"
        f" OPD {opd} ({opd.employees.count()} ASN);"
        f" team of {len(users['team'])}; runs {args.runs}"
    )
    # Django's psycopg backend binds parameters on the client (ClientCursor) and so never
    # prepares statements; the baseline runs with the same driver settings unless asked.
    factory = psycopg.Cursor if args.server_binding else psycopg.ClientCursor
    raw = psycopg.connect(args.database_url, autocommit=True, cursor_factory=factory)
    base = baselines(
        raw.cursor(),
        today=today,
        first=first,
        opd_id=opd.pk,
        unit_id=unit_id,
        team=users["team"],
        atasan_id=users["atasan"].employee_id,
        start30=start30,
    )
    header = (
        f"{'dashboard':22} {'p50 ms':>8} {'p95 ms':>8} {'SQL p50':>8} {'SQL p95':>8} "
        f"{'ratio95':>8} {'target':>7} {'no-summary SQL p50':>19}"
    )
    print(header)
    print("-" * len(header))
    only = {n for n in args.only.split(",") if n}
    for name, fn in cases.items():
        if only and name not in only:
            continue
        sql, no_summary = base[name]
        if sql is None:
            ((p50, p95),) = measure(fn, runs=args.runs)
            ok = "ok" if p95 <= 300 else "MISS"
            print(f"{name:22} {p50:8.1f} {p95:8.1f} {'-':>8} {'-':>8} {'-':>8} {ok:>7}")
            continue
        (p50, p95), (s50, s95) = measure(fn, sql, runs=args.runs)
        ratio = p95 / s95 if s95 else float("inf")
        ok = "ok" if p95 <= 300 and ratio <= 1.5 else "MISS"
        extra = ""
        if no_summary is not None and args.raw_runs > 0:
            extra = f"{measure(no_summary, runs=args.raw_runs)[0][0]:19.1f}"
        print(
            f"{name:22} {p50:8.1f} {p95:8.1f} {s50:8.1f} {s95:8.1f} {ratio:8.2f} {ok:>7} {extra}",
            flush=True,
        )
    raw.close()


if __name__ == "__main__":
    main()
