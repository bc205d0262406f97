"""Master data through the app pages, not the Django admin (issue #11, findings 1 and 5).

The admin is for active superusers only and writes nothing; OPD admins and BKPSDM change units,
positions, offices, role grants and accounts on pages whose services check the OPD, validate
and audit. Another OPD's record is a 404 or a field error, and then nothing is written.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from hibrida.audit.models import AuditEvent
from hibrida.navigation import menu_for
from hibrida.org import geofence, services
from hibrida.org.models import GrantedRole, OfficeLocation, Position, RoleGrant, Unit, User

from ..conftest import client_for
from ..factories import PASSWORD, PositionFactory, UnitFactory, make_user, office_for

SQUARE = "[[-6.2350, 106.9920], [-6.2350, 106.9930], [-6.2360, 106.9930], [-6.2360, 106.9920]]"


def _superuser() -> User:
    user = make_user(None)
    user.is_superuser = True
    user.save()
    return user


def _counts():
    return (
        Unit.objects.count(),
        Position.objects.count(),
        OfficeLocation.objects.count(),
        AuditEvent.objects.count(),
    )


def _office_post(opd, **over):
    data = {
        "opd": opd.pk,
        "name": "Kantor Baru",
        "address": "",
        "unit": "",
        "latitude": "-6.2355",
        "longitude": "106.9925",
        "radius_m": "100",
        "polygon": "",
    }
    data.update(over)
    return data


def _errors(response, field: str) -> str:
    return " ".join(response.context["form"].errors.get(field, []))


# --- the Django admin: superusers only, read-only ----------------------------------------


def test_diskominfo_gets_no_employee_list_or_detail_from_the_admin(city):
    client = client_for(city.users["diskominfo"])
    for url in [
        "/admin/org/employee/",
        f"/admin/org/employee/{city.staff1.pk}/change/",
        "/admin/org/user/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
        followed = client.get(response["Location"])
        for person in (city.staff1, city.other, city.kepala):
            assert person.nip not in response.content.decode() + followed.content.decode()


def test_no_role_can_write_through_the_admin(city):
    before = _counts()
    position = Position.objects.get(opd=city.opd_a, name="Analis")
    for role in ("opd_admin", "bkpsdm", "diskominfo"):
        client = client_for(city.users[role])
        office = client.post(
            "/admin/org/officelocation/add/",
            {
                "opd": city.opd_b.pk,
                "name": "Pagar 5 km",
                "latitude": "-6.24",
                "longitude": "106.99",
                "radius_m": "5000",
                "polygon": "[]",
                "is_active": "on",
            },
        )
        # A 302 to the admin login, not the 302 to the list that follows a saved form.
        assert office.status_code == 302 and office["Location"].startswith("/admin/login/"), role
        moved = client.post(
            f"/admin/org/position/{position.pk}/change/",
            {"opd": city.opd_b.pk, "name": "Analis", "kind": "pelaksana"},
        )
        assert moved.status_code == 302 and moved["Location"].startswith("/admin/login/"), role
    position.refresh_from_db()
    assert position.opd_id == city.opd_a.pk
    assert _counts() == before


def test_superuser_reaches_the_admin_but_it_only_reads(city):
    client = client_for(_superuser())
    listing = client.get("/admin/org/employee/")
    assert listing.status_code == 200
    assert city.other.nip in listing.content.decode()
    assert client.get("/admin/org/officelocation/add/").status_code == 403
    office = office_for(city.opd_a)
    before = AuditEvent.objects.count()
    changed = client.post(
        f"/admin/org/officelocation/{office.pk}/change/",
        {"opd": city.opd_a.pk, "name": "X", "latitude": "0", "longitude": "0", "radius_m": "1"},
    )
    assert changed.status_code == 403
    office.refresh_from_db()
    assert (office.name, AuditEvent.objects.count()) == (f"Kantor {city.opd_a.short_name}", before)


def test_inactive_superuser_does_not_reach_the_admin(city):
    superuser = _superuser()
    client = client_for(superuser)
    User.objects.filter(pk=superuser.pk).update(is_active=False)
    assert client.get("/admin/").status_code == 302


def test_the_menu_links_the_django_admin_for_superusers_only(city):
    for user in city.users.values():
        assert "admin:index" not in [i["name"] for i in menu_for(user)]
    assert "admin:index" in [i["name"] for i in menu_for(_superuser())]
    names = [i["name"] for i in menu_for(city.users["opd_admin"])]
    assert {"org:master_data", "org:accounts"} <= set(names) and "org:role_grants" not in names
    assert "org:role_grants" in [i["name"] for i in menu_for(city.users["bkpsdm"])]


# --- who may open the pages ----------------------------------------------------------------

PAGES = [
    lambda c: reverse("org:master_data"),
    lambda c: reverse("org:unit_create"),
    lambda c: reverse("org:unit_edit", args=[Unit.objects.filter(opd=c.opd_a).first().pk]),
    lambda c: reverse("org:position_create"),
    lambda c: reverse("org:position_edit", args=[Position.objects.get(opd=c.opd_a).pk]),
    lambda c: reverse("org:office_create"),
    lambda c: reverse("org:accounts"),
    lambda c: reverse("org:account_deactivate", args=[c.users["asn"].pk]),
    lambda c: reverse("org:role_grants"),
]


@pytest.mark.parametrize("role", ["asn", "atasan", "inspektorat", "diskominfo"])
def test_roles_without_master_data_rights_get_403_on_every_page(city, role):
    client = client_for(city.users[role])
    for url in [page(city) for page in PAGES]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "x"}).status_code == 403, url


@pytest.mark.parametrize("role", ["opd_admin", "bkpsdm"])
def test_every_master_data_page_opens_for_the_managers(city, role):
    client = client_for(city.users[role])
    for url in [page(city) for page in PAGES[:-1]]:
        assert client.get(url).status_code == 200, url
    picked = client.get(reverse("org:office_create") + f"?opd={city.opd_a.pk}")
    assert [u.name for u in picked.context["form"].fields["unit"].queryset] == ["Bidang A"]


def test_role_grants_page_is_bkpsdm_only(city):
    assert client_for(city.users["opd_admin"]).get(reverse("org:role_grants")).status_code == 403
    assert client_for(city.users["bkpsdm"]).get(reverse("org:role_grants")).status_code == 200


def test_editing_another_opds_records_answers_404(city):
    client = client_for(city.users["opd_admin"])
    office = office_for(city.opd_b)
    for url in [
        reverse("org:unit_edit", args=[Unit.objects.get(opd=city.opd_b).pk]),
        reverse("org:position_edit", args=[Position.objects.get(opd=city.opd_b).pk]),
        reverse("org:office_edit", args=[office.pk]),
        reverse("org:account_deactivate", args=[make_user(city.other).pk]),
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Diambil alih", "reason": "x"}).status_code == 404, url
    office.refresh_from_db()
    assert office.name == f"Kantor {city.opd_b.short_name}"


def test_opd_page_lists_units_positions_and_offices_with_links_for_its_admin(city):
    office_for(city.opd_a)
    body = client_for(city.users["opd_admin"]).get(reverse("org:opd", args=[city.opd_a.pk]))
    text = body.content.decode()
    assert "Bidang A" in text and "Analis" in text and f"Kantor {city.opd_a.short_name}" in text
    assert reverse("org:unit_create") in text and reverse("org:office_create") in text
    # Someone who only reads the OPD sees the tree but no management links or lists.
    text = client_for(city.users["asn"]).get(reverse("org:opd", args=[city.opd_a.pk]))
    assert reverse("org:unit_create") not in text.content.decode()


# --- units ---------------------------------------------------------------------------------


def test_opd_admin_creates_a_unit_under_a_parent_of_own_opd(city):
    parent = Unit.objects.get(opd=city.opd_a)
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:unit_create"),
        {
            "opd": city.opd_a.pk,
            "name": "Seksi Baru",
            "code": "SB-1",
            "kind": "seksi",
            "parent": parent.pk,
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="SB-1")
    assert (unit.opd_id, unit.parent_id) == (city.opd_a.pk, parent.pk)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_id) == ("unit.created", str(unit.pk))


def test_opd_admin_cannot_create_a_unit_in_another_opd(city):
    before = _counts()
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:unit_create"),
        {"opd": city.opd_b.pk, "name": "Unit Asing", "code": "X-1", "kind": "seksi"},
    )
    assert response.status_code == 200
    assert "OPD yang Anda kelola" in _errors(response, "opd")
    assert _counts() == before


def test_unit_parent_from_another_opd_is_a_field_error(city):
    before = _counts()
    response = client_for(city.users["bkpsdm"]).post(
        reverse("org:unit_create") + f"?opd={city.opd_a.pk}",
        {
            "opd": city.opd_a.pk,
            "name": "Seksi Baru",
            "code": "SB-2",
            "kind": "seksi",
            "parent": Unit.objects.get(opd=city.opd_b).pk,
        },
    )
    assert response.status_code == 200 and _errors(response, "parent")
    with pytest.raises(ValidationError) as err:
        services.create_unit(
            actor=city.users["bkpsdm"],
            opd=city.opd_a,
            name="Seksi Baru",
            code="SB-2",
            kind="seksi",
            parent=Unit.objects.get(opd=city.opd_b),
        )
    assert "OPD yang sama" in err.value.message_dict["parent"][0]
    assert _counts() == before


def test_a_unit_cannot_become_the_child_of_its_own_child(city):
    top = Unit.objects.get(opd=city.opd_a)
    child = UnitFactory(opd=city.opd_a, parent=top)
    with pytest.raises(ValidationError) as err:
        services.update_unit(
            actor=city.users["opd_admin"],
            unit=top,
            name=top.name,
            code=top.code,
            kind=top.kind,
            parent=child,
        )
    assert "lingkaran" in err.value.message_dict["parent"][0]
    top.refresh_from_db()
    assert top.parent_id is None


def test_unit_code_taken_in_the_same_opd_is_a_field_error(city):
    taken = Unit.objects.get(opd=city.opd_a).code
    with pytest.raises(ValidationError) as err:
        services.create_unit(
            actor=city.users["opd_admin"], opd=city.opd_a, name="Lain", code=taken, kind="seksi"
        )
    assert "sudah dipakai" in err.value.message_dict["code"][0]


def test_opd_admin_renames_a_unit_with_before_and_after_in_the_audit(city):
    unit = Unit.objects.get(opd=city.opd_a)
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:unit_edit", args=[unit.pk]),
        {"name": "Bidang A Baru", "code": unit.code, "kind": unit.kind, "parent": ""},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "unit.updated"
    assert (event.before["name"], event.after["name"]) == ("Bidang A", "Bidang A Baru")


# --- positions -----------------------------------------------------------------------------


def test_opd_admin_creates_a_position_requiring_presence_with_its_reason(city):
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:position_create"),
        {
            "opd": city.opd_a.pk,
            "name": "Petugas Loket",
            "kind": "pelaksana",
            "requires_presence": "on",
            "presence_reason": "loket pelayanan",
        },
    )
    assert response.status_code == 302
    position = Position.objects.get(opd=city.opd_a, name="Petugas Loket")
    assert position.requires_presence and position.presence_reason == "loket pelayanan"
    assert AuditEvent.objects.order_by("-seq").first().action == "position.created"


def test_position_requiring_presence_without_reason_is_a_field_error(city):
    before = _counts()
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:position_create"),
        {"opd": city.opd_a.pk, "name": "Loket", "kind": "pelaksana", "requires_presence": "on"},
    )
    assert "alasan" in _errors(response, "presence_reason")
    assert _counts() == before


def test_opd_admin_cannot_create_a_position_in_another_opd(city):
    before = _counts()
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:position_create"),
        {"opd": city.opd_b.pk, "name": "Jabatan Asing", "kind": "pelaksana"},
    )
    assert response.status_code == 200 and _errors(response, "opd")
    with pytest.raises(ValidationError) as err:
        services.create_position(
            actor=city.users["opd_admin"], opd=city.opd_b, name="Jabatan Asing", kind="pelaksana"
        )
    assert "opd" in err.value.message_dict
    assert _counts() == before


def test_opd_admin_cannot_move_an_own_position_to_another_opd(city):
    position = Position.objects.get(opd=city.opd_a)
    before = _counts()
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:position_edit", args=[position.pk]),
        {"opd": city.opd_b.pk, "name": position.name, "kind": position.kind},
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.opd_id == city.opd_a.pk
    assert _counts() == before


def test_too_long_position_name_is_refused_not_cut(city):
    position = Position.objects.get(opd=city.opd_a)
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:position_edit", args=[position.pk]),
        {"name": "A" * 201, "kind": "pelaksana"},
    )
    assert response.status_code == 200 and _errors(response, "name")
    position.refresh_from_db()
    assert position.name == "Analis"
    with pytest.raises(ValidationError) as err:
        services.update_position(
            actor=city.users["opd_admin"],
            position=position,
            name="A" * 201,
            kind="pelaksana",
            requires_presence=False,
            presence_reason="",
            field_work=False,
        )
    assert "200" in err.value.message_dict["name"][0]


def test_position_name_taken_in_the_opd_is_a_field_error(city):
    with pytest.raises(ValidationError) as err:
        services.create_position(
            actor=city.users["bkpsdm"], opd=city.opd_a, name="analis", kind="pelaksana"
        )
    assert "sudah ada" in err.value.message_dict["name"][0]


# --- office locations (geofences) ----------------------------------------------------------


def test_opd_admin_creates_an_office_with_a_circle_when_the_polygon_is_blank(city):
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:office_create"), _office_post(city.opd_a)
    )
    assert response.status_code == 302
    office = OfficeLocation.objects.get(name="Kantor Baru")
    assert (office.opd_id, office.polygon, office.radius_m) == (city.opd_a.pk, [], 100)
    assert AuditEvent.objects.order_by("-seq").first().action == "office_location.created"


def test_office_with_a_valid_polygon_keeps_its_points(city):
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:office_create"), _office_post(city.opd_a, polygon=SQUARE)
    )
    assert response.status_code == 302
    assert len(OfficeLocation.objects.get(name="Kantor Baru").polygon) == 4
    page = client_for(city.users["opd_admin"]).get(reverse("org:opd", args=[city.opd_a.pk]))
    assert "poligon 4 titik" in page.content.decode()


@pytest.mark.parametrize(
    ("polygon", "words"),
    [
        ("[]", "3 titik"),
        ("[[-6.235, 106.992], [-6.236, 106.993]]", "3 titik"),
        ("[[-6.235, 106.992], [-6.236, 106.993], [-6.237, 106.994]]", "segaris"),
        (
            "[[-6.235, 106.992], [-6.236, 106.993], [-6.235, 106.993], [-6.236, 106.992]]",
            "berpotongan",
        ),
        ("[[-6.2, 106.9], [6.2, -106.9], [-6.3, 106.8]]", "Indonesia"),
        ('{"lat": -6.2}', "daftar titik"),
        ("[[-6.2, 106.9], [-6.3, 106.8], [true, 106.8]]", "daftar titik"),
        ("[[-6.2, 106.9", "JSON"),
        ("[" * 5000 + "]" * 5000, "JSON"),
        ("[" * 20_001, "20000"),
    ],
)
def test_empty_or_invalid_polygon_is_a_field_error_and_writes_nothing(city, polygon, words):
    before = _counts()
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:office_create"), _office_post(city.opd_a, polygon=polygon)
    )
    assert response.status_code == 200
    assert words in _errors(response, "polygon")
    assert _counts() == before


def test_empty_polygon_given_to_the_service_is_a_field_error(city):
    with pytest.raises(ValidationError) as err:
        services.create_office_location(
            actor=city.users["opd_admin"],
            opd=city.opd_a,
            name="Kantor",
            latitude=-6.2355,
            longitude=106.9925,
            polygon=[],
        )
    assert "polygon" in err.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [("radius_m", "5000"), ("radius_m", "0"), ("latitude", "91"), ("longitude", "-106.99")],
)
def test_office_outside_sane_bounds_is_a_field_error(city, field, value):
    before = _counts()
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:office_create"), _office_post(city.opd_a, **{field: value})
    )
    assert response.status_code == 200 and _errors(response, field)
    assert _counts() == before


def test_opd_admin_cannot_create_an_office_in_another_opd_or_for_its_unit(city):
    before = _counts()
    client = client_for(city.users["opd_admin"])
    foreign = client.post(reverse("org:office_create"), _office_post(city.opd_b))
    assert foreign.status_code == 200 and _errors(foreign, "opd")
    unit_b = Unit.objects.get(opd=city.opd_b)
    foreign_unit = client.post(
        reverse("org:office_create"), _office_post(city.opd_a, unit=unit_b.pk)
    )
    assert foreign_unit.status_code == 200 and _errors(foreign_unit, "unit")
    with pytest.raises(ValidationError) as err:
        services.create_office_location(
            actor=city.users["opd_admin"],
            opd=city.opd_a,
            name="Kantor",
            latitude=-6.2355,
            longitude=106.9925,
            unit=unit_b,
        )
    assert "unit" in err.value.message_dict
    assert _counts() == before


def test_opd_admin_reshapes_an_office_fence_and_can_clear_it_back_to_the_circle(city):
    office = office_for(city.opd_a)
    client = client_for(city.users["opd_admin"])
    url = reverse("org:office_edit", args=[office.pk])
    assert client.get(url).status_code == 200
    data = _office_post(city.opd_a, name=office.name, polygon=SQUARE, is_active="on")
    assert client.post(url, data).status_code == 302
    office.refresh_from_db()
    assert len(office.polygon) == 4
    assert client.post(url, {**data, "polygon": ""}).status_code == 302
    office.refresh_from_db()
    assert office.polygon == []
    actions = list(AuditEvent.objects.order_by("-seq").values_list("action", flat=True)[:2])
    assert actions == ["office_location.updated", "office_location.updated"]


@pytest.mark.parametrize(("radius", "ok"), [(19, False), (20, True), (1000, True), (1001, False)])
def test_radius_bounds_are_inclusive(radius, ok):
    assert geofence.radius_ok(radius) is ok


def test_a_closed_ring_counts_its_first_point_once():
    points, problem = geofence.polygon_points(
        [[-6.235, 106.992], [-6.235, 106.993], [-6.236, 106.993], [-6.235, 106.992]]
    )
    assert problem is None and len(points) == 3


# --- role grants (BKPSDM) ------------------------------------------------------------------


def test_bkpsdm_makes_someone_opd_admin_of_one_opd(city):
    newcomer = make_user(city.staff2)
    response = client_for(city.users["bkpsdm"]).post(
        reverse("org:role_grants"),
        {"user": newcomer.username, "role": GrantedRole.OPD_ADMIN, "opd": city.opd_a.pk},
    )
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user=newcomer, role="opd_admin", opd=city.opd_a).exists()
    assert AuditEvent.objects.order_by("-seq").first().action == "role.granted"


@pytest.mark.parametrize(
    ("role", "with_opd", "field"),
    [(GrantedRole.OPD_ADMIN, False, "opd"), (GrantedRole.INSPEKTORAT, True, "opd")],
)
def test_role_and_opd_must_fit_together(city, role, with_opd, field):
    newcomer = make_user(city.staff2)
    before = AuditEvent.objects.count()
    response = client_for(city.users["bkpsdm"]).post(
        reverse("org:role_grants"),
        {"user": newcomer.username, "role": role, "opd": city.opd_a.pk if with_opd else ""},
    )
    assert response.status_code == 200 and _errors(response, field)
    assert not RoleGrant.objects.filter(user=newcomer).exists()
    assert AuditEvent.objects.count() == before


def test_unknown_username_and_duplicate_grant_are_field_errors(city):
    client = client_for(city.users["bkpsdm"])
    unknown = client.post(reverse("org:role_grants"), {"user": "tidak-ada", "role": "bkpsdm"})
    assert "Tidak ada akun" in _errors(unknown, "user")
    duplicate = client.post(
        reverse("org:role_grants"),
        {"user": city.users["inspektorat"].username, "role": "inspektorat"},
    )
    assert "sudah memiliki" in _errors(duplicate, "role")


def test_bkpsdm_revokes_a_role_and_the_audit_keeps_what_it_was(city):
    grant = RoleGrant.objects.get(user=city.users["opd_admin"])
    response = client_for(city.users["bkpsdm"]).post(reverse("org:role_revoke", args=[grant.pk]))
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "role.revoked" and event.before["opd_id"] == city.opd_a.pk


def test_bkpsdm_cannot_revoke_their_own_bkpsdm_role(city):
    grant = RoleGrant.objects.get(user=city.users["bkpsdm"])
    response = client_for(city.users["bkpsdm"]).post(reverse("org:role_revoke", args=[grant.pk]))
    assert response.status_code == 200
    assert "petugas BKPSDM lain" in response.context["error"]
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_only_bkpsdm_grants_roles_in_the_service(city):
    with pytest.raises(PermissionDenied):
        services.grant_role(actor=city.users["opd_admin"], user=city.users["asn"], role="bkpsdm")


# --- account activation --------------------------------------------------------------------


def test_opd_admin_deactivates_an_own_staff_account_which_then_cannot_log_in(city):
    account = city.users["asn"]
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:account_deactivate", args=[account.pk]), {"reason": "pensiun"}
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.is_active
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.after["reason"]) == ("user.deactivated", "pensiun")
    client = Client()
    client.post("/masuk/", {"username": account.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_bkpsdm_reactivates_an_account(city):
    account = city.users["asn"]
    services.set_account_active(
        actor=city.users["bkpsdm"], user=account, active=False, reason="cuti di luar tanggungan"
    )
    response = client_for(city.users["bkpsdm"]).post(
        reverse("org:account_reactivate", args=[account.pk]), {"reason": "kembali bertugas"}
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_active
    assert AuditEvent.objects.order_by("-seq").first().action == "user.reactivated"


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_missing_or_too_long_reason_is_a_field_error_and_changes_nothing(city, reason):
    account = city.users["asn"]
    before = AuditEvent.objects.count()
    response = client_for(city.users["opd_admin"]).post(
        reverse("org:account_deactivate", args=[account.pk]), {"reason": reason}
    )
    assert response.status_code == 200 and _errors(response, "reason")
    account.refresh_from_db()
    assert account.is_active and AuditEvent.objects.count() == before


def test_deactivating_an_inactive_account_again_is_refused_with_a_message(city):
    account = city.users["asn"]
    services.set_account_active(actor=city.users["bkpsdm"], user=account, active=False, reason="a")
    with pytest.raises(ValidationError) as err:
        services.set_account_active(
            actor=city.users["bkpsdm"], user=account, active=False, reason="b"
        )
    assert "sudah nonaktif" in " ".join(err.value.messages)


def test_opd_admin_cannot_touch_city_role_other_opd_or_own_accounts(city):
    city_role_in_own_opd = make_user(city.kepala, GrantedRole.BKPSDM)
    for account in (city_role_in_own_opd, make_user(city.other), city.users["opd_admin"]):
        with pytest.raises(PermissionDenied):
            services.set_account_active(
                actor=city.users["opd_admin"], user=account, active=False, reason="x"
            )
        account.refresh_from_db()
        assert account.is_active
    listed = client_for(city.users["opd_admin"]).get(reverse("org:accounts")).content.decode()
    assert city.users["asn"].username in listed
    assert city_role_in_own_opd.username not in listed


def test_nobody_deactivates_a_superuser_from_the_app(city):
    with pytest.raises(PermissionDenied):
        services.set_account_active(
            actor=city.users["bkpsdm"], user=_superuser(), active=False, reason="x"
        )


# --- every new service leaves exactly one audit event --------------------------------------


def test_every_master_data_service_writes_one_audit_event(city):
    bkpsdm = city.users["bkpsdm"]
    unit = Unit.objects.get(opd=city.opd_a)
    position = PositionFactory(opd=city.opd_a, name="Pranata Komputer")
    office = office_for(city.opd_a)
    calls = [
        lambda: services.create_unit(
            actor=bkpsdm, opd=city.opd_a, name="Seksi", code="S-9", kind="seksi"
        ),
        lambda: services.update_unit(
            actor=bkpsdm, unit=unit, name="Bidang Z", code=unit.code, kind=unit.kind, parent=None
        ),
        lambda: services.create_position(
            actor=bkpsdm, opd=city.opd_a, name="Arsiparis", kind="fungsional"
        ),
        lambda: services.update_position(
            actor=bkpsdm,
            position=position,
            name="Pranata Komputer Ahli",
            kind="fungsional",
            requires_presence=False,
            presence_reason="",
            field_work=False,
        ),
        lambda: services.create_office_location(
            actor=bkpsdm, opd=city.opd_a, name="UPTD", latitude=-6.24, longitude=106.99
        ),
        lambda: services.update_office_location(
            actor=bkpsdm,
            office=office,
            name=office.name,
            latitude=-6.24,
            longitude=106.99,
            radius_m=150,
            polygon=None,
            unit=None,
            address="",
            is_active=True,
        ),
        lambda: services.grant_role(actor=bkpsdm, user=city.users["asn"], role="diskominfo"),
        lambda: services.revoke_role(
            actor=bkpsdm, grant=RoleGrant.objects.get(user=city.users["asn"])
        ),
        lambda: services.set_account_active(
            actor=bkpsdm, user=city.users["atasan"], active=False, reason="mutasi"
        ),
    ]
    for call in calls:
        before = AuditEvent.objects.count()
        call()
        assert AuditEvent.objects.count() == before + 1
