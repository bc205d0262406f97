from ninja import Schema


class OpdOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    opd_class: str
    class_confirmed: bool


class EmployeeOut(Schema):
    id: int
    nip: str
    name: str
    asn_type: str
    opd_id: int
    unit_id: int
    position_id: int
    supervisor_id: int | None
    is_active: bool


class MeOut(Schema):
    username: str
    employee: EmployeeOut | None
    roles: list[str]
