"""Reads of the efficiency app, scoped to the viewer through hibrida.org.access."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from hibrida.activity.models import DailyReport
from hibrida.audit.log import last_seq
from hibrida.monitoring.disclosure import Cell, filter_cells, suppress
from hibrida.org import access
from hibrida.org.models import Employee, Opd, User
from hibrida.policy.city_eligibility import ELIGIBILITY_INPUT_ACTIONS, opd_eligibility
from hibrida.policy.models import PolicyRule, WfhReadiness
from hibrida.presence.selectors import attendance_summary
from hibrida.roster.modes import WorkMode
from hibrida.roster.selectors import latest_published_month, month_fairness, planned_modes

from .consistency import as_dicts, consistency_report
from .inputs import parse_input
from .model import COMPONENTS, OpdInput, simulate
from .models import CostBaseline, Metric, PilotMetric, RealisedCost, ServiceLevel
from .pilot import CONTROL_CLASS, PERIODS, PRE_PERIODS, OpdInfo, ServiceSummary, evaluate

NO_DATA = "data belum tersedia"


def require_city_reader(viewer: User) -> None:
    if not access.scope_for(viewer).has(access.Role.BKPSDM, access.Role.INSPEKTORAT):
        raise PermissionDenied("Hanya BKPSDM dan Inspektorat yang dapat membuka simulasi kota.")


# --- OPD inputs for the model -------------------------------------------------------------


def eligibility_from_positions(opd_ids: set[int] | None = None) -> dict[int, dict[str, Any]]:
    """Fallback eligibility before the policy engine answers: a position that requires
    presence or field work is not WFH-eligible; its reason is the position's stated reason."""
    out: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"total": 0, "eligible": 0, "by_reason": Counter()}
    )
    rows = (
        Employee.objects.filter(is_active=True)
        .values(
            "opd_id",
            "position__requires_presence",
            "position__field_work",
            "position__presence_reason",
        )
        .annotate(n=Count("id"))
    )
    for r in rows:
        row = out[r["opd_id"]]
        row["total"] += r["n"]
        if r["position__requires_presence"] or r["position__field_work"]:
            reason = r["position__presence_reason"] or (
                "tugas lapangan" if r["position__field_work"] else "jabatan wajib hadir"
            )
            row["by_reason"][reason] += r["n"]
        else:
            row["eligible"] += r["n"]
    return {k: {**v, "by_reason": dict(v["by_reason"])} for k, v in out.items()}


def eligibility_source(
    opd_ids: set[int] | None = None,
) -> tuple[dict[int, dict[str, Any]], str]:
    """Eligibility per OPD and where it came from (named on every page that uses it)."""
    fallback = "jabatan wajib hadir/tugas lapangan (data organisasi)"
    if policy_configured():
        return eligibility_by_opd(opd_ids=opd_ids), "mesin kebijakan (kelayakan per pegawai)"
    fallback += "; aturan kebijakan dan kesiapan WFH belum diisi"
    return eligibility_from_positions(opd_ids), fallback


def city_opd_inputs(
    opd_ids: set[int] | None = None, *, planned_share: bool = True
) -> tuple[list[OpdInput], str]:
    """OPDs in the database as model inputs (class, staff, eligibility, baselines, and the
    month's planned WFH share unless ``planned_share`` is False)."""
    opds = Opd.objects.filter(is_active=True).annotate(
        staff=Count("employees", filter=Q(employees__is_active=True))
    )
    if opd_ids is not None:
        opds = opds.filter(pk__in=opd_ids)
    eligibility, source = eligibility_source(opd_ids)
    planned = (
        planned_offsite_share(*_this_month(), opd_ids=opd_ids) if planned_share else None
    ) or {}
    baselines: dict[int, dict[str, float]] = defaultdict(dict)
    for b in CostBaseline.objects.filter(opd__in=opds):
        baselines[b.opd_id][b.component] = float(b.monthly_amount)
    out = []
    for opd in opds.order_by("name"):
        elig = eligibility.get(opd.pk)
        share = elig["eligible"] / elig["total"] if elig and elig["total"] else None
        base = baselines.get(opd.pk)
        out.append(
            OpdInput(
                code=opd.code,
                name=opd.short_name or opd.name,
                opd_class=opd.opd_class,
                staff=opd.staff,
                eligible_share=round(share, 4) if share is not None else None,
                baseline={c: base.get(c, 0.0) for c in COMPONENTS} if base else None,
                planned_share=planned.get(opd.pk),
            )
        )
    return out, source


