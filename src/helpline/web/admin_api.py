"""Who am I, and the admins' API: staff accounts (add, disable, enable, reset a password) and the audit log.
Its schemas never carry a password hash."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from helpline.accounts import audit
from helpline.accounts.accounts import Account
from helpline.accounts.identity import Staff
from helpline.accounts.passwords import generate_password
from helpline.accounts.permissions import PERMISSIONS, allowed
from helpline.db.staff_tables import ROLES
from helpline.web import csrf
from helpline.web.staff_deps import CSRF_HEADER, StaffDep, accounts, client_address_of, require, staff_sessions

router = APIRouter(tags=["staff"])
UserManager = Annotated[Staff, Depends(require("users.manage"))]
AuditViewer = Annotated[Staff, Depends(require("audit.view"))]


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorReply(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorReply, "description": "Not logged in, or the session has ended."},
    403: {"model": ErrorReply, "description": "Missing or forged CSRF token, or the role may not do this."},
}


class MeReply(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    permissions: list[str] = Field(description="What this role may do (helpline.accounts.permissions).")
    csrf_token: str = Field(description=f"Send as {CSRF_HEADER} with every POST, PUT, PATCH or DELETE.")


class UserOut(BaseModel):
    username: str
    display_name: str
    role: str
    active: bool
    created_at: datetime
    password_changed_at: datetime


class NewUser(BaseModel):
    username: str = Field(max_length=80, description="3–80 of a-z, 0-9, '.', '_', '-'.")
    role: str = Field(description=f"One of {', '.join(ROLES)}.")
    display_name: str | None = Field(default=None, max_length=200)
    password: str | None = Field(default=None, max_length=256,
                                 description="At least 12 characters, hard to guess; omit to have one generated.")


class PasswordIn(BaseModel):
    password: str | None = Field(default=None, max_length=256, description="Omit to have one generated.")


class PasswordReply(BaseModel):
    user: UserOut
    password: str | None = Field(description="The generated password, shown this once; null when you chose it.")


class AuditOut(BaseModel):
    id: int
    at: datetime
    username: str | None = Field(description="Who acted; null for the command line and failed logins.")
    action: str
    target: str | None
    details: dict[str, Any]
    address: str | None


class AuditPage(BaseModel):
    entries: list[AuditOut]
    limit: int
    offset: int


def _user_out(account: Account) -> UserOut:
    return UserOut(username=account.username, display_name=account.display_name, role=account.role,
                   active=account.active, created_at=account.created_at,
                   password_changed_at=account.password_changed_at)


@router.get("/api/v1/staff/me", response_model=MeReply, responses=ERRORS,
            summary="Who is logged in, what their role may do, and the CSRF token for the console's requests")
def me(request: Request, response: Response, staff: StaffDep) -> MeReply:
    token = csrf.token_for(request)
    csrf.set_cookie(request, response)
    permissions = sorted(name for name in PERMISSIONS if allowed(staff.role, name))
    return MeReply(id=staff.id, username=staff.username, display_name=staff.display_name, role=staff.role,
                   permissions=permissions, csrf_token=token)


@router.get("/api/v1/staff/users", response_model=list[UserOut], responses=ERRORS,
            summary="Staff accounts (admins)")
def list_users(request: Request, _admin: UserManager) -> list[UserOut]:
    return [_user_out(account) for account in accounts(request).list()]


@router.post("/api/v1/staff/users", response_model=PasswordReply, status_code=201, responses=ERRORS,
             summary="Add a staff account (admins); a password is generated when none is given")
def add_user(request: Request, body: NewUser, admin: UserManager) -> PasswordReply:
    generated = generate_password() if body.password is None else None
    account = accounts(request).add(admin, body.username, body.role, body.password or generated or "",
                                    body.display_name, client_address_of(request))
    return PasswordReply(user=_user_out(account), password=generated)


@router.post("/api/v1/staff/users/{username}/disable", response_model=UserOut, responses=ERRORS,
             summary="Disable a staff account and end its sessions (admins)")
def disable_user(request: Request, username: str, admin: UserManager) -> UserOut:
    return _user_out(accounts(request).disable(admin, username, client_address_of(request)))


@router.post("/api/v1/staff/users/{username}/enable", response_model=UserOut, responses=ERRORS,
             summary="Enable a disabled staff account (admins)")
def enable_user(request: Request, username: str, admin: UserManager) -> UserOut:
    return _user_out(accounts(request).enable(admin, username, client_address_of(request)))


@router.post("/api/v1/staff/users/{username}/reset-password", response_model=PasswordReply, responses=ERRORS,
             summary="Set a new password and end the account's sessions (admins); generated when none is given")
def reset_password(request: Request, username: str, admin: UserManager,
                   body: PasswordIn | None = None) -> PasswordReply:
    chosen = body.password if body is not None else None
    generated = generate_password() if chosen is None else None
    account = accounts(request).reset_password(admin, username, chosen or generated or "", client_address_of(request),
                                               generated=generated is not None)
    return PasswordReply(user=_user_out(account), password=generated)


@router.get("/api/v1/staff/audit", response_model=AuditPage, responses=ERRORS,
            summary="The audit log, newest first (admins)")
def audit_log(request: Request, _admin: AuditViewer,
              limit: Annotated[int, Query(ge=1, le=audit.MAX_LIMIT)] = 100,
              offset: Annotated[int, Query(ge=0)] = 0,
              user: Annotated[str | None, Query(max_length=80, description="Who acted.")] = None,
              action: Annotated[str | None, Query(max_length=60,
                                                  description='An action, or a prefix ending in "." ("user.").')]
              = None) -> AuditPage:
    with staff_sessions(request).sessions() as session:
        found = audit.entries(session, limit, offset, user, action)
    return AuditPage(entries=[AuditOut(**vars(entry)) for entry in found], limit=limit, offset=offset)
