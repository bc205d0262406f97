"""The pure roster solver: hard constraints, exact lexicographic optimum, pilot patterns."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hibrida.roster.problem import ProblemError, parse_problem
from hibrida.roster.solver import check_roster, evaluate, merge_solutions, solve, split_problem

MONDAY = date(2026, 1, 5)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
LEVELS = ("max_cumulative_shortfall", "total_shortfall", "fairness", "changes", "preference")
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def working_days(n: int, start: date = MONDAY) -> list[str]:
    days, d = [], start
    while len(days) < n:
        if d.weekday() < 5:
            days.append(d.isoformat())
        d += timedelta(days=1)
    return days


# --------------------------------------------------------------------------- random instances


@st.composite
def problems(draw, max_units=2, max_employees=6, max_days=10, max_target=4, with_extras=True):
    start = MONDAY + timedelta(days=draw(st.integers(0, 4)))  # horizons cross ISO weeks
    days = working_days(draw(st.integers(1, max_days)), start)
    n_units = draw(st.integers(1, max_units))
    units = []
    for u in range(n_units):
        unit = {
            "id": f"U{u}",
            "min_onsite_share": draw(st.sampled_from([0, 0.25, 0.3, 0.5, 0.75, 1])),
            "min_onsite_count": draw(st.integers(0, 2)),
        }
        if with_extras and draw(st.booleans()):
            unit["wfh_share"] = draw(st.sampled_from([0.5, 0.6, 1]))
        units.append(unit)
    day_subset = st.lists(st.sampled_from(days), unique=True, max_size=3)
    employees = []
    for e in range(draw(st.integers(1, max_employees))):
        emp = {
            "id": f"E{e}",
            "unit": f"U{draw(st.integers(0, n_units - 1))}",
            "eligible": draw(st.booleans() | st.just(True)),
            "wfh_target": draw(st.integers(0, max_target)),
            "max_wfh_per_week": draw(st.none() | st.integers(0, 3)),
            "leave": draw(day_subset),
            "prefer_wfh": draw(st.lists(st.sampled_from(WEEKDAYS), unique=True, max_size=2)),
            "avoid_wfh": draw(st.lists(st.sampled_from(WEEKDAYS), unique=True, max_size=2)),
        }
        if with_extras:
            emp["duty"] = draw(day_subset)
            emp["carry_shortfall"] = draw(st.integers(0, 3))
            if draw(st.booleans()):
                emp["published"] = {
                    d: draw(st.sampled_from(["WFH", "WFO"]))
                    for d in draw(st.lists(st.sampled_from(days), unique=True))
                }
        employees.append(emp)
    problem = {"days": days, "units": units, "employees": employees, "fixed_wfh_weekday": None}
    if with_extras:
        problem["fixed_wfh_weekday"] = draw(st.none() | st.sampled_from(WEEKDAYS))
        problem["blackout"] = draw(st.lists(st.sampled_from(days), unique=True, max_size=2))
        if draw(st.booleans()):
            problem["allowed_weekdays"] = draw(
                st.lists(st.sampled_from(WEEKDAYS), unique=True, min_size=1)
            )
    return problem


def weekday_index(name):
    return WEEKDAYS.index(name)


def wfh_possible(problem, emp, day: str) -> bool:
    """Independent restatement of where WFH may happen (for the checks below)."""
    wd = date.fromisoformat(day).weekday()
    fixed = problem.get("fixed_wfh_weekday")
    allowed = problem.get("allowed_weekdays")
    return (
        emp.get("eligible", True)
        and day not in emp.get("leave", [])
        and day not in emp.get("duty", [])
        and day not in problem.get("blackout", [])
        and (fixed is None or wd == weekday_index(fixed))
        and (allowed is None or wd in {weekday_index(a) for a in allowed})
    )


def day_capacity(problem, unit, day: str) -> int:
    """Most WFH allowed in ``unit`` on ``day``, restated from docs/architecture.md."""
    staff = [e for e in problem["employees"] if e["unit"] == unit["id"]]
    not_on_leave = sum(1 for e in staff if day not in e.get("leave", []))
    available = sum(
        1 for e in staff if day not in e.get("leave", []) and day not in e.get("duty", [])
    )
    share = round(unit.get("min_onsite_share", 0) * 100)
    need = max(unit.get("min_onsite_count", 0), math.ceil(share * not_on_leave / 100))
    cap = available - min(available, need)
    if "wfh_share" in unit:
        cap = min(cap, math.floor(round(unit["wfh_share"] * 100) * not_on_leave / 100))
    return cap


def assert_hard_constraints(problem, solution):
    """Every hard rule of the roster model, checked independently of the solver's own code."""
    rows = solution["assignments"]
    assert set(rows) == {e["id"] for e in problem["employees"]}
    for emp in problem["employees"]:
        row = rows[emp["id"]]
        assert list(row) == sorted(problem["days"])
        wfh = [d for d, s in row.items() if s == "WFH"]
        for d, state in row.items():
            if d in emp.get("leave", []):
                assert state == "LEAVE", "leave days are marked LEAVE, never WFH/WFO"
            elif d in emp.get("duty", []):
                assert state == "DUTY", "dinas luar days are neither WFH nor on site"
            else:
                assert state in ("WFH", "WFO")
        for d in wfh:
            assert wfh_possible(problem, emp, d), "WFH only where eligible and allowed"
        assert len(wfh) <= emp.get("wfh_target", 0), "never above the target"
        limit = emp.get("max_wfh_per_week")
        if limit is not None:
            per_week = {}
            for d in wfh:
                week = date.fromisoformat(d).isocalendar()[:2]
                per_week[week] = per_week.get(week, 0) + 1
            assert all(n <= limit for n in per_week.values()), "weekly cap"
    for unit in problem["units"]:
        staff = [e["id"] for e in problem["employees"] if e["unit"] == unit["id"]]
        for d in problem["days"]:
            wfh = sum(1 for e in staff if rows[e][d] == "WFH")
            assert wfh <= day_capacity(problem, unit, d), "minimum on-site coverage per day"