# The city's model inputs are recomputed at most this often (and at once after a cost-baseline
# write): eligibility over every employee and the month's planned modes cost seconds, and a key
# on the audit sequence — which moves with every check-in — missed on nearly every run.
CITY_INPUTS_KEY = "efficiency:city_opd_inputs"
CITY_INPUTS_SECONDS = 600


def city_inputs_cached() -> tuple[list[OpdInput], str, dt.datetime]:
    """(OPD inputs, eligibility source, when they were computed), from the cache if fresh."""
    from django.core.cache import cache

    hit = cache.get(CITY_INPUTS_KEY)
    if hit is None:
        opds, source = city_opd_inputs()
        hit = (opds, source, timezone.now())
        cache.set(CITY_INPUTS_KEY, hit, CITY_INPUTS_SECONDS)
    return hit


def forget_city_inputs() -> None:
    """Drop the cached city inputs (a cost baseline changed)."""
    from django.core.cache import cache

    cache.delete(CITY_INPUTS_KEY)


def simulation_report(
    data: object, *, use_database: bool, viewer: User | None = None
) -> dict[str, Any]:
    """Run the model on a scenario dict and attach the consistency report.

    ``use_database``: "city": "demo" may read the OPDs from the database (the command line,
    or a city reader — checked by the caller through :func:`require_city_reader`).
    """
    if viewer is not None:
        require_city_reader(viewer)
    city_opds: list[OpdInput] | None = None
    source = ""
    computed_at: dt.datetime | None = None
    if use_database and isinstance(data, dict) and data.get("city") == "demo":
        city_opds, source, computed_at = city_inputs_cached()
    sim = parse_input(data, city_opds)
    result = simulate(sim)
    n_opds, frontline = 40, 3  # the reports: "40+ OPD", three frontline OPDs named
    if city_opds and not sim.average_opd and isinstance(data, dict) and data.get("opds") is None:
        n_opds = len(sim.opds)
        frontline = sum(1 for o in sim.opds if o.opd_class == CONTROL_CLASS)
        result["assumptions"].append(f"Porsi pegawai layak WFH per OPD dari: {source}.")
        if computed_at is not None:
            at = timezone.localtime(computed_at)
            result["city_inputs_at"] = at.isoformat()
            result["assumptions"].append(
                f"Data OPD (pegawai, kelayakan, jadwal, baseline biaya) dibaca pukul "
                f"{at:%H.%M} WIB tanggal {at:%d/%m/%Y}; dibaca ulang paling lama setiap "
                f"{CITY_INPUTS_SECONDS // 60} menit, dan segera setelah baseline biaya diubah."
            )
        result["assumptions"].append(
            "Baseline OPD dari data baseline biaya bila ada; selain itu OPD rata-rata "
            "diskalakan dengan jumlah pegawai."
        )
    checks = consistency_report(n_opds=n_opds, frontline_opds=frontline)
    result["consistency"] = as_dicts(checks)
    result["consistency_warnings"] = [
        f"{c.title}: {c.arithmetic}" for c in checks if not c.consistent
    ]
    return result


# --- realised costs ----------------------------------------------------------------------


def cost_opds(viewer: User) -> QuerySet[Opd]:
    """OPDs whose costs the viewer may read: own OPD (admin) or the city (BKPSDM/Itda)."""
    scope = access.scope_for(viewer)
    if scope.city_reader:
        return Opd.objects.filter(is_active=True)
    if scope.admin_opd_ids:
        return Opd.objects.filter(pk__in=scope.admin_opd_ids)
    raise PermissionDenied("Realisasi biaya hanya untuk admin OPD, BKPSDM, dan Inspektorat.")


