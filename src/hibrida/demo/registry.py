"""Demo data of each app, run after the city exists. An app adds ``<app>/demo_data.py``
with ``seed(ctx: DemoContext) -> dict`` and lists itself in ``APPS`` (in dependency order)."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from dataclasses import dataclass, field

APPS = [
    "policy",
    "roster",
    "presence",
    "activity",
    "meetings",
    "efficiency",
    "audit",
    "monitoring",
]


@dataclass
class DemoContext:
    seed: int
    rng: random.Random
    today: dt.date
    accounts: list[dict] = field(default_factory=list)
    fast: bool = False  # tests ask for a small slice of history


def seed_apps(ctx: DemoContext, log=print) -> None:
    for app in APPS:
        try:
            module = importlib.import_module(f"hibrida.{app}.demo_data")
        except ModuleNotFoundError as err:
            if err.name == f"hibrida.{app}.demo_data":
                continue
            raise
        result = module.seed(ctx)
        log(f"  {app}: {result}")
