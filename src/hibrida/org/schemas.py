import datetime as dt

from ninja import Field, Schema


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


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    state: str = Field(description="active, expired atau revoked")

    @staticmethod
    def resolve_state(obj) -> str:
        return obj.state().value


class RevokeIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200, description="alasan pencabutan")