def key(levels):
    return tuple(levels[name] for name in (*LEVELS, "spread", "weekly"))


@FAST
@given(problems())
def test_every_hard_constraint_holds_on_random_instances(problem):
    solution = solve(problem)
    assert solution["status"] == "OPTIMAL"
    assert_hard_constraints(problem, solution)
    assert check_roster(problem, solution["assignments"]) == []


@FAST
@given(problems(max_employees=5, max_days=6))
def test_flow_engine_matches_staged_cp_sat_on_every_objective_level(problem):
    """Both engines claim the exact lexicographic optimum, so every level must agree."""
    flow = solve(problem)
    cpsat = solve(problem, engine="cpsat", time_limit_s=30)
    assert cpsat["status"] == "OPTIMAL"
    assert_hard_constraints(problem, cpsat)
    a, b = evaluate(problem, flow["assignments"]), evaluate(problem, cpsat["assignments"])
    assert {u: key(v) for u, v in a.items()} == {u: key(v) for u, v in b.items()}


# The test oracle: plain nested loops over every assignment, trusted because it is naive.
def brute_force_best(problem) -> tuple:  # noqa: C901
    """Enumerate every roster of a one-unit instance; the lexicographically best levels."""
    p = parse_problem(problem)
    unit = problem["units"][0]
    emps = problem["employees"]
    caps = {d: day_capacity(problem, unit, d) for d in problem["days"]}
    options = []
    for emp in emps:
        free = [d for d in problem["days"] if wfh_possible(problem, emp, d)]
        choices = []
        for size in range(0, min(emp.get("wfh_target", 0), len(free)) + 1):
            for combo in itertools.combinations(free, size):
                weeks = [date.fromisoformat(d).isocalendar()[:2] for d in combo]
                limit = emp.get("max_wfh_per_week")
                if limit is None or all(weeks.count(w) <= limit for w in weeks):
                    choices.append(combo)
        options.append(choices)
    best = None
    parsed = {e.id: e for e in p.employees}
    for pick in itertools.product(*options):
        load = {}
        for combo in pick:
            for d in combo:
                load[d] = load.get(d, 0) + 1
        if any(n > caps[d] for d, n in load.items()):
            continue
        cums, total, changes, pref, weekly = [], 0, 0, 0, 0
        for emp, combo in zip(emps, pick, strict=True):
            weeks = [date.fromisoformat(d).isocalendar()[:2] for d in combo]
            weekly += sum(weeks.count(w) ** 2 for w in set(weeks))
            e = parsed[emp["id"]]
            if e.eligible:
                short = e.wfh_target - len(combo)
                cums.append(e.carry_shortfall + short)
                total += short
            pref -= sum(e.preference(date.fromisoformat(d)) for d in combo)
            for d, state in (emp.get("published") or {}).items():
                now = "WFH" if d in combo else "WFO"
                off = e.state_off(date.fromisoformat(d))
                if off:
                    now = off
                changes += now != state
        levels = (
            max(cums, default=0),
            total,
            sum(c * c for c in cums),
            changes,
            pref,
            sum(n * n for n in load.values()),
            weekly,
        )
        best = levels if best is None or levels < best else best
    return best


