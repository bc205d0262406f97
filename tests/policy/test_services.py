"""Policy writes: who may set which level, validation per field, readiness, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.audit.models import AuditEvent
from hibrida.policy.models import Level, PolicyRule, WfhReadiness
from hibrida.policy.services import record_readiness, set_policy_rule


@pytest.mark.django_db
def test_city_rule_is_bkpsdm_only_and_recorded(city):
    with pytest.raises(PermissionDenied):
        set_policy_rule(actor=city.users["opd_admin"], level=Level.KOTA, values={"pattern": "none"})
    with pytest.raises(PermissionDenied):
        set_policy_rule(actor=city.users["inspektorat"], level=Level.KOTA, values={})
    rule = set_policy_rule(
        actor=city.users["bkpsdm"], level=Level.KOTA, values={"wfh_days_per_week": 2}
    )
    rule = set_policy_rule(
        actor=city.users["bkpsdm"], level=Level.KOTA, values={"wfh_days_per_week": 1}
    )
    assert PolicyRule.objects.filter(level=Level.KOTA).count() == 1
    assert rule.wfh_days_per_week == 1
    assert AuditEvent.objects.filter(action="policy_rule.updated").count() == 1


@pytest.mark.django_db
def test_opd_admin_sets_own_opd_but_not_another(city):
    admin = city.users["opd_admin"]
    set_policy_rule(actor=admin, level=Level.OPD, opd=city.opd_a, values={"min_onsite_count": 2})
    set_policy_rule(
        actor=admin, level=Level.UNIT, unit=city.staff1.unit, values={"min_onsite_count": 3}
    )
    with pytest.raises(PermissionDenied):
        set_policy_rule(actor=admin, level=Level.OPD, opd=city.opd_b, values={"pattern": "none"})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values, field",
    [
        ({"wfh_days_per_week": 3}, "wfh_days_per_week"),
        ({"pattern": "kadang"}, "pattern"),
        ({"pattern": "fixed_weekday"}, "fixed_weekday"),
        ({"min_onsite_share": 1.5}, "min_onsite_share"),
        ({"allowed_weekdays": ["sat"]}, "allowed_weekdays"),
        ({"blackout_dates": ["2025-13-01"]}, "blackout_dates"),
        ({"wfh_days_per_week": 2, "max_wfh_per_week": 1}, "max_wfh_per_week"),
    ],
)
def test_invalid_values_are_refused_naming_the_field_and_nothing_is_saved(city, values, field):
    with pytest.raises(ValidationError) as err:
        set_policy_rule(actor=city.users["bkpsdm"], level=Level.KOTA, values=values)
    assert field in err.value.message_dict
    assert not PolicyRule.objects.exists()


@pytest.mark.django_db
def test_readiness_is_recorded_by_the_employee_themself(city):
    with pytest.raises(PermissionDenied):
        record_readiness(actor=city.users["atasan"], employee=city.staff1, item="security")
    with pytest.raises(ValidationError) as err:
        record_readiness(actor=city.users["asn"], employee=city.staff1, item="connectivity")
    assert "connectivity_mbps" in err.value.message_dict
    record_readiness(
        actor=city.users["asn"], employee=city.staff1, item="connectivity", connectivity_mbps=25
    )
    record_readiness(
        actor=city.users["asn"], employee=city.staff1, item="device", device_label="Laptop 7"
    )
    record_readiness(actor=city.users["asn"], employee=city.staff1, item="security")
    r = WfhReadiness.objects.get(employee=city.staff1)
    assert r.connectivity_mbps == 25 and r.device_label == "Laptop 7" and r.security_accepted_at
    assert AuditEvent.objects.filter(action__startswith="wfh_readiness.").count() == 3
