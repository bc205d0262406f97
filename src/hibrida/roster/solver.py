"""The fair WFH/WFO roster solver: an exact lexicographic optimum per unit.

Pure module: OR-Tools only, no Django import. Network-flow engine by default, CP-SAT as the
independent reference; the model, the priorities and the proof of the weights are in
docs/architecture.md, "The roster solver".
"""

from __future__ import annotations

import gc
import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow
from ortools.sat.python import cp_model

from .problem import (
    DUTY,
    LEAVE,
    WFH,
    WFO,
    Employee,
    Problem,
    Unit,
    parse_problem,
    wfh_capacity,
)

OPTIMAL = "OPTIMAL"
FEASIBLE = "FEASIBLE"
# OR-Tools' min-cost flow multiplies costs by (nodes + 1) internally; stay well below 2^63.
_COST_LIMIT = 2**61


@dataclass
class _UnitModel:
    """One unit's instance, reduced to indices: what both engines consume."""

    unit: Unit
    days: tuple[date, ...]
    employees: list[Employee]
    eligible: list[int]  # indices into employees
    allowed: dict[int, list[int]]  # employee index → day indices where WFH is possible
    weeks: list[tuple[int, int]]  # day index → ISO (year, week)
    cap: list[int]  # day index → most WFH that day
    personal_max: dict[int, int]  # employee index → most WFH days reachable alone
    lower_bound: int  # proven lower bound of objective (1)

    def week_cap(self, e: int) -> int | None:
        return self.employees[e].max_wfh_per_week

    def stability_cost(self, e: int, j: int) -> int:
        """Change count caused by WFH on (e, j), shifted by +1 to be non-negative: 0, 1 or 2."""
        published = self.employees[e].published
        if published is None or self.days[j] not in published:
            return 1
        return 0 if published[self.days[j]] == WFH else 2

    def preference_cost(self, e: int, j: int) -> int:
        """1 − preference: 0 on a preferred day, 2 on an avoided day."""
        return 1 - self.employees[e].preference(self.days[j])


@dataclass
class _UnitResult:
    wfh: dict[int, set[int]]  # employee index → day indices WFH
    status: str
    bound: int
    seconds: float = 0.0
    engine: str = "flow"


def solve(
    problem: dict[str, Any] | Problem,
    *,
    time_limit_s: float = 10.0,
    workers: int = 1,
    engine: str = "flow",
) -> dict[str, Any]:
    """Solve a roster problem; return the solution dict.

    Raises ``ProblemError`` (naming the field) on invalid input, before any solving.
    ``workers`` is the CP-SAT thread count (the flow engine is single-threaded: fan units out
    with ``split_problem`` instead); ``engine`` is "flow" (default, exact) or "cpsat".
    ``time_limit_s`` bounds the whole call: units not reached in time keep an all-WFO roster
    (always feasible) and the status becomes FEASIBLE with the proven ``bound``.
    """
    if engine not in ("flow", "cpsat"):
        raise ValueError(f"unknown engine {engine!r}")
    # The solve allocates millions of small acyclic objects for a big city; the cyclic garbage
    # collector would rescan them all again and again (seconds-long pauses at 1.5M staff).
    # Reference counting still frees everything; collection resumes afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _solve(problem, time_limit_s, workers, engine)
    finally:
        if was_enabled:
            gc.enable()


def _solve(
    problem: dict[str, Any] | Problem, time_limit_s: float, workers: int, engine: str
) -> dict[str, Any]:
    started = time.perf_counter()
    parsed = parse_problem(problem)
    deadline = started + max(time_limit_s, 0.0)
    by_unit: dict[str, list[Employee]] = {uid: [] for uid in parsed.units}
    for emp in parsed.employees:
        by_unit[emp.unit].append(emp)

    results: dict[str, _UnitResult] = {}
    models: dict[str, _UnitModel] = {}
    unit_ids = list(parsed.units)
    for n, uid in enumerate(unit_ids):
        unit_started = time.perf_counter()
        model = _build_unit(parsed, parsed.units[uid], by_unit[uid])
        models[uid] = model
        remaining = deadline - unit_started
        if remaining <= 0:
            result = _UnitResult({}, FEASIBLE, model.lower_bound, engine="none")
        elif engine == "cpsat":
            share = remaining / (len(unit_ids) - n)
            result = _solve_unit_cpsat(model, share, workers)
        else:
            result = _solve_unit_flow(model)
        result.seconds = time.perf_counter() - unit_started
        results[uid] = result
    return _solution(parsed, models, results, time.perf_counter() - started)