@FAST
@given(problems(max_units=1, max_employees=4, max_days=5, max_target=2))
def test_tiny_instances_reach_the_brute_force_optimum(problem):
    """Primary, secondary and every lower objective equal exhaustive enumeration."""
    solution = solve(problem)
    levels = evaluate(problem, solution["assignments"])["U0"]
    assert key(levels) == brute_force_best(problem)


# --------------------------------------------------------------------------- pilot phases


def unit_of(n, *, target=4, max_week=1, eligible=True, uid="U1", prefix="E"):
    return [
        {
            "id": f"{prefix}{i}",
            "unit": uid,
            "eligible": eligible,
            "wfh_target": target,
            "max_wfh_per_week": max_week,
        }
        for i in range(n)
    ]


def test_phase_one_gives_wfh_only_on_thursdays_once_a_week():
    days = working_days(20)
    problem = {
        "days": days,
        "units": [{"id": "U1", "min_onsite_share": 0, "min_onsite_count": 0}],
        "employees": unit_of(6),
        "fixed_wfh_weekday": "thu",
    }
    solution = solve(problem)
    thursdays = [d for d in days if date.fromisoformat(d).weekday() == 3]
    assert solution["status"] == "OPTIMAL"
    for row in solution["assignments"].values():
        wfh = [d for d, s in row.items() if s == "WFH"]
        assert wfh == thursdays, "Tahap I: every Thursday, and only Thursdays"
    assert solution["max_shortfall"] == 0


def test_phase_two_half_rotation_never_exceeds_half_and_is_even():
    """Tahap II: 50:50 — at most half the present staff WFH a day, shared out evenly."""
    days = working_days(20)
    problem = {
        "days": days,
        "units": [{"id": "U1", "min_onsite_share": 0.5, "wfh_share": 0.5}],
        "employees": unit_of(10, target=10, max_week=3) + unit_of(2, eligible=False, prefix="F"),
    }
    solution = solve(problem)
    rows = solution["assignments"]
    loads = [sum(rows[e][d] == "WFH" for e in rows) for d in days]
    assert max(loads) <= 6, "at most half of 12 staff"
    # 100 wanted days over 20 days: the spread level gives exactly 5 a day
    assert loads == [5] * 20
    for i in range(10):
        wfh = [d for d, s in rows[f"E{i}"].items() if s == "WFH"]
        assert len(wfh) == 10, "everyone eligible gets half the month"
        weeks = [date.fromisoformat(d).isocalendar()[1] for d in wfh]
        assert all(weeks.count(w) in (2, 3) for w in set(weeks)), "alternating, every week"
    assert all(s != "WFH" for s in rows["F0"].values()), "ineligible staff stay on site"
    assert solution["explanations"]["F0"].startswith("not eligible: ")


def test_scarce_seats_are_shared_evenly_among_eligible_staff():
    """Coverage allows 2 WFH per day over 5 days = 10 seats for 4 people wanting 5 each."""
    problem = {
        "days": working_days(5),
        "units": [{"id": "U1", "min_onsite_count": 2}],
        "employees": unit_of(4, target=5, max_week=5),
    }
    solution = solve(problem)
    counts = sorted(
        sum(s == "WFH" for s in row.values()) for row in solution["assignments"].values()
    )
    assert counts == [2, 2, 3, 3]
    assert solution["max_shortfall"] == 3 and solution["total_shortfall"] == 10
    assert "coverage" in solution["explanations"]["E0"]


