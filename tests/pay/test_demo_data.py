"""The TPP demo: a table marked as an example and the recap of the last month the history
covers whole, for the ASN with presence history only."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from hibrida.demo.registry import DemoContext
from hibrida.org.models import User
from hibrida.pay import demo_data
from hibrida.pay.models import MonthRecap, TierTable

from .conftest import DAYS, on_time

pytestmark = pytest.mark.django_db


def context(today: dt.date, fast: bool = False) -> DemoContext:
    return DemoContext(seed=1, rng=random.Random(1), today=today, fast=fast)


def test_the_last_whole_month_is_computed_for_the_people_with_history(city):
    User.objects.filter(pk=city.users["bkpsdm"].pk).update(username="bkpsdm")
    on_time([city.staff1, city.staff2])  # November 2025; the others have no history
    # Loaded on 3 December 2025: the history runs from 1 October, November is the last
    # whole month.
    result = demo_data.seed(context(dt.date(2025, 12, 3)))
    table = TierTable.objects.get()
    assert "demo" in table.name and "ganti dengan Perwal" in table.source
    recap = MonthRecap.objects.get()
    assert (recap.year, recap.month) == (2025, 11)
    assert set(recap.lines.values_list("employee_id", "percent")) == {
        (city.staff1.pk, 0),
        (city.staff2.pk, 0),
    }
    assert result["recap_lines"] == 2


def test_the_short_test_slice_gets_the_table_only(city):
    User.objects.filter(pk=city.users["bkpsdm"].pk).update(username="bkpsdm")
    on_time([city.staff1], days=[d for d in DAYS if d.day >= 20])
    assert demo_data.seed(context(dt.date(2025, 11, 28), fast=True))["recap_lines"] == 0
    assert TierTable.objects.count() == 1 and not MonthRecap.objects.exists()