# --------------------------------------------------------------------------- building


def _build_unit(problem: Problem, unit: Unit, employees: list[Employee]) -> _UnitModel:
    days = problem.days
    weeks = [_iso_week(d) for d in days]
    day_ok = [problem.wfh_day_allowed(d) for d in days]
    index = {d: j for j, d in enumerate(days)}
    on_leave = [0] * len(days)
    away = [0] * len(days)  # on leave or on duty: not available on site
    off_days: list[set[int]] = []
    for emp in employees:
        leave = {index[d] for d in emp.leave if d in index}
        off = leave | {index[d] for d in emp.duty if d in index}
        for j in leave:
            on_leave[j] += 1
        for j in off:
            away[j] += 1
        off_days.append(off)
    n = len(employees)
    cap = [
        wfh_capacity(unit, n - on_leave[j], n - away[j]) if day_ok[j] else 0
        for j in range(len(days))
    ]
    open_days = [j for j in range(len(days)) if cap[j] > 0]
    eligible = [i for i, e in enumerate(employees) if e.eligible]
    allowed: dict[int, list[int]] = {}
    personal_max: dict[int, int] = {}
    lower_bound = 0
    for i in eligible:
        emp = employees[i]
        off = off_days[i]
        if emp.wfh_target > 0:
            allowed[i] = [j for j in open_days if j not in off] if off else open_days
        else:
            allowed[i] = []
        per_week: dict[tuple[int, int], int] = defaultdict(int)
        for j in allowed[i]:
            per_week[weeks[j]] += 1
        limit = emp.max_wfh_per_week
        reach = sum(k if limit is None else min(k, limit) for k in per_week.values())
        personal_max[i] = min(reach, emp.wfh_target)
        lower_bound = max(lower_bound, emp.carry_shortfall + emp.wfh_target - personal_max[i])
    return _UnitModel(
        unit, days, employees, eligible, allowed, weeks, cap, personal_max, lower_bound
    )


def _iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


# --------------------------------------------------------------------------- flow engine


class _Graph:
    """Node numbering and arcs shared by the max-flow checks and the final min-cost flow.

    Arcs are kept as parallel lists and handed to OR-Tools in one vectorised call: per-arc
    Python calls were most of the solve time.
    """

    def __init__(self, m: _UnitModel):
        self.source, self.sink = 0, 1
        self.emp_node: dict[int, int] = {}
        nxt = 2
        for i in m.eligible:
            if m.personal_max[i] > 0:
                self.emp_node[i] = nxt
                nxt += 1
        # employee → [employee-week →] day arcs; a week node when the employee has two or more
        # possible days that week (its cap and the weekly-evenness cost live on it)
        self.mid_tail: list[int] = []
        self.mid_head: list[int] = []
        self.mid_cap: list[int] = []
        self.x_tail: list[int] = []
        self.x_emp: list[int] = []
        self.x_day: list[int] = []
        self.x_direct: list[bool] = []  # no week node: the only possible day that week
        for i, node in self.emp_node.items():
            limit = m.week_cap(i)
            by_week: dict[tuple[int, int], list[int]] = defaultdict(list)
            for j in m.allowed[i]:
                by_week[m.weeks[j]].append(j)
            for js in by_week.values():
                tail = node
                if len(js) > 1:
                    tail = nxt
                    nxt += 1
                    self.mid_tail.append(node)
                    self.mid_head.append(tail)
                    self.mid_cap.append(len(js) if limit is None else min(limit, len(js)))
                self.x_tail.extend([tail] * len(js))
                self.x_direct.extend([tail == node] * len(js))
                self.x_emp.extend([i] * len(js))
                self.x_day.extend(js)
        self.degree: dict[int, int] = defaultdict(int)
        for j in self.x_day:
            self.degree[j] += 1
        self.day_node: dict[int, int] = {}
        for j in sorted(self.degree):
            self.day_node[j] = nxt
            nxt += 1
        self.x_head = [self.day_node[j] for j in self.x_day]
        self.num_nodes = nxt


def _arr32(values: Sequence[int]) -> np.ndarray:
    return np.asarray(values, dtype=np.int32)