# --------------------------------------------------------------------------- extensions


def test_carried_shortfall_is_served_first():
    base = {
        "days": working_days(5),
        "units": [{"id": "U1", "min_onsite_count": 2}],
        "employees": unit_of(3, target=2, max_week=2),
    }
    # 3 staff, 2 on site → 1 seat a day, 5 seats for 6 wanted days
    plain = solve(base)
    assert plain["total_shortfall"] == 1
    base["employees"][2]["carry_shortfall"] = 2
    carried = solve(base)
    rows = carried["assignments"]
    assert sum(s == "WFH" for s in rows["E2"].values()) == 2, "carried employee served in full"
    assert carried["max_cumulative_shortfall"] == 2


def test_republishing_an_unchanged_problem_changes_nothing():
    problem = {
        "days": working_days(10),
        "units": [{"id": "U1", "min_onsite_share": 0.5}],
        "employees": unit_of(8, target=3, max_week=2),
    }
    first = solve(problem)
    for emp in problem["employees"]:
        emp["published"] = first["assignments"][emp["id"]]
    again = solve(problem)
    assert again["assignments"] == first["assignments"]
    assert again["changed_assignments"] == 0


def test_one_new_leave_changes_few_published_assignments():
    problem = {
        "days": working_days(10),
        "units": [{"id": "U1", "min_onsite_share": 0.5, "min_onsite_count": 1}],
        "employees": unit_of(8, target=3, max_week=2),
    }
    first = solve(problem)
    for emp in problem["employees"]:
        emp["published"] = first["assignments"][emp["id"]]
    e0 = problem["employees"][0]
    wfh_day = next(d for d, s in first["assignments"]["E0"].items() if s == "WFH")
    e0["leave"] = [wfh_day]
    again = solve(problem)
    assert_hard_constraints(problem, again)
    assert again["max_shortfall"] == first["max_shortfall"]
    # the leave itself is one change; moving E0's lost WFH day is one more
    assert again["changed_assignments"] <= 3
    assert again["assignments"]["E0"][wfh_day] == "LEAVE"


def test_duty_days_are_neither_wfh_nor_on_site():
    problem = {
        "days": working_days(5),
        "units": [{"id": "U1", "min_onsite_count": 1}],
        "employees": [
            {"id": "A", "unit": "U1", "wfh_target": 5, "duty": working_days(5)[:2]},
            {"id": "B", "unit": "U1", "wfh_target": 5},
        ],
    }
    rows = solve(problem)["assignments"]
    assert rows["A"][working_days(5)[0]] == "DUTY"
    # while A is on duty, B is the only one who can be on site
    assert rows["B"][working_days(5)[0]] == "WFO"
    assert rows["B"][working_days(5)[1]] == "WFO"


def test_blackout_and_allowed_weekdays_block_wfh():
    days = working_days(10)
    problem = {
        "days": days,
        "units": [{"id": "U1"}],
        "employees": unit_of(3, target=10, max_week=5),
        "blackout": [days[1]],
        "allowed_weekdays": ["tue", "wed"],
    }
    rows = solve(problem)["assignments"]
    for row in rows.values():
        wfh = {d for d, s in row.items() if s == "WFH"}
        assert days[1] not in wfh
        assert all(date.fromisoformat(d).weekday() in (1, 2) for d in wfh)
        assert len(wfh) == 3  # Wed of week 1, Tue + Wed of week 2


def test_preferences_are_honoured_when_free():
    problem = {
        "days": working_days(5),
        "units": [{"id": "U1"}],
        "employees": [
            {"id": "A", "unit": "U1", "wfh_target": 1, "prefer_wfh": ["thu"]},
            {"id": "B", "unit": "U1", "wfh_target": 1, "avoid_wfh": ["mon", "tue", "wed"]},
        ],
    }
    rows = solve(problem)["assignments"]
    assert rows["A"]["2026-01-08"] == "WFH"
    assert rows["B"]["2026-01-09"] == "WFH", "B avoids Mon–Wed; Thu is A's, so Fri spreads"


