"""One demo login per role, linked to fitting synthetic employees."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F

from hibrida.org import services
from hibrida.org.models import Employee, GrantedRole, Opd, User

DEMO_PASSWORD = "Bekasi2026!"


def _pick(
    opd_code: str, *, struktural: bool, with_subordinates: bool | None = None, taken=()
) -> Employee:
    """The first fitting employee of an OPD not already holding a demo login.

    Small demo cities may lack the ideal post, so the filters relax in order rather than fail.
    """
    base = Employee.objects.exclude(pk__in=[e.pk for e in taken if e]).filter(opd__code=opd_code)
    ideal = base.filter(position__kind="struktural" if struktural else "pelaksana")
    if with_subordinates:
        ideal = ideal.filter(subordinates__isnull=False, supervisor__isnull=False)
    if not struktural:
        ideal = ideal.filter(position__requires_presence=False)
    for qs in (ideal, base):
        found = qs.distinct().order_by("nip").first()
        if found is not None:
            return found
    raise LookupError(f"tidak ada pegawai {opd_code} untuk akun demo")


def demo_password_hash() -> str:
    """The demo password hashed once for every demo and synthetic login.

    Argon2 costs ~0.2 s of CPU per hash on purpose; hashing 12,000 times would add minutes to
    the load (and 7 times, a second and a half), so the encoded hash (salt included) is
    shared. Acceptable only because every account here is synthetic with a public password."""
    return make_password(DEMO_PASSWORD)


def create_demo_accounts(encoded: str | None = None) -> list[dict[str, str]]:
    """Create the six demo logins; returns rows for the README/console table."""
    encoded = encoded or demo_password_hash()
    with transaction.atomic():
        bkpsdm = Opd.objects.get(code="BKPSDM")
        # A first-line atasan in BKPSDM (an administrative OPD, so the pair can work from home).
        # The lowest lead (kepala seksi/subbagian) whose team is staff, not other leads; a small
        # demo city may have no such team, then any lead with a team will do.
        leads = Employee.objects.filter(
            opd=bkpsdm, position__kind="struktural", supervisor__isnull=False
        )
        staff_led = leads.filter(
            subordinates__position__requires_presence=False,
            subordinates__position__kind__in=["pelaksana", "fungsional"],
        )
        atasan = (
            staff_led.distinct().order_by("nip").first()
            or leads.filter(subordinates__isnull=False).distinct().order_by("nip").first()
        )
        team = Employee.objects.filter(supervisor=atasan).order_by("nip")
        asn = (
            team.filter(
                position__requires_presence=False, position__kind__in=["pelaksana", "fungsional"]
            ).first()
            or team.first()
        )
        rows = [
            ("asn", asn, None, None, "ASN (pegawai): jadwal, presensi, laporan harian"),
            ("atasan", atasan, None, None, "Atasan langsung: tim, validasi laporan, tukar jadwal"),
            (
                "admin.opd",
                _pick("BKPSDM", struktural=False, taken=[asn, atasan]),
                GrantedRole.OPD_ADMIN,
                bkpsdm,
                "Admin OPD BKPSDM: unit, jabatan, kelayakan, rotasi",
            ),
            (
                "bkpsdm",
                _pick("BKPSDM", struktural=True, with_subordinates=True, taken=[asn, atasan]),
                GrantedRole.BKPSDM,
                None,
                "BKPSDM: kebijakan kota, simulasi, evaluasi",
            ),
            (
                "inspektorat",
                _pick("ITDA", struktural=False),
                GrantedRole.INSPEKTORAT,
                None,
                "Inspektorat: baca seluruh kota, audit",
            ),
            (
                "diskominfo",
                _pick("DISKOMINFOSTANDI", struktural=False),
                GrantedRole.DISKOMINFO,
                None,
                "Diskominfostandi: operasi sistem, dasbor",
            ),
        ]
        out = []
        for username, employee, role, opd, what in rows:
            user = User(
                username=username,
                employee=employee,
                first_name=(employee.name if employee else username)[:150],
            )
            user.password = encoded
            user.save()
            if role:
                services.grant_role(actor=None, user=user, role=role, opd=opd)
            out.append(
                {
                    "username": username,
                    "password": DEMO_PASSWORD,
                    "role": what,
                    "employee": employee.name if employee else "-",
                }
            )
        User.objects.filter(username__in=[r["username"] for r in out]).update(is_staff=False)
    return out


def create_employee_logins(encoded: str | None = None) -> int:
    """A login for every synthetic employee without one: username NIP, the demo password."""
    encoded = encoded or demo_password_hash()
    users = [
        User(
            username=nip,
            employee_id=pk,
            first_name=name[:150],
            email=email,
            password=encoded,
        )
        for pk, nip, name, email in Employee.objects.filter(user__isnull=True)
        .order_by("pk")
        .values_list("pk", "nip", "name", "email")
    ]
    User.objects.bulk_create(users, batch_size=2000)
    return len(users)


def swap_colleague(username: str = "asn") -> Employee | None:
    """A colleague of the demo ASN to try a swap with, who may work from home: same unit and
    atasan first (the atasan decides the request), then same unit, then same atasan."""
    user = User.objects.filter(username=username).select_related("employee").first()
    if user is None or user.employee is None:
        return None
    mine = user.employee
    # Logged in with their own NIP: not one of the role accounts (admin.opd may sit in the unit).
    colleagues = (
        Employee.objects.filter(opd_id=mine.opd_id, is_active=True, user__username=F("nip"))
        .exclude(pk=mine.pk)
        .filter(position__requires_presence=False, position__field_work=False)
        .order_by("nip")
    )
    for same in (
        {"unit_id": mine.unit_id, "supervisor_id": mine.supervisor_id},
        {"unit_id": mine.unit_id},
        {"supervisor_id": mine.supervisor_id},
    ):
        found = colleagues.filter(**same).first()
        if found is not None:
            return found
    return None