def _arr64(values: Sequence[int]) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


class _MaxFlow:
    """The unit's network as a max-flow; only the source → employee capacities vary."""

    def __init__(self, m: _UnitModel, g: _Graph):
        self.flow = max_flow.SimpleMaxFlow()
        self.g = g
        self.emps = list(g.emp_node)
        day_nodes = list(g.day_node.items())
        tails = [g.source] * len(self.emps) + g.mid_tail + g.x_tail + [n for _, n in day_nodes]
        heads = (
            [g.emp_node[i] for i in self.emps] + g.mid_head + g.x_head + [g.sink] * len(day_nodes)
        )
        caps = (
            [0] * len(self.emps)
            + g.mid_cap
            + [1] * len(g.x_tail)
            + [m.cap[j] for j, _ in day_nodes]
        )
        self.flow.add_arcs_with_capacity(_arr32(tails), _arr32(heads), _arr64(caps))

    def value(self, caps: dict[int, int]) -> int:
        """Largest number of WFH days when employee i may receive at most caps[i]."""
        for arc, i in enumerate(self.emps):
            self.flow.set_arc_capacity(arc, caps.get(i, 0))
        if self.flow.solve(self.g.source, self.g.sink) != self.flow.OPTIMAL:
            raise RuntimeError("max flow failed")
        return int(self.flow.optimal_flow())


def _mandatory(m: _UnitModel, level: int) -> dict[int, int]:
    """Days each employee must receive so that carry + shortfall ≤ level."""
    result: dict[int, int] = {}
    for i in m.eligible:
        emp = m.employees[i]
        result[i] = max(0, emp.wfh_target - (level - emp.carry_shortfall))
    return result


def _lexicographic_stages(
    levels: list[tuple[np.ndarray, int]], num_nodes: int, total: int
) -> list[np.ndarray]:
    """Group the levels (top first; each a cost per arc ≥ 0 and its range R) into stages.

    Within a stage, costs are combined with weights proven sufficient: over flows of the fixed
    value ``total`` a level's total cost varies by at most R, and each weight is one more than
    the largest weighted variation of all lower levels of the stage, so one unit of a higher
    level outweighs anything below it. Levels join the current stage while the combined costs
    stay clear of 64-bit overflow inside OR-Tools' cost scaling (it multiplies costs by the
    number of nodes); the remaining levels start a new stage, solved on the optimal face of
    the previous ones (see ``_restrict_to_optimal_face``).
    """
    stages: list[list[tuple[np.ndarray, int]]] = []
    for level in levels:
        if stages and _combined(stages[-1] + [level], num_nodes, total) is not None:
            stages[-1].append(level)
        else:
            stages.append([level])
    combined_stages = []
    for stage in stages:
        combined = _combined(stage, num_nodes, total)
        # A one-level stage is never refused and a longer one was accepted when it grew.
        assert combined is not None
        combined_stages.append(combined)
    return combined_stages


def _combined(stage: list[tuple[np.ndarray, int]], num_nodes: int, total: int) -> np.ndarray | None:
    """The stage's weighted cost per arc, or None if combining its levels could overflow."""
    weights, bound = [], 0
    for _, spread in reversed(stage):
        weight = bound + 1
        weights.append(weight)
        bound += weight * spread
    weights.reverse()
    largest = sum(
        w * int(costs.max(initial=0)) for w, (costs, _) in zip(weights, stage, strict=True)
    )
    too_big = largest * (num_nodes + 1) >= _COST_LIMIT or largest * total >= _COST_LIMIT
    if too_big and len(stage) > 1:  # one level alone has small costs (a few × unit size)
        return None
    combined = np.zeros_like(stage[0][0])
    for weight, (costs, _) in zip(weights, stage, strict=True):
        combined += weight * costs
    return combined


