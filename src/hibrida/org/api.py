"""Organisation API: every list is scoped by org/access.py."""

from typing import Annotated

from ninja import Field, Router

from hibrida.bounds import Id, Offset

from . import access, selectors, services
from .schemas import ApiTokenOut, EmployeeOut, MeOut, OpdOut, RevokeIn

router = Router(tags=["org"])


@router.get("/me", response=MeOut, summary="Akun yang sedang masuk")
def me(request: access.AuthedRequest):
    return {
        "username": request.user.get_username(),
        "employee": request.user.employee,
        "roles": sorted(access.scope_for(request.user).roles),
    }


@router.get("/opds", response=list[OpdOut], summary="OPD yang dapat dilihat")
def list_opds(request: access.AuthedRequest):
    return list(access.visible_opds(request.user))


@router.get("/employees", response=list[EmployeeOut], summary="Pegawai yang dapat dilihat")
def list_employees(
    request: access.AuthedRequest,
    opd: Id | None = None,
    unit: Id | None = None,
    q: Annotated[str, Field(max_length=100)] = "",
    limit: Annotated[int, Field(ge=1, le=1000)] = 100,
    offset: Offset = 0,
):
    qs = selectors.employee_list(request.user, opd_id=opd, unit_id=unit, query=q)
    return list(qs[offset : offset + limit])


@router.get("/employees/{employee_id}", response=EmployeeOut, summary="Satu pegawai")
def get_employee(request: access.AuthedRequest, employee_id: Id):
    return access.get_visible_employee(request.user, employee_id)


@router.get("/tokens", response=list[ApiTokenOut], summary="Token API milik akun ini")
def list_tokens(request: access.AuthedRequest):
    return list(selectors.api_tokens_of(request.user, owner=request.user))


@router.post(
    "/tokens/{token_id}/revoke",
    response=ApiTokenOut,
    summary="Cabut token API (milik sendiri, atau pegawai yang Anda kelola)",
)
def revoke_token(request: access.AuthedRequest, token_id: int, payload: RevokeIn):
    token = access.get_visible_api_token(request.user, token_id)
    return services.revoke_api_token(actor=request.user, token=token, reason=payload.reason)
