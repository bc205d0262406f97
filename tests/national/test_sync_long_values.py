"""A SIASN value longer than its local column is an error of the diff, shown in the review
and refused at apply: never cut (issue 14 follow-up)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hibrida.national import services
from hibrida.national.models import RunStatus
from hibrida.org.models import Employee, Unit
from tests.conftest import client_for

from .test_sync import NEW_NIP, by_key, world  # noqa: F401  (the fixture)

# SIASN's values arrive stripped of surrounding spaces.
LONG_UNIT = ("Seksi " + "Pelayanan Administrasi Kependudukan " * 7).strip()  # 257 characters
LONG_NAME = ("Rina " + "Kusumawardhani " * 14).strip()  # 214 characters


@pytest.fixture
def long_world(world, gateway):  # noqa: F811
    gw = gateway.gw
    for unor in gw.unors:
        if unor["Id"] == "U-NEW":
            unor["NamaUnor"] = LONG_UNIT
    gw.people[NEW_NIP]["nama"] = LONG_NAME
    return world


def test_over_long_values_are_errors_of_the_diff_with_the_full_value(long_world):
    assert len(LONG_UNIT) > 200 and len(LONG_NAME) > 200
    run = services.pull(actor=long_world.users["bkpsdm"], trigger="manual", extra_nips=[NEW_NIP])
    items = by_key(run)
    unit_errors = items["U-NEW"].detail["errors"]
    assert [(e["field"], e["value"]) for e in unit_errors] == [("unit_name", LONG_UNIT)]
    assert "257 karakter, paling panjang 200" in unit_errors[0]["message"]
    (name_error,) = items[NEW_NIP].detail["errors"]
    assert name_error["field"] == "name" and name_error["value"] == LONG_NAME
    assert items[NEW_NIP].label == LONG_NAME  # the review shows it whole
    assert items[long_world.kabid.nip].detail["errors"] == []


def test_apply_is_refused_and_nothing_changes(long_world):
    run = services.pull(actor=long_world.users["bkpsdm"], trigger="manual", extra_nips=[NEW_NIP])
    units = Unit.objects.count()
    with pytest.raises(ValidationError) as err:
        services.apply_run(actor=long_world.users["bkpsdm"], run=run, choices={})
    assert "2 baris berisi nilai SIASN yang tidak muat" in str(err.value)
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT
    assert Unit.objects.count() == units
    assert not Employee.objects.filter(nip=NEW_NIP).exists()


def test_review_page_shows_the_error_and_the_value(long_world):
    run = services.pull(actor=long_world.users["bkpsdm"], trigger="manual", extra_nips=[NEW_NIP])
    html = client_for(long_world.users["bkpsdm"]).get(reverse("national:run", args=[run.pk]))
    assert html.status_code == 200
    page = html.content.decode()
    assert page.count('data-testid="sync-error"') == 2
    assert LONG_NAME in page and "paling panjang 200 di Hibrida" in page