def _restrict_to_optimal_face(
    tails: np.ndarray,
    heads: np.ndarray,
    caps: np.ndarray,
    costs: np.ndarray,
    flows: np.ndarray,
    supplies: np.ndarray,
    fixed: np.ndarray,
    num_nodes: int,
) -> None:
    """Keep only the flows that are optimal for ``costs`` (in place), for the next stage.

    With node potentials π from shortest paths in the residual network, an optimal flow has
    reduced cost ``c + π(tail) − π(head)`` ≥ 0 on every residual arc, and a flow is optimal iff
    it is zero on arcs of positive and full on arcs of negative reduced cost (complementary
    slackness, the same π serving every optimal flow). So those arcs are fixed — removed, or
    saturated by moving their capacity into the node supplies — and the next stage optimises
    freely over the arcs of zero reduced cost: exactly the set of optimal flows.
    """
    forward = flows < caps
    backward = flows > 0
    r_tail = np.concatenate([tails[forward], heads[backward]])
    r_head = np.concatenate([heads[forward], tails[backward]])
    r_cost = np.concatenate([costs[forward], -costs[backward]])
    potential = np.zeros(num_nodes, dtype=np.int64)
    for _ in range(num_nodes + 1):  # Bellman–Ford from a virtual source joined to every node
        candidate = potential.copy()
        np.minimum.at(candidate, r_head, potential[r_tail] + r_cost)
        if np.array_equal(candidate, potential):
            break
        potential = candidate
    else:  # pragma: no cover - an optimal flow has no negative residual cycle
        raise RuntimeError("negative cycle in an optimal flow")
    reduced = costs + potential[tails] - potential[heads]
    caps[(reduced > 0) & (caps > 0)] = 0
    full = (reduced < 0) & (caps > 0)
    fixed[full] += caps[full]
    np.add.at(supplies, tails[full], -caps[full])
    np.add.at(supplies, heads[full], caps[full])
    caps[full] = 0


# Solver stage: the min-cost-flow model built and read in one place.
def _solve_unit_flow(m: _UnitModel) -> _UnitResult:  # noqa: C901, PLR0915
    reachable = sum(m.personal_max.values())
    if reachable == 0:
        return _UnitResult({}, OPTIMAL, m.lower_bound)
    g = _Graph(m)
    checks = _MaxFlow(m, g)
    total = checks.value({i: m.employees[i].wfh_target for i in g.emp_node})
    # Objective (1): when everyone reaches their personal maximum the bound is attained.
    level = m.lower_bound
    if total != reachable:
        hi = max(m.employees[i].carry_shortfall + m.employees[i].wfh_target for i in m.eligible)
        lo = level
        while lo < hi:
            mid = (lo + hi) // 2
            need = _mandatory(m, mid)
            if checks.value(need) == sum(need[i] for i in g.emp_node):
                hi = mid
            else:
                lo = mid + 1
        level = lo
    need = _mandatory(m, level)
    # The max flow ``total`` can still give everyone their ``need``: augmenting a flow that meets
    # the needs up to a maximum one never lowers a source → employee flow. So the min-cost flow
    # below fixes exactly ``total`` units, ``need`` of them injected at the employees themselves.

    # Arcs: source → employee (one per optional k-th day: fairness), employee → week (one per
    # k-th day that week: weekly evenness), → day (the x pairs), day → sink (one per k-th WFH
    # of the day: daily spread). Unit arcs with increasing costs model the convex squares.
    fair_node, fair_gain = [], []
    for i, node in g.emp_node.items():
        emp = m.employees[i]
        carry_target = emp.carry_shortfall + emp.wfh_target
        for k in range(need[i] + 1, m.personal_max[i] + 1):
            # giving the k-th day lowers (c + s)² by 2·(c + t − k) + 1
            fair_node.append(node)
            fair_gain.append(2 * (carry_target - k) + 1)
    week_tail, week_head, week_k = [], [], []
    for tail, head, capacity in zip(g.mid_tail, g.mid_head, g.mid_cap, strict=True):
        for k in range(1, capacity + 1):  # the k-th WFH day of one week adds 2k − 1 to n²
            week_tail.append(tail)
            week_head.append(head)
            week_k.append(k)
    spread_tail, spread_k = [], []
    for j, node in g.day_node.items():
        for k in range(1, min(m.cap[j], g.degree[j]) + 1):
            spread_tail.append(node)
            spread_k.append(k)
    n_fair, n_week, n_x, n_spread = len(fair_node), len(week_tail), len(g.x_tail), len(spread_k)
    tails = _arr64([g.source] * n_fair + week_tail + g.x_tail + spread_tail)
    heads = _arr64(fair_node + week_head + g.x_head + [g.sink] * n_spread)
    caps = np.ones(len(tails), dtype=np.int64)
    x_part = slice(n_fair + n_week, n_fair + n_week + n_x)

    def level_costs(
        fair: Sequence[int] = (),
        week: Sequence[int] = (),
        x: Sequence[int] = (),
        spread: Sequence[int] = (),
    ) -> np.ndarray:
        costs = np.zeros(len(tails), dtype=np.int64)
        for part, values in (
            (slice(0, n_fair), fair),
            (slice(n_fair, n_fair + n_week), week),
            (x_part, x),
            (slice(n_fair + n_week + n_x, len(tails)), spread),
        ):
            if len(values):
                costs[part] = values
        return costs

    k_max = max(fair_gain, default=0)
    pref = [m.preference_cost(i, j) for i, j in zip(g.x_emp, g.x_day, strict=True)]
    stab = [m.stability_cost(i, j) for i, j in zip(g.x_emp, g.x_day, strict=True)]
    week_max = max([1, *g.mid_cap])
    days_used = max(len(g.day_node), 1)
    levels = [(level_costs(fair=[k_max - gain for gain in fair_gain]), 0)]
    if any(c != 1 for c in stab):
        levels.append((level_costs(x=stab), 2 * total))
    if any(c != 1 for c in pref):
        levels.append((level_costs(x=pref), 2 * total))
    levels.append(
        (
            level_costs(spread=[2 * k - 1 for k in spread_k]),
            total * max(m.cap, default=0) - total * total // days_used,
        )
    )
    levels.append(
        (
            level_costs(week=[2 * k - 1 for k in week_k], x=[int(d) for d in g.x_direct]),
            total * (week_max - 1),
        )
    )
    supplies = np.zeros(g.num_nodes, dtype=np.int64)
    supplies[g.source] = total - sum(need[i] for i in g.emp_node)
    supplies[g.sink] = -total
    for i, node in g.emp_node.items():
        supplies[node] = need[i]
    fixed = np.zeros(len(tails), dtype=np.int64)
    stages = _lexicographic_stages(levels, g.num_nodes, total)
    all_nodes = np.arange(g.num_nodes, dtype=np.int32)
    for n, costs in enumerate(stages):
        flow = min_cost_flow.SimpleMinCostFlow()
        arcs = flow.add_arcs_with_capacity_and_unit_cost(
            tails.astype(np.int32), heads.astype(np.int32), caps, costs
        )
        flow.set_nodes_supplies(all_nodes, supplies)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min cost flow failed: {status}")
        flows = np.asarray(flow.flows(arcs), dtype=np.int64)
        if n < len(stages) - 1:
            _restrict_to_optimal_face(
                tails, heads, caps, costs, flows, supplies, fixed, g.num_nodes
            )
    used = fixed[x_part] + flows[x_part]
    wfh: dict[int, set[int]] = defaultdict(set)
    for arc in np.flatnonzero(used):
        wfh[g.x_emp[arc]].add(g.x_day[arc])
    return _UnitResult(dict(wfh), OPTIMAL, level)


