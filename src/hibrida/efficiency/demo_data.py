"""Synthetic efficiency data for the demo city (all rows are marked ``synthetic``).

Cost baselines per OPD (the news table's average OPD scaled by staff), realised costs for
October–December 2025 (the pilot months), daily service levels at frontline service points,
and monthly pilot metrics (with August–September 2025 for the pre-pilot trend). Deterministic
from ``ctx.rng``; a few thousand rows, bulk inserted.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Count, Q

from hibrida.audit.log import record_event
from hibrida.org.models import Opd, Unit

from .inputs import parse_input
from .model import COMPONENTS, simulate
from .models import CostBaseline, Metric, PilotMetric, RealisedCost, ServiceLevel
from .pilot import CONTROL_CLASS, PERIODS, PRE_PERIODS
from .selectors import eligibility_from_positions

AVERAGE = {
    "listrik_air": 25_000_000,
    "atk_logistik": 18_000_000,
    "bbm_perjalanan": 10_000_000,
    "lembur_pemeliharaan": 7_000_000,
}
REFERENCE_STAFF = 275
PHASE_SCENARIO = {"baseline": "wfo_penuh", "tahap_1": "tahap_1_kamis", "tahap_2": "rotasi_50_50"}


def _working_days(month: dt.date, limit: int | None) -> list[dt.date]:
    days, day = [], month
    while day.month == month.month:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days[:limit] if limit else days


# Linear demo-data builder: one block per kind of record, read top to bottom.
def seed(ctx) -> dict:  # noqa: C901, PLR0915
    rng = ctx.rng
    opds = list(
        Opd.objects.annotate(
            staff=Count("employees", filter=Q(employees__is_active=True))
        ).order_by("code")
    )
    if not opds:
        return {}
    eligibility = eligibility_from_positions()
    baselines, baseline_of = [], {}
    for opd in opds:
        scale = max(opd.staff, 1) / REFERENCE_STAFF
        per = {}
        for comp in COMPONENTS:
            factor = rng.uniform(0.85, 1.15)
            if comp == "listrik_air" and opd.kind == "rsud":
                factor *= 1.6  # a hospital runs around the clock
            amount = int(round(AVERAGE[comp] * scale * factor, -5))
            per[comp] = amount
            baselines.append(
                CostBaseline(
                    opd=opd, component=comp, monthly_amount=amount, source="demo (sintetis)"
                )
            )
        baseline_of[opd.pk] = per

    # Planned savings per phase from the text calibration (the cautious one).
    sim = parse_input(
        {
            "calibration": "teks_berita",
            "opds": [
                {
                    "code": o.code,
                    "opd_class": o.opd_class,
                    "staff": o.staff,
                    "eligible_share": _share(eligibility.get(o.pk)),
                    "baseline": {k: float(v) for k, v in baseline_of[o.pk].items()},
                }
                for o in opds
            ],
            "scenarios": list(PHASE_SCENARIO.values()),
            "monte_carlo": {"draws": 100, "seed": ctx.seed},
        }
    )
    planned = {s["key"]: {o["code"]: o for o in s["opds"]} for s in simulate(sim)["scenarios"]}

    realised = []
    for opd in opds:
        for p in PERIODS:
            plan = planned[PHASE_SCENARIO[p.key]][opd.code]
            achieved = rng.uniform(0.6, 1.1)  # realisation rarely matches the plan exactly
            for row in plan["components"]:
                saving = row["saving"] * achieved
                amount = (row["baseline"] - saving) * rng.uniform(0.97, 1.03)
                realised.append(
                    RealisedCost(
                        opd=opd,
                        month=p.month,
                        component=row["component"],
                        amount=int(round(amount, -4)),
                        note="demo",
                        synthetic=True,
                    )
                )

    service = []
    limit = 5 if ctx.fast else None
    frontline = [o for o in opds if o.opd_class == CONTROL_CLASS]
    points_of = {}
    for opd in frontline:
        units = list(
            Unit.objects.filter(opd=opd, kind__in=["uptd", "instalasi", "kelurahan"])
            .order_by("code")
            .values_list("name", flat=True)[:3]
        )
        points_of[opd.pk] = ["Loket utama", *units]
    for opd in frontline:
        for point in points_of[opd.pk]:
            level = rng.uniform(40, 160)
            wait = rng.uniform(12, 35)
            for i, p in enumerate(PERIODS):
                drift = 1 + rng.uniform(-0.05, 0.08) * i
                for day in _working_days(p.month, limit):
                    visitors = max(0, int(rng.gauss(level, level * 0.15)))
                    service.append(
                        ServiceLevel(
                            opd=opd,
                            service_point=point,
                            date=day,
                            visitors_served=visitors,
                            avg_wait_minutes=round(max(2.0, rng.gauss(wait * drift, 3)), 1),
                            complaints=max(0, int(rng.gauss(visitors * 0.01, 1))),
                            synthetic=True,
                        )
                    )

    metrics = []
    # Two treated OPDs slip in Tahap II so the evaluation shows every recommendation kind.
    treated = [o for o in opds if o.opd_class != CONTROL_CLASS]
    slipping = {o.pk for o in rng.sample(treated, min(2, len(treated)))}
    for opd in opds:
        elig = eligibility.get(opd.pk) or {"eligible": 0, "total": opd.staff}
        share = _share(elig) or 0.0
        base = {
            Metric.ATTENDANCE: rng.uniform(90, 97),
            Metric.ON_TIME: rng.uniform(82, 93),
            Metric.REPORT_SUBMISSION: rng.uniform(85, 95),
            Metric.REPORT_APPROVAL: rng.uniform(80, 92),
            Metric.OUTPUT_INDEX: rng.uniform(95, 103),
        }
        # Before the pilot both groups only wobble around their level (parallel trends). A
        # separate generator keeps every other demo figure what it was before these months.
        pre_rng = random.Random(f"{ctx.seed}:pra:{opd.code}")
        for p in PRE_PERIODS:
            for metric, level in base.items():
                value = level + pre_rng.uniform(-1.0, 1.0)
                if metric != Metric.OUTPUT_INDEX:
                    value = min(100, value)
                metrics.append(
                    PilotMetric(
                        opd=opd,
                        month=p.month,
                        metric=metric,
                        value=round(value, 2),
                        staff=opd.staff,
                    )
                )
        for i, p in enumerate(PERIODS):
            is_treated = opd.opd_class != CONTROL_CLASS
            effect = 0.0
            if is_treated and i:
                effect = rng.uniform(1.0, 4.0) if i == 1 else rng.uniform(2.0, 6.0)
                if i == 2 and opd.pk in slipping:
                    effect = -rng.uniform(6.0, 9.0)
            trend = -0.8 * i  # year-end workload hits everyone
            values = {
                Metric.ATTENDANCE: min(100, base[Metric.ATTENDANCE] + 0.3 * effect + trend / 2),
                Metric.ON_TIME: min(100, base[Metric.ON_TIME] + 0.5 * effect + trend),
                Metric.REPORT_SUBMISSION: min(100, base[Metric.REPORT_SUBMISSION] + effect),
                Metric.REPORT_APPROVAL: min(100, base[Metric.REPORT_APPROVAL] + 0.6 * effect),
                Metric.OUTPUT_INDEX: base[Metric.OUTPUT_INDEX] + effect + trend,
                Metric.WFH_SHARE: 100 * share * (0, 0.2, 0.5)[i]
                if is_treated
                else 100 * share * (0, 0.05, 0.1)[i],
            }
            for metric, value in values.items():
                metrics.append(
                    PilotMetric(
                        opd=opd,
                        month=p.month,
                        metric=metric,
                        value=round(value, 2),
                        staff=opd.staff,
                    )
                )
            if i:
                wfh_n = elig["eligible"]
                for metric, value, n in (
                    (Metric.ATTENDANCE_WFH, values[Metric.ATTENDANCE] - rng.uniform(0, 2), wfh_n),
                    (
                        Metric.ATTENDANCE_WFO,
                        values[Metric.ATTENDANCE] + rng.uniform(0, 1),
                        opd.staff,
                    ),
                    (Metric.OUTPUT_WFH, values[Metric.OUTPUT_INDEX] + rng.uniform(-2, 3), wfh_n),
                    (
                        Metric.OUTPUT_WFO,
                        values[Metric.OUTPUT_INDEX] + rng.uniform(-1, 1),
                        opd.staff,
                    ),
                ):
                    metrics.append(
                        PilotMetric(
                            opd=opd, month=p.month, metric=metric, value=round(value, 2), staff=n
                        )
                    )

    with transaction.atomic():
        CostBaseline.objects.bulk_create(baselines)
        RealisedCost.objects.bulk_create(realised, batch_size=2000)
        ServiceLevel.objects.bulk_create(service, batch_size=2000)
        PilotMetric.objects.bulk_create(metrics, batch_size=2000)
        counts = {
            "baseline": len(baselines),
            "realisasi": len(realised),
            "layanan": len(service),
            "indikator": len(metrics),
        }
        record_event(
            actor=None,
            action="demo.efficiency_seeded",
            object_type="demo",
            object_id=str(ctx.seed),
            after=counts,
        )
    return counts


def _share(elig: dict | None) -> float | None:
    if not elig or not elig["total"]:
        return None
    return round(elig["eligible"] / elig["total"], 4)
