"""Free text on costs is refused when too long, never cut silently."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hibrida.efficiency import services
from hibrida.efficiency.models import CostBaseline, RealisedCost


@pytest.mark.django_db
def test_too_long_cost_note_is_a_field_error(city):
    with pytest.raises(ValidationError) as err:
        services.record_realised_cost(
            actor=city.users["opd_admin"],
            opd=city.opd_a,
            month=dt.date(2025, 10, 1),
            component="listrik_air",
            amount=1_000,
            note="n" * 301,
        )
    assert list(err.value.message_dict) == ["note"]
    assert not RealisedCost.objects.exists()


@pytest.mark.django_db
def test_too_long_baseline_source_is_a_field_error(city):
    with pytest.raises(ValidationError) as err:
        services.set_cost_baseline(
            actor=city.users["opd_admin"],
            opd=city.opd_a,
            component="listrik_air",
            monthly_amount=1_000,
            source="s" * 201,
        )
    assert list(err.value.message_dict) == ["source"]
    assert not CostBaseline.objects.exists()