# --------------------------------------------------------------------------- CP-SAT engine


# Solver stage: the CP-SAT model and its lexicographic stages in one place.
def _solve_unit_cpsat(m: _UnitModel, time_limit_s: float, workers: int) -> _UnitResult:  # noqa: C901, PLR0915
    """The same lexicographic objective, solved in stages; each optimum is fixed in turn."""
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i in m.eligible:
        for j in m.allowed[i]:
            x[i, j] = model.new_bool_var(f"x{i}_{j}")
    assigned = {}
    weekly = []
    for i in m.eligible:
        emp = m.employees[i]
        mine = [x[i, j] for j in m.allowed[i]]
        assigned[i] = sum(mine)
        model.add(sum(mine) <= emp.wfh_target)
        by_week = defaultdict(list)
        for j in m.allowed[i]:
            by_week[m.weeks[j]].append(x[i, j])
        for vs in by_week.values():
            if emp.max_wfh_per_week is not None:
                model.add(sum(vs) <= emp.max_wfh_per_week)
            if len(vs) == 1:
                weekly.append(vs[0])  # n² = n for a 0/1 count
                continue
            n = model.new_int_var(0, len(vs), f"n{i}_{len(weekly)}")
            model.add(n == sum(vs))
            sq = model.new_int_var(0, len(vs) ** 2, f"nsq{i}_{len(weekly)}")
            model.add_multiplication_equality(sq, [n, n])
            weekly.append(sq)
    loads = {}
    for j in range(len(m.days)):
        vs = [x[i, j] for i in m.eligible if (i, j) in x]
        if vs:
            model.add(sum(vs) <= m.cap[j])
            loads[j] = model.new_int_var(0, len(vs), f"load{j}")
            model.add(loads[j] == sum(vs))
    if not m.eligible:
        return _UnitResult({}, OPTIMAL, 0, engine="cpsat")
    hi = max(m.employees[i].carry_shortfall + m.employees[i].wfh_target for i in m.eligible)
    top = model.new_int_var(0, hi, "max_cumulative_shortfall")
    cum = {}
    for i in m.eligible:
        emp = m.employees[i]
        cum[i] = model.new_int_var(0, hi, f"cum{i}")
        model.add(cum[i] == emp.carry_shortfall + emp.wfh_target - assigned[i])
        model.add(top >= cum[i])
    squares = []
    for i in m.eligible:
        sq = model.new_int_var(0, hi * hi, f"sq{i}")
        model.add_multiplication_equality(sq, [cum[i], cum[i]])
        squares.append(sq)
    spread = []
    for j, load in loads.items():
        sq = model.new_int_var(0, len(m.eligible) ** 2, f"spread{j}")
        model.add_multiplication_equality(sq, [load, load])
        spread.append(sq)
    stages = [
        top,
        sum(m.employees[i].wfh_target - assigned[i] for i in m.eligible),
        sum(squares),
    ]
    if any(m.employees[i].published is not None for i in m.eligible):
        stages.append(sum(m.stability_cost(i, j) * v for (i, j), v in x.items()))
    if any(m.preference_cost(i, j) != 1 for (i, j) in x):
        stages.append(sum(m.preference_cost(i, j) * v for (i, j), v in x.items()))
    stages.append(sum(spread))
    stages.append(sum(weekly))

    deadline = time.perf_counter() + time_limit_s
    best: dict[int, set[int]] = {}
    status_out, bound = OPTIMAL, m.lower_bound
    for stage, objective in enumerate(stages):
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            status_out = FEASIBLE
            break
        model.minimize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = remaining
        solver.parameters.num_workers = max(1, workers)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            status_out = FEASIBLE
            if stage == 0:
                bound = max(bound, _proven(solver.best_objective_bound))
            break
        value = round(solver.objective_value)
        best = defaultdict(set)
        for (i, j), v in x.items():
            if solver.value(v):
                best[i].add(j)
        model.clear_hints()  # type: ignore[no-untyped-call]  # OR-Tools leaves it unannotated
        for (i, j), v in x.items():
            model.add_hint(v, j in best[i])
        if stage == 0:
            bound = (
                value
                if status == cp_model.OPTIMAL
                else max(bound, _proven(solver.best_objective_bound))
            )
        if status != cp_model.OPTIMAL:
            status_out = FEASIBLE
            break
        model.add(objective <= value)
    return _UnitResult(dict(best), status_out, bound, engine="cpsat")