@FAST
@given(problems(max_units=3))
def test_split_and_merge_give_the_same_roster_as_one_solve(problem):
    whole = solve(problem)
    merged = merge_solutions([solve(part) for part in split_problem(problem)])
    assert merged["assignments"] == whole["assignments"]
    assert merged["max_shortfall"] == whole["max_shortfall"]
    assert merged["total_shortfall"] == whole["total_shortfall"]


def test_exhausted_time_limit_gives_feasible_roster_with_a_bound():
    problem = {
        "days": working_days(5),
        "units": [{"id": "U1", "min_onsite_count": 2}],
        "employees": [*unit_of(3, target=4, max_week=5), {"id": "X", "unit": "U1"}],
    }
    solution = solve(problem, time_limit_s=0)
    assert solution["status"] == "FEASIBLE"
    assert solution["bound"] <= 4 <= solution["max_shortfall"]
    assert solution["units"]["U1"]["status"] == "FEASIBLE"
    assert_hard_constraints(problem, solution)


@FAST
@given(problems(max_employees=8, max_days=10))
def test_staged_flow_on_optimal_faces_equals_the_single_weighted_flow(problem):
    """Big units solve level by level (weights would overflow 64 bits): same optimum."""
    from unittest import mock

    from hibrida.roster import solver

    expected = evaluate(problem, solve(problem)["assignments"])
    with mock.patch.object(solver, "_COST_LIMIT", 1):  # every level becomes its own stage
        staged = solve(problem)
    assert staged["status"] == "OPTIMAL"
    assert_hard_constraints(problem, staged)
    got = evaluate(problem, staged["assignments"])
    assert {u: key(v) for u, v in got.items()} == {u: key(v) for u, v in expected.items()}


def test_large_rotation_units_stay_exact_and_fast():
    """50:50 with carry, preferences and a published plan in a 300-person unit."""
    days = working_days(22)
    employees = [
        {**emp, "carry_shortfall": i % 4, "prefer_wfh": [WEEKDAYS[i % 5]]}
        for i, emp in enumerate(unit_of(300, target=11, max_week=3))
    ]
    for emp in employees[::5]:
        emp["published"] = {days[0]: "WFH", days[1]: "WFO"}
    problem = {
        "days": days,
        "units": [{"id": "U1", "min_onsite_share": 0.5, "wfh_share": 0.5}],
        "employees": employees,
    }
    solution = solve(problem, time_limit_s=60)
    assert solution["status"] == "OPTIMAL"
    assert "engine" not in solution["units"]["U1"], "solved by the flow engine"
    assert_hard_constraints(problem, solution)


def test_time_limited_cp_sat_keeps_a_valid_roster_and_an_honest_bound():
    """Whatever the machine's speed: hard rules hold and the bound never exceeds the value."""
    problem = {
        "days": working_days(20),
        "units": [{"id": "U1", "min_onsite_share": 0.6, "min_onsite_count": 2}],
        "employees": [
            {**emp, "prefer_wfh": [WEEKDAYS[i % 5]], "carry_shortfall": i % 3}
            for i, emp in enumerate(unit_of(40, target=6, max_week=2))
        ],
    }
    solution = solve(problem, engine="cpsat", time_limit_s=0.05)
    assert_hard_constraints(problem, solution)
    if solution["status"] == "FEASIBLE":
        assert solution["bound"] <= solution["max_cumulative_shortfall"]
    else:
        assert "bound" not in solution


# --------------------------------------------------------------------------- invalid input

VALID = {
    "days": ["2026-01-05", "2026-01-06"],
    "units": [{"id": "U1", "min_onsite_share": 0.5, "min_onsite_count": 1}],
    "employees": [
        {"id": "E1", "unit": "U1", "eligible": True, "wfh_target": 1, "max_wfh_per_week": 1},
        {"id": "E2", "unit": "U1", "wfh_target": 1},
    ],
    "fixed_wfh_weekday": None,
}


def broken(path, value):
    import copy

    problem = copy.deepcopy(VALID)
    target = problem
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return problem


