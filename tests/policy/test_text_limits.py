"""The readiness device label is refused when too long, never cut silently."""

import pytest
from django.core.exceptions import ValidationError

from hibrida.policy.models import WfhReadiness
from hibrida.policy.services import record_readiness


@pytest.mark.django_db
def test_too_long_device_label_is_a_field_error(city):
    with pytest.raises(ValidationError) as err:
        record_readiness(
            actor=city.users["asn"], employee=city.staff1, item="device", device_label="d" * 101
        )
    assert list(err.value.message_dict) == ["device_label"]
    assert not WfhReadiness.objects.exists()