def _proven(objective_bound: float) -> int:
    """CP-SAT's lower bound as an integer (the objective is integral), 0 when it has none."""
    if not math.isfinite(objective_bound):
        return 0
    return math.ceil(objective_bound - 1e-9)


# --------------------------------------------------------------------------- output


# Solver stage: assembles the answer, its levels and diagnostics in one place.
def _solution(  # noqa: C901, PLR0915
    problem: Problem,
    models: dict[str, _UnitModel],
    results: dict[str, _UnitResult],
    seconds: float,
) -> dict[str, Any]:
    assignments: dict[str, dict[str, str]] = {}
    explanations: dict[str, str] = {}
    units: dict[str, dict[str, Any]] = {}
    overall_max = overall_cum = overall_total = 0
    overall_bound = 0
    all_optimal = True
    has_carry = any(e.carry_shortfall for e in problem.employees)
    changed = 0
    has_published = False
    day_keys = [d.isoformat() for d in problem.days]
    for uid, m in models.items():
        res = results[uid]
        unit_max = unit_cum = unit_total = 0
        for i, emp in enumerate(m.employees):
            wfh = res.wfh.get(i, set())
            if emp.leave or emp.duty or emp.published is not None:
                row = {}
                for j, d in enumerate(m.days):
                    state = emp.state_off(d) or (WFH if j in wfh else WFO)
                    row[day_keys[j]] = state
                    if emp.published is not None:
                        has_published = True
                        if d in emp.published and emp.published[d] != state:
                            changed += 1
            else:
                row = dict.fromkeys(day_keys, WFO)
                for j in wfh:
                    row[day_keys[j]] = WFH
            assignments[emp.id] = row
            if not emp.eligible:
                explanations[emp.id] = "not eligible: " + (
                    emp.ineligible_reason or "tidak memenuhi syarat WFH"
                )
                continue
            short = emp.wfh_target - len(wfh)
            unit_max = max(unit_max, short)
            unit_cum = max(unit_cum, short + emp.carry_shortfall)
            unit_total += short
            if short > 0:
                explanations[emp.id] = _explain_shortfall(emp, short, m.personal_max[i])
        detail = {
            "status": res.status,
            "solve_seconds": round(res.seconds, 6),
            "max_shortfall": unit_max,
            "total_shortfall": unit_total,
        }
        if res.engine != "flow":
            detail["engine"] = res.engine
        if res.status != OPTIMAL:
            detail["bound"] = res.bound
            all_optimal = False
        units[uid] = detail
        overall_max = max(overall_max, unit_max)
        overall_cum = max(overall_cum, unit_cum)
        overall_total += unit_total
        overall_bound = max(overall_bound, res.bound)
    solution: dict[str, Any] = {
        "status": OPTIMAL if all_optimal else FEASIBLE,
        "assignments": assignments,
        "max_shortfall": overall_max,
        "total_shortfall": overall_total,
        "solve_seconds": round(seconds, 6),
        "explanations": explanations,
        "units": units,
    }
    if has_carry:
        solution["max_cumulative_shortfall"] = overall_cum
    if has_published:
        solution["changed_assignments"] = changed
    if not all_optimal:
        # proven lower bound of objective (1) (cumulative when carry is given)
        solution["bound"] = overall_bound
    return solution