@pytest.mark.parametrize(
    ("problem", "field"),
    [
        (broken(["employees", 1, "unit"], "U9"), "employees[1].unit"),
        (broken(["days", 1], "2026-02-30"), "days[1]"),
        (broken(["days", 1], "05/01/2026"), "days[1]"),
        (broken(["days", 1], "2026-01-05"), "days[1]"),
        (broken(["employees", 0, "wfh_target"], -1), "employees[0].wfh_target"),
        (broken(["employees", 1, "id"], "E1"), "employees[1].id"),
        (broken(["employees", 0, "max_wfh_per_week"], -2), "employees[0].max_wfh_per_week"),
        (broken(["units", 0, "min_onsite_share"], 1.5), "units[0].min_onsite_share"),
        (broken(["units", 0, "wfh_share"], -0.1), "units[0].wfh_share"),
        (
            broken(["employees", 0, "prefer_wfh"], ["thursday", "funday"]),
            "employees[0].prefer_wfh[1]",
        ),
        (broken(["allowed_weekdays"], ["mon", "xyz"]), "allowed_weekdays[1]"),
        (broken(["employees", 0, "leave"], ["7 Jan 2026"]), "employees[0].leave[0]"),
        (broken(["fixed_wfh_weekday"], "thurs"), "fixed_wfh_weekday"),
        (broken(["employees", 0, "eligible"], "yes"), "employees[0].eligible"),
        (broken(["employees", 0, "carry_shortfall"], -1), "employees[0].carry_shortfall"),
        (
            broken(["employees", 0, "published"], {"2026-01-05": "MAYBE"}),
            "employees[0].published[2026-01-05]",
        ),
        (broken(["units"], [{"id": "U1"}, {"id": "U1"}]), "units[1].id"),
        (broken(["days"], "2026-01-05"), "days"),
        ([1, 2], "problem"),
    ],
)
def test_invalid_input_names_the_field_in_indonesian(problem, field):
    with pytest.raises(ProblemError) as info:
        solve(problem)
    assert info.value.field == field
    assert isinstance(info.value, ValueError)
    assert any(word in info.value.message for word in ("tidak", "harus", "ganda", "wajib"))


def test_weekday_names_accept_indonesian_and_english():
    problem = broken(["fixed_wfh_weekday"], "Kamis")
    assert parse_problem(problem).fixed_wfh_weekday == 3
    problem["fixed_wfh_weekday"] = "thursday"
    assert parse_problem(problem).fixed_wfh_weekday == 3


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10) | st.floats(-1, 2) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)
PATHS = [
    ["days"],
    ["days", 0],
    ["units"],
    ["units", 0],
    ["units", 0, "id"],
    ["units", 0, "min_onsite_share"],
    ["units", 0, "min_onsite_count"],
    ["units", 0, "wfh_share"],
    ["employees"],
    ["employees", 0],
    ["employees", 0, "id"],
    ["employees", 0, "unit"],
    ["employees", 0, "eligible"],
    ["employees", 0, "wfh_target"],
    ["employees", 0, "max_wfh_per_week"],
    ["employees", 0, "leave"],
    ["employees", 0, "duty"],
    ["employees", 0, "prefer_wfh"],
    ["employees", 0, "avoid_wfh"],
    ["employees", 0, "carry_shortfall"],
    ["employees", 0, "published"],
    ["employees", 0, "ineligible_reason"],
    ["fixed_wfh_weekday"],
    ["allowed_weekdays"],
    ["blackout"],
]


@FAST
@given(st.sampled_from(PATHS), JSON)
def test_any_malformed_value_gives_a_problem_error_never_a_crash(path, value):
    """Bad input is refused with a field name; anything else must still solve correctly."""
    problem = broken(path, value)
    try:
        solution = solve(problem)
    except ProblemError as err:
        assert err.field.split("[")[0].split(".")[0] in {
            "days",
            "units",
            "employees",
            "fixed_wfh_weekday",
            "allowed_weekdays",
            "blackout",
        }
    else:
        assert check_roster(problem, solution["assignments"]) == []


def test_solver_is_pure_python_without_django():
    """The solver is a pure module (the package's celery app is not its doing)."""
    import ast
    from pathlib import Path

    from hibrida.roster import problem as problem_module
    from hibrida.roster import solver as solver_module

    for module in (solver_module, problem_module):
        tree = ast.parse(Path(module.__file__).read_text())
        imported = {
            (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert not [name for name in imported if name.split(".")[0] in ("django", "hibrida")]