def get_cost_opd(viewer: User, pk: int) -> Opd:
    from django.http import Http404

    opd = cost_opds(viewer).filter(pk=pk).first()
    if opd is None:
        raise Http404("OPD tidak ditemukan.")
    return opd


def plan_vs_realised(
    viewer: User, *, opd_id: int | None = None, calibration: str = "tabel_berita"
) -> list[dict[str, Any]]:
    """Per OPD and pilot month: planned cost (model, phase scenario) vs realised cost."""
    opds = cost_opds(viewer)
    if opd_id is not None:
        opds = opds.filter(pk=opd_id)
    opd_list = list(opds.order_by("name"))
    if not opd_list:
        return []
    # The plan is the phase scenario, not this month's schedules: no planned share needed.
    inputs, _source = city_opd_inputs({o.pk for o in opd_list}, planned_share=False)
    scenario_for = {"baseline": "wfo_penuh", "tahap_1": "tahap_1_kamis", "tahap_2": "rotasi_50_50"}
    sim = parse_input(
        {
            "calibration": calibration,
            "opds": [
                {
                    "code": o.code,
                    "name": o.name,
                    "opd_class": o.opd_class,
                    "staff": o.staff,
                    "eligible_share": o.eligible_share,
                    "baseline": o.baseline,
                }
                for o in inputs
            ],
            "scenarios": list(scenario_for.values()),
            "monte_carlo": {"draws": 100, "seed": 1},
        }
    )
    result = simulate(sim)
    plans = {s["key"]: {o["code"]: o for o in s["opds"]} for s in result["scenarios"]}
    realised: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(dict)
    synthetic: set[int] = set()
    for r in RealisedCost.objects.filter(opd__in=opd_list, month__in=[p.month for p in PERIODS]):
        realised[(r.opd_id, r.month)][r.component] = r.amount
        if r.synthetic:
            synthetic.add(r.opd_id)
    rows = []
    for opd in opd_list:
        months = []
        for p in PERIODS:
            plan = plans[scenario_for[p.key]][opd.code]
            real = realised.get((opd.pk, p.month), {})
            planned_total = plan["total"]["scenario"]
            real_total = sum(real.values()) if real else None
            months.append(
                {
                    "period": p.key,
                    "label": p.label,
                    "month": p.month,
                    "baseline": plan["total"]["baseline"],
                    "planned": planned_total,
                    "realised": real_total,
                    "components_entered": len(real),
                    "difference": (real_total - planned_total) if real_total is not None else None,
                }
            )
        rows.append({"opd": opd, "months": months, "synthetic": opd.pk in synthetic})
    return rows


def cost_baselines(viewer: User, opd: Opd) -> QuerySet[CostBaseline]:
    get_cost_opd(viewer, opd.pk)
    return CostBaseline.objects.filter(opd=opd).order_by("component")


def realised_entries(viewer: User, opd: Opd) -> QuerySet[RealisedCost]:
    get_cost_opd(viewer, opd.pk)
    return RealisedCost.objects.filter(opd=opd).order_by("-month", "component")


# --- pilot evaluation --------------------------------------------------------------------