def _explain_shortfall(emp: Employee, short: int, personal_max: int) -> str:
    personal = emp.wfh_target - personal_max
    coverage = short - personal
    parts = []
    if personal:
        parts.append(f"{personal} karena cuti/dinas luar/hari yang diizinkan/batas mingguan")
    if coverage:
        parts.append(f"{coverage} karena cakupan minimum di kantor (coverage) unit")
    return f"shortfall {short} of {emp.wfh_target}: " + ", ".join(parts)


# --------------------------------------------------------------------------- helpers


def split_problem(problem: dict[str, Any]) -> list[dict[str, Any]]:
    """Cut a valid problem dict into one problem per unit (for fanning out as Celery tasks)."""
    parse_problem(problem)
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for emp in problem["employees"]:
        by_unit[str(emp["unit"])].append(emp)
    parts = []
    for unit in problem["units"]:
        part = {k: v for k, v in problem.items() if k not in ("units", "employees")}
        part["units"] = [unit]
        part["employees"] = by_unit.get(str(unit["id"]), [])
        parts.append(part)
    return parts


def merge_solutions(solutions: list[dict[str, Any]]) -> dict[str, Any]:
    """Join per-unit solutions (from ``split_problem`` parts) into one solution dict."""
    merged: dict[str, Any] = {
        "status": OPTIMAL,
        "assignments": {},
        "max_shortfall": 0,
        "total_shortfall": 0,
        "solve_seconds": 0.0,
        "explanations": {},
        "units": {},
    }
    for sol in solutions:
        merged["assignments"].update(sol["assignments"])
        merged["explanations"].update(sol["explanations"])
        merged["units"].update(sol["units"])
        merged["max_shortfall"] = max(merged["max_shortfall"], sol["max_shortfall"])
        merged["total_shortfall"] += sol["total_shortfall"]
        merged["solve_seconds"] = max(merged["solve_seconds"], sol["solve_seconds"])
        for key in ("max_cumulative_shortfall", "bound"):
            if key in sol:
                merged[key] = max(merged.get(key, 0), sol[key])
        if "changed_assignments" in sol:
            merged["changed_assignments"] = (
                merged.get("changed_assignments", 0) + sol["changed_assignments"]
            )
        if sol["status"] != OPTIMAL:
            merged["status"] = FEASIBLE
    if merged["status"] == OPTIMAL:
        merged.pop("bound", None)
    return merged


