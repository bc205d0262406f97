"""The synthetic Kota Bekasi: real OPD list, valid distinct NIPs, a loop-free tree, determinism."""

import pytest

from hibrida.audit.models import AuditEvent
from hibrida.demo import reference
from hibrida.demo.accounts import create_demo_accounts
from hibrida.demo.generator import generate_city
from hibrida.org import access
from hibrida.org.models import Employee, OfficeLocation, Opd, Position, Unit
from hibrida.org.nip import parse_asn_number


def _signature():
    return sorted(
        Employee.objects.values_list("nip", "name", "unit__code", "opd__code", "supervisor__nip")
    )


def _wipe():
    Employee.objects.update(supervisor=None)
    Employee.objects.all().delete()
    OfficeLocation.objects.all().delete()
    Position.objects.all().delete()
    Unit.objects.update(parent=None)
    Unit.objects.all().delete()
    Opd.objects.all().delete()


@pytest.mark.django_db
def test_same_seed_builds_the_same_city_and_another_seed_does_not():
    counts = generate_city(n_employees=700, seed=7)
    first = _signature()
    _wipe()
    generate_city(n_employees=700, seed=7)
    assert _signature() == first
    _wipe()
    generate_city(n_employees=700, seed=8)
    assert _signature() != first
    assert counts["employee"] == Employee.objects.count()


@pytest.mark.django_db
def test_city_has_every_real_opd_kecamatan_and_kelurahan():
    generate_city(n_employees=700, seed=1)
    assert Opd.objects.count() == len(reference.OPDS) + 12 >= 40
    assert Unit.objects.filter(kind="kelurahan").count() == 56
    confirmed = set(Opd.objects.filter(class_confirmed=True).values_list("short_name", flat=True))
    assert confirmed == {
        "Setda",
        "Dinkes",
        "Satpol PP",
        "DLH",
        "Disdukcapil",
        "Dishub",
        "DPMPTSP",
        "Bapelitbangda",
        "BKPSDM",
    }
    for opd in Opd.objects.filter(class_confirmed=False):
        assert "perlu konfirmasi" in opd.class_reason


@pytest.mark.django_db
def test_every_nip_is_valid_and_distinct_and_the_tree_has_no_loop():
    generate_city(n_employees=900, seed=3)
    rows = list(Employee.objects.values_list("id", "nip", "asn_type", "supervisor_id"))
    assert len({r[1] for r in rows}) == len(rows)
    for _, nip, asn_type, _ in rows:
        parse_asn_number(nip, asn_type)
    parent = {r[0]: r[3] for r in rows}
    for start in parent:
        seen, node = set(), start
        while node is not None:
            assert node not in seen
            seen.add(node)
            node = parent[node]
    assert sum(1 for v in parent.values() if v is None) == 1  # only the Sekda has no atasan


@pytest.mark.django_db
def test_front_office_share_follows_the_opd_class():
    counts = generate_city(n_employees=3000, seed=5)
    # Above the size of the structural skeleton the city has exactly the requested headcount.
    assert counts["employee"] == Employee.objects.count() == 3000

    def share(klass):
        qs = Employee.objects.filter(opd__opd_class=klass, opd__kind__in=["dinas", "badan", "rsud"])
        return qs.filter(position__requires_presence=True).count() / qs.count()

    assert share("pelayanan_langsung") > 0.4 > share("administratif_teknis")


@pytest.mark.django_db
def test_demo_accounts_cover_every_role_and_the_load_is_audited():
    generate_city(n_employees=700, seed=1)
    accounts = {a["username"]: a for a in create_demo_accounts()}
    from hibrida.org.models import User

    roles = {u: access.scope_for(User.objects.get(username=u)).roles for u in accounts}
    assert "atasan" in roles["atasan"] and "asn" in roles["asn"]
    assert "opd_admin" in roles["admin.opd"] and "bkpsdm" in roles["bkpsdm"]
    assert "inspektorat" in roles["inspektorat"] and "diskominfo" in roles["diskominfo"]
    linked = [User.objects.get(username=u).employee_id for u in accounts]
    assert None not in linked and len(set(linked)) == len(linked) == 6
    asn = User.objects.get(username="asn").employee
    assert asn.supervisor == User.objects.get(username="atasan").employee
    assert AuditEvent.objects.filter(action="demo.city_generated").count() == 1