def _service_summary(opd_ids: Collection[int]) -> dict[tuple[int, str], ServiceSummary]:
    out: dict[tuple[int, str], ServiceSummary] = {}
    for p in PERIODS:
        end = (p.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        rows = (
            ServiceLevel.objects.filter(opd_id__in=opd_ids, date__gte=p.month, date__lt=end)
            .values("opd_id")
            .annotate(
                visitors=Sum("visitors_served"),
                complaints=Sum("complaints"),
                days=Count("date", distinct=True),
                points=Count("service_point", distinct=True),
            )
        )
        waits: dict[int, float] = defaultdict(float)
        for opd_id, visitors, wait in ServiceLevel.objects.filter(
            opd_id__in=opd_ids, date__gte=p.month, date__lt=end
        ).values_list("opd_id", "visitors_served", "avg_wait_minutes"):
            waits[opd_id] += visitors * wait
        for r in rows:
            if not r["visitors"]:
                continue
            out[(r["opd_id"], p.key)] = {
                "visitors_per_day": r["visitors"] / max(r["days"], 1),
                "avg_wait_minutes": waits[r["opd_id"]] / r["visitors"],
                "complaints_per_1000": 1000 * r["complaints"] / r["visitors"],
                "visitors": r["visitors"],
                "points": r["points"],
            }
    return out


def _cost_saving(opd_ids: Collection[int]) -> dict[tuple[int, str, str], float]:
    base: dict[int, int] = defaultdict(int)
    for b in CostBaseline.objects.filter(opd_id__in=opd_ids):
        base[b.opd_id] += b.monthly_amount
    real: dict[tuple[int, dt.date], int] = defaultdict(int)
    for r in RealisedCost.objects.filter(opd_id__in=opd_ids, month__in=[p.month for p in PERIODS]):
        real[(r.opd_id, r.month)] += r.amount
    out = {}
    for p in PERIODS:
        for opd_id in opd_ids:
            if base.get(opd_id) and (opd_id, p.month) in real:
                out[(opd_id, p.key, "cost_saving_pct")] = 100 * (
                    1 - real[(opd_id, p.month)] / base[opd_id]
                )
    return out


def pilot_values(opd_ids: Collection[int]) -> tuple[dict[tuple[int, str, str], float], str]:
    """Monthly outcome values per OPD from the PilotMetric table: measured rows (stored by
    tasks.refresh_pilot_metrics) or the demo's synthetic rows. Returns (values, source)."""
    months = [p.month for p in (*PRE_PERIODS, *PERIODS)]
    key_of = {p.month: p.key for p in (*PRE_PERIODS, *PERIODS)}
    values: dict[tuple[int, str, str], float] = {}
    kinds = set()
    for m in PilotMetric.objects.filter(opd_id__in=opd_ids, month__in=months):
        values[(m.opd_id, key_of[m.month], m.metric)] = m.value
        kinds.add(m.synthetic)
    if not values:
        source = NO_DATA
    elif kinds == {False}:
        source = "presensi, jadwal dan laporan harian (data terukur)"
    elif kinds == {True}:
        source = "tabel indikator uji coba (sintetis)"
    else:
        source = "campuran data terukur dan sintetis"
    values.update(_cost_saving(opd_ids))
    return values, source


def pilot_evaluation(viewer: User) -> dict[str, Any]:
    require_city_reader(viewer)
    opds = list(access.visible_opds(viewer).filter(is_active=True).order_by("name"))
    infos = [OpdInfo(o.pk, o.code, o.short_name or o.name, o.opd_class) for o in opds]
    ids = {o.pk for o in opds}
    values, source = pilot_values(ids)
    service = _service_summary(ids)
    result = evaluate(infos, values, service)
    result["source"] = source
    result["synthetic"] = "sintetis" in source
    result["service"] = [
        {
            "opd": o.short_name or o.name,
            "periods": [service.get((o.pk, p.key)) for p in PERIODS],
        }
        for o in opds
        if any((o.pk, p.key) in service for p in PERIODS)
    ]
    return result


# --- public transparency -----------------------------------------------------------------


def _latest_metrics(
    metrics: Sequence[str],
) -> tuple[dict[tuple[int, str], tuple[float, int]], bool]:
    latest = PilotMetric.objects.filter(metric__in=metrics).order_by("-month").first()
    if latest is None:
        return {}, False
    rows = PilotMetric.objects.filter(metric__in=metrics, month=latest.month)
    out = {(m.opd_id, m.metric): (m.value, m.staff) for m in rows}
    return out, any(m.synthetic for m in rows)


def _raw_public_cells() -> tuple[list[Cell], dict[str, Any]]:
    """Every public figure before suppression (never returned to a caller directly)."""
    opds = list(
        Opd.objects.filter(is_active=True)
        .annotate(staff=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("name")
    )
    eligibility, elig_source = eligibility_source()
    metric_keys = [
        Metric.WFH_SHARE,
        Metric.ATTENDANCE_WFH,
        Metric.ATTENDANCE_WFO,
        Metric.OUTPUT_WFH,
        Metric.OUTPUT_WFO,
    ]
    metrics, synthetic = _latest_metrics(metric_keys)
    planned = planned_offsite_share(*_this_month())
    fairness = fairness_by_opd()
    service = _service_summary([o.pk for o in opds])
    savings = _cost_saving([o.pk for o in opds])
    cells: list[Cell] = []
    for opd in opds:
        code = opd.code
        cells.append(Cell(code, "staff", "Jumlah ASN", opd.staff, opd.staff, count=True))
        elig = eligibility.get(opd.pk)
        if elig:
            family = f"{code}:kelayakan"
            cells.append(
                Cell(
                    code,
                    "eligible",
                    "Layak WFH",
                    elig["eligible"],
                    elig["eligible"],
                    family,
                    count=True,
                )
            )
            for reason, n in sorted(elig["by_reason"].items()):
                cells.append(
                    Cell(
                        code,
                        f"reason:{reason}",
                        f"Tidak layak: {reason}",
                        n,
                        n,
                        family,
                        count=True,
                    )
                )
        if planned and opd.pk in planned:
            cells.append(
                Cell(
                    code,
                    "wfh_share",
                    "Porsi hari WFH (%)",
                    round(100 * planned[opd.pk], 1),
                    opd.staff,
                )
            )
        elif (opd.pk, Metric.WFH_SHARE) in metrics:
            value, n = metrics[(opd.pk, Metric.WFH_SHARE)]
            cells.append(Cell(code, "wfh_share", "Porsi hari WFH (%)", round(value, 1), n))
        if fairness and opd.pk in fairness:
            f = fairness[opd.pk]
            cells.append(
                Cell(
                    code,
                    "fairness_gini",
                    "Ketimpangan hari WFH (Gini)",
                    round(f.get("gini", 0.0), 3),
                    f.get("staff", 0),
                )
            )
        for metric, label in (
            (Metric.ATTENDANCE_WFH, "Kepatuhan presensi hari WFH (%)"),
            (Metric.ATTENDANCE_WFO, "Kepatuhan presensi hari WFO (%)"),
            (Metric.OUTPUT_WFH, "Indeks output hari WFH"),
            (Metric.OUTPUT_WFO, "Indeks output hari WFO"),
        ):
            if (opd.pk, metric) in metrics:
                value, n = metrics[(opd.pk, metric)]
                cells.append(Cell(code, str(metric), label, round(value, 1), n))
        s = service.get((opd.pk, "tahap_2"))
        if s:
            cells.append(
                Cell(
                    code,
                    "service_wait",
                    "Waktu tunggu layanan (menit)",
                    round(s["avg_wait_minutes"], 1),
                    s["visitors"],
                )
            )
            cells.append(
                Cell(
                    code,
                    "service_complaints",
                    "Pengaduan per 1.000 pengunjung",
                    round(s["complaints_per_1000"], 2),
                    s["visitors"],
                )
            )
        saving = savings.get((opd.pk, "tahap_2", "cost_saving_pct"))
        if saving is not None:
            cells.append(
                Cell(
                    code, "saving_pct", "Hemat biaya realisasi Des (%)", round(saving, 1), opd.staff
                )
            )
    meta = {
        "opds": {o.code: o for o in opds},
        "eligibility_source": elig_source,
        "metrics_synthetic": synthetic,
        "fairness_available": bool(fairness),
    }
    return cells, meta


def _this_month() -> tuple[dt.date, dt.date]:
    from django.utils import timezone

    today = timezone.localdate()
    start = today.replace(day=1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return start, end


# Audit actions whose writes can change a public figure: every input of eligibility, then
# published schedules and leave, costs, service levels, pilot metrics.
# Check-ins, reports, meetings, logins and exports are not among them: they are most of the
# day's events and would otherwise throw the table away every few seconds. Exact names, not
# prefixes: ``IN`` uses the index on ``action`` under any collation, ``LIKE`` does not.
PUBLIC_INPUT_ACTIONS = ELIGIBILITY_INPUT_ACTIONS + (
    "calendar_day.created",
    "calendar_day.deleted",
    "schedule.published",
    "absence.recorded",
    "change_request.approved",
    "cost_baseline.set",
    "realised_cost.recorded",
    "service_level.imported",
    "pilot_metrics.stored",
)
PUBLIC_CACHE_SECONDS = 24 * 3600  # the key changes with the date anyway


def public_inputs_seq() -> int:
    """Sequence number of the last audit event in :data:`PUBLIC_INPUT_ACTIONS` (0: none)."""
    return last_seq(PUBLIC_INPUT_ACTIONS)


def _suppressed_public_cells() -> tuple[list[Cell], dict[str, Any]]:
    """The suppressed public table, cached for the day until a write to one of its inputs:
    the page needs no login, so recomputing the city's eligibility (seconds) on every hit
    would let anyone load the server, and the first visitor after each check-in would wait."""
    from django.core.cache import cache

    key = f"efficiency:public:{public_inputs_seq()}:{timezone.localdate().isoformat()}"
    value: tuple[list[Cell], dict[str, Any]] | None = cache.get(key)
    if value is None:
        cells, meta = _raw_public_cells()
        value = (suppress(cells), meta)
        cache.set(key, value, PUBLIC_CACHE_SECONDS)
    return value


def public_table(*, opd_class: str = "", opd_code: str = "") -> dict[str, Any]:
    """The anonymous public figures: suppressed once here, then filtered. Used by the page,
    the CSV and the API alike, so no route can bypass the suppression."""
    cells, meta = _suppressed_public_cells()
    wanted = None
    if opd_class:
        wanted = {c for c, o in meta["opds"].items() if o.opd_class == opd_class}
    if opd_code:
        wanted = (wanted if wanted is not None else set(meta["opds"])) & {opd_code}
    if wanted is not None:
        cells = filter_cells(cells, opds=wanted)
    return {"cells": cells, **meta}


# --- figures from the other apps' records (policy, roster, presence, activity) -------------
# Shapes (opd ids are ``Opd.pk``; months are the first day of the month):
# - eligibility_by_opd() → {opd_id: {"total": int, "eligible": int, "by_reason": {reason: n}}}
# - planned_offsite_share(start, end) → {opd_id: share of person-days planned WFH, 0–1}
# - fairness_by_opd() → {opd_id: {"staff", "gini", "mean_wfh_days", "min_wfh_days",
#   "max_wfh_days"}}
# - monthly_metrics(month) → {(opd_id, metric): (value, staff measured)}, metric keys of
#   :class:`hibrida.efficiency.models.Metric`.


def policy_configured() -> bool:
    """True once the city has policy rules and readiness records: before that the engine
    finds nobody eligible, which says nothing about the positions."""
    return PolicyRule.objects.exists() and WfhReadiness.objects.exists()


def eligibility_by_opd(
    day: dt.date | None = None, opd_ids: set[int] | None = None
) -> dict[int, dict[str, Any]]:
    """WFH eligibility per OPD from the policy engine (reasons as the engine words them)."""
    table = opd_eligibility(day or timezone.localdate())
    if opd_ids is None:
        return table
    return {k: v for k, v in table.items() if k in opd_ids}


def planned_offsite_share(
    start: dt.date, end: dt.date, opd_ids: set[int] | None = None
) -> dict[int, float] | None:
    """Share of planned person-days WFH per OPD from published schedules (None: nothing
    published in the period)."""
    qs = Employee.objects.filter(is_active=True)
    if opd_ids is not None:
        qs = qs.filter(opd_id__in=opd_ids)
    opd_of = dict(qs.values_list("id", "opd_id"))
    # Keyed by None for a person whose OPD is unknown; only known OPDs are reported.
    counts: dict[int | None, Counter[str]] = defaultdict(Counter)
    for (employee_id, _day), mode in planned_modes(opd_of.keys(), start, end).items():
        counts[opd_of.get(employee_id)][mode] += 1
    out = {}
    for opd_id, c in counts.items():
        # Leave and official duty are not working-place choices; only planned days count.
        days = c.get(WorkMode.WFO, 0) + c.get(WorkMode.WFH, 0) + c.get(WorkMode.FIELD, 0)
        if opd_id is not None and days:
            out[opd_id] = c.get(WorkMode.WFH, 0) / days
    return out or None


def fairness_by_opd(month: dt.date | None = None) -> dict[int, dict[str, Any]] | None:
    """Fairness of WFH days among eligible staff per OPD, from the latest published month
    (None: no month published yet)."""
    month = month or latest_published_month()
    if month is None:
        return None
    report = month_fairness(month)
    by_name = dict(Opd.objects.values_list("short_name", "id"))
    out = {}
    for name, group in report.get("opds", {}).items():
        if name in by_name:
            days = group["wfh_days"]
            out[by_name[name]] = {
                "staff": group["eligible"],
                "gini": days["gini"],
                "mean_wfh_days": days["mean"],
                "min_wfh_days": days["min"],
                "max_wfh_days": days["max"],
            }
    return out or None


# A tally of the month's person-days, then one line per pilot metric: branches are metrics.
def monthly_metrics(month: dt.date) -> dict[tuple[int, str], tuple[float, int]] | None:  # noqa: C901
    """Real pilot metrics per OPD for one month, from schedules, presence and daily reports
    (None: nothing planned and past in that month).

    Percentages of attendance_compliance, on_time_rate, attendance_wfh/wfo, wfh_share,
    report_submission, report_approval. Heavy for the whole city: run it from the monthly
    task (tasks.refresh_pilot_metrics), not per page.
    """
    start = month.replace(day=1)
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    # Days still ahead have a plan but no attendance yet: they are not measured.
    end = min(end, timezone.localdate() - dt.timedelta(days=1))
    if end < start:
        return None
    opd_of = dict(Employee.objects.filter(is_active=True).values_list("id", "opd_id"))
    planned = planned_modes(opd_of.keys(), start, end)
    if not planned:
        return None
    attended = attendance_summary(opd_of.keys(), start, end)
    reports: dict[tuple[int, dt.date], str] = {
        (emp, day): status
        for emp, day, status in DailyReport.objects.filter(
            day__gte=start, day__lte=end
        ).values_list("employee_id", "day", "status")
    }
    c: dict[int, Counter] = defaultdict(Counter)
    people: dict[int, set] = defaultdict(set)
    for (emp, day), mode in planned.items():
        opd = opd_of.get(emp)
        if opd is None or mode in (WorkMode.LEAVE, WorkMode.DUTY):
            continue
        people[opd].add(emp)
        row = c[opd]
        row["days"] += 1
        row[f"days_{mode}"] += 1
        summary = attended.get((emp, day))
        if summary and not summary.get("missing_in"):
            row["present"] += 1
            row[f"present_{mode}"] += 1
            row["on_time"] += int(not summary.get("late_minutes"))
        status = reports.get((emp, day))
        if status and status != "draft":
            row["submitted"] += 1
            row["approved"] += int(status == "approved")
    out: dict[tuple[int, str], tuple[float, int]] = {}
    for opd, row in c.items():
        n = len(people[opd])
        out[(opd, "attendance_compliance")] = (100 * row["present"] / row["days"], n)
        out[(opd, "wfh_share")] = (100 * row["days_WFH"] / row["days"], n)
        if row["present"]:
            out[(opd, "on_time_rate")] = (100 * row["on_time"] / row["present"], n)
        for mode, metric in ((WorkMode.WFH, "attendance_wfh"), (WorkMode.WFO, "attendance_wfo")):
            if row[f"days_{mode}"]:
                out[(opd, metric)] = (100 * row[f"present_{mode}"] / row[f"days_{mode}"], n)
        if reports:
            out[(opd, "report_submission")] = (100 * row["submitted"] / row["days"], n)
            if row["submitted"]:
                out[(opd, "report_approval")] = (100 * row["approved"] / row["submitted"], n)
    return out or None
