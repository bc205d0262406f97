"""Factories for the organisation; app tests build on these instead of fixture files."""

from __future__ import annotations

import datetime as dt

import factory

from hibrida.org.models import (
    Employee,
    GrantedRole,
    OfficeLocation,
    Opd,
    Position,
    RoleGrant,
    Unit,
    User,
)
from hibrida.org.nip import make_nip


class OpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opd

    code = factory.Sequence(lambda n: f"OPD{n:03d}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"Dinas{n}")
    kind = "dinas"
    opd_class = "administratif_teknis"
    class_reason = "uji"
    class_confirmed = True


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    opd = factory.SubFactory(OpdFactory)
    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Seksi Uji {n}")
    kind = "seksi"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    opd = factory.SubFactory(OpdFactory)
    name = factory.Sequence(lambda n: f"Analis {n}")
    kind = "pelaksana"


def nip_for(n: int, gender: str = "L") -> str:
    birth = dt.date(1980, 1, 1) + dt.timedelta(days=n % 5000)
    # TMT follows the birth year: a fixed TMT year made late sequence numbers "under 18 at
    # TMT", so a test failed or passed by how many employees earlier tests had created.
    # Serials 500–998: hand-written NIPs in tests use small serials (001, 007), and a factory
    # NIP equal to one of them made an import test pass or fail by which test ran first.
    return make_nip(birth, birth.year + 25, 3, gender, n % 499 + 500)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    nip = factory.Sequence(nip_for)
    name = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    asn_type = "PNS"
    gender = "L"
    birth_date = factory.LazyAttribute(
        lambda o: dt.date(int(o.nip[0:4]), int(o.nip[4:6]), int(o.nip[6:8]))
    )
    unit = factory.SubFactory(UnitFactory)
    opd = factory.LazyAttribute(lambda o: o.unit.opd)
    position = factory.LazyAttribute(lambda o: PositionFactory(opd=o.unit.opd))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "Rahasia-123!")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


PASSWORD = "Rahasia-123!"


def make_user(
    employee: Employee | None = None, role: str | None = None, opd: Opd | None = None
) -> User:
    """A login for ``employee`` with an optional granted role (opd for OPD admin)."""
    user = UserFactory(employee=employee)
    if role:
        RoleGrant.objects.create(user=user, role=role, opd=opd)
    return user


def office_for(opd: Opd, lat: float = -6.2355, lon: float = 106.9925, radius: int = 100):
    return OfficeLocation.objects.create(
        opd=opd, name=f"Kantor {opd.short_name}", latitude=lat, longitude=lon, radius_m=radius
    )


ROLES = GrantedRole


def publish_manual(opd, month: dt.date, modes: dict):
    """A published roster version with exactly ``modes`` {employee: {day: mode}} (WFO on the
    other working days), written as the roster app stores it so its selectors read it."""
    from django.utils import timezone

    from hibrida.policy.calendar import working_days
    from hibrida.roster.models import Schedule, ScheduleRow, ScheduleStatus
    from hibrida.roster.planning import encode_modes, month_end

    days = working_days(month, month_end(month))
    schedule = Schedule.objects.create(
        opd=opd,
        month=month,
        version=1,
        status=ScheduleStatus.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(minutes=5),
        days=[d.isoformat() for d in days],
    )
    rows = []
    for employee, own in modes.items():
        full = {d: own.get(d, "WFO") for d in days}
        rows.append(
            ScheduleRow(
                schedule=schedule,
                employee=employee,
                unit_id=employee.unit_id,
                modes=encode_modes(month, full),
                wfh_target=4,
                wfh_days=sum(1 for m in full.values() if m == "WFH"),
            )
        )
    ScheduleRow.objects.bulk_create(rows)
    return schedule