# One branch per hard constraint, side by side so the list reads as the full set of rules.
def check_roster(  # noqa: C901
    problem: dict[str, Any] | Problem, assignments: dict[str, dict[str, str]]
) -> list[str]:
    """Every hard constraint the assignments break, one Indonesian sentence each; [] when valid.

    Used by the tests and usable by services to refuse a swap that breaks coverage or quota.
    """
    p = parse_problem(problem)
    errors = []
    by_unit: dict[str, list[Employee]] = defaultdict(list)
    for emp in p.employees:
        by_unit[emp.unit].append(emp)
    for emp in p.employees:
        row = assignments.get(emp.id, {})
        weeks: dict[tuple[int, int], int] = defaultdict(int)
        count = 0
        for d in p.days:
            state = row.get(d.isoformat())
            expected_off = emp.state_off(d)
            if expected_off and state != expected_off:
                errors.append(f"{emp.id} {d}: harus {expected_off}, bukan {state}")
            if not expected_off and state not in (WFH, WFO):
                errors.append(f"{emp.id} {d}: status {state} tidak sah")
            if state == WFH:
                count += 1
                weeks[_iso_week(d)] += 1
                if not emp.eligible:
                    errors.append(f"{emp.id} {d}: tidak memenuhi syarat tetapi WFH")
                if not p.wfh_day_allowed(d):
                    errors.append(f"{emp.id} {d}: WFH pada hari yang tidak diizinkan")
        if count > emp.wfh_target:
            errors.append(f"{emp.id}: WFH {count} melebihi target {emp.wfh_target}")
        limit = emp.max_wfh_per_week
        if limit is not None and any(n > limit for n in weeks.values()):
            errors.append(f"{emp.id}: WFH melebihi {limit} hari per minggu")
    for uid, emps in by_unit.items():
        unit = p.units[uid]
        for d in p.days:
            key = d.isoformat()
            not_on_leave = sum(1 for e in emps if d not in e.leave)
            available = sum(1 for e in emps if e.state_off(d) is None)
            wfh = sum(1 for e in emps if assignments.get(e.id, {}).get(key) == WFH)
            if wfh > wfh_capacity(unit, not_on_leave, available):
                errors.append(f"unit {uid} {d}: {wfh} WFH melanggar cakupan minimum")
    return errors


def evaluate(
    problem: dict[str, Any] | Problem, assignments: dict[str, dict[str, str]]
) -> dict[str, dict[str, int]]:
    """Per unit, the objective levels of a roster, in priority order (lower is better).

    ``max_cumulative_shortfall``, ``total_shortfall``, ``fairness`` (Σ (c + s)²), ``changes``
    (against ``published``), ``preference`` (avoided minus preferred WFH days), ``spread``
    (Σ over days of the unit's WFH count squared) and ``weekly`` (Σ over employees and ISO
    weeks of their WFH count squared).
    """
    p = parse_problem(problem)
    out: dict[str, dict[str, int]] = {
        uid: dict.fromkeys(
            (
                "max_cumulative_shortfall",
                "total_shortfall",
                "fairness",
                "changes",
                "preference",
                "spread",
                "weekly",
            ),
            0,
        )
        for uid in p.units
    }
    loads: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for emp in p.employees:
        row = assignments.get(emp.id, {})
        levels = out[emp.unit]
        wfh_days = [d for d in p.days if row.get(d.isoformat()) == WFH]
        per_week: dict[tuple[int, int], int] = defaultdict(int)
        for d in wfh_days:
            loads[emp.unit][d] += 1
            levels["preference"] -= emp.preference(d)
            per_week[_iso_week(d)] += 1
        levels["weekly"] += sum(n * n for n in per_week.values())
        if emp.published is not None:
            levels["changes"] += sum(
                1
                for d in p.days
                if d in emp.published and emp.published[d] != row.get(d.isoformat())
            )
        if emp.eligible:
            short = emp.wfh_target - len(wfh_days)
            cum = emp.carry_shortfall + short
            levels["max_cumulative_shortfall"] = max(levels["max_cumulative_shortfall"], cum)
            levels["total_shortfall"] += short
            levels["fairness"] += cum * cum
    for uid, by_day in loads.items():
        out[uid]["spread"] = sum(n * n for n in by_day.values())
    return out


__all__ = [
    "DUTY",
    "LEAVE",
    "WFH",
    "WFO",
    "check_roster",
    "evaluate",
    "merge_solutions",
    "solve",
    "split_problem",
]
